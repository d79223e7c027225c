// The Conferences panel's store on the real capture of FreeSWITCH 1.10.12 (real2/
// conference-control): its conference::maintenance events replayed in order, its
// `conference json_list` bodies as the sync answers, the states the capture's .md describes
// at each step; then hostile listings and re-sync after lost events.

#include "monitor/conferencestore.h"

#include "esl/promise.h"
#include "support/fixtures.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::Conference;
using Monitor::ConferenceMember;
using Monitor::ConferenceStore;
using Monitor::PanelSyncState;

namespace {

const QString kScenario = QStringLiteral("real2/conference-control");
const QString kM1 = QStringLiteral("463cb401-ca9c-4ad9-acc6-f1885c193c76");
const QString kM2 = QStringLiteral("611350b1-a107-44f8-9a4f-30bc2d37f89a");
const QString kM3 = QStringLiteral("6266fcfb-2bb3-4600-ba26-f4b4006aa055");
const QString kM4 = QStringLiteral("0b4a1f66-9124-4e7b-ba71-4a517ca4eaab");
const QString kConferenceUuid = QStringLiteral("c5ba28ee-9422-42d4-a60d-8f923c205ab2");

// One message of the capture in order: a conference event, or an api reply with its command.
struct Step
{
    std::optional<Esl::Event> event;
    QString command; // the api command this reply answers
    Esl::Message reply;
};

QList<Step> captureSteps()
{
    QStringList commands;
    for (const QByteArray &line : TestSupport::readFixture(kScenario, u".sent"_s).split('\n')) {
        const int at = line.indexOf(" SEND \"api ");
        if (at >= 0) {
            const QByteArray json = line.mid(at + 6);
            commands.append(QString::fromUtf8(json.mid(5, json.size() - 5 - 5)));
        }
    }
    QList<Step> steps;
    int api = 0;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(kScenario, u".esl"_s))) {
        if (m.contentType() == "api/response") {
            steps.append(Step{std::nullopt, commands.value(api++), m});
        } else if (m.isEvent()) {
            auto e = Esl::Event::fromMessage(m);
            if (e && e->subclass() == "conference::maintenance")
                steps.append(Step{*e, {}, {}});
        }
    }
    return steps;
}

qint64 eventMs(const Esl::Event &e)
{
    return e.text("Event-Date-Timestamp").toLongLong() / 1000;
}

Esl::Message apiResponse(const QByteArray &body)
{
    Esl::HeaderList h;
    h.append("Content-Type", "api/response");
    h.append("Content-Length", QByteArray::number(body.size()));
    return Esl::Message(h, body, true);
}

// A stand-in for the link: every command answered at once with `body`.
Monitor::PanelStore::Api answering(const QByteArray &body, QStringList *sent = nullptr)
{
    return [body, sent](const QString &command) {
        if (sent)
            sent->append(command);
        return Esl::detail::readyFuture(Esl::Reply(apiResponse(body)));
    };
}

bool syncWith(ConferenceStore &store, const QByteArray &body, qint64 nowMs)
{
    store.sync(answering(body), nowMs);
    return QTest::qWaitFor([&] { return store.syncState() != PanelSyncState::Syncing; }, 5000);
}

// Replays the capture from `from` until the reply to `command` (its `occurrence`th), applying
// the events on the way; returns the index of that reply.
int replayUntil(ConferenceStore &store, const QList<Step> &steps, int from, const QString &command,
                int occurrence = 1)
{
    for (int i = from; i < steps.size(); ++i) {
        if (steps[i].event) {
            store.apply(*steps[i].event, eventMs(*steps[i].event));
        } else if (steps[i].command == command && --occurrence == 0) {
            return i;
        }
    }
    return int(steps.size());
}

// What a member's state is, as the panel shows it (join times aside: the listing counts
// seconds, events count microseconds).
QString memberState(const ConferenceMember &m)
{
    return QStringLiteral("%1 %2 %3%4%5%6 e%7 in%8 out%9")
        .arg(m.id)
        .arg(m.uuid)
        .arg(m.canHear ? u"H"_s : u"-"_s, m.canSpeak ? u"S"_s : u"-"_s,
             m.talking ? u"T"_s : u"-"_s, m.floor ? u"F"_s : u"-"_s)
        .arg(m.energy)
        .arg(m.volumeIn)
        .arg(m.volumeOut);
}

QStringList membersOf(const ConferenceStore &store, const QString &name)
{
    QStringList out;
    if (const Conference *c = store.conference(name)) {
        for (const ConferenceMember &m : c->members)
            out.append(memberState(m));
    }
    return out;
}

} // namespace

class TestConferenceStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    // Happy flows: the capture, step by step.
    void followsTheCaptureThroughEveryAction();
    void listingAndEventsAgreeAtBothSyncs();
    void parsesTheRealJsonListBodies();
    void countsAListCountWithoutANewline();
    void reSyncAfterLostEventsCorrectsDrift();
    void keepsChannelNamesAcrossASync();
    void rowsCarryConferencesWithTheirMembers();
    // Rainy days.
    void hostileListingFailsTheSyncAndKeepsTheState_data();
    void hostileListingFailsTheSyncAndKeepsTheState();
    void tooManyConferencesOrMembersFailTheSync();
    void aMissingModuleIsQuiet();
    void anErrorReplyFailsWithItsText();
    void eventsAboutUnknownMembersAreUnmatched();
    void staleWhileTheLinkIsDown();

private:
    QList<Step> m_steps;
};

void TestConferenceStore::initTestCase()
{
    m_steps = captureSteps();
    QVERIFY(m_steps.size() > 80);
    int replies = 0;
    for (const Step &s : std::as_const(m_steps))
        replies += s.event ? 0 : 1;
    QCOMPARE(replies, 28); // the capture's 28 api/response messages
}

void TestConferenceStore::followsTheCaptureThroughEveryAction()
{
    ConferenceStore store;
    QSignalSpy changed(&store, &ConferenceStore::changed);
    // Three loopback members joined ctl@default; each talks (a tone), member 1 holds the floor.
    int at = replayUntil(store, m_steps, 0, u"conference list"_s);
    const Conference *ctl = store.conference(u"ctl"_s);
    QVERIFY(ctl);
    QCOMPARE(ctl->uuid, kConferenceUuid);
    QCOMPARE(ctl->profile, u"default"_s);
    QCOMPARE(membersOf(store, u"ctl"_s),
             (QStringList{u"1 %1 HSTF e100 in0 out0"_s.arg(kM1),
                          u"2 %1 HST- e100 in0 out0"_s.arg(kM2),
                          u"3 %1 HST- e100 in0 out0"_s.arg(kM3)}));
    QCOMPARE(ctl->members[0].channelName, u"loopback/9197-a"_s);
    // The loopback A leg's caller id is the originate's default (not Ctl1): the switch's word.
    QCOMPARE(ctl->members[0].callerIdName, u"Outbound Call"_s);
    QVERIFY(!ctl->locked);
    QVERIFY(!ctl->isRecording());
    QVERIFY(changed.count() > 5);

    // mute 1: Speak false and Talking false; the floor went on to 3, then 2 (floor-change).
    at = replayUntil(store, m_steps, at + 1, u"conference ctl unmute 1"_s);
    ctl = store.conference(u"ctl"_s);
    QCOMPARE(ctl->member(1)->canSpeak, false);
    QCOMPARE(ctl->member(1)->talking, false);
    QCOMPARE(ctl->member(2)->floor, true);
    QCOMPARE(ctl->member(1)->floor, false);
    at = replayUntil(store, m_steps, at + 1, u"conference ctl deaf 2"_s);
    QCOMPARE(store.conference(u"ctl"_s)->member(1)->canSpeak, true);
    QCOMPARE(store.conference(u"ctl"_s)->member(1)->talking, true);
    at = replayUntil(store, m_steps, at + 1, u"conference ctl undeaf 2"_s);
    QCOMPARE(store.conference(u"ctl"_s)->member(2)->canHear, false);
    QCOMPARE(store.conference(u"ctl"_s)->member(1)->floor, true); // floor-change 3, then 1
    at = replayUntil(store, m_steps, at + 1, u"conference ctl volume_in 1 2"_s);
    QCOMPARE(store.conference(u"ctl"_s)->member(2)->canHear, true);

    // volume_in 1 2, volume_out 2 -1, energy 3 300 (whose reply has no +OK).
    at = replayUntil(store, m_steps, at + 1, u"conference ctl lock"_s);
    ctl = store.conference(u"ctl"_s);
    QCOMPARE(ctl->member(1)->volumeIn, 2);
    QCOMPARE(ctl->member(2)->volumeOut, -1);
    QCOMPARE(ctl->member(3)->energy, 300);
    QCOMPARE(m_steps[at - 2].reply.body(), QByteArray("Energy 3 = 300\n"));

    // lock; a fourth call joins anyway: an outbound loopback leg is not held to the lock
    // (mod_conference.c conference_function: enforce_security is for inbound channels only).
    at = replayUntil(store, m_steps, at + 1, u"conference ctl unlock"_s);
    ctl = store.conference(u"ctl"_s);
    QVERIFY(ctl->locked);
    QCOMPARE(ctl->members.size(), 4);
    QCOMPARE(ctl->member(4)->uuid, kM4);
    at = replayUntil(store, m_steps, at + 1,
                     u"conference ctl record /srv/freeswitch/2/recordings/corpus-ctl.wav"_s);
    QVERIFY(!store.conference(u"ctl"_s)->locked);

    // record, then norecord ("Stopped recording file ...\n+OK Stopped recording 0 files").
    at = replayUntil(store, m_steps, at + 1,
                     u"conference ctl norecord /srv/freeswitch/2/recordings/corpus-ctl.wav"_s);
    QCOMPARE(store.conference(u"ctl"_s)->recordings,
             QStringList{u"/srv/freeswitch/2/recordings/corpus-ctl.wav"_s});
    QVERIFY(store.conference(u"ctl"_s)->isRecording());
    at = replayUntil(store, m_steps, at + 1, u"conference ctl play tone_stream://%(500,0,880)"_s);
    QVERIFY(!store.conference(u"ctl"_s)->isRecording());

    // mute all: four mute-member events.
    at = replayUntil(store, m_steps, at + 1, u"conference ctl unmute all"_s);
    for (const ConferenceMember &m : store.conference(u"ctl"_s)->members)
        QVERIFY2(!m.canSpeak, qPrintable(memberState(m)));
    QVERIFY(store.conference(u"ctl"_s)->playing.isEmpty()); // play-file-done came

    // kick 2: kick-member then del-member.
    at = replayUntil(store, m_steps, at + 1, u"conference ctl mute 9999"_s);
    QCOMPARE(m_steps[at].reply.body(), QByteArray("-ERR Non-Existant ID 9999\n"));
    ctl = store.conference(u"ctl"_s);
    QCOMPARE(ctl->members.size(), 3);
    QVERIFY(!ctl->member(2));
    for (const ConferenceMember &m : ctl->members)
        QVERIFY2(m.canSpeak && m.talking, qPrintable(memberState(m)));

    // hup all: everyone leaves, the conference is destroyed.
    replayUntil(store, m_steps, at + 1, u"no such command"_s);
    QCOMPARE(store.rowCount(), 0);
    QVERIFY(!store.conference(u"ctl"_s));
    QCOMPARE(store.eventsUnmatched(), 0);
}

void TestConferenceStore::listingAndEventsAgreeAtBothSyncs()
{
    ConferenceStore store;
    int at = replayUntil(store, m_steps, 0, u"conference json_list"_s);
    const QStringList byEvents = membersOf(store, u"ctl"_s);
    QVERIFY(syncWith(store, m_steps[at].reply.body(), eventMs(*m_steps[at - 1].event) + 2000));
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(membersOf(store, u"ctl"_s), byEvents);
    QCOMPARE(store.conference(u"ctl"_s)->uuid, kConferenceUuid);
    QCOMPARE(store.conference(u"ctl"_s)->profile, u"default"_s); // kept from the events

    // The second json_list (after mute all / unmute all): 4 members, the volumes and energy set.
    at = replayUntil(store, m_steps, at + 1, u"conference ctl json_list"_s, 1);
    const QStringList before = membersOf(store, u"ctl"_s);
    QCOMPARE(before.size(), 4);
    QVERIFY(syncWith(store, m_steps[at].reply.body(), eventMs(*m_steps[at - 1].event)));
    QCOMPARE(membersOf(store, u"ctl"_s), before);
    QCOMPARE(store.conference(u"ctl"_s)->member(3)->energy, 300);
}

void TestConferenceStore::parsesTheRealJsonListBodies()
{
    int bodies = 0;
    for (const Step &s : std::as_const(m_steps)) {
        if (!s.command.endsWith(u"json_list"_s))
            continue;
        ++bodies;
        QList<Conference> out;
        const qint64 now = 1796578900000;
        QCOMPARE(Monitor::parseConferenceJsonList(s.reply.body(), now, 10, 10, out), std::nullopt);
        QCOMPARE(out.size(), 1);
        const Conference &c = out[0];
        QCOMPARE(c.name, u"ctl"_s);
        QCOMPARE(c.rate, 8000);
        QVERIFY(c.flags.contains(u"running"_s));
        QVERIFY(c.flags.contains(u"dynamic"_s));
        QVERIFY(!c.flags.contains(u"locked"_s));
        QVERIFY(c.startedAtMs < now);
        // Listed newest first by the switch; kept by id.
        QCOMPARE(c.members.first().id, 1);
        QCOMPARE(c.members.first().uuid, kM1);
        QVERIFY(c.members.first().floor);
        QCOMPARE(c.members.first().type, u"caller"_s);
        QCOMPARE(c.members.first().callerIdNumber, u"default"_s);
        QVERIFY(c.members.first().joinedAtMs <= now - 2000);
    }
    QCOMPARE(bodies, 3); // conference ctl json_list twice, conference json_list once
    // The compact form (`json_list compact`), with a recording node as conference_jlist writes it.
    QList<Conference> out;
    QCOMPARE(Monitor::parseConferenceJsonList(
                 R"([{"conference_name":"a","member_count":0,"run_time":5,"members":[{"type":"recording_node","record_path":"/tmp/a.wav","join_time":3}],"recording":true}])",
                 10000, 10, 10, out),
             std::nullopt);
    QCOMPARE(out[0].recordings, QStringList{u"/tmp/a.wav"_s}); // the recording node
    QVERIFY(out[0].members.isEmpty());
    QCOMPARE(out[0].startedAtMs, 5000);
    QCOMPARE(Monitor::parseConferenceJsonList("[]", 0, 10, 10, out), std::nullopt);
    QVERIFY(out.isEmpty());
}

void TestConferenceStore::countsAListCountWithoutANewline()
{
    for (const Step &s : std::as_const(m_steps)) {
        if (s.command == u"conference ctl list count") {
            QCOMPARE(s.reply.body(), QByteArray("3")); // no newline (the capture's quirk)
            QCOMPARE(Monitor::parseConferenceCount(s.reply.body()), 3);
        }
    }
    QCOMPARE(Monitor::parseConferenceCount("3\n"), 3);
    QCOMPARE(Monitor::parseConferenceCount("-ERR x"), std::nullopt);
}

void TestConferenceStore::reSyncAfterLostEventsCorrectsDrift()
{
    ConferenceStore store;
    // Events lost: the connection missed add-member 4 and every mute/unmute.
    int at = 0;
    for (; at < m_steps.size(); ++at) {
        const Step &s = m_steps[at];
        if (!s.event) {
            if (s.command == u"conference ctl json_list"_s && s.reply.body().contains("\"id\":\t4"))
                break;
            continue;
        }
        const QByteArrayView action = s.event->header("Action");
        if (action.endsWith("mute-member") || s.event->header("Member-ID") == "4")
            continue;
        store.apply(*s.event, eventMs(*s.event));
    }
    QVERIFY(at < m_steps.size());
    QCOMPARE(store.conference(u"ctl"_s)->members.size(), 3);
    // An event about member 4, unknown: counted as drift, nothing invented.
    Esl::Event about4 = *std::find_if(m_steps.cbegin(), m_steps.cend(), [](const Step &s) {
                             return s.event && s.event->header("Member-ID") == "4" &&
                                    s.event->header("Action") == "start-talking";
                         })->event;
    const qint64 unmatched = store.eventsUnmatched();
    QVERIFY(!store.apply(about4, eventMs(about4)));
    QCOMPARE(store.eventsUnmatched(), unmatched + 1);

    QVERIFY(syncWith(store, m_steps[at].reply.body(), eventMs(*m_steps[at - 1].event)));
    const Conference *ctl = store.conference(u"ctl"_s);
    QCOMPARE(ctl->members.size(), 4);
    QCOMPARE(ctl->member(4)->uuid, kM4);
    QCOMPARE(ctl->member(1)->volumeIn, 2);
    // Events after the sync apply on top.
    replayUntil(store, m_steps, at + 1, u"conference ctl mute 9999"_s);
    QVERIFY(!store.conference(u"ctl"_s)->member(2));
    QCOMPARE(store.conference(u"ctl"_s)->members.size(), 3);
}

void TestConferenceStore::keepsChannelNamesAcrossASync()
{
    ConferenceStore store;
    const int at = replayUntil(store, m_steps, 0, u"conference json_list"_s);
    QVERIFY(syncWith(store, m_steps[at].reply.body(), 1796578878000));
    QCOMPARE(store.conference(u"ctl"_s)->member(3)->channelName, u"loopback/9198-a"_s);
    QCOMPARE(store.memberOf(kM3), std::make_optional(std::make_pair(u"ctl"_s, 3)));
}

void TestConferenceStore::rowsCarryConferencesWithTheirMembers()
{
    ConferenceStore store;
    replayUntil(store, m_steps, 0, u"conference ctl unlock"_s);
    const qint64 now = 1796578890000;
    const QList<QJsonObject> rows = store.rows(now);
    QCOMPARE(rows.size(), 1);
    const QJsonObject ctl = rows[0];
    QCOMPARE(ctl[u"name"_s].toString(), u"ctl"_s);
    QCOMPARE(ctl[u"memberCount"_s].toInt(), 4);
    QCOMPARE(ctl[u"locked"_s].toBool(), true);
    QCOMPARE(ctl[u"recording"_s].toBool(), false);
    QCOMPARE(ctl[u"runSeconds"_s].toInt(), 13); // created at 17:41:16.05
    const QJsonArray members = ctl[u"members"_s].toArray();
    QCOMPARE(members.size(), 4);
    const QJsonObject m3 = members[2].toObject();
    QCOMPARE(m3[u"id"_s].toInt(), 3);
    QCOMPARE(m3[u"uuid"_s].toString(), kM3);
    QCOMPARE(m3[u"energy"_s].toInt(), 300);
    QCOMPARE(m3[u"muted"_s].toBool(), false);
    QCOMPARE(m3[u"deaf"_s].toBool(), false);
    QCOMPARE(m3[u"talking"_s].toBool(), true);
    QCOMPARE(m3[u"channel"_s].toString(), u"loopback/9198-a"_s);
    QCOMPARE(members[1].toObject()[u"volumeOut"_s].toInt(), -1);
}

void TestConferenceStore::hostileListingFailsTheSyncAndKeepsTheState_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason");
    QByteArray real;
    for (const Step &s : captureSteps()) {
        if (s.command == u"conference json_list")
            real = s.reply.body();
    }
    QTest::newRow("truncated") << real.left(real.size() / 2) << u"not JSON"_s;
    QTest::newRow("garbage") << QByteArray("\x01\x02 hello ]]") << u"not JSON"_s;
    QTest::newRow("empty") << QByteArray("  \n") << u"empty reply"_s;
    QTest::newRow("an object") << QByteArray(R"({"conference_name":"x"})")
                               << u"not a list of conferences"_s;
    QTest::newRow("no name") << QByteArray(R"([{"members":[]}])") << u"without a name"_s;
    QTest::newRow("member without id")
        << QByteArray(R"([{"conference_name":"x","members":[{"type":"caller"}]}])")
        << u"without an id"_s;
    QTest::newRow("nested deep") << QByteArray(200, '[') << u"nested deeper"_s;
}

void TestConferenceStore::hostileListingFailsTheSyncAndKeepsTheState()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    ConferenceStore store;
    replayUntil(store, m_steps, 0, u"conference list"_s);
    const QStringList before = membersOf(store, u"ctl"_s);
    QVERIFY(syncWith(store, body, 1));
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(reason), qPrintable(store.syncError()));
    QCOMPARE(membersOf(store, u"ctl"_s), before);
}

void TestConferenceStore::tooManyConferencesOrMembersFailTheSync()
{
    ConferenceStore store;
    QByteArray many = "[";
    for (int i = 0; i <= Monitor::PanelStore::kMaxRows; ++i)
        many += "{\"conference_name\":\"c" + QByteArray::number(i) + "\",\"members\":[]},";
    many.chop(1);
    many += "]";
    QVERIFY(syncWith(store, many, 1));
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(u"10001 conferences"_s), qPrintable(store.syncError()));

    QByteArray crowd = "[{\"conference_name\":\"big\",\"members\":[";
    for (int i = 1; i <= Monitor::PanelStore::kMaxItems + 1; ++i)
        crowd += "{\"type\":\"caller\",\"id\":" + QByteArray::number(i) + "},";
    crowd.chop(1);
    crowd += "]}]";
    QVERIFY(syncWith(store, crowd, 1));
    QCOMPARE(store.syncState(), PanelSyncState::Failed);
    QVERIFY2(store.syncError().contains(u"10001 members"_s), qPrintable(store.syncError()));
    QCOMPARE(store.rowCount(), 0);

    // Exactly the limit is fine: 10,000 conferences.
    many = "[";
    for (int i = 0; i < Monitor::PanelStore::kMaxRows; ++i)
        many += "{\"conference_name\":\"c" + QByteArray::number(i) + "\",\"members\":[]},";
    many.chop(1);
    many += "]";
    QVERIFY(syncWith(store, many, 1));
    QCOMPARE(store.syncState(), PanelSyncState::Synced);
    QCOMPARE(store.rowCount(), Monitor::PanelStore::kMaxRows);
}

void TestConferenceStore::aMissingModuleIsQuiet()
{
    ConferenceStore store;
    QVERIFY(syncWith(store, "-ERR conference Command not found!\n", 1));
    QCOMPARE(store.syncState(), PanelSyncState::ModuleMissing);
    QVERIFY(store.syncError().contains(u"mod_conference"_s));
}

void TestConferenceStore::anErrorReplyFailsWithItsText()
{
    ConferenceStore store;
    QStringList sent;
    store.sync(answering("-ERR Conference nosuchconf not found\n", &sent), 1);
    QTRY_COMPARE(store.syncState(), PanelSyncState::Failed);
    QCOMPARE(sent, QStringList{u"conference json_list"_s}); // one command for all
    QVERIFY2(store.syncError().contains(u"Conference nosuchconf not found"_s),
             qPrintable(store.syncError()));
}

void TestConferenceStore::eventsAboutUnknownMembersAreUnmatched()
{
    ConferenceStore store;
    // Start after the first add-member events: the members 1-3 were never seen.
    const auto first = std::find_if(m_steps.cbegin(), m_steps.cend(), [](const Step &s) {
        return s.event && s.event->header("Action") == "mute-member";
    });
    QVERIFY(!store.apply(*first->event, 0));
    QCOMPARE(store.eventsUnmatched(), 1);
    QCOMPARE(store.rowCount(), 0);
    // add-member for a conference never created makes it (its headers name it), counted drift.
    const auto add4 = std::find_if(m_steps.cbegin(), m_steps.cend(), [](const Step &s) {
        return s.event && s.event->header("Action") == "add-member" &&
               s.event->header("Member-ID") == "4";
    });
    QVERIFY(store.apply(*add4->event, 5));
    QCOMPARE(store.eventsUnmatched(), 2);
    QCOMPARE(store.conference(u"ctl"_s)->members.size(), 1);
    QCOMPARE(store.conference(u"ctl"_s)->uuid, kConferenceUuid);
}

void TestConferenceStore::staleWhileTheLinkIsDown()
{
    ConferenceStore store;
    replayUntil(store, m_steps, 0, u"conference list"_s);
    store.markStale(1234);
    QVERIFY(store.isStale());
    QCOMPARE(store.staleSinceMs(), 1234);
    QCOMPARE(store.rowCount(), 1); // last known, kept
    const int at = replayUntil(store, m_steps, 0, u"conference json_list"_s);
    QVERIFY(syncWith(store, m_steps[at].reply.body(), 2000));
    QVERIFY(!store.isStale());
}

QTEST_GUILESS_MAIN(TestConferenceStore)
#include "tst_conferencestore.moc"
