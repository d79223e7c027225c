// The quality part of the channel store: RTCP events and mediaStats replies into the quality of
// the channels it has (the hangup figures come with CHANNEL_HANGUP_COMPLETE in channelstore.cpp).
#include "channelstore.h"

namespace Monitor {

namespace {

// The channel's RTP clock rate, for the jitter of SEND reports (which carry no RTP-Rate): its
// read codec's rate, else what the media layer negotiated; 0 when unknown (8000 assumed).
int clockRateOf(const Channel &c)
{
    for (const QByteArrayView header :
         {"Channel-Read-Codec-Rate", "variable_rtp_use_codec_rate", "variable_read_rate"}) {
        bool ok = false;
        const int rate = c.headers.value(header).trimmed().toInt(&ok);
        if (ok && rate >= 1000 && rate <= 192000)
            return rate;
    }
    return 0;
}

} // namespace

bool ChannelStore::applyRtcpEvent(const Esl::Event &event, qint64 nowMs)
{
    // RTCP events carry no channel headers besides Unique-ID: they never create a channel, and
    // only the quality of one we have (and that has not ended: its figures are final) changes.
    const auto it = m_channels.find(event.uniqueId());
    if (it == m_channels.end() || it->ended)
        return false;
    Channel &c = *it;
    if (!c.readCodec.isEmpty())
        c.quality.codec = c.readCodec;
    if (!applyRtcp(c.quality, event, clockRateOf(c), nowMs))
        return false;
    Q_EMIT channelChanged(c.uuid);
    return true;
}

bool ChannelStore::applyMediaStats(const QString &uuid, QByteArrayView reply, qint64 nowMs,
                                   QString *error)
{
    const auto it = m_channels.find(uuid);
    if (it == m_channels.end()) {
        if (error)
            *error = QStringLiteral("no such channel: %1").arg(uuid.left(64));
        return false;
    }
    if (!it->readCodec.isEmpty() && !it->quality.final)
        it->quality.codec = it->readCodec;
    const Esl::Expected<bool> applied = Monitor::applyMediaStats(it->quality, reply, nowMs);
    if (!applied) {
        if (error)
            *error = applied.error().message;
        return false;
    }
    Q_EMIT channelChanged(uuid);
    return true;
}

} // namespace Monitor
