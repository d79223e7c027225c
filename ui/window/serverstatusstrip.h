#pragma once
// The status bar's servers: one item per server, marked with the server's colour, saying its
// state and, while live, its channels, the calls started over the last minute and events per
// second; while down, "down since HH:MM:SS — Reconnect now" and nothing it no longer knows.
// A click does what the state calls for (Reconnect now when down, Connect when not connected,
// else the menu); the right-click menu has Connect, Disconnect and Reconnect now.
//
// A RabbitMQ profile has one item for its broker and all its switches (a hundred items would not
// fit): "fleet: 12 switches · 3 lost · 1,234 channels" while the broker is up, its state as for a
// server otherwise; its menu adds the switches, each with Hide, and the hidden ones with Show.
//
// A server with an honest warning (Console::serverWarnings: a password in clear, ClueCon, a
// crashable FreeSWITCH) carries a ⚠ icon, the sentences in its tooltip; a watch-only server
// says "(watch-only)" after its name.
//
// Too narrow for every sentence (three servers at 1024 px), each item sheds its least important
// parts first (ServerStatusItem); its text() stays the whole sentence.

#include "console/securitywarnings.h"
#include "console/serverconnections.h"
#include "ui/window/serverstatusitem.h"

#include <optional>

#include <QWidget>

class QHBoxLayout;
class QToolButton;

namespace Ui {

class ServerControls;

class ServerStatusStrip : public QWidget
{
    Q_OBJECT

public:
    ServerStatusStrip(Console::ServerConnections *servers, ServerControls *controls,
                      QWidget *parent = nullptr);

    // The item of `entry` (objectName serverStatusItem), or null when it has none.
    [[nodiscard]] QToolButton *itemOf(const Console::ServerEntry &entry) const;
    // Texts and colours again (each second: "down since" and the counts move).
    void refresh();

private:
    void rebuild();
    void showMenu(QToolButton *item, const QPoint &globalPos);
    void clicked(QToolButton *item);
    [[nodiscard]] Console::ServerEntry entryOf(const QToolButton *item) const;
    [[nodiscard]] ServerItemText text(const Console::ServerEntry &entry) const;
    [[nodiscard]] ServerItemText brokerSummary(const Console::ServerEntry &broker) const;
    [[nodiscard]] bool shows(const Console::ServerEntry &entry) const;
    // The connection the entry has or would have (none for a broker's).
    [[nodiscard]] std::optional<Monitor::ServerProfile>
    serverProfileOf(const Console::ServerEntry &entry) const;
    [[nodiscard]] QList<Console::SecurityWarning> warningsOf(const Console::ServerEntry &entry) const;

    Console::ServerConnections *m_servers;
    ServerControls *m_controls;
    QHBoxLayout *m_row;
    QList<ServerStatusItem *> m_items;
};

} // namespace Ui
