#include "ui/registrations/registrationsmodel.h"

#include "ui/common/modelroles.h"

#include "monitor/hub.h"
#include "monitor/registrationstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QHash>
#include <QSet>
#include <QPalette>

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

int RegistrationsModel::liveCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(),
                             [](const Row &r) { return r.dropped.isEmpty(); }));
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
    case Expires: return tr("Expires in");
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
        case Server: return r->serverName;
        case Profile: return g.profile;
        case User: return g.aor();
        case Contact: return g.contact;
        case Agent: return g.userAgent;
        case Network:
            return g.networkIp.isEmpty() ? QString()
                                         : QStringLiteral("%1:%2 %3").arg(g.networkIp, g.networkPort,
                                                                          g.networkProto);
        case Expires:
            if (!r->dropped.isEmpty())
                return QString();
            return g.expiresAtMs > 0 ? countdown(g.expiresAtMs - m_nowMs) : QString();
        case Status: return r->dropped.isEmpty() ? g.status : tr("dropped (%1)").arg(r->dropped);
        }
        return {};
    }
    if (role == RawValueRole && index.column() == Expires)
        return g.expiresAtMs;
    if (role == ServerIdRole)
        return r->server;
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

void RegistrationsModel::refresh(qint64 nowMs)
{
    m_nowMs = nowMs;
    QList<Row> fresh;
    for (Monitor::ServerMonitor *m : m_hub->servers()) {
        const Monitor::RegistrationStore *store = m->panels()->registrations();
        for (const auto &reg : store->registrations())
            fresh.append(Row{m->id(), m->name(), reg, {}, store->isStale()});
        for (const auto &d : store->recentlyDropped(nowMs)) {
            // Registered again under the same Call-ID: the live row stands.
            if (!store->find(d.registration.profile, d.registration.callId))
                fresh.append(Row{m->id(), m->name(), d.registration, d.why, store->isStale()});
        }
    }
    QHash<QString, qsizetype> freshIndex;
    for (qsizetype i = 0; i < fresh.size(); ++i)
        freshIndex.insert(fresh[i].key(), i);
    // Gone rows leave from the bottom up; the others keep their places.
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
