// The window's default layout gives the calls the room: at 1024×700 the calls view has most of
// the width and its first columns, up to the state and the duration, are in sight; the side docks
// share one tabbed column. View → Reset layout brings the default back after the operator moved,
// closed and resized things. A first start on a screen smaller than the default size fills it.

#include "support/uisim.h"

#include "ui/calls/callspanel.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QDockWidget>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabBar>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;

namespace {

QDockWidget *dock(Ui::MainWindow &window, const QString &name)
{
    return window.findChild<QDockWidget *>(name);
}

// Where the calls view's column `column` ends, in its viewport.
int columnEnd(QTreeView *view, int column)
{
    QHeaderView *header = view->header();
    return header->sectionViewportPosition(column) + header->sectionSize(column);
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_windowlayout"_s);
    }
    void init() { QSettings().clear(); } // no layout of an earlier run: the default
    void cleanupTestCase() { QSettings().clear(); }

    void atSmallSizesTheCallsGetMostOfTheWidth()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTreeView *calls = window.callsPanel()->view();
        QTRY_VERIFY(calls->width() > 0);
        // The docks fit: the window did not have to grow past the screen to hold them.
        QCOMPARE(window.size(), QSize(1024, 700));
        QVERIFY2(calls->width() >= window.width() * 3 / 5,
                 qPrintable(u"%1 of %2"_s.arg(calls->width()).arg(window.width())));
        for (int column : {int(Ui::CallsModel::CallerName), int(Ui::CallsModel::Destination),
                           int(Ui::CallsModel::State), int(Ui::CallsModel::Duration)}) {
            QVERIFY2(!calls->header()->isSectionHidden(column),
                     qPrintable(QString::number(column)));
            QVERIFY2(columnEnd(calls, column) <= calls->viewport()->width(),
                     qPrintable(u"column %1 ends at %2, the view is %3 wide"_s.arg(column)
                                    .arg(columnEnd(calls, column))
                                    .arg(calls->viewport()->width())));
        }
        // The side docks share one column, as tabs; the API console waits below, hidden.
        QDockWidget *details = dock(window, u"detailsDock"_s);
        const QList<QDockWidget *> tabs = window.tabifiedDockWidgets(details);
        QVERIFY(tabs.contains(dock(window, u"chartsDock"_s)));
        QVERIFY(tabs.contains(dock(window, u"destinationsDock"_s)));
        QVERIFY(dock(window, u"apiConsoleDock"_s)->isHidden());
        // Their tabs say which is which: whole titles, never "Channel d…" or "Ch…".
        QTabBar *bar = nullptr;
        for (QTabBar *b : window.findChildren<QTabBar *>(Qt::FindDirectChildrenOnly)) {
            if (b->isVisible() && b->count() == 3)
                bar = b;
        }
        QVERIFY(bar);
        QTRY_COMPARE(bar->elideMode(), Qt::ElideNone);
        for (int i = 0; i < bar->count(); ++i) {
            QVERIFY2(bar->tabRect(i).width()
                         >= bar->fontMetrics().horizontalAdvance(bar->tabText(i)),
                     qPrintable(bar->tabText(i)));
        }
        // The calls view is taller than the logs below it.
        auto *split = window.findChild<QSplitter *>(u"mainSplitter"_s);
        QVERIFY(split->sizes().at(0) > split->sizes().at(1));
    }

    void theApiConsoleComesBackReadable()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QDockWidget *console = dock(window, u"apiConsoleDock"_s);
        QVERIFY(console->isHidden());
        window.findChild<QAction *>(u"goToApiConsole"_s)->trigger();
        QTRY_VERIFY(console->isVisible());
        QTRY_VERIFY2(console->height() >= 820 / 4, qPrintable(QString::number(console->height())));
    }

    void resetLayoutRestoresTheDefault()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTreeView *calls = window.callsPanel()->view();
        auto *split = window.findChild<QSplitter *>(u"mainSplitter"_s);
        QDockWidget *details = dock(window, u"detailsDock"_s);
        QDockWidget *charts = dock(window, u"chartsDock"_s);
        QDockWidget *destinations = dock(window, u"destinationsDock"_s);
        const int defaultWidth = calls->header()->sectionSize(Ui::CallsModel::CallerName);
        QTRY_VERIFY(calls->width() > 0);
        const int defaultCallsWidth = calls->width();

        // The operator moves, closes and resizes things.
        window.addDockWidget(Qt::LeftDockWidgetArea, details);
        window.addDockWidget(Qt::LeftDockWidgetArea, charts);
        destinations->close();
        split->setSizes({100, 600});
        calls->header()->resizeSection(Ui::CallsModel::CallerName, 400);
        QCOMPARE(window.dockWidgetArea(details), Qt::LeftDockWidgetArea);

        window.findChild<QAction *>(u"resetLayoutAction"_s)->trigger();
        for (QDockWidget *d : {details, charts, destinations}) {
            QCOMPARE(window.dockWidgetArea(d), Qt::RightDockWidgetArea);
            QVERIFY(!d->isHidden());
        }
        QVERIFY(window.tabifiedDockWidgets(details).contains(charts));
        QVERIFY(window.tabifiedDockWidgets(details).contains(destinations));
        QVERIFY(split->sizes().at(0) > split->sizes().at(1));
        QCOMPARE(calls->header()->sectionSize(Ui::CallsModel::CallerName), defaultWidth);
        QTRY_COMPARE(calls->width(), defaultCallsWidth);
    }

    void aFirstStartOnASmallScreenFillsIt()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        const QScreen *screen = window.screen();
        QVERIFY(screen);
        const QRect available = screen->availableGeometry();
        // The offscreen platform's screen is smaller than the size the layout is made for, as a
        // 1024×700 one is.
        QVERIFY(available.width() < Ui::MainWindow::kDefaultSize.width() ||
                available.height() < Ui::MainWindow::kDefaultSize.height());
        window.showAtStart();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isMaximized());
        QTRY_COMPARE(window.frameGeometry().size(), available.size());
        // And the default layout was made for that size: the calls have most of the width.
        QTreeView *calls = window.callsPanel()->view();
        QTRY_VERIFY(calls->width() >= window.width() * 3 / 5);
    }

    void aLaterStartShowsTheWindowAsItWasLeft()
    {
        QSize left;
        {
            Monitor::Hub hub;
            Ui::MainWindow window(&hub);
            window.resize(640, 480);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            left = window.size();
            window.close(); // saves the layout
        }
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.showAtStart();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.isMaximized());
        QCOMPARE(window.size(), left);
    }
};

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"
