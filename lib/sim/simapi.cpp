// The api commands of the simulated switch, answered as mod_commands answers them, and the
// dialplan applications sendmsg can run.

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace Sim {

namespace {

const QByteArray kNoSuchChannel = "-ERR No such channel!\n";

} // namespace

QByteArray Switch::statusText() const
{
    const qint64 up = uptimeMs();
    return QStringLiteral("UP 0 years, %1 days, %2 hours, %3 minutes, %4 seconds, %5 milliseconds, "
                          "0 microseconds\n"
                          "FreeSWITCH (Version 1.10.12-release git a88d069 2024-08-02 21:02:27Z "
                          "64bit) is ready\n"
                          "%6 session(s) since startup\n"
                          "%7 session(s) - peak %8, last 5min %8 \n"
                          "0 session(s) per Sec out of max 30, peak 0, last 5min 0 \n"
                          "%9 session(s) max\n"
                          "min idle cpu 0.00/98.50\n"
                          "Current Stack Size/Max 240K/8192K\n")
        .arg(up / 86400000)
        .arg(up / 3600000 % 24)
        .arg(up / 60000 % 60)
        .arg(up / 1000 % 60)
        .arg(up % 1000)
        .arg(m_sessionsSinceStartup)
        .arg(m_channels.size())
        .arg(m_peakSessions)
        .arg(m_config.maxSessions)
        .toUtf8();
}

QByteArray Switch::channelDump(const Channel &c, bool json)
{
    Esl::HeaderList h = eventBase("CHANNEL_DATA", "mod_commands.c", "uuid_dump_function", 6468);
    const Esl::HeaderList data = channelData(c.uuid);
    for (qsizetype i = 0; i < data.size(); ++i)
        h.append(data.name(i), data.value(i));
    const Esl::Event event(std::move(h), {}, false);
    const QByteArray message = json ? event.toJsonMessage() : event.toPlainMessage();
    return message.mid(message.indexOf("\n\n") + 2); // without the outer Content-Length block
}

QByteArray Switch::originate(const QString &arguments, const QString &jobUuid)
{
    static const QByteArray usage =
        "-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] "
        "[<cid_name>] [<cid_num>] [<timeout_sec>]\n";
    QString url = arguments.trimmed();
    // Leading {var=value,...} channel variables.
    QHash<QString, QString> vars;
    if (url.startsWith(u'{')) {
        const qsizetype close = url.indexOf(u'}');
        if (close < 0)
            return usage;
        for (const QString &pair : url.mid(1, close - 1).split(u',', Qt::SkipEmptyParts))
            vars.insert(pair.section(u'=', 0, 0).trimmed(), pair.section(u'=', 1));
        url = url.mid(close + 1);
    }
    const QStringList args = url.split(u' ', Qt::SkipEmptyParts);
    if (args.size() < 2)
        return usage;
    const QString endpoint = args[0];
    const QString target = args[1];
    if (endpoint.startsWith(QStringLiteral("error/")))
        return "-ERR " + endpoint.mid(6).toUtf8() + '\n';
    static const QStringList known{QStringLiteral("loopback/"), QStringLiteral("user/"),
                                   QStringLiteral("sofia/"), QStringLiteral("null/")};
    if (std::none_of(known.cbegin(), known.cend(),
                     [&](const QString &k) { return endpoint.startsWith(k); }))
        return "-ERR CHAN_NOT_IMPLEMENTED\n";

    // The new leg is an outbound channel to `endpoint`; once it answers it runs the target.
    auto a = newChannel(vars.value(QStringLiteral("origination_uuid")), endpoint,
                        QStringLiteral("outbound"));
    CallerProfile &p = a->profile;
    p.callerIdName = p.origCallerIdName =
        vars.value(QStringLiteral("origination_caller_id_name"),
                   args.value(4, QStringLiteral("Outbound Call")));
    p.callerIdNumber = p.origCallerIdNumber = p.ani =
        vars.value(QStringLiteral("origination_caller_id_number"),
                   args.value(5, QStringLiteral("0000000000")));
    p.destination = endpoint.section(u'/', 1, 1).section(u'@', 0, 0);
    p.calleeIdName = p.calleeIdNumber = p.destination;
    p.dialplan = args.value(2, QStringLiteral("XML"));
    p.context = args.value(3, QStringLiteral("default"));
    for (auto it = vars.cbegin(); it != vars.cend(); ++it)
        a->setVariable(it.key().toUtf8(), it.value());
    a->state = QStringLiteral("CS_INIT");
    fireChannelEvent("CHANNEL_CREATE", *a);
    setState(*a, QStringLiteral("CS_ROUTING"));
    setCallState(*a, QStringLiteral("RINGING"));
    fireChannelEvent("CHANNEL_PROGRESS", *a);
    const QString aUuid = a->uuid;
    if (!jobUuid.isEmpty())
        m_pendingJobs.insert(aUuid, jobUuid);

    QTimer::singleShot(m_config.ringMs, this, [this, aUuid, target] {
        Channel *a = channel(aUuid);
        if (!a)
            return;
        answer(*a);
        a->hitDialplan = true;
        setState(*a, QStringLiteral("CS_EXECUTE"));
        if (target.startsWith(u'&')) {
            // &app(args): run it on the new leg.
            static const QRegularExpression appPattern(
                QStringLiteral("^&([A-Za-z0-9_]+)(?:\\((.*)\\))?$"));
            const QRegularExpressionMatch m = appPattern.match(target);
            const QString app = m.captured(1);
            const QString arg = m.captured(2);
            if (app == u"bridge") {
                const QString job = m_pendingJobs.take(aUuid);
                if (!job.isEmpty())
                    fireBackgroundJob(job, QStringLiteral("originate"), {},
                                      "+OK " + aUuid.toUtf8() + '\n');
                QString dest = arg;
                QString bUuid;
                if (dest.startsWith(u'{')) {
                    static const QRegularExpression uuidVar(
                        QStringLiteral("origination_uuid=([^,}]+)"));
                    bUuid = uuidVar.match(dest).captured(1);
                    dest = dest.mid(dest.indexOf(u'}') + 1);
                }
                newBLeg(*a, dest.section(u'/', 1, 1).section(u'@', 0, 0), bUuid, {});
                return;
            }
            execute(aUuid, app, arg, freshUuid(), 1, false);
        } else {
            // An extension: the dialplan bridges it.
            newBLeg(*a, target, {}, {});
        }
        const QString job = m_pendingJobs.take(aUuid);
        if (!job.isEmpty())
            fireBackgroundJob(job, QStringLiteral("originate"), {}, "+OK " + aUuid.toUtf8() + '\n');
    });
    return "+OK " + aUuid.toUtf8() + '\n';
}

QByteArray Switch::api(const QString &commandLine)
{
    const QString line = commandLine.trimmed();
    const QString command = line.section(u' ', 0, 0);
    const QString rest = line.section(u' ', 1).trimmed();
    const QStringList args = rest.split(u' ', Qt::SkipEmptyParts);
    QTimer::singleShot(0, this, [this, command, rest] { fireApiEvent(command, rest); });

    auto withChannel = [&](int index, auto &&body) -> QByteArray {
        Channel *c = channel(args.value(index));
        return c ? body(*c) : kNoSuchChannel;
    };

    if (command == u"status")
        return statusText();
    if (command == u"version")
        return "FreeSWITCH Version 1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit (git "
               "a88d069 "
               "2024-08-02 21:02:27Z 64bit)\n";
    if (command == u"show") {
        const bool json = rest.endsWith(QStringLiteral("as json"));
        if (args.value(0) == u"channels")
            return showChannels(json);
        if (args.value(0) == u"calls" && args.value(1) == u"count")
            return "\n" + QByteArray::number(showCallCount()) + " total.\n";
        if (args.value(0) == u"calls")
            return showCalls(json);
        return "-USAGE: show <channels|calls|...> [as json]\n";
    }
    if (command == u"echo")
        return rest.toUtf8();
    if (command == u"hostname" || command == u"switchname")
        return m_config.hostname.toUtf8();
    if (command == u"global_getvar") {
        if (args.isEmpty()) {
            QByteArray out;
            for (auto it = m_globals.cbegin(); it != m_globals.cend(); ++it)
                out += it.key().toUtf8() + '=' + it.value().toUtf8() + '\n';
            return out;
        }
        return m_globals.value(args[0]).toUtf8();
    }
    if (command == u"json") {
        const QJsonObject request = QJsonDocument::fromJson(rest.toUtf8()).object();
        if (request.value(QStringLiteral("command")).toString() != u"status")
            return R"({"status":"error","message":"Invalid command"})";
        QJsonObject sessions{
            {QStringLiteral("count"),
             QJsonObject{{QStringLiteral("total"), double(m_sessionsSinceStartup)},
                         {QStringLiteral("active"), double(m_channels.size())},
                         {QStringLiteral("peak"), double(m_peakSessions)},
                         {QStringLiteral("limit"), double(m_config.maxSessions)}}}};
        QJsonObject response{
            {QStringLiteral("systemStatus"), QStringLiteral("ready")},
            {QStringLiteral("uptime"), QJsonObject{{QStringLiteral("msec"), double(uptimeMs())}}},
            {QStringLiteral("version"),
             QStringLiteral("1.10.12-release git a88d069 2024-08-02 21:02:27Z 64bit")},
            {QStringLiteral("sessions"), sessions}};
        QJsonObject reply{{QStringLiteral("command"), QStringLiteral("status")},
                          {QStringLiteral("data"), request.value(QStringLiteral("data"))},
                          {QStringLiteral("status"), QStringLiteral("success")},
                          {QStringLiteral("response"), response}};
        return QJsonDocument(reply).toJson(QJsonDocument::Compact);
    }
    if (command == u"hupall") {
        const QString cause = args.value(0, QStringLiteral("NORMAL_CLEARING"));
        hangupAll(cause);
        return "+OK hangup all channels with cause " + cause.toUtf8() + '\n';
    }
    if (command == u"originate")
        return originate(rest, {});
    if (command == u"uuid_exists")
        return hasChannel(args.value(0)) ? "true" : "false";
    if (command == u"uuid_kill") {
        if (args.isEmpty())
            return "-USAGE: <uuid> [cause]\n";
        return withChannel(0, [&](Channel &c) -> QByteArray {
            hangupChannel(c.uuid, args.value(1, QStringLiteral("NORMAL_CLEARING")));
            return "+OK\n";
        });
    }
    if (command == u"uuid_transfer") {
        QStringList a = args;
        if (a.size() < 2)
            return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        const QString uuid = a.takeFirst();
        QString leg;
        if (a.value(0) == u"-bleg" || a.value(0) == u"-both")
            leg = a.takeFirst();
        if (a.isEmpty())
            return "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        Channel *c = channel(uuid);
        if (!c)
            return kNoSuchChannel;
        Channel *target = c;
        if (leg == u"-bleg") {
            target = channel(c->bridgedUuid);
            if (!target)
                return "-ERR\n";
        }
        transfer(*target, a.value(0), a.value(1), a.value(2));
        return "+OK\n";
    }
    if (command == u"uuid_hold") {
        QStringList a = args;
        QString mode;
        if (a.value(0) == u"off" || a.value(0) == u"toggle")
            mode = a.takeFirst();
        if (a.isEmpty())
            return "-USAGE: [off|toggle] <uuid> [<display>]\n";
        Channel *c = channel(a.value(0));
        if (!c)
            return "-ERR Operation failed\n";
        const bool on = mode.isEmpty() ? true : mode == u"off" ? false : !c->held;
        if (c->held == on)
            return "-ERR Operation failed\n";
        hold(*c, on);
        return "+OK Success\n";
    }
    if (command == u"uuid_park") {
        if (args.isEmpty())
            return "-USAGE: <uuid>\n";
        return withChannel(0, [&](Channel &c) -> QByteArray {
            park(c);
            return "+OK\n";
        });
    }
    if (command == u"uuid_bridge") {
        if (args.size() < 2)
            return "-USAGE: <uuid> <other_uuid>\n";
        Channel *a = channel(args[0]);
        Channel *b = channel(args[1]);
        if (!a || !b || a == b)
            return "-ERR Invalid uuid\n";
        for (Channel *c : {a, b}) {
            if (!c->bridgedUuid.isEmpty()) {
                const QString old = c->bridgedUuid;
                if (Channel *o = channel(old))
                    unbridge(*c, *o);
                hangupChannel(old, QStringLiteral("NORMAL_CLEARING"), false);
            }
            if (c->parked) {
                c->parked = false;
                fireChannelEvent("CHANNEL_UNPARK", *c, {}, {}, true, false);
            }
            answer(*c);
            setState(*c, QStringLiteral("CS_EXCHANGE_MEDIA"));
        }
        bridge(*a, *b);
        return "+OK " + args[1].toUtf8() + '\n';
    }
    if (command == u"uuid_record") {
        if (args.size() < 3)
            return "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>]\n";
        Channel *c = channel(args[0]);
        if (!c)
            return "-ERR Cannot locate session!\n";
        if (args[1] == u"start") {
            startRecording(*c, args[2]);
            return "+OK Success\n";
        }
        if (args[1] == u"stop") {
            if (c->recordPath.isEmpty())
                return "-ERR Cannot stop record session!\n";
            stopRecording(*c, args[2]);
            return "+OK Success\n";
        }
        return "-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>]\n";
    }
    if (command == u"uuid_send_dtmf") {
        if (args.size() < 2)
            return "-USAGE: <uuid> <dtmf_data>\n";
        Channel *c = channel(args[0]);
        if (!c)
            return "-ERR Cannot locate session!\n";
        sendDtmf(*c, args[1]);
        return "+OK " + c->uuid.toUtf8() + " sent DTMF " + args[1].toUtf8() + ".\n";
    }
    if (command == u"uuid_dump") {
        if (args.isEmpty())
            return "-USAGE: <uuid> [format]\n";
        return withChannel(0, [&](Channel &c) { return channelDump(c, args.value(1) == u"json"); });
    }
    if (command == u"uuid_getvar") {
        if (args.size() < 2)
            return args.isEmpty() ? QByteArray("-USAGE: <uuid> <var>\n")
                                  : QByteArray("-ERR No variable name specified!\n");
        return withChannel(0, [&](Channel &c) -> QByteArray {
            const QString value = c.variable(args[1].toUtf8());
            return value.isNull() ? QByteArray("_undef_") : value.toUtf8();
        });
    }
    if (command == u"uuid_setvar") {
        if (args.size() < 2)
            return args.isEmpty() ? QByteArray("-USAGE: <uuid> <var> [value]\n")
                                  : QByteArray("-ERR No variable specified\n");
        return withChannel(0, [&](Channel &c) -> QByteArray {
            const QString value = rest.section(u' ', 2);
            if (value.isEmpty())
                c.removeVariable(args[1].toUtf8());
            else
                c.setVariable(args[1].toUtf8(), value);
            return "+OK\n";
        });
    }
    return "-ERR " + command.toUtf8() + " Command not found!\n";
}

void Switch::bgapi(const QString &commandLine, const QString &jobUuid, const QString &ownerUuid)
{
    if (!ownerUuid.isEmpty())
        m_jobOwners.insert(jobUuid, ownerUuid);
    const QString line = commandLine.trimmed();
    const QString command = line.section(u' ', 0, 0);
    const QString rest = line.section(u' ', 1).trimmed();
    if (command == u"originate") {
        // The job ends when the call is answered or fails, not when the command returns.
        const QByteArray result = originate(rest, jobUuid);
        if (!result.startsWith("+OK"))
            QTimer::singleShot(0, this, [this, jobUuid, rest, result] {
                fireBackgroundJob(jobUuid, QStringLiteral("originate"), rest, result);
            });
        return;
    }
    QTimer::singleShot(0, this, [this, jobUuid, line, command, rest] {
        fireBackgroundJob(jobUuid, command, rest, api(line));
    });
}

} // namespace Sim
