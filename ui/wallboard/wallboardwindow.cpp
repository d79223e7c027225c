#include "ui/wallboard/wallboardwindow.h"

#include "ui/wallboard/wallboardtile.h"

#include <QActionGroup>
#include <QContextMenuEvent>
#include <QGridLayout>
#include <QKeyEvent>
#include <QMenu>
#include <QScreen>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace Ui {

using Monitor::WallboardFigure;
using Monitor::WallboardGrouping;
using namespace Qt::Literals::StringLiterals;

WallboardWindow::WallboardWindow(Monitor::Hub *hub, QWidget *owner)
    : QWidget(owner, Qt::Window), m_hub(hub), m_figures(hub), m_layout(WallboardLayout::load())
{
    setObjectName(u"wallboardWindow"_s);
    setWindowTitle(tr("Switchboard — Wallboard"));
    setAutoFillBackground(true);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_board = new QWidget(this);
    m_grid = new QGridLayout(m_board);
    m_grid->setContentsMargins(4, 4, 4, 4);
    m_grid->setSpacing(0);
    outer->addWidget(m_board);

    // Small and faint in the corner: a wall display is for the numbers, but whoever set it up
    // needs a way to the layout without a keyboard shortcut to remember.
    m_cornerButton = new QToolButton(this);
    m_cornerButton->setObjectName(u"wallboardLayoutButton"_s);
    m_cornerButton->setText(u"⋯"_s);
    m_cornerButton->setToolTip(tr("Wallboard layout"));
    m_cornerButton->setAutoRaise(true);
    m_cornerButton->setPopupMode(QToolButton::InstantPopup);
    m_cornerButton->setFocusPolicy(Qt::NoFocus);
    buildMenu();
    m_cornerButton->setMenu(m_menu);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &WallboardWindow::refresh);
    m_timer.start();
    setBoardLayout(m_layout);
    resize(1280, 800);
}

WallboardWindow::~WallboardWindow() = default;

WallboardWindow *WallboardWindow::showFor(Monitor::Hub *hub, QWidget *owner)
{
    auto *board = owner ? owner->findChild<WallboardWindow *>(QString(), Qt::FindDirectChildrenOnly)
                        : nullptr;
    if (!board) {
        board = new WallboardWindow(hub, owner);
        board->setAttribute(Qt::WA_DeleteOnClose);
        board->enterFullScreen();
    } else {
        board->show();
    }
    board->raise();
    board->activateWindow();
    return board;
}

void WallboardWindow::setBoardLayout(const WallboardLayout &layout)
{
    m_layout = layout;
    m_layout.save();
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window,
                     m_layout.dark ? QColor(0x0d, 0x11, 0x15) : QColor(0xe4, 0xe8, 0xec));
    palette.setColor(QPalette::ButtonText,
                     m_layout.dark ? QColor(0x6b, 0x76, 0x80) : QColor(0x70, 0x7a, 0x84));
    setPalette(palette);
    m_keys.clear(); // rebuild, whatever the tiles
    syncMenu();
    refresh();
}

WallboardTileView *WallboardWindow::tile(const QString &key) const
{
    for (WallboardTileView *view : m_tiles) {
        if (view->tile().key == key)
            return view;
    }
    return nullptr;
}

void WallboardWindow::refresh()
{
    const qint64 now = Monitor::ServerMonitor::now();
    const QList<Monitor::WallboardTile> tiles = m_figures.tiles(m_layout.grouping, now);
    QStringList keys;
    for (const Monitor::WallboardTile &t : tiles)
        keys.append(t.key);
    if (keys != m_keys) {
        rebuild(tiles, now);
        return;
    }
    for (int i = 0; i < tiles.size(); ++i)
        m_tiles[i]->setTile(tiles[i], now);
    equaliseNumbers();
}

void WallboardWindow::equaliseNumbers()
{
    // A stale tile's taller title bar (its "unknown since" line) leaves it less room, but it
    // shows dashes: a server going down must not shrink every number on the wall.
    const bool anyLive = std::any_of(m_tiles.cbegin(), m_tiles.cend(),
                                     [](const WallboardTileView *v) { return !v->tile().stale; });
    double cap = 0;
    for (const WallboardTileView *view : m_tiles) {
        if (anyLive && view->tile().stale)
            continue;
        const double natural = view->naturalNumberSize();
        cap = cap == 0 ? natural : std::min(cap, natural);
    }
    for (WallboardTileView *view : m_tiles)
        view->setNumberSizeCap(cap);
}

void WallboardWindow::rebuild(const QList<Monitor::WallboardTile> &tiles, qint64 nowMs)
{
    qDeleteAll(m_tiles);
    m_tiles.clear();
    m_keys.clear();
    for (const Monitor::WallboardTile &t : tiles) {
        auto *view = new WallboardTileView(m_board);
        view->setObjectName(u"wallboardTile"_s);
        view->setFigures(m_layout.figures);
        view->setDark(m_layout.dark);
        view->setFontScale(m_layout.fontScale);
        view->setTile(t, nowMs);
        m_tiles.append(view);
        m_keys.append(t.key);
    }
    arrange();
}

int WallboardWindow::bestColumns(int count) const
{
    if (count <= 1)
        return 1;
    // The arrangement whose tiles are closest to 16:10, the shape the numbers fill best.
    const double w = std::max(1, m_board->width());
    const double h = std::max(1, m_board->height());
    int best = 1;
    double bestScore = 1e9;
    for (int columns = 1; columns <= std::min(count, WallboardLayout::kMaxColumns); ++columns) {
        const int rows = (count + columns - 1) / columns;
        const double aspect = (w / columns) / (h / rows);
        const double score = std::abs(std::log(aspect / 1.6)) + 0.1 * (rows * columns - count);
        if (score < bestScore) {
            bestScore = score;
            best = columns;
        }
    }
    return best;
}

void WallboardWindow::arrange()
{
    while (m_grid->count() > 0)
        delete m_grid->takeAt(0);
    for (int c = 0; c < m_grid->columnCount(); ++c)
        m_grid->setColumnStretch(c, 0);
    for (int r = 0; r < m_grid->rowCount(); ++r)
        m_grid->setRowStretch(r, 0);
    const int count = int(m_tiles.size());
    m_columns = m_layout.columns > 0 ? m_layout.columns : bestColumns(count);
    for (int i = 0; i < count; ++i) {
        m_grid->addWidget(m_tiles[i], i / m_columns, i % m_columns);
        m_tiles[i]->show();
    }
    const int rows = std::max(1, (count + m_columns - 1) / m_columns);
    // Every cell the same size, empty ones too: a tile never grows because a neighbour went.
    for (int c = 0; c < m_columns; ++c)
        m_grid->setColumnStretch(c, 1);
    for (int r = 0; r < rows; ++r)
        m_grid->setRowStretch(r, 1);
    m_grid->activate(); // the tiles' sizes now, for their number size
    equaliseNumbers();
    placeCornerButton();
}

void WallboardWindow::placeCornerButton()
{
    m_cornerButton->adjustSize();
    m_cornerButton->move(width() - m_cornerButton->width() - 2, 2);
    m_cornerButton->raise();
}

void WallboardWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_layout.columns == 0 && bestColumns(int(m_tiles.size())) != m_columns)
        arrange();
    // The grid lays the tiles out after this event: size their numbers once it has.
    QTimer::singleShot(0, this, &WallboardWindow::equaliseNumbers);
    placeCornerButton();
}

void WallboardWindow::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && isFullScreen()) {
        showNormal();
        return;
    }
    if (event->key() == Qt::Key_F11) {
        toggleFullScreen();
        return;
    }
    QWidget::keyPressEvent(event);
}

void WallboardWindow::toggleFullScreen()
{
    if (isFullScreen())
        showNormal();
    else
        enterFullScreen();
}

void WallboardWindow::enterFullScreen()
{
    // The whole screen's geometry first: without a window manager (a kiosk display, Xvfb) the
    // full-screen state alone leaves the window at its normal size.
    if (QScreen *screen = this->screen())
        setGeometry(screen->geometry());
    showFullScreen();
}

void WallboardWindow::contextMenuEvent(QContextMenuEvent *event)
{
    syncMenu();
    m_menu->popup(event->globalPos());
}

void WallboardWindow::buildMenu()
{
    m_menu = new QMenu(this);
    m_menu->setObjectName(u"wallboardMenu"_s);
    connect(m_menu, &QMenu::aboutToShow, this, &WallboardWindow::syncMenu);

    QMenu *grouping = m_menu->addMenu(tr("&Tiles"));
    auto *groupings = new QActionGroup(this);
    for (WallboardGrouping g : {WallboardGrouping::Servers, WallboardGrouping::Fleets,
                                WallboardGrouping::Queues, WallboardGrouping::ServersAndQueues}) {
        QAction *a = grouping->addAction(Monitor::WallboardFigures::groupingName(g));
        a->setCheckable(true);
        a->setData(int(g));
        a->setObjectName(u"wallboardGrouping%1"_s.arg(int(g)));
        groupings->addAction(a);
        connect(a, &QAction::triggered, this, [this, g] {
            WallboardLayout l = m_layout;
            l.grouping = g;
            setBoardLayout(l);
        });
    }

    QMenu *figures = m_menu->addMenu(tr("&Numbers"));
    for (WallboardFigure f : WallboardLayout::allFigures()) {
        QAction *a = figures->addAction(Monitor::WallboardFigures::figureName(f));
        a->setCheckable(true);
        a->setData(int(f));
        a->setObjectName(u"wallboardFigure%1"_s.arg(int(f)));
        connect(a, &QAction::triggered, this, [this, f](bool on) {
            WallboardLayout l = m_layout;
            l.setShown(f, on);
            setBoardLayout(l);
        });
    }

    QMenu *columns = m_menu->addMenu(tr("&Columns"));
    auto *columnGroup = new QActionGroup(this);
    for (int n = 0; n <= WallboardLayout::kMaxColumns; ++n) {
        QAction *a = columns->addAction(n == 0 ? tr("Auto") : QString::number(n));
        a->setCheckable(true);
        a->setData(n);
        a->setObjectName(u"wallboardColumns%1"_s.arg(n));
        columnGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, n] {
            WallboardLayout l = m_layout;
            l.columns = n;
            setBoardLayout(l);
        });
    }

    const auto scaleBy = [this](double factor) {
        WallboardLayout l = m_layout;
        l.fontScale = std::clamp(std::round(l.fontScale * factor * 10) / 10,
                                 WallboardLayout::kMinFontScale, WallboardLayout::kMaxFontScale);
        setBoardLayout(l);
    };
    m_menu->addAction(tr("&Larger numbers"), QKeySequence::ZoomIn, this,
                      [scaleBy] { scaleBy(1.1); });
    m_menu->addAction(tr("&Smaller numbers"), QKeySequence::ZoomOut, this,
                      [scaleBy] { scaleBy(1 / 1.1); });
    QAction *dark = m_menu->addAction(tr("&Dark"));
    dark->setObjectName(u"wallboardDark"_s);
    dark->setCheckable(true);
    connect(dark, &QAction::triggered, this, [this](bool on) {
        WallboardLayout l = m_layout;
        l.dark = on;
        setBoardLayout(l);
    });
    m_menu->addSeparator();
    QAction *full = m_menu->addAction(tr("&Full screen"), QKeySequence(Qt::Key_F11), this,
                                      &WallboardWindow::toggleFullScreen);
    full->setObjectName(u"wallboardFullScreen"_s);
    m_menu->addAction(tr("Close the wallboard"), QKeySequence::Close, this, &QWidget::close);
    // The menu's shortcuts work on the board itself, menu closed.
    addActions(m_menu->actions());
}

void WallboardWindow::syncMenu()
{
    for (QAction *a : m_menu->findChildren<QAction *>()) {
        const QString name = a->objectName();
        if (name.startsWith(u"wallboardGrouping"))
            a->setChecked(a->data().toInt() == int(m_layout.grouping));
        else if (name.startsWith(u"wallboardFigure"))
            a->setChecked(m_layout.shows(WallboardFigure(a->data().toInt())));
        else if (name.startsWith(u"wallboardColumns"))
            a->setChecked(a->data().toInt() == m_layout.columns);
        else if (name == u"wallboardDark")
            a->setChecked(m_layout.dark);
    }
}

} // namespace Ui
