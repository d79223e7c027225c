// What the simulated switch does because the real one does it, though a tidier switch would not
// (issue 15): calls already up when a console connects, hold that loopback never confirms, the
// switch's application list and recordings directory.

#include "esl/wire/event.h"
#include "sim/simswitch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

QJsonArray rows(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object().value(u"rows"_s).toArray();
}

Sim::SwitchConfig quickConfig(int initialCalls = 0)
{
    Sim::SwitchConfig config;
    config.initialCalls = initialCalls;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 30;
    config.answerDelayMs = 10;
    return config;
}

} // namespace

class TestSimRealism : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsWithCallsUpThatOnlyASyncFinds();
    void initialCallsAreBridgedHeldAndParkedAndCreatedInThePast();
    void initialCallsCanBeHungUpLikeAnyOther();
    void aSwitchAskedForNoInitialCallsIsEmpty();
    void unholdOfALoopbackLegFailsWithTheSwitchsWarning();
    void holdOfASipLegIsConfirmedAndCanBeTakenOff();
    void showApplicationListsTheSwitchsApplicationsLikeShowApi();
    void everyListedApplicationRunsAndOthersAreInvalid();
    void recordingsDirIsTheSwitchsDefault();
};

void TestSimRealism::startsWithCallsUpThatOnlyASyncFinds()
{
    Sim::SwitchConfig config;
    config.heartbeatIntervalMs = 0;
    QCOMPARE(config.initialCalls, 4); // the default: a console must sync
    Sim::Switch sw(config);
    QStringList fired;
    connect(&sw, &Sim::Switch::eventFired, this,
            [&](const Sim::FiredEventPtr &e) { fired.append(e->event().name()); });
    // Three bridged calls (two legs each) and a parked one.
    QCOMPARE(sw.channelCount(), 7);
    const QJsonArray channels = rows(sw.api(u"show channels as json"_s));
    QCOMPARE(channels.size(), 7);
    QCOMPARE(rows(sw.api(u"show calls as json"_s)).size(), 4);
    for (const QJsonValue &row : channels) {
        const QString uuid = row[u"uuid"_s].toString();
        QCOMPARE(sw.api(u"uuid_exists "_s + uuid), "true");
        QVERIFY(sw.api(u"uuid_dump "_s + uuid).contains("\nUnique-ID: "_ba + uuid.toUtf8() + '\n'));
    }
    QTest::qWait(50);
    // Their past is never told: no CHANNEL_CREATE, ANSWER or BRIDGE for them, ever.
    for (const QString &name : std::as_const(fired))
        QVERIFY2(!name.startsWith(u"CHANNEL_"_s), qPrintable(name));
}

void TestSimRealism::initialCallsAreBridgedHeldAndParkedAndCreatedInThePast()
{
    Sim::Switch sw(quickConfig(4));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    int held = 0;
    int parked = 0;
    QSet<qint64> ages;
    for (const QJsonValue &row : rows(sw.api(u"show channels as json"_s))) {
        const qint64 created = row[u"created_epoch"_s].toString().toLongLong();
        // Tens of seconds to a few minutes old.
        QVERIFY2(now - created >= 20 && now - created <= 300, qPrintable(QString::number(now - created)));
        ages.insert(now - created);
        held += row[u"callstate"_s].toString() == u"HELD";
        parked += row[u"state"_s].toString() == u"CS_PARK";
    }
    QVERIFY(ages.size() >= 4);
    QCOMPARE(held, 1);
    QCOMPARE(parked, 1);
    int bridged = 0;
    for (const QJsonValue &row : rows(sw.api(u"show calls as json"_s))) {
        if (row[u"b_uuid"_s].toString().isEmpty())
            continue;
        ++bridged;
        const QString a = row[u"uuid"_s].toString();
        const QString b = row[u"b_uuid"_s].toString();
        QCOMPARE(sw.api(u"uuid_getvar "_s + a + u" bridge_uuid"_s), b.toUtf8());
        // uuid_dump has what the listings lack: the answer time, in the past.
        const QJsonObject dump =
            QJsonDocument::fromJson(sw.api(u"uuid_dump "_s + a + u" json"_s)).object();
        const qint64 answered = dump[u"Caller-Channel-Answered-Time"_s].toString().toLongLong();
        const qint64 created = dump[u"Caller-Channel-Created-Time"_s].toString().toLongLong();
        QVERIFY(created > 0 && answered > created && answered < now * 1000000 - 10000000);
        QCOMPARE(dump[u"Other-Leg-Unique-ID"_s].toString(), b);
        QCOMPARE(dump[u"Answer-State"_s].toString(), u"answered"_s);
    }
    QCOMPARE(bridged, 3);
    // The switch has been up longer than its calls.
    QVERIFY(sw.uptimeMs() > 300000);
}

void TestSimRealism::initialCallsCanBeHungUpLikeAnyOther()
{
    Sim::Switch sw(quickConfig(4));
    QList<QString> hangups;
    connect(&sw, &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) {
        if (e->event().name() == u"CHANNEL_HANGUP")
            hangups.append(e->event().uniqueId());
    });
    const QJsonObject call = rows(sw.api(u"show calls as json"_s)).first().toObject();
    QCOMPARE(sw.api(u"uuid_kill "_s + call[u"uuid"_s].toString()), "+OK\n");
    QCOMPARE(hangups, (QList<QString>{call[u"uuid"_s].toString(), call[u"b_uuid"_s].toString()}));
    QVERIFY(QTest::qWaitFor([&] { return sw.channelCount() == 5; }, 2000));
}

void TestSimRealism::aSwitchAskedForNoInitialCallsIsEmpty()
{
    Sim::Switch sw(quickConfig(0));
    QCOMPARE(sw.channelCount(), 0);
    QCOMPARE(sw.api(u"show channels as json"_s), "{\"row_count\": 0}\n");
    QVERIFY(sw.uptimeMs() < 60000);
}

void TestSimRealism::unholdOfALoopbackLegFailsWithTheSwitchsWarning()
{
    Sim::Switch sw(quickConfig());
    QList<Sim::LogEntry> logs;
    QStringList events;
    // The warnings and errors; every call also logs its NOTICE, INFO and DEBUG lines.
    connect(&sw, &Sim::Switch::logged, this, [&](const Sim::LogEntry &l) {
        if (l.level <= 4)
            logs.append(l);
    });
    const QByteArray reply = sw.api(u"originate loopback/9196/default &park()"_s);
    QVERIFY(reply.startsWith("+OK "));
    const QString a = QString::fromUtf8(reply.mid(4).trimmed());
    QVERIFY(QTest::qWaitFor([&] { return sw.api(u"uuid_getvar "_s + a + u" current_application"_s) == "park"; }, 2000));
    connect(&sw, &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) {
        if (e->event().uniqueId() == a)
            events.append(e->event().name());
    });
    // Hold is accepted and announced, but nothing marks the loopback leg held...
    QCOMPARE(sw.api(u"uuid_hold "_s + a), "+OK Success\n");
    QCOMPARE(events, QStringList{u"CHANNEL_HOLD"_s});
    QVERIFY(sw.api(u"uuid_dump "_s + a).contains("\nChannel-Call-State: ACTIVE\n"));
    // ...so taking it off fails, with the reason only in the channel's log (switch_ivr.c).
    QCOMPARE(sw.api(u"uuid_hold off "_s + a), "-ERR Operation failed\n");
    QCOMPARE(logs.size(), 1);
    QCOMPARE(logs[0].text, "Call is not on hold. No need to unhold.\n");
    QCOMPARE(logs[0].uuid, a);
    QCOMPARE(logs[0].level, 4);
    QCOMPARE(logs[0].file, u"switch_ivr.c"_s);
    QCOMPARE(logs[0].function, u"switch_ivr_unhold"_s);
    QCOMPARE(logs[0].line, 1616);
    QCOMPARE(events, QStringList{u"CHANNEL_HOLD"_s}); // no CHANNEL_UNHOLD, ever
    // Holding again is accepted again (the call state still says ACTIVE); toggle holds too.
    QCOMPARE(sw.api(u"uuid_hold "_s + a), "+OK Success\n");
    QCOMPARE(sw.api(u"uuid_hold toggle "_s + a), "+OK Success\n");
    QCOMPARE(events.count(u"CHANNEL_HOLD"_s), 3);
}

void TestSimRealism::holdOfASipLegIsConfirmedAndCanBeTakenOff()
{
    Sim::Switch sw(quickConfig());
    QList<Sim::LogEntry> logs;
    // The warnings and errors; every call also logs its NOTICE, INFO and DEBUG lines.
    connect(&sw, &Sim::Switch::logged, this, [&](const Sim::LogEntry &l) {
        if (l.level <= 4)
            logs.append(l);
    });
    const QString a = sw.placeCall({});
    QVERIFY(QTest::qWaitFor([&] { return !sw.api(u"uuid_getvar "_s + a + u" bridge_uuid"_s).startsWith("_undef_"); }, 2000));
    QCOMPARE(sw.api(u"uuid_hold "_s + a), "+OK Success\n");
    QVERIFY(sw.api(u"uuid_dump "_s + a).contains("\nChannel-Call-State: HELD\n"));
    QCOMPARE(sw.api(u"uuid_hold "_s + a), "-ERR Operation failed\n");
    QCOMPARE(logs.size(), 1);
    QCOMPARE(logs[0].text, "Call is already on hold. No need to hold again.\n");
    QCOMPARE(logs[0].line, 1538);
    QCOMPARE(sw.api(u"uuid_hold off "_s + a), "+OK Success\n");
    QVERIFY(sw.api(u"uuid_dump "_s + a).contains("\nChannel-Call-State: ACTIVE\n"));
}

void TestSimRealism::showApplicationListsTheSwitchsApplicationsLikeShowApi()
{
    Sim::Switch sw(quickConfig());
    const QByteArray body = sw.api(u"show application as json"_s);
    const QJsonArray apps = rows(body);
    QCOMPARE(QJsonDocument::fromJson(body).object()[u"row_count"_s].toInt(), apps.size());
    QVERIFY(apps.size() > 150);
    QStringList names;
    for (const QJsonValue &row : apps) {
        const QJsonObject o = row.toObject();
        QCOMPARE(o.keys(), (QStringList{u"description"_s, u"ikey"_s, u"name"_s, u"syntax"_s}));
        QVERIFY(!o[u"description"_s].toString().isEmpty());
        names.append(o[u"name"_s].toString());
    }
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(names, sorted);
    for (const char *name : {"answer", "att_xfer", "bridge", "eavesdrop", "park", "playback",
                             "record_session", "sleep", "three_way", "transfer", "conference",
                             "voicemail", "socket", "valet_park"})
        QVERIFY2(names.contains(QLatin1StringView(name)), name);
    // The same columns in the same order as show api; one row by name.
    QVERIFY(body.startsWith("{\"row_count\":"));
    QVERIFY(body.contains("{\"name\":\"playback\",\"description\":\"Playback File\",\"syntax\":"
                          "\"<path>\",\"ikey\":\"mod_dptools\"}"));
    QCOMPARE(rows(sw.api(u"show application playback as json"_s)).size(), 1);
    QCOMPARE(sw.api(u"show application no_such_app as json"_s), "{\"row_count\": 0}\n");
}

void TestSimRealism::everyListedApplicationRunsAndOthersAreInvalid()
{
    Sim::Switch sw(quickConfig());
    QList<Sim::LogEntry> logs;
    QStringList completed;
    // The warnings and errors; every call also logs its NOTICE, INFO and DEBUG lines.
    connect(&sw, &Sim::Switch::logged, this, [&](const Sim::LogEntry &l) {
        if (l.level <= 4)
            logs.append(l);
    });
    connect(&sw, &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) {
        if (e->event().name() == u"CHANNEL_EXECUTE_COMPLETE")
            completed.append(e->event().applicationUuid());
    });
    const QString a = sw.placeCall({});
    QVERIFY(sw.execute(a, u"gentones"_s, u"%(500,0,800)"_s, u"app-1"_s, 1, false));
    QVERIFY(QTest::qWaitFor([&] { return completed.contains(u"app-1"_s); }, 5000));
    QVERIFY(sw.execute(a, u"playbacksleep"_s, {}, u"app-2"_s, 1, false));
    QVERIFY(QTest::qWaitFor([&] { return !logs.isEmpty(); }, 2000));
    QCOMPARE(logs.first().text, "Invalid Application playbacksleep\n");
}

void TestSimRealism::recordingsDirIsTheSwitchsDefault()
{
    Sim::Switch sw(quickConfig());
    QCOMPARE(sw.api(u"global_getvar recordings_dir"_s), "/usr/local/freeswitch/recordings");
    Sim::SwitchConfig packaged = quickConfig();
    packaged.recordingsDir = u"/var/lib/freeswitch/recordings"_s;
    Sim::Switch other(packaged);
    QCOMPARE(other.api(u"global_getvar recordings_dir"_s), "/var/lib/freeswitch/recordings");
}

QTEST_GUILESS_MAIN(TestSimRealism)
#include "tst_simrealism.moc"
