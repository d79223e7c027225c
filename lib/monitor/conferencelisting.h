#pragma once
// What the Conferences panel knows of one conference and its members, and the parser of
// mod_conference's `conference json_list` that fills it at every sync. Value types and a pure
// function: the store (conferencestore.h) keeps them, the tests feed the parser real bodies.
//
// json_list is the one listing used: a single command answers for every conference with the
// member flags the text `list` leaves out (can_see, hold, mute_detect, is_moderator) and the
// conference's run time, lock and recording state (mod_conference.c conference_jlist).

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Monitor {

struct ConferenceMember
{
    int id = 0;
    QString uuid;
    QString channelName; // from events only (json_list has none); kept across syncs by uuid
    QString callerIdName;
    QString callerIdNumber;
    QString type; // events: Member-Type ("member", "moderator"); json_list: "caller"
    // How the member came in, from events only (json_list has none; kept across syncs by
    // uuid): "outbound" for a leg the switch dialled (bgdial, originate &conference), whose
    // caller id is the conference's own and whose callee is whom it dialled.
    QString direction;      // Call-Direction
    QString calleeIdName;   // Caller-Callee-ID-Name
    QString calleeIdNumber; // Caller-Callee-ID-Number
    QString destination;    // Caller-Destination-Number
    bool canHear = true;
    bool canSpeak = true;
    bool canSee = true;
    bool talking = false;
    bool floor = false;
    bool muteDetect = false;
    bool hold = false;
    bool moderator = false;
    int energy = 0;
    int volumeIn = 0;
    int volumeOut = 0;
    qint64 joinedAtMs = 0;
    // When the switch last heard the member talk (json_list's last_talking, start-talking).
    qint64 lastTalkingMs = 0;

    [[nodiscard]] bool invited() const { return direction == u"outbound"; }
};

struct Conference
{
    QString name; // without @profile: what `conference NAME ...` takes
    QString uuid;
    QString profile; // Conference-Profile-Name (events only)
    QString domain;
    bool locked = false;
    // The files being recorded (start-recording/stop-recording Path, json_list recording nodes);
    // `recordingFlag` is json_list's "recording" when it lists no node to name the file.
    QStringList recordings;
    bool recordingFlag = false;
    QString playing; // the file play-file started and no play-file-done ended yet
    int rate = 0;
    int ghostCount = 0;
    qint64 startedAtMs = 0;
    QStringList flags; // json_list's conference flags that are true (running, dynamic, ...)
    QList<ConferenceMember> members; // by member id, ascending

    [[nodiscard]] bool isRecording() const { return recordingFlag || !recordings.isEmpty(); }
    [[nodiscard]] const ConferenceMember *member(int id) const;
    [[nodiscard]] ConferenceMember *member(int id);
    // Inserts in id order; replaces a member with the same id.
    ConferenceMember &insertMember(const ConferenceMember &member);
    bool removeMember(int id);
};

// Parses `conference json_list` (pretty or compact). `nowMs` turns its relative times (run_time,
// join_time, last_talking: seconds ago) into absolute ones. On failure returns why, and `out`
// is untouched. At most `maxConferences` conferences and `maxMembers` members each.
[[nodiscard]] std::optional<QString> parseConferenceJsonList(QByteArrayView body, qint64 nowMs,
                                                             int maxConferences, int maxMembers,
                                                             QList<Conference> &out);

// `conference NAME list count`: a bare number, without a newline (seen on 1.10.12).
[[nodiscard]] std::optional<int> parseConferenceCount(QByteArrayView body);

} // namespace Monitor
