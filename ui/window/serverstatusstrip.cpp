#include "ui/window/serverstatusstrip.h"

#include "ui/window/servercontrols.h"

#include "console/securitywarnings.h"
#include "console/watchonlysetting.h"

#include <QHBoxLayout>
#include <QLocale>
#include <QMenu>
#include <QStyle>
#include <QToolButton>

namespace Ui {

namespace {

using Console::ServerStatus;

const char *const ProfileIdProperty = "profileId";
const char *const ServerIdProperty = "serverId";
const char *const WarnedProperty = "securityWarned";

// The state's colour for the text; the server's own colour marks the item's edge.
QString textColour(ServerStatus status)
{
    switch (status) {
    case ServerStatus::Down:
    case ServerStatus::Failed:
        return QStringLiteral("#b02a37");
    case ServerStatus::Connecting:
    case ServerStatus::Resyncing:
        return QStringLiteral("#997404");
    case ServerStatus::Live:
        return QStringLiteral("#146c43");
    default:
        return QStringLiteral("palette(window-text)");
    }
}

} // namespace

ServerStatusStrip::ServerStatusStrip(Console::ServerConnections *servers, ServerControls *controls,
                                     QWidget *parent)
    : QWidget(parent), m_servers(servers), m_controls(controls), m_row(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("serverStatusStrip"));
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->setSpacing(6);
    m_row->addStretch(1);
    connect(servers, &Console::ServerConnections::entriesChanged, this,
            &ServerStatusStrip::rebuild);
    connect(servers, &Console::ServerConnections::statusChanged, this, &ServerStatusStrip::refresh);
    rebuild();
}

QToolButton *ServerStatusStrip::itemOf(const Console::ServerEntry &entry) const
{
    for (ServerStatusItem *item : m_items) {
        const Console::ServerEntry e = entryOf(item);
        if (e.isValid() && e.profileId == entry.profileId &&
            (!e.profileId.isEmpty() || e.server == entry.server))
            return item;
    }
    return nullptr;
}

Console::ServerEntry ServerStatusStrip::entryOf(const QToolButton *item) const
{
    const QString profileId = item->property(ProfileIdProperty).toString();
    if (!profileId.isEmpty())
        return m_servers->entryOfProfile(profileId);
    return m_servers->entryOfServer(item->property(ServerIdProperty).value<Monitor::ServerId>());
}

bool ServerStatusStrip::shows(const Console::ServerEntry &entry) const
{
    // A saved profile never connected this session stays out of the way, unless connecting it
    // failed (no password given): then it says why.
    if (entry.broker)
        return m_servers->status(entry) != ServerStatus::NotConnected ||
               !m_servers->problem(entry).isEmpty();
    return entry.server != 0 || !m_servers->problem(entry).isEmpty();
}

void ServerStatusStrip::rebuild()
{
    qDeleteAll(m_items);
    m_items.clear();
    for (const Console::ServerEntry &entry : m_servers->entries()) {
        auto *item = new ServerStatusItem(this);
        item->setObjectName(QStringLiteral("serverStatusItem"));
        item->setProperty(ProfileIdProperty, entry.profileId);
        item->setProperty(ServerIdProperty, QVariant::fromValue(entry.server));
        item->setAutoRaise(true);
        item->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(item, &QToolButton::clicked, this, [this, item] { clicked(item); });
        connect(item, &QWidget::customContextMenuRequested, this,
                [this, item](const QPoint &pos) { showMenu(item, item->mapToGlobal(pos)); });
        m_row->insertWidget(m_row->count() - 1, item);
        m_items.append(item);
    }
    refresh();
}

ServerItemText ServerStatusStrip::brokerSummary(const Console::ServerEntry &broker) const
{
    const QList<Console::ServerEntry> switches = m_servers->switchesOf(broker);
    int lost = 0;
    qint64 channels = 0;
    for (const Console::ServerEntry &sw : switches) {
        const Monitor::ServerMonitor *server = m_servers->hub()->server(sw.server);
        if (!server)
            continue;
        if (server->connectionState() == Monitor::LinkState::Live)
            channels += server->channels()->liveCount();
        else
            ++lost; // silent for a minute, or not heard again since the broker came back
    }
    const QLocale locale;
    // All of it is the state: only the broker's name may give way.
    QString kept = tr(": %1 switches").arg(locale.toString(switches.size()));
    if (switches.size() == 1)
        kept = tr(": 1 switch");
    if (lost > 0)
        kept += tr(" · %1 lost").arg(locale.toString(lost));
    kept +=
        channels == 1 ? tr(" · 1 channel") : tr(" · %1 channels").arg(locale.toString(channels));
    return {broker.name, kept, {}};
}

std::optional<Monitor::ServerProfile> ServerStatusStrip::serverProfileOf(
    const Console::ServerEntry &entry) const
{
    if (entry.broker)
        return std::nullopt;
    if (const Monitor::ServerMonitor *server = m_servers->hub()->server(entry.server))
        return server->profile();
    if (!entry.profileId.isEmpty() && m_servers->profiles()) {
        if (const auto p = m_servers->profiles()->profile(entry.profileId))
            return Console::toServerProfile(*p);
    }
    return std::nullopt;
}

QList<Console::SecurityWarning> ServerStatusStrip::warningsOf(
    const Console::ServerEntry &entry) const
{
    const auto profile = serverProfileOf(entry);
    return profile ? Console::serverWarnings(*profile, m_servers->switchVersion(entry))
                   : QList<Console::SecurityWarning>();
}

ServerItemText ServerStatusStrip::text(const Console::ServerEntry &entry) const
{
    if (entry.broker && m_servers->status(entry) == ServerStatus::Live)
        return brokerSummary(entry);
    const auto profile = serverProfileOf(entry);
    // "(watch-only)" stays with the state: it says what the operator may do there.
    const QString mode =
        profile && Console::isWatchOnly(*profile) ? tr(" (watch-only)") : QString();
    const QString state = tr("%1 · %2").arg(mode, statusWords(m_servers, entry));
    switch (m_servers->status(entry)) {
    case ServerStatus::NotConnected:
    case ServerStatus::Disconnected:
        return {entry.name, state, {tr(" — Connect")}};
    case ServerStatus::Down:
    case ServerStatus::Failed:
        return {entry.name, state, {tr(" — Reconnect now")}};
    case ServerStatus::Live: {
        Monitor::Hub *hub = m_servers->hub();
        const Monitor::ServerMonitor *server = hub->server(entry.server);
        const auto &series = hub->statistics()->series(entry.server);
        const int perMinute = series.empty() ? 0 : series.back().callsLastMinute;
        const double events = series.empty() ? 0 : series.back().eventsPerSecond;
        // Shed from the end: events/s first, then calls/min.
        return {
            entry.name,
            tr("%1 · %2 channels").arg(state).arg(server ? server->channels()->liveCount() : 0),
            {tr(" · %1 calls/min").arg(perMinute), tr(" · %1 events/s").arg(events, 0, 'f', 0)}};
    }
    default:
        return {entry.name, state, {}};
    }
}

void ServerStatusStrip::refresh()
{
    if (m_items.size() != m_servers->entries().size()) {
        rebuild();
        return;
    }
    for (ServerStatusItem *item : std::as_const(m_items)) {
        const Console::ServerEntry entry = entryOf(item);
        item->setVisible(entry.isValid() && shows(entry));
        if (!entry.isValid())
            continue;
        item->setProperty(ServerIdProperty, QVariant::fromValue(entry.server));
        const ServerStatus status = m_servers->status(entry);
        const QColor edge = serverColour(entry);
        const QString style =
            QStringLiteral("QToolButton { border: none; border-left: 4px solid %1; "
                           "padding: 1px 6px; color: %2; }"
                           "QToolButton:hover { background: palette(midlight); }")
                .arg(edge.name(), textColour(status));
        if (item->styleSheet() != style)
            item->setStyleSheet(style); // not each second: that re-polishes
        QStringList tip{entry.name};
        if (const Monitor::ServerMonitor *server = m_servers->hub()->server(entry.server))
            tip.append(server->link()->describe());
        if (const Monitor::BrokerConnection *broker = m_servers->brokerConnection(entry);
            broker && entry.broker)
            tip.append(broker->describe());
        if (const QString problem = m_servers->problem(entry); !problem.isEmpty())
            tip.append(problem);
        // The honest warnings: a ⚠ on the item, each sentence in its tooltip.
        const QList<Console::SecurityWarning> warnings = warningsOf(entry);
        for (const Console::SecurityWarning &w : warnings)
            tip.append(tr("⚠ %1").arg(w.text));
        if (item->property(WarnedProperty).toBool() != !warnings.isEmpty()) {
            item->setProperty(WarnedProperty, !warnings.isEmpty());
            item->setIcon(warnings.isEmpty()
                              ? QIcon()
                              : item->style()->standardIcon(QStyle::SP_MessageBoxWarning));
            item->setToolButtonStyle(warnings.isEmpty() ? Qt::ToolButtonTextOnly
                                                        : Qt::ToolButtonTextBesideIcon);
        }
        if (const auto profile = serverProfileOf(entry); profile && Console::isWatchOnly(*profile))
            tip.append(tr("Watch-only: nothing that changes a call or the switch is sent."));
        tip.append(tr("Click: %1. Right-click: Connect, Disconnect, Reconnect now.")
                       .arg(Console::canConnect(status) ? tr("connect")
                            : status == ServerStatus::Down || status == ServerStatus::Failed
                                ? tr("reconnect now")
                                : tr("the server's menu")));
        item->setSentence(text(entry), tip.join(u'\n'));
    }
}

void ServerStatusStrip::clicked(QToolButton *item)
{
    const Console::ServerEntry entry = entryOf(item);
    switch (m_servers->status(entry)) {
    case ServerStatus::NotConnected:
    case ServerStatus::Disconnected:
        m_controls->connectEntry(entry);
        break;
    case ServerStatus::Down:
    case ServerStatus::Failed:
        m_controls->reconnectEntry(entry);
        break;
    default:
        showMenu(item, item->mapToGlobal(QPoint(0, 0)));
        break;
    }
}

void ServerStatusStrip::showMenu(QToolButton *item, const QPoint &globalPos)
{
    const Console::ServerEntry entry = entryOf(item);
    if (!entry.isValid())
        return;
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("serverStatusMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    m_controls->addActions(menu, entry);
    if (entry.broker)
        m_controls->addSwitches(menu, entry);
    // Above the item: the status bar is at the bottom of the window.
    menu->popup(globalPos - QPoint(0, menu->sizeHint().height()));
}

} // namespace Ui
