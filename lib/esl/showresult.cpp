// Reading what the switch answers: `show channels|calls as json` rows in the switch's column
// order, and the first lines of `status`.

#include "commands.h"

#include "wire/json.h"

#include "wire/writer.h"
#include <algorithm>
#include <array>
#include <optional>
#include <QRegularExpression>

namespace Esl {

// ---- show ... as json ------------------------------------------------------------------------

namespace {

// Reads the flat shape of `show ... as json` with the keys in document order. Strings are
// decoded (escapes, \u surrogate pairs); nested values under keys other than "rows" are skipped.
class ShowJsonReader
{
public:
    explicit ShowJsonReader(QByteArrayView text)
        : m_p(text.data()), m_begin(text.data()), m_end(text.data() + text.size())
    {}

    Expected<ShowResult> read()
    {
        ShowResult result;
        bool haveCount = false;
        bool haveRows = false;
        if (!expect('{'))
            return fault(QStringLiteral("the body is not a JSON object"));
        if (!peek('}')) {
            do {
                QString key;
                if (!readString(key) || !expect(':'))
                    return fault(m_error.isEmpty() ? QStringLiteral("expected \"key\":") : m_error);
                if (key == u"row_count") {
                    if (!readCount(result.rowCount))
                        return fault(m_error);
                    haveCount = true;
                } else if (key == u"rows") {
                    if (!readRows(result.rows))
                        return fault(m_error);
                    haveRows = true;
                } else if (!skipValue(0)) {
                    return fault(m_error);
                }
            } while (expect(','));
        }
        if (!expect('}'))
            return fault(QStringLiteral("expected ',' or '}'"));
        skipSpace();
        if (m_p != m_end)
            return fault(QStringLiteral("trailing data after the object"));
        if (!haveCount)
            return fault(QStringLiteral("no row_count"), 0);
        if (result.rowCount != result.rows.size() && (haveRows || result.rowCount != 0)) {
            return fault(QStringLiteral("row_count is %1 but there are %2 rows")
                             .arg(result.rowCount)
                             .arg(result.rows.size()),
                         0);
        }
        return result;
    }

private:
    Error fault(const QString &what, qint64 offset = -1) const
    {
        return decodeError(QStringLiteral("show json: %1").arg(what),
                           offset >= 0 ? offset : m_p - m_begin);
    }
    bool failWith(const QString &what)
    {
        m_error = what;
        return false;
    }
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_p < m_end && *m_p == c;
    }
    bool expect(char c)
    {
        if (!peek(c))
            return false;
        ++m_p;
        return true;
    }

    bool readCount(int &count)
    {
        QByteArray number;
        if (!readNumber(number))
            return false;
        bool ok = false;
        count = number.toInt(&ok);
        if (!ok || count < 0)
            return failWith(
                QStringLiteral("row_count is not a count: %1").arg(QString::fromLatin1(number)));
        return true;
    }

    bool readRows(QList<ShowResult::Row> &rows)
    {
        if (!expect('['))
            return failWith(QStringLiteral("rows is not an array"));
        if (expect(']'))
            return true;
        do {
            ShowResult::Row row;
            if (!expect('{'))
                return failWith(QStringLiteral("a row is not an object"));
            if (!peek('}')) {
                do {
                    QString column;
                    QString value;
                    if (!readString(column) || !expect(':') || !readScalar(value)) {
                        return failWith(m_error.isEmpty()
                                            ? QStringLiteral("expected \"column\": value")
                                            : m_error);
                    }
                    row.append({std::move(column), std::move(value)});
                } while (expect(','));
            }
            if (!expect('}'))
                return failWith(QStringLiteral("expected ',' or '}' in a row"));
            rows.append(std::move(row));
        } while (expect(','));
        if (!expect(']'))
            return failWith(QStringLiteral("expected ',' or ']' in rows"));
        return true;
    }

    // A row value: a string, or a number / true / false as its text, null as "".
    bool readScalar(QString &out)
    {
        skipSpace();
        if (m_p >= m_end)
            return failWith(QStringLiteral("unexpected end of the body"));
        if (*m_p == '"')
            return readString(out);
        for (const char *word : {"true", "false", "null"}) {
            const QByteArrayView w(word);
            if (QByteArrayView(m_p, m_end - m_p).startsWith(w)) {
                m_p += w.size();
                if (w != "null")
                    out = QString::fromLatin1(w);
                return true;
            }
        }
        if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9')) {
            QByteArray number;
            if (!readNumber(number))
                return false;
            out = QString::fromLatin1(number);
            return true;
        }
        return failWith(QStringLiteral("a row value is not a string or a number"));
    }

    bool readNumber(QByteArray &out)
    {
        skipSpace();
        const char *start = m_p;
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        const char *digits = m_p;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        if (m_p == digits)
            return failWith(QStringLiteral("expected a number"));
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        out = QByteArray(start, m_p - start);
        return true;
    }

    bool readString(QString &out)
    {
        skipSpace();
        QByteArray utf8;
        QString error;
        if (!wire::readJsonString(m_p, m_end, utf8, error))
            return failWith(error);
        out = QString::fromUtf8(utf8);
        return true;
    }

    bool skipValue(int depth)
    {
        if (depth > 64)
            return failWith(QStringLiteral("nested too deeply"));
        skipSpace();
        if (m_p >= m_end)
            return failWith(QStringLiteral("unexpected end of the body"));
        if (*m_p == '{' || *m_p == '[') {
            const char close = *m_p == '{' ? '}' : ']';
            const bool object = *m_p == '{';
            ++m_p;
            if (expect(close))
                return true;
            do {
                QString key;
                if (object && (!readString(key) || !expect(':')))
                    return failWith(QStringLiteral("expected \"key\":"));
                if (!skipValue(depth + 1))
                    return false;
            } while (expect(','));
            if (!expect(close))
                return failWith(
                    QStringLiteral("unterminated %1").arg(object ? u"object" : u"array"));
            return true;
        }
        QString ignored;
        return readScalar(ignored);
    }

    const char *m_p;
    const char *const m_begin;
    const char *const m_end;
    QString m_error;
};

} // namespace

Expected<ShowResult> ShowResult::fromJson(QByteArrayView body)
{
    return ShowJsonReader(body).read();
}

QStringList ShowResult::columns() const
{
    QStringList out;
    if (!rows.isEmpty()) {
        for (const auto &[column, value] : rows.first())
            out.append(column);
    }
    return out;
}

QHash<QString, QString> ShowResult::toHash(const Row &row)
{
    QHash<QString, QString> out;
    out.reserve(row.size());
    for (const auto &[column, value] : row) {
        if (!out.contains(column))
            out.insert(column, value);
    }
    return out;
}

QHash<QString, QString> ShowResult::rowHash(qsizetype index) const
{
    return index >= 0 && index < rows.size() ? toHash(rows.at(index)) : QHash<QString, QString>{};
}

// ---- status ------------------------------------------------------------------------------------

Expected<SwitchStatus> SwitchStatus::fromText(const QString &text)
{
    static const QRegularExpression up(QStringLiteral(
        "^UP (\\d+) years?, (\\d+) days?, (\\d+) hours?, (\\d+) minutes?, (\\d+) seconds?, "
        "(\\d+) milliseconds?"));
    static const QRegularExpression since(QStringLiteral("^(\\d+) session\\(s\\) since startup"),
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression now(QStringLiteral("^(\\d+) session\\(s\\) - peak (\\d+)"),
                                        QRegularExpression::MultilineOption);
    static const QRegularExpression max(QStringLiteral("^(\\d+) session\\(s\\) max"),
                                        QRegularExpression::MultilineOption);
    static const QRegularExpression ready(QStringLiteral("^FreeSWITCH .* is ready$"),
                                          QRegularExpression::MultilineOption);

    const QRegularExpressionMatch m = up.match(text);
    if (!m.hasMatch())
        return decodeError(QStringLiteral("status: the text does not start with \"UP ...\""));
    SwitchStatus status;
    // A switch's uptime fits easily; a hostile one's digits must not overflow the sum (a fuzzer
    // found "UP 04294967296 years"). Each step is checked, and an uptime past it is refused.
    static constexpr std::array<qint64, 6> scale{365, 24, 60, 60, 1000, 1};
    qint64 total = 0;
    for (int i = 1; i <= 6; ++i) {
        bool ok = false;
        const qint64 value = m.capturedView(i).toLongLong(&ok);
        if (!ok) {
            return decodeError(QStringLiteral("status: an uptime figure is out of range"),
                               m.capturedStart(i));
        }
        if ((i > 1 && __builtin_mul_overflow(total, scale[i - 2], &total))
            || __builtin_add_overflow(total, value, &total)) {
            return decodeError(QStringLiteral("status: the uptime is out of range"),
                               m.capturedStart(1));
        }
    }
    status.uptimeMs = total;
    if (const auto s = since.match(text); s.hasMatch())
        status.sessionsSinceStartup = s.capturedView(1).toLongLong();
    if (const auto s = now.match(text); s.hasMatch()) {
        status.sessions = s.capturedView(1).toInt();
        status.sessionsPeak = s.capturedView(2).toInt();
    }
    if (const auto s = max.match(text); s.hasMatch())
        status.maxSessions = s.capturedView(1).toInt();
    status.ready = ready.match(text).hasMatch();
    return status;
}

} // namespace Esl
