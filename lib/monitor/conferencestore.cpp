#include "conferencestore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Monitor {

namespace {

bool flag(const Esl::Event &event, QByteArrayView name, bool fallback)
{
    const QByteArrayView v = event.header(name);
    if (v.isEmpty())
        return fallback;
    return v == "true";
}

int number(const Esl::Event &event, QByteArrayView name, int fallback)
{
    bool ok = false;
    const int n = event.text(name).toInt(&ok);
    return ok ? n : fallback;
}

// energy-level-member writes Energy-Level twice (the member's, then the level set): the last.
int lastNumber(const Esl::Event &event, QByteArrayView name, int fallback)
{
    const QStringList values = event.values(name);
    if (values.isEmpty())
        return fallback;
    bool ok = false;
    const int n = values.last().toInt(&ok);
    return ok ? n : fallback;
}

// The member's state as conference_member_add_event_data writes it into every member event.
void takeMemberState(ConferenceMember &m, const Esl::Event &event)
{
    m.canHear = flag(event, "Hear", m.canHear);
    m.canSpeak = flag(event, "Speak", m.canSpeak);
    m.canSee = flag(event, "See", m.canSee);
    m.talking = flag(event, "Talking", m.talking);
    m.muteDetect = flag(event, "Mute-Detect", m.muteDetect);
    m.hold = flag(event, "Hold", m.hold);
    m.energy = lastNumber(event, "Energy-Level", m.energy);
    const QString type = event.text("Member-Type");
    if (!type.isEmpty()) {
        m.type = type;
        m.moderator = type == u"moderator";
    }
    const QString name = event.text("Caller-Caller-ID-Name");
    if (!name.isNull())
        m.callerIdName = name;
    const QString number = event.text("Caller-Caller-ID-Number");
    if (!number.isNull())
        m.callerIdNumber = number;
    const QString channel = event.text("Channel-Name");
    if (!channel.isEmpty())
        m.channelName = channel;
    const QString direction = event.text("Call-Direction");
    if (!direction.isEmpty())
        m.direction = direction;
    const QString calleeName = event.text("Caller-Callee-ID-Name");
    if (!calleeName.isNull())
        m.calleeIdName = calleeName;
    const QString calleeNumber = event.text("Caller-Callee-ID-Number");
    if (!calleeNumber.isNull())
        m.calleeIdNumber = calleeNumber;
    const QString destination = event.text("Caller-Destination-Number");
    if (!destination.isNull())
        m.destination = destination;
}

void setFloor(Conference &c, int holder)
{
    for (ConferenceMember &m : c.members)
        m.floor = m.id == holder;
}

} // namespace

ConferenceStore::ConferenceStore(QObject *parent) : PanelStore(parent) {}

ConferenceStore::~ConferenceStore() = default;

const Conference *ConferenceStore::conference(const QString &name) const
{
    const auto it = m_conferences.find(name);
    return it == m_conferences.end() ? nullptr : &it->second;
}

QList<const Conference *> ConferenceStore::conferences() const
{
    QList<const Conference *> out;
    out.reserve(qsizetype(m_conferences.size()));
    for (const auto &[name, c] : m_conferences)
        out.append(&c);
    return out;
}

std::optional<std::pair<QString, int>> ConferenceStore::memberOf(const QString &uuid) const
{
    for (const auto &[name, c] : m_conferences) {
        for (const ConferenceMember &m : c.members) {
            if (m.uuid == uuid)
                return std::make_pair(name, m.id);
        }
    }
    return std::nullopt;
}

QJsonObject ConferenceStore::toJson(const Conference &c, qint64 nowMs)
{
    QJsonArray members;
    for (const ConferenceMember &m : c.members) {
        members.append(QJsonObject{
            {u"id"_s, m.id},
            {u"uuid"_s, m.uuid},
            {u"channel"_s, m.channelName},
            {u"callerIdName"_s, m.callerIdName},
            {u"callerIdNumber"_s, m.callerIdNumber},
            {u"direction"_s, m.direction},
            {u"calleeIdNumber"_s, m.calleeIdNumber},
            {u"talking"_s, m.talking},
            {u"floor"_s, m.floor},
            {u"muted"_s, !m.canSpeak},
            {u"deaf"_s, !m.canHear},
            {u"hear"_s, m.canHear},
            {u"speak"_s, m.canSpeak},
            {u"see"_s, m.canSee},
            {u"hold"_s, m.hold},
            {u"muteDetect"_s, m.muteDetect},
            {u"moderator"_s, m.moderator},
            {u"energy"_s, m.energy},
            {u"volumeIn"_s, m.volumeIn},
            {u"volumeOut"_s, m.volumeOut},
            {u"joinedAtMs"_s, m.joinedAtMs},
            {u"joinedSeconds"_s, m.joinedAtMs > 0 ? (nowMs - m.joinedAtMs) / 1000 : 0},
        });
    }
    return QJsonObject{
        {u"name"_s, c.name},
        {u"uuid"_s, c.uuid},
        {u"profile"_s, c.profile},
        {u"memberCount"_s, int(c.members.size())},
        {u"locked"_s, c.locked},
        {u"recording"_s, c.isRecording()},
        {u"recordings"_s, QJsonArray::fromStringList(c.recordings)},
        {u"playing"_s, c.playing},
        {u"rate"_s, c.rate},
        {u"flags"_s, QJsonArray::fromStringList(c.flags)},
        {u"startedAtMs"_s, c.startedAtMs},
        {u"runSeconds"_s, c.startedAtMs > 0 ? (nowMs - c.startedAtMs) / 1000 : 0},
        {u"members"_s, members},
    };
}

QList<QJsonObject> ConferenceStore::rows(qint64 nowMs) const
{
    QList<QJsonObject> out;
    out.reserve(qsizetype(m_conferences.size()));
    for (const auto &[name, c] : m_conferences)
        out.append(toJson(c, nowMs));
    return out;
}

void ConferenceStore::startSync(qint64 nowMs)
{
    request(QStringLiteral("conference json_list"), [this, nowMs](const Esl::Reply &reply) {
        QList<Conference> listed;
        if (auto why = parseConferenceJsonList(reply.body(), nowMs, kMaxRows, kMaxItems, listed)) {
            failSync(*why);
            return;
        }
        replace(std::move(listed));
        finishSync(nowMs);
    });
}

void ConferenceStore::replace(QList<Conference> listed)
{
    std::map<QString, Conference> next;
    for (Conference &c : listed) {
        if (const Conference *old = conference(c.name)) {
            if (old->uuid == c.uuid || c.uuid.isEmpty()) {
                c.profile = old->profile;
                c.domain = old->domain;
                c.playing = old->playing;
            }
            for (ConferenceMember &m : c.members) {
                const ConferenceMember *was = old->member(m.id);
                if (was && was->uuid == m.uuid) {
                    m.channelName = was->channelName;
                    m.direction = was->direction;
                    m.calleeIdName = was->calleeIdName;
                    m.calleeIdNumber = was->calleeIdNumber;
                    m.destination = was->destination;
                    if (m.type == u"caller" && !was->type.isEmpty())
                        m.type = was->type;
                }
            }
        }
        const QString name = c.name;
        next.insert_or_assign(name, std::move(c));
    }
    m_conferences = std::move(next);
}

bool ConferenceStore::applyEvent(const Esl::Event &event, qint64 nowMs)
{
    const QString name = event.text("Conference-Name");
    const QByteArrayView action = event.header("Action");
    if (name.isEmpty() || action.isEmpty())
        return false;

    if (action == "conference-create") {
        if (m_conferences.size() >= size_t(kMaxRows) && !conference(name))
            return false;
        Conference &c = m_conferences[name];
        const QString uuid = event.text("Conference-Unique-ID");
        if (c.uuid != uuid)
            c = Conference{};
        c.name = name;
        c.uuid = uuid;
        c.profile = event.text("Conference-Profile-Name");
        c.domain = event.text("Conference-Domain");
        if (c.startedAtMs == 0)
            c.startedAtMs = nowMs;
        return true;
    }
    if (action == "conference-destroy") {
        if (m_conferences.erase(name) == 0) {
            countUnmatched();
            return false;
        }
        return true;
    }
    if (event.hasHeader("Member-ID") || action == "add-member")
        return applyMemberEvent(name, action, event, nowMs);

    const auto it = m_conferences.find(name);
    if (it == m_conferences.end()) {
        countUnmatched();
        return false;
    }
    return applyConferenceAction(it->second, action, event, nowMs);
}

bool ConferenceStore::applyConferenceAction(Conference &c, QByteArrayView action,
                                            const Esl::Event &event, qint64)
{
    if (action == "lock" || action == "unlock") {
        const bool locked = action == "lock";
        const bool changed = c.locked != locked;
        c.locked = locked;
        return changed;
    }
    if (action == "start-recording") {
        const QString path = event.text("Path");
        if (path.isEmpty() || c.recordings.contains(path) || c.recordings.size() >= 64)
            return false;
        c.recordings.append(path);
        return true;
    }
    if (action == "stop-recording") {
        const bool was = c.isRecording();
        c.recordings.removeAll(event.text("Path"));
        // Other-Recordings says whether any recording goes on (conference_record_thread_run).
        if (event.header("Other-Recordings") == "false")
            c.recordings.clear();
        c.recordingFlag = false;
        return was || c.isRecording();
    }
    if (action == "play-file") {
        // A file that could not be played fires play-file with Error, and no play-file-done.
        if (event.hasHeader("Error"))
            return false;
        c.playing = event.text("File");
        return true;
    }
    if (action == "play-file-done") {
        if (c.playing.isEmpty() || c.playing != event.text("File"))
            return false;
        c.playing.clear();
        return true;
    }
    if (action == "floor-change") {
        // The floor-change that says nobody holds it (New-ID none) carries no member.
        const QByteArrayView holder = event.header("New-ID");
        bool ok = false;
        const int id = QString::fromUtf8(holder).toInt(&ok);
        setFloor(c, ok ? id : 0);
        return true;
    }
    return false;
}

bool ConferenceStore::applyMemberEvent(const QString &name, QByteArrayView action,
                                       const Esl::Event &event, qint64 nowMs)
{
    const int id = number(event, "Member-ID", 0);
    auto it = m_conferences.find(name);
    if (action == "add-member") {
        if (id <= 0)
            return false;
        if (it == m_conferences.end()) {
            // Its conference-create was missed: the event names the conference fully.
            countUnmatched();
            if (m_conferences.size() >= size_t(kMaxRows))
                return false;
            Conference c;
            c.name = name;
            c.uuid = event.text("Conference-Unique-ID");
            c.profile = event.text("Conference-Profile-Name");
            c.domain = event.text("Conference-Domain");
            c.startedAtMs = nowMs;
            it = m_conferences.emplace(name, std::move(c)).first;
        }
        Conference &c = it->second;
        if (c.members.size() >= kMaxItems && !c.member(id))
            return false;
        ConferenceMember m;
        m.id = id;
        m.uuid = event.uniqueId();
        m.joinedAtMs = nowMs;
        takeMemberState(m, event);
        m.floor = flag(event, "Floor", false);
        c.insertMember(m);
        return true;
    }
    if (it == m_conferences.end()) {
        countUnmatched();
        return false;
    }
    Conference &c = it->second;
    if (action == "floor-change")
        return applyConferenceAction(c, action, event, nowMs);
    ConferenceMember *m = c.member(id);
    if (!m) {
        countUnmatched();
        return false;
    }
    if (action == "del-member") {
        c.removeMember(id);
        return true;
    }
    takeMemberState(*m, event);
    if (action == "start-talking")
        m->lastTalkingMs = nowMs;
    if (action == "volume-in-member")
        m->volumeIn = number(event, "Volume-Level", m->volumeIn);
    else if (action == "volume-out-member")
        m->volumeOut = number(event, "Volume-Level", m->volumeOut);
    // Floor is the member's at the event (member->id == floor_holder); floor-change moves it.
    if (event.header("Floor") == "true")
        setFloor(c, id);
    else if (event.header("Floor") == "false")
        m->floor = false;
    return true;
}

void ConferenceStore::clearState()
{
    m_conferences.clear();
}

} // namespace Monitor
