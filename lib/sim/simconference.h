#pragma once
// mod_conference in the simulated switch: the `conference NAME@profile` application, the
// `conference` api (list, NAME list [count], json_list, and the member and conference controls
// with FreeSWITCH 1.10.12's reply texts, quirks included: `energy` without +OK, `list count`
// without a newline, norecord's "Stopped recording file …\n+OK Stopped recording 0 files"), and
// conference::maintenance events with the header set of each Action as real2/conference-control
// has it. Extensions 3100–3199 of the default context are conference rooms (3100@default: the
// vanilla dialplan's wideband range; 3000 stays an ordinary extension, as the calls tests dial
// it), so transfers and drags into a conference work. Members talk and stop talking on a timer (the
// floor follows the talker), and with traffic on callers join and leave rooms 3100 and 3101.

#include "simmodule.h"

#include "esl/wire/headerlist.h"

#include <QHash>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimer>

#include <map>

namespace Sim {

class SimConference : public Module
{
    Q_OBJECT

public:
    explicit SimConference(Switch *sw);
    ~SimConference() override;

    [[nodiscard]] bool answersApi(QStringView command) const override;
    QByteArray api(const QString &command, const QString &rest) override;
    [[nodiscard]] bool runsApp(QStringView application) const override;
    int runApp(Channel &channel, const QString &application, const QString &argument) override;
    [[nodiscard]] std::optional<std::pair<QString, QString>> route(const QString &exten) const override;
    void appEnded(const QString &uuid, const QString &application) override;
    void channelHangingUp(const QString &uuid) override;
    void reset() override;
    void startTraffic(quint32 seed) override;
    void stopTraffic() override;

    // How often a member starts or stops talking (ms); 0: never (tests that count events).
    void setTalkIntervalMs(int ms);
    // For tests: the conferences running and a member's flags ("hear|speak|talking|floor").
    [[nodiscard]] QStringList conferenceNames() const;
    [[nodiscard]] int memberCount(const QString &conference) const;
    [[nodiscard]] QString memberFlags(const QString &conference, int id) const;
    [[nodiscard]] int memberId(const QString &uuid) const;

private:
    struct Member
    {
        int id = 0;
        QString uuid;
        bool hear = true;
        bool speak = true;
        bool talking = false;
        int energy = 100;
        int volumeIn = 0;
        int volumeOut = 0;
        qint64 joinedMs = 0;
        qint64 lastTalkingMs = 0;
    };
    struct Room
    {
        QString name;
        QString profile;
        QString uuid;
        int nextId = 1;
        int floor = 0; // the member id holding the floor; 0: nobody
        bool locked = false;
        QStringList recordings;
        qint64 startedMs = 0;
        qint64 recordStartedMs = 0;
        QString playing;
        std::map<int, Member> members;
    };

    // Events (simconference.cpp).
    Esl::HeaderList conferenceHeaders(const Room &room, QByteArrayView file,
                                      QByteArrayView function, int line) const;
    void appendMember(Esl::HeaderList &h, const Room &room, const Member &m) const;
    void fireRoom(const Room &room, QByteArrayView action, QByteArrayView file,
                  QByteArrayView function, int line, const Esl::HeaderList &extra = {});
    void fireMember(const Room &room, const Member &m, QByteArrayView action,
                    QByteArrayView file, QByteArrayView function, int line,
                    const Esl::HeaderList &extra = {});
    void join(Channel &channel, const QString &name, const QString &profile);
    // An inbound caller at a locked conference: the locked sound, then the application ends.
    void refuseLocked(Channel &channel, const QString &name);
    // switch_core_standard_on_execute: nothing left to run, the channel hangs up.
    void hangUpAtEndOfDialplan(const QString &uuid, int triesLeft);
    void leave(const QString &uuid);
    void setFloor(Room &room, int id);
    void talkTick();
    void trafficTick();

    // The api (simconferenceapi.cpp).
    QByteArray roomCommand(Room &room, const QStringList &argv);
    QByteArray memberCommand(Room &room, const QString &verb, const QString &target,
                             const QStringList &argv);
    QByteArray listText(const Room &room, bool withHeader) const;
    QByteArray jsonList(const QList<const Room *> &rooms, bool compact) const;
    void stopRecordings(Room &room, const QString &path, QByteArray &out);

    static constexpr int kLockedSoundMs = 1200; // conf-locked.wav
    static constexpr QByteArrayView kLockedSound = "conference/8000/conf-locked.wav";

    std::map<QString, Room> m_rooms;
    QHash<QString, QString> m_roomOf; // member uuid -> room name
    QTimer m_talk;
    QTimer m_traffic;
    QRandomGenerator m_random{19};
};

} // namespace Sim
