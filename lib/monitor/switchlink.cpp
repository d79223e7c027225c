#include "switchlink.h"

#include "esl/promise.h"

namespace Monitor {

SwitchLink::SwitchLink(QObject *parent) : QObject(parent) {}

SwitchLink::~SwitchLink() = default;

QFuture<Esl::Reply> SwitchLink::api(const QString &command, int timeoutMs)
{
    if (!can(Capability::Api))
        return Esl::detail::readyFuture(Esl::Reply::failure(unavailable(Capability::Api)));
    return sendApi(command, timeoutMs);
}

QFuture<Esl::JobResult> SwitchLink::bgapi(const QString &command, int timeoutMs,
                                          const Accepted &accepted)
{
    if (!can(Capability::Bgapi))
        return Esl::detail::readyFuture(
            Esl::JobResult::failure({}, unavailable(Capability::Bgapi)));
    return sendBgapi(command, timeoutMs, accepted);
}

QFuture<Esl::ExecuteResult> SwitchLink::execute(const QString &application, const QString &argument,
                                                const Esl::ExecuteOptions &options,
                                                const Accepted &accepted)
{
    if (!can(Capability::Execute))
        return Esl::detail::readyFuture(
            Esl::ExecuteResult::failure({}, unavailable(Capability::Execute)));
    return sendExecute(application, argument, options, accepted);
}

QFuture<Esl::ExecuteResult> SwitchLink::sendExecute(const QString &, const QString &,
                                                    const Esl::ExecuteOptions &, const Accepted &)
{
    return Esl::detail::readyFuture(
        Esl::ExecuteResult::failure({}, unavailable(Capability::Execute)));
}

Esl::Error SwitchLink::unavailable(Capability capability) const
{
    // InvalidArgument: refused before anything was written, like a malformed command; no
    // retry or reconnect will make it work.
    return Esl::Error{Esl::Error::Code::InvalidArgument,
                      tr("%1 is not available over %2").arg(capabilityName(capability), kind()),
                      -1};
}

QString SwitchLink::stateName(LinkState state)
{
    switch (state) {
    case LinkState::Disconnected:
        return QStringLiteral("disconnected");
    case LinkState::Connecting:
        return QStringLiteral("connecting");
    case LinkState::Authenticating:
        return QStringLiteral("authenticating");
    case LinkState::Live:
        return QStringLiteral("live");
    case LinkState::Reconnecting:
        return QStringLiteral("reconnecting");
    case LinkState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString SwitchLink::capabilityName(Capability capability)
{
    switch (capability) {
    case Capability::Api:
        return QStringLiteral("api");
    case Capability::Bgapi:
        return QStringLiteral("bgapi");
    case Capability::Execute:
        return QStringLiteral("execute");
    case Capability::LogLines:
        return QStringLiteral("log lines");
    case Capability::ChannelDump:
        return QStringLiteral("uuid_dump");
    }
    return {};
}

} // namespace Monitor
