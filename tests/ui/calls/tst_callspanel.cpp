// The calls panel on its own, over a hub watching a simulated switch on 127.0.0.1: the out-of-step
// banner offers "Reconnect now" while a server's link is down and asks for it, server by server.

#include "support/uisim.h"

#include "ui/calls/callspanel.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;
using TestSupport::UiSim;

class TestCallsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theBannerOffersReconnectNowWhileAServerIsDown();
};

void TestCallsPanel::theBannerOffersReconnectNowWhileAServerIsDown()
{
    UiSim east;
    UiSim west;
    Monitor::Hub hub;
    Monitor::ServerMonitor *e = east.watch(hub, u"east"_s);
    Monitor::ServerMonitor *w = west.watch(hub, u"west"_s);
    QVERIFY(e && w);
    Ui::CallsPanel panel(&hub);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *banner = panel.findChild<QLabel *>(u"outOfStepBanner"_s);
    auto *reconnect = panel.findChild<QToolButton *>(u"reconnectNow"_s);
    QVERIFY(banner && reconnect);
    QVERIFY(!banner->isVisible());

    west.server->close();
    west.server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return banner->isVisible() && reconnect->isVisible(); }, kWait));
    QVERIFY(banner->text().contains(u"west"_s));
    QVERIFY(!banner->text().contains(u"east"_s));
    QSignalSpy asked(&panel, &Ui::CallsPanel::reconnectRequested);
    reconnect->click();
    QCOMPARE(asked.size(), 1); // the server that is down, not the live one
    QCOMPARE(asked.first().first().value<Monitor::ServerId>(), w->id());
}

QTEST_MAIN(TestCallsPanel)
#include "tst_callspanel.moc"
