// Splits captures into seed corpora for the fuzz targets:
//   OUT/fuzz_parser/NAME-NNNN    the bytes of one message exactly as the switch sent them
//   OUT/fuzz_events/NAME-NNNN    one event body behind its format byte ('0' plain, '1' json,
//                                '2' xml: fuzz_events reads that byte modulo 3)
//   OUT/fuzz_events/NAME-NNNN-F  every tenth event cut down to a few headers and written in
//                                format F by the library's own writers
//   OUT/fuzz_show/NAME-NNNN      every api/response body that is a `show ... as json` result or
//                                a `status` text, as the switch sent it
//   OUT/fuzz_show/NAME-NNNN-K    a show result cut down to its first K rows of a few columns, or
//                                the first K lines of a status text
//   OUT/fuzz_show/made-*         what the captures lack: odd values, escapes, non-ASCII text
//   OUT/fuzz_filter/filters-NNNN one expression of FILTERS (one a line; '#' lines left out)
//   OUT/fuzz_filter/NAME-NNNN    for the first event of each name in a capture, an expression
//                                on its real header values (the records fuzz_filter filters
//                                come from these captures too)
//   OUT/*/deep-*                 nesting past any limit (deepseeds.cpp)
//   OUT/fuzz_session/NAME-*      the capture replayed against NAME.sent's commands, and
//                                hand-made scripts (sessionseeds.cpp)
//   OUT/fuzz_import/NAME-*       slices of the capture, raw and as JSON Lines, and
//   OUT/fuzz_journal/NAME-*      as the journal stores its records (recordseeds.cpp)
//   OUT/fuzz_broker/*            messages of the real mod_amqp capture (brokerseeds.cpp)
//   OUT/fuzz_panels/*            listings and module events of tests/fixtures/real2 (panelseeds.cpp)
//   OUT/fuzz_quality/*           the RTCP events, mediaStats replies and hangup figures of the
//                                real call in tests/fixtures/real2 (qualityseeds.cpp)
//   OUT/fuzz_alerts/*            the events of every capture, some with link moves, and rules
//                                files (alertseeds.cpp)
// A whole capture makes a poor seed: libFuzzer mutates small inputs far faster, and one message
// already reaches every branch its neighbours do. The cut-down events give each format a few
// seeds of a hundred bytes or so, where an xml event from the switch is several kilobytes; the
// cut-down show results do the same for bodies of 35 kB.
//
// Usage: fuzz_make_seeds OUT [--filters FILTERS] CAPTURE.esl...

#include "seeds.h"

#include "esl/commands.h"
#include "esl/wire/event.h"
#include "esl/wire/json.h"
#include "esl/wire/parser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cstdio>
#include <vector>

namespace Seeds {

QByteArrayView Capture::messageBytes(size_t i) const
{
    const qint64 start = messages[i].offset();
    const qint64 end = i + 1 < messages.size() ? messages[i + 1].offset() : bytes.size();
    return QByteArrayView(bytes).sliced(start, end - start);
}

QString Capture::companion(const char *suffix) const
{
    return QFileInfo(path).dir().filePath(stem + QLatin1String(suffix));
}

bool writeFile(const QString &path, QByteArrayView bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(bytes.data(), bytes.size()) != bytes.size()) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

bool parseCapture(const QString &path, Capture &capture)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot read %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    capture.path = path;
    capture.stem = QFileInfo(path).completeBaseName();
    capture.bytes = file.readAll();
    Esl::wire::Parser parser;
    if (!parser.feed(capture.bytes) || !parser.finish()) {
        std::fprintf(stderr, "fuzz_make_seeds: %s: %s\n", qPrintable(path),
                     qPrintable(parser.error().toString()));
        return false;
    }
    while (parser.hasMessage())
        capture.messages.push_back(parser.takeMessage());
    return !capture.messages.empty();
}

} // namespace Seeds

namespace {

using Seeds::writeFile;

char formatByte(QByteArrayView contentType)
{
    if (contentType == Esl::ContentType::EventJson)
        return '1';
    if (contentType == Esl::ContentType::EventXml)
        return '2';
    return '0';
}


// The first few headers of `event` (Event-Name among them) and at most 32 bytes of its body.
Esl::Event cutDown(const Esl::Event &event)
{
    constexpr qsizetype kHeaders = 4;
    Esl::HeaderList headers;
    headers.append("Event-Name", event.eventName());
    for (qsizetype i = 0; i < event.headers().size() && headers.size() < kHeaders; ++i) {
        if (!Esl::equalsIgnoringCase(event.headers().name(i), "Event-Name"))
            headers.append(event.headers().name(i), event.headers().value(i));
    }
    return Esl::Event(headers, event.body().left(32), event.hasBody(), event.format());
}

bool writeCutDown(const Esl::Message &message, const QDir &eventDir, const QString &name)
{
    const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
    if (!event)
        return true; // nothing to cut down; the full body is a seed already
    const Esl::Event small = cutDown(*event);
    const char formats[] = {'0', '1', '2'};
    for (const char format : formats) {
        Esl::wire::Parser parser;
        parser.feed(small.toMessage(Esl::Event::Format(format - '0')));
        if (!parser.hasMessage())
            continue;
        QByteArray seed(1, format);
        seed.append(parser.takeMessage().body());
        if (!writeFile(eventDir.filePath(name + u'-' + QLatin1Char(format)), seed))
            return false;
    }
    return true;
}

// The compact JSON the switch writes: {"row_count":N,"rows":[{"column":"value",...},...]}.
QByteArray showJson(const QList<Esl::ShowResult::Row> &rows)
{
    if (rows.isEmpty())
        return "{\"row_count\": 0}";
    QByteArray out = "{\"row_count\":" + QByteArray::number(rows.size()) + ",\"rows\":[";
    for (qsizetype r = 0; r < rows.size(); ++r) {
        out += r == 0 ? "{" : ",{";
        for (qsizetype c = 0; c < rows[r].size(); ++c) {
            if (c > 0)
                out += ',';
            Esl::wire::appendJsonString(out, rows[r][c].first.toUtf8());
            out += ':';
            Esl::wire::appendJsonString(out, rows[r][c].second.toUtf8());
        }
        out += '}';
    }
    return out + "]}";
}

// An api/response body that fuzz_show reads: the body itself, then cut-down versions of it.
bool writeShowSeeds(QByteArrayView body, const QDir &showDir, const QString &name)
{
    const QByteArrayView text = body.trimmed();
    if (text.startsWith("UP ")) {
        if (!writeFile(showDir.filePath(name), body))
            return false;
        // The "UP ..." line alone, and with the session lines after it.
        qsizetype end = text.indexOf('\n');
        for (int lines = 1; lines <= 4 && end > 0; ++lines) {
            if (lines == 1 || lines == 4) {
                const QString path = showDir.filePath(name + u'-' + QString::number(lines));
                if (!writeFile(path, text.first(end)))
                    return false;
            }
            end = text.indexOf('\n', end + 1);
        }
        return true;
    }
    if (!text.startsWith("{") || !text.contains("\"row_count\""))
        return true;
    if (!writeFile(showDir.filePath(name), body))
        return false;
    const Esl::Expected<Esl::ShowResult> result = Esl::ShowResult::fromJson(body);
    if (!result || result->rows.isEmpty())
        return true;
    constexpr qsizetype kColumns = 6;
    for (const qsizetype count : {qsizetype(1), qsizetype(2)}) {
        QList<Esl::ShowResult::Row> rows = result->rows.first(qMin(count, result->rows.size()));
        for (Esl::ShowResult::Row &row : rows)
            row = row.first(qMin(kColumns, row.size()));
        const QString path = showDir.filePath(name + u'-' + QString::number(count));
        if (!writeFile(path, showJson(rows)))
            return false;
    }
    return true;
}

// Values and shapes the captures do not hold, written as the switch would write them.
bool writeMadeShowSeeds(const QDir &showDir)
{
    const std::pair<const char *, QByteArrayView> seeds[] = {
        {"made-empty", R"({"row_count": 0})"},
        {"made-values",
         R"({"row_count":2,"rows":[{"uuid":"ff4aa895-8ae9-428c-93c1-88599d6f7aa2",)"
         R"("cid_name":"S\u00f8ren \u00c6r\u00f8 \ud83d\udcde","cid_num":"+4512345678",)"
         R"("dest":"say \"hi\"\t\\o/","read_rate":8000,"secure":null,"callee_num":true},)"
         R"({"uuid":"64f9a209-4393-47b7-9680-62a152084d86","cid_name":"李小龍 Ærø",)"
         R"("cid_num":-1.5e3,"dest":"","read_rate":"8000","secure":false}]})"},
        {"made-nested", R"({"row_count":1,"meta":{"a":[1,{"b":null}]},"rows":[{"x":"1"}]})"},
        {"made-status",
         "UP 1 year, 2 days, 3 hours, 4 minutes, 5 seconds, 6 milliseconds, 7 microseconds\n"
         "FreeSWITCH (Version 1.10.12-release 64bit) is ready\n"
         "1 session(s) since startup\n0 session(s) - peak 1, last 5min 1 \n"
         "0 session(s) per Sec out of max 30, peak 1, last 5min 1 \n1000 session(s) max\n"},
    };
    for (const auto &[name, bytes] : seeds) {
        if (!writeFile(showDir.filePath(QString::fromLatin1(name)), bytes))
            return false;
    }
    return true;
}

// `value` as a filter string: in quotes, with \ and " escaped (filterparser.h).
QByteArray filterString(QByteArrayView value)
{
    QByteArray out = "\"";
    for (const char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

// An expression that selects `event`, on the values it carries: its name, and where it has
// them, its call state, a substring of its caller's name and its sequence number.
QByteArray filterOn(const Esl::Event &event)
{
    QByteArray out = "Event-Name == " + event.eventName().toByteArray();
    const Esl::HeaderList &headers = event.headers();
    if (headers.contains("Channel-Call-State"))
        out += " && Channel-Call-State == " + filterString(headers.value("Channel-Call-State"));
    if (headers.contains("Caller-Caller-ID-Name")) {
        const QString name = headers.text("Caller-Caller-ID-Name");
        out += " && Caller-Caller-ID-Name contains " + filterString(name.left(4).toUtf8());
    }
    if (headers.contains("Event-Sequence"))
        out += " && Event-Sequence >= " + headers.value("Event-Sequence").toByteArray();
    return out;
}

// One seed per expression of the list.
bool writeFilterSeeds(const QString &listPath, const QDir &filterDir)
{
    QFile file(listPath);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot read %s: %s\n", qPrintable(listPath),
                     qPrintable(file.errorString()));
        return false;
    }
    int count = 0;
    for (QByteArray line : file.readAll().split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty() || line.startsWith('#'))
            continue;
        const QString name = QStringLiteral("filters-%1").arg(count++, 4, 10, QLatin1Char('0'));
        if (!writeFile(filterDir.filePath(name), line))
            return false;
    }
    return true;
}

// Writes the seeds of one capture; false on any failure.
bool split(const QString &capturePath, const Seeds::Dirs &dirs)
{
    Seeds::Capture capture;
    if (!Seeds::parseCapture(capturePath, capture))
        return false;
    QSet<QByteArray> filtered; // the event names a filter seed was written for
    for (size_t i = 0; i < capture.messages.size(); ++i) {
        const Esl::Message &message = capture.messages[i];
        const QString name =
            QStringLiteral("%1-%2").arg(capture.stem).arg(qulonglong(i), 4, 10, QLatin1Char('0'));
        // A message runs up to where the next one starts (any blank lines between included).
        if (!writeFile(dirs.parser.filePath(name), capture.messageBytes(i)))
            return false;
        if (message.contentType() == Esl::ContentType::ApiResponse &&
            !writeShowSeeds(message.body(), dirs.show, name))
            return false;
        if (message.isEvent()) {
            QByteArray seed(1, formatByte(message.contentType()));
            seed.append(message.body());
            if (!writeFile(dirs.events.filePath(name), seed))
                return false;
            if (i % 10 == 0 && !writeCutDown(message, dirs.events, name))
                return false;
            const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
            if (event && !filtered.contains(event->eventName().toByteArray())) {
                filtered.insert(event->eventName().toByteArray());
                if (!writeFile(dirs.filter.filePath(name), filterOn(*event)))
                    return false;
            }
        }
    }
    return Seeds::writeSessionSeeds(capture, dirs.session) &&
           Seeds::writeRecordSeeds(capture, dirs.import, dirs.journal);
}

bool makeDir(const QDir &out, const char *name, QDir &dir)
{
    const QString path = out.filePath(QString::fromLatin1(name));
    if (!QDir().mkpath(path)) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot create %s\n", qPrintable(path));
        return false;
    }
    dir = QDir(path);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    QString filterList;
    if (args.size() >= 3 && args[1] == u"--filters") {
        filterList = args[2];
        args.remove(1, 2);
    }
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: fuzz_make_seeds OUT [--filters FILTERS] CAPTURE.esl...\n");
        return 2;
    }
    const QDir out(args.takeFirst());
    Seeds::Dirs dirs;
    if (!makeDir(out, "fuzz_parser", dirs.parser) || !makeDir(out, "fuzz_events", dirs.events) ||
        !makeDir(out, "fuzz_show", dirs.show) || !makeDir(out, "fuzz_filter", dirs.filter) ||
        !makeDir(out, "fuzz_session", dirs.session) || !makeDir(out, "fuzz_import", dirs.import) ||
        !makeDir(out, "fuzz_journal", dirs.journal) || !makeDir(out, "fuzz_broker", dirs.broker))
        return 1;
    for (const QString &capture : std::as_const(args)) {
        if (!split(capture, dirs))
            return 1;
    }
    if (!writeMadeShowSeeds(dirs.show) || !Seeds::writeMadeSessionSeeds(dirs.session) ||
        !Seeds::writeMadeRecordSeeds(dirs.journal) || !Seeds::writeDeepSeeds(dirs))
        return 1;
    if (!filterList.isEmpty() && !writeFilterSeeds(filterList, dirs.filter))
        return 1;
    if (!Seeds::writeBrokerSeeds(QStringLiteral(SWITCHBOARD_FIXTURES), dirs.broker))
        return 1;
    QDir panels;
    if (!makeDir(out, "fuzz_panels", panels) ||
        !Seeds::writePanelSeeds(QStringLiteral(SWITCHBOARD_FIXTURES), panels))
        return 1;
    QDir quality;
    if (!makeDir(out, "fuzz_quality", quality) ||
        !Seeds::writeQualitySeeds(QStringLiteral(SWITCHBOARD_FIXTURES), quality))
        return 1;
    QDir alerts;
    if (!makeDir(out, "fuzz_alerts", alerts) ||
        !Seeds::writeAlertSeeds(QStringLiteral(SWITCHBOARD_FIXTURES), alerts))
        return 1;
    return 0;
}
