// The wallboard window (issue #20), offscreen against the simulated switch: its tiles show what
// the stores say, colour what needs someone, say "unknown since" for a dropped switch; the
// layout chosen from its menu is saved and comes back; Esc leaves full screen; View → Wallboard
// opens one board and raises it the second time.
#include "support/uisim.h"

#include "monitor/callcenterstore.h"
#include "ui/wallboard/wallboardtile.h"
#include "ui/wallboard/wallboardwindow.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Monitor::WallboardFigure;
using Monitor::WallboardGrouping;
using Ui::WallboardTileView;
using Ui::WallboardWindow;

namespace {

QStringList keysOf(const WallboardWindow &board)
{
    QStringList keys;
    for (const WallboardTileView *tile : board.tiles())
        keys.append(tile->tile().key);
    return keys;
}

QAction *action(const WallboardWindow &board, const QString &name)
{
    return board.layoutMenu()->findChild<QAction *>(name);
}

} // namespace

class TstWallboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
    }
    void init()
    {
        QSettings().remove(u"wallboard"_s); // every case starts from the default layout
        m_sim = std::make_unique<UiSim>();
        m_hub = std::make_unique<Monitor::Hub>();
        m_server = m_sim->watch(*m_hub, u"sim"_s);
        QVERIFY(m_server);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_server->panels()->callCenter()->syncState() ==
                       Monitor::PanelSyncState::Synced;
            },
            kWait));
    }
    void cleanup()
    {
        m_hub.reset();
        m_sim.reset();
    }

    void tilesShowWhatTheStoresSay()
    {
        WallboardWindow board(m_hub.get());
        board.resize(1920, 1080);
        board.show();
        QCOMPARE(keysOf(board), QStringList{u"server:sim"_s});
        for (const QString &agent : {u"agent1@default"_s, u"agent2@default"_s})
            m_sim->sw->api(u"callcenter_config agent set status %1 'On Break'"_s.arg(agent));
        m_sim->call(u"Ann"_s);
        m_sim->call(u"Bob"_s);
        Sim::Switch::CallSpec caller;
        caller.callerNumber = u"4001"_s;
        caller.destination = u"7100"_s;
        caller.bridge = false;
        caller.application = u"callcenter"_s;
        caller.applicationArgument = u"support@default"_s;
        m_sim->sw->placeCall(caller);

        WallboardTileView *server = board.tile(u"server:sim"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                board.refresh();
                return server->text(WallboardFigure::LiveCalls) == u"3" &&
                       server->text(WallboardFigure::Waiting) == u"1" &&
                       server->text(WallboardFigure::AgentsFree) == u"0";
            },
            kWait));
        QCOMPARE(server->text(WallboardFigure::LiveCalls),
                 QString::number(m_server->channels()->liveCallCount()));
        QCOMPARE(server->level(WallboardFigure::Waiting), WallboardTileView::Level::Warning);
        QCOMPARE(server->level(WallboardFigure::LiveCalls), WallboardTileView::Level::Normal);
        QCOMPARE(server->text(WallboardFigure::AverageMos), u"—"_s); // no leg has a MOS
        QCOMPARE(server->text(WallboardFigure::ActiveAlerts), u"0"_s);
        QVERIFY(server->text(WallboardFigure::LongestWait).contains(u':'));

        // Per queue: the waiting caller is support's, and a queue tile has only queue numbers.
        board.setBoardLayout([&] {
            Ui::WallboardLayout l = board.boardLayout();
            l.grouping = WallboardGrouping::Queues;
            return l;
        }());
        QCOMPARE(keysOf(board),
                 (QStringList{u"queue:sim/sales@default"_s, u"queue:sim/support@default"_s}));
        WallboardTileView *support = board.tile(u"queue:sim/support@default"_s);
        QCOMPARE(support->text(WallboardFigure::Waiting), u"1"_s);
        QCOMPARE(board.tile(u"queue:sim/sales@default"_s)->text(WallboardFigure::Waiting), u"0"_s);
        QCOMPARE(support->shownFigures(),
                 (QList<WallboardFigure>{WallboardFigure::Waiting, WallboardFigure::LongestWait,
                                         WallboardFigure::AgentsFree}));
        QCOMPARE(support->tile().subtitle, u"sim"_s);
    }

    void thresholdsColourTheNumbers()
    {
        Monitor::WallboardTile tile;
        tile.numbers.queuesKnown = true;
        tile.numbers.waiting = 2;
        tile.numbers.longestWaitMs = 2 * 60 * 1000 + 1000;
        tile.numbers.averageMos = 3.4;
        tile.numbers.mosLegs = 4;
        tile.numbers.activeAlerts = 1;
        using L = WallboardTileView::Level;
        QCOMPARE(WallboardTileView::levelOf(tile, WallboardFigure::Waiting), L::Warning);
        QCOMPARE(WallboardTileView::levelOf(tile, WallboardFigure::LongestWait), L::Critical);
        QCOMPARE(WallboardTileView::valueText(tile, WallboardFigure::LongestWait), u"2:01"_s);
        QCOMPARE(WallboardTileView::levelOf(tile, WallboardFigure::AverageMos), L::Critical);
        QCOMPARE(WallboardTileView::valueText(tile, WallboardFigure::AverageMos), u"3.4"_s);
        QCOMPARE(WallboardTileView::levelOf(tile, WallboardFigure::ActiveAlerts), L::Critical);
        tile.numbers.averageMos = 3.8;
        QCOMPARE(WallboardTileView::levelOf(tile, WallboardFigure::AverageMos), L::Warning);
        tile.numbers.averageMos = 4.3;
        tile.numbers.waiting = 0;
        tile.numbers.longestWaitMs = 0;
        tile.numbers.activeAlerts = 0;
        for (WallboardFigure f : Ui::WallboardLayout::allFigures())
            QCOMPARE(WallboardTileView::levelOf(tile, f), L::Normal);
        QCOMPARE(WallboardTileView::waitText(3 * 3600 * 1000 + 5 * 60 * 1000), u"3h05"_s);
        // A switch without mod_callcenter: its queue numbers are unknown, not zero.
        tile.numbers.queuesKnown = false;
        QCOMPARE(WallboardTileView::valueText(tile, WallboardFigure::Waiting), u"—"_s);
        QCOMPARE(WallboardTileView::levelOf(tile, WallboardFigure::Waiting), L::Unknown);
    }

    void aDroppedSwitchReadsUnknownSince()
    {
        WallboardWindow board(m_hub.get());
        board.show();
        m_sim->call(u"Ann"_s);
        WallboardTileView *server = board.tile(u"server:sim"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                board.refresh();
                return server->text(WallboardFigure::LiveCalls) == u"1";
            },
            kWait));
        m_sim->server->shutdown();
        QVERIFY(QTest::qWaitFor(
            [&] {
                board.refresh();
                return server->tile().stale;
            },
            kWait));
        QVERIFY2(server->statusLine().startsWith(u"unknown since "_s),
                 qPrintable(server->statusLine()));
        for (WallboardFigure f : Ui::WallboardLayout::allFigures()) {
            if (f != WallboardFigure::ActiveAlerts)
                QCOMPARE(server->text(f), u"—"_s);
        }
    }

    // Two "sales@default" tiles of different servers must still say whose they are when their
    // server is down: the server's line stays, "unknown since" is a line of its own, and the
    // tooltip holds every line whole (the painted ones may be elided).
    void aStaleQueueTileKeepsItsServersName()
    {
        WallboardWindow board(m_hub.get());
        board.resize(1024, 700);
        board.show();
        board.setBoardLayout([&] {
            Ui::WallboardLayout l = board.boardLayout();
            l.grouping = WallboardGrouping::Queues;
            return l;
        }());
        WallboardTileView *sales = board.tile(u"queue:sim/sales@default"_s);
        QVERIFY(sales);
        QCOMPARE(sales->subtitleLine(), u"sim"_s);
        QVERIFY(sales->statusLine().isEmpty());
        m_sim->server->shutdown();
        QVERIFY(QTest::qWaitFor(
            [&] {
                board.refresh();
                sales = board.tile(u"queue:sim/sales@default"_s);
                return sales && sales->tile().stale;
            },
            kWait));
        QCOMPARE(sales->subtitleLine(), u"sim"_s);
        QVERIFY2(sales->statusLine().startsWith(u"unknown"_s), qPrintable(sales->statusLine()));
        const QStringList tip = sales->toolTip().split(u'\n');
        QCOMPARE(tip.value(0), u"sales@default"_s);
        QCOMPARE(tip.value(1), u"sim"_s);
        QCOMPARE(tip.value(2), sales->statusLine());
        QCOMPARE(sales->text(WallboardFigure::Waiting), u"—"_s);
        sales->grab(); // paints the three lines without tripping over the smaller body
    }

    void theLayoutIsSavedAndComesBack()
    {
        Ui::WallboardLayout chosen;
        {
            WallboardWindow board(m_hub.get());
            board.show();
            QCOMPARE(board.boardLayout(), Ui::WallboardLayout());
            action(board, u"wallboardGrouping%1"_s.arg(int(WallboardGrouping::ServersAndQueues)))
                ->trigger();
            action(board, u"wallboardColumns2"_s)->trigger();
            action(board, u"wallboardFigure%1"_s.arg(int(WallboardFigure::CallsPerMinute)))
                ->trigger();                              // off
            action(board, u"wallboardDark"_s)->trigger(); // light
            chosen = board.boardLayout();
            QCOMPARE(chosen.grouping, WallboardGrouping::ServersAndQueues);
            QCOMPARE(chosen.columns, 2);
            QVERIFY(!chosen.shows(WallboardFigure::CallsPerMinute));
            QCOMPARE(chosen.figures.size(), 6);
            QVERIFY(!chosen.dark);
            QCOMPARE(board.columnCount(), 2);
            QCOMPARE(keysOf(board), (QStringList{u"server:sim"_s, u"queue:sim/sales@default"_s,
                                                 u"queue:sim/support@default"_s}));
            QVERIFY(
                !board.tiles().first()->shownFigures().contains(WallboardFigure::CallsPerMinute));
        }
        WallboardWindow again(m_hub.get());
        QCOMPARE(again.boardLayout(), chosen);
        QCOMPARE(again.tiles().size(), 3);
        QCOMPARE(Ui::WallboardLayout::load(), chosen);
        // The menu says what is chosen.
        QVERIFY(action(again, u"wallboardColumns2"_s)->isChecked());
        QVERIFY(!action(again, u"wallboardDark"_s)->isChecked());
    }

    void groupingSwitchesWhatTheTilesAre()
    {
        WallboardWindow board(m_hub.get());
        board.show();
        QCOMPARE(keysOf(board), QStringList{u"server:sim"_s});
        action(board, u"wallboardGrouping%1"_s.arg(int(WallboardGrouping::Queues)))->trigger();
        QCOMPARE(keysOf(board),
                 (QStringList{u"queue:sim/sales@default"_s, u"queue:sim/support@default"_s}));
        action(board, u"wallboardGrouping%1"_s.arg(int(WallboardGrouping::Fleets)))->trigger();
        QCOMPARE(keysOf(board), QStringList{u"server:sim"_s}); // a direct server: its own fleet
        // Keeps the last figure: a tile never goes blank.
        Ui::WallboardLayout l = board.boardLayout();
        for (WallboardFigure f : Ui::WallboardLayout::allFigures())
            l.setShown(f, false);
        QCOMPARE(l.figures.size(), 1);
    }

    void escapeLeavesFullScreenAndF11ComesBack()
    {
        WallboardWindow board(m_hub.get());
        board.showFullScreen();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        QVERIFY(board.isFullScreen());
        QTest::keyClick(&board, Qt::Key_Escape);
        QVERIFY(QTest::qWaitFor([&] { return !board.isFullScreen(); }, kWait));
        QVERIFY(board.isVisible()); // Esc leaves full screen, not the board
        QTest::keyClick(&board, Qt::Key_F11);
        QVERIFY(QTest::qWaitFor([&] { return board.isFullScreen(); }, kWait));
        // The layout button is there, in the top right corner, and small.
        auto *button = board.findChild<QToolButton *>(u"wallboardLayoutButton"_s);
        QVERIFY(button && button->isVisible());
        QVERIFY(button->width() < 80);
        QVERIFY(button->geometry().right() >= board.width() - 10);
    }

    void fitsAWallAndASmallWindow_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1920x1080") << QSize(1920, 1080);
        QTest::newRow("1024x700") << QSize(1024, 700);
    }
    void fitsAWallAndASmallWindow()
    {
        QFETCH(QSize, size);
        UiSim second;
        Monitor::ServerMonitor *other = second.watch(*m_hub, u"second"_s);
        QVERIFY(other);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return other->panels()->callCenter()->syncState() ==
                       Monitor::PanelSyncState::Synced;
            },
            kWait));
        WallboardWindow board(m_hub.get());
        board.setBoardLayout([&] {
            Ui::WallboardLayout l = board.boardLayout();
            l.grouping = WallboardGrouping::ServersAndQueues;
            return l;
        }());
        board.resize(size);
        board.show();
        QVERIFY(QTest::qWaitForWindowExposed(&board));
        QCOMPARE(board.tiles().size(), 6);
        for (const WallboardTileView *tile : board.tiles()) {
            QVERIFY(tile->isVisible());
            QVERIFY(QRect(QPoint(0, 0), board.size())
                        .contains(QRect(tile->mapTo(&board, QPoint(0, 0)), tile->size())));
            // Every tile large enough to read from a distance.
            QVERIFY2(tile->width() >= 200 && tile->height() >= 150,
                     qPrintable(u"%1x%2"_s.arg(tile->width()).arg(tile->height())));
        }
        // Repainting with other numbers keeps every tile where it was.
        QList<QRect> before;
        for (const WallboardTileView *tile : board.tiles())
            before.append(tile->geometry());
        m_sim->call(u"Ann"_s);
        QTest::qWait(1200);
        board.refresh();
        for (int i = 0; i < board.tiles().size(); ++i)
            QCOMPARE(board.tiles()[i]->geometry(), before[i]);
    }

    void theViewMenuOpensOneBoard()
    {
        Ui::MainWindow window(m_hub.get());
        window.show();
        auto *open = window.findChild<QAction *>(u"wallboardAction"_s);
        QVERIFY(open);
        QCOMPARE(open->shortcut(), QKeySequence(u"Ctrl+Shift+F"_s));
        open->trigger();
        const QList<WallboardWindow *> boards = window.findChildren<WallboardWindow *>();
        QCOMPARE(boards.size(), 1);
        WallboardWindow *board = boards.first();
        QVERIFY(board->isVisible());
        QVERIFY(board->isWindow());
        QVERIFY(board->isFullScreen());
        QTest::keyClick(board, Qt::Key_Escape);
        QVERIFY(QTest::qWaitFor([&] { return !board->isFullScreen(); }, kWait));
        open->trigger(); // raised, not a second one
        QCOMPARE(window.findChildren<WallboardWindow *>().size(), 1);
        QCOMPARE(window.findChildren<WallboardWindow *>().first(), board);
        QVERIFY(board->isVisible());
    }

private:
    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    Monitor::ServerMonitor *m_server = nullptr;
};

QTEST_MAIN(TstWallboard)
#include "tst_wallboard.moc"
