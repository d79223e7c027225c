// A watch-only ServerMonitor watches everything: against the simulated switch (all four modules
// loaded, their traffic running) it syncs the channels and every supervisor panel — conferences,
// queues, registrations, gateways, parking — refreshes a channel (uuid_dump) and its call quality
// (json mediaStats), and never meets the library's watch-only refusal; a control command on the
// same link is refused.

#include "support/uisim.h"

#include "monitor/hub.h"
#include "monitor/panelstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::PanelSyncState;
using TestSupport::UiSim;

class TestWatchOnlyMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void syncsChannelsAndEveryPanelWithoutAForbiddenCommand();
    void refreshesAChannelAndItsQualityWatchOnly();
    void refusesAControlCommandOnTheSameLink();
};

namespace {

Monitor::ServerMonitor *watchOnly(UiSim &sim, Monitor::Hub &hub)
{
    Monitor::ServerProfile profile = sim.profile(u"pbx-watch"_s);
    profile.connection.watchOnly = true;
    Monitor::ServerMonitor *m = hub.addServer(profile);
    m->start();
    if (!QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, TestSupport::kWait))
        return nullptr;
    return m;
}

} // namespace

void TestWatchOnlyMonitor::syncsChannelsAndEveryPanelWithoutAForbiddenCommand()
{
    UiSim sim;
    sim.sw->startModuleTraffic(7);
    const QString a = sim.call(u"Alice"_s);
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = watchOnly(sim, hub);
    QVERIFY(m);
    QVERIFY(m->profile().connection.watchOnly);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a) != nullptr; }, TestSupport::kWait));

    const QList<Monitor::PanelStore *> stores = m->panels()->stores();
    QCOMPARE(stores.size(), 5);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::all_of(stores.begin(), stores.end(), [](const Monitor::PanelStore *s) {
                return s->syncState() == PanelSyncState::Synced ||
                       s->syncState() == PanelSyncState::Failed;
            });
        },
        TestSupport::kWait));
    for (const Monitor::PanelStore *store : stores) {
        QVERIFY2(store->syncState() == PanelSyncState::Synced,
                 qPrintable(store->kind() + u": "_s + store->syncError()));
        QVERIFY(!store->syncError().contains(u"watch-only"));
    }
    // A re-sync (as after a reconnect) goes through the same allow-list.
    m->panels()->sync([link = m->link()](const QString &c) { return link->api(c); },
                      QDateTime::currentMSecsSinceEpoch());
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::none_of(stores.begin(), stores.end(), [](const Monitor::PanelStore *s) {
                return s->syncState() == PanelSyncState::Syncing;
            });
        },
        TestSupport::kWait));
    for (const Monitor::PanelStore *store : stores)
        QVERIFY2(store->syncState() == PanelSyncState::Synced,
                 qPrintable(store->kind() + u": "_s + store->syncError()));
}

void TestWatchOnlyMonitor::refreshesAChannelAndItsQualityWatchOnly()
{
    UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = watchOnly(sim, hub);
    QVERIFY(m);
    const QString a = sim.call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c && c->answeredMs > 0;
        },
        TestSupport::kWait));

    QSignalSpy refreshed(m, &Monitor::ServerMonitor::channelRefreshed);
    QVERIFY(m->refreshChannel(a));
    QVERIFY(refreshed.wait(TestSupport::kWait));
    QCOMPARE(refreshed.first().at(1).toString(), QString());

    QSignalSpy quality(m, &Monitor::ServerMonitor::qualityRefreshed);
    QVERIFY(m->refreshQuality(a));
    QVERIFY(quality.wait(TestSupport::kWait));
    QVERIFY2(!quality.first().at(1).toString().contains(u"watch-only"),
             qPrintable(quality.first().at(1).toString()));
}

void TestWatchOnlyMonitor::refusesAControlCommandOnTheSameLink()
{
    UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = watchOnly(sim, hub);
    QVERIFY(m);
    const QString a = sim.call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a) != nullptr; }, TestSupport::kWait));
    QFuture<Esl::Reply> kill = hub.api(m->id(), u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return kill.isFinished(); }));
    QVERIFY(kill.result().error());
    QCOMPARE(kill.result().error()->code, Esl::Error::Code::Forbidden);
    QVERIFY(sim.sw->hasChannel(a));
}

QTEST_MAIN(TestWatchOnlyMonitor)
#include "tst_watchonlymonitor.moc"
