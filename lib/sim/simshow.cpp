// `show channels|calls [as json]` of the simulated switch: the real columns, in the real order,
// written as cJSON writes them (no spaces; {"row_count": 0} when there is nothing).

#include "channel.h"
#include "simswitch.h"

#include "esl/wire/json.h"

#include <QSet>

namespace Sim {

namespace {

void appendJsonString(QByteArray &out, const QString &text)
{
    Esl::wire::appendJsonString(out, text.toUtf8());
}

using Row = QList<std::pair<QByteArray, QString>>;

QByteArray rowsToJson(const QList<Row> &rows)
{
    if (rows.isEmpty())
        return "{\"row_count\": 0}\n";
    QByteArray out = "{\"row_count\":" + QByteArray::number(rows.size()) + ",\"rows\":[";
    for (qsizetype r = 0; r < rows.size(); ++r) {
        if (r)
            out.append(',');
        out.append('{');
        for (qsizetype i = 0; i < rows[r].size(); ++i) {
            if (i)
                out.append(',');
            appendJsonString(out, QString::fromUtf8(rows[r][i].first));
            out.append(':');
            appendJsonString(out, rows[r][i].second);
        }
        out.append('}');
    }
    out.append("]}");
    return out;
}

QByteArray rowsToText(const QList<Row> &rows, const QList<QByteArray> &columns)
{
    QByteArray out = columns.join(',') + '\n';
    for (const Row &row : rows) {
        QStringList values;
        for (const auto &[key, value] : row)
            values.append(value);
        out += values.join(u',').toUtf8() + '\n';
    }
    out += "\n" + QByteArray::number(rows.size()) + " total.\n";
    return out;
}

QString createdText(const Channel &c)
{
    return QDateTime::fromMSecsSinceEpoch(c.createdEpochMs)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

Row channelRow(const Channel &c, const QString &hostname)
{
    const CallerProfile &p = c.profile;
    return Row{
        {"uuid", c.uuid},
        {"direction", c.direction},
        {"created", createdText(c)},
        {"created_epoch", QString::number(c.createdEpochMs / 1000)},
        {"name", c.name},
        {"state", c.state},
        {"cid_name", p.callerIdName},
        {"cid_num", p.callerIdNumber},
        {"ip_addr", c.direction == u"inbound" ? QStringLiteral("127.0.0.1") : QString()},
        {"dest", p.destination},
        {"application", c.application},
        {"application_data", c.applicationData},
        {"dialplan", p.dialplan},
        {"context", p.context},
        {"read_codec", c.codec},
        {"read_rate", QString::number(c.codecRate)},
        {"read_bit_rate", QString::number(c.codecBitRate)},
        {"write_codec", c.codec},
        {"write_rate", QString::number(c.codecRate)},
        {"write_bit_rate", QString::number(c.codecBitRate)},
        {"secure", QString()},
        {"hostname", hostname},
        {"presence_id", QString()},
        {"presence_data", QString()},
        {"accountcode", QString()},
        {"callstate", c.callState},
        {"callee_name", p.calleeIdName},
        {"callee_num", p.calleeIdNumber},
        {"callee_direction", p.calleeIdNumber.isEmpty() ? QString() : QStringLiteral("SEND")},
        {"call_uuid", c.callUuid.isEmpty() ? c.uuid : c.callUuid},
        {"sent_callee_name", QString()},
        {"sent_callee_num", QString()},
        {"initial_cid_name", p.origCallerIdName},
        {"initial_cid_num", p.origCallerIdNumber},
        {"initial_ip_addr", QString()},
        {"initial_dest", p.destination},
        {"initial_dialplan", p.dialplan},
        {"initial_context", p.context}};
}

Row callRow(const Channel &a, const Channel *b, const QString &hostname)
{
    auto part = [&](const Channel *c, const char *prefix) {
        const QByteArray pre(prefix);
        const CallerProfile *p = c ? &c->profile : nullptr;
        auto v = [&](const QString &value) { return c ? value : QString(); };
        return Row{
            {pre + "uuid", v(c ? c->uuid : QString())},
            {pre + "direction", v(c ? c->direction : QString())},
            {pre + "created", v(c ? createdText(*c) : QString())},
            {pre + "created_epoch", v(c ? QString::number(c->createdEpochMs / 1000) : QString())},
            {pre + "name", v(c ? c->name : QString())},
            {pre + "state", v(c ? c->state : QString())},
            {pre + "cid_name", v(p ? p->callerIdName : QString())},
            {pre + "cid_num", v(p ? p->callerIdNumber : QString())},
            {pre + "ip_addr", QString()},
            {pre + "dest", v(p ? p->destination : QString())},
            {pre + "presence_id", QString()},
            {pre + "presence_data", QString()},
            {pre + "accountcode", QString()},
            {pre + "callstate", v(c ? c->callState : QString())},
            {pre + "callee_name", v(p ? p->calleeIdName : QString())},
            {pre + "callee_num", v(p ? p->calleeIdNumber : QString())},
            {pre + "callee_direction", QString()}};
    };
    Row row = part(&a, "");
    row.append({"call_uuid", b ? a.uuid : QString()});
    row.append({"hostname", hostname});
    row.append({"sent_callee_name", QString()});
    row.append({"sent_callee_num", QString()});
    row.append(part(b, "b_"));
    row.append({"b_sent_callee_name", QString()});
    row.append({"b_sent_callee_num", QString()});
    row.append({"call_created_epoch", b ? QString::number(a.createdEpochMs / 1000) : QString()});
    return row;
}

} // namespace

void Switch::keepStaleRow(const Channel &channel)
{
    if (m_config.staleRowMs <= 0)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_staleRows.removeIf([&](const auto &row) { return row.first <= now; });
    m_staleRows.append({now + m_config.staleRowMs, std::make_shared<const Channel>(channel)});
}

QList<const Channel *> Switch::listedChannels() const
{
    // The live channels, and the rows the listing has not let go of yet (whose channels answer
    // "No such channel" to everything else), oldest first.
    QList<const Channel *> channels;
    for (const auto &c : m_channels)
        channels.append(c.get());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &[until, c] : m_staleRows) {
        if (until > now && !m_channels.contains(c->uuid))
            channels.append(c.get());
    }
    std::sort(channels.begin(), channels.end(), [](const Channel *a, const Channel *b) {
        return a->createdEpochMs < b->createdEpochMs;
    });
    return channels;
}

QByteArray Switch::showChannels(bool json) const
{
    const QList<const Channel *> channels = listedChannels();
    QList<Row> rows;
    for (const Channel *c : std::as_const(channels))
        rows.append(channelRow(*c, m_config.hostname));
    if (json)
        return rowsToJson(rows);
    QList<QByteArray> columns;
    for (const auto &[key, value] : channelRow(Channel(), {}))
        columns.append(key);
    return rowsToText(rows, columns);
}

int Switch::showCallCount() const
{
    int calls = 0;
    for (const auto &c : m_channels)
        calls += c->bridgedUuid.isEmpty() || c->otherType != u"originator";
    return calls;
}

QByteArray Switch::showCalls(bool json) const
{
    // One row per call: a bridged pair is the A leg's row with the B leg's b_* columns; a
    // lone channel has its own row with empty b_* columns.
    const QList<const Channel *> channels = listedChannels();
    QList<Row> rows;
    QSet<QString> shown;
    for (const Channel *leg : std::as_const(channels)) {
        if (shown.contains(leg->uuid))
            continue;
        const Channel *c = leg;
        // A stale row stands alone: its channel is gone, whatever it was bridged to.
        const bool stale = !m_channels.contains(c->uuid);
        const Channel *b = c->bridgedUuid.isEmpty() || stale ? nullptr : channel(c->bridgedUuid);
        if (b && c->otherType == u"originator")
            std::swap(c, b); // the row is the originating leg's
        shown.insert(c->uuid);
        if (b)
            shown.insert(b->uuid);
        rows.append(callRow(*c, b, m_config.hostname));
    }
    if (json)
        return rowsToJson(rows);
    QList<QByteArray> columns;
    for (const auto &[key, value] : callRow(Channel(), nullptr, {}))
        columns.append(key);
    return rowsToText(rows, columns);
}

} // namespace Sim
