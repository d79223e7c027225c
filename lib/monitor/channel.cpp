#include "channel.h"

namespace Monitor {

QString Channel::displayState() const
{
    if (ended || callState == u"HANGUP")
        return QStringLiteral("ended");
    // uuid_park's CS_PARK, or mod_valet_parking holding it in a slot (the application runs until
    // the call leaves; a bridge to it is the retrieval).
    if (parked || (application == u"valet_park" && bridgedTo.isEmpty()))
        return QStringLiteral("parked");
    if (held || callState == u"HELD")
        return QStringLiteral("held");
    if (callState == u"ACTIVE" || callState == u"UNHELD")
        return QStringLiteral("active");
    if (callState == u"EARLY")
        return QStringLiteral("early");
    if (answerState == u"answered")
        return QStringLiteral("active");
    return QStringLiteral("ringing");
}

QString Channel::loopbackEndpoint() const
{
    if (!isLoopback())
        return {};
    if (name.endsWith(u"-a") || name.endsWith(u"-b"))
        return name.chopped(2);
    return name;
}

} // namespace Monitor
