#include "ui/registrations/gatewaysmodel.h"

#include "ui/common/modelroles.h"

#include "monitor/hub.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QHash>
#include <QPalette>
#include <QSet>

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

int GatewaysModel::loudCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &r) { return r.loud && !r.stale; }));
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
        case Server: return r->serverName;
        case Profile: return g.profile;
        case Name: return g.name;
        case State:
            return g.retry.isEmpty() ? g.state : tr("%1 (retry: %2)").arg(g.state, g.retry);
        case Ping: return g.pingStatus;
        case LastAnswer:
            return g.status.isEmpty() ? QString() : QStringLiteral("%1 %2").arg(g.status, g.phrase);
        case Changed: {
            if (g.changedAtMs <= 0)
                return role == Qt::ToolTipRole ? tr("before this console connected") : QString();
            const qint64 ago = std::max<qint64>(0, (m_nowMs - g.changedAtMs) / 1000);
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
    if (r->stale) {
        if (role == Qt::ForegroundRole)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
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

void GatewaysModel::refresh(qint64 nowMs)
{
    m_nowMs = nowMs;
    QList<Row> fresh;
    for (Monitor::ServerMonitor *m : m_hub->servers()) {
        const Monitor::GatewayStore *store = m->panels()->gateways();
        for (const auto &e : store->entries())
            fresh.append(Row{m->id(), m->name(), e, Monitor::GatewayStore::isLoud(e), store->isStale()});
    }
    QHash<QString, qsizetype> freshIndex;
    for (qsizetype i = 0; i < fresh.size(); ++i)
        freshIndex.insert(fresh[i].key(), i);
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (!freshIndex.contains(m_rows[i].key())) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    QSet<QString> kept;
    for (Row &r : m_rows) {
        const QString key = r.key();
        r = fresh[freshIndex.value(key)];
        kept.insert(key);
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    QList<Row> added;
    for (const Row &r : std::as_const(fresh)) {
        if (!kept.contains(r.key())) {
            kept.insert(r.key()); // a key listed twice is shown once
            added.append(r);
        }
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
}

} // namespace Ui
