// The api commands of the simulated switch, answered as mod_commands answers them, and the
// dialplan applications sendmsg can run.

#include "channel.h"
#include "simapplications.h"
#include "simids.h"
#include "simswitch.h"
#include "separatewords.h"
#include "simmodule.h"
#include "simrtp.h"
#include "simsofia.h"

#include "esl/wire/json.h"

#include <QRegularExpression>
#include <QUuid>

namespace Sim {

namespace {

const QByteArray kNoSuchChannel = "-ERR No such channel!\n";

// ---- what an fs_cli user types first: help, show api, fsctl, sofia status ---------------------

constexpr const char *kShowSyntax =
    "codec|endpoint|application|api|dialplan|file|timer|calls [count]|channels [count|like <match "
    "string>]|calls|detailed_calls|bridged_calls|detailed_bridged_calls|aliases|complete|chat|"
    "management|modules|nat_map|say|interfaces|interface_types|tasks|limits|status";
constexpr const char *kCtlSyntax =
    "[api_expansion [on|off]|recover|send_sighup|hupall|pause [inbound|outbound]|resume "
    "[inbound|outbound]|shutdown [cancel|elegant|asap|now|restart]|uuid_version [4|7]|sps|"
    "sps_peak_reset|sync_clock|sync_clock_when_idle|reclaim_mem|max_sessions|min_dtmf_duration "
    "[num]|max_dtmf_duration [num]|default_dtmf_duration [num]|min_idle_cpu|loglevel [level]|"
    "debug_level [level]|mdns_resolve [enable|disable]]";

using ApiInterface = Interface;

// The api commands this switch answers, as their modules register them (SWITCH_ADD_API in
// mod_commands.c and mod_sofia.c), in the interfaces table's order (by name).
constexpr ApiInterface kApis[] = {
    {"callcenter_config", "Config of callcenter", "<target> <args>", "mod_callcenter"},
    {"conference", "Conference module commands", "", "mod_conference"},
    {"echo", "Echo", "<data>", "mod_commands"},
    {"fsctl", "FS control messages", kCtlSyntax, "mod_commands"},
    {"global_getvar", "Get global var", "<var>", "mod_commands"},
    {"help", "Show help for all the api commands", "", "mod_commands"},
    {"hostname", "Return the system hostname", "", "mod_commands"},
    {"hupall", "hupall", "<cause> [<var> <value>] [<var2> <value2>]", "mod_commands"},
    {"json", "JSON API", "JSON", "mod_commands"},
    {"originate", "Originate a call",
     "<call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] "
     "[<cid_num>] [<timeout_sec>]",
     "mod_commands"},
    {"reloadxml", "Reload XML", "", "mod_commands"},
    {"show", "Show various reports", kShowSyntax, "mod_commands"},
    {"sofia", "Sofia Controls", "<cmd> <args>", "mod_sofia"},
    {"status", "Show current status", "", "mod_commands"},
    {"switchname", "Return the switch name", "", "mod_commands"},
    {"uuid_bridge", "Bridge call legs", "", "mod_commands"},
    {"uuid_broadcast", "Execute dialplan application", "<uuid> <path> [aleg|bleg|holdb|both]",
     "mod_commands"},
    {"uuid_dump", "Dump session vars", "<uuid> [format]", "mod_commands"},
    {"uuid_exists", "Check if a uuid exists", "<uuid>", "mod_commands"},
    {"uuid_getvar", "Get a variable from a channel", "<uuid> <var>", "mod_commands"},
    {"uuid_hold", "Place call on hold", "[off|toggle] <uuid> [<display>]", "mod_commands"},
    {"uuid_kill", "Kill channel", "<uuid> [cause]", "mod_commands"},
    {"uuid_park", "Park channel", "<uuid>", "mod_commands"},
    {"uuid_record", "Record session audio",
     "<uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]", "mod_commands"},
    {"uuid_send_dtmf", "Send dtmf digits", "<uuid> <dtmf_data>", "mod_commands"},
    {"uuid_set_media_stats", "Set media stats", "<uuid>", "mod_commands"},
    {"uuid_setvar", "Set a variable", "<uuid> <var> [value]", "mod_commands"},
    {"uuid_transfer", "Transfer a session",
     "<uuid> [-bleg|-both] <dest-exten> [<dialplan>] "
     "[<context>]",
     "mod_commands"},
    {"valet_info", "Valet Parking Info", "[<lot name>]", "mod_valet_parking"},
    {"version", "Version", "[short]", "mod_commands"},
};

// `show api [<name>] [as json]`: name, description, syntax, ikey — as delimited text with a title
// row and "N total.", or as cJSON prints the rows.
QByteArray showApi(const QString &name, bool json)
{
    QList<const Interface *> rows;
    for (const ApiInterface &api : kApis) {
        if (name.isEmpty() || name == QLatin1String(api.name))
            rows.append(&api);
    }
    return showInterfaces(rows, json);
}

// `help`: every api as name, syntax, description, ikey, no title and no total. Any argument
// gives the same list without the heading: show_function splits "help <name>" on spaces before
// looking for the name, so the real switch never narrows it.
QByteArray help(bool all)
{
    QByteArray out = all ? "\nValid Commands:\n\n" : "";
    for (const ApiInterface &api : kApis)
        out +=
            QByteArray(api.name) + ',' + api.syntax + ',' + api.description + ',' + api.ikey + '\n';
    return out;
}

QByteArray fsctl(const QStringList &args)
{
    const QString what = args.value(0);
    if (what.isEmpty())
        return QByteArray("-USAGE: ") + kCtlSyntax + '\n';
    // Only pause and resume (new sessions refused, then accepted again) are simulated, and they
    // change nothing here.
    if (what == u"pause" || what == u"resume")
        return "+OK\n";
    return QByteArray("-ERR Invalid command\nUSAGE: fsctl ") + kCtlSyntax + '\n';
}

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
        for (const QString &pair : url.mid(1, close - 1).split(u',', Qt::SkipEmptyParts)) {
            QString value = pair.section(u'=', 1);
            // The switch's tokenizer keeps a single-quoted value as one token and drops the
            // quotes: {origination_caller_id_name='John Doe'}.
            if (value.size() >= 2 && value.startsWith(u'\'') && value.endsWith(u'\''))
                value = value.mid(1, value.size() - 2);
            vars.insert(pair.section(u'=', 0, 0).trimmed(), value);
        }
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
    const bool loopback = isLoopback(endpoint);
    auto a = loopback ? newLoopbackPair(nullptr, endpoint,
                                        vars.value(QStringLiteral("origination_uuid")), vars)
                      : newChannel(vars.value(QStringLiteral("origination_uuid")), endpoint,
                                   QStringLiteral("outbound"));
    markOriginated(*a, endpoint);
    CallerProfile &p = a->profile;
    p.callerIdName = p.origCallerIdName =
        vars.value(QStringLiteral("origination_caller_id_name"),
                   args.value(4, QStringLiteral("Outbound Call")));
    p.callerIdNumber = p.origCallerIdNumber = p.ani =
        vars.value(QStringLiteral("origination_caller_id_number"),
                   args.value(5, QStringLiteral("0000000000")));
    if (loopback) {
        // The -b leg's caller is whoever the -a leg calls as.
        Channel *b = loopbackPairOf(*a);
        b->profile.callerIdName = b->profile.origCallerIdName = p.callerIdName;
        b->profile.callerIdNumber = b->profile.origCallerIdNumber = b->profile.ani =
            p.callerIdNumber;
        announceLoopbackPair(*a);
    } else {
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
    }
    const QString aUuid = a->uuid;
    if (!jobUuid.isEmpty())
        m_pendingJobs.insert(aUuid, jobUuid);

    QTimer::singleShot(m_config.ringMs, this, [this, aUuid, target] {
        Channel *a = channel(aUuid);
        if (!a)
            return;
        if (loopbackPairOf(*a))
            answerLoopbackPair(*a);
        if (!(a = channel(aUuid)))
            return;
        answer(*a);
        // switch_channel_sort_cid: an outbound leg that runs an extension without the dialplan
        // swaps its caller and callee ids before it does.
        markCallerIdFlipped(*a);
        Esl::HeaderList update;
        update.append("Direction", "RECV");
        fireChannelEvent("CALL_UPDATE", *a, update, {}, true, false);
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
                if (isLoopback(dest))
                    newLoopbackBLeg(*a, dest, bUuid, {});
                else
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
    m_lastApiFailed = false;
    for (const auto &module : m_modules) {
        if (module->answersApi(command))
            return module->api(command, rest);
    }

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
        if (args.value(0) == u"api")
            return showApi(args.value(1) == u"as" ? QString() : args.value(1), json);
        if (args.value(0) == u"application")
            return showApplications(args.value(1) == u"as" ? QString() : args.value(1), json);
        if (args.value(0) == u"channels")
            return showChannels(json);
        if (args.value(0) == u"calls" && args.value(1) == u"count")
            return "\n" + QByteArray::number(showCallCount()) + " total.\n";
        if (args.value(0) == u"calls")
            return showCalls(json);
        if (args.value(0) == u"registrations")
            return m_sofia->showRegistrations(json);
        return "-USAGE: show <channels|calls|...> [as json]\n";
    }
    if (command == u"help")
        return help(rest.isEmpty());
    if (command == u"reloadxml")
        return "+OK [Success]\n";
    if (command == u"fsctl")
        return fsctl(args);
    // `sofia` is SimSofia's (simsofiaapi.cpp): the module loop above answers it.
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
    if (command == u"json")
        return jsonApi(rest);
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
            hangupChannel(c.uuid, args.value(1, QStringLiteral("NORMAL_CLEARING")), true,
                          HangupBy::Kill);
            return "+OK\n";
        });
    }
    if (command == u"uuid_transfer") {
        // transfer_function: the uuid first, then an optional -bleg/-both (any word starting
        // with '-'), then the destination, dialplan and context.
        static const QByteArray usage =
            "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        // Quotes group: `uuid_transfer <uuid> 'valet_park:<lot> <slot>' inline`.
        QStringList a = separateWords(rest, 5);
        if (a.size() < 2 || a.size() > 5)
            return usage;
        Channel *c = channel(a.takeFirst());
        if (!c)
            return kNoSuchChannel;
        QString leg;
        if (a.value(0).startsWith(u'-'))
            leg = a.takeFirst().mid(1).toLower();
        if (a.isEmpty())
            return usage;
        if (leg == u"both") {
            transfer(*c, a.value(0), a.value(1), a.value(2), /*partnerToo=*/true);
            return "+OK\n";
        }
        Channel *target = c;
        if (leg == u"bleg") {
            if (Channel *partner = channel(c->bridgedUuid))
                target = partner; // no bridged leg: the channel itself, as the switch does
        }
        transfer(*target, a.value(0), a.value(1), a.value(2));
        return "+OK\n";
    }
    if (command == u"uuid_broadcast") {
        // uuid_broadcast_function: a uuid and a path, or its usage; then "+OK Message Sent"
        // whatever switch_ivr_broadcast made of it, an unknown uuid included. "<app>::<args>"
        // queues that application on the leg(s), anything else is a file to play back; it
        // runs as sendmsg execute does, announced and closed by CHANNEL_EXECUTE(_COMPLETE).
        if (args.size() < 2)
            return "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n";
        const QString &path = args[1];
        const qsizetype split = path.indexOf(QStringLiteral("::"));
        const QString app = split < 0 ? QStringLiteral("playback") : path.left(split);
        const QString arg = split < 0 ? path : path.mid(split + 2);
        // No flags: the a leg (the switch also holds the b leg then, which the sim does not).
        const QString flags = args.value(2).toLower();
        const bool both = flags.contains(u"both");
        const bool aLeg = flags.isEmpty() || both || flags.contains(u"aleg");
        const bool bLeg = both || flags.contains(u"bleg");
        if (Channel *c = channel(args[0])) {
            const QString partner = c->bridgedUuid;
            if (aLeg)
                execute(c->uuid, app, arg, freshUuid(), 1, false);
            if (bLeg && !partner.isEmpty())
                execute(partner, app, arg, freshUuid(), 1, false);
        }
        return "+OK Message Sent\n";
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
            return "+OK Success\n"; // switch_ivr_hold_uuid: a missing uuid is no failure
        if (mode == u"toggle") {
            // switch_ivr_hold_toggle_uuid: holds an ACTIVE or UNHELD call, unholds a HELD one,
            // and leaves any other alone, successfully.
            if (c->callState == u"HELD")
                return setHold(*c, false) ? "+OK Success\n" : "-ERR Operation failed\n";
            if (c->callState != u"ACTIVE" && c->callState != u"UNHELD")
                return "+OK Success\n";
        }
        // On a channel whose hold no signalling confirms (loopback) the call state never says
        // HELD, so `uuid_hold off` always fails there, with the switch's "Call is not on hold".
        return setHold(*c, mode != u"off") ? "+OK Success\n" : "-ERR Operation failed\n";
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
        // The sim's own refusal: on FreeSWITCH 1.10.12 bridging two channels of one loopback
        // chain (the -b legs of `originate loopback/9196 &bridge(loopback/9197)`) crashed the
        // switch (a segfault in libfreeswitch); a simulation has no reason to crash.
        if (hasChannel(args[0]) && inOneLoopbackChain(args[0], args[1])) {
            log(LogEntry{3, QStringLiteral("mod_commands.c"),
                         QStringLiteral("uuid_bridge_function"), 4709, args[0],
                         "Refusing to bridge " + channel(args[0])->name.toUtf8() + " and " +
                             channel(args[1])->name.toUtf8() +
                             ": they are one loopback chain (FreeSWITCH 1.10.12 crashes on "
                             "this bridge)\n",
                         3});
            return "-ERR Cannot bridge two channels of one loopback chain\n";
        }
        // bridge_function: the second uuid, or failing that a third as a fallback.
        if (uuidBridge(args[0], args[1]))
            return "+OK " + args[1].toUtf8() + '\n';
        if (args.size() > 2 && uuidBridge(args[0], args[2]))
            return "+OK " + args[2].toUtf8() + '\n';
        return "-ERR Invalid uuid\n";
    }
    if (command == u"uuid_record") {
        static const QByteArray usage = "-USAGE: <uuid> [start|stop|mask|unmask] <path> "
                                        "[<limit>] [<recording_vars>]\n";
        if (args.size() < 3)
            return usage;
        Channel *c = channel(args[0]);
        if (!c)
            return "-ERR Cannot locate session!\n";
        if (args[1] == u"start") {
            startRecording(*c, args[2]);
            return "+OK Success\n";
        }
        if (args[1] == u"stop")
            return stopRecording(*c, args[2]) ? "+OK Success\n"
                                              : "-ERR Cannot stop record session!\n";
        return usage;
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
    if (command == u"uuid_set_media_stats") {
        // mod_commands: the whole argument is the uuid; set_stats does nothing for a channel
        // without an RTP session, and the answer is +OK: all the same.
        if (rest.isEmpty())
            return "-USAGE: <uuid>\n";
        Channel *c = channel(rest);
        if (!c)
            return "-ERR No such channel " + rest.toUtf8() + "!\n";
        m_rtp->setStats(*c);
        return "+OK:\n";
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
        // The job ends when the call is answered or fails, not when the command returns; its
        // BACKGROUND_JOB carries the arguments then too.
        m_jobArguments.insert(jobUuid, rest);
        const QByteArray result = originate(rest, jobUuid);
        if (!result.startsWith("+OK"))
            QTimer::singleShot(0, this, [this, jobUuid, rest, result] {
                fireBackgroundJob(jobUuid, QStringLiteral("originate"), rest, result);
            });
        return;
    }
    QTimer::singleShot(0, this, [this, jobUuid, line, command, rest] {
        const QByteArray output = api(line);
        // api() fires the command's API event on the next turn, as switch_api_execute fires
        // it when the command returns: the job's event, written after that, follows it.
        QTimer::singleShot(0, this, [this, jobUuid, command, rest, output] {
            fireBackgroundJob(jobUuid, command, rest, output);
        });
    });
}

} // namespace Sim
