// The simulated mod_conference against FreeSWITCH 1.10.12 (real2/conference-control): the
// reply texts of every listing and control, quirks included, the header names of each Action's
// conference::maintenance event, json_list's layout, and the dialplan's way in (extensions
// 3100–3199, `uuid_transfer … conference:NAME@default inline`, bgdial). stop-talking, which the
// capture lacks, follows conference_loop.c stop_talking_handler.

#include "simclient.h"

#include "monitor/conferencelisting.h"
#include "sim/eventsocketserver.h"
#include "sim/simconference.h"
#include "support/fixtures.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

using Names = QSet<QByteArray>;

Names namesOf(const Esl::Event &e)
{
    Names out;
    for (qsizetype i = 0; i < e.headers().size(); ++i)
        out.insert(e.headers().name(i).toByteArray());
    return out;
}

QStringList keysOf(const QByteArray &json)
{
    static const QRegularExpression key(QStringLiteral("\"([a-z_-]+)\":"));
    QStringList out;
    auto it = key.globalMatch(QString::fromUtf8(json));
    while (it.hasNext())
        out.append(it.next().captured(1));
    return out;
}

} // namespace

class TestSimConference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void answersTheRealReplyTexts();
    void firesEachActionWithTheCapturedHeaderNames();
    void writesJsonListAsTheModuleDoes();
    void stopTalkingFollowsTheSource();
    void transfersAndDragsReachAConference();
    void aLockedConferenceLetsTheInvitedInAndSendsCallersAway();
    void eventSocketSubscribersGetTheEvents();

private:
    QString join(const QString &name, const QString &room = u"ctl@default"_s);
    QList<Esl::Event> fired(QByteArrayView action) const;

    std::unique_ptr<Sim::Switch> m_sw;
    QList<Esl::Event> m_events;
};

void TestSimConference::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 10;
    config.answerDelayMs = 5;
    m_sw = std::make_unique<Sim::Switch>(config);
    m_sw->conferences()->setTalkIntervalMs(0);
    m_events.clear();
    connect(m_sw.get(), &Sim::Switch::eventFired, this, [this](const Sim::FiredEventPtr &e) {
        if (e->event().subclass() == "conference::maintenance")
            m_events.append(e->event());
    });
}

void TestSimConference::cleanup()
{
    m_sw.reset();
}

QString TestSimConference::join(const QString &name, const QString &room)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = name;
    spec.callerNumber = u"3101"_s;
    spec.destination = u"9197"_s;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = room;
    const QString uuid = m_sw->placeCall(spec);
    [[maybe_unused]] const bool joined = QTest::qWaitFor(
        [&] { return m_sw->conferences()->memberId(uuid) > 0; }, 5000);
    return uuid;
}

QList<Esl::Event> TestSimConference::fired(QByteArrayView action) const
{
    QList<Esl::Event> out;
    for (const Esl::Event &e : m_events) {
        if (e.header("Action") == action)
            out.append(e);
    }
    return out;
}

void TestSimConference::answersTheRealReplyTexts()
{
    QCOMPARE(m_sw->api(u"conference list"_s), QByteArray("+OK No active conferences.\n"));
    QCOMPARE(m_sw->api(u"conference json_list"_s), QByteArray("[]"));
    join(u"Ctl1"_s);
    join(u"Ctl2"_s);
    join(u"Ctl3"_s);
    const QByteArray list = m_sw->api(u"conference list"_s);
    QVERIFY2(list.startsWith("+OK Conference ctl (3 members rate: 8000 flags: running|answered|"
                             "enforce_min|dynamic|exit_sound|enter_sound|json_status)\n3;"),
             list.constData());
    QVERIFY(list.contains(";hear|speak|floor;0;0;100\n")); // member 1 holds the floor
    QCOMPARE(m_sw->api(u"conference ctl list count"_s), QByteArray("3")); // no newline
    QVERIFY(m_sw->api(u"conference ctl list"_s).startsWith("3;"));
    QCOMPARE(m_sw->api(u"conference ctl mute 1"_s), QByteArray("+OK mute 1\n"));
    QCOMPARE(m_sw->api(u"conference ctl unmute 1"_s), QByteArray("+OK unmute 1\n"));
    QCOMPARE(m_sw->api(u"conference ctl deaf 2"_s), QByteArray("+OK deaf 2\n"));
    QCOMPARE(m_sw->api(u"conference ctl undeaf 2"_s), QByteArray("+OK undeaf 2\n"));
    QCOMPARE(m_sw->api(u"conference ctl volume_in 1 2"_s), QByteArray("+OK Volume IN 1 = 2\n"));
    QCOMPARE(m_sw->api(u"conference ctl volume_in 1"_s), QByteArray("+OK Volume IN 1 = 2\n"));
    QCOMPARE(m_sw->api(u"conference ctl volume_out 2 -1"_s), QByteArray("+OK Volume OUT 2 = -1\n"));
    QCOMPARE(m_sw->api(u"conference ctl energy 3 300"_s), QByteArray("Energy 3 = 300\n"));
    QCOMPARE(m_sw->api(u"conference ctl energy 3"_s), QByteArray("Energy 3 = 300\n"));
    QCOMPARE(m_sw->api(u"conference ctl lock"_s), QByteArray("+OK ctl locked\n"));
    QCOMPARE(m_sw->api(u"conference ctl unlock"_s), QByteArray("+OK ctl unlocked\n"));
    const QString path = u"/srv/freeswitch/2/recordings/corpus-ctl.wav"_s;
    QCOMPARE(m_sw->api(u"conference ctl record "_s + path), "+OK Record file " + path.toUtf8() + '\n');
    QCOMPARE(m_sw->api(u"conference ctl norecord "_s + path),
             "Stopped recording file " + path.toUtf8() + "\n+OK Stopped recording 0 files\n");
    QCOMPARE(m_sw->api(u"conference ctl play tone_stream://%(500,0,880)"_s),
             QByteArray("+OK (play) Playing file tone_stream://%(500,0,880)\n"));
    QCOMPARE(m_sw->api(u"conference ctl mute all"_s),
             QByteArray("+OK mute 3\n+OK mute 2\n+OK mute 1\n"));
    QCOMPARE(m_sw->api(u"conference ctl unmute all"_s),
             QByteArray("+OK unmute 3\n+OK unmute 2\n+OK unmute 1\n"));
    QCOMPARE(m_sw->api(u"conference ctl kick 2"_s), QByteArray("+OK kicked 2\n"));
    QCOMPARE(m_sw->api(u"conference ctl mute 9999"_s), QByteArray("-ERR Non-Existant ID 9999\n"));
    QCOMPARE(m_sw->api(u"conference nosuchconf list"_s),
             QByteArray("-ERR Conference nosuchconf not found\n"));
    // The name is without @profile: `conference ctl@default list` does not find it.
    QCOMPARE(m_sw->api(u"conference ctl@default list"_s),
             QByteArray("-ERR Conference ctl@default not found\n"));
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"ctl"_s), 2);
    QCOMPARE(m_sw->api(u"conference ctl hup all"_s), QByteArray("+OK hup 3\n+OK hup 1\n"));
    QTRY_VERIFY(m_sw->conferences()->conferenceNames().isEmpty());
    QCOMPARE(fired("conference-destroy").size(), 1);
}

void TestSimConference::firesEachActionWithTheCapturedHeaderNames()
{
    const QString m1 = join(u"Ctl1"_s);
    join(u"Ctl2"_s);
    join(u"Ctl3"_s);
    for (const char *command : {"mute 1", "unmute 1", "deaf 2", "undeaf 2", "volume_in 1 2",
                                "volume_out 2 -1", "energy 3 300", "lock", "unlock",
                                "record /tmp/corpus-ctl.wav", "norecord /tmp/corpus-ctl.wav",
                                "play tone_stream://%(500,0,880)", "kick 2"})
        m_sw->api(u"conference ctl "_s + QLatin1StringView(command));
    QTRY_VERIFY(!fired("play-file-done").isEmpty());
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"ctl"_s), 2);
    m_sw->api(u"conference ctl hup all"_s);
    QTRY_VERIFY(!fired("conference-destroy").isEmpty());

    // The capture's header names per Action (and per floor-change shape).
    // Some Actions come in two shapes (play-file-done with and without Async): any of them.
    QMultiHash<QByteArray, Names> real;
    for (const Esl::Event &e : TestSupport::fixtureEvents(u"real2/conference-control"_s)) {
        if (e.subclass() != "conference::maintenance")
            continue;
        QByteArray action = e.header("Action").toByteArray();
        if (action == "floor-change" && e.header("New-ID") == "none")
            action += " none";
        if (action == "play-file" && e.hasHeader("Error"))
            action += " error";
        if (!real.values(action).contains(namesOf(e)))
            real.insert(action, namesOf(e));
    }
    QCOMPARE(real.uniqueKeys().size(), 23);
    QSet<QByteArray> checked;
    for (const Esl::Event &e : std::as_const(m_events)) {
        QByteArray action = e.header("Action").toByteArray();
        if (action == "floor-change" && e.header("New-ID") == "none")
            action += " none";
        if (action == "play-file" && e.hasHeader("Error"))
            action += " error";
        if (!real.contains(action))
            continue;
        const Names sim = namesOf(e);
        QVERIFY2(real.values(action).contains(sim),
                 qPrintable(u"%1: only in the sim %2; only in the capture %3"_s.arg(
                     QString::fromUtf8(action),
                     QString::fromUtf8(QList<QByteArray>((sim - real.value(action)).values()).join(',')),
                     QString::fromUtf8(QList<QByteArray>((real.value(action) - sim).values()).join(',')))));
        // The subclass comes first, as switch_event_create_subclass writes it.
        QCOMPARE(e.headers().name(0), QByteArrayView("Event-Subclass"));
        checked.insert(action);
    }
    // Every Action of the capture but start-talking (the talk timer is off here; see below) and
    // play-file-done (the captured one came from the enter sound, the sim's from `play`).
    QVERIFY2(checked.size() >= 20, qPrintable(QString::fromUtf8(QList<QByteArray>(checked.values()).join(','))));
    Q_UNUSED(m1)
}

void TestSimConference::writesJsonListAsTheModuleDoes()
{
    join(u"Ctl1"_s);
    join(u"Ctl2"_s);
    m_sw->api(u"conference ctl energy 2 300"_s);
    const QByteArray sim = m_sw->api(u"conference ctl json_list"_s);
    QByteArray real;
    for (const Esl::Message &m : TestSupport::parseAll(
             TestSupport::readFixture(u"real2/conference-control"_s, u".esl"_s))) {
        if (m.contentType() == "api/response" && m.body().startsWith("[{"))
            real = m.body();
    }
    // The same keys in the same order (cJSON keeps insertion order), the same tab layout.
    const QStringList realKeys = keysOf(real);
    const QStringList simKeys = keysOf(sim);
    const int perMemberReal = int(realKeys.count(u"can_hear"_s));
    QVERIFY(perMemberReal > 0);
    QCOMPARE(simKeys.mid(0, 40), realKeys.mid(0, 40));
    QVERIFY(sim.startsWith("[{\n\t\t\"conference_name\":\t\"ctl\",\n\t\t\"member_count\":\t2,"));
    QVERIFY(sim.contains("\"variables\":\t{\n\t\t},\n"));
    QVERIFY(sim.endsWith("\t\t\t}]\n\t}]"));
    // And the store's parser reads it.
    QList<Monitor::Conference> parsed;
    QCOMPARE(Monitor::parseConferenceJsonList(sim, 0, 10, 10, parsed), std::nullopt);
    QCOMPARE(parsed.size(), 1);
    QCOMPARE(parsed[0].members.size(), 2);
    QCOMPARE(parsed[0].member(2)->energy, 300);
    QVERIFY(parsed[0].member(1)->floor);
    const QByteArray compact = m_sw->api(u"conference json_list compact"_s);
    QVERIFY(compact.startsWith("[{\"conference_name\":\"ctl\",\"member_count\":2,"));
}

void TestSimConference::stopTalkingFollowsTheSource()
{
    join(u"Ctl1"_s);
    join(u"Ctl2"_s);
    m_sw->conferences()->setTalkIntervalMs(20);
    QTRY_VERIFY_WITH_TIMEOUT(!fired("stop-talking").isEmpty(), 10000);
    const Esl::Event stop = fired("stop-talking").first();
    const Esl::Event start = fired("start-talking").first();
    QCOMPARE(stop.header("Talking"), QByteArrayView("false"));
    // conference_loop.c stop_talking_handler: the member's data, the talking-* figures, Action.
    Names expected = namesOf(start);
    for (const char *n : {"talking-gate-hits", "talking-total-packets", "talking-duration-ms",
                          "talking-average-energy", "talking-delta-average",
                          "talking-hit-on-percent", "talking-non-hit-ratio",
                          "talking-hit-off-percent", "talking-hit-off-differential"})
        expected.insert(n);
    QCOMPARE(namesOf(stop), expected);
    QCOMPARE(stop.header("Event-Calling-Function"), QByteArrayView("stop_talking_handler"));
    // A member who starts talking takes the floor (floor-change follows start-talking).
    QVERIFY(!fired("floor-change").isEmpty());
}

void TestSimConference::transfersAndDragsReachAConference()
{
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Alice"_s;
    spec.destination = u"2000"_s;
    const QString a = m_sw->placeCall(spec);
    QTRY_VERIFY(m_sw->api(u"uuid_exists "_s + a).startsWith("true"));
    QTest::qWait(100);
    // An extension of the conference range.
    m_sw->api(u"uuid_transfer %1 3105 XML default"_s.arg(a));
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"3105"_s), 1);
    // Dragged (inline) into another.
    const QByteArray r = m_sw->api(u"uuid_transfer %1 conference:3110@default inline"_s.arg(a));
    QVERIFY2(r.startsWith("+OK"), r.constData());
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"3110"_s), 1);
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"3105"_s), 0);
    // Moved between conferences by the module.
    join(u"Bob"_s, u"3110@default"_s);
    QCOMPARE(m_sw->api(u"conference 3110 transfer 3111 1"_s),
             QByteArray("+OK Member '1' sent to conference 3111.\n"));
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"3111"_s), 1);
    // Invited: bgdial answers a Job-UUID at once; the called party joins.
    const QByteArray job = m_sw->api(u"conference 3111 bgdial user/1000"_s);
    QVERIFY2(job.startsWith("+OK Job-UUID: "), job.constData());
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"3111"_s), 2);
}

void TestSimConference::aLockedConferenceLetsTheInvitedInAndSendsCallersAway()
{
    // Issue #19: an invite into a locked conference said +OK and nobody came; callers routed to
    // it while it was locked stayed up for minutes. conference_function keeps only inbound
    // callers out (enforce_security); they hear the locked sound, the application ends, and
    // the channel hangs up at the end of its dialplan.
    QList<Esl::Event> channelEvents;
    connect(m_sw.get(), &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) {
        if (e->event().eventName().startsWith("CHANNEL_") || e->event().eventName().startsWith("PLAYBACK"))
            channelEvents.append(e->event());
    });
    join(u"Alice"_s, u"3120@default"_s);
    QCOMPARE(m_sw->api(u"conference 3120 lock"_s), QByteArray("+OK 3120 locked\n"));
    // Invited: an outbound leg, whose callee is whom it dialled.
    const QByteArray job = m_sw->api(u"conference 3120 bgdial user/1005"_s);
    QVERIFY2(job.startsWith("+OK Job-UUID: "), job.constData());
    QTRY_COMPARE(m_sw->conferences()->memberCount(u"3120"_s), 2);
    const Esl::Event added = fired("add-member").last();
    QCOMPARE(added.header("Call-Direction"), QByteArrayView("outbound"));
    QCOMPARE(added.header("Caller-Callee-ID-Number"), QByteArrayView("1005"));
    QCOMPARE(added.header("Caller-Caller-ID-Number"), QByteArrayView("0000000000"));

    // A caller dialling in while it is locked: refused, and gone soon after.
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Bob"_s;
    spec.destination = u"3120"_s;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = u"3120@default"_s;
    const QString bob = m_sw->placeCall(spec);
    QTRY_VERIFY(m_sw->api(u"uuid_exists "_s + bob).startsWith("true"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_sw->api(u"uuid_exists "_s + bob).startsWith("true"), 5000);
    QCOMPARE(m_sw->conferences()->memberId(bob), 0);
    QCOMPARE(m_sw->conferences()->memberCount(u"3120"_s), 2);
    QByteArrayList seen;
    for (const Esl::Event &e : channelEvents) {
        if (e.header("Unique-ID") == bob.toUtf8())
            seen.append(e.eventName().toByteArray());
    }
    // The sound, the application's end, then the hangup: nothing left to run.
    const auto at = [&](QByteArrayView name) { return seen.indexOf(name.toByteArray()); };
    QVERIFY2(at("PLAYBACK_STOP") > at("PLAYBACK_START") && at("PLAYBACK_START") >= 0,
             seen.join(' ').constData());
    QVERIFY2(at("CHANNEL_EXECUTE_COMPLETE") > at("PLAYBACK_STOP"), seen.join(' ').constData());
    QVERIFY2(at("CHANNEL_HANGUP") > at("CHANNEL_EXECUTE_COMPLETE"), seen.join(' ').constData());
    // No conference event for it: the locked sound is the caller's alone.
    for (const Esl::Event &e : m_events)
        QVERIFY(e.header("Unique-ID") != bob.toUtf8());
}

void TestSimConference::eventSocketSubscribersGetTheEvents()
{
    Sim::EventSocketServer server(m_sw.get());
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SimTest::RawClient client;
    QVERIFY(client.connectTo(server.serverPort()));
    QVERIFY(client.next()); // auth/request
    client.send("auth ClueCon\n\n");
    QVERIFY(client.nextReply());
    client.send("event plain CUSTOM conference::maintenance\n\n");
    const auto subscribed = client.nextReply();
    QVERIFY(subscribed);
    QCOMPARE(subscribed->header("Reply-Text"), QByteArrayView("+OK event listener enabled plain"));
    join(u"Ctl1"_s);
    bool seen = false;
    for (int i = 0; i < 10 && !seen; ++i) {
        const auto m = client.next(3000);
        QVERIFY(m);
        const auto e = Esl::Event::fromMessage(*m);
        QVERIFY(e);
        // Plain events URL-encode the subclass (conference%3A%3Amaintenance) on the wire.
        seen = e->header("Action") == "add-member";
    }
    QVERIFY(seen);
    QVERIFY(client.received().contains("Event-Subclass: conference%3A%3Amaintenance"));
}

QTEST_GUILESS_MAIN(TestSimConference)
#include "tst_simconference.moc"
