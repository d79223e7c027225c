// The commands a Listener understands: mod_event_socket's parse_command(), in its order and with
// its reply texts (misspellings included: clients match on them). A command is recognised by a
// case-insensitive prefix of its first line, as the switch does. The commands that choose which
// events and log lines the connection gets are in listenersubscriptions.cpp.

#include "listener.h"

#include "commandtext.h"
#include "frames.h"

#include <QUuid>

namespace Sim {

using namespace CommandText;

namespace {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

std::optional<QByteArray> Listener::dispatch(const Esl::wire::Command &command)
{
    QByteArray line = command.line;
    if (containsCI(line, "unload") && containsCI(line, "mod_event_socket"))
        line = "api bgapi unload mod_event_socket";
    else if (containsCI(line, "reload") && containsCI(line, "mod_event_socket"))
        line = "api bgapi reload mod_event_socket";

    if (startsWithCI(line, "exit") || startsWithCI(line, "...")) {
        m_running = false;
        return QByteArrayLiteral("+OK bye");
    }
    if (!m_authed) {
        if (startsWithCI(line, "auth "))
            return authenticate(line);
        if (startsWithCI(line, "userauth "))
            return userAuthenticate(line);
        return QByteArray();
    }
    if (startsWithCI(line, "filter "))
        return filter(line);
    const bool session = !m_sessionUuid.isEmpty();
    if (session && startsWithCI(line, "resume"))
        return QByteArrayLiteral("+OK");
    if (session || startsWithCI(line, "myevents ")) {
        if (startsWithCI(line, "connect")) {
            connectReply();
            return std::nullopt;
        }
        if (startsWithCI(line, "getvar"))
            return getvar(line);
        if (startsWithCI(line, "myevents"))
            return myevents(line);
    }
    if (startsWithCI(line, "divert_events"))
        return divertEvents(line);
    if (startsWithCI(line, "sendmsg"))
        return sendmsg(command);
    if (m_mode == Mode::Outbound && !m_options.outboundFull)
        return QByteArray();
    if (startsWithCI(line, "sendevent"))
        return sendevent(command);
    if (startsWithCI(line, "api "))
        return api(line);
    if (startsWithCI(line, "bgapi "))
        return bgapi(line, command);
    if (startsWithCI(line, "log"))
        return log(line);
    if (startsWithCI(line, "linger"))
        return linger(line);
    if (startsWithCI(line, "nolinger")) {
        if (!session)
            return QByteArrayLiteral("-ERR not controlling a session");
        m_linger = false;
        return QByteArrayLiteral("+OK will not linger");
    }
    if (startsWithCI(line, "nolog"))
        return nolog();
    if (startsWithCI(line, "event"))
        return event(line);
    if (startsWithCI(line, "nixevent"))
        return nixevent(line);
    if (startsWithCI(line, "noevents"))
        return noevents();
    return QByteArray();
}

QByteArray Listener::authenticate(const QByteArray &line)
{
    if (line.mid(5) == m_options.password.toUtf8()) {
        m_authed = true;
        return QByteArrayLiteral("+OK accepted");
    }
    m_running = false;
    return QByteArrayLiteral("-ERR invalid");
}

QByteArray Listener::userAuthenticate(const QByteArray &line)
{
    QByteArray user = line.mid(9);
    std::optional<QByteArray> domain;
    std::optional<QByteArray> pass;
    if (const qsizetype at = user.indexOf('@'); at >= 0) {
        domain = user.mid(at + 1);
        user.truncate(at);
    }
    if (domain) {
        if (const qsizetype colon = domain->indexOf(':'); colon >= 0) {
            pass = domain->mid(colon + 1);
            domain->truncate(colon);
        }
    }
    if (const qsizetype colon = user.indexOf(':'); colon >= 0) {
        pass = user.mid(colon + 1);
        user.truncate(colon);
    }
    const UserAccount *account = nullptr;
    if (!user.isEmpty() && domain && !domain->isEmpty()) {
        for (const UserAccount &candidate : m_options.users) {
            const QByteArray id = candidate.user.toUtf8();
            const qsizetype at = id.indexOf('@');
            if (at >= 0 && id.left(at) == user &&
                Esl::equalsIgnoringCase(id.mid(at + 1), *domain)) {
                account = &candidate;
                break;
            }
        }
    }
    if (!account || account->password.isEmpty() || !pass || pass->isEmpty() ||
        *pass != account->password.toUtf8()) {
        m_running = false;
        return QByteArrayLiteral("-ERR invalid");
    }

    m_authed = true;
    QByteArray eventReply = "Allowed-Events: all\n";
    QByteArray apiReply = "Allowed-API: all\n";
    if (!account->allowedEvents.isEmpty()) {
        m_restrictEvents = true;
        eventReply = "Allowed-Events: " + account->allowedEvents.join(u',').toUtf8() + '\n';
        bool custom = false;
        for (const QString &entry : account->allowedEvents) {
            const QByteArray word = entry.toUtf8();
            if (custom) {
                m_allowedSubclasses.insert(word);
                continue;
            }
            const QByteArray name = EventGate::canonicalName(word);
            if (name == "ALL") {
                m_allEventsAllowed = true;
                for (const QByteArray &known : EventGate::eventNames())
                    m_allowedEvents.insert(known);
            }
            if (!name.isEmpty())
                m_allowedEvents.insert(name);
            custom = custom || name == "CUSTOM";
        }
    }
    m_allowLog = account->allowLog;
    if (!account->allowedApi.isEmpty()) {
        apiReply = "Allowed-API: " + account->allowedApi.join(u',').toUtf8() + '\n';
        m_allowedApi.emplace();
        for (const QString &command : account->allowedApi)
            m_allowedApi->insert(command.toUtf8());
    }
    const QByteArray logReply = m_allowLog ? "Allowed-LOG: true\n" : "Allowed-LOG: false\n";
    return "~Reply-Text: +OK accepted\n" + eventReply + apiReply + logReply + '\n';
}

void Listener::connectReply()
{
    m_connected = true;
    const Esl::HeaderList channel = m_switch->channelData(m_sessionUuid);
    Esl::HeaderList headers;
    if (channel.isEmpty() || !Esl::equalsIgnoringCase(channel.name(0), "Event-Name"))
        headers = m_switch->eventBase("CHANNEL_DATA", "mod_event_socket.c", "parse_command", 2021);
    for (qsizetype i = 0; i < channel.size(); ++i)
        headers.append(channel.name(i), channel.value(i));
    const QByteArrayView channelName = channel.value("Channel-Name");
    if (!channelName.isNull())
        m_channelName = channelName.toByteArray();
    headers.append("Content-Type", "command/reply");
    headers.append("Reply-Text", "+OK\n");
    headers.append("Socket-Mode", "async");
    headers.append("Control",
                   m_mode == Mode::Inbound || m_options.outboundFull ? "full" : "single-channel");
    writeReply(Frames::serializedHeaders(headers));
    Q_EMIT sessionConnected(m_sessionUuid);
}

QByteArray Listener::getvar(const QByteArray &line)
{
    const auto [word, name] = splitFirst(line);
    if (!name)
        return {};
    return m_switch->channelData(m_sessionUuid).value("variable_" + *name).toByteArray();
}

QByteArray Listener::divertEvents(const QByteArray &line)
{
    if (m_sessionUuid.isEmpty())
        return QByteArrayLiteral("-ERR not controlling a session.");
    const QByteArray value = skipSpaces(line.mid(13));
    if (value.isEmpty())
        return QByteArrayLiteral("-ERR missing value.");
    m_divertEvents = Esl::equalsIgnoringCase(value, "on");
    return m_divertEvents ? QByteArrayLiteral("+OK events diverted")
                          : QByteArrayLiteral("+OK events not diverted");
}

QByteArray Listener::sendmsg(const Esl::wire::Command &command)
{
    QByteArray uuid = skipSpaces(command.line.mid(7));
    if (uuid.isEmpty())
        uuid = command.headers.value("session-id").toByteArray();
    if (!uuid.isEmpty() && uuid == m_sessionUuid.toUtf8())
        uuid.clear();
    QString target;
    if (uuid.isEmpty() && !m_sessionUuid.isEmpty())
        target = m_sessionUuid;
    else if (!uuid.isEmpty() && m_switch->hasChannel(QString::fromUtf8(uuid)))
        target = QString::fromUtf8(uuid);
    else
        return "-ERR invalid session id [" + uuid + ']';

    // The switch queues the message for the channel's own thread: it runs after the ack (events
    // it fires wait in the queue until the reply is out).
    const Esl::HeaderList &h = command.headers;
    const QByteArrayView callCommand = h.value("call-command");
    if (callCommand == "execute") {
        const QByteArrayView app = h.value("execute-app-name");
        if (app.isNull())
            return QByteArrayLiteral("+OK");
        QByteArray argument = h.value("execute-app-arg").toByteArray();
        if (argument.isEmpty() && Esl::equalsIgnoringCase(h.value("content-type"), "text/plain"))
            argument = command.body;
        const QByteArrayView loops = h.value("loops");
        m_switch->execute(target, QString::fromUtf8(app), QString::fromUtf8(argument),
                          QString::fromUtf8(h.value("event-uuid")),
                          loops.isNull() ? 1 : cAtoi(loops), isTrue(h.value("event-lock")));
    } else if (callCommand == "hangup") {
        const QByteArrayView cause = h.value("hangup-cause");
        m_switch->hangup(target, cause.isNull() ? QStringLiteral("NORMAL_CLEARING")
                                                : QString::fromUtf8(cause));
    }
    return QByteArrayLiteral("+OK");
}

QByteArray Listener::sendevent(const Esl::wire::Command &command)
{
    const QString eventUuid = newUuid();
    QByteArray name = command.line.mid(9);
    while (!name.isEmpty() && (name.front() == ' ' || name.front() == '\t'))
        name.remove(0, 1);
    QByteArray canonical = EventGate::canonicalName(name);
    if (canonical.isEmpty() || canonical == "ALL")
        canonical = "CLONE";

    // The event is the command itself (its first line as "Command", its headers), then the
    // switch's own headers at the bottom.
    QByteArray block = command.line + '\n';
    Esl::HeaderList headers;
    for (qsizetype i = 0; i < command.headers.size(); ++i)
        block += command.headers.name(i).toByteArray() + ": " +
                 command.headers.value(i).toByteArray() + '\n';
    headers.append("Command", block + '\n');
    for (qsizetype i = 0; i < command.headers.size(); ++i) {
        if (!Esl::equalsIgnoringCase(command.headers.name(i), "Content-Length"))
            headers.append(command.headers.name(i), command.headers.value(i));
    }
    headers.append("Event-UUID", eventUuid.toUtf8());
    const Esl::HeaderList base =
        m_switch->eventBase(canonical, "mod_event_socket.c", "parse_command", 2275);
    for (qsizetype i = 0; i < base.size(); ++i)
        headers.append(base.name(i), base.value(i));
    const bool hasBody = !command.body.isEmpty();
    if (hasBody)
        headers.append("Content-Length", QByteArray::number(command.body.size()));
    m_switch->fire(Esl::Event(headers, command.body, hasBody));
    return "+OK " + eventUuid.toUtf8();
}

std::optional<QByteArray> Listener::api(const QByteArray &line)
{
    const QByteArray command = line.mid(4);
    if (m_allowedApi && !apiAllowed(command))
        return QByteArrayLiteral("-ERR permission denied");
    QByteArray body = m_switch->api(QString::fromUtf8(command));
    if (body.isEmpty())
        body = "-ERR no reply\n";
    writeReply(Frames::apiResponse(body));
    return std::nullopt;
}

QByteArray Listener::bgapi(const QByteArray &line, const Esl::wire::Command &command)
{
    const QByteArray apiCommand = line.mid(6);
    if (m_allowedApi && !apiAllowed(apiCommand))
        return QByteArrayLiteral("-ERR permission denied");
    // The switch keeps a client's Job-UUID in a 37-byte buffer.
    QByteArray jobUuid = command.headers.value("job-uuid").toByteArray().left(36);
    if (jobUuid.isEmpty())
        jobUuid = newUuid().toUtf8();
    m_switch->bgapi(QString::fromUtf8(apiCommand), QString::fromUtf8(jobUuid), m_sessionUuid);
    return "~Reply-Text: +OK Job-UUID: " + jobUuid + "\nJob-UUID: " + jobUuid + "\n\n";
}

bool Listener::apiAllowed(const QByteArray &commandLine) const
{
    // auth_api_command: the command must be allowed, and so must the command that a "sneaky"
    // one (bgapi, sched_api, eval, expand, xml_wrap) runs in turn.
    static const QList<QByteArray> sneaky = {"bgapi", "sched_api", "eval", "expand", "xml_wrap"};
    const QList<QByteArray> words = commandLine.split(' ');
    for (qsizetype i = 0; i < words.size(); ++i) {
        if (!m_allowedApi->contains(words[i]))
            return false;
        const bool runsAnother =
            std::any_of(sneaky.begin(), sneaky.end(),
                        [&](const QByteArray &s) { return Esl::equalsIgnoringCase(s, words[i]); });
        if (!runsAnother)
            return true;
    }
    return true;
}

QByteArray Listener::linger(const QByteArray &line)
{
    if (m_sessionUuid.isEmpty())
        return QByteArrayLiteral("-ERR not controlling a session");
    m_lingerSeconds = line.size() > 7 && line[6] == ' ' ? cAtoi(line.mid(7)) : -1;
    m_linger = true;
    if (m_lingerSeconds == -1)
        return QByteArrayLiteral("+OK will linger");
    return "+OK will linger " + QByteArray::number(m_lingerSeconds) + " seconds";
}

} // namespace Sim
