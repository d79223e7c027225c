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
//
// A dialog acts on what it was opened for: the parked call (server, lot, slot, uuid) or the
// call to park is taken when it opens, and if that call has gone by OK ("Sam Okafor (5168) left
// slot 6002 — nothing sent") nothing is sent: never whatever is selected by then. The
// selection is kept by identity; when its call goes, nothing is selected (the actions go off).

#include "monitor/channelkey.h"
#include "ui/common/panelcontext.h"

#include <QFuture>
#include <QTimer>
#include <QWidget>

#include <optional>

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

    // A parked call as an action takes it when its dialog opens.
    struct Target
    {
        Monitor::ServerId server = 0;
        QString serverName;
        QString lot;
        QString extension;
        QString uuid;
        QString caller; // "Name (number)", isolated; the uuid when unknown
        [[nodiscard]] bool isValid() const { return server != 0 && !uuid.isEmpty(); }
    };

    // Selects the slot's row (tests, and the panel's own restore).
    bool selectSlot(Monitor::ServerId server, const QString &lot, const QString &extension);
    // The actions with their answers given (the dialogs call these; tests too).
    QFuture<Console::ActionOutcome> retrieveSelected(const QString &extension);
    QFuture<Console::ActionOutcome> hangupSelected();
    // The same for a call taken earlier: refused, sent nowhere, when it has left its slot.
    QFuture<Console::ActionOutcome> retrieve(const Target &target, const QString &extension);
    QFuture<Console::ActionOutcome> hangup(const Target &target);
    // The selected slot's call; invalid when a lot or nothing is selected.
    [[nodiscard]] Target selectedTarget() const;
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
    void rememberCurrent();
    void restoreCurrent();
    // "Sam Okafor (5168) (slot 6002 of valet_parking_lot on pbx)": how dialogs name a call.
    [[nodiscard]] static QString describe(const Target &target);
    // Why `target` can no longer be acted on, or nothing while it is still in its slot.
    [[nodiscard]] std::optional<QString> goneReason(const Target &target) const;
    // "Bo Chen (5550781) → 1017 on pbx", names isolated: how the Park dialog names a call.
    [[nodiscard]] QString describeCall(const Monitor::ChannelKey &call) const;
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
    // The selected row by identity: a lot (extension empty) or a slot's call.
    struct Chosen
    {
        Monitor::ServerId server = 0;
        QString lot;
        QString extension;
        QString uuid;
    };
    std::optional<Chosen> m_chosen;
    bool m_refreshing = false; // rows move under the selection model: not the operator's choice
};

} // namespace Ui
