#pragma once
// The wallboard: a top-level window of big numbers for a wall display (View → Wallboard). It
// opens full screen; Esc leaves full screen, F11 toggles it. A grid of tiles (WallboardTileView),
// one per server, broker fleet or queue as the layout says, refreshed from WallboardFigures once
// a second — never per event: a busy switch sends thousands a second and a wall is read from
// across a room. The layout (grouping, figures, columns, type size, dark or light) is chosen
// from a small button in the corner or the board's context menu and saved at once.

#include "ui/wallboard/wallboardlayout.h"

#include "monitor/hub.h"
#include "monitor/wallboardfigures.h"

#include <QTimer>
#include <QWidget>

class QGridLayout;
class QMenu;
class QToolButton;

namespace Ui {

class WallboardTileView;

class WallboardWindow : public QWidget
{
    Q_OBJECT

public:
    // A window of its own (Qt::Window), owned by `owner` when given so that it goes with it.
    explicit WallboardWindow(Monitor::Hub *hub, QWidget *owner = nullptr);
    ~WallboardWindow() override;

    // What View → Wallboard does: the board `owner` has open, raised, or a new one full screen.
    static WallboardWindow *showFor(Monitor::Hub *hub, QWidget *owner);

    [[nodiscard]] const WallboardLayout &boardLayout() const { return m_layout; }
    // Applies a layout, saves it, and rebuilds the board.
    void setBoardLayout(const WallboardLayout &layout);
    [[nodiscard]] QList<WallboardTileView *> tiles() const { return m_tiles; }
    [[nodiscard]] WallboardTileView *tile(const QString &key) const;
    // The columns the grid has now (the layout's, or the best fit when auto).
    [[nodiscard]] int columnCount() const { return m_columns; }
    // The menu of the corner button and of the context menu: grouping, figures, columns, type
    // size, theme, full screen, close.
    [[nodiscard]] QMenu *layoutMenu() const { return m_menu; }
    // Full screen on the screen it is on (what opening it and F11 do).
    void enterFullScreen();
    // Reads the figures now (the timer does this each second).
    void refresh();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void buildMenu();
    void syncMenu();
    void rebuild(const QList<Monitor::WallboardTile> &tiles, qint64 nowMs);
    void arrange();
    // Caps every tile's number size at the smallest tile's.
    void equaliseNumbers();
    [[nodiscard]] int bestColumns(int count) const;
    void toggleFullScreen();
    void placeCornerButton();

    Monitor::Hub *m_hub;
    Monitor::WallboardFigures m_figures;
    WallboardLayout m_layout;
    QTimer m_timer;
    QGridLayout *m_grid = nullptr;
    QWidget *m_board = nullptr;
    QToolButton *m_cornerButton = nullptr;
    QMenu *m_menu = nullptr;
    QList<WallboardTileView *> m_tiles;
    QStringList m_keys; // the tiles' keys in order: the board is rebuilt only when they change
    int m_columns = 1;
};

} // namespace Ui
