// The api commands of the simulated switch, answered as mod_commands answers them, and the
// dialplan applications sendmsg can run.

#include "channel.h"
#include "simswitch.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace Sim {

namespace {

const QByteArray kNoSuchChannel = "-ERR No such channel!\n";

QString freshUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void appendJsonString(QByteArray &out, const QString &text)
{
    // cJSON's escaping, as the switch writes `show ... as json`.
    out.append('"');
    for (const char c : text.toUtf8()) {
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out.append(QStringLiteral("\\u%1").arg(int(c), 4, 16, QChar(u'0')).toUtf8());
            else
                out.append(c);
        }
    }
    out.append('"');
}

using Row = QList<std::pair<QByteArray, QString>>;

QByteArray rowsToJson(const QList<Row> &rows)
{
    if (rows.isEmpty())
        return "{\"row_count\": 0}\n";
    QByteArray out = "{\"row_count\":" + QByteArray::number(rows.size()) + ",\"rows\":[";
    for (qsizetype r = 0; r < rows.size(); ++r) {
        if (r)
            out.append(',');
        out.append('{');
        for (qsizetype i = 0; i < rows[r].size(); ++i) {
            if (i)
                out.append(',');
            appendJsonString(out, QString::fromUtf8(rows[r][i].first));
            out.append(':');
            appendJsonString(out, rows[r][i].second);
        }
        out.append('}');
    }
    out.append("]}");
    return out;
}

QByteArray rowsToText(const QList<Row> &rows, const QList<QByteArray> &columns)
{
    QByteArray out = columns.join(',') + '\n';
    for (const Row &row : rows) {
        QStringList values;
        for (const auto &[key, value] : row)
            values.append(value);
        out += values.join(u',').toUtf8() + '\n';
    }
    out += "\n" + QByteArray::number(rows.size()) + " total.\n";
    return out;
}

QString createdText(const Channel &c)
{
    return QDateTime::fromMSecsSinceEpoch(c.createdEpochMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

Row channelRow(const Channel &c, const QString &hostname)
{
    const CallerProfile &p = c.profile;
    return Row{{"uuid", c.uuid},
               {"direction", c.direction},
               {"created", createdText(c)},
               {"created_epoch", QString::number(c.createdEpochMs / 1000)},
               {"name", c.name},
               {"state", c.state},
               {"cid_name", p.callerIdName},
               {"cid_num", p.callerIdNumber},
               {"ip_addr", c.direction == u"inbound" ? QStringLiteral("127.0.0.1") : QString()},
               {"dest", p.destination},
               {"application", c.application},
               {"application_data", c.applicationData},
               {"dialplan", p.dialplan},
               {"context", p.context},
               {"read_codec", c.codec},
               {"read_rate", QString::number(c.codecRate)},
               {"read_bit_rate", QString::number(c.codecBitRate)},
               {"write_codec", c.codec},
               {"write_rate", QString::number(c.codecRate)},
               {"write_bit_rate", QString::number(c.codecBitRate)},
               {"secure", QString()},
               {"hostname", hostname},
               {"presence_id", QString()},
               {"presence_data", QString()},
               {"accountcode", QString()},
               {"callstate", c.callState},
               {"callee_name", p.calleeIdName},
               {"callee_num", p.calleeIdNumber},
               {"callee_direction", p.calleeIdNumber.isEmpty() ? QString() : QStringLiteral("SEND")},
               {"call_uuid", c.callUuid.isEmpty() ? c.uuid : c.callUuid},
               {"sent_callee_name", QString()},
               {"sent_callee_num", QString()},
               {"initial_cid_name", p.origCallerIdName},
               {"initial_cid_num", p.origCallerIdNumber},
               {"initial_ip_addr", QString()},
               {"initial_dest", p.destination},
               {"initial_dialplan", p.dialplan},
               {"initial_context", p.context}};
}

Row callRow(const Channel &a, const Channel *b, const QString &hostname)
{
    auto part = [&](const Channel *c, const char *prefix) {
        const QByteArray pre(prefix);
        const CallerProfile *p = c ? &c->profile : nullptr;
        auto v = [&](const QString &value) { return c ? value : QString(); };
        return Row{{pre + "uuid", v(c ? c->uuid : QString())},
                   {pre + "direction", v(c ? c->direction : QString())},
                   {pre + "created", v(c ? createdText(*c) : QString())},
                   {pre + "created_epoch", v(c ? QString::number(c->createdEpochMs / 1000) : QString())},
                   {pre + "name", v(c ? c->name : QString())},
                   {pre + "state", v(c ? c->state : QString())},
                   {pre + "cid_name", v(p ? p->callerIdName : QString())},
                   {pre + "cid_num", v(p ? p->callerIdNumber : QString())},
                   {pre + "ip_addr", QString()},
                   {pre + "dest", v(p ? p->destination : QString())},
                   {pre + "presence_id", QString()},
                   {pre + "presence_data", QString()},
                   {pre + "accountcode", QString()},
                   {pre + "callstate", v(c ? c->callState : QString())},
                   {pre + "callee_name", v(p ? p->calleeIdName : QString())},
                   {pre + "callee_num", v(p ? p->calleeIdNumber : QString())},
                   {pre + "callee_direction", QString()}};
    };
    Row row = part(&a, "");
    row.append({"call_uuid", b ? a.uuid : QString()});
    row.append({"hostname", hostname});
    row.append({"sent_callee_name", QString()});
    row.append({"sent_callee_num", QString()});
    row.append(part(b, "b_"));
    row.append({"b_sent_callee_name", QString()});
    row.append({"b_sent_callee_num", QString()});
    row.append({"call_created_epoch", b ? QString::number(a.createdEpochMs / 1000) : QString()});
    return row;
}

} // namespace

QByteArray Switch::showChannels(bool json) const
{
    QList<const Channel *> channels;
    for (const auto &c : m_channels)
        channels.append(c.get());
    std::sort(channels.begin(), channels.end(),
              [](const Channel *a, const Channel *b) { return a->createdEpochMs < b->createdEpochMs; });
    QList<Row> rows;
    for (const Channel *c : std::as_const(channels))
        rows.append(channelRow(*c, m_config.hostname));
    if (json)
        return rowsToJson(rows);
    QList<QByteArray> columns;
    for (const auto &[key, value] : channelRow(Channel(), {}))
        columns.append(key);
    return rowsToText(rows, columns);
}

QByteArray Switch::showCalls(bool json) const
{
    // One row per call: a bridged pair is the A leg's row with the B leg's b_* columns; a
    // lone channel has its own row with empty b_* columns.
    QList<const Channel *> channels;
    for (const auto &c : m_channels)
        channels.append(c.get());
    std::sort(channels.begin(), channels.end(),
              [](const Channel *a, const Channel *b) { return a->createdEpochMs < b->createdEpochMs; });
    QList<Row> rows;
    QSet<QString> shown;
    for (const Channel *c : std::as_const(channels)) {
        if (shown.contains(c->uuid))
            continue;
        const Channel *b = c->bridgedUuid.isEmpty() ? nullptr : channel(c->bridgedUuid);
        shown.insert(c->uuid);
        if (b)
            shown.insert(b->uuid);
        rows.append(callRow(*c, b, m_config.hostname));
    }
    if (json)
        return rowsToJson(rows);
    QList<QByteArray> columns;
    for (const auto &[key, value] : callRow(Channel(), nullptr, {}))
        columns.append(key);
    return rowsToText(rows, columns);
}

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
    if (std::none_of(known.cbegin(), known.cend(), [&](const QString &k) { return endpoint.startsWith(k); }))
        return "-ERR CHAN_NOT_IMPLEMENTED\n";

    // The new leg is an outbound channel to `endpoint`; once it answers it runs the target.
    auto a = newChannel(vars.value(QStringLiteral("origination_uuid")), endpoint,
                        QStringLiteral("outbound"));
    CallerProfile &p = a->profile;
    p.callerIdName = p.origCallerIdName =
        vars.value(QStringLiteral("origination_caller_id_name"), args.value(4, QStringLiteral("Outbound Call")));
    p.callerIdNumber = p.origCallerIdNumber = p.ani =
        vars.value(QStringLiteral("origination_caller_id_number"), args.value(5, QStringLiteral("0000000000")));
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
            static const QRegularExpression appPattern(QStringLiteral("^&([A-Za-z0-9_]+)(?:\\((.*)\\))?$"));
            const QRegularExpressionMatch m = appPattern.match(target);
            const QString app = m.captured(1);
            const QString arg = m.captured(2);
            if (app == u"bridge") {
                const QString job = m_pendingJobs.take(aUuid);
                if (!job.isEmpty())
                    fireBackgroundJob(job, QStringLiteral("originate"), {}, "+OK " + aUuid.toUtf8() + '\n');
                QString dest = arg;
                QString bUuid;
                if (dest.startsWith(u'{')) {
                    static const QRegularExpression uuidVar(QStringLiteral("origination_uuid=([^,}]+)"));
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
        return "FreeSWITCH Version 1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit (git a88d069 "
               "2024-08-02 21:02:27Z 64bit)\n";
    if (command == u"show") {
        const bool json = rest.endsWith(QStringLiteral("as json"));
        if (args.value(0) == u"channels")
            return showChannels(json);
        if (args.value(0) == u"calls")
            return showCalls(json);
        return "-USAGE: show <channels|calls|...> [as json]\n";
    }
    if (command == u"echo")
        return rest.toUtf8();
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
        QJsonObject sessions{{QStringLiteral("count"),
                              QJsonObject{{QStringLiteral("total"), double(m_sessionsSinceStartup)},
                                          {QStringLiteral("active"), double(m_channels.size())},
                                          {QStringLiteral("peak"), double(m_peakSessions)},
                                          {QStringLiteral("limit"), double(m_config.maxSessions)}}}};
        QJsonObject response{{QStringLiteral("systemStatus"), QStringLiteral("ready")},
                             {QStringLiteral("uptime"),
                              QJsonObject{{QStringLiteral("msec"), double(uptimeMs())}}},
                             {QStringLiteral("version"), QStringLiteral("1.10.12-release git a88d069 2024-08-02 21:02:27Z 64bit")},
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

void Switch::bgapi(const QString &commandLine, const QString &jobUuid)
{
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

// --- sendmsg execute ---

bool Switch::execute(const QString &uuid, const QString &application, const QString &argument,
                     const QString &eventUuid, int loops, bool /*eventLock*/)
{
    if (!hasChannel(uuid))
        return false;
    // Applications run one after another on the channel, in the order they were sent.
    std::deque<PendingApp> &queue = m_appQueues[uuid];
    queue.push_back(PendingApp{application, argument, eventUuid.isEmpty() ? freshUuid() : eventUuid,
                               std::max(1, loops)});
    if (queue.size() == 1 && !m_runningApp.contains(uuid))
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
    return true;
}

void Switch::runNextApp(const QString &uuid)
{
    Channel *c = channel(uuid);
    auto it = m_appQueues.find(uuid);
    if (!c || it == m_appQueues.end() || it->empty() || m_runningApp.contains(uuid))
        return;
    PendingApp app = it->front();
    static const QStringList known{
        QStringLiteral("answer"),   QStringLiteral("pre_answer"), QStringLiteral("ring_ready"),
        QStringLiteral("playback"), QStringLiteral("sleep"),      QStringLiteral("set"),
        QStringLiteral("export"),   QStringLiteral("unset"),      QStringLiteral("park"),
        QStringLiteral("hangup"),   QStringLiteral("transfer"),   QStringLiteral("bridge"),
        QStringLiteral("record_session"), QStringLiteral("stop_record_session"),
        QStringLiteral("play_and_get_digits"), QStringLiteral("read"), QStringLiteral("echo"),
        QStringLiteral("log"),      QStringLiteral("info"),       QStringLiteral("eavesdrop"),
        QStringLiteral("three_way"), QStringLiteral("socket"),    QStringLiteral("hold"),
        QStringLiteral("unhold"),   QStringLiteral("send_dtmf"),  QStringLiteral("respond")};
    if (!known.contains(app.application)) {
        // As the switch: an error in the log, and no CHANNEL_EXECUTE at all.
        it->pop_front();
        log(LogEntry{3, QStringLiteral("switch_core_session.c"),
                     QStringLiteral("switch_core_session_execute_application_get_flags"), 2846, uuid,
                     "Invalid Application " + app.application.toUtf8() + "\n"});
        runNextApp(uuid);
        return;
    }
    m_runningApp.insert(uuid, app);
    c->application = app.application;
    c->applicationData = app.argument;
    c->setVariable("current_application", app.application);
    if (!app.argument.isEmpty())
        c->setVariable("current_application_data", app.argument);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *c, {}, post);
    const int ms = runApp(*c, app);
    if (ms < 0) {
        // It runs until the channel moves on; the next application may start meanwhile.
        m_runningApp.remove(uuid);
        startBackgroundApp(uuid, app);
        auto queue = m_appQueues.find(uuid);
        if (queue != m_appQueues.end() && !queue->empty()) {
            queue->pop_front();
            if (!queue->empty())
                QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        }
        return;
    }
    QTimer::singleShot(ms, this, [this, uuid, app] {
        Channel *c = channel(uuid);
        if (!c || m_runningApp.value(uuid).eventUuid != app.eventUuid)
            return;
        QString response = QStringLiteral("_none_");
        if (app.application == u"playback")
            response = QStringLiteral("FILE PLAYED");
        if (app.application == u"playback") {
            Esl::HeaderList post;
            post.append("Playback-File-Path", app.argument.toUtf8());
            post.append("Playback-Status", "done");
            post.append("loops", QByteArray::number(app.loops));
            fireChannelEvent("PLAYBACK_STOP", *c, {}, post, true, false);
        }
        completeApp(uuid, app, response);
    });
}

int Switch::runApp(Channel &c, const PendingApp &app)
{
    const QString &name = app.application;
    const QString &arg = app.argument;
    if (name == u"answer" || name == u"pre_answer" || name == u"ring_ready") {
        if (name == u"answer")
            answer(c);
        return 20;
    }
    if (name == u"playback") {
        Esl::HeaderList post;
        post.append("Playback-File-Path", arg.toUtf8());
        post.append("loops", QByteArray::number(app.loops));
        fireChannelEvent("PLAYBACK_START", c, {}, post, true, false);
        return arg.startsWith(QStringLiteral("tone_stream://")) ? 500 : 1000;
    }
    if (name == u"sleep")
        return std::clamp(arg.toInt(), 0, 60000);
    if (name == u"set" || name == u"export") {
        c.setVariable(arg.section(u'=', 0, 0).toUtf8(), arg.section(u'=', 1));
        return 0;
    }
    if (name == u"unset") {
        c.removeVariable(arg.toUtf8());
        return 0;
    }
    if (name == u"park") {
        park(c);
        return -1;
    }
    if (name == u"echo" || name == u"eavesdrop" || name == u"three_way" || name == u"socket") {
        if (name == u"socket") {
            const QString target = arg.section(u' ', 0, 0);
            const QString uuid = c.uuid;
            Q_EMIT outboundSocketRequested(uuid, target.section(u':', 0, 0),
                                           quint16(target.section(u':', 1, 1).toUInt()));
        }
        return -1;
    }
    if (name == u"hangup") {
        const QString uuid = c.uuid;
        const QString cause = arg.isEmpty() ? QStringLiteral("NORMAL_CLEARING") : arg;
        QTimer::singleShot(0, this, [this, uuid, cause] { hangupChannel(uuid, cause); });
        return -1;
    }
    if (name == u"transfer") {
        const QString uuid = c.uuid;
        const QStringList parts = arg.split(u' ', Qt::SkipEmptyParts);
        QTimer::singleShot(0, this, [this, uuid, parts] {
            if (Channel *ch = channel(uuid))
                transfer(*ch, parts.value(0), parts.value(1), parts.value(2));
        });
        return 0;
    }
    if (name == u"bridge") {
        newBLeg(c, arg.section(u'/', -1).section(u'@', 0, 0), {}, {});
        return -1;
    }
    if (name == u"record_session") {
        startRecording(c, arg.section(u' ', 0, 0));
        return 0;
    }
    if (name == u"stop_record_session") {
        stopRecording(c, arg);
        return 0;
    }
    if (name == u"hold" || name == u"unhold") {
        hold(c, name == u"hold");
        return 0;
    }
    if (name == u"send_dtmf") {
        sendDtmf(c, arg);
        return 100;
    }
    if (name == u"log") {
        log(LogEntry{6, QStringLiteral("mod_dptools.c"), QStringLiteral("log_function"), 1790, c.uuid,
                     arg.section(u' ', 1).toUtf8() + '\n'});
        return 0;
    }
    // play_and_get_digits / read: prompt, wait for digits that never come, time out.
    return 1500;
}

void Switch::completeApp(const QString &uuid, const PendingApp &app, const QString &response)
{
    Channel *c = channel(uuid);
    if (!c)
        return;
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-Response", response.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    c->setVariable("current_application_response", response);
    if (m_runningApp.value(uuid).eventUuid == app.eventUuid)
        m_runningApp.remove(uuid);
    fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *c, {}, post);
    auto it = m_appQueues.find(uuid);
    if (it == m_appQueues.end() || it->empty())
        return;
    PendingApp &front = it->front();
    if (--front.loops > 0) {
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        return;
    }
    it->pop_front();
    if (!it->empty())
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
}

void Switch::startBackgroundApp(const QString &uuid, const PendingApp &app)
{
    finishBackgroundApp(uuid, QStringLiteral("_none_"));
    m_backgroundApp.insert(uuid, app);
    if (app.application != u"bridge")
        return; // runNextApp already announced it
    Channel *c = channel(uuid);
    if (!c)
        return;
    c->setVariable("current_application", app.application);
    c->setVariable("current_application_data", app.argument);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *c, {}, post);
}

void Switch::finishBackgroundApp(const QString &uuid, const QString &response)
{
    const auto it = m_backgroundApp.find(uuid);
    if (it == m_backgroundApp.end())
        return;
    const PendingApp app = *it;
    m_backgroundApp.erase(it);
    Channel *c = channel(uuid);
    if (!c)
        return;
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-Response", response.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *c, {}, post);
}

} // namespace Sim
