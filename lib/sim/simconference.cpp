#include "simconference.h"

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

namespace Sim {

namespace {

constexpr QByteArrayView kSubclass = "conference::maintenance";
// Where FreeSWITCH 1.10.12 fires each (Event-Calling-*), as real2/conference-control has them;
// stop-talking, absent there, from conference_loop.c stop_talking_handler.
constexpr QByteArrayView kMember = "conference_member.c";
constexpr QByteArrayView kLoop = "conference_loop.c";
constexpr QByteArrayView kMod = "mod_conference.c";

} // namespace

SimConference::SimConference(Switch *sw) : Module(sw)
{
    m_talk.setInterval(1500);
    connect(&m_talk, &QTimer::timeout, this, &SimConference::talkTick);
    m_traffic.setInterval(4000);
    connect(&m_traffic, &QTimer::timeout, this, &SimConference::trafficTick);
}

SimConference::~SimConference() = default;

bool SimConference::runsApp(QStringView application) const
{
    return application == u"conference";
}

std::optional<std::pair<QString, QString>> SimConference::route(const QString &exten) const
{
    bool ok = false;
    const int n = exten.toInt(&ok);
    if (!ok || n < 3100 || n > 3199 || exten.size() != 4)
        return std::nullopt;
    return std::make_pair(QStringLiteral("conference"), exten + QStringLiteral("@default"));
}

int SimConference::runApp(Channel &channel, const QString &, const QString &argument)
{
    // conference NAME[@PROFILE][+flags{...}]
    QString spec = argument.section(u'+', 0, 0).trimmed();
    const QString name = spec.section(u'@', 0, 0);
    QString profile = spec.section(u'@', 1);
    if (profile.isEmpty())
        profile = QStringLiteral("default");
    if (name.isEmpty())
        return 0;
    const auto it = m_rooms.find(name);
    // A locked conference keeps inbound callers out (mod_conference.c conference_function:
    // enforce_security is for inbound channels only, so originate's and bgdial's outbound legs
    // get in). The caller hears the locked sound and the application ends; the channel then
    // hangs up at the end of its dialplan instead of waiting there for ever.
    if (it != m_rooms.end() && it->second.locked && channel.direction == u"inbound") {
        refuseLocked(channel, name);
        return kLockedSoundMs;
    }
    if (channel.answerState != u"answered")
        sw()->answer(channel);
    join(channel, name, profile);
    return -1;
}

void SimConference::appEnded(const QString &uuid, const QString &)
{
    leave(uuid);
}

void SimConference::channelHangingUp(const QString &uuid)
{
    leave(uuid);
}

void SimConference::refuseLocked(Channel &channel, const QString &name)
{
    const QString uuid = channel.uuid;
    sw()->log(LogEntry{5, QStringLiteral("mod_conference.c"), QStringLiteral("conference_function"),
                       2127, uuid, "Conference " + name.toUtf8() + " is locked.\n"});
    // conference_file_local_play: the locked sound played to the caller alone, answered first;
    // the conference hears nothing of it (no conference event).
    if (channel.answerState != u"answered")
        sw()->answer(channel);
    Esl::HeaderList sound;
    sound.append("Playback-File-Path", kLockedSound);
    sw()->fireChannelEvent("PLAYBACK_START", channel, {}, sound, true, false);
    QTimer::singleShot(kLockedSoundMs - 1, this, [this, uuid] {
        if (const Channel *c = sw()->channel(uuid)) {
            Esl::HeaderList done;
            done.append("Playback-File-Path", kLockedSound);
            done.append("Playback-Status", "done");
            sw()->fireChannelEvent("PLAYBACK_STOP", *c, {}, done, true, false);
        }
    });
    // After the application's CHANNEL_EXECUTE_COMPLETE (due at kLockedSoundMs).
    QTimer::singleShot(kLockedSoundMs, this, [this, uuid] { hangUpAtEndOfDialplan(uuid, 10); });
}

void SimConference::hangUpAtEndOfDialplan(const QString &uuid, int triesLeft)
{
    QTimer::singleShot(20, this, [this, uuid, triesLeft] {
        Switch *s = sw();
        const Channel *c = s->channel(uuid);
        if (!c || c->callState == u"HANGUP" || c->state != u"CS_EXECUTE" ||
            m_roomOf.contains(uuid) || s->m_backgroundApp.contains(uuid))
            return; // gone, or doing something else now
        const auto queued = s->m_appQueues.constFind(uuid);
        const bool more = queued != s->m_appQueues.cend() && !queued->empty();
        if (s->m_runningApp.contains(uuid) || more) {
            // The application has not completed yet, or the dialplan goes on: look again.
            if (triesLeft > 0 && !more)
                hangUpAtEndOfDialplan(uuid, triesLeft - 1);
            return;
        }
        s->log(LogEntry{5, QStringLiteral("switch_core_state_machine.c"),
                        QStringLiteral("switch_core_standard_on_execute"), 382, uuid,
                        c->name.toUtf8() + " has executed the last dialplan instruction, hanging up.\n"});
        s->hangupChannel(uuid, QStringLiteral("NORMAL_CLEARING"), true,
                         Switch::HangupBy::EndOfDialplan);
    });
}

void SimConference::reset()
{
    m_rooms.clear();
    m_roomOf.clear();
    m_talk.stop();
}

void SimConference::setTalkIntervalMs(int ms)
{
    m_talk.setInterval(std::max(ms, 1));
    if (ms <= 0)
        m_talk.stop();
    m_talk.setProperty("off", ms <= 0);
    if (ms > 0 && !m_rooms.empty())
        m_talk.start();
}

QStringList SimConference::conferenceNames() const
{
    QStringList out;
    for (const auto &[name, room] : m_rooms)
        out.append(name);
    return out;
}

int SimConference::memberCount(const QString &conference) const
{
    const auto it = m_rooms.find(conference);
    return it == m_rooms.end() ? 0 : int(it->second.members.size());
}

QString SimConference::memberFlags(const QString &conference, int id) const
{
    const auto it = m_rooms.find(conference);
    if (it == m_rooms.end())
        return {};
    const auto m = it->second.members.find(id);
    if (m == it->second.members.end())
        return {};
    QStringList f;
    if (m->second.hear)
        f.append(QStringLiteral("hear"));
    if (m->second.speak)
        f.append(QStringLiteral("speak"));
    if (m->second.talking)
        f.append(QStringLiteral("talking"));
    if (it->second.floor == id)
        f.append(QStringLiteral("floor"));
    f.append(QStringLiteral("energy=%1").arg(m->second.energy));
    f.append(QStringLiteral("in=%1").arg(m->second.volumeIn));
    f.append(QStringLiteral("out=%1").arg(m->second.volumeOut));
    return f.join(u'|');
}

int SimConference::memberId(const QString &uuid) const
{
    const auto r = m_rooms.find(m_roomOf.value(uuid));
    if (r == m_rooms.end())
        return 0;
    for (const auto &[id, m] : r->second.members) {
        if (m.uuid == uuid)
            return id;
    }
    return 0;
}

// ---- events -------------------------------------------------------------------------------

Esl::HeaderList SimConference::conferenceHeaders(const Room &room, QByteArrayView file,
                                                 QByteArrayView function, int line) const
{
    // A CUSTOM event names its subclass first (switch_event_create_subclass).
    Esl::HeaderList h;
    h.append("Event-Subclass", kSubclass);
    const Esl::HeaderList base = sw()->eventBase("CUSTOM", file, function, line);
    for (qsizetype i = 0; i < base.size(); ++i)
        h.append(base.name(i), base.value(i));
    h.append("Conference-Name", room.name.toUtf8());
    h.append("Conference-Domain", sw()->config().ipv4.toUtf8());
    h.append("Conference-Size", QByteArray::number(qsizetype(room.members.size())));
    h.append("Conference-Ghosts", "0");
    h.append("Conference-Profile-Name", room.profile.toUtf8());
    h.append("Conference-Unique-ID", room.uuid.toUtf8());
    return h;
}

void SimConference::appendMember(Esl::HeaderList &h, const Room &room, const Member &m) const
{
    // conference_member_add_event_data, after the conference's own headers.
    h.append("Floor", room.floor == m.id ? "true" : "false");
    if (const Channel *c = sw()->channel(m.uuid))
        c->appendChannelData(h);
    h.append("Video", "false");
    h.append("Hear", m.hear ? "true" : "false");
    h.append("See", "true");
    h.append("Speak", m.speak ? "true" : "false");
    h.append("Talking", m.talking ? "true" : "false");
    h.append("Mute-Detect", "false");
    h.append("Hold", "false");
    h.append("Member-ID", QByteArray::number(m.id));
    h.append("Member-Type", "member");
    h.append("Member-Ghost", "false");
    h.append("Energy-Level", QByteArray::number(m.energy));
    h.append("Current-Energy", QByteArray::number(m.talking ? 3000 + m.id * 811 % 9000 : 0));
}

void SimConference::fireRoom(const Room &room, QByteArrayView action, QByteArrayView file,
                             QByteArrayView function, int line, const Esl::HeaderList &extra)
{
    Esl::HeaderList h = conferenceHeaders(room, file, function, line);
    h.append("Action", action);
    for (qsizetype i = 0; i < extra.size(); ++i)
        h.append(extra.name(i), extra.value(i));
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimConference::fireMember(const Room &room, const Member &m, QByteArrayView action,
                               QByteArrayView file, QByteArrayView function, int line,
                               const Esl::HeaderList &extra)
{
    Esl::HeaderList h = conferenceHeaders(room, file, function, line);
    appendMember(h, room, m);
    h.append("Action", action);
    for (qsizetype i = 0; i < extra.size(); ++i)
        h.append(extra.name(i), extra.value(i));
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimConference::setFloor(Room &room, int id)
{
    if (room.floor == id)
        return;
    const int old = room.floor;
    room.floor = id;
    // conference_member_set_floor_holder: Old-ID, the new holder's data, New-ID.
    Esl::HeaderList h = conferenceHeaders(room, kMember, "conference_member_set_floor_holder", 1158);
    h.append("Action", "floor-change");
    h.append("Old-ID", old ? QByteArray::number(old) : QByteArray("none"));
    const auto it = room.members.find(id);
    if (it != room.members.end()) {
        // The conference's six headers once more (conference_member_add_event_data adds them).
        QList<std::pair<QByteArray, QByteArray>> again;
        for (qsizetype i = 14; i < 20; ++i)
            again.append({h.name(i).toByteArray(), h.value(i).toByteArray()});
        for (const auto &[name, value] : again)
            h.append(name, value);
        appendMember(h, room, it->second);
        h.append("New-ID", QByteArray::number(id));
    } else {
        h.append("New-ID", "none");
    }
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimConference::join(Channel &channel, const QString &name, const QString &profile)
{
    leave(channel.uuid);
    auto it = m_rooms.find(name);
    if (it == m_rooms.end()) {
        Room room;
        room.name = name;
        room.profile = profile;
        room.uuid = freshUuid();
        room.startedMs = QDateTime::currentMSecsSinceEpoch();
        it = m_rooms.emplace(name, std::move(room)).first;
        fireRoom(it->second, "conference-create", kMod, "conference_new", 3848);
    }
    Room &room = it->second;
    Member m;
    m.id = room.nextId++;
    m.uuid = channel.uuid;
    m.joinedMs = QDateTime::currentMSecsSinceEpoch();
    room.members.emplace(m.id, m);
    m_roomOf.insert(channel.uuid, name);
    channel.setVariable("conference_name", name);
    channel.setVariable("conference_member_id", QString::number(m.id));
    channel.setVariable("conference_uuid", room.uuid);
    fireMember(room, m, "add-member", kMember, "conference_member_add", 962);
    if (room.floor == 0)
        setFloor(room, m.id);
    if (!m_talk.isActive() && !m_talk.property("off").toBool())
        m_talk.start();
}

void SimConference::leave(const QString &uuid)
{
    const auto name = m_roomOf.take(uuid);
    const auto it = m_rooms.find(name);
    if (name.isEmpty() || it == m_rooms.end())
        return;
    Room &room = it->second;
    int id = 0;
    for (const auto &[mid, m] : room.members) {
        if (m.uuid == uuid)
            id = mid;
    }
    if (id == 0)
        return;
    if (room.floor == id)
        setFloor(room, 0);
    const Member m = room.members.at(id);
    room.members.erase(id);
    fireMember(room, m, "del-member", kMember, "conference_member_del", 1355);
    if (room.members.empty()) {
        fireRoom(room, "conference-destroy", kMod, "conference_thread_run", 863);
        m_rooms.erase(it);
    }
}

void SimConference::talkTick()
{
    if (m_rooms.empty()) {
        m_talk.stop();
        return;
    }
    auto r = m_rooms.begin();
    std::advance(r, m_random.bounded(int(m_rooms.size())));
    Room &room = r->second;
    if (room.members.empty())
        return;
    auto it = room.members.begin();
    std::advance(it, m_random.bounded(int(room.members.size())));
    Member &m = it->second;
    if (m.talking) {
        m.talking = false;
        // stop_talking_handler, with the statistics it adds when the member was heard.
        Esl::HeaderList extra;
        extra.append("talking-gate-hits", "12");
        extra.append("talking-total-packets", "75");
        extra.append("talking-duration-ms", "1500");
        extra.append("talking-average-energy", "4523.000000");
        extra.append("talking-delta-average", "3120.000000");
        extra.append("talking-hit-on-percent", "16.000000");
        extra.append("talking-non-hit-ratio", "0.840000");
        extra.append("talking-hit-off-percent", "84.000000");
        extra.append("talking-hit-off-differential", "-68.000000");
        Esl::HeaderList h = conferenceHeaders(room, kLoop, "stop_talking_handler", 783);
        appendMember(h, room, m);
        for (qsizetype i = 0; i < extra.size(); ++i)
            h.append(extra.name(i), extra.value(i));
        h.append("Action", "stop-talking");
        sw()->fire(Esl::Event(std::move(h), {}, false));
    } else if (m.speak) {
        m.talking = true;
        m.lastTalkingMs = QDateTime::currentMSecsSinceEpoch();
        fireMember(room, m, "start-talking", kLoop, "conference_loop_input", 1154);
        setFloor(room, m.id);
    }
}

void SimConference::startTraffic(quint32 seed)
{
    m_random.seed(seed);
    m_traffic.start();
    trafficTick();
}

void SimConference::stopTraffic()
{
    m_traffic.stop();
}

void SimConference::trafficTick()
{
    static const char *const names[] = {"Alice Martin", "Bob Keller", "Chloé Dubois", "Dan Okafor",
                                        "Eva Lindqvist", "Farid Haddad", "Grace Chen"};
    for (const QString &room : {QStringLiteral("3100"), QStringLiteral("3101")}) {
        const int count = memberCount(room);
        const bool add = count < 2 || (count < 5 && m_random.bounded(2) == 0);
        if (add) {
            Switch::CallSpec spec;
            spec.callerName = QString::fromUtf8(names[m_random.bounded(7)]);
            spec.callerNumber = QString::number(1000 + m_random.bounded(90));
            spec.destination = room;
            spec.bridge = false;
            spec.application = QStringLiteral("conference");
            spec.applicationArgument = room + QStringLiteral("@default");
            sw()->placeCall(spec);
        } else if (count > 0) {
            const auto it = m_rooms.find(room);
            const QString uuid = it->second.members.begin()->second.uuid;
            sw()->hangupChannel(uuid, QStringLiteral("NORMAL_CLEARING"));
        }
        if (m_rooms.size() > 1 && m_random.bounded(3) == 0)
            break; // now and then only the first room moves
    }
}

} // namespace Sim
