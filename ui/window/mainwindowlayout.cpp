// MainWindow's layout: the default one (first start, View → Reset layout), and the one the
// operator made, saved on close and restored at start — docks, splitters, the columns each view
// shows (added header columns included) with their widths and order, and the calls layout.

#include "ui/calls/callsheaderstate.h"
#include "ui/calls/callspanel.h"
#include "ui/logs/logpanels.h"
#include "ui/window/mainwindow.h"

#include <QDockWidget>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QShowEvent>
#include <QSplitter>
#include <QTabBar>
#include <QTableView>
#include <QTimer>

namespace Ui {

namespace {

// Below this height there is no room for a third row of views: the API console and the audit
// log start hidden, one shortcut away.
constexpr int kRoomForBottomDocks = 950;

// The event list beside the selected event's text (the panel names it eventLogSplitter).
QSplitter *eventSplitter(QWidget *eventLog)
{
    return eventLog->findChild<QSplitter *>(QStringLiteral("eventLogSplitter"));
}

} // namespace

void MainWindow::applyDefaultLayout()
{
    const auto dock = [this](const char *name) {
        return findChild<QDockWidget *>(QLatin1StringView(name));
    };
    QDockWidget *details = dock("detailsDock");
    QDockWidget *charts = dock("chartsDock");
    QDockWidget *destinations = dock("destinationsDock");
    QDockWidget *console = dock("apiConsoleDock");
    QDockWidget *audit = dock("auditDock");
    // One tabbed column on the right; one tabbed row below. Tabbed straight away: docks stacked
    // even for a moment add up their minimum heights, and the window grows to hold them.
    const bool roomBelow = height() >= kRoomForBottomDocks;
    for (QDockWidget *d : {details, charts, destinations, console, audit})
        d->setFloating(false);
    for (QDockWidget *d : {console, audit})
        d->setVisible(roomBelow);
    addDockWidget(Qt::RightDockWidgetArea, details);
    tabifyDockWidget(details, charts);
    tabifyDockWidget(details, destinations);
    for (QDockWidget *d : {details, charts, destinations})
        d->show();
    details->raise();
    addDockWidget(Qt::BottomDockWidgetArea, console);
    tabifyDockWidget(console, audit);
    console->raise();

    // The calls first: the side column takes about a quarter of the width, and the calls view's
    // first columns (up to the state and the duration) stay in sight at 1024 px.
    resizeDocks({details}, {std::clamp(width() / 4, 220, 380)}, Qt::Horizontal);
    if (roomBelow)
        resizeDocks({console}, {height() / 4}, Qt::Vertical);
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplitter"))) {
        const int total = std::max(split->height(), 400);
        split->setSizes({total * 5 / 8, total * 3 / 8});
    }
    QTimer::singleShot(0, this, [this] { keepDockTabsReadable(); });
}

void MainWindow::keepDockTabsReadable()
{
    // QMainWindow makes a tab bar for each group of tabbed docks, and by default elides its
    // labels to fit: at 1024 px the side column read "Channel d…", "Ch…", "Destinat…". Whole
    // labels, with scroll arrows when they do not fit, say which tab is which.
    for (QTabBar *bar : findChildren<QTabBar *>(Qt::FindDirectChildrenOnly)) {
        bar->setElideMode(Qt::ElideNone);
        bar->setUsesScrollButtons(true);
        bar->setExpanding(false);
    }
}

void MainWindow::watchDockTabs()
{
    // Tab bars come and go as docks are moved, closed and tabbed again; each change of place
    // looks again once the main window has made its bars.
    for (QDockWidget *d : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly)) {
        connect(d, &QDockWidget::dockLocationChanged, this,
                [this] { QTimer::singleShot(0, this, [this] { keepDockTabsReadable(); }); });
        connect(d, &QDockWidget::visibilityChanged, this,
                [this] { QTimer::singleShot(0, this, [this] { keepDockTabsReadable(); }); });
    }
}

void MainWindow::resetLayout()
{
    applyDefaultLayout();
    // Columns as the panels set them up; added header columns stay (they are what the operator
    // chose to see, not where).
    m_calls->view()->header()->restoreState(m_defaultCallsHeader);
    m_eventLog->view()->horizontalHeader()->restoreState(m_defaultEventsHeader);
    m_console->view()->horizontalHeader()->restoreState(m_defaultConsoleHeader);
    if (auto *split = eventSplitter(m_eventLog))
        split->setSizes({split->width() * 3 / 5, split->width() * 2 / 5});
}

void MainWindow::showDock(QDockWidget *dock)
{
    const bool wasHidden = dock->isHidden();
    dock->show();
    dock->raise();
    // Brought back after the default layout hid it: room enough to read it.
    if (wasHidden && dockWidgetArea(dock) == Qt::BottomDockWidgetArea)
        resizeDocks({dock}, {height() / 3}, Qt::Vertical);
}

void MainWindow::showAtStart()
{
    const QScreen *screen = this->screen();
    if (!m_defaultLayoutDue || !screen) {
        show(); // restoreGeometry() brought back the size, and whether it was maximized
        return;
    }
    // 95% of a 1024×700 screen (973×665) left a strip of desktop around a window that needs all
    // of it: on a screen smaller than the default size, the whole of the available area.
    const QRect available = screen->availableGeometry();
    if (available.width() < kDefaultSize.width() || available.height() < kDefaultSize.height()) {
        setGeometry(available); // without a window manager to maximize it, this is the size
        showMaximized();
        return;
    }
    show();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_defaultLayoutDue)
        return;
    m_defaultLayoutDue = false;
    applyDefaultLayout();
}

void MainWindow::restoreLayout()
{
    QSettings s;
    const bool geometry = restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    const bool state = restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_defaultLayoutDue = !geometry || !state;
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        split->restoreState(s.value(QStringLiteral("window/split")).toByteArray());
    if (auto *split = eventSplitter(m_eventLog))
        split->restoreState(s.value(QStringLiteral("window/eventSplit")).toByteArray());
    for (const QString &name : s.value(QStringLiteral("calls/headerColumns")).toStringList())
        m_calls->model()->addHeaderColumn(name);
    for (const QString &name : s.value(QStringLiteral("events/headerColumns")).toStringList())
        m_eventLog->model()->addHeaderColumn(name);
    // Also a layout from before the Quality column: its added columns keep their places.
    restoreCallsHeader(m_calls->view()->header(),
                       s.value(QStringLiteral("calls/header")).toByteArray());
    m_eventLog->view()->horizontalHeader()->restoreState(
        s.value(QStringLiteral("events/header")).toByteArray());
    m_console->view()->horizontalHeader()->restoreState(
        s.value(QStringLiteral("console/header")).toByteArray());
    if (s.value(QStringLiteral("calls/flat")).toBool())
        m_flatAction->setChecked(true);
    QTimer::singleShot(0, this, [this] { keepDockTabsReadable(); });
}

void MainWindow::saveLayout() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    if (auto *split = findChild<QSplitter *>(QStringLiteral("mainSplitter")))
        s.setValue(QStringLiteral("window/split"), split->saveState());
    if (auto *split = eventSplitter(m_eventLog))
        s.setValue(QStringLiteral("window/eventSplit"), split->saveState());
    s.setValue(QStringLiteral("calls/headerColumns"), m_calls->model()->headerColumns());
    s.setValue(QStringLiteral("events/headerColumns"), m_eventLog->model()->headerColumns());
    s.setValue(QStringLiteral("calls/header"), m_calls->view()->header()->saveState());
    s.setValue(QStringLiteral("events/header"),
               m_eventLog->view()->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("console/header"),
               m_console->view()->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("calls/flat"), m_flatAction->isChecked());
    Console::syncPrivately(s);
}

} // namespace Ui
