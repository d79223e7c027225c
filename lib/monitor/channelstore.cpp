#include "channelstore.h"

#include <QSet>
#include <QtEndian>

#include <array>
#include <cstring>

namespace Monitor {

namespace {

bool isChannelEvent(QByteArrayView name)
{
    return name.startsWith("CHANNEL_") || name == "CALL_UPDATE" || name == "RECORD_START" ||
           name == "RECORD_STOP" || name == "CODEC";
}

// field = value as text; skipped when the field already says so (most events repeat what the
// channel's last event said, and converting and allocating cost more than comparing).
void assignUtf8(QString &field, QByteArrayView value)
{
    if (!value.isEmpty() && field.size() == value.size()) {
        const QChar *have = field.constData();
        qsizetype i = 0;
        while (i < value.size() && quint8(value[i]) < 0x80 && have[i].unicode() == quint8(value[i]))
            ++i;
        if (i == value.size())
            return;
    }
    field = QString::fromUtf8(value);
}

// The headers updateFromHeaders reads; each is looked for once per event, in one pass.
enum class Wanted : quint8 {
    Name, Direction, CallerName, CallerNumber, Destination, CalleeName, CalleeNumber, Context,
    ChannelState, CallState, AnswerState, ReadCodec, WriteCodec, CallUuid, OtherLeg, OtherType,
    HangupCause, CreatedTime, AnsweredTime, CallerUniqueId, OtherLoopbackLeg, Count
};

struct WantedHeader
{
    QByteArrayView name;
    Wanted which;
};

constexpr WantedHeader kWanted[] = {
    {"Channel-Name", Wanted::Name},
    {"Call-Direction", Wanted::Direction},
    {"Caller-Caller-ID-Name", Wanted::CallerName},
    {"Caller-Caller-ID-Number", Wanted::CallerNumber},
    {"Caller-Destination-Number", Wanted::Destination},
    {"Caller-Callee-ID-Name", Wanted::CalleeName},
    {"Caller-Callee-ID-Number", Wanted::CalleeNumber},
    {"Caller-Context", Wanted::Context},
    {"Channel-State", Wanted::ChannelState},
    {"Channel-Call-State", Wanted::CallState},
    {"Answer-State", Wanted::AnswerState},
    {"Channel-Read-Codec-Name", Wanted::ReadCodec},
    {"Channel-Write-Codec-Name", Wanted::WriteCodec},
    {"Channel-Call-UUID", Wanted::CallUuid},
    {"Other-Leg-Unique-ID", Wanted::OtherLeg},
    {"Other-Type", Wanted::OtherType},
    {"Hangup-Cause", Wanted::HangupCause},
    {"Caller-Channel-Created-Time", Wanted::CreatedTime},
    {"Caller-Channel-Answered-Time", Wanted::AnsweredTime},
    {"Caller-Unique-ID", Wanted::CallerUniqueId},
    {"variable_other_loopback_leg_uuid", Wanted::OtherLoopbackLeg},
};

// Esl::equalsIgnoringCase, inline: most of the names it is asked about differ in the first
// byte or two, and a call cost more than that.
bool sameIgnoringCase(const char *a, const char *b, qsizetype size)
{
    for (qsizetype i = 0; i < size; ++i) {
        if (a[i] == b[i])
            continue;
        const char folded = char(a[i] | 0x20);
        if (folded != char(b[i] | 0x20) || folded < 'a' || folded > 'z')
            return false;
    }
    return true;
}

constexpr qsizetype kMaxWantedLength = 32;
constexpr qsizetype kMinWantedLength = 10;

// The last eight bytes of a name with every byte's 0x20 bit set: names that are equal ignoring
// case have equal tails, and most unequal ones of the same length differ there (they share
// "Caller-" and "Channel-" prefixes), so one compare turns most of them away.
constexpr quint64 foldedTail(const char *name, qsizetype size)
{
    quint64 w = 0;
    for (int j = 0; j < 8; ++j)
        w |= quint64(quint8(name[size - 8 + j]) | 0x20) << (8 * j);
    return w;
}

// The same at run time: one load.
quint64 foldedTailOf(QByteArrayView name)
{
    return qFromLittleEndian<quint64>(name.data() + name.size() - 8) | 0x2020202020202020ull;
}

constexpr auto wantedTails()
{
    std::array<quint64, std::size(kWanted)> tails{};
    for (size_t i = 0; i < std::size(kWanted); ++i)
        tails[i] = foldedTail(kWanted[i].name.data(), kWanted[i].name.size());
    return tails;
}
constexpr auto kWantedTails = wantedTails();

// kWanted's indexes by name length (at most three names share one), -1 after the last.
constexpr auto wantedByLength()
{
    std::array<std::array<qint8, 4>, kMaxWantedLength + 1> table{};
    for (auto &row : table)
        row.fill(-1);
    for (size_t i = 0; i < std::size(kWanted); ++i) {
        auto &row = table[size_t(kWanted[i].name.size())];
        size_t k = 0;
        while (row[k] >= 0)
            ++k;
        row[k] = qint8(i);
    }
    return table;
}
constexpr auto kWantedByLength = wantedByLength();

// The first value of each wanted header (ASCII case-insensitive, as HeaderList::value), found
// in one pass over the event: twenty lookups of their own scanned ~80 headers each and were
// the channel store's main cost. Null views for those missing.
std::array<QByteArrayView, size_t(Wanted::Count)> wantedValues(const Esl::HeaderList &headers)
{
    std::array<QByteArrayView, size_t(Wanted::Count)> found{};
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QByteArrayView name = headers.name(i);
        if (name.size() > kMaxWantedLength || name.size() < kMinWantedLength)
            continue;
        const quint64 tail = foldedTailOf(name);
        for (const qint8 k : kWantedByLength[size_t(name.size())]) {
            if (k < 0)
                break;
            const QByteArrayView wanted = kWanted[k].name;
            // Past the tail test nearly every name is the one wanted, spelled as listed.
            if (kWantedTails[size_t(k)] == tail &&
                (std::memcmp(wanted.data(), name.data(), size_t(name.size())) == 0 ||
                 sameIgnoringCase(wanted.data(), name.data(), name.size()))) {
                QByteArrayView &slot = found[size_t(kWanted[k].which)];
                if (slot.isNull())
                    slot = headers.value(i);
                break;
            }
        }
    }
    return found;
}

qint64 microsToMs(QByteArrayView text)
{
    return text.toLongLong() / 1000;
}

} // namespace

ChannelStore::ChannelStore(QObject *parent) : QObject(parent) {}

Channel &ChannelStore::upsert(const QString &uuid, qint64 nowMs, bool *created)
{
    auto it = m_channels.find(uuid);
    *created = it == m_channels.end();
    if (*created) {
        it = m_channels.insert(uuid, Channel{});
        it->uuid = uuid;
        it->createdMs = nowMs;
    }
    return *it;
}

void ChannelStore::updateFromHeaders(Channel &c, const Esl::Event &event)
{
    const auto found = wantedValues(event.headers());
    auto set = [&found](QString &field, Wanted which) {
        const QByteArrayView value = found[size_t(which)];
        if (!value.isNull())
            assignUtf8(field, value);
    };
    set(c.name, Wanted::Name);
    set(c.direction, Wanted::Direction);
    set(c.callerName, Wanted::CallerName);
    set(c.callerNumber, Wanted::CallerNumber);
    set(c.destination, Wanted::Destination);
    set(c.calleeName, Wanted::CalleeName);
    set(c.calleeNumber, Wanted::CalleeNumber);
    set(c.context, Wanted::Context);
    set(c.channelState, Wanted::ChannelState);
    set(c.callState, Wanted::CallState);
    set(c.answerState, Wanted::AnswerState);
    set(c.readCodec, Wanted::ReadCodec);
    set(c.writeCodec, Wanted::WriteCodec);
    set(c.callUuid, Wanted::CallUuid);
    set(c.otherLeg, Wanted::OtherLeg);
    set(c.otherType, Wanted::OtherType);
    set(c.hangupCause, Wanted::HangupCause);
    if (const QByteArrayView created = found[size_t(Wanted::CreatedTime)]; created.size() > 1)
        c.createdMs = microsToMs(created);
    if (const QByteArrayView answered = found[size_t(Wanted::AnsweredTime)]; answered.size() > 1)
        c.answeredMs = microsToMs(answered);
    set(c.loopbackPartner, Wanted::OtherLoopbackLeg);
    // Caller-* comes with the channel's basic data, and so do Other-Leg-* whenever the channel
    // has another leg: without them it has none. A transfer gives the channel a new caller
    // profile without one, so this is how its old partner lets go of it.
    if (!found[size_t(Wanted::CallerUniqueId)].isNull()) {
        if (found[size_t(Wanted::OtherLeg)].isNull()) {
            c.otherLeg.clear();
            c.otherType.clear();
        }
        // Only events with the full channel data replace the detail pane's header set.
        c.headers = event.headers();
    }
}

void ChannelStore::bridge(Channel &aLeg, Channel &bLeg)
{
    // A leg bridged anew lets go of its old partner, even when that one's UNBRIDGE was lost.
    for (Channel *leg : {&aLeg, &bLeg}) {
        const QString &other = leg == &aLeg ? bLeg.uuid : aLeg.uuid;
        if (leg->bridgedTo.isEmpty() || leg->bridgedTo == other)
            continue;
        if (auto old = m_channels.find(leg->bridgedTo);
            old != m_channels.end() && old->bridgedTo == leg->uuid) {
            old->bridgedTo.clear();
            Q_EMIT channelChanged(old->uuid);
        }
    }
    aLeg.bridgedTo = bLeg.uuid;
    aLeg.bridgeA = true;
    bLeg.bridgedTo = aLeg.uuid;
    bLeg.bridgeA = false;
}

void ChannelStore::end(Channel &c, const QString &cause, qint64 nowMs)
{
    if (!cause.isEmpty())
        c.hangupCause = cause;
    if (c.ended)
        return;
    c.ended = true;
    c.goneMs = nowMs;
    if (c.hungUpMs == 0)
        c.hungUpMs = nowMs;
    c.recordPath.clear();
    c.bridgedTo.clear();
    tombstone(c.uuid, nowMs);
}

bool ChannelStore::apply(const Esl::Event &event, qint64 nowMs)
{
    const QByteArrayView name = event.eventName();
    if (name == "RECV_RTCP_MESSAGE" || name == "SEND_RTCP_MESSAGE")
        return applyRtcpEvent(event, nowMs);
    if (!isChannelEvent(name))
        return false;
    const QString uuid = event.uniqueId();
    if (uuid.isEmpty())
        return false;
    if (name == "CHANNEL_UUID") {
        // The channel took a new uuid (origination_uuid): it is the same channel.
        const QString old = event.text("Old-Unique-ID");
        const auto it = m_channels.find(old);
        if (!old.isEmpty() && old != uuid && it != m_channels.end()) {
            Channel moved = std::move(*it);
            m_channels.erase(it);
            moved.uuid = uuid;
            m_channels.insert(uuid, std::move(moved));
            Q_EMIT channelRemoved(old);
            Q_EMIT channelAdded(uuid);
        }
    }
    bool created = false;
    auto existing = m_channels.find(uuid);
    // Nothing to learn from the last words of a channel we never saw, nor from late words of
    // one that ended and has expired since.
    if (existing == m_channels.end() &&
        (name == "CHANNEL_DESTROY" || name == "CHANNEL_HANGUP_COMPLETE" || isTombstoned(uuid)))
        return false;
    Channel &c = upsert(uuid, nowMs, &created);
    c.lastEventMs = nowMs;
    const QString loopbackPartner = c.loopbackPartner;
    updateFromHeaders(c, event);
    if (c.loopbackPartner != loopbackPartner) {
        // Each half names the other; whichever speaks first tells both.
        if (auto other = m_channels.find(c.loopbackPartner);
            other != m_channels.end() && other->loopbackPartner.isEmpty()) {
            other->loopbackPartner = uuid;
            Q_EMIT channelChanged(other->uuid);
        }
    }

    QStringList touched{uuid};
    if (name == "CHANNEL_EXECUTE") {
        c.application = event.text("Application");
        c.applicationData = event.text("Application-Data");
    } else if (name == "CHANNEL_HOLD") {
        c.held = true;
    } else if (name == "CHANNEL_UNHOLD") {
        c.held = false;
    } else if (name == "CHANNEL_CALLSTATE") {
        const QByteArrayView state = event.header("Channel-Call-State");
        if (state == "HELD")
            c.held = true;
        else if (state == "ACTIVE" || state == "UNHELD")
            c.held = false;
    } else if (name == "CHANNEL_PARK") {
        c.parked = true;
    } else if (name == "CHANNEL_UNPARK") {
        c.parked = false;
    } else if (name == "RECORD_START") {
        c.recordPath = event.text("Record-File-Path");
        if (c.recordPath.isEmpty())
            c.recordPath = QStringLiteral("(recording)");
    } else if (name == "RECORD_STOP") {
        c.recordPath.clear();
    } else if (name == "CHANNEL_ANSWER") {
        if (c.answeredMs == 0)
            c.answeredMs = nowMs;
    } else if (name == "CHANNEL_BRIDGE") {
        const QString a = event.text("Bridge-A-Unique-ID");
        const QString b = event.text("Bridge-B-Unique-ID");
        if (!a.isEmpty() && !b.isEmpty()) {
            // Both first: adding the second may rehash, and a reference to the first with it.
            bool aCreated = false;
            bool bCreated = false;
            upsert(a, nowMs, &aCreated);
            Channel &bLeg = upsert(b, nowMs, &bCreated);
            Channel &aLeg = *m_channels.find(a);
            if (aCreated)
                Q_EMIT channelAdded(a);
            if (bCreated)
                Q_EMIT channelAdded(b);
            bridge(aLeg, bLeg);
            aLeg.parked = bLeg.parked = false;
            // Normally the event is the A leg's, but any channel's own fields changed too.
            for (const QString &leg : {a, b}) {
                if (!touched.contains(leg))
                    touched.append(leg);
            }
        }
    } else if (name == "CHANNEL_UNBRIDGE") {
        for (const QByteArrayView header : {"Bridge-A-Unique-ID", "Bridge-B-Unique-ID"}) {
            const QString leg = event.text(header);
            auto it = m_channels.find(leg);
            if (it != m_channels.end()) {
                it->bridgedTo.clear();
                if (!touched.contains(leg))
                    touched.append(leg);
            }
        }
    } else if (name == "CHANNEL_HANGUP" || name == "CHANNEL_HANGUP_COMPLETE" ||
               name == "CHANNEL_DESTROY") {
        if (const QByteArrayView t = event.header("Caller-Channel-Hangup-Time"); t.size() > 1)
            c.hungUpMs = microsToMs(t);
        const QString partner = c.bridgedTo;
        if (name == "CHANNEL_HANGUP_COMPLETE")
            applyHangupVariables(c.quality, event.headers(), nowMs); // the final figures
        end(c, event.text("Hangup-Cause"), nowMs);
        if (auto it = m_channels.find(partner); it != m_channels.end() && it->bridgedTo == uuid) {
            it->bridgedTo.clear();
            touched.append(partner);
        }
    }
    if (created) {
        Q_EMIT channelAdded(uuid);
        touched.removeOne(uuid);
    }
    for (const QString &t : std::as_const(touched))
        Q_EMIT channelChanged(t);
    return true;
}

void ChannelStore::clear()
{
    const QStringList uuids = m_channels.keys();
    m_channels.clear();
    m_tombstones.clear();
    m_tombstoneOrder.clear();
    for (const QString &uuid : uuids)
        Q_EMIT channelRemoved(uuid);
}

const Channel *ChannelStore::channel(const QString &uuid) const
{
    const auto it = m_channels.constFind(uuid);
    return it == m_channels.cend() ? nullptr : &*it;
}

QList<const Channel *> ChannelStore::channels() const
{
    QList<const Channel *> out;
    out.reserve(m_channels.size());
    for (const Channel &c : m_channels)
        out.append(&c);
    return out;
}

int ChannelStore::liveCount() const
{
    int n = 0;
    for (const Channel &c : m_channels)
        n += !c.ended && !c.zombie;
    return n;
}

} // namespace Monitor
