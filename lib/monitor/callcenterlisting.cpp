#include "callcenterlisting.h"

#include <QHash>

#include <optional>

namespace Monitor::CallCenterListing {

namespace {

Esl::Error fail(QString message)
{
    return Esl::decodeError(std::move(message));
}

// Reads one row's fields by column name; the first bad number is kept as the row's error.
class Row
{
public:
    Row(const QHash<QString, int> &index, const QStringList &fields, int number)
        : m_index(index), m_fields(fields), m_number(number)
    {
    }

    [[nodiscard]] QString text(const QString &column) const
    {
        const int i = m_index.value(column, -1);
        return i < 0 ? QString() : m_fields.value(i);
    }
    // Epoch seconds or counts; empty is 0 (the module writes '' for never).
    qint64 number(const QString &column)
    {
        const QString value = text(column).trimmed();
        if (value.isEmpty())
            return 0;
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if ((!ok || n < 0 || n > (qint64(1) << 40)) && !m_error) {
            m_error = QStringLiteral("row %1: %2 is not a number: \"%3\"")
                          .arg(m_number)
                          .arg(column, value.left(40));
        }
        // An out-of-range number fails the row above; what is returned stays in range, so that
        // nothing computed from it overflows meanwhile (epochMs).
        return ok && n >= 0 && n <= (qint64(1) << 40) ? n : 0;
    }
    int count(const QString &column) { return int(std::min<qint64>(number(column), 1 << 30)); }
    qint64 epochMs(const QString &column) { return number(column) * 1000; }
    [[nodiscard]] const std::optional<QString> &error() const { return m_error; }

private:
    const QHash<QString, int> &m_index;
    const QStringList &m_fields;
    int m_number;
    std::optional<QString> m_error;
};

// Runs `read` on each row of the table; the first row error fails the whole listing.
template<typename T, typename Read>
Esl::Expected<QList<T>> readRows(QByteArrayView body, const QStringList &required,
                                 const QString &freeText, int maxRows, const QString &what,
                                 Read read)
{
    auto table = parseTable(body, required, freeText, maxRows);
    if (!table)
        return fail(what + QStringLiteral(": ") + table.error().message);
    QHash<QString, int> index;
    for (int i = 0; i < table->columns.size(); ++i)
        index.insert(table->columns[i], i);
    QList<T> out;
    out.reserve(table->rows.size());
    for (int i = 0; i < table->rows.size(); ++i) {
        Row row(index, table->rows[i], i + 1);
        T item = read(row);
        if (row.error())
            return fail(what + QStringLiteral(": ") + *row.error());
        out.append(std::move(item));
    }
    return out;
}

} // namespace

Esl::Expected<Table> parseTable(QByteArrayView body, const QStringList &required,
                                const QString &freeText, int maxRows)
{
    const QString text = QString::fromUtf8(body);
    if (text.startsWith(u"-ERR") || text.startsWith(u"-USAGE"))
        return fail(text.section(u'\n', 0, 0).trimmed());
    // Counted before splitting: a flood of lines is refused without building them all.
    const qsizetype lineCount = text.count(u'\n');
    if (lineCount > qsizetype(maxRows) + 2)
        return fail(QStringLiteral("more than %1 rows").arg(maxRows));
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    if (lines.isEmpty() || lines.last().trimmed() != u"+OK")
        return fail(QStringLiteral("the reply does not end with +OK (cut short?)"));
    lines.removeLast();
    Table table;
    if (lines.isEmpty())
        return table; // no rows: the module writes no header either
    table.columns = lines.takeFirst().split(u'|');
    for (const QString &column : required) {
        if (!table.columns.contains(column))
            return fail(QStringLiteral("no column \"%1\" in the header").arg(column));
    }
    const int width = int(table.columns.size());
    const int spill = freeText.isEmpty() ? -1 : int(table.columns.indexOf(freeText));
    table.rows.reserve(lines.size());
    for (int i = 0; i < lines.size(); ++i) {
        QStringList fields = lines[i].split(u'|');
        if (fields.size() > width && spill >= 0) {
            const int extra = int(fields.size()) - width;
            const QStringList merged = fields.mid(spill, extra + 1);
            fields.remove(spill, extra + 1);
            fields.insert(spill, merged.join(u'|'));
        }
        if (fields.size() != width) {
            return fail(QStringLiteral("row %1 has %2 fields where the header has %3")
                            .arg(i + 1)
                            .arg(fields.size())
                            .arg(width));
        }
        table.rows.append(std::move(fields));
    }
    return table;
}

Esl::Expected<QList<CallCenterQueueInfo>> parseQueues(QByteArrayView body, int maxRows)
{
    return readRows<CallCenterQueueInfo>(
        body, {QStringLiteral("name"), QStringLiteral("strategy")}, QStringLiteral("moh_sound"),
        maxRows, QStringLiteral("queue list"), [](Row &r) {
            CallCenterQueueInfo q;
            q.name = r.text(QStringLiteral("name"));
            q.strategy = r.text(QStringLiteral("strategy"));
            q.mohSound = r.text(QStringLiteral("moh_sound"));
            q.discardAbandonedAfter = r.count(QStringLiteral("discard_abandoned_after"));
            q.abandonedResumeAllowed = r.text(QStringLiteral("abandoned_resume_allowed")) == u"true";
            q.maxWaitTime = r.count(QStringLiteral("max_wait_time"));
            q.callsAnswered = r.count(QStringLiteral("calls_answered"));
            q.callsAbandoned = r.count(QStringLiteral("calls_abandoned"));
            return q;
        });
}

Esl::Expected<QList<CallCenterAgent>> parseAgents(QByteArrayView body, int maxRows)
{
    return readRows<CallCenterAgent>(
        body, {QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("state")},
        QStringLiteral("contact"), maxRows, QStringLiteral("agent list"), [](Row &r) {
            CallCenterAgent a;
            a.name = r.text(QStringLiteral("name"));
            a.type = r.text(QStringLiteral("type"));
            a.contact = r.text(QStringLiteral("contact"));
            a.status = r.text(QStringLiteral("status"));
            a.state = r.text(QStringLiteral("state"));
            a.uuid = r.text(QStringLiteral("uuid"));
            a.maxNoAnswer = r.count(QStringLiteral("max_no_answer"));
            a.wrapUpTime = r.count(QStringLiteral("wrap_up_time"));
            a.noAnswerCount = r.count(QStringLiteral("no_answer_count"));
            a.callsAnswered = r.count(QStringLiteral("calls_answered"));
            a.talkTimeSeconds = r.number(QStringLiteral("talk_time"));
            a.lastBridgeStartMs = r.epochMs(QStringLiteral("last_bridge_start"));
            a.lastBridgeEndMs = r.epochMs(QStringLiteral("last_bridge_end"));
            a.lastOfferedMs = r.epochMs(QStringLiteral("last_offered_call"));
            a.lastStatusChangeMs = r.epochMs(QStringLiteral("last_status_change"));
            return a;
        });
}

Esl::Expected<QList<CallCenterTier>> parseTiers(QByteArrayView body, int maxRows)
{
    return readRows<CallCenterTier>(
        body, {QStringLiteral("queue"), QStringLiteral("agent"), QStringLiteral("state")}, {},
        maxRows, QStringLiteral("tier list"), [](Row &r) {
            CallCenterTier t;
            t.queue = r.text(QStringLiteral("queue"));
            t.agent = r.text(QStringLiteral("agent"));
            t.state = r.text(QStringLiteral("state"));
            t.level = r.count(QStringLiteral("level"));
            t.position = r.count(QStringLiteral("position"));
            return t;
        });
}

Esl::Expected<QList<CallCenterMember>> parseMembers(QByteArrayView body, int maxRows)
{
    return readRows<CallCenterMember>(
        body, {QStringLiteral("uuid"), QStringLiteral("state")}, QStringLiteral("cid_name"),
        maxRows, QStringLiteral("queue list members"), [](Row &r) {
            CallCenterMember m;
            m.uuid = r.text(QStringLiteral("uuid"));
            m.sessionUuid = r.text(QStringLiteral("session_uuid"));
            m.cidNumber = r.text(QStringLiteral("cid_number"));
            m.cidName = r.text(QStringLiteral("cid_name"));
            m.state = r.text(QStringLiteral("state"));
            m.servingAgent = r.text(QStringLiteral("serving_agent"));
            m.joinedMs = r.epochMs(QStringLiteral("joined_epoch"));
            m.bridgedMs = r.epochMs(QStringLiteral("bridge_epoch"));
            m.abandonedMs = r.epochMs(QStringLiteral("abandoned_epoch"));
            m.score = int(std::min<qint64>(r.number(QStringLiteral("base_score")) +
                                               r.number(QStringLiteral("skill_score")),
                                           1 << 30));
            return m;
        });
}

} // namespace Monitor::CallCenterListing
