#include "ui/registrations/registrationsmodel.h"

#include "ui/common/modelroles.h"
#include "ui/registrations/steadyrows.h"

#include "console/profile.h"
#include "monitor/bidi.h"
#include "monitor/hub.h"
#include "monitor/registrationstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QPixmap>

namespace Ui {

namespace {

// "4:59", "59 s", "1:02:03"; "expired" once past.
QString countdown(qint64 ms)
{
    if (ms <= 0)
        return QObject::tr("expired");
    const qint64 s = ms / 1000;
    if (s < 60)
        return QObject::tr("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2:%3")
        .arg(s / 3600)
        .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QString RegistrationsModel::Row::key() const
{
    // The same for a registration and its dropped self: the struck-out row stays in place.
    return QString::number(server) + u'\n' + registration.profile + u'\n' + registration.callId;
}

RegistrationsModel::RegistrationsModel(Monitor::Hub *hub, QObject *parent)
    : QAbstractTableModel(parent), m_hub(hub)
{}

int RegistrationsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RegistrationsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const RegistrationsModel::Row *RegistrationsModel::row(int index) const
{
    return index >= 0 && index < m_rows.size() ? &m_rows[index] : nullptr;
}

int RegistrationsModel::rowOf(const QString &key) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].key() == key)
            return int(i);
    }
    return -1;
}

int RegistrationsModel::liveCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &r) { return r.dropped.isEmpty() && !r.stale; }));
}

QVariant RegistrationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Server: return tr("Server");
    case Profile: return tr("Profile");
    case User: return tr("User");
    case Contact: return tr("Contact");
    case Agent: return tr("User agent");
    case Network: return tr("Network");
    case Expires: return tr("Expires");
    case Status: return tr("Status");
    }
    return {};
}

QVariant RegistrationsModel::data(const QModelIndex &index, int role) const
{
    const Row *r = row(index.row());
    if (!r)
        return {};
    const Monitor::Sofia::Registration &g = r->registration;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Server: return Monitor::isolated(r->serverName);
        case Profile: return Monitor::isolated(g.profile);
        case User: return Monitor::isolated(g.aor());
        case Contact: return Monitor::isolated(g.contact);
        case Agent: return Monitor::isolated(g.userAgent);
        case Network:
            return g.networkIp.isEmpty() ? QString()
                                         : QStringLiteral("%1:%2 %3").arg(g.networkIp, g.networkPort,
                                                                          g.networkProto);
        case Expires: {
            if (!r->dropped.isEmpty() || g.expiresAtMs <= 0)
                return QString();
            const QString left = countdown(g.expiresAtMs - r->clockMs);
            if (role == Qt::DisplayRole)
                return left;
            const QString at = QDateTime::fromMSecsSinceEpoch(g.expiresAtMs).toString(u"HH:mm:ss");
            return r->stale ? tr("%1 when the link went; due at %2").arg(left, at)
                            : tr("due at %1").arg(at);
        }
        case Status: return r->dropped.isEmpty() ? g.status : tr("dropped (%1)").arg(r->dropped);
        }
        return {};
    }
    if (role == RawValueRole && index.column() == Expires)
        return g.expiresAtMs;
    if (role == ServerIdRole)
        return r->server;
    if (role == IsStaleRole)
        return r->stale;
    if (role == Qt::DecorationRole) {
        // Two switches may have the same users: the server's colour tells their rows apart.
        if (index.column() == Server && r->colour.isValid())
            return r->colour;
        if (index.column() == User && m_severalServers && r->colour.isValid()) {
            QPixmap bar(4, 14);
            bar.fill(r->colour);
            return bar;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == Expires)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && (r->stale || !r->dropped.isEmpty()))
        return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
    if (role == Qt::BackgroundRole && r->dropped.isEmpty() && !r->stale && g.changedAtMs > 0 &&
        m_nowMs - g.changedAtMs < kFlashMs) {
        return QBrush(QColor(255, 236, 150)); // the flash: just registered or moved
    }
    if (role == Qt::FontRole && !r->dropped.isEmpty()) {
        QFont f;
        f.setStrikeOut(true);
        return f;
    }
    return {};
}

void RegistrationsModel::refresh(qint64 nowMs, int pinnedRows)
{
    m_nowMs = nowMs;
    const QList<Monitor::ServerMonitor *> servers = m_hub->servers();
    m_severalServers = servers.size() > 1;
    QList<Row> fresh;
    for (Monitor::ServerMonitor *m : servers) {
        const Monitor::RegistrationStore *store = m->panels()->registrations();
        const bool stale = store->isStale();
        const QColor chosen = QColor::fromString(m->profile().colour);
        const QColor colour = chosen.isValid() ? chosen : Console::profileColour(int(m->id()) - 1);
        const auto add = [&](const Monitor::Sofia::Registration &reg, const QString &why) {
            Row r{m->id(), m->name(), colour, reg, why, stale, stale ? store->staleSinceMs() : nowMs, {}};
            r.order = SteadyRows::orderOf({m->name(), QString::number(m->id()), reg.profile,
                                           reg.user, reg.realm, reg.callId});
            fresh.append(std::move(r));
        };
        for (const auto &reg : store->registrations())
            add(reg, {});
        for (const auto &d : store->recentlyDropped(nowMs)) {
            // Registered again under the same Call-ID: the live row stands.
            if (!store->find(d.registration.profile, d.registration.callId))
                add(d.registration, d.why);
        }
    }
    SteadyRows::Signals s{
        [this](int a, int b) { beginRemoveRows({}, a, b); }, [this] { endRemoveRows(); },
        [this](int a, int b) { beginInsertRows({}, a, b); }, [this] { endInsertRows(); }};
    SteadyRows::merge(m_rows, fresh, pinnedRows, s, [](Row &r) {
        if (r.dropped.isEmpty())
            r.dropped = tr("gone");
    });
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace Ui
