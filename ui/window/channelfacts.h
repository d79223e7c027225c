#pragma once
// What the channel details show first, in the order an operator reads them: who calls whom, the
// state, the times, the codec, the application, the recording, and the call's other legs; then
// the channel's own names. The variables and the raw headers come after, in the panel.

#include "monitor/channelstore.h"

#include <QList>
#include <QString>

namespace Ui {

struct ChannelFact
{
    QString name;
    QString value;
    QString tooltip; // the whole of a shortened value
};

// The facts of `channel`, one of `channels`' (its call's other legs are looked up there), at
// `nowMs` (for the duration of a call still up).
[[nodiscard]] QList<ChannelFact> channelFacts(const Monitor::Channel &channel,
                                              const Monitor::ChannelStore &channels,
                                              const QString &serverName, qint64 nowMs);

} // namespace Ui
