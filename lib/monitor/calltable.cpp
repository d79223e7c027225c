#include "calltable.h"

#include "esl/wire/json.h"

#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>

namespace Monitor {

qint64 legDurationMs(const Channel &c, qint64 nowMs)
{
    const qint64 start = c.answeredMs > 0 ? c.answeredMs : c.createdMs;
    qint64 end = nowMs;
    if (c.ended)
        end = c.hungUpMs > 0 ? c.hungUpMs : c.goneMs;
    else if (c.zombie)
        end = c.goneMs;
    return start > 0 ? std::max<qint64>(0, end - start) : 0;
}

QList<CallRow> callTable(const ChannelStore &store)
{
    QList<CallRow> rows;
    const QHash<QString, QStringList> calls = store.calls();
    rows.reserve(calls.size());
    for (auto it = calls.begin(); it != calls.end(); ++it) {
        CallRow row;
        row.key = it.key();
        for (const QString &uuid : it.value()) {
            if (const Channel *leg = store.channel(uuid))
                row.legs.append(leg);
        }
        if (row.legs.isEmpty())
            continue;
        // The first leg first, then the others as they were created (as the calls model
        // places a new call's legs).
        std::stable_sort(row.legs.begin(), row.legs.end(), [&](const Channel *a, const Channel *b) {
            if ((a->uuid == row.key) != (b->uuid == row.key))
                return a->uuid == row.key;
            if (a->createdMs != b->createdMs)
                return a->createdMs < b->createdMs;
            return a->uuid < b->uuid;
        });
        rows.append(std::move(row));
    }
    const auto createdOf = [](const CallRow &row) { return row.legs.first()->createdMs; };
    std::sort(rows.begin(), rows.end(), [&](const CallRow &a, const CallRow &b) {
        return createdOf(a) != createdOf(b) ? createdOf(a) < createdOf(b) : a.key < b.key;
    });
    return rows;
}

namespace {

// Writes the members of one JSON object, separated as json.dumps does.
class Members
{
public:
    explicit Members(QByteArray &out) : m_out(out) { m_out += '{'; }
    ~Members() { m_out += '}'; }
    Members &add(const char *name, const QString &value)
    {
        key(name);
        Esl::wire::appendJsonString(m_out, value.toUtf8());
        return *this;
    }
    Members &add(const char *name, qint64 value)
    {
        key(name);
        m_out += QByteArray::number(value);
        return *this;
    }
    Members &add(const char *name, bool value)
    {
        key(name);
        m_out += value ? "true" : "false";
        return *this;
    }
    Members &add(const char *name, double value)
    {
        key(name);
        m_out += QByteArray::number(value, 'g', 12);
        return *this;
    }
    // The name of a member whose value the caller writes.
    void key(const char *name)
    {
        if (!m_first)
            m_out += ", ";
        m_first = false;
        Esl::wire::appendJsonString(m_out, name);
        m_out += ": ";
    }

private:
    QByteArray &m_out;
    bool m_first = true;
};

// {"mos", "lossPct", "jitterMs", "rttMs", "fsMos", "final"}: the known ones of qualityJson, in
// that order.
void appendQuality(QByteArray &out, const LegQuality &quality)
{
    const QJsonObject figures = qualityJson(quality);
    Members members(out);
    for (const char *name : {"mos", "lossPct", "jitterMs", "rttMs", "fsMos"}) {
        const QJsonValue v = figures.value(QLatin1StringView(name));
        if (v.isDouble())
            members.add(name, v.toDouble());
    }
    if (figures.value(QLatin1StringView("final")).toBool())
        members.add("final", true);
}

} // namespace

QByteArray callJson(const QString &server, const CallRow &call, qint64 nowMs)
{
    QByteArray out;
    {
        Members object(out);
        object.add("server", server).add("call", call.key);
        object.key("legs");
        out += '[';
        for (qsizetype i = 0; i < call.legs.size(); ++i) {
            if (i > 0)
                out += ", ";
            const Channel &leg = *call.legs[i];
            Members legMembers(out);
            legMembers.add("uuid", leg.uuid)
                .add("name", leg.name)
                .add("direction", leg.direction)
                .add("state", leg.displayState())
                .add("callerName", leg.callerName)
                .add("callerNumber", leg.callerNumber)
                .add("destination", leg.destination)
                .add("createdMs", leg.createdMs)
                .add("answeredMs", leg.answeredMs)
                .add("durationMs", legDurationMs(leg, nowMs))
                .add("bridgedTo", leg.bridgedTo)
                .add("application", leg.application)
                .add("held", leg.held)
                .add("parked", leg.parked)
                .add("recording", leg.isRecording())
                .add("ghost", leg.ghost);
            if (leg.quality.known()) {
                legMembers.key("quality");
                appendQuality(out, leg.quality);
            }
        }
        out += ']';
    }
    return out;
}

} // namespace Monitor
