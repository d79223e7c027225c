#pragma once
// The window's side of connecting servers: the Connect / Disconnect / Reconnect now actions of
// each server (in the Servers menu, one submenu per server, and in the status bar's items), the
// password prompt for a profile with no stored password, the offer to connect a profile just
// added, and the notice that a password will not outlive this session. What the actions do is
// Console::ServerConnections'; this only shows and asks.
//
// A RabbitMQ profile's submenu acts on its broker connection, then lists the broker's switches,
// each a submenu of its own with Hide, and the hidden ones with Show.
//
// It also installs the trust prompt (ui/servers/trustdialog.h): an unknown SSH host key or TLS
// certificate is asked about; a changed one is an error dialog and a notice.

#include "console/serverconnections.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QWidget;

namespace Ui {

class NoticeBar;

// The colour that marks a server in the status bar, the menus and the charts: its profile's,
// or for one without, one of a distinct set.
[[nodiscard]] QColor serverColour(const Console::ServerEntry &entry);

// "live", "down since 14:03:07", "failed": one server's status in a few words.
[[nodiscard]] QString statusWords(const Console::ServerConnections *servers,
                                  const Console::ServerEntry &entry);

class ServerControls : public QObject
{
    Q_OBJECT

public:
    ServerControls(Console::ServerConnections *servers, NoticeBar *notices, QWidget *window);

    // Connect, Disconnect and Reconnect now for `entry`, enabled as its status allows, at the
    // end of `menu` (objectNames connectServerAction, disconnectServerAction,
    // reconnectServerAction).
    void addActions(QMenu *menu, const Console::ServerEntry &entry);
    // Lists the servers at the end of `menu`, one submenu each (objectName serverMenu), kept
    // up to date as servers come and go and change state.
    void listServersIn(QMenu *menu);
    // A broker's switches at the end of `menu`: each a submenu (objectName switchMenu) with Hide
    // (hideSwitchAction), then Show for each hidden one (showSwitchAction). Filled again each
    // time the menu opens.
    void addSwitches(QMenu *menu, const Console::ServerEntry &broker);

    // What the menus and status items do, for the window's other ways in (F5, a banner).
    void connectEntry(const Console::ServerEntry &entry);
    void reconnectEntry(const Console::ServerEntry &entry);

private:
    void rebuildServerMenus();
    void fillSwitches(QMenu *menu, const Console::ServerEntry &broker);
    void updateServerMenus();
    void offerToConnect(const QStringList &profileIds);
    [[nodiscard]] std::optional<QString> askPassword(const Console::PasswordRequest &request);

    Console::ServerConnections *m_servers;
    NoticeBar *m_notices;
    QWidget *m_window;
    QPointer<QMenu> m_serversMenu;
    QList<QAction *> m_listed; // the submenus' actions in m_serversMenu
};

} // namespace Ui
