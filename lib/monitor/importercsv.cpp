// Importer: CSV with a header row (RFC 4180, as a CSV export writes it; LF line ends and a byte
// order mark are taken too). Each row becomes a record with the columns the file has; see
// importer.h for what each pseudo-column gives back.

#include "importer.h"
#include "importerparts.h"
#include "recordsummary.h"

#include "esl/logline.h"

#include <QDateTime>

#include <vector>

namespace Monitor {

using namespace ImporterParts;

namespace {

constexpr qint64 kChunkBytes = 256 * 1024;

// Rows from bytes fed in pieces: fields split at commas, rows at LF (a CR before it is dropped),
// quoted fields with "" for a quote and line breaks inside.
class CsvRows
{
public:
    struct Row
    {
        QList<QByteArray> fields;
        qint64 offset = 0; // where the row starts
        qint64 line = 1;
    };

    void feed(QByteArrayView bytes, std::vector<Row> &out)
    {
        for (const char c : bytes) {
            if (!m_started) {
                m_started = true;
                m_row.offset = m_fed;
                m_row.line = m_line;
            }
            ++m_fed;
            if (c == '\n')
                ++m_line;
            switch (m_state) {
            case State::Quoted:
                if (c == '"')
                    m_state = State::QuoteInQuoted;
                else
                    m_field.append(c);
                continue;
            case State::QuoteInQuoted:
                if (c == '"') {
                    m_field.append('"');
                    m_state = State::Quoted;
                    continue;
                }
                m_state = State::Unquoted; // the closing quote; what follows ends the field
                break;
            case State::FieldStart:
                if (c == '"') {
                    m_state = State::Quoted;
                    continue;
                }
                m_state = State::Unquoted;
                break;
            case State::Unquoted:
                break;
            }
            if (c == ',') {
                m_row.fields.append(std::exchange(m_field, {}));
                m_state = State::FieldStart;
            } else if (c == '\n') {
                endRow(out);
            } else if (c != '\r') {
                m_field.append(c);
            }
        }
    }
    // False when the input ended inside a quoted field.
    bool finish(std::vector<Row> &out)
    {
        if (m_state == State::Quoted)
            return false;
        if (m_started)
            endRow(out);
        return true;
    }
    [[nodiscard]] qint64 bytesFed() const { return m_fed; }
    [[nodiscard]] const Row &openRow() const { return m_row; }

private:
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };

    void endRow(std::vector<Row> &out)
    {
        m_row.fields.append(std::exchange(m_field, {}));
        const bool blank = m_row.fields.size() == 1 && m_row.fields[0].isEmpty();
        if (!blank)
            out.push_back(std::move(m_row));
        m_row = {};
        m_state = State::FieldStart;
        m_started = false;
    }

    State m_state = State::FieldStart;
    Row m_row;
    QByteArray m_field;
    bool m_started = false;
    qint64 m_fed = 0;
    qint64 m_line = 1;
};

enum class Pseudo { None, Seq, Time, Ms, Server, Kind, Name, Uuid, Caller, Summary, Body };

// The header row, read: what each column holds, and where the few read by name are.
struct Columns
{
    QList<Pseudo> pseudo;
    QList<QByteArray> names; // header columns' names (empty for pseudo-columns)
    QHash<Pseudo, qsizetype> where;

    explicit Columns(QList<QByteArray> header)
    {
        static const QHash<QByteArray, Pseudo> pseudos{
            {"@seq", Pseudo::Seq},         {"@time", Pseudo::Time},     {"@ms", Pseudo::Ms},
            {"@server", Pseudo::Server},   {"@kind", Pseudo::Kind},     {"@name", Pseudo::Name},
            {"@uuid", Pseudo::Uuid},       {"@caller", Pseudo::Caller}, {"@body", Pseudo::Body},
            {"@summary", Pseudo::Summary},
        };
        if (!header.isEmpty() && header[0].startsWith("\xef\xbb\xbf"))
            header[0].remove(0, 3); // a byte order mark a spreadsheet added
        for (qsizetype i = 0; i < header.size(); ++i) {
            const QByteArray name = header[i].trimmed();
            const Pseudo p = pseudos.value(name.toLower(), Pseudo::None);
            pseudo.append(p);
            names.append(p == Pseudo::None ? name : QByteArray());
            if (p != Pseudo::None && !where.contains(p))
                where.insert(p, i);
        }
    }
    [[nodiscard]] bool hasHeader(QByteArrayView name) const
    {
        return std::any_of(names.cbegin(), names.cend(), [&](const QByteArray &n) {
            return n.compare(name, Qt::CaseInsensitive) == 0;
        });
    }
    [[nodiscard]] QByteArray cell(const CsvRows::Row &row, Pseudo p) const
    {
        const qsizetype i = where.value(p, -1);
        return i < 0 ? QByteArray() : row.fields[i];
    }
    [[nodiscard]] QByteArray header(const CsvRows::Row &row, QByteArrayView name) const
    {
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (names[i].compare(name, Qt::CaseInsensitive) == 0)
                return row.fields[i];
        }
        return {};
    }
};

int levelOf(const QByteArray &name)
{
    for (int level = 0; level <= 7; ++level) {
        if (Esl::LogLine::levelName(level).toUtf8() == name)
            return level;
    }
    bool ok = false;
    const int level = name.toInt(&ok);
    return ok ? level : -1;
}

Esl::LogLine logLineOfRow(const Columns &columns, const CsvRows::Row &row)
{
    Esl::LogLine line;
    const QByteArray levelHeader = columns.header(row, "Log-Level");
    line.level =
        levelHeader.isEmpty() ? levelOf(columns.cell(row, Pseudo::Name)) : levelHeader.toInt();
    const QByteArray userData = columns.header(row, "User-Data");
    line.userData =
        QString::fromUtf8(userData.isEmpty() ? columns.cell(row, Pseudo::Uuid) : userData);
    line.text = QString::fromUtf8(columns.where.contains(Pseudo::Body)
                                      ? columns.cell(row, Pseudo::Body)
                                      : columns.cell(row, Pseudo::Summary));
    line.channel = QString::fromUtf8(columns.header(row, "Text-Channel"));
    line.file = QString::fromUtf8(columns.header(row, "Log-File"));
    line.function = QString::fromUtf8(columns.header(row, "Log-Func"));
    line.line = columns.header(row, "Log-Line").toInt();
    return line;
}

Esl::Event eventOfRow(const Columns &columns, const CsvRows::Row &row)
{
    Esl::HeaderList headers;
    QByteArray name = columns.cell(row, Pseudo::Name);
    QByteArray subclass;
    if (name.startsWith("CUSTOM ") && !columns.hasHeader("Event-Subclass")) {
        subclass = name.mid(7);
        name.truncate(6);
    }
    if (!name.isEmpty() && !columns.hasHeader("Event-Name"))
        headers.append("Event-Name", name);
    if (!subclass.isEmpty())
        headers.append("Event-Subclass", subclass);
    const QByteArray uuid = columns.cell(row, Pseudo::Uuid);
    if (!uuid.isEmpty() && !columns.hasHeader("Unique-ID"))
        headers.append("Unique-ID", uuid);
    const QByteArray caller = columns.cell(row, Pseudo::Caller);
    if (!caller.isEmpty()) {
        const auto [callerName, callerNumber] =
            RecordSummary::splitCaller(QString::fromUtf8(caller));
        if (!columns.hasHeader("Caller-Caller-ID-Name") && !callerName.isEmpty())
            headers.append("Caller-Caller-ID-Name", callerName.toUtf8());
        if (!columns.hasHeader("Caller-Caller-ID-Number") && !callerNumber.isEmpty())
            headers.append("Caller-Caller-ID-Number", callerNumber.toUtf8());
    }
    for (qsizetype i = 0; i < columns.names.size(); ++i) {
        if (!columns.names[i].isEmpty() && !row.fields[i].isEmpty())
            headers.append(columns.names[i], row.fields[i]);
    }
    const bool hasBody =
        columns.where.contains(Pseudo::Body) && !columns.cell(row, Pseudo::Body).isEmpty();
    return Esl::Event(std::move(headers), columns.cell(row, Pseudo::Body), hasBody);
}

std::optional<qint64> receivedMsOf(const Columns &columns, const CsvRows::Row &row)
{
    bool ok = false;
    const qint64 ms = columns.cell(row, Pseudo::Ms).toLongLong(&ok);
    if (ok)
        return ms;
    const QDateTime time = QDateTime::fromString(QString::fromUtf8(columns.cell(row, Pseudo::Time)),
                                                 Qt::ISODateWithMs);
    if (time.isValid())
        return time.toMSecsSinceEpoch();
    return std::nullopt;
}

} // namespace

void Importer::importCsv(QIODevice &in, EventStore &store, Result &result) const
{
    CsvRows reader;
    std::vector<CsvRows::Row> rows;
    std::optional<Columns> columns;
    QByteArray buffer(kChunkBytes, Qt::Uninitialized);
    qint64 lastMs = 0;
    bool ended = false;
    while (!ended) {
        if (!keepGoing(in, reader.bytesFed())) {
            result.error = canceled();
            return;
        }
        const qint64 n = in.read(buffer.data(), buffer.size());
        if (n < 0) {
            result.error =
                Esl::Error{Esl::Error::Code::Transport, in.errorString(), reader.bytesFed()};
            return;
        }
        if (n > 0) {
            reader.feed(QByteArrayView(buffer.constData(), n), rows);
        } else {
            ended = true;
            if (!reader.finish(rows)) {
                result.error = Esl::decodeError(QStringLiteral("input ended inside a quoted field"),
                                                reader.openRow().offset);
                result.line = reader.openRow().line;
                return;
            }
        }
        for (CsvRows::Row &row : rows) {
            if (!columns) {
                columns.emplace(std::move(row.fields));
                continue;
            }
            if (row.fields.size() != columns->pseudo.size()) {
                result.error =
                    Esl::decodeError(QStringLiteral("a row of %1 fields under a header of %2")
                                         .arg(row.fields.size())
                                         .arg(columns->pseudo.size()),
                                     row.offset);
                result.line = row.line;
                return;
            }
            DecodedRecord record;
            if (columns->cell(row, Pseudo::Kind) == "log") {
                record.kind = RecordKind::Log;
                record.line = logLineOfRow(*columns, row);
            } else {
                record.kind = RecordKind::Event;
                record.event = eventOfRow(*columns, row);
            }
            fileRecord(store, serverNamed(QString::fromUtf8(columns->cell(row, Pseudo::Server))),
                       record, lastMs, result, receivedMsOf(*columns, row));
        }
        rows.clear();
    }
    keepGoing(in, reader.bytesFed());
}

} // namespace Monitor
