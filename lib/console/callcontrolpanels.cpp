// CallControl::serverCommand: the supervisor panels' actions (callcontrol.h).

#include "callcontrol.h"

#include "esl/promise.h"
#include "esl/watchonly.h"

#include <QPointer>

namespace Console {

QFuture<ActionOutcome> CallControl::serverCommand(Monitor::ServerId server, const QString &action,
                                                  const QString &what,
                                                  const Esl::Expected<QString> &command,
                                                  const ReplyCheck &check)
{
    const Label label{action, what};
    if (!command)
        return refuse(server, label, command.error().message);
    const QString text = *command;
    const auto send = [=, this](const Monitor::SwitchLink::Accepted &) {
        const Esl::detail::SharedPromise<Answer> promise;
        const QPointer<Monitor::Hub> hub(m_hub);
        m_hub->api(server, text, m_timeoutMs).then([=](const Esl::Reply &r) {
            if (r.error()) {
                const bool late = r.error()->code == Esl::Error::Code::Timeout;
                promise.finish(Answer{
                    false, late ? tr("Timed out: %1 (the switch may still carry it out)")
                                      .arg(r.errorText())
                                : r.errorText()});
                return;
            }
            if (Esl::isPermissionDenied(r)) {
                const Monitor::ServerMonitor *monitor = hub ? hub->server(server) : nullptr;
                promise.finish(Answer{false, Esl::permissionRefusal(
                                                 text, monitor ? monitor->profile().connection.user
                                                               : QString())});
                return;
            }
            const QString reply = r.text().trimmed();
            std::optional<QString> failure;
            if (check)
                failure = check(reply);
            else if (reply.startsWith(QLatin1String("-ERR")) ||
                     reply.startsWith(QLatin1String("-USAGE")))
                failure = reply;
            promise.finish(failure ? Answer{false, *failure} : Answer{true, reply});
        });
        return promise.future();
    };
    return dispatch(server, label, QStringLiteral("api ") + text, Wait::ForReply, send);
}

} // namespace Console
