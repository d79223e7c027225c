// Delivering the engine's decisions to notify: a tray message and a sound as the settings say,
// each decision recorded with why not when something was not done (no tray in CI, sounds off, a
// rule without sound, silenced or acknowledged since), a storm as the engine's five notices and
// one summary, the tray's badge following the unacknowledged alerts, and the tray's activation
// asking for the window; without a tray the window is asked to carry the notice. A test tray stands in for QSystemTrayIcon.

#include "ui/alerts/alertdelivery.h"

#include "monitor/alertengine.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Monitor;

namespace {

constexpr qint64 kT0 = 1'800'000'000'000;

struct TestTray : Ui::AlertTray
{
    bool available = true;
    QStringList messages; // "title | text"
    int notCleared = -1;
    int unacknowledged = -1;

    [[nodiscard]] bool isAvailable() const override { return available; }
    void showMessage(const QString &title, const QString &text, bool) override
    {
        messages.append(title + u" | "_s + text);
    }
    void showCounts(int all, int unseen) override
    {
        notCleared = all;
        unacknowledged = unseen;
    }
};

// A hangup of call `n` (custom rules count calls, so each record is a call of its own).
Esl::Event hangup(const char *cause, int n = 1)
{
    static int next = 0;
    n = n > 0 ? n : ++next;
    const QByteArray uuid = "6b1a1c3e-0000-4000-8000-" + QByteArray::number(n).rightJustified(12, '0');
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_HANGUP");
    h.append("Unique-ID", uuid);
    h.append("Hangup-Cause", cause);
    return Esl::Event(std::move(h), {}, false);
}

// An engine with one custom rule ("more than 1 NO_ROUTE_DESTINATION in 60 s", with sound), and
// delivery through a test tray.
struct Desk
{
    EventStore store;
    AlertEngine engine{&store};
    qint64 clock = kT0;
    TestTray *tray = nullptr;
    std::unique_ptr<Ui::AlertDelivery> delivery;
    int beeps = 0;

    explicit Desk(bool sound = true, bool trayAvailable = true)
    {
        engine.setClock([this] { return clock; });
        AlertRule rule = AlertRules::custom(1, u"Hangup-Cause == NO_ROUTE_DESTINATION"_s,
                                            u"No route"_s);
        rule.params[u"count"_s] = 1;
        rule.sound = sound;
        engine.setRules({rule});
        auto t = std::make_unique<TestTray>();
        t->available = trayAvailable;
        tray = t.get();
        delivery = std::make_unique<Ui::AlertDelivery>(&engine, std::move(t));
        delivery->setSoundPlayer([this] { ++beeps; });
    }
    // Two matching records on `server`: one alert fires.
    void fire(ServerId server)
    {
        for (int i = 0; i < 2; ++i) {
            const Sequence seq = store.append(server, hangup("NO_ROUTE_DESTINATION", 0), clock);
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

class TestAlertDelivery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Monitor::Alert>(); }

    void aNoticeIsATrayMessageAndASound()
    {
        Desk d;
        d.fire(1);
        QCOMPARE(d.delivery->deliveries().size(), 1);
        const Ui::AlertDeliveryRecord r = d.delivery->deliveries().first();
        QCOMPARE(r.title, u"No route (warning)"_s);
        QVERIFY(r.tray);
        QVERIFY(r.noTray.isEmpty());
        QVERIFY(r.sound);
        QVERIFY(r.noSound.isEmpty());
        QCOMPARE(d.tray->messages, QStringList{u"No route (warning) | "_s + d.engine.alerts().first().message});
        QCOMPARE(d.beeps, 1);
    }

    void withoutATrayTheDecisionSaysSoAndTheSoundStillPlays()
    {
        Desk d(true, false);
        QSignalSpy window(d.delivery.get(), &Ui::AlertDelivery::windowNotice);
        d.fire(1);
        QCOMPARE(d.delivery->deliveries().size(), 1);
        const Ui::AlertDeliveryRecord r = d.delivery->deliveries().first();
        QVERIFY(!r.tray);
        QCOMPARE(r.noTray, u"no system tray"_s);
        QVERIFY(d.tray->messages.isEmpty());
        QVERIFY(r.sound);
        QCOMPARE(d.beeps, 1);
        // The window carries it instead, with the count already known for its title.
        QVERIFY(r.window);
        QCOMPARE(window.size(), 1);
        QCOMPARE(window.first().at(0).toString(), r.title);
        QCOMPARE(d.delivery->unacknowledged(), 1);
    }

    void soundsOffOrARuleWithoutSoundIsSilentWithTheReason()
    {
        Desk off;
        off.delivery->setSounds(false);
        off.fire(1);
        QCOMPARE(off.delivery->deliveries().first().noSound, u"sounds off"_s);
        QVERIFY(!off.delivery->deliveries().first().sound);
        QVERIFY(off.delivery->deliveries().first().tray);
        QCOMPARE(off.beeps, 0);

        Desk quiet(false);
        quiet.fire(1);
        QCOMPARE(quiet.delivery->deliveries().first().noSound, u"not for this rule"_s);
        QCOMPARE(quiet.beeps, 0);
        QCOMPARE(quiet.tray->messages.size(), 1);
    }

    void aSilencedRuleDeliversNothing()
    {
        Desk d;
        d.engine.silence(u"custom-1"_s, kT0 + 15 * 60'000);
        d.fire(1);
        QCOMPARE(d.engine.activeCount(), 1); // listed, not notified
        QVERIFY(d.delivery->deliveries().isEmpty());
        QVERIFY(d.tray->messages.isEmpty());
        QCOMPARE(d.beeps, 0);
        // Its time is up: the next one is delivered.
        d.advance(16 * 60'000);
        d.fire(2);
        QCOMPARE(d.delivery->deliveries().size(), 1);
        QVERIFY(d.delivery->deliveries().first().tray);
    }

    void aNoticeWhoseAlertWasSilencedOrAcknowledgedSinceDeliversNothing()
    {
        QList<std::pair<Alert, AlertNotice>> held;
        Desk d;
        // Hold the notices back, as a delivery later than the decision would.
        QObject::disconnect(&d.engine, &AlertEngine::notify, d.delivery.get(), nullptr);
        connect(&d.engine, &AlertEngine::notify, this,
                [&held](const Alert &a, const AlertNotice &n) { held.append({a, n}); });
        d.fire(1);
        d.fire(2);
        QCOMPARE(held.size(), 2);
        QVERIFY(d.engine.acknowledge(held[0].first.id));
        d.delivery->deliver(held[0].first, held[0].second);
        d.engine.silence(u"custom-1"_s, AlertEngine::kReopenMs + d.clock);
        d.delivery->deliver(held[1].first, held[1].second);
        QCOMPARE(d.delivery->deliveries().size(), 2);
        QCOMPARE(d.delivery->deliveries()[0].noTray, u"acknowledged"_s);
        QCOMPARE(d.delivery->deliveries()[0].noSound, u"acknowledged"_s);
        QCOMPARE(d.delivery->deliveries()[1].noTray, u"silenced"_s);
        QVERIFY(!d.delivery->deliveries()[1].sound);
        QVERIFY(d.tray->messages.isEmpty());
        QCOMPARE(d.beeps, 0);
    }

    void aStormIsFiveMessagesAndTheEnginesOneSummary()
    {
        Desk d;
        for (ServerId server = 1; server <= 40; ++server)
            d.fire(server);
        QCOMPARE(d.engine.activeCount(), 40);
        QCOMPARE(d.tray->messages.size(), 5);
        QCOMPARE(d.beeps, 5);
        d.advance(60'000);
        QCOMPARE(d.tray->messages.size(), 6);
        QVERIFY(d.tray->messages.last().startsWith(u"35 more alerts | "_s));
        const Ui::AlertDeliveryRecord summary = d.delivery->deliveries().last();
        QVERIFY(summary.summary);
        QCOMPARE(summary.count, 35);
        QVERIFY(summary.sound);
        QCOMPARE(d.beeps, 6);
    }

    void theBadgeCountsTheUnacknowledgedAlerts()
    {
        Desk d;
        QCOMPARE(d.tray->notCleared, 0);
        d.fire(1);
        d.fire(2);
        QTRY_COMPARE(d.tray->notCleared, 2);
        QCOMPARE(d.tray->unacknowledged, 2);
        QVERIFY(d.engine.acknowledge(d.engine.alerts().first().id));
        QTRY_COMPARE(d.tray->unacknowledged, 1);
        QCOMPARE(d.tray->notCleared, 2);
    }

    void activatingTheTrayAsksForTheWindow()
    {
        Desk d;
        QSignalSpy raise(d.delivery.get(), &Ui::AlertDelivery::raiseRequested);
        QVERIFY(d.tray->activated);
        d.tray->activated();
        QCOMPARE(raise.size(), 1);
    }
};

QTEST_MAIN(TestAlertDelivery)
#include "tst_alertdelivery.moc"
