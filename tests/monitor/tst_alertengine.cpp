// The alert engine's bookkeeping, standalone (an EventStore, records handed to processRecord,
// tick() with a test clock): one alert per rule+server+subject with a count, reopening within
// a minute, the notice rate limit (a storm is K notices and one summary), acknowledge, silence
// for a period, the bound on kept alerts, the journal (write, rotate, read back) and the exports.
// The rules file's round trip and every validation error are in tst_alertrulesfile.

#include "monitor/alertengine.h"
#include "monitor/alertexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Monitor;


namespace {

constexpr qint64 kT0 = 1'800'000'000'000;

Esl::Event hangup(const char *cause)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_HANGUP");
    h.append("Unique-ID", "6b1a1c3e-0000-4000-8000-000000000001");
    h.append("Hangup-Cause", cause);
    return Esl::Event(std::move(h), {}, false);
}

// An engine with only the custom rule "more than `count` NO_ROUTE_DESTINATION records in 60 s".
struct Bench
{
    EventStore store;
    AlertEngine engine{&store};
    qint64 clock = kT0;

    explicit Bench(int count = 2, bool perServer = true)
    {
        engine.setClock([this] { return clock; });
        AlertRule rule = AlertRules::custom(1, u"Hangup-Cause == NO_ROUTE_DESTINATION"_s,
                                            u"No route"_s);
        rule.params[u"count"_s] = count;
        rule.params[u"perServer"_s] = perServer ? 1 : 0;
        // Every hangup here is the same channel's: these tests count records.
        rule.count = AlertCounting::Records;
        engine.setRules({rule});
    }
    void feed(ServerId server, const char *cause = "NO_ROUTE_DESTINATION", int times = 1)
    {
        for (int i = 0; i < times; ++i) {
            const Sequence seq = store.append(server, hangup(cause), clock);
            engine.processRecord(*store.record(seq));
        }
    }
    void advance(qint64 ms)
    {
        clock += ms;
        engine.tick(clock);
    }
};

} // namespace

class TestAlertEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Monitor::Alert>(); }
    void repeatsOfAnActiveAlertRaiseItsCountNotANewAlert();
    void aClearedAlertFiringAgainWithinAMinuteReopens();
    void aStormOfAHundredAlertsIsFiveNoticesAndOneSummary();
    void aCountGoingUpNeverNotifiesAgain();
    void acknowledgedStaysUntilClearedAndThroughAFlap();
    void silencingMarksTheAlertsAlreadyUpAndLiftingUnmarksThem();
    void aSilencedRuleRecordsButNeverNotifiesUntilItsTimeIsUp();
    void aSilencedServerNeverNotifies();
    void onlyCountMessageStateSilenceOrSeverityAreNews();
    void keepsAtMostMaxAlertsDroppingTheOldestClearedNeverAnActiveOne();
    void theJournalIsWrittenRotatedAndReadBack();
    void exportsCsvAndJsonWithUtcTimes();
    void aRuleSwitchedOffClearsItsAlerts();
};

void TestAlertEngine::repeatsOfAnActiveAlertRaiseItsCountNotANewAlert()
{
    Bench b;
    QSignalSpy raised(&b.engine, &AlertEngine::alertRaised);
    b.feed(1, "NORMAL_CLEARING", 5);
    b.feed(1, "NO_ROUTE_DESTINATION", 2);
    QCOMPARE(b.engine.size(), 0); // two is not more than two
    b.feed(1);
    QCOMPARE(raised.size(), 1);
    const Alert first = b.engine.alerts().first();
    QCOMPARE(first.ruleId, u"custom-1"_s);
    QCOMPARE(first.count, 1);
    QCOMPARE(first.records.size(), 3); // the three matching records, not the others
    QVERIFY(first.message.contains(u"No route"_s));
    b.feed(1, "NO_ROUTE_DESTINATION", 4);
    QCOMPARE(b.engine.size(), 1);
    QCOMPARE(raised.size(), 1);
    QCOMPARE(b.engine.alerts().first().count, 5);
    QCOMPARE(b.engine.alerts().first().records.size(), 7);
    // Another server is another alert.
    b.feed(2, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 2);
    QCOMPARE(b.engine.activeCount(1), 1);
    QCOMPARE(b.engine.activeCount(2), 1);
    // Bounded records: the newest twenty.
    b.feed(1, "NO_ROUTE_DESTINATION", 40);
    QCOMPARE(b.engine.alert(first.id)->records.size(), Alert::kMaxRecords);
}

void TestAlertEngine::aClearedAlertFiringAgainWithinAMinuteReopens()
{
    Bench b;
    QSignalSpy cleared(&b.engine, &AlertEngine::alertCleared);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    const quint64 id = b.engine.alerts().first().id;
    b.advance(30'000);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Active); // still three within 60 s
    b.advance(31'000);
    QCOMPARE(cleared.size(), 1);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Cleared);
    QCOMPARE(b.engine.alert(id)->clearedMs, b.clock);
    QCOMPARE(b.engine.activeCount(), 0);
    // Flapping: again 20 s later is the same alert, reopened.
    b.advance(20'000);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 1);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Active);
    QCOMPARE(b.engine.alert(id)->count, 2);
    QCOMPARE(b.engine.alert(id)->clearedMs, 0);
    // Cleared for longer than a minute: a new alert.
    b.advance(61'000);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Cleared);
    b.advance(61'000);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 2);
    QVERIFY(b.engine.alerts().last().id > id);
}

void TestAlertEngine::aStormOfAHundredAlertsIsFiveNoticesAndOneSummary()
{
    Bench b(1);
    QSignalSpy notices(&b.engine, &AlertEngine::notify);
    for (ServerId server = 1; server <= 100; ++server)
        b.feed(server, "NO_ROUTE_DESTINATION", 2);
    QCOMPARE(b.engine.activeCount(), 100);
    QCOMPARE(notices.size(), b.engine.noticeLimit());
    QCOMPARE(b.engine.noticeLimit(), 5);
    for (const QList<QVariant> &n : notices)
        QVERIFY(!n.at(1).value<AlertNotice>().summary);
    b.advance(30'000);
    QCOMPARE(notices.size(), 5); // the minute is not over
    b.advance(30'000);
    QCOMPARE(notices.size(), 6);
    const AlertNotice summary = notices.last().at(1).value<AlertNotice>();
    QVERIFY(summary.summary);
    QCOMPARE(summary.count, 95);
    QCOMPARE(summary.title, u"95 more alerts"_s);
    // A quiet minute emits nothing more; the next alert notifies at once.
    b.advance(60'000);
    QCOMPARE(notices.size(), 6);
    b.feed(101, "NO_ROUTE_DESTINATION", 2);
    QCOMPARE(notices.size(), 7);
    QVERIFY(!notices.last().at(1).value<AlertNotice>().summary);
}

void TestAlertEngine::aCountGoingUpNeverNotifiesAgain()
{
    Bench b;
    QSignalSpy notices(&b.engine, &AlertEngine::notify);
    QSignalSpy changed(&b.engine, &AlertEngine::alertChanged);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(notices.size(), 1);
    const AlertNotice n = notices.first().at(1).value<AlertNotice>();
    QCOMPARE(n.title, u"No route (warning)"_s);
    QVERIFY(n.text.contains(u"more than 2 in 60 s"_s));
    QVERIFY(!n.sound);
    b.feed(1, "NO_ROUTE_DESTINATION", 10);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(changed.size(), 10);
}

void TestAlertEngine::acknowledgedStaysUntilClearedAndThroughAFlap()
{
    Bench b;
    QSignalSpy notices(&b.engine, &AlertEngine::notify);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    const quint64 id = b.engine.alerts().first().id;
    b.clock += 5000;
    QVERIFY(b.engine.acknowledge(id));
    QVERIFY(!b.engine.acknowledge(id)); // once
    QVERIFY(!b.engine.acknowledge(id + 100));
    QCOMPARE(b.engine.alert(id)->state, AlertState::Acknowledged);
    QCOMPARE(b.engine.alert(id)->acknowledgedMs, b.clock);
    QCOMPARE(b.engine.activeCount(), 1); // acknowledged is still active
    b.feed(1, "NO_ROUTE_DESTINATION", 5);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Acknowledged);
    QCOMPARE(notices.size(), 1);
    b.advance(61'000);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Cleared);
    // Reopened within a minute (a flap): still acknowledged, its count up, no new notice.
    const int count = b.engine.alert(id)->count;
    const qint64 acknowledgedMs = b.engine.alert(id)->acknowledgedMs;
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Acknowledged);
    QCOMPARE(b.engine.alert(id)->acknowledgedMs, acknowledgedMs);
    QCOMPARE(b.engine.alert(id)->count, count + 1);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(b.engine.removeCleared(), 0);
    b.advance(61'000);
    QCOMPARE(b.engine.alert(id)->state, AlertState::Cleared);
    // Cleared for longer than a minute: a new alert, Active, notified.
    b.advance(61'000);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 2);
    const Alert fresh = b.engine.alerts().last();
    QVERIFY(fresh.id > id);
    QCOMPARE(fresh.state, AlertState::Active);
    QCOMPARE(fresh.acknowledgedMs, 0);
    QCOMPARE(notices.size(), 2);
    QCOMPARE(b.engine.removeCleared(), 1);
    b.advance(61'000);
    QCOMPARE(b.engine.removeCleared(), 1);
    QCOMPARE(b.engine.size(), 0);
}

void TestAlertEngine::aSilencedRuleRecordsButNeverNotifiesUntilItsTimeIsUp()
{
    Bench b;
    QSignalSpy notices(&b.engine, &AlertEngine::notify);
    b.engine.silence(u"custom-1"_s, kT0 + 10 * 60'000);
    QVERIFY(b.engine.isSilenced(u"custom-1"_s, 1, b.clock));
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 1);
    QVERIFY(b.engine.alerts().first().silenced);
    QCOMPARE(notices.size(), 0);
    // Ten minutes later the silence is over: the next alert notifies.
    b.advance(10 * 60'000);
    QVERIFY(!b.engine.isSilenced(u"custom-1"_s, 1, b.clock));
    b.feed(2, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(notices.size(), 1);
    QVERIFY(!b.engine.alerts().last().silenced);
    // Unsilence lifts it early.
    b.engine.silence(u"custom-1"_s, b.clock + 60'000);
    b.feed(3, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(notices.size(), 1);
    b.engine.unsilence(u"custom-1"_s);
    b.feed(4, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(notices.size(), 2);
}

void TestAlertEngine::silencingMarksTheAlertsAlreadyUpAndLiftingUnmarksThem()
{
    Bench b;
    QSignalSpy changed(&b.engine, &AlertEngine::alertChanged);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    b.feed(2, "NO_ROUTE_DESTINATION", 3);
    const quint64 one = b.engine.alerts().first().id;
    const quint64 two = b.engine.alerts().last().id;
    changed.clear();
    // The rule: both alerts silenced at once.
    b.engine.silence(u"custom-1"_s, b.clock + 30'000);
    QVERIFY(b.engine.alert(one)->silenced);
    QVERIFY(b.engine.alert(two)->silenced);
    QCOMPARE(changed.size(), 2);
    QVERIFY(changed.last().at(0).value<Alert>().silenced);
    QVERIFY(alertToJson(*b.engine.alert(one)).value(u"silenced"_s).toBool());
    b.engine.silence(u"custom-1"_s, b.clock + 40'000); // no flip: nothing emitted
    QCOMPARE(changed.size(), 2);
    // Lifted: unmarked.
    b.engine.unsilence(u"custom-1"_s);
    QVERIFY(!b.engine.alert(one)->silenced);
    QVERIFY(!b.engine.alert(two)->silenced);
    QCOMPARE(changed.size(), 4);
    // A server: only its alerts; expiry is noticed on the tick.
    b.engine.silenceServer(2, b.clock + 20'000);
    QVERIFY(!b.engine.alert(one)->silenced);
    QVERIFY(b.engine.alert(two)->silenced);
    QVERIFY(alertsToCsv({*b.engine.alert(two)}).contains(",yes,"));
    b.feed(2, "NO_ROUTE_DESTINATION", 1); // keeps it up
    b.advance(10'000);
    QVERIFY(b.engine.alert(two)->silenced);
    b.feed(2, "NO_ROUTE_DESTINATION", 3);
    b.advance(11'000);
    QVERIFY(b.engine.alert(two)->isActive());
    QVERIFY(!b.engine.alert(two)->silenced);
    QVERIFY(!b.engine.isSilenced(u"custom-1"_s, 2, b.clock));
    // A cleared alert is left as it was.
    b.advance(61'000);
    QCOMPARE(b.engine.activeCount(), 0);
    changed.clear();
    b.engine.silence(u"custom-1"_s, b.clock + 60'000);
    QCOMPARE(changed.size(), 0);
    QVERIFY(!b.engine.alert(one)->silenced);
}

void TestAlertEngine::onlyCountMessageStateSilenceOrSeverityAreNews()
{
    // What `eslcat alerts --watch` prints a "changed" line for.
    Bench b(2);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    const Alert before = b.engine.alerts().first();
    Alert after = before;
    after.records.append(99);
    after.figures.insert(u"x"_s, 1);
    after.lastMs += 1000;
    QVERIFY(!alertIsNews(before, after)); // the records alone: the storm of identical lines
    for (int field = 0; field < 5; ++field) {
        Alert moved = after;
        switch (field) {
        case 0: ++moved.count; break;
        case 1: moved.message += u'!'; break;
        case 2: moved.state = AlertState::Acknowledged; break;
        case 3: moved.silenced = true; break;
        default: moved.severity = AlertSeverity::Critical; break;
        }
        QVERIFY2(alertIsNews(before, moved), qPrintable(QString::number(field)));
    }
}

void TestAlertEngine::aSilencedServerNeverNotifies()
{
    Bench b;
    QSignalSpy notices(&b.engine, &AlertEngine::notify);
    b.engine.silenceServer(1, b.clock + 60'000);
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    b.feed(2, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 2);
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.first().at(0).value<Alert>().server, ServerId(2));
}

void TestAlertEngine::keepsAtMostMaxAlertsDroppingTheOldestClearedNeverAnActiveOne()
{
    Bench b;
    b.engine.setMaxAlerts(10);
    QSignalSpy removed(&b.engine, &AlertEngine::alertsRemoved);
    for (ServerId server = 1; server <= 12; ++server)
        b.feed(server, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 10);
    QCOMPARE(b.engine.activeCount(), 10);
    QCOMPARE(b.engine.droppedCount(), 2);
    QCOMPARE(removed.size(), 0);
    // All clear; new ones push the oldest cleared out.
    b.advance(61'000);
    b.advance(61'000);
    QCOMPARE(b.engine.activeCount(), 0);
    const quint64 oldest = b.engine.alerts().first().id;
    b.feed(20, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.size(), 10);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(0).value<QList<quint64>>(), QList<quint64>{oldest});
    QVERIFY(!b.engine.alert(oldest));
    QCOMPARE(b.engine.droppedCount(), 2);
}

void TestAlertEngine::theJournalIsWrittenRotatedAndReadBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"journal/alerts.jsonl"_s);
    quint64 lastId = 0;
    {
        Bench b;
        QVERIFY(b.engine.setJournal(path, 8192));
        b.feed(1, "NO_ROUTE_DESTINATION", 3);
        const quint64 id = b.engine.alerts().first().id;
        QVERIFY(b.engine.acknowledge(id));
        b.advance(61'000);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QStringList events;
        for (const QByteArray &line : lines) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            events.append(o.value(u"event").toString());
            QVERIFY(o.value(u"at").toString().endsWith(u'Z'));
            QCOMPARE(o.value(u"alert").toObject().value(u"id").toInteger(), qint64(id));
        }
        QCOMPARE(events, (QStringList{u"fired"_s, u"acknowledged"_s, u"cleared"_s}));
        // Alerts until the file (8 KiB) rotates.
        for (ServerId server = 2; server <= 100 && !QFile::exists(path + u".1"_s); ++server)
            b.feed(server, "NO_ROUTE_DESTINATION", 3);
        QVERIFY(QFile::exists(path + u".1"_s));
        QVERIFY(QFileInfo(path).size() <= 8192);
        QVERIFY(b.engine.alerts().last().isActive()); // read back as cleared
        lastId = b.engine.alerts().last().id;
    }
    // Every alert either file mentions comes back, with its last word.
    QSet<qint64> ids;
    for (const QString &name : {path + u".1"_s, path}) {
        QFile file(name);
        QVERIFY(file.open(QIODevice::ReadOnly));
        for (const QByteArray &line : file.readAll().trimmed().split('\n'))
            ids.insert(QJsonDocument::fromJson(line)[u"alert"][u"id"].toInteger());
    }
    EventStore store;
    AlertEngine later(&store);
    QCOMPARE(later.loadJournal(path), int(ids.size()));
    const QList<Alert> past = later.alerts();
    QCOMPARE(past.first().id, 1u);
    QCOMPARE(past.first().state, AlertState::Cleared);
    QVERIFY(past.first().acknowledgedMs > 0);
    QCOMPARE(past.last().id, lastId);
    QCOMPARE(past.last().state, AlertState::Cleared);
    QCOMPARE(past.last().clearedMs, past.last().lastMs);
    QCOMPARE(later.activeCount(), 0);
    // Ids are never reused after a restart.
    later.setRules({AlertRules::custom(1, u"Hangup-Cause == X"_s)});
    AlertRule rule = later.rules().first();
    rule.params[u"count"_s] = 1;
    rule.count = AlertCounting::Records; // the same channel's hangup twice
    later.setRules({rule});
    for (int i = 0; i < 2; ++i) {
        Esl::Event e = hangup("X");
        later.processRecord(*store.record(store.append(1, e, kT0)));
    }
    QCOMPARE(later.alerts().last().id, lastId + 1);
}

void TestAlertEngine::exportsCsvAndJsonWithUtcTimes()
{
    Alert a;
    a.id = 7;
    a.ruleId = u"gateway-down"_s;
    a.kind = AlertKind::GatewayDown;
    a.severity = AlertSeverity::Critical;
    a.server = 2;
    a.serverName = u"fs2"_s;
    a.subject = u"carrier1"_s;
    a.message = u"Gateway carrier1 on fs2 is FAILED (503 Service Unavailable), ping DOWN"_s;
    a.state = AlertState::Cleared;
    a.firedMs = 1'796'578'711'593;
    a.lastMs = a.firedMs;
    a.clearedMs = a.firedMs + 61'000;
    a.count = 3;
    a.records = {41, 42};
    a.target.server = 2;
    a.target.gateway = u"carrier1"_s;
    Alert formula = a;
    formula.id = 8;
    formula.subject = u"=HYPERLINK(\"x\")"_s;

    const QByteArray csv = alertsToCsv({a, formula});
    const QList<QByteArray> rows = csv.split('\n');
    QVERIFY(rows[0].startsWith("id,rule,kind,severity,state,server,subject,message,count,fired"));
    QCOMPARE(rows[1].trimmed(),
             QByteArray("7,gateway-down,gateway-down,critical,cleared,fs2,carrier1,"
                        "\"Gateway carrier1 on fs2 is FAILED (503 Service Unavailable), ping "
                        "DOWN\",3,2026-12-06T17:38:31.593Z,2026-12-06T17:38:31.593Z,"
                        "2026-12-06T17:39:32.593Z,,no,41 42"));
    QVERIFY(rows[2].contains(",\"'=HYPERLINK(\"\"x\"\")\","));

    const QJsonObject json = QJsonDocument::fromJson(alertsToJson({a})).object();
    const QJsonObject o = json.value(u"alerts").toArray().first().toObject();
    QCOMPARE(o.value(u"fired").toString(), u"2026-12-06T17:38:31.593Z"_s);
    QCOMPARE(o.value(u"cleared").toString(), u"2026-12-06T17:39:32.593Z"_s);
    QCOMPARE(o.value(u"target").toObject().value(u"gateway").toString(), u"carrier1"_s);
    Alert back;
    QVERIFY(alertFromJson(o, &back));
    QCOMPARE(back, a);
    QVERIFY(!alertFromJson(QJsonObject{{u"id"_s, 1}}, &back));
}

void TestAlertEngine::aRuleSwitchedOffClearsItsAlerts()
{
    Bench b;
    b.feed(1, "NO_ROUTE_DESTINATION", 3);
    QCOMPARE(b.engine.activeCount(), 1);
    AlertRule off = b.engine.rules().first();
    off.enabled = false;
    b.engine.setRules({off});
    QCOMPARE(b.engine.activeCount(), 0);
    b.feed(1, "NO_ROUTE_DESTINATION", 10);
    QCOMPARE(b.engine.size(), 1);
}

QTEST_GUILESS_MAIN(TestAlertEngine)
#include "tst_alertengine.moc"
