// A call held in a valet parking slot reads "parked" in the channel table, as a uuid_park'd one
// does: the calls list showed it "active" (its Destination valet_park:…) beside the Parking tab
// that had it in a slot. mod_valet_parking keeps the channel in its valet_park application; the
// table knows that from CHANNEL_EXECUTE and from `show channels`' application column.

#include "support/fixtures.h"

#include "esl/commands.h"
#include "monitor/channelstore.h"
#include "sim/simswitch.h"
#include "sim/simvalet.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::ChannelStore;

class TestValetParkedChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
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

    void cleanup() { m_switch.reset(); }

    void aCallInAValetSlotReadsParkedUntilItIsRetrieved()
    {
        const QString parked = parkedCall(u"6001"_s);
        QVERIFY(QTest::qWaitFor([&] { return inSlot(u"6001"_s) == parked; }, 5000));
        const Monitor::Channel *c = m_store.channel(parked);
        QVERIFY(c);
        QCOMPARE(c->application, u"valet_park"_s);
        QCOMPARE(c->displayState(), u"parked"_s);
        QVERIFY(!c->parked); // not uuid_park's park: the calls list says "valet_park", not "park"

        // Someone dials the slot: the parked call is bridged to them and is active again.
        Sim::Switch::CallSpec retriever;
        retriever.callerName = u"Reception"_s;
        retriever.callerNumber = u"1001"_s;
        retriever.destination = u"6001"_s;
        retriever.bridge = false;
        retriever.application = u"valet_park"_s; // what extension 6001 runs
        retriever.applicationArgument = u"valet_parking_lot 6001"_s;
        m_switch->placeCall(retriever);
        QVERIFY(QTest::qWaitFor([&] { return !m_store.channel(parked)->bridgedTo.isEmpty(); }, 5000));
        QCOMPARE(m_store.channel(parked)->displayState(), u"active"_s);
    }

    void theChannelListingSaysParkedToo()
    {
        m_feeding = false; // only the listing tells
        const QString parked = parkedCall(u"6002"_s);
        QVERIFY(QTest::qWaitFor([&] { return inSlot(u"6002"_s) == parked; }, 5000));
        const auto result = Esl::ShowResult::fromJson(m_switch->api(u"show channels as json"_s));
        QVERIFY(result);
        m_store.reconcile(result->rows, m_now);
        const Monitor::Channel *c = m_store.channel(parked);
        QVERIFY(c);
        QCOMPARE(c->application, u"valet_park"_s);
        QCOMPARE(c->displayState(), u"parked"_s);
    }

private:
    QString parkedCall(const QString &slot)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = u"Sam Okafor"_s;
        spec.callerNumber = u"5168"_s;
        spec.bridge = false;
        spec.application = u"valet_park"_s;
        spec.applicationArgument = u"valet_parking_lot "_s + slot;
        return m_switch->placeCall(spec);
    }
    QString inSlot(const QString &slot) const
    {
        return m_switch->valet()->parked().value(u"valet_parking_lot/"_s + slot);
    }

    std::unique_ptr<Sim::Switch> m_switch;
    ChannelStore m_store;
    bool m_feeding = true;
    qint64 m_now = 1'000'000;
};

QTEST_GUILESS_MAIN(TestValetParkedChannel)
#include "tst_valetparkedchannel.moc"
