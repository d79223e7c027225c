#include "simswitch.h"
#include "simcallcenter.h"
#include "simconference.h"
#include "simrtp.h"
#include "simsofia.h"
#include "simvalet.h"
#include "simids.h"

#include "channel.h"

#include <QLocale>
#include <QTimeZone>
#include <QUuid>

namespace Sim {

namespace {

// Where the real switch fires each event from (Event-Calling-File/Function/Line-Number).
struct Origin
{
    const char *file;
    const char *function;
    int line;
};

Origin originOf(QByteArrayView name)
{
    static const QHash<QByteArray, Origin> origins{
        {"CHANNEL_CREATE", {"switch_core_state_machine.c", "switch_core_session_run", 626}},
        {"CHANNEL_ORIGINATE", {"switch_core_state_machine.c", "switch_core_session_run", 632}},
        {"CHANNEL_OUTGOING",
         {"switch_core_session.c", "switch_core_session_outgoing_channel", 768}},
        {"CHANNEL_STATE", {"switch_channel.c", "switch_channel_perform_set_running_state", 2408}},
        {"CHANNEL_CALLSTATE", {"switch_channel.c", "switch_channel_perform_set_callstate", 301}},
        {"CHANNEL_PROGRESS",
         {"switch_channel.c", "switch_channel_perform_mark_ring_ready_value", 3622}},
        {"CHANNEL_ANSWER", {"switch_channel.c", "switch_channel_perform_mark_answered", 3846}},
        {"CHANNEL_BRIDGE", {"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1689}},
        {"CHANNEL_UNBRIDGE", {"switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1879}},
        {"CHANNEL_EXECUTE", {"switch_core_session.c", "switch_core_session_exec", 2944}},
        {"CHANNEL_EXECUTE_COMPLETE", {"switch_core_session.c", "switch_core_session_exec", 2967}},
        {"CHANNEL_HANGUP", {"switch_channel.c", "switch_channel_perform_hangup", 3445}},
        {"CHANNEL_HANGUP_COMPLETE",
         {"switch_core_state_machine.c", "switch_core_session_reporting_state", 943}},
        {"CHANNEL_DESTROY", {"switch_core_session.c", "switch_core_session_perform_destroy", 1584}},
        {"CHANNEL_HOLD", {"switch_ivr.c", "switch_ivr_hold", 1558}},
        {"CHANNEL_UNHOLD", {"switch_ivr.c", "switch_ivr_unhold", 1611}},
        {"CHANNEL_PARK", {"switch_ivr.c", "switch_ivr_park", 1002}},
        {"CHANNEL_UNPARK", {"switch_ivr.c", "switch_ivr_park", 1213}},
        {"CALL_UPDATE", {"switch_channel.c", "switch_channel_flip_cid", 3277}},
        {"RECORD_START", {"switch_ivr_async.c", "record_callback", 1481}},
        {"RECORD_STOP", {"switch_ivr_async.c", "send_record_stop_event", 1240}},
        {"MEDIA_BUG_START", {"switch_core_media_bug.c", "switch_core_media_bug_add", 1014}},
        {"MEDIA_BUG_STOP", {"switch_core_media_bug.c", "switch_core_media_bug_destroy", 84}},
        {"DTMF", {"switch_channel.c", "switch_channel_dequeue_dtmf", 677}},
        {"PLAYBACK_START", {"switch_ivr_play_say.c", "switch_ivr_play_file", 1646}},
        {"PLAYBACK_STOP", {"switch_ivr_play_say.c", "switch_ivr_play_file", 2020}},
        {"HEARTBEAT", {"switch_core.c", "send_heartbeat", 95}},
        {"API", {"switch_loadable_module.c", "switch_api_execute", 2954}},
        {"BACKGROUND_JOB", {"mod_event_socket.c", "api_exec", 1572}},
        {"CHANNEL_DATA", {"mod_commands.c", "uuid_dump_function", 6468}},
    };
    return origins.value(name.toByteArray(), Origin{"switch_event.c", "switch_event_fire", 2000});
}

// switch_channel.c's CAUSE_CHART with the numbers of switch_types.h.
struct Cause
{
    int number;
    const char *name;
};
// clang-format off
constexpr Cause kCauses[] = {
    {0, "NONE"}, {1, "UNALLOCATED_NUMBER"}, {2, "NO_ROUTE_TRANSIT_NET"},
    {3, "NO_ROUTE_DESTINATION"}, {6, "CHANNEL_UNACCEPTABLE"}, {7, "CALL_AWARDED_DELIVERED"},
    {16, "NORMAL_CLEARING"}, {17, "USER_BUSY"}, {18, "NO_USER_RESPONSE"}, {19, "NO_ANSWER"},
    {20, "SUBSCRIBER_ABSENT"}, {21, "CALL_REJECTED"}, {22, "NUMBER_CHANGED"},
    {23, "REDIRECTION_TO_NEW_DESTINATION"}, {25, "EXCHANGE_ROUTING_ERROR"},
    {27, "DESTINATION_OUT_OF_ORDER"}, {28, "INVALID_NUMBER_FORMAT"}, {29, "FACILITY_REJECTED"},
    {30, "RESPONSE_TO_STATUS_ENQUIRY"}, {31, "NORMAL_UNSPECIFIED"},
    {34, "NORMAL_CIRCUIT_CONGESTION"}, {38, "NETWORK_OUT_OF_ORDER"},
    {41, "NORMAL_TEMPORARY_FAILURE"}, {42, "SWITCH_CONGESTION"}, {43, "ACCESS_INFO_DISCARDED"},
    {44, "REQUESTED_CHAN_UNAVAIL"}, {45, "PRE_EMPTED"}, {50, "FACILITY_NOT_SUBSCRIBED"},
    {52, "OUTGOING_CALL_BARRED"}, {54, "INCOMING_CALL_BARRED"}, {57, "BEARERCAPABILITY_NOTAUTH"},
    {58, "BEARERCAPABILITY_NOTAVAIL"}, {63, "SERVICE_UNAVAILABLE"},
    {65, "BEARERCAPABILITY_NOTIMPL"}, {66, "CHAN_NOT_IMPLEMENTED"},
    {69, "FACILITY_NOT_IMPLEMENTED"}, {79, "SERVICE_NOT_IMPLEMENTED"},
    {81, "INVALID_CALL_REFERENCE"}, {88, "INCOMPATIBLE_DESTINATION"},
    {95, "INVALID_MSG_UNSPECIFIED"}, {96, "MANDATORY_IE_MISSING"}, {97, "MESSAGE_TYPE_NONEXIST"},
    {98, "WRONG_MESSAGE"}, {99, "IE_NONEXIST"}, {100, "INVALID_IE_CONTENTS"},
    {101, "WRONG_CALL_STATE"}, {102, "RECOVERY_ON_TIMER_EXPIRE"},
    {103, "MANDATORY_IE_LENGTH_ERROR"}, {111, "PROTOCOL_ERROR"}, {127, "INTERWORKING"},
    {142, "SUCCESS"}, {487, "ORIGINATOR_CANCEL"}, {700, "CRASH"}, {701, "SYSTEM_SHUTDOWN"},
    {702, "LOSE_RACE"}, {703, "MANAGER_REQUEST"}, {800, "BLIND_TRANSFER"},
    {801, "ATTENDED_TRANSFER"}, {802, "ALLOTTED_TIMEOUT"}, {803, "USER_CHALLENGE"},
    {804, "MEDIA_TIMEOUT"}, {805, "PICKED_OFF"}, {806, "USER_NOT_REGISTERED"},
    {807, "PROGRESS_TIMEOUT"}, {808, "INVALID_GATEWAY"}, {809, "GATEWAY_DOWN"},
    {810, "INVALID_URL"}, {811, "INVALID_PROFILE"}, {812, "NO_PICKUP"}, {813, "SRTP_READ_ERROR"},
    {814, "BOWOUT"}, {815, "BUSY_EVERYWHERE"}, {816, "DECLINE"}, {817, "DOES_NOT_EXIST_ANYWHERE"},
    {818, "NOT_ACCEPTABLE"}, {819, "UNWANTED"}, {820, "NO_IDENTITY"}, {821, "BAD_IDENTITY_INFO"},
    {822, "UNSUPPORTED_CERTIFICATE"}, {823, "INVALID_IDENTITY"}, {824, "STALE_DATE"},
    {825, "REJECT_ALL"}};
// clang-format on

} // namespace

QString Switch::causeName(const QString &cause)
{
    const QString text = cause.trimmed();
    if (!text.isEmpty() && text.front().isDigit()) {
        // atoi(): the leading digits.
        int number = 0;
        for (qsizetype i = 0; i < text.size() && text[i].isDigit() && number < 100000; ++i)
            number = number * 10 + text[i].digitValue();
        for (const Cause &c : kCauses) {
            if (c.number == number)
                return QString::fromLatin1(c.name);
        }
        return QStringLiteral("UNKNOWN");
    }
    for (const Cause &c : kCauses) {
        if (text.compare(QLatin1StringView(c.name), Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(c.name);
    }
    return QStringLiteral("NORMAL_CLEARING");
}

int Switch::causeQ850(const QString &cause)
{
    const QString name = causeName(cause);
    for (const Cause &c : kCauses) {
        if (name == QLatin1StringView(c.name))
            return c.number <= 127 ? c.number : 16;
    }
    return 16;
}

Switch::Switch(SwitchConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_coreUuid(freshUuid()),
      m_started(QDateTime::currentDateTimeUtc())
{
    m_globals.insert(QStringLiteral("hostname"), m_config.hostname);
    m_globals.insert(QStringLiteral("switchname"), m_config.hostname);
    m_globals.insert(QStringLiteral("local_ip_v4"), m_config.ipv4);
    m_globals.insert(QStringLiteral("local_ip_v6"), m_config.ipv6);
    m_globals.insert(QStringLiteral("domain"), m_config.ipv4);
    m_globals.insert(QStringLiteral("core_uuid"), m_coreUuid);
    // The directories switch_core_init publishes, for a source build's layout.
    const QString base = QStringLiteral("/usr/local/freeswitch");
    m_globals.insert(QStringLiteral("base_dir"), base);
    m_globals.insert(QStringLiteral("recordings_dir"), m_config.recordingsDir);
    m_globals.insert(QStringLiteral("sounds_dir"), base + QStringLiteral("/sounds"));
    m_globals.insert(QStringLiteral("sound_prefix"), base + QStringLiteral("/sounds"));
    m_globals.insert(QStringLiteral("conf_dir"), base + QStringLiteral("/conf"));
    m_globals.insert(QStringLiteral("log_dir"), base + QStringLiteral("/log"));
    m_globals.insert(QStringLiteral("storage_dir"), base + QStringLiteral("/storage"));
    m_globals.insert(QStringLiteral("temp_dir"), QStringLiteral("/tmp"));
    m_rtp = new SimRtp(this);
    if (m_config.initialCalls > 0) {
        // A switch that has been up for an hour, with calls older than the console's session.
        m_started = m_started.addSecs(-3600);
        createInitialCalls();
        // Their audio has been flowing since they answered (no RTCP: nothing asked for it).
        for (const auto &channel : std::as_const(m_channels)) {
            if (channel->profile.answeredTime > 0)
                m_rtp->start(*channel, channel->profile.answeredTime / 1000);
        }
    }
    auto add = [this](auto *module, const char *name) {
        m_ownedModules.emplace_back(module);
        if (!m_config.withoutModules.contains(QLatin1String(name)))
            m_modules.push_back(module);
        return module;
    };
    m_conference = add(new SimConference(this), "mod_conference");
    m_callCenter = add(new SimCallCenter(this), "mod_callcenter");
    m_sofia = add(new SimSofia(this), "mod_sofia");
    m_valet = add(new SimValet(this), "mod_valet_parking");
    connect(&m_heartbeat, &QTimer::timeout, this, &Switch::sendHeartbeat);
    if (m_config.heartbeatIntervalMs > 0)
        m_heartbeat.start(m_config.heartbeatIntervalMs);
}

Switch::~Switch() = default;

void Switch::startModuleTraffic(quint32 seed)
{
    for (const auto &module : m_modules)
        module->startTraffic(seed++);
}

void Switch::stopModuleTraffic()
{
    for (const auto &module : m_modules)
        module->stopTraffic();
}

Channel *Switch::channel(const QString &uuid) const
{
    const auto it = m_channels.constFind(uuid);
    return it == m_channels.cend() ? nullptr : it->get();
}

bool Switch::hasChannel(const QString &uuid) const
{
    return m_channels.contains(uuid);
}

QStringList Switch::channelUuids() const
{
    return m_channels.keys();
}

Esl::HeaderList Switch::eventBase(QByteArrayView name, QByteArrayView callingFile,
                                  QByteArrayView callingFunction, int callingLine)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    // Formatting dates is dear; they change once a second.
    if (nowMs / 1000 != m_dateSecond) {
        m_dateSecond = nowMs / 1000;
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
        m_dateLocal = now.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")).toUtf8();
        m_dateGmt = QLocale::c()
                        .toString(now.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                        .toUtf8();
        m_identity = {m_coreUuid.toUtf8(), m_config.hostname.toUtf8(), m_config.ipv4.toUtf8(),
                      m_config.ipv6.toUtf8()};
    }
    Esl::HeaderList h;
    h.reserve(128, 6144);
    h.append("Event-Name", name);
    h.append("Core-UUID", m_identity[0]);
    h.append("FreeSWITCH-Hostname", m_identity[1]);
    h.append("FreeSWITCH-Switchname", m_identity[1]);
    h.append("FreeSWITCH-IPv4", m_identity[2]);
    h.append("FreeSWITCH-IPv6", m_identity[3]);
    h.append("Event-Date-Local", m_dateLocal);
    h.append("Event-Date-GMT", m_dateGmt);
    h.append("Event-Date-Timestamp", QByteArray::number(nowMs * 1000));
    h.append("Event-Calling-File", callingFile);
    h.append("Event-Calling-Function", callingFunction);
    h.append("Event-Calling-Line-Number", QByteArray::number(callingLine));
    h.append("Event-Sequence", QByteArray::number(++m_sequence));
    return h;
}

void Switch::fire(Esl::Event event)
{
    Q_EMIT eventFired(std::make_shared<const FiredEvent>(std::move(event)));
}

void Switch::fireChannelEvent(QByteArrayView name, const Channel &channel,
                              const Esl::HeaderList &pre, const Esl::HeaderList &post,
                              bool withVariables, bool withOtherLeg)
{
    const Origin origin = originOf(name);
    Esl::HeaderList h = eventBase(name, origin.file, origin.function, origin.line);
    for (qsizetype i = 0; i < pre.size(); ++i)
        h.append(pre.name(i), pre.value(i));
    channel.appendChannelData(h);
    if (withOtherLeg && !channel.otherUuid.isEmpty()) {
        if (const Channel *other = this->channel(channel.otherUuid))
            channel.appendOtherLeg(h, *other);
    }
    // The event's own headers follow the channel's variables, as switch_channel_event_set_data
    // comes first in the real switch.
    if (withVariables)
        channel.appendVariables(h);
    for (qsizetype i = 0; i < post.size(); ++i)
        h.append(post.name(i), post.value(i));
    fire(Esl::Event(std::move(h), {}, false));
    logWithEvent(name, channel, pre, post);
}

std::shared_ptr<Channel> Switch::newChannel(const QString &uuid, const QString &name,
                                            const QString &direction)
{
    auto channel = std::make_shared<Channel>();
    channel->uuid = uuid.isEmpty() ? freshUuid() : uuid;
    channel->name = name;
    channel->direction = direction;
    channel->createdEpochMs = QDateTime::currentMSecsSinceEpoch();
    channel->profile.direction = direction;
    channel->profile.logicalDirection = direction;
    channel->profile.uniqueId = channel->uuid;
    channel->profile.channelName = name;
    channel->profile.createdTime = nowMicros();
    channel->setVariable("direction", direction);
    // switch_channel_set_flag(CF_OUTBOUND) on every outbound channel.
    if (direction == u"outbound")
        channel->setVariable("is_outbound", QStringLiteral("true"));
    channel->setVariable("uuid", channel->uuid);
    // A channel's call is its own until an originate or a bridge says otherwise.
    channel->setVariable("call_uuid", channel->uuid);
    channel->setVariable("session_id", QString::number(m_sessionsSinceStartup + 1));
    channel->setVariable("channel_name", name);
    channel->setVariable("read_codec", channel->codec);
    channel->setVariable("read_rate", QString::number(channel->codecRate));
    channel->setVariable("write_codec", channel->codec);
    channel->setVariable("write_rate", QString::number(channel->codecRate));
    m_channels.insert(channel->uuid, channel);
    ++m_sessionsSinceStartup;
    m_peakSessions = std::max(m_peakSessions, int(m_channels.size()));
    return channel;
}

void Switch::setState(Channel &channel, const QString &state)
{
    if (channel.state == state)
        return;
    const QString from = channel.state;
    channel.state = state;
    fireChannelEvent("CHANNEL_STATE", channel, {}, {}, false);
    logStateChange(channel, from);
}

void Switch::setCallState(Channel &channel, const QString &callState)
{
    if (channel.callState == callState)
        return;
    Esl::HeaderList pre;
    pre.append("Original-Channel-Call-State", channel.callState.toUtf8());
    pre.append("Channel-Call-State-Number",
               QByteArray::number(Channel::callStateNumber(callState)));
    const QString from = channel.callState;
    channel.callState = callState;
    fireChannelEvent("CHANNEL_CALLSTATE", channel, pre, {}, false);
    logCallStateChange(channel, from);
}

void Switch::restart()
{
    // As after a crash: nothing is announced, the channels are simply gone.
    m_channels.clear();
    m_rtp->clear();
    m_appQueues.clear();
    m_runningApp.clear();
    m_backgroundApp.clear();
    m_pendingJobs.clear();
    m_attXfers.clear();
    m_staleRows.clear();
    m_eavesdrops.clear();
    m_jobArguments.clear();
    for (const auto &module : m_modules)
        module->reset();
    m_coreUuid = freshUuid();
    m_globals.insert(QStringLiteral("core_uuid"), m_coreUuid);
    m_dateSecond = -1; // the cached Core-UUID bytes are stale
    m_started = QDateTime::currentDateTimeUtc();
    m_sequence = 0;
    Q_EMIT restarted(m_coreUuid);
}

bool Switch::degradeLeg(const QString &uuid, double lossPct, double jitterMs, int afterMs,
                        int forMs)
{
    if (!hasChannel(uuid))
        return false;
    return m_rtp->degrade(uuid, lossPct, jitterMs, afterMs, forMs);
}

void Switch::fireBackgroundJob(const QString &jobUuid, const QString &command,
                               const QString &argument, const QByteArray &output)
{
    const Origin origin = originOf("BACKGROUND_JOB");
    Esl::HeaderList h = eventBase("BACKGROUND_JOB", origin.file, origin.function, origin.line);
    h.append("Job-UUID", jobUuid.toUtf8());
    if (const QString owner = m_jobOwners.take(jobUuid); !owner.isEmpty())
        h.append("Job-Owner-UUID", owner.toUtf8());
    h.append("Job-Command", command.toUtf8());
    const QString remembered = m_jobArguments.take(jobUuid);
    if (const QString &arg = argument.isEmpty() ? remembered : argument; !arg.isEmpty())
        h.append("Job-Command-Arg", arg.toUtf8());
    fire(Esl::Event(std::move(h), output, true));
}

void Switch::fireApiEvent(const QString &command, const QString &argument)
{
    const Origin origin = originOf("API");
    Esl::HeaderList h = eventBase("API", origin.file, origin.function, origin.line);
    h.append("API-Command", command.toUtf8());
    if (!argument.isEmpty())
        h.append("API-Command-Argument", argument.toUtf8());
    fire(Esl::Event(std::move(h), {}, false));
}

void Switch::sendHeartbeat()
{
    const Origin origin = originOf("HEARTBEAT");
    Esl::HeaderList h = eventBase("HEARTBEAT", origin.file, origin.function, origin.line);
    const qint64 up = uptimeMs();
    h.append("Event-Info", "System Ready");
    h.append(
        "Up-Time",
        QStringLiteral(
            "0 years, %1 days, %2 hours, %3 minutes, %4 seconds, %5 milliseconds, 0 microseconds")
            .arg(up / 86400000)
            .arg(up / 3600000 % 24)
            .arg(up / 60000 % 60)
            .arg(up / 1000 % 60)
            .arg(up % 1000)
            .toUtf8());
    h.append("FreeSWITCH-Version", "1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit");
    h.append("Uptime-msec", QByteArray::number(up));
    h.append("Session-Count", QByteArray::number(m_channels.size()));
    h.append("Max-Sessions", QByteArray::number(m_config.maxSessions));
    h.append("Session-Per-Sec", "30");
    h.append("Session-Per-Sec-Last", "0");
    h.append("Session-Per-Sec-Max", "0");
    h.append("Session-Per-Sec-FiveMin", "0");
    h.append("Session-Since-Startup", QByteArray::number(m_sessionsSinceStartup));
    h.append("Session-Peak-Max", QByteArray::number(m_peakSessions));
    h.append("Session-Peak-FiveMin", QByteArray::number(m_peakSessions));
    h.append("Idle-CPU", "98.500000");
    fire(Esl::Event(std::move(h), {}, false));
}

Esl::HeaderList Switch::channelData(const QString &uuid) const
{
    Esl::HeaderList h;
    const Channel *c = channel(uuid);
    if (!c)
        return h;
    c->appendProfile(h, "Channel-");
    c->appendChannelData(h);
    if (!c->otherUuid.isEmpty()) {
        if (const Channel *other = channel(c->otherUuid))
            c->appendOtherLeg(h, *other);
    }
    c->appendVariables(h);
    return h;
}

} // namespace Sim
