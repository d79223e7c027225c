// The status bar too narrow for its servers' whole sentences (three servers with long names in a
// window 1024 px wide): each item sheds events/s, then calls/min, then "— Reconnect now", and only
// then elides the name; its state and channel count are always shown, and what it shows fits. Its
// text() stays the whole sentence, which also heads its tooltip while shortened.

#include "support/uisim.h"

#include "console/serverconnections.h"
#include "ui/window/mainwindow.h"
#include "ui/window/serverstatusstrip.h"

#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

class TestServerStatusStrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_serverstatusstrip"_s);
        QSettings().clear();
    }

    void threeLongNamedServersKeepTheirStateAndChannelsAt1024Pixels()
    {
        TestSupport::UiSim liveSim;
        TestSupport::UiSim watchSim;
        TestSupport::UiSim downSim;
        Monitor::Hub hub;
        const QString liveName = u"frankfurt-central-pbx-primary-01"_s;
        const QString watchName = u"ssh-pbx-amsterdam-secondary-02"_s;
        const QString downName = u"tls-pbx-paris-disaster-recovery-03"_s;
        Monitor::ServerMonitor *live = liveSim.watch(hub, liveName);
        Monitor::ServerProfile watchProfile = watchSim.profile(watchName);
        watchProfile.connection.watchOnly = true;
        Monitor::ServerMonitor *watch = hub.addServer(watchProfile);
        watch->start();
        Monitor::ServerProfile downProfile = downSim.profile(downName);
        downProfile.connection.reconnectMinMs = 60000; // stays down while the test looks
        downProfile.connection.reconnectMaxMs = 60000;
        Monitor::ServerMonitor *down = hub.addServer(downProfile);
        down->start();
        QVERIFY(live);
        QVERIFY(QTest::qWaitFor([&] { return watch->link()->isLive() && down->link()->isLive(); },
                                kWait));
        downSim.server->close();
        downSim.server->dropAll();

        Ui::MainWindow window(&hub);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.width(), 1024);
        Ui::ServerStatusStrip *strip = window.serverStatus();
        const auto itemOf = [&](Monitor::ServerMonitor *server) {
            return qobject_cast<Ui::ServerStatusItem *>(
                strip->itemOf(window.serverConnections()->entryOfServer(server->id())));
        };
        Ui::ServerStatusItem *liveItem = itemOf(live);
        Ui::ServerStatusItem *watchItem = itemOf(watch);
        Ui::ServerStatusItem *downItem = itemOf(down);
        QVERIFY(liveItem && watchItem && downItem);
        QVERIFY(QTest::qWaitFor(
            [&] {
                strip->refresh();
                return downItem->text().contains(u"down since"_s) &&
                       watchItem->text().contains(u"live"_s) &&
                       liveItem->text().contains(u"live"_s);
            },
            kWait));
        QCoreApplication::processEvents(); // the layout settles

        // text() is the whole sentence, as before.
        QVERIFY2(liveItem->text().startsWith(liveName + u" · live · "_s) &&
                     liveItem->text().endsWith(u"events/s"_s),
                 qPrintable(liveItem->text()));
        QVERIFY2(watchItem->text().startsWith(watchName + u" (watch-only) · live · "_s),
                 qPrintable(watchItem->text()));
        QVERIFY2(downItem->text().startsWith(downName + u" · "_s) &&
                     downItem->text().endsWith(u" — Reconnect now"_s),
                 qPrintable(downItem->text()));

        bool anyShortened = false;
        for (Ui::ServerStatusItem *item : {liveItem, watchItem, downItem}) {
            const QString shown = item->shownText();
            const QString why = item->text() + u" shown as "_s + shown;
            QVERIFY2(item->isVisible(), qPrintable(why));
            // It fits: in its item, and its item within the strip.
            QVERIFY2(item->fits(shown), qPrintable(why));
            QVERIFY2(item->geometry().right() < strip->width(), qPrintable(why));
            QVERIFY2(strip->mapTo(&window, QPoint(strip->width(), 0)).x() <= window.width(),
                     qPrintable(why));
            // The least important parts go first, and the name only once they are gone.
            if (!shown.contains(u"calls/min"_s))
                QVERIFY2(!shown.contains(u"events/s"_s), qPrintable(why));
            if (shown.contains(u"…"_s)) // the name elided
                QVERIFY2(!shown.contains(u"calls/min"_s) && !shown.contains(u"Reconnect"_s),
                         qPrintable(why));
            if (shown != item->text()) {
                anyShortened = true;
                QVERIFY2(item->toolTip().startsWith(item->text() + u'\n'),
                         qPrintable(item->toolTip()));
            }
            QCOMPARE(item->accessibleName(), item->text());
        }
        QVERIFY(anyShortened); // else this says nothing about a narrow bar

        // The state and the channel count stay.
        QVERIFY2(liveItem->shownText().contains(u" · live · "_s) &&
                     liveItem->shownText().contains(u" channels"_s),
                 qPrintable(liveItem->shownText()));
        QVERIFY2(watchItem->shownText().contains(u"(watch-only) · live · "_s) &&
                     watchItem->shownText().contains(u" channels"_s),
                 qPrintable(watchItem->shownText()));
        QVERIFY2(downItem->shownText().contains(u"down since "_s) &&
                     !downItem->shownText().contains(u"…:"_s),
                 qPrintable(downItem->shownText()));

        // Wide enough again, each says all of it.
        window.resize(3000, 700);
        QVERIFY(QTest::qWaitFor([&] { return liveItem->shownText() == liveItem->text(); }, kWait));
        QCOMPARE(downItem->shownText(), downItem->text());
        QVERIFY(!downItem->toolTip().startsWith(downItem->text()));
    }
};

QTEST_MAIN(TestServerStatusStrip)
#include "tst_serverstatusstrip.moc"
