#pragma once
// The Registrations tab: the phones registered to every server (user, contact, user agent,
// network address, expiry counting down; a row flashes when it registers or moves and stays a
// moment struck out when it drops) beside the gateways (state, ping, last REGISTER answer, when
// it changed; a gateway out of REGED, failing or with its ping DOWN is red and counted in the
// tab's title: "&Registrations (12) ⚠ 1 gateway down").
//
// Its actions go through CallControl::serverCommand with Console::SofiaCommands' builders and
// reply checks: re-register a gateway, kill it, rescan its profile, flush a registration (or
// reboot the phone), and `sofia status` shown in a dialog. Kill and flush ask first, naming the
// gateway or phone and its server, and act on that one (not on whatever is selected when Yes is
// pressed); if it went meanwhile, nothing is sent and the notice strip says so. The stores are
// read on a short timer after they change (coalesced), and each second for the countdowns.
//
// The selection is kept by identity (server and registration, server and gateway), never by row
// number: when the selected row goes, nothing is selected (the actions disable) rather than its
// neighbour. No row moves under a resting pointer (SteadyRows). The status line ("unknown since
// HH:MM:SS", a missing mod_sofia) has a line of its own under the toolbar, wrapped, never cut.

#include "ui/common/panelcontext.h"

#include "console/callcontrol.h"

#include <QFuture>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QTableView;

namespace Monitor {
class ServerMonitor;
}

namespace Ui {

class GatewaysModel;
class RegistrationsModel;

class RegistrationsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RegistrationsPanel(const PanelContext &context, QWidget *parent = nullptr);
    ~RegistrationsPanel() override;

    [[nodiscard]] QTableView *registrationsView() const { return m_registrationsView; }
    [[nodiscard]] QTableView *gatewaysView() const { return m_gatewaysView; }
    [[nodiscard]] RegistrationsModel *registrationsModel() const { return m_registrations; }
    [[nodiscard]] GatewaysModel *gatewaysModel() const { return m_gateways; }
    // The one line above the tables: a missing mod_sofia, a stale or failed sync.
    [[nodiscard]] QString statusLine() const;
    [[nodiscard]] QString title() const { return m_title; }
    // Kill and flush ask first; tests turn that off.
    void setConfirmations(bool on) { m_confirm = on; }
    // The last `sofia status` dialog's text (empty until one was shown).
    [[nodiscard]] QString lastStatusText() const;

    // The actions, on the selected row (a finished, refused future when nothing is selected).
    QFuture<Console::ActionOutcome> reregisterGateway();
    QFuture<Console::ActionOutcome> killGateway();
    QFuture<Console::ActionOutcome> rescanProfile();
    QFuture<Console::ActionOutcome> flushRegistration(bool reboot = false);
    QFuture<Console::ActionOutcome> showSofiaStatus();

Q_SIGNALS:
    // The tab's title changed (a count, a warning): the main window shows it.
    void titleChanged(const QString &title);

private:
    void watch(Monitor::ServerMonitor *server);
    void scheduleRefresh();
    void refresh();
    void updateActions();
    // Notes the operator's choice of row (not the view's own moves while rows change).
    void noteSelection();
    // Selects the noted row again where it is now, or nothing when it went.
    void restoreSelection();
    // Refused before anything was sent: the notice strip says why.
    QFuture<Console::ActionOutcome> refuse(const QString &action, const QString &what,
                                           const QString &why);
    QFuture<Console::ActionOutcome> run(Monitor::ServerId server, const QString &action,
                                        const QString &what, const Esl::Expected<QString> &command,
                                        const Console::CallControl::ReplyCheck &check);
    [[nodiscard]] bool confirm(const QString &question) const;
    [[nodiscard]] Monitor::ServerId statusServer() const;

    PanelContext m_context;
    RegistrationsModel *m_registrations;
    GatewaysModel *m_gateways;
    QTableView *m_registrationsView;
    QTableView *m_gatewaysView;
    QLabel *m_status;
    QMenu *m_registrationMenu;
    QMenu *m_gatewayMenu;
    QAction *m_reregister;
    QAction *m_kill;
    QAction *m_rescan;
    QAction *m_flush;
    QAction *m_reboot;
    QAction *m_sofiaStatus;
    QTimer m_coalesce;
    QTimer m_tick;
    QString m_title;
    QString m_selectedRegistration; // RegistrationsModel::Row::key(); empty: none
    QString m_selectedGateway;      // GatewaysModel::Row::key()
    bool m_refreshing = false;      // the models are changing: selection moves are not the operator's
    QPointer<QPlainTextEdit> m_lastStatus;
    bool m_confirm = true;
};

} // namespace Ui
