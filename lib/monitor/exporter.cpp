#include "exporter.h"

#include "channelsnapshot.h"
#include "recordsummary.h"
#include "recordwire.h"

#include "esl/wire/jsonlines.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>

namespace Monitor {

namespace {

constexpr qint64 kProgressEvery = 256;
constexpr qsizetype kBufferBytes = 1 << 20;

Esl::Error fileError(const QString &path, const QString &why)
{
    return Esl::Error{Esl::Error::Code::Transport, QStringLiteral("%1: %2").arg(path, why), -1};
}

Esl::Error canceled()
{
    return Esl::Error{Esl::Error::Code::Canceled, QStringLiteral("export canceled"), -1};
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs);
}

QByteArray kindName(RecordKind kind)
{
    return kind == RecordKind::Log ? QByteArrayLiteral("log") : QByteArrayLiteral("event");
}

// Names every record is read by, looked up once.
struct Names
{
    NameId eventName = HeaderNames::instance().intern("Event-Name");
    NameId subclass = HeaderNames::instance().intern("Event-Subclass");
    NameId uniqueId = HeaderNames::instance().intern("Unique-ID");
    NameId logLevel = HeaderNames::instance().intern("Log-Level");
    NameId userData = HeaderNames::instance().intern("User-Data");
};

const Names &names()
{
    static const Names names;
    return names;
}

// The event name as Esl::Event::name() spells it, or a log line's level name.
QByteArray recordName(const EventStore::Record &record)
{
    if (record.kind() == RecordKind::Log)
        return Esl::LogLine::levelName(record.value(names().logLevel).toInt()).toUtf8();
    QByteArray name = record.value(names().eventName).toByteArray();
    const QByteArrayView subclass = record.value(names().subclass);
    if (name == "CUSTOM" && !subclass.isEmpty())
        name += ' ' + subclass.toByteArray();
    return name;
}

QByteArrayView recordUuid(const EventStore::Record &record)
{
    return record.value(record.kind() == RecordKind::Log ? names().userData : names().uniqueId);
}

// --- CSV ---

enum class Pseudo { None, Seq, Time, Ms, Server, Kind, Name, Uuid, Caller, Summary, Body };

struct CsvColumn
{
    Pseudo pseudo = Pseudo::None;
    NameId name = kNoName;
};

QList<CsvColumn> resolveColumns(const QStringList &columns)
{
    static const QHash<QString, Pseudo> pseudos{
        {QStringLiteral("@seq"), Pseudo::Seq},       {QStringLiteral("@time"), Pseudo::Time},
        {QStringLiteral("@ms"), Pseudo::Ms},         {QStringLiteral("@server"), Pseudo::Server},
        {QStringLiteral("@kind"), Pseudo::Kind},     {QStringLiteral("@name"), Pseudo::Name},
        {QStringLiteral("@uuid"), Pseudo::Uuid},     {QStringLiteral("@body"), Pseudo::Body},
        {QStringLiteral("@caller"), Pseudo::Caller}, {QStringLiteral("@summary"), Pseudo::Summary},
    };
    QList<CsvColumn> out;
    for (const QString &column : columns) {
        const Pseudo pseudo = pseudos.value(column.toLower(), Pseudo::None);
        out.append({pseudo, pseudo == Pseudo::None
                                ? HeaderNames::instance().intern(column.trimmed().toUtf8())
                                : kNoName});
    }
    return out;
}

bool isAscii(QByteArrayView text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void appendCsvField(QByteArray &out, QByteArrayView value)
{
    QByteArray valid;
    if (!isAscii(value)) {
        valid = QString::fromUtf8(value).toUtf8(); // invalid bytes -> U+FFFD
        value = valid;
    }
    const bool quote = std::any_of(value.begin(), value.end(), [](char c) {
        return c == ',' || c == '"' || c == '\r' || c == '\n';
    });
    if (!quote) {
        out.append(value);
        return;
    }
    out.append('"');
    for (const char c : value) {
        if (c == '"')
            out.append('"');
        out.append(c);
    }
    out.append('"');
}

QByteArray csvHeader(const QStringList &columns)
{
    QByteArray out;
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (i)
            out.append(',');
        appendCsvField(out, columns[i].toUtf8());
    }
    out.append("\r\n");
    return out;
}

// --- Call bundle ---

QByteArray jsonText(const QString &text)
{
    QByteArray out;
    Esl::wire::appendJsonText(out, text.toUtf8());
    return out;
}

} // namespace

// --- ExportSelection ---

ExportSelection ExportSelection::all()
{
    return {};
}

ExportSelection ExportSelection::matching(Filter filter)
{
    ExportSelection s;
    s.m_kind = Kind::Matching;
    s.m_filter = std::move(filter);
    return s;
}

ExportSelection ExportSelection::rows(QList<Sequence> sequences)
{
    ExportSelection s;
    s.m_kind = Kind::Rows;
    s.m_rows = std::move(sequences);
    return s;
}

ExportSelection ExportSelection::channels(QStringList uuids, std::optional<ServerId> server)
{
    ExportSelection s;
    s.m_kind = Kind::Channels;
    s.m_uuids = std::move(uuids);
    s.m_server = server;
    return s;
}

QList<Sequence> ExportSelection::resolve(const EventStore &store) const
{
    QList<Sequence> out;
    switch (m_kind) {
    case Kind::All:
    case Kind::Matching:
        store.forEach(store.firstSequence(), store.endSequence(), [&](const auto &record) {
            if (m_kind == Kind::All || m_filter.matches(record))
                out.append(record.sequence());
            return true;
        });
        return out;
    case Kind::Rows:
        for (const Sequence seq : m_rows) {
            if (store.contains(seq))
                out.append(seq);
        }
        break;
    case Kind::Channels:
        for (const QString &uuid : m_uuids) {
            for (const Sequence seq : store.recordsOfChannel(uuid.toUtf8())) {
                const auto record = store.record(seq);
                if (!m_server || (record && record->server() == *m_server))
                    out.append(seq);
            }
        }
        break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// --- Exporter ---

QString Exporter::serverName(ServerId server) const
{
    const QString name = m_serverNames.value(server);
    return name.isEmpty() ? QString::number(server) : name;
}

Esl::Expected<Exporter::Result> Exporter::run(const QString &path, const QList<Sequence> &records,
                                              const QByteArray &head, const EachRecord &each,
                                              const QByteArray &tail) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(path, file.errorString());
    Result result;
    QByteArray buffer = head;
    const auto drain = [&] {
        if (file.write(buffer) != buffer.size())
            return false;
        result.bytes += buffer.size();
        buffer.clear();
        return true;
    };
    const qint64 total = records.size();
    for (qint64 done = 0; done < total; ++done) {
        if (m_progress && done % kProgressEvery == 0 && !m_progress(done, total)) {
            file.cancelWriting();
            return canceled();
        }
        const std::optional<EventStore::Record> record = m_store.record(records[done]);
        if (!record)
            continue;
        each(*record, buffer);
        ++result.records;
        if (buffer.size() >= kBufferBytes && !drain()) {
            file.cancelWriting();
            return fileError(path, file.errorString());
        }
    }
    buffer += tail;
    if (!drain())
        return fileError(path, file.errorString());
    if (m_progress && !m_progress(total, total)) {
        file.cancelWriting();
        return canceled();
    }
    if (!file.commit())
        return fileError(path, file.errorString());
    return result;
}

Esl::Expected<Exporter::Result> Exporter::write(const QString &path, Format format,
                                                const ExportSelection &selection) const
{
    const QList<Sequence> records = selection.resolve(m_store);
    switch (format) {
    case Format::JsonLines:
        return run(path, records, {},
                   [this](const EventStore::Record &record, QByteArray &out) {
                       out += jsonLine(record.kind(), eventOf(record));
                       // Which switch it came from, when the servers have names: a key of its
                       // own after the decode schema's, which readers of the schema skip.
                       if (!m_serverNames.isEmpty()) {
                           out.chop(1); // the closing brace
                           out += ", \"server\": ";
                           Esl::wire::appendJsonText(out, serverName(record.server()).toUtf8());
                           out += '}';
                       }
                       out += '\n';
                   },
                   {});
    case Format::Raw:
        return run(path, records, {},
                   [](const EventStore::Record &record, QByteArray &out) {
                       out += wireBytes(record.kind(), eventOf(record));
                   },
                   {});
    case Format::Csv:
        break;
    }
    const QList<CsvColumn> columns = resolveColumns(m_columns);
    const auto row = [&](const EventStore::Record &record, QByteArray &out) {
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i)
                out.append(',');
            QByteArray pseudo;
            switch (columns[i].pseudo) {
            case Pseudo::None:
                if (columns[i].name != kNoName)
                    appendCsvField(out, record.value(columns[i].name));
                continue;
            case Pseudo::Body:
                appendCsvField(out, record.body());
                continue;
            case Pseudo::Uuid:
                appendCsvField(out, recordUuid(record));
                continue;
            case Pseudo::Seq:
                pseudo = QByteArray::number(record.sequence());
                break;
            case Pseudo::Time:
                pseudo = isoTime(record.receivedMs()).toUtf8();
                break;
            case Pseudo::Ms:
                pseudo = QByteArray::number(record.receivedMs());
                break;
            case Pseudo::Server:
                pseudo = serverName(record.server()).toUtf8();
                break;
            case Pseudo::Kind:
                pseudo = kindName(record.kind());
                break;
            case Pseudo::Name:
                pseudo = recordName(record);
                break;
            case Pseudo::Caller:
                pseudo = RecordSummary::callerOf(record).toUtf8();
                break;
            case Pseudo::Summary:
                pseudo = RecordSummary::summaryOf(record).toUtf8();
                break;
            }
            appendCsvField(out, pseudo);
        }
        out.append("\r\n");
    };
    return run(path, records, csvHeader(m_columns), row, {});
}

Esl::Expected<Exporter::Result> Exporter::writeCallBundle(const QString &path,
                                                          const QStringList &uuids,
                                                          const ChannelStore *channels,
                                                          std::optional<ServerId> server) const
{
    const QList<Sequence> records = ExportSelection::channels(uuids, server).resolve(m_store);
    // The live store's channels where it still has them; the others (ended and let go, or never
    // seen by this store) as their records leave them.
    QStringList gone;
    for (const QString &uuid : uuids) {
        if (!channels || !channels->channel(uuid))
            gone.append(uuid);
    }
    const QList<Channel> rebuilt = rebuildChannels(m_store, gone, server);
    QJsonArray snapshots;
    for (const QString &uuid : uuids) {
        if (const Channel *channel = channels ? channels->channel(uuid) : nullptr) {
            snapshots.append(snapshotOf(*channel));
            continue;
        }
        const auto it = std::find_if(rebuilt.cbegin(), rebuilt.cend(),
                                     [&](const Channel &c) { return c.uuid == uuid; });
        if (it != rebuilt.cend())
            snapshots.append(snapshotOf(*it));
    }
    QByteArray head = "{\"format\": \"switchboard-call-bundle\", \"version\": 1, \"exported\": ";
    head += jsonText(isoTime(QDateTime::currentMSecsSinceEpoch()));
    head += ",\n\"uuids\": ";
    head += QJsonDocument(QJsonArray::fromStringList(uuids)).toJson(QJsonDocument::Compact);
    head += ",\n\"channels\": ";
    head += QJsonDocument(snapshots).toJson(QJsonDocument::Compact);
    head += ",\n\"records\": [";
    bool first = true;
    const auto each = [&](const EventStore::Record &record, QByteArray &out) {
        out += first ? "\n" : ",\n";
        first = false;
        out += "{\"seq\": " + QByteArray::number(record.sequence());
        out += ", \"time\": " + jsonText(isoTime(record.receivedMs()));
        out += ", \"ms\": " + QByteArray::number(record.receivedMs());
        out += ", \"server\": " + jsonText(serverName(record.server()));
        out += ", \"kind\": \"" + kindName(record.kind()) + '"';
        out += ", \"message\": " + jsonLine(record.kind(), eventOf(record)) + '}';
    };
    return run(path, records, head, each, "\n]}\n");
}

} // namespace Monitor
