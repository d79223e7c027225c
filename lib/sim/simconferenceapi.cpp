// SimConference's `conference` api: listings and controls with mod_conference's reply texts
// (conference_api.c, and the captured replies of real2/conference-control).

#include "channel.h"
#include "simconference.h"
#include "simids.h"
#include "simswitch.h"

using namespace Qt::Literals::StringLiterals;

namespace Sim {

namespace {

QByteArray tabs(int n)
{
    return QByteArray(n, '\t');
}

QByteArray quoted(const QString &s)
{
    QByteArray out = "\"";
    for (const char c : s.toUtf8()) {
        if (c == '"' || c == '\\')
            out += '\\' + QByteArray(1, c);
        else if (uchar(c) < 0x20)
            out += "\\u00" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out + '"';
}

using Pairs = QList<std::pair<QByteArray, QByteArray>>;

// cJSON_Print's layout (tabs, "key":\tvalue) or cJSON_PrintUnformatted's, for an object at
// `depth` whose values are already written.
QByteArray object(const Pairs &pairs, int depth, bool pretty)
{
    QByteArray out = pretty ? "{\n" : "{";
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        if (pretty)
            out += tabs(depth + 1);
        out += '"' + pairs[i].first + (pretty ? "\":\t" : "\":") + pairs[i].second;
        if (i + 1 < pairs.size())
            out += ',';
        if (pretty)
            out += '\n';
    }
    if (pretty)
        out += tabs(depth);
    return out + '}';
}

QByteArray array(const QByteArrayList &items, bool pretty)
{
    return '[' + items.join(pretty ? ", " : ",") + ']';
}

QByteArray boolean(bool b)
{
    return b ? "true" : "false";
}

} // namespace

bool SimConference::answersApi(QStringView command) const
{
    return command == u"conference";
}

QByteArray SimConference::api(const QString &, const QString &rest)
{
    const QStringList argv = rest.split(u' ', Qt::SkipEmptyParts);
    if (argv.isEmpty())
        return "-ERR Conference command, not specified.\n";
    const auto it = m_rooms.find(argv[0]);
    if (it != m_rooms.end()) {
        if (argv.size() < 2)
            return "Conference command, not specified.\nTry 'help'\n";
        return roomCommand(it->second, argv);
    }
    if (argv[0] == u"list") {
        QByteArray out;
        for (const auto &[name, room] : m_rooms)
            out += listText(room, true);
        return m_rooms.empty() ? QByteArray("+OK No active conferences.\n") : out;
    }
    if (argv[0] == u"json_list") {
        QList<const Room *> rooms;
        for (const auto &[name, room] : m_rooms)
            rooms.append(&room);
        return jsonList(rooms, argv.value(1) == u"compact");
    }
    if (argv.size() > 2 && argv[1] == u"bgdial") {
        // conference_api_sub_bgdial with no conference yet: the call starts it.
        Room dialling;
        dialling.name = argv[0];
        return roomCommand(dialling, argv);
    }
    sw()->markApiFailed(); // the function fails: through mod_amqp, "INVALID COMMAND!" (real-amqp)
    return QStringLiteral("-ERR Conference %1 not found\n").arg(argv[0]).toUtf8();
}

QByteArray SimConference::roomCommand(Room &room, const QStringList &argv)
{
    const QString verb = argv[1];
    const QString name = room.name;
    if (verb == u"list") {
        if (argv.value(2) == u"count")
            return QByteArray::number(qsizetype(room.members.size())); // no newline
        return listText(room, false);
    }
    if (verb == u"json_list")
        return jsonList({&room}, argv.value(2) == u"compact");
    if (verb == u"mute" || verb == u"unmute" || verb == u"deaf" || verb == u"undeaf" ||
        verb == u"kick" || verb == u"hup" || verb == u"volume_in" || verb == u"volume_out" ||
        verb == u"energy")
        return memberCommand(room, verb, argv.value(2), argv);
    if (verb == u"lock" || verb == u"unlock") {
        const bool lock = verb == u"lock";
        room.locked = lock;
        Esl::HeaderList sound;
        sound.append("File", lock ? "conference/conf-is-locked.wav" : "conference/conf-is-unlocked.wav");
        sound.append("Async", "false");
        sound.append("Error", "File could not be played");
        fireRoom(room, "play-file", "conference_file.c", "conference_file_play", 268, sound);
        fireRoom(room, lock ? "lock" : "unlock", "conference_api.c",
                 lock ? "conference_api_sub_lock" : "conference_api_sub_unlock", lock ? 3474 : 3496);
        return QStringLiteral("+OK %1 %2\n").arg(name, lock ? u"locked"_s : u"unlocked"_s).toUtf8();
    }
    if (verb == u"record") {
        const QString path = argv.value(2);
        if (path.isEmpty())
            return "-ERR Record file not specified\n";
        if (!room.recordings.contains(path))
            room.recordings.append(path);
        room.recordStartedMs = QDateTime::currentMSecsSinceEpoch();
        Esl::HeaderList extra;
        extra.append("Path", path.toUtf8());
        fireRoom(room, "start-recording", "conference_record.c", "conference_record_thread_run", 319, extra);
        return QStringLiteral("+OK Record file %1\n").arg(path).toUtf8();
    }
    if (verb == u"norecord") {
        QByteArray out;
        stopRecordings(room, argv.value(2, QStringLiteral("all")), out);
        // The count is always 0 on 1.10.12 (the capture): it counts before the threads stop.
        return out + "+OK Stopped recording 0 files\n";
    }
    if (verb == u"play") {
        const QString file = argv.value(2);
        if (file.isEmpty())
            return "-ERR (play) File: (unspecified) not found.\n";
        if (argv.size() > 3)
            return QStringLiteral("+OK (play) Playing file %1 to member %2\n").arg(file, argv[3]).toUtf8();
        room.playing = file;
        Esl::HeaderList extra;
        extra.append("File", file.toUtf8());
        extra.append("Async", "false");
        fireRoom(room, "play-file", "conference_file.c", "conference_file_play", 268, extra);
        QTimer::singleShot(500, this, [this, name, file] {
            const auto it = m_rooms.find(name);
            if (it == m_rooms.end() || it->second.playing != file)
                return;
            it->second.playing.clear();
            Esl::HeaderList h = conferenceHeaders(it->second, "conference_file.c", "conference_file_close", 52);
            h.append("seconds", "0");
            h.append("milliseconds", "500");
            h.append("samples", "4000");
            h.append("Action", "play-file-done");
            h.append("File", file.toUtf8());
            h.append("Async", "false");
            sw()->fire(Esl::Event(std::move(h), {}, false));
        });
        return QStringLiteral("+OK (play) Playing file %1\n").arg(file).toUtf8();
    }
    if (verb == u"transfer") {
        const QString destination = argv.value(2);
        bool ok = false;
        const int id = argv.value(3).toInt(&ok);
        const auto m = room.members.find(id);
        if (destination.isEmpty() || !ok)
            return "-ERR Bad Args\n";
        if (m == room.members.end())
            return QStringLiteral("-ERR No Member %1 in conference %2.\n").arg(argv[3], name).toUtf8();
        Esl::HeaderList extra;
        extra.append("Old-Conference-Name", name.toUtf8());
        extra.append("New-Conference-Name", destination.toUtf8());
        fireMember(room, m->second, "transfer", "conference_api.c", "conference_api_sub_transfer", 3703, extra);
        const QString uuid = m->second.uuid;
        const QString profile = room.profile;
        QTimer::singleShot(0, this, [this, uuid, destination, profile] {
            if (Channel *c = sw()->channel(uuid))
                join(*c, destination, profile);
        });
        return QStringLiteral("+OK Member '%1' sent to conference %2.\n").arg(id).arg(destination).toUtf8();
    }
    if (verb == u"bgdial") {
        // conference_outcall_bg: switch_ivr_originate on a thread of its own, the conference's
        // caller id on the new leg, `conference NAME` as its whole extension. The leg is
        // outbound, so a locked conference lets it in; whom it dialled is its callee.
        const QString endpoint = argv.value(2);
        const QString job = freshUuid();
        const QString number = argv.value(3, QStringLiteral("0000000000"));
        const QString cidName = argv.value(4, QStringLiteral("Conference"));
        const QString profile = room.profile.isEmpty() ? u"default"_s : room.profile;
        sw()->originate(QStringLiteral("{origination_caller_id_name=%1,origination_caller_id_number=%2}"
                                       "%3 &conference(%4@%5)")
                            .arg(cidName, number, endpoint, name, profile),
                        {});
        return QStringLiteral("+OK Job-UUID: %1\n").arg(job).toUtf8();
    }
    return QStringLiteral("Conference command '%1' not found.\n").arg(verb).toUtf8();
}

QByteArray SimConference::memberCommand(Room &room, const QString &verb, const QString &target,
                                        const QStringList &argv)
{
    QList<int> ids;
    if (target == u"all") {
        for (auto it = room.members.rbegin(); it != room.members.rend(); ++it)
            ids.append(it->first); // newest first, as the module walks its list
    } else {
        bool ok = false;
        const int id = target.toInt(&ok);
        if (!ok || !room.members.count(id))
            return QStringLiteral("-ERR Non-Existant ID %1\n").arg(target).toUtf8();
        ids.append(id);
    }
    const QString name = room.name;
    QByteArray out;
    for (const int id : ids) {
        const auto found = room.members.find(id);
        if (found == room.members.end())
            continue;
        Member &m = found->second;
        if (verb == u"mute" || verb == u"unmute") {
            m.speak = verb == u"unmute";
            m.talking = false;
            fireMember(room, m, m.speak ? "unmute-member" : "mute-member", "conference_api.c",
                       m.speak ? "conference_api_sub_unmute" : "conference_api_sub_mute",
                       m.speak ? 492 : 339);
            out += QStringLiteral("+OK %1 %2\n").arg(verb).arg(id).toUtf8();
        } else if (verb == u"deaf" || verb == u"undeaf") {
            m.hear = verb == u"undeaf";
            fireMember(room, m, m.hear ? "undeaf-member" : "deaf-member", "conference_api.c",
                       m.hear ? "conference_api_sub_undeaf" : "conference_api_sub_deaf",
                       m.hear ? 839 : 797);
            out += QStringLiteral("+OK %1 %2\n").arg(verb).arg(id).toUtf8();
        } else if (verb == u"kick" || verb == u"hup") {
            const bool kick = verb == u"kick";
            fireMember(room, m, kick ? "kick-member" : "hup-member", "conference_api.c",
                       kick ? "conference_api_sub_kick" : "conference_api_sub_hup", kick ? 902 : 871);
            out += QStringLiteral("+OK %1 %2\n").arg(kick ? u"kicked"_s : u"hup"_s).arg(id).toUtf8();
            const QString uuid = m.uuid;
            // Kicked: out of the conference (del-member), then its extension ends; hung up:
            // del-member as the channel goes.
            QTimer::singleShot(0, this, [this, uuid, kick] {
                if (kick)
                    leave(uuid);
                sw()->hangupChannel(uuid, QStringLiteral("NORMAL_CLEARING"));
            });
        } else {
            // volume_in / volume_out / energy, with a level or as a query.
            const bool set = argv.size() > 3;
            const int level = argv.value(3).toInt();
            if (verb == u"energy") {
                if (set) {
                    m.energy = std::max(0, level);
                    Esl::HeaderList extra;
                    extra.append("Energy-Level", QByteArray::number(m.energy));
                    fireMember(room, m, "energy-level-member", "conference_api.c",
                               "conference_api_sub_energy", 1228, extra);
                }
                out += QStringLiteral("Energy %1 = %2\n").arg(id).arg(m.energy).toUtf8(); // no +OK
                continue;
            }
            const bool in = verb == u"volume_in";
            int &value = in ? m.volumeIn : m.volumeOut;
            if (set) {
                value = std::clamp(level, -4, 4); // switch_normalize_volume
                Esl::HeaderList extra;
                extra.append("Volume-Level", QByteArray::number(value));
                fireMember(room, m, in ? "volume-in-member" : "volume-out-member", "conference_api.c",
                           in ? "conference_api_sub_volume_in" : "conference_api_sub_volume_out",
                           in ? 1574 : 1609, extra);
            }
            out += QStringLiteral("+OK Volume %1 %2 = %3\n")
                       .arg(in ? u"IN"_s : u"OUT"_s)
                       .arg(id)
                       .arg(value)
                       .toUtf8();
        }
    }
    Q_UNUSED(name)
    return out;
}

void SimConference::stopRecordings(Room &room, const QString &path, QByteArray &out)
{
    const QStringList stopping = path == u"all" ? room.recordings : QStringList{path};
    for (const QString &file : stopping) {
        if (!room.recordings.removeOne(file))
            continue;
        out += QStringLiteral("Stopped recording file %1\n").arg(file).toUtf8();
        const qint64 ms = QDateTime::currentMSecsSinceEpoch() - room.recordStartedMs;
        Esl::HeaderList extra;
        extra.append("Path", file.toUtf8());
        extra.append("Other-Recordings", room.recordings.isEmpty() ? "false" : "true");
        extra.append("Samples-Out", QByteArray::number(ms * 8));
        extra.append("Samplerate", "8000");
        extra.append("Milliseconds-Elapsed", QByteArray::number(ms));
        extra.append("Record-File-Size", QByteArray::number(ms * 16 + 44));
        fireRoom(room, "stop-recording", "conference_record.c", "conference_record_thread_run", 427, extra);
    }
}

QByteArray SimConference::listText(const Room &room, bool withHeader) const
{
    QByteArray out;
    if (withHeader) {
        QByteArray flags = "running|answered|enforce_min|dynamic|exit_sound|enter_sound";
        if (room.locked)
            flags += "|locked";
        if (!room.recordings.isEmpty())
            flags += "|recording";
        out += "+OK Conference " + room.name.toUtf8() + " (" +
               QByteArray::number(qsizetype(room.members.size())) + " members rate: 8000 flags: " +
               flags + "|json_status)\n";
    }
    for (auto it = room.members.rbegin(); it != room.members.rend(); ++it) {
        const Member &m = it->second;
        const Channel *c = sw()->channel(m.uuid);
        QByteArrayList f;
        if (m.hear)
            f.append("hear");
        if (m.speak)
            f.append("speak");
        if (m.talking)
            f.append("talking");
        if (room.floor == m.id)
            f.append("floor");
        out += QByteArray::number(m.id) + ';' + (c ? c->name.toUtf8() : QByteArray()) + ';' +
               m.uuid.toUtf8() + ';' + (c ? c->profile.callerIdName.toUtf8() : QByteArray()) + ';' +
               (c ? c->profile.callerIdNumber.toUtf8() : QByteArray()) + ';' + f.join('|') + ';' +
               QByteArray::number(m.volumeIn) + ';' + QByteArray::number(m.volumeOut) + ';' +
               QByteArray::number(m.energy) + '\n';
    }
    return out;
}

QByteArray SimConference::jsonList(const QList<const Room *> &rooms, bool compact) const
{
    const bool pretty = !compact;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QByteArrayList conferences;
    for (const Room *room : rooms) {
        QByteArrayList members;
        for (auto it = room->members.rbegin(); it != room->members.rend(); ++it) {
            const Member &m = it->second;
            const Channel *c = sw()->channel(m.uuid);
            const Pairs flags{
                {"can_hear", boolean(m.hear)}, {"can_see", "true"}, {"can_speak", boolean(m.speak)},
                {"hold", "false"}, {"mute_detect", "false"}, {"talking", boolean(m.talking)},
                {"has_video", "false"}, {"video_bridge", "false"},
                {"has_floor", boolean(room->floor == m.id)}, {"is_moderator", "false"},
                {"end_conference", "false"}, {"mandatory_member_end_conference", "false"},
                {"pass_digits", "false"}};
            const Pairs member{
                {"type", "\"caller\""},
                {"id", QByteArray::number(m.id)},
                {"flags", object(flags, 4, pretty)},
                {"uuid", quoted(m.uuid)},
                {"caller_id_name", quoted(c ? c->profile.callerIdName : QString())},
                {"caller_id_number", quoted(c ? c->profile.callerIdNumber : QString())},
                {"join_time", QByteArray::number((now - m.joinedMs) / 1000)},
                {"last_talking", QByteArray::number(m.lastTalkingMs ? (now - m.lastTalkingMs) / 1000 : 0)},
                {"energy", QByteArray::number(m.energy)},
                {"volume_in", QByteArray::number(m.volumeIn)},
                {"volume_out", QByteArray::number(m.volumeOut)},
                {"output-volume", QByteArray::number(m.volumeOut)},
                {"input-volume", QByteArray::number(m.volumeIn)}};
            members.append(object(member, 3, pretty));
        }
        for (const QString &path : room->recordings) {
            const Pairs node{{"type", "\"recording_node\""}, {"record_path", quoted(path)},
                             {"join_time", QByteArray::number((now - room->recordStartedMs) / 1000)}};
            members.append(object(node, 3, pretty));
        }
        const Pairs conference{
            {"conference_name", quoted(room->name)},
            {"member_count", QByteArray::number(qsizetype(room->members.size()))},
            {"ghost_count", "0"},
            {"rate", "8000"},
            {"run_time", QByteArray::number((now - room->startedMs) / 1000)},
            {"conference_uuid", quoted(room->uuid)},
            {"canvas_count", "0"}, {"max_bw_in", "0"}, {"force_bw_in", "0"},
            {"video_floor_packets", "0"},
            {"locked", boolean(room->locked)}, {"destruct", "false"}, {"wait_mod", "false"},
            {"audio_always", "false"}, {"running", "true"}, {"answered", "true"},
            {"enforce_min", "true"}, {"bridge_to", "false"}, {"dynamic", "true"},
            {"exit_sound", "true"}, {"enter_sound", "true"},
            {"recording", boolean(!room->recordings.isEmpty())}, {"video_bridge", "false"},
            {"video_floor_only", "false"}, {"video_rfc4579", "false"},
            {"variables", object({}, 2, pretty)},
            {"members", array(members, pretty)}};
        conferences.append(object(conference, 1, pretty));
    }
    return array(conferences, pretty);
}

} // namespace Sim
