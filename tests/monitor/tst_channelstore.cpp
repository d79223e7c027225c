// The channel table follows the switch: channels appear, change state, pair into calls, end
// with their cause, and a reconcile against `show channels as json` repairs what lost events
// left wrong.

#include "support/fixtures.h"

#include "esl/commands.h"
#include "monitor/channelstore.h"
#include "sim/simswitch.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::ChannelStore;

class TestChannelStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void followsTheRealLoadCaptureToTheEnd();
    void showsABridgedCallAsOneCallWithTwoLegs();
    void followsHoldParkRecordingAndTransfer();
    void keepsAnEndedChannelVisibleWithItsCauseUntilItExpires();
    void learnsAChannelFromAnyEventWhenTheCreateWasMissed();
    void aBridgeOfLegsNeverSeenAddsBothAndSignalsEveryOneTouched();
    void reconcileAddsWhatWasMissedAndMarksZombies();
    void reconcileCorrectsAStaleState();
    void aRestartedSwitchLeavesZombies();

private:
    QList<Monitor::ShowRow> showChannels()
    {
        const auto result = Esl::ShowResult::fromJson(m_switch->api(u"show channels as json"_s));
        return result ? result->rows : QList<Monitor::ShowRow>{};
    }
    QString bridgedCall(const QString &number = u"+4511111111"_s)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = u"Zoë Müller"_s;
        spec.callerNumber = number;
        spec.destination = u"1001"_s;
        const QString a = m_switch->placeCall(spec);
        if (!QTest::qWaitFor(
                [&] {
                    const Monitor::Channel *c = m_store.channel(a);
                    return c && !c->bridgedTo.isEmpty();
                },
                5000))
            return {};
        return a;
    }

    std::unique_ptr<Sim::Switch> m_switch;
    ChannelStore m_store;
    bool m_feeding = true;
    qint64 m_now = 1'000'000;
};

void TestChannelStore::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_store.clear();
    m_feeding = true;
    // As over the wire: serialized, parsed, decoded.
    connect(m_switch.get(), &Sim::Switch::eventFired, this, [this](const Sim::FiredEventPtr &e) {
        if (!m_feeding)
            return;
        const QList<Esl::Message> m = TestSupport::parseAll(e->bytes(Esl::Event::Format::Json));
        if (auto event = Esl::Event::fromMessage(m.first()))
            m_store.apply(*event, m_now);
    });
}

void TestChannelStore::cleanup()
{
    m_switch.reset();
}

void TestChannelStore::followsTheRealLoadCaptureToTheEnd()
{
    ChannelStore store;
    QSet<QString> seen;
    int peak = 0;
    int peakCalls = 0;
    int applied = 0;
    for (const Esl::Message &m :
         TestSupport::parseAll(TestSupport::readFixture(u"load"_s, u".esl"_s))) {
        if (!m.isEvent())
            continue;
        const auto e = Esl::Event::fromMessage(m);
        store.apply(*e, 0);
        if (e->name() == u"CHANNEL_CREATE")
            seen.insert(e->uniqueId());
        peak = std::max(peak, store.liveCount());
        if (++applied % 97 == 0) {
            // The live calls: the distinct call keys of the live channels, counted the slow way.
            QSet<QString> keys;
            for (const Monitor::Channel *c : store.channels()) {
                if (!c->ended && !c->zombie)
                    keys.insert(store.callKeyOf(c->uuid));
            }
            QCOMPARE(store.liveCallCount(), int(keys.size()));
            peakCalls = std::max(peakCalls, int(keys.size()));
        }
    }
    QVERIFY(peakCalls >= 40); // checked while 40 calls and more were up
    // 40 calls of 4 loopback channels each were up at once, and every one ended normally.
    QCOMPARE(peak, 160);
    QCOMPARE(store.liveCount(), 0);
    for (const Monitor::Channel *c : store.channels()) {
        QVERIFY(c->ended);
        QCOMPARE(c->hangupCause, u"NORMAL_CLEARING"_s);
        QCOMPARE(c->displayState(), u"ended"_s);
    }
}

void TestChannelStore::showsABridgedCallAsOneCallWithTwoLegs()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const Monitor::Channel *aLeg = m_store.channel(a);
    const QString b = aLeg->bridgedTo;
    QCOMPARE(m_store.channel(b)->bridgedTo, a);
    QCOMPARE(m_store.callKeyOf(a), a);
    QCOMPARE(m_store.callKeyOf(b), a);
    const QHash<QString, QStringList> calls = m_store.calls();
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.value(a), (QStringList{a, b}));
    QCOMPARE(m_store.liveCallCount(), 1);
    QCOMPARE(aLeg->callerName, u"Zoë Müller"_s);
    QCOMPARE(aLeg->destination, u"1001"_s);
    QCOMPARE(aLeg->displayState(), u"active"_s);
    QCOMPARE(aLeg->application, u"bridge"_s);
    QVERIFY(aLeg->answeredMs > 0);
    QCOMPARE(aLeg->readCodec, u"PCMU"_s);
    QVERIFY(aLeg->headers.contains("Caller-Caller-ID-Name"));
    // The switch agrees: show calls pairs the same two legs.
    const auto calls2 = Esl::ShowResult::fromJson(m_switch->api(u"show calls as json"_s));
    QCOMPARE(calls2->rowHash(0).value(u"uuid"_s), a);
    QCOMPARE(calls2->rowHash(0).value(u"b_uuid"_s), b);
}

void TestChannelStore::followsHoldParkRecordingAndTransfer()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    const QString b = m_store.channel(a)->bridgedTo;
    m_switch->api(u"uuid_hold "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return m_store.channel(a)->held; }, 2000));
    QCOMPARE(m_store.channel(a)->displayState(), u"held"_s);
    m_switch->api(u"uuid_hold off "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return !m_store.channel(a)->held; }, 2000));
    m_switch->api(u"uuid_record "_s + a + u" start /tmp/rec.wav"_s);
    QVERIFY(m_store.channel(a)->isRecording());
    QCOMPARE(m_store.channel(a)->recordPath, u"/tmp/rec.wav"_s);
    m_switch->api(u"uuid_record "_s + a + u" stop /tmp/rec.wav"_s);
    QVERIFY(!m_store.channel(a)->isRecording());
    m_switch->api(u"uuid_park "_s + a);
    QCOMPARE(m_store.channel(a)->displayState(), u"parked"_s);
    QVERIFY(m_store.channel(a)->bridgedTo.isEmpty());
    QVERIFY(m_store.channel(b)->ended); // parking the A leg let the B leg go
    // A transfer to an extension bridges a new B leg: the call's legs change.
    m_switch->api(u"uuid_transfer "_s + a + u" 2002 XML default"_s);
    QVERIFY(QTest::qWaitFor([&] { return !m_store.channel(a)->bridgedTo.isEmpty(); }, 3000));
    const QString newB = m_store.channel(a)->bridgedTo;
    QVERIFY(newB != b);
    QCOMPARE(m_store.channel(a)->destination, u"2002"_s);
    QCOMPARE(m_store.calls().value(a), (QStringList{a, newB}));
    QCOMPARE(m_store.callKeyOf(b), b); // the old leg is on its own now
}

void TestChannelStore::keepsAnEndedChannelVisibleWithItsCauseUntilItExpires()
{
    m_store.setEndedRetention(5000);
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    m_switch->api(u"uuid_kill "_s + a + u" CALL_REJECTED"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 3000));
    QCOMPARE(m_store.size(), 2);
    QCOMPARE(m_store.liveCount(), 0);
    QCOMPARE(m_store.channel(a)->hangupCause, u"CALL_REJECTED"_s);
    QCOMPARE(m_store.expire(m_now + 4999), 0);
    QSignalSpy removed(&m_store, &ChannelStore::channelRemoved);
    QCOMPARE(m_store.expire(m_now + 5000), 2);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(m_store.size(), 0);
}

void TestChannelStore::learnsAChannelFromAnyEventWhenTheCreateWasMissed()
{
    m_feeding = false; // the console connects mid-call
    Sim::Switch::CallSpec spec;
    const QString a = m_switch->placeCall(spec);
    QTest::qWait(100);
    m_feeding = true;
    m_switch->api(u"uuid_hold "_s + a);
    const Monitor::Channel *c = m_store.channel(a);
    QVERIFY(c);
    QVERIFY(c->held);
    QCOMPARE(c->destination, spec.destination);
    // Nothing is made up from the last words of a channel never seen.
    ChannelStore store;
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_DESTROY");
    h.append("Unique-ID", "4f2a4e83-0000-0000-0000-000000000001");
    QVERIFY(!store.apply(Esl::Event(h, {}, false), 0));
    QCOMPARE(store.size(), 0);
}

void TestChannelStore::aBridgeOfLegsNeverSeenAddsBothAndSignalsEveryOneTouched()
{
    // Each bridge adds two channels, so the table grows through several rehashes on the way.
    ChannelStore store;
    QSignalSpy added(&store, &ChannelStore::channelAdded);
    QSignalSpy changed(&store, &ChannelStore::channelChanged);
    constexpr int kBridges = 300;
    for (int i = 0; i < kBridges; ++i) {
        const QByteArray a = "a-" + QByteArray::number(i);
        const QByteArray b = "b-" + QByteArray::number(i);
        const QByteArray event = "e-" + QByteArray::number(i); // neither of the two
        Esl::HeaderList create;
        create.append("Event-Name", "CHANNEL_CREATE");
        create.append("Unique-ID", event);
        QVERIFY(store.apply(Esl::Event(create, {}, false), 0));
        Esl::HeaderList h;
        h.append("Event-Name", "CHANNEL_BRIDGE");
        h.append("Unique-ID", event);
        h.append("Bridge-A-Unique-ID", a);
        h.append("Bridge-B-Unique-ID", b);
        h.append("Channel-Call-UUID", a);
        added.clear();
        changed.clear();
        QVERIFY(store.apply(Esl::Event(h, {}, false), 0));
        const Monitor::Channel *aLeg = store.channel(QString::fromLatin1(a));
        const Monitor::Channel *bLeg = store.channel(QString::fromLatin1(b));
        QVERIFY(aLeg && bLeg);
        QCOMPARE(aLeg->bridgedTo, QString::fromLatin1(b));
        QCOMPARE(bLeg->bridgedTo, QString::fromLatin1(a));
        QVERIFY(aLeg->bridgeA && !bLeg->bridgeA);
        QCOMPARE(added.size(), 2);
        // The event's own channel learnt its Call-UUID, so its call key changed: it is
        // announced like the two legs.
        QCOMPARE(store.channel(QString::fromLatin1(event))->callUuid, QString::fromLatin1(a));
        QStringList touched;
        for (const auto &args : changed)
            touched.append(args.at(0).toString());
        touched.sort();
        QCOMPARE(touched, (QStringList{QString::fromLatin1(a), QString::fromLatin1(b),
                                       QString::fromLatin1(event)}));
    }
    QCOMPARE(store.size(), 3 * kBridges);
    QCOMPARE(store.callKeyOf(u"b-7"_s), u"a-7"_s);
}

void TestChannelStore::reconcileAddsWhatWasMissedAndMarksZombies()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    // Events lost: a second call the store never heard of, and the first one's end.
    m_feeding = false;
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Søren"_s;
    const QString second = m_switch->placeCall(spec);
    QTest::qWait(100);
    m_switch->api(u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return !m_switch->hasChannel(a); }, 3000));
    QCOMPARE(m_store.liveCount(), 2); // stale: the first call, not the second

    QSignalSpy reconciled(&m_store, &ChannelStore::reconciled);
    const Monitor::ReconcileResult result = m_store.reconcile(showChannels(), m_now);
    QCOMPARE(result.added, 2);   // the second call's two legs
    QCOMPARE(result.zombies, 2); // the first call's two legs
    QCOMPARE(result.drift(), 4);
    QCOMPARE(reconciled.size(), 1);
    QCOMPARE(m_store.totalDrift(), 4);
    QVERIFY(m_store.channel(a)->zombie);
    QCOMPARE(m_store.channel(second)->callerName, u"Søren"_s);
    QCOMPARE(m_store.liveCount(), 2);
    // Legs learned from the snapshot still pair up, through call_uuid.
    QCOMPARE(m_store.calls().value(second).size(), 2);
    // A second reconcile finds nothing more to do.
    QCOMPARE(m_store.reconcile(showChannels(), m_now).drift(), 0);
}

void TestChannelStore::reconcileCorrectsAStaleState()
{
    const QString a = bridgedCall();
    QVERIFY(!a.isEmpty());
    m_feeding = false;
    m_switch->api(u"uuid_hold "_s + a);
    QVERIFY(!m_store.channel(a)->held);
    const Monitor::ReconcileResult result = m_store.reconcile(showChannels(), m_now);
    QCOMPARE(result.corrected, 1);
    QCOMPARE(result.added + result.zombies, 0);
    QVERIFY(m_store.channel(a)->held);
    QCOMPARE(m_store.channel(a)->callState, u"HELD"_s);
}

void TestChannelStore::aRestartedSwitchLeavesZombies()
{
    QVERIFY(!bridgedCall().isEmpty());
    m_switch->restart();
    const Monitor::ReconcileResult result = m_store.reconcile(showChannels(), m_now);
    QCOMPARE(result.zombies, 2);
    QCOMPARE(m_store.liveCount(), 0);
    for (const Monitor::Channel *c : m_store.channels())
        QVERIFY(c->zombie && !c->ended);
}

QTEST_GUILESS_MAIN(TestChannelStore)
#include "tst_channelstore.moc"
