#include "ui/registrations/gatewaysmodel.h"

#include "ui/common/modelroles.h"
#include "ui/registrations/steadyrows.h"

#include "console/profile.h"
#include "monitor/bidi.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QPixmap>

namespace Ui {

QString GatewaysModel::Row::key() const
{
    return QString::number(server) + u'\n' + entry.gateway.name;
}

GatewaysModel::GatewaysModel(Monitor::Hub *hub, QObject *parent)
    : QAbstractTableModel(parent), m_hub(hub)
{}

int GatewaysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GatewaysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const GatewaysModel::Row *GatewaysModel::row(int index) const
{
    return index >= 0 && index < m_rows.size() ? &m_rows[index] : nullptr;
}

int GatewaysModel::rowOf(const QString &key) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key() == key)
            return int(i);
    }
    return -1;
}

int GatewaysModel::loudCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &r) { return r.loud && !r.stale && !r.gone; }));
}

QVariant GatewaysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Server: return tr("Server");
    case Profile: return tr("Profile");
    case Name: return tr("Gateway");
    case State: return tr("State");
    case Ping: return tr("Ping");
    case LastAnswer: return tr("Last answer");
    case Changed: return tr("Changed");
    }
    return {};
}

QVariant GatewaysModel::data(const QModelIndex &index, int role) const
{
    const Row *r = row(index.row());
    if (!r)
        return {};
    const Monitor::Sofia::Gateway &g = r->entry.gateway;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Server: return Monitor::isolated(r->serverName);
        case Profile: return Monitor::isolated(g.profile);
        case Name:
            return r->gone && role == Qt::ToolTipRole
                       ? tr("%1 (deleted)").arg(Monitor::isolated(g.name))
                       : Monitor::isolated(g.name);
        case State:
            return g.retry.isEmpty() ? g.state : tr("%1 (retry: %2)").arg(g.state, g.retry);
        case Ping: return g.pingStatus;
        case LastAnswer:
            return g.status.isEmpty() ? QString() : QStringLiteral("%1 %2").arg(g.status, g.phrase);
        case Changed: {
            if (g.changedAtMs <= 0)
                return role == Qt::ToolTipRole ? tr("before this console connected") : QString();
            const qint64 ago = std::max<qint64>(0, (r->clockMs - g.changedAtMs) / 1000);
            return tr("%1 (%2 s ago)")
                .arg(QDateTime::fromMSecsSinceEpoch(g.changedAtMs).toString(QStringLiteral("HH:mm:ss")))
                .arg(ago);
        }
        }
        return {};
    }
    if (role == RawValueRole && index.column() == Changed)
        return g.changedAtMs;
    if (role == ServerIdRole)
        return r->server;
    if (role == IsStaleRole)
        return r->stale;
    if (role == Qt::DecorationRole) {
        if (index.column() == Server && r->colour.isValid())
            return r->colour;
        if (index.column() == Name && m_severalServers && r->colour.isValid()) {
            QPixmap bar(4, 14);
            bar.fill(r->colour);
            return bar;
        }
        return {};
    }
    if (r->stale || r->gone) {
        if (role == Qt::ForegroundRole)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (role == Qt::FontRole && r->gone) {
            QFont f;
            f.setStrikeOut(true);
            return f;
        }
        return {};
    }
    if (r->loud) {
        if (role == Qt::BackgroundRole)
            return QBrush(QColor(200, 30, 30));
        if (role == Qt::ForegroundRole)
            return QBrush(Qt::white);
        if (role == Qt::FontRole) {
            QFont f;
            f.setBold(true);
            return f;
        }
    }
    return {};
}

void GatewaysModel::refresh(qint64 nowMs, int pinnedRows)
{
    m_nowMs = nowMs;
    const QList<Monitor::ServerMonitor *> servers = m_hub->servers();
    m_severalServers = servers.size() > 1;
    QList<Row> fresh;
    for (Monitor::ServerMonitor *m : servers) {
        const Monitor::GatewayStore *store = m->panels()->gateways();
        const bool stale = store->isStale();
        const QColor chosen = QColor::fromString(m->profile().colour);
        const QColor colour = chosen.isValid() ? chosen : Console::profileColour(int(m->id()) - 1);
        for (const auto &e : store->entries()) {
            Row r{m->id(), m->name(), colour, e, Monitor::GatewayStore::isLoud(e), stale, false,
                  stale ? store->staleSinceMs() : nowMs, {}};
            r.order = SteadyRows::orderOf({m->name(), QString::number(m->id()), e.gateway.profile,
                                           e.gateway.name});
            fresh.append(std::move(r));
        }
    }
    SteadyRows::Signals s{
        [this](int a, int b) { beginRemoveRows({}, a, b); }, [this] { endRemoveRows(); },
        [this](int a, int b) { beginInsertRows({}, a, b); }, [this] { endInsertRows(); }};
    SteadyRows::merge(m_rows, fresh, pinnedRows, s, [](Row &r) { r.gone = true; });
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace Ui
