#include "channelsnapshot.h"

#include "channelsnapshotfields.h"

#include <QJsonArray>

// The reader alone: a program that only reads bundles (the importer) needs no Channel logic and
// no ChannelStore (tests/fuzz builds the importer without them).

namespace Monitor {

using namespace SnapshotFields;

std::optional<Channel> channelOfSnapshot(const QJsonObject &snapshot)
{
    Channel c;
    for (const TextField &f : kTexts) {
        const QJsonValue v = snapshot.value(QLatin1StringView(f.key));
        if (!v.isUndefined() && !v.isString())
            return std::nullopt;
        c.*f.member = v.toString();
    }
    for (const FlagField &f : kFlags) {
        const QJsonValue v = snapshot.value(QLatin1StringView(f.key));
        if (!v.isUndefined() && !v.isBool())
            return std::nullopt;
        c.*f.member = v.toBool();
    }
    for (const TimeField &f : kTimes) {
        const QJsonValue v = snapshot.value(QLatin1StringView(f.key));
        if (!v.isUndefined() && !v.isDouble())
            return std::nullopt;
        c.*f.member = v.toInteger();
    }
    const QJsonValue headers = snapshot.value(QLatin1StringView("headers"));
    if (!headers.isUndefined() && !headers.isArray())
        return std::nullopt;
    for (const QJsonValue &pair : headers.toArray()) {
        const QJsonArray entry = pair.toArray();
        if (entry.size() != 2 || !entry[0].isString() || !entry[1].isString())
            return std::nullopt;
        c.headers.append(entry[0].toString().toUtf8(), entry[1].toString().toUtf8());
    }
    // The leg's quality (callquality.h): checked figure by figure, a history too long left out.
    const QJsonValue quality = snapshot.value(QLatin1StringView("quality"));
    if (!quality.isUndefined()) {
        std::optional<LegQuality> q = qualityOfSnapshot(quality);
        if (!q)
            return std::nullopt;
        c.quality = std::move(*q);
    }
    if (c.uuid.isEmpty())
        return std::nullopt;
    return c;
}

} // namespace Monitor
