#include "console/callcontrol.h"

#include "console/channellog.h"
#include "console/watchonlysetting.h"

#include "esl/promise.h"
#include "esl/watchonly.h"
#include "monitor/bidi.h"

#include <QDateTime>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace Console {

namespace C = Esl::Commands;

namespace {

// FreeSWITCH's default originate_timeout: how long an originate's job may ring.
constexpr int kDefaultOriginateSeconds = 60;

bool hasControl(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
               c == QChar::ParagraphSeparator;
    });
}

// A value put into a file name: letters, digits and - _ . + only, and never a "." or ".."
// that would climb out of the template's directory or hide the file.
QString pathSafe(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (QChar c : value)
        out +=
            (c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u'.' || c == u'+') ? c : u'_';
    out.replace(QStringLiteral(".."), QStringLiteral("__"));
    if (out.startsWith(u'.'))
        out[0] = u'_';
    return out;
}

// Only what the originate builder takes inside {...}; anything else is left out rather than
// refusing the whole action over a caller's odd number.
bool fitsAVariable(const QString &value)
{
    return !hasControl(value) && std::none_of(value.cbegin(), value.cend(), [](QChar c) {
        return c == u',' || c == u'{' || c == u'}' || c == u'\'' || c == u'\\';
    });
}

QString timedOut(const QString &detail)
{
    return CallControl::tr("Timed out: %1 (the switch may still carry it out)").arg(detail);
}

// The switch's "-ERR permission denied" under userauth, as a sentence naming the command and the
// login (Esl::permissionRefusal); empty for any other reply.
QString deniedText(const Monitor::Hub *hub, Monitor::ServerId server, const QString &command,
                   const Esl::Reply &reply)
{
    if (!Esl::isPermissionDenied(reply))
        return {};
    const Monitor::ServerMonitor *monitor = hub ? hub->server(server) : nullptr;
    return Esl::permissionRefusal(command, monitor ? monitor->profile().connection.user : QString());
}

// Why a command failed: the switch's -ERR text, or what happened to the link.
QString failureText(const std::optional<Esl::Error> &error, const QString &text)
{
    if (error && error->code == Esl::Error::Code::Timeout)
        return timedOut(error->message);
    return text;
}

// The sendmsg block as the audit log shows it (Hub::execute writes the same).
QString sendmsgText(const QString &uuid, const QString &application, const QString &arguments,
                    bool eventLock)
{
    QString text = QStringLiteral("sendmsg %1\ncall-command: execute\nexecute-app-name: %2")
                       .arg(uuid, application);
    if (!arguments.isEmpty())
        text += QStringLiteral("\nexecute-app-arg: ") + arguments;
    if (eventLock)
        text += QStringLiteral("\nevent-lock: true");
    return text;
}

// Whether the switch acknowledged a bgapi or sendmsg (its link calls back): the action's timeout
// bounds the acknowledgement only, since a ringing phone or a long playback may take minutes and
// a silent switch must not.
struct Acknowledgement
{
    bool received = false;
};

} // namespace

CallControl::CallControl(Monitor::Hub *hub, QObject *parent)
    : QObject(parent), m_hub(hub), m_log(new ChannelLog(hub, this))
{
    qRegisterMetaType<Console::ActionOutcome>();
}

const Monitor::Channel *CallControl::liveChannel(const ChannelKey &key) const
{
    const Monitor::ServerMonitor *server = m_hub->server(key.server);
    if (!server)
        return nullptr;
    const Monitor::Channel *c = server->channels()->channel(key.uuid);
    return c && !c->ended && !c->zombie ? c : nullptr;
}

QString CallControl::describe(const ChannelKey &key) const
{
    const Monitor::ServerMonitor *server = m_hub->server(key.server);
    const Monitor::Channel *c = server ? server->channels()->channel(key.uuid) : nullptr;
    if (!c)
        return key.uuid;
    // Each name isolated: an Arabic caller would otherwise carry the number and the arrow
    // around it into its own direction ("Hang up … → 2000" read backwards).
    QString who = c->callerName.isEmpty()
                      ? Monitor::isolated(c->callerNumber)
                      : QStringLiteral("%1 (%2)").arg(Monitor::isolated(c->callerName),
                                                      Monitor::isolated(c->callerNumber));
    if (who.isEmpty())
        who = c->name.isEmpty() ? c->uuid : Monitor::isolated(c->name);
    if (!c->destination.isEmpty())
        who += QStringLiteral(" → ") + Monitor::isolated(c->destination);
    return who;
}

QString CallControl::goneReason(const ChannelKey &key) const
{
    const Monitor::ServerMonitor *server = m_hub->server(key.server);
    if (!server)
        return tr("the server is no longer watched");
    const Monitor::Channel *c = server->channels()->channel(key.uuid);
    if (!c)
        return tr("the channel %1 is not on %2").arg(key.uuid, server->name());
    if (c->ended)
        return tr("the channel has hung up (%1)")
            .arg(c->hangupCause.isEmpty() ? tr("no cause") : c->hangupCause);
    if (c->zombie)
        return tr("the switch no longer has the channel");
    return {};
}

QString CallControl::expandRecordTemplate(const QString &pattern, const ChannelKey &key,
                                          const QString &recordingsDir) const
{
    const Monitor::ServerMonitor *server = m_hub->server(key.server);
    const Monitor::Channel *c = server ? server->channels()->channel(key.uuid) : nullptr;
    const QDateTime now = QDateTime::currentDateTime();
    QString out = pattern;
    out.replace(QStringLiteral("{uuid}"), pathSafe(key.uuid));
    out.replace(QStringLiteral("{date}"), now.toString(QStringLiteral("yyyyMMdd")));
    out.replace(QStringLiteral("{time}"), now.toString(QStringLiteral("HHmmss")));
    out.replace(QStringLiteral("{caller}"), pathSafe(c ? c->callerNumber : QString()));
    out.replace(QStringLiteral("{destination}"), pathSafe(c ? c->destination : QString()));
    out.replace(QStringLiteral("{server}"), pathSafe(server ? server->name() : QString()));
    out.replace(QStringLiteral("{recordings_dir}"),
                recordingsDir.isEmpty() ? QStringLiteral("/var/lib/freeswitch/recordings")
                                        : recordingsDir);
    return out;
}

ActionOutcome CallControl::begin(Monitor::ServerId server, const Label &label,
                                 const QString &command)
{
    ActionOutcome o;
    o.id = m_nextId++;
    o.server = m_hub->serverName(server);
    o.action = label.action;
    o.what = label.what;
    o.command = command;
    o.pending = true;
    Q_EMIT started(o);
    return o;
}

ActionOutcome CallControl::end(ActionOutcome o, bool ok, const QString &reply)
{
    o.pending = false;
    o.ok = ok;
    o.reply = reply;
    Q_EMIT finished(o);
    return o;
}

QFuture<ActionOutcome> CallControl::refuse(Monitor::ServerId server, const Label &label,
                                           const QString &why)
{
    // What the operator asked for and why it went nowhere: the audit log is the record of what
    // was done on their behalf, and of what was not.
    m_hub->audit()->refuse(m_hub->serverName(server), label.what, why, Monitor::ServerMonitor::now());
    ActionOutcome o = begin(server, label, {});
    return Esl::detail::readyFuture(end(std::move(o), false, why));
}

QFuture<ActionOutcome> CallControl::dispatch(Monitor::ServerId server, const Label &label,
                                             const QString &command, Wait wait, const Send &send)
{
    // Watch-only: refused here, before the link would refuse it, so the outcome says nothing was
    // sent (ActionOutcome::refused) and the audit log records a refusal, not a failed command.
    if (isWatchOnly(m_hub, server)) {
        if (std::optional<QString> why = Esl::watchOnlyRefusal(command.section(u'\n', 0, 0).toUtf8()))
            return refuse(server, label, *why);
    }
    const QString key = QString::number(server) + u' ' + command;
    if (m_inFlight.contains(key))
        return refuse(server, label,
                      tr("Already in progress: %1")
                          .arg(QString(command).replace(u'\n', QStringLiteral("; "))));
    m_inFlight.insert(key);
    const ActionOutcome started = begin(server, label, command);

    const Esl::detail::SharedPromise<ActionOutcome> promise;
    const auto ack = std::make_shared<Acknowledgement>();
    // Whichever comes first, the answer or the deadline, finishes the action; the other is
    // ignored (a late reply is still audited by the hub). The answer may come after this
    // control is gone (the window closed, the hub failing what is pending as it goes): Qt 6.4
    // asserts on a then(context) whose context died, so no context, and a guard instead.
    const QPointer<CallControl> self(this);
    auto finish = [self, key, started, promise](bool ok, const QString &reply) {
        if (promise.isFinished())
            return;
        ActionOutcome outcome = started;
        outcome.pending = false;
        outcome.ok = ok;
        outcome.reply = reply;
        if (self) {
            self->m_inFlight.remove(key);
            outcome = self->end(started, ok, reply);
        }
        promise.finish(outcome);
    };

    QFuture<Answer> answer = send([ack] { ack->received = true; });
    // A command refused unsent (not live, not something the link can do) has its answer now.
    if (wait == Wait::ForAcknowledgement && !answer.isFinished() && m_timeoutMs > 0) {
        QTimer::singleShot(m_timeoutMs, this, [ack, finish, ms = m_timeoutMs] {
            if (!ack->received)
                finish(false, timedOut(tr("no answer within %1 ms").arg(ms)));
        });
    }
    answer.then([finish](const Answer &a) { finish(a.ok, a.text); });
    return promise.future();
}

QFuture<ActionOutcome> CallControl::sendApi(const ChannelKey &channel, const Label &label,
                                            const Esl::Expected<QString> &command,
                                            const QString &okReply)
{
    if (!command)
        return refuse(channel.server, label, command.error().message);
    if (!liveChannel(channel))
        return refuse(channel.server, label, tr("Nothing sent: %1.").arg(goneReason(channel)));
    const Monitor::ServerId server = channel.server;
    const QString text = *command;
    const auto send = [=, this](const Monitor::SwitchLink::Accepted &) {
        const Esl::detail::SharedPromise<Answer> promise;
        const QPointer<ChannelLog> log(m_log);
        const QPointer<Monitor::Hub> hub(m_hub);
        m_hub->api(server, text, m_timeoutMs).then([=](const Esl::Reply &r) {
            Answer answer{r.ok(), r.ok() ? (okReply.isEmpty() ? r.text().trimmed() : okReply)
                                         : failureText(r.error(), r.errorText())};
            if (const QString denied = deniedText(hub, server, text, r); !denied.isEmpty()) {
                promise.finish(Answer{false, denied});
                return;
            }
            // The switch has no such channel, whatever its lists said: a ghost row, not a call.
            if (Monitor::ServerMonitor::saysNoSuchChannel(r) && hub) {
                if (Monitor::ServerMonitor *monitor = hub->server(server))
                    monitor->noSuchChannel(channel.uuid);
            }
            // The switch said no (not a timeout): its reason is in the log, if anywhere.
            if (r.ok() || r.error() || !log) {
                promise.finish(answer);
                return;
            }
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            log->lineAbout(server, channel.uuid, now - kLogNearMs, int(kLogNearMs),
                           [promise, answer](const QString &line) mutable {
                               if (!line.isEmpty())
                                   answer.text += tr("\nThe switch logged: %1").arg(line);
                               promise.finish(answer);
                           });
        });
        return promise.future();
    };
    return dispatch(server, label, QStringLiteral("api ") + text, Wait::ForReply, send);
}

QFuture<ActionOutcome> CallControl::sendBgapi(Monitor::ServerId server, const Label &label,
                                              const Esl::Expected<QString> &command,
                                              int jobTimeoutMs)
{
    if (!command)
        return refuse(server, label, command.error().message);
    if (!m_hub->server(server))
        return refuse(server, label, tr("Nothing sent: the server is no longer watched."));
    const QString text = *command;
    const int timeoutMs = m_timeoutMs > 0 ? m_timeoutMs + jobTimeoutMs : 0;
    const auto send = [=, this](const Monitor::SwitchLink::Accepted &accepted) {
        const QPointer<Monitor::Hub> hub(m_hub);
        return m_hub->bgapi(server, text, timeoutMs, accepted)
            .then([hub, server, text](const Esl::JobResult &r) {
                if (const QString denied = deniedText(hub, server, QStringLiteral("bgapi ") + text, r.ack());
                    !denied.isEmpty())
                    return Answer{false, denied};
                return Answer{r.ok(),
                              r.ok() ? r.text().trimmed() : failureText(r.error(), r.errorText())};
            });
    };
    return dispatch(server, label, QStringLiteral("bgapi ") + text, Wait::ForAcknowledgement, send);
}

QFuture<ActionOutcome> CallControl::sendExecute(const ChannelKey &c, const Label &label,
                                                const QString &application,
                                                const QString &arguments, bool eventLock)
{
    static const QRegularExpression appName(QStringLiteral("^[A-Za-z0-9_-]+$"));
    const QString name = application.trimmed();
    if (name.isEmpty())
        return refuse(c.server, label, tr("No application given."));
    if (!appName.match(name).hasMatch()) {
        return refuse(
            c.server, label,
            tr("\"%1\" is not an application name (letters, digits, _ and - only).").arg(name));
    }
    if (hasControl(arguments))
        return refuse(c.server, label,
                      tr("The arguments contain a line break or another control character."));
    if (!liveChannel(c))
        return refuse(c.server, label, tr("Nothing sent: %1.").arg(goneReason(c)));
    if (const Monitor::ServerMonitor *monitor = m_hub->server(c.server)) {
        const Monitor::SwitchLink *link = monitor->link();
        if (!link->can(Monitor::Capability::Execute) && link->can(Monitor::Capability::Api))
            return sendBroadcast(c, label, name, arguments, link->kind());
    }

    Esl::ExecuteOptions options;
    options.uuid = c.uuid;
    options.eventLock = eventLock;
    // An application may run for long (a playback, a conference): no deadline on completion,
    // only on the switch's acknowledgement (see dispatch).
    options.timeoutMs = 0;
    const Monitor::ServerId server = c.server;
    return dispatch(
        server, label, sendmsgText(c.uuid, name, arguments, eventLock), Wait::ForAcknowledgement,
        [=, this](const Monitor::SwitchLink::Accepted &accepted) {
            return m_hub->execute(server, name, arguments, options, accepted)
                .then([](const Esl::ExecuteResult &r) {
                    if (!r.ok()) {
                        const QString why = failureText(r.error(), r.errorText());
                        return Answer{false,
                                      why.isEmpty() ? tr("the application did not run") : why};
                    }
                    const QString response = r.applicationResponse();
                    return Answer{true, response.isEmpty() ? tr("completed")
                                                           : tr("completed: %1").arg(response)};
                });
        });
}

QFuture<ActionOutcome> CallControl::sendBroadcast(const ChannelKey &c, const Label &label,
                                                  const QString &application,
                                                  const QString &arguments,
                                                  const QString &linkKind)
{
    // mod_amqp carries api commands only. uuid_broadcast queues the application on the channel
    // as sendmsg would, but the switch answers once it is queued, and nothing in the reply ties
    // the CHANNEL_EXECUTE_COMPLETE that follows to this request: so the outcome says queued.
    const Esl::Expected<QString> command = C::uuidBroadcast(c.uuid, application, arguments);
    if (!command) {
        return refuse(c.server, label,
                      tr("Nothing sent: over %1 an application runs through uuid_broadcast, and "
                         "%2.")
                          .arg(linkKind, command.error().message));
    }
    return sendApi(c, label, command,
                   tr("queued on the channel (uuid_broadcast): completion is not reported over "
                      "%1")
                       .arg(linkKind));
}

QFuture<ActionOutcome> CallControl::hangup(const ChannelKey &c, const QString &cause)
{
    return sendApi(c, {tr("Hang up"), tr("Hang up %1").arg(describe(c))},
                   C::uuidKill(c.uuid, cause));
}

QFuture<ActionOutcome> CallControl::transfer(const ChannelKey &c, const QString &destination,
                                             C::Leg leg, const QString &dialplan,
                                             const QString &context)
{
    return sendApi(c, {tr("Transfer"), tr("Transfer %1 to %2").arg(describe(c), destination)},
                   C::uuidTransfer(c.uuid, destination, leg, dialplan, context));
}

QFuture<ActionOutcome> CallControl::attendedTransfer(const ChannelKey &c, const QString &target,
                                                     const QString &context)
{
    const Label what{tr("Attended transfer"),
                     tr("Attended transfer of %1 to %2").arg(describe(c), target)};
    if (target.trimmed().isEmpty())
        return refuse(c.server, what, tr("The transfer target is empty."));
    if (hasControl(target) || target.contains(u' '))
        return refuse(c.server, what,
                      tr("The transfer target must be one word without spaces or control "
                         "characters."));
    // A bare extension is dialled through the dialplan; anything with a '/' is a dial string.
    const bool extension = !target.contains(u'/');
    if (extension && (context.isEmpty() || hasControl(context) || context.contains(u' ') ||
                      context.contains(u'/')))
        return refuse(c.server, what, tr("The context must be one word."));
    const QString dial = extension ? QStringLiteral("loopback/%1/%2").arg(target, context) : target;
    return sendExecute(c, what, QStringLiteral("att_xfer"), dial, false);
}

QFuture<ActionOutcome> CallControl::hold(const ChannelKey &c, C::HoldAction action)
{
    const QString verb = action == C::HoldAction::Hold     ? tr("Hold %1")
                         : action == C::HoldAction::Unhold ? tr("Take %1 off hold")
                                                           : tr("Toggle hold on %1");
    const QString name = action == C::HoldAction::Hold     ? tr("Hold")
                         : action == C::HoldAction::Unhold ? tr("Unhold")
                                                           : tr("Toggle hold");
    return sendApi(c, {name, verb.arg(describe(c))}, C::uuidHold(c.uuid, action));
}

QFuture<ActionOutcome> CallControl::park(const ChannelKey &c)
{
    return sendApi(c, {tr("Park"), tr("Park %1").arg(describe(c))}, C::uuidPark(c.uuid));
}

QFuture<ActionOutcome> CallControl::bridge(const ChannelKey &a, const ChannelKey &b)
{
    const Label what{tr("Bridge"), tr("Bridge %1 with %2").arg(describe(a), describe(b))};
    if (a.server != b.server)
        return refuse(a.server, what,
                      tr("The two channels are on different servers; a bridge needs both on one "
                         "switch."));
    if (a.uuid.compare(b.uuid, Qt::CaseInsensitive) == 0)
        return refuse(a.server, what, tr("A channel cannot be bridged to itself."));
    if (!liveChannel(b))
        return refuse(a.server, what, tr("Nothing sent: %1.").arg(goneReason(b)));
    if (const Monitor::ServerMonitor *monitor = m_hub->server(a.server)) {
        const QString why = monitor->channels()->whyNotBridge(a.uuid, b.uuid);
        if (!why.isEmpty())
            return refuse(a.server, what, tr("Nothing sent: %1.").arg(why));
    }
    return sendApi(a, what, C::uuidBridge(a.uuid, b.uuid));
}

QFuture<ActionOutcome> CallControl::startRecording(const ChannelKey &c, const QString &path)
{
    return sendApi(c, {tr("Record"), tr("Record %1 to %2").arg(describe(c), path)},
                   C::uuidRecord(c.uuid, C::RecordAction::Start, path));
}

QFuture<ActionOutcome> CallControl::stopRecording(const ChannelKey &c, const QString &path)
{
    return sendApi(c, {tr("Stop recording"), tr("Stop recording %1").arg(describe(c))},
                   C::uuidRecord(c.uuid, C::RecordAction::Stop, path));
}

QFuture<ActionOutcome> CallControl::sendDtmf(const ChannelKey &c, const QString &digits)
{
    return sendApi(c, {tr("Send DTMF"), tr("Send DTMF %1 to %2").arg(digits, describe(c))},
                   C::uuidSendDtmf(c.uuid, digits));
}

QFuture<ActionOutcome> CallControl::eavesdrop(const ChannelKey &c, Eavesdrop mode,
                                              const QString &operatorEndpoint)
{
    const QString name = mode == Eavesdrop::Listen    ? tr("Listen")
                         : mode == Eavesdrop::Whisper ? tr("Whisper")
                                                      : tr("Barge");
    // Without an endpoint, no dangling "from": the action is refused for that very reason.
    const bool noEndpoint = operatorEndpoint.trimmed().isEmpty();
    const QString verb = mode == Eavesdrop::Listen
                             ? (noEndpoint ? tr("Listen to %1") : tr("Listen to %1 from %2"))
                         : mode == Eavesdrop::Whisper
                             ? (noEndpoint ? tr("Whisper to %1") : tr("Whisper to %1 from %2"))
                             : (noEndpoint ? tr("Barge into %1") : tr("Barge into %1 from %2"));
    const Label what{name, noEndpoint ? verb.arg(describe(c))
                                      : verb.arg(describe(c), operatorEndpoint)};
    if (noEndpoint)
        return refuse(c.server, what,
                      tr("No operator endpoint is set: choose your own phone (e.g. user/1000) in "
                         "Edit → Preferences."));
    const Monitor::Channel *channel = liveChannel(c);
    if (!channel)
        return refuse(c.server, what, tr("Nothing sent: %1.").arg(goneReason(c)));
    C::Originate request;
    request.endpoint = operatorEndpoint;
    request.application =
        mode == Eavesdrop::Barge ? QStringLiteral("three_way") : QStringLiteral("eavesdrop");
    request.applicationArgs = c.uuid;
    request.callerIdName = mode == Eavesdrop::Listen    ? QStringLiteral("Listen")
                           : mode == Eavesdrop::Whisper ? QStringLiteral("Whisper")
                                                        : QStringLiteral("Barge");
    if (fitsAVariable(channel->callerNumber))
        request.callerIdNumber = channel->callerNumber;
    if (mode == Eavesdrop::Whisper)
        request.variables.append(
            {QStringLiteral("eavesdrop_whisper_aleg"), QStringLiteral("true")});
    // The job ends when the operator answers, or when the switch gives up ringing.
    return sendBgapi(c.server, what, C::originate(request), kDefaultOriginateSeconds * 1000);
}

QFuture<ActionOutcome> CallControl::originate(Monitor::ServerId server, const C::Originate &request)
{
    const QString target =
        request.extension.isEmpty()
            ? QStringLiteral("&%1(%2)").arg(request.application, request.applicationArgs)
            : request.extension;
    const int ringSeconds =
        request.timeoutSeconds > 0 ? request.timeoutSeconds : kDefaultOriginateSeconds;
    return sendBgapi(server, {tr("Call"), tr("Call %1 from %2").arg(target, request.endpoint)},
                     C::originate(request), ringSeconds * 1000);
}

QFuture<ActionOutcome> CallControl::execute(const ChannelKey &c, const QString &application,
                                            const QString &arguments, bool eventLock)
{
    return sendExecute(c, {tr("Run %1").arg(application),
                           tr("Run %1 on %2").arg(application, describe(c))},
                       application, arguments, eventLock);
}

QFuture<ActionOutcome> CallControl::dump(const ChannelKey &c)
{
    return sendApi(c, {tr("Dump"), tr("Dump %1").arg(describe(c))}, C::uuidDump(c.uuid));
}

} // namespace Console
