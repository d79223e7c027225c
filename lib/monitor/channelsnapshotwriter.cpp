// The writer's side of channelsnapshot.h: a Channel as a snapshot, and channels worked out again
// from their records.

#include "channelsnapshot.h"

#include "channelsnapshotfields.h"
#include "channelstore.h"

#include <QJsonArray>

#include <algorithm>
#include <limits>

namespace Monitor {

using namespace SnapshotFields;

QJsonObject snapshotOf(const Channel &c)
{
    QJsonObject out;
    for (const TextField &f : kTexts)
        out.insert(QLatin1StringView(f.key), c.*f.member);
    for (const FlagField &f : kFlags)
        out.insert(QLatin1StringView(f.key), c.*f.member);
    for (const TimeField &f : kTimes)
        out.insert(QLatin1StringView(f.key), c.*f.member);
    out.insert(QStringLiteral("displayState"), c.displayState());
    QJsonArray headers;
    for (qsizetype i = 0; i < c.headers.size(); ++i)
        headers.append(QJsonArray{QString::fromUtf8(c.headers.name(i)),
                                  QString::fromUtf8(c.headers.value(i))});
    out.insert(QStringLiteral("headers"), headers);
    // Its audio quality once anything is known: an ended call's bundle keeps its MOS.
    if (c.quality.known())
        out.insert(QStringLiteral("quality"), qualitySnapshot(c.quality));
    return out;
}

QList<Channel> rebuildChannels(const EventStore &store, const QStringList &uuids,
                               std::optional<ServerId> server)
{
    ChannelStore channels;
    // Ended channels are what a bundle is usually about: none may expire while replaying.
    channels.setEndedRetention(std::numeric_limits<qint64>::max() / 4);
    QList<Sequence> records;
    for (const QString &uuid : uuids)
        records += store.recordsOfChannel(uuid.toUtf8());
    std::sort(records.begin(), records.end());
    records.erase(std::unique(records.begin(), records.end()), records.end());
    for (const Sequence seq : records) {
        const std::optional<EventStore::Record> record = store.record(seq);
        if (!record || record->kind() != RecordKind::Event ||
            (server && record->server() != *server))
            continue;
        if (const std::optional<Esl::Event> event = store.event(seq))
            channels.apply(*event, record->receivedMs());
    }
    QList<Channel> out;
    for (const QString &uuid : uuids) {
        if (const Channel *channel = channels.channel(uuid))
            out.append(*channel);
    }
    return out;
}

} // namespace Monitor
