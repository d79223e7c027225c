#include "calltable.h"

#include "esl/wire/json.h"

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

void field(QByteArray &out, const char *name, const QString &value)
{
    Esl::wire::appendJsonString(out, name);
    out += ": ";
    Esl::wire::appendJsonString(out, value.toUtf8());
}

void field(QByteArray &out, const char *name, qint64 value)
{
    Esl::wire::appendJsonString(out, name);
    out += ": ";
    out += QByteArray::number(value);
}

void field(QByteArray &out, const char *name, bool value)
{
    Esl::wire::appendJsonString(out, name);
    out += value ? ": true" : ": false";
}

} // namespace

QByteArray callJson(const QString &server, const CallRow &call, qint64 nowMs)
{
    QByteArray out = "{";
    field(out, "server", server);
    out += ", ";
    field(out, "call", call.key);
    out += ", \"legs\": [";
    bool first = true;
    for (const Channel *leg : call.legs) {
        if (!first)
            out += ", ";
        first = false;
        out += '{';
        field(out, "uuid", leg->uuid);
        out += ", ";
        field(out, "name", leg->name);
        out += ", ";
        field(out, "direction", leg->direction);
        out += ", ";
        field(out, "state", leg->displayState());
        out += ", ";
        field(out, "callerName", leg->callerName);
        out += ", ";
        field(out, "callerNumber", leg->callerNumber);
        out += ", ";
        field(out, "destination", leg->destination);
        out += ", ";
        field(out, "createdMs", leg->createdMs);
        out += ", ";
        field(out, "answeredMs", leg->answeredMs);
        out += ", ";
        field(out, "durationMs", legDurationMs(*leg, nowMs));
        out += ", ";
        field(out, "bridgedTo", leg->bridgedTo);
        out += ", ";
        field(out, "application", leg->application);
        out += ", ";
        field(out, "held", leg->held);
        out += ", ";
        field(out, "parked", leg->parked);
        out += ", ";
        field(out, "recording", leg->isRecording());
        out += ", ";
        field(out, "ghost", leg->ghost);
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace Monitor
