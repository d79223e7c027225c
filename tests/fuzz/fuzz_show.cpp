// libFuzzer target for what the monitor reads from api replies: `show channels|calls as json`
// bodies (Esl::ShowResult::fromJson) and the `status` text (Esl::SwitchStatus::fromText). Every
// input goes to both. Besides not crashing:
//  - a ShowResult has exactly row_count rows; columns() are the first row's column names, and
//    rowHash() holds each row's columns with the first value of a repeated one;
//  - a ShowResult written back as JSON (keys in order, values as strings) reads back the same;
//  - where Qt's own JSON parser reads the body too, a string value it reads (without duplicate
//    keys in the way) is the string the reader kept;
//  - a decode error's offset lies within the body;
//  - a SwitchStatus holds no negative figures but the -1 of a field the text does not carry.

#include "esl/commands.h"
#include "esl/wire/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstdint>
#include <cstdio>

namespace {

using Esl::ShowResult;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_show: %s\n", what);
    __builtin_trap();
}

QByteArray toJson(const ShowResult &result)
{
    QByteArray out = "{\"row_count\": " + QByteArray::number(result.rowCount);
    if (!result.rows.isEmpty()) {
        out += ", \"rows\": [";
        for (qsizetype r = 0; r < result.rows.size(); ++r) {
            out += r == 0 ? "{" : ", {";
            const ShowResult::Row &row = result.rows[r];
            for (qsizetype c = 0; c < row.size(); ++c) {
                if (c > 0)
                    out += ", ";
                Esl::wire::appendJsonString(out, row[c].first.toUtf8());
                out += ": ";
                Esl::wire::appendJsonString(out, row[c].second.toUtf8());
            }
            out += '}';
        }
        out += ']';
    }
    return out + '}';
}

void checkShape(const ShowResult &result)
{
    if (result.rowCount != result.rows.size())
        fail("row_count differs from the number of rows");
    QStringList firstNames;
    if (!result.rows.isEmpty()) {
        for (const auto &[column, value] : result.rows.first())
            firstNames.append(column);
    }
    if (result.columns() != firstNames)
        fail("columns() are not the first row's column names in order");
    for (qsizetype r = 0; r < result.rows.size(); ++r) {
        const ShowResult::Row &row = result.rows[r];
        const QHash<QString, QString> hash = result.rowHash(r);
        QSet<QString> seen;
        for (const auto &[column, value] : row) {
            if (seen.contains(column))
                continue;
            seen.insert(column);
            const auto it = hash.constFind(column);
            if (it == hash.cend() || *it != value)
                fail("rowHash() lost a column or kept a later value");
        }
        if (hash.size() != seen.size())
            fail("rowHash() holds columns the row does not");
    }
    if (!result.rowHash(-1).isEmpty() || !result.rowHash(result.rows.size()).isEmpty())
        fail("rowHash() out of range is not empty");
}

void checkRoundTrip(const ShowResult &result)
{
    const QByteArray written = toJson(result);
    const Esl::Expected<ShowResult> again = ShowResult::fromJson(written);
    if (!again) {
        std::fprintf(stderr, "  %s\n  written: %s\n", qPrintable(again.error().toString()),
                     written.constData());
        fail("a result written back as JSON does not read back");
    }
    if (again->rowCount != result.rowCount || again->rows != result.rows) {
        std::fprintf(stderr, "  written: %s\n", written.constData());
        fail("a result written back as JSON reads back different");
    }
}

// Qt's parser sorts keys and keeps one of a repeated key; compare only what it cannot confuse.
void compareWithQtJson(QByteArrayView body, const ShowResult &result)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return;
    const QJsonValue rows = document.object().value(QLatin1StringView("rows"));
    if (!rows.isArray() || rows.toArray().size() != result.rows.size())
        return; // no rows key, or a repeated one
    const QJsonArray array = rows.toArray();
    for (qsizetype r = 0; r < result.rows.size(); ++r) {
        const QJsonObject object = array.at(r).toObject();
        const ShowResult::Row &row = result.rows[r];
        QHash<QString, int> counts;
        for (const auto &[column, value] : row)
            ++counts[column];
        for (const auto &[column, value] : row) {
            const QJsonValue theirs = object.value(column);
            if (counts.value(column) != 1 || !theirs.isString())
                continue;
            const QString text = theirs.toString();
            if (!text.isValidUtf16())
                continue; // a lone \ud800: Qt keeps it, the reader writes U+FFFD (json.h)
            if (text != value) {
                std::fprintf(stderr, "  column \"%s\": \"%s\" vs Qt's \"%s\"\n",
                             qPrintable(column), qPrintable(value), qPrintable(text));
                fail("a string value differs from what Qt's JSON parser reads");
            }
        }
    }
}

void checkStatus(const QString &text)
{
    const Esl::Expected<Esl::SwitchStatus> status = Esl::SwitchStatus::fromText(text);
    if (!status) {
        if (text.startsWith(QLatin1StringView("UP ")) && status.error().message.isEmpty())
            fail("a status error without a message");
        return;
    }
    if (!text.startsWith(QLatin1StringView("UP ")))
        fail("a status text that does not start with \"UP \" was read");
    if (status->uptimeMs < 0)
        fail("a negative uptime");
    if (status->sessionsSinceStartup < -1 || status->sessions < -1 || status->sessionsPeak < -1 ||
        status->maxSessions < -1)
        fail("a negative session count");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // fromRawData: no terminating NUL behind the bytes, so ASan sees any read past them.
    const QByteArray body =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const Esl::Expected<ShowResult> result = ShowResult::fromJson(body);
    if (result) {
        checkShape(*result);
        checkRoundTrip(*result);
        compareWithQtJson(body, *result);
    } else if (result.error().offset < 0 || result.error().offset > body.size()) {
        fail("a decode error's offset lies outside the body");
    }
    checkStatus(QString::fromUtf8(body));
    return 0;
}
