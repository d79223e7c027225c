#include "ui/window/servercontrols.h"

#include "console/profile.h"
#include "ui/servers/profileeditor.h"
#include "ui/servers/trustdialog.h"
#include "ui/window/noticebar.h"

#include <QDateTime>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QTimer>

namespace Ui {

using Console::ServerStatus;

QColor serverColour(const Console::ServerEntry &entry)
{
    if (entry.colour.isValid())
        return entry.colour;
    return Console::profileColour(entry.server != 0 ? int(entry.server) - 1
                                                    : int(qHash(entry.profileId) % 8));
}

QString statusWords(const Console::ServerConnections *servers, const Console::ServerEntry &entry)
{
    const qint64 since = servers->downSince(entry);
    const QString time =
        since > 0 ? QDateTime::fromMSecsSinceEpoch(since).toString(QStringLiteral("HH:mm:ss"))
                  : QString();
    switch (servers->status(entry)) {
    case ServerStatus::NotConnected:
        return ServerControls::tr("not connected");
    case ServerStatus::Disconnected:
        return ServerControls::tr("disconnected");
    case ServerStatus::Connecting:
        return ServerControls::tr("connecting…");
    case ServerStatus::Live:
        return ServerControls::tr("live");
    case ServerStatus::Resyncing:
        return ServerControls::tr("resyncing");
    case ServerStatus::Down:
        return ServerControls::tr("down since %1").arg(time);
    case ServerStatus::Failed:
        return ServerControls::tr("failed, down since %1").arg(time);
    }
    return {};
}

ServerControls::ServerControls(Console::ServerConnections *servers, NoticeBar *notices,
                               QWidget *window)
    : QObject(window), m_servers(servers), m_notices(notices), m_window(window)
{
    servers->setPasswordPrompt(
        [this](const Console::PasswordRequest &request) { return askPassword(request); });
    // An unknown key is asked about; a changed one is told loudly, in the dialog and the notices.
    servers->setTrustPrompt([this](const Console::TrustQuestion &question) {
        if (!question.canAccept())
            m_notices->postMessage(QStringLiteral("%1: %2").arg(question.name, question.title),
                                   true);
        return askTrust(question, m_window);
    });
    connect(servers, &Console::ServerConnections::profilesAdded, this,
            &ServerControls::offerToConnect);
    connect(servers, &Console::ServerConnections::passwordNotKept, this,
            [this](const QString &, const QString &why) { m_notices->postInformation(why); });
    connect(servers, &Console::ServerConnections::entriesChanged, this,
            &ServerControls::rebuildServerMenus);
    connect(servers, &Console::ServerConnections::statusChanged, this,
            &ServerControls::updateServerMenus);
}

void ServerControls::addActions(QMenu *menu, const Console::ServerEntry &entry)
{
    const ServerStatus status = m_servers->status(entry);
    QAction *connectAction =
        menu->addAction(tr("&Connect"), this, [this, entry] { connectEntry(entry); });
    connectAction->setObjectName(QStringLiteral("connectServerAction"));
    connectAction->setEnabled(Console::canConnect(status));
    QAction *disconnectAction = menu->addAction(
        tr("&Disconnect"), this, [this, entry] { m_servers->disconnectServer(entry); });
    disconnectAction->setObjectName(QStringLiteral("disconnectServerAction"));
    disconnectAction->setEnabled(Console::canDisconnect(status));
    QAction *reconnectAction =
        menu->addAction(tr("&Reconnect now"), this, [this, entry] { reconnectEntry(entry); });
    reconnectAction->setObjectName(QStringLiteral("reconnectServerAction"));
    reconnectAction->setEnabled(Console::canReconnect(status));
}

void ServerControls::listServersIn(QMenu *menu)
{
    m_serversMenu = menu;
    rebuildServerMenus();
}

void ServerControls::rebuildServerMenus()
{
    if (!m_serversMenu)
        return;
    for (QAction *action : std::as_const(m_listed)) {
        m_serversMenu->removeAction(action);
        delete action->menu();
    }
    m_listed.clear();
    const int size = m_serversMenu->fontMetrics().height();
    for (const Console::ServerEntry &entry : m_servers->entries()) {
        auto *sub = new QMenu(entry.name, m_serversMenu);
        sub->setObjectName(QStringLiteral("serverMenu"));
        sub->setIcon(profileSwatch(serverColour(entry), size));
        sub->menuAction()->setData(QVariant::fromValue(
            entry.profileId.isEmpty() ? QString::number(entry.server) : entry.profileId));
        addActions(sub, entry);
        if (entry.broker)
            addSwitches(sub, entry);
        m_listed.append(m_serversMenu->addMenu(sub));
    }
    updateServerMenus();
}

void ServerControls::updateServerMenus()
{
    if (!m_serversMenu)
        return;
    const QList<Console::ServerEntry> entries = m_servers->entries();
    if (entries.size() != m_listed.size()) {
        rebuildServerMenus();
        return;
    }
    for (int i = 0; i < entries.size(); ++i) {
        const Console::ServerEntry &entry = entries.at(i);
        QMenu *sub = m_listed.at(i)->menu();
        QString words = statusWords(m_servers, entry);
        if (entry.broker && m_servers->status(entry) == ServerStatus::Live) {
            const qsizetype n = m_servers->switchesOf(entry).size();
            words = n == 1 ? tr("%1 · 1 switch").arg(words)
                           : tr("%1 · %2 switches").arg(words).arg(n);
        }
        sub->setTitle(tr("%1 — %2").arg(entry.name, words));
        const ServerStatus status = m_servers->status(entry);
        const QString problem = m_servers->problem(entry);
        sub->menuAction()->setToolTip(problem);
        for (QAction *action : sub->actions()) {
            if (action->objectName() == u"connectServerAction")
                action->setEnabled(Console::canConnect(status));
            else if (action->objectName() == u"disconnectServerAction")
                action->setEnabled(Console::canDisconnect(status));
            else if (action->objectName() == u"reconnectServerAction")
                action->setEnabled(Console::canReconnect(status));
        }
    }
}

void ServerControls::addSwitches(QMenu *menu, const Console::ServerEntry &broker)
{
    const int keep = int(menu->actions().size()); // what was there: the broker's actions
    const QString profileId = broker.profileId;
    const auto fill = [this, menu, keep, profileId] {
        const QList<QAction *> actions = menu->actions();
        for (qsizetype i = keep; i < actions.size(); ++i) {
            QAction *action = actions.at(i);
            menu->removeAction(action);
            if (QMenu *sub = action->menu())
                delete sub; // and its menuAction with it
            else
                delete action;
        }
        fillSwitches(menu, m_servers->entryOfProfile(profileId));
    };
    connect(menu, &QMenu::aboutToShow, this, fill);
    fill();
}

void ServerControls::fillSwitches(QMenu *menu, const Console::ServerEntry &broker)
{
    const QList<Console::ServerEntry> switches = m_servers->switchesOf(broker);
    const QStringList hidden = m_servers->hiddenSwitchesOf(broker);
    if (switches.isEmpty() && hidden.isEmpty())
        return;
    menu->addSection(tr("Switches"));
    const int size = menu->fontMetrics().height();
    for (const Console::ServerEntry &sw : switches) {
        auto *sub = new QMenu(tr("%1 — %2").arg(sw.name, statusWords(m_servers, sw)), menu);
        sub->setObjectName(QStringLiteral("switchMenu"));
        sub->setIcon(profileSwatch(serverColour(sw), size));
        sub->menuAction()->setData(sw.name);
        sub->menuAction()->setToolTip(m_servers->problem(sw));
        QAction *hide = sub->addAction(tr("&Hide"), this, [this, sw] { m_servers->hideSwitch(sw); });
        hide->setObjectName(QStringLiteral("hideSwitchAction"));
        hide->setToolTip(tr("Stop showing %1 and its calls, until you show it again from "
                            "this menu")
                             .arg(sw.name));
        menu->addMenu(sub);
    }
    if (hidden.isEmpty())
        return;
    menu->addSection(tr("Hidden"));
    for (const QString &hostname : hidden) {
        QAction *show = menu->addAction(tr("Show %1").arg(hostname), this,
                                        [this, broker, hostname] {
                                            m_servers->showSwitch(broker, hostname);
                                        });
        show->setObjectName(QStringLiteral("showSwitchAction"));
        show->setData(hostname);
    }
}

void ServerControls::connectEntry(const Console::ServerEntry &entry)
{
    if (!m_servers->connectServer(entry)) {
        const QString problem = m_servers->problem(m_servers->entryOfProfile(entry.profileId));
        if (!problem.isEmpty())
            m_notices->postMessage(tr("%1: %2").arg(entry.name, problem), true);
    }
}

void ServerControls::reconnectEntry(const Console::ServerEntry &entry)
{
    if (!m_servers->reconnectServer(entry)) {
        const QString problem = m_servers->problem(m_servers->entryOfProfile(entry.profileId));
        if (!problem.isEmpty())
            m_notices->postMessage(tr("%1: %2").arg(entry.name, problem), true);
    }
}

void ServerControls::offerToConnect(const QStringList &profileIds)
{
    QStringList names;
    for (const QString &id : profileIds)
        names.append(tr("“%1”").arg(m_servers->entryOfProfile(id).name));
    // Asked once the profiles dialog has closed (this comes while it accepts).
    QTimer::singleShot(0, this, [this, profileIds, names] {
        auto *box = new QMessageBox(
            QMessageBox::Question, tr("Connect now?"),
            tr("Connect to %1 now?", nullptr, int(names.size())).arg(names.join(tr(", "))),
            QMessageBox::Yes | QMessageBox::No, m_window);
        box->setObjectName(QStringLiteral("connectNowQuestion"));
        box->setDefaultButton(QMessageBox::Yes);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [this, box, profileIds] {
            if (box->result() != QMessageBox::Yes)
                return;
            for (const QString &id : profileIds)
                connectEntry(m_servers->entryOfProfile(id));
        });
        box->open();
    });
}

std::optional<QString> ServerControls::askPassword(const Console::PasswordRequest &request)
{
    QInputDialog dialog(m_window);
    dialog.setObjectName(QStringLiteral("passwordPrompt"));
    dialog.setWindowTitle(tr("Password for %1").arg(request.name));
    dialog.setLabelText(
        (request.kind == Console::ProfileKind::Broker
             ? tr("%1\n\nThe RabbitMQ password of %2 (%3), kept until Switchboard quits:")
             : tr("%1\n\nThe Event Socket password of %2 (%3), kept until Switchboard quits:"))
            .arg(request.why, request.name, request.address));
    dialog.setTextEchoMode(QLineEdit::Password);
    // The reason is a sentence or two: wrapped, not one line across the screen.
    for (QLabel *label : dialog.findChildren<QLabel *>())
        label->setWordWrap(true);
    dialog.resize(dialog.fontMetrics().horizontalAdvance(u'M') * 36, dialog.sizeHint().height());
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.textValue();
}

} // namespace Ui
