#include "conferencelisting.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Monitor {

namespace {

// json_list nests five deep (list, conference, members, member, flags); anything deeper is not
// mod_conference's and is refused before Qt's parser sees it.
constexpr int kMaxDepth = 8;
// A 10,000-member conference lists about 10 MB; far more is not a listing.
constexpr qsizetype kMaxBody = 256 * 1024 * 1024;

std::optional<QString> checkDepth(QByteArrayView body)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : body) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                return QStringLiteral("nested deeper than %1 levels").arg(kMaxDepth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::nullopt;
}

qint64 secondsAgo(qint64 nowMs, const QJsonValue &value)
{
    const double s = value.toDouble(0);
    if (!(s > 0) || s > 1e9) // absent, zero or absurd: unknown
        return 0;
    return nowMs - qint64(s * 1000);
}

const char *const kConferenceFlags[] = {
    "locked",  "destruct", "wait_mod",  "audio_always", "running",      "answered",
    "enforce_min", "bridge_to", "dynamic", "exit_sound", "enter_sound", "video_bridge",
    "video_floor_only", "video_rfc4579",
};

ConferenceMember memberFrom(const QJsonObject &m, qint64 nowMs)
{
    ConferenceMember member;
    member.id = m.value(u"id").toInt();
    member.uuid = m.value(u"uuid").toString();
    member.callerIdName = m.value(u"caller_id_name").toString();
    member.callerIdNumber = m.value(u"caller_id_number").toString();
    member.type = m.value(u"type").toString();
    const QJsonObject f = m.value(u"flags").toObject();
    member.canHear = f.value(u"can_hear").toBool(true);
    member.canSpeak = f.value(u"can_speak").toBool(true);
    member.canSee = f.value(u"can_see").toBool(true);
    member.hold = f.value(u"hold").toBool(false);
    member.muteDetect = f.value(u"mute_detect").toBool(false);
    member.talking = f.value(u"talking").toBool(false);
    member.floor = f.value(u"has_floor").toBool(false);
    member.moderator = f.value(u"is_moderator").toBool(false);
    member.energy = m.value(u"energy").toInt();
    member.volumeIn = m.value(u"volume_in").toInt();
    member.volumeOut = m.value(u"volume_out").toInt();
    member.joinedAtMs = secondsAgo(nowMs, m.value(u"join_time"));
    if (member.joinedAtMs == 0)
        member.joinedAtMs = nowMs; // joined this second
    member.lastTalkingMs = secondsAgo(nowMs, m.value(u"last_talking"));
    return member;
}

} // namespace

const ConferenceMember *Conference::member(int id) const
{
    const auto it = std::lower_bound(members.cbegin(), members.cend(), id,
                                     [](const ConferenceMember &m, int v) { return m.id < v; });
    return it != members.cend() && it->id == id ? &*it : nullptr;
}

ConferenceMember *Conference::member(int id)
{
    const auto it = std::lower_bound(members.begin(), members.end(), id,
                                     [](const ConferenceMember &m, int v) { return m.id < v; });
    return it != members.end() && it->id == id ? &*it : nullptr;
}

ConferenceMember &Conference::insertMember(const ConferenceMember &m)
{
    auto it = std::lower_bound(members.begin(), members.end(), m.id,
                               [](const ConferenceMember &x, int v) { return x.id < v; });
    if (it != members.end() && it->id == m.id) {
        *it = m;
        return *it;
    }
    return *members.insert(it, m);
}

bool Conference::removeMember(int id)
{
    const auto it = std::lower_bound(members.begin(), members.end(), id,
                                     [](const ConferenceMember &m, int v) { return m.id < v; });
    if (it == members.end() || it->id != id)
        return false;
    members.erase(it);
    return true;
}

std::optional<QString> parseConferenceJsonList(QByteArrayView body, qint64 nowMs,
                                               int maxConferences, int maxMembers,
                                               QList<Conference> &out)
{
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return QStringLiteral("conference json_list: an empty reply");
    if (trimmed.size() > kMaxBody)
        return QStringLiteral("conference json_list: a reply of %1 bytes is too large")
            .arg(trimmed.size());
    if (trimmed.startsWith("-ERR") || trimmed.startsWith("-USAGE"))
        return QStringLiteral("conference json_list: %1")
            .arg(QString::fromUtf8(trimmed.first(std::min<qsizetype>(trimmed.size(), 200))));
    if (auto deep = checkDepth(trimmed))
        return QStringLiteral("conference json_list: %1").arg(*deep);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError) {
        return QStringLiteral("conference json_list: not JSON (%1 at byte %2)")
            .arg(error.errorString())
            .arg(error.offset);
    }
    if (!document.isArray())
        return QStringLiteral("conference json_list: not a list of conferences");
    const QJsonArray list = document.array();
    if (list.size() > maxConferences) {
        return QStringLiteral("conference json_list: %1 conferences, more than the %2 shown")
            .arg(list.size())
            .arg(maxConferences);
    }
    QList<Conference> conferences;
    conferences.reserve(list.size());
    for (const QJsonValue &value : list) {
        const QJsonObject c = value.toObject();
        Conference conference;
        conference.name = c.value(u"conference_name").toString();
        if (!value.isObject() || conference.name.isEmpty())
            return QStringLiteral("conference json_list: a conference without a name");
        conference.uuid = c.value(u"conference_uuid").toString();
        conference.rate = c.value(u"rate").toInt();
        conference.ghostCount = c.value(u"ghost_count").toInt();
        conference.locked = c.value(u"locked").toBool();
        conference.recordingFlag = c.value(u"recording").toBool();
        conference.startedAtMs = secondsAgo(nowMs, c.value(u"run_time"));
        if (conference.startedAtMs == 0)
            conference.startedAtMs = nowMs;
        for (const char *flag : kConferenceFlags) {
            if (c.value(QLatin1StringView(flag)).toBool())
                conference.flags.append(QLatin1StringView(flag));
        }
        const QJsonArray members = c.value(u"members").toArray();
        if (members.size() > maxMembers) {
            return QStringLiteral("conference json_list: %1 lists %2 members, more than the %3 "
                                  "shown")
                .arg(conference.name)
                .arg(members.size())
                .arg(maxMembers);
        }
        conference.members.reserve(members.size());
        for (const QJsonValue &m : members) {
            const QJsonObject member = m.toObject();
            const QString type = member.value(u"type").toString();
            if (type == u"recording_node") {
                // A recording is listed as a member without a channel (conference_jlist).
                const QString path = member.value(u"record_path").toString();
                if (!path.isEmpty() && !conference.recordings.contains(path))
                    conference.recordings.append(path);
                continue;
            }
            ConferenceMember parsed = memberFrom(member, nowMs);
            if (parsed.id <= 0) {
                return QStringLiteral("conference json_list: a member of %1 without an id")
                    .arg(conference.name);
            }
            conference.insertMember(parsed);
        }
        conferences.append(std::move(conference));
    }
    out = std::move(conferences);
    return std::nullopt;
}

std::optional<int> parseConferenceCount(QByteArrayView body)
{
    bool ok = false;
    const int n = body.trimmed().toInt(&ok);
    if (!ok || n < 0)
        return std::nullopt;
    return n;
}

} // namespace Monitor
