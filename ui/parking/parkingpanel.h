#pragma once
// The Parking panel: every valet parking lot of every server, who is parked in which slot and
// for how long (counting up), from each server's Monitor::ParkingStore. Store changes are
// coalesced on a short timer and applied as row changes (ParkingModel), so the tree never moves
// under the pointer and the selection keeps its call. A server whose link is down shows its
// lots greyed, "unknown since HH:MM:SS"; one without mod_valet_parking a quiet line.
//
// Actions (toolbar and a right-click menu), each through CallControl::serverCommand, outcomes
// on the notice strip: Retrieve… (uuid_transfer <uuid> <ext> XML default), Hang up
// (uuid_kill <uuid>), Park the selected call… (uuid_transfer <uuid> 'valet_park:<lot> <slot>'
// inline; the call selected in the calls panel). See console/valetcommands.h for why.

#include "monitor/channelkey.h"
#include "ui/common/panelcontext.h"

#include <QFuture>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QTreeView;

namespace Console {
struct ActionOutcome;
}
namespace Monitor {
class ServerMonitor;
}

namespace Ui {

class ParkingModel;

class ParkingPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ParkingPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~ParkingPanel() override;

    [[nodiscard]] ParkingModel *model() const { return m_model; }
    [[nodiscard]] QTreeView *view() const { return m_view; }
    [[nodiscard]] QString title() const { return m_title; }
    // The quiet lines about servers (module missing, sync failed).
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QAction *retrieveAction() const { return m_retrieve; }
    [[nodiscard]] QAction *hangupAction() const { return m_hangup; }
    [[nodiscard]] QAction *parkAction() const { return m_park; }

    // Selects the slot's row (tests, and the panel's own restore).
    bool selectSlot(Monitor::ServerId server, const QString &lot, const QString &extension);
    // The actions with their answers given (the dialogs call these; tests too).
    QFuture<Console::ActionOutcome> retrieveSelected(const QString &extension);
    QFuture<Console::ActionOutcome> hangupSelected();
    QFuture<Console::ActionOutcome> parkCall(const Monitor::ChannelKey &call, const QString &lot,
                                             const QString &slot);
    // Applies what the stores say now (the coalescing timer does it on its own).
    void flush();

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

private:
    void watch(Monitor::ServerMonitor *server);
    void scheduleFlush();
    void updateActions();
    void updateTitle();
    void showMenu(const QPoint &pos);
    void askRetrieve();
    void askPark();
    void confirmHangup();
    [[nodiscard]] Monitor::ChannelKey selectedParked(QString *what = nullptr) const;
    QFuture<Console::ActionOutcome> posted(QFuture<Console::ActionOutcome> future);

    PanelContext m_context;
    ParkingModel *m_model;
    QTreeView *m_view;
    QLabel *m_status;
    QAction *m_retrieve;
    QAction *m_hangup;
    QAction *m_park;
    QTimer m_flush;
    QTimer m_tick;
    QString m_title = QStringLiteral("&Parking");
};

} // namespace Ui
