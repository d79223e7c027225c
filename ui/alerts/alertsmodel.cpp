#include "ui/alerts/alertsmodel.h"

#include "ui/common/modelroles.h"
#include "ui/registrations/steadyrows.h"

#include "console/profile.h"
#include "monitor/alertengine.h"
#include "monitor/alertexport.h"
#include "monitor/bidi.h"
#include "monitor/hub.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>
#include <QPixmap>

#include <limits>

namespace Ui {

namespace {

// Today's times as HH:mm:ss; older ones with their date.
QString shortTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    return at.date() == QDate::currentDate() ? at.toString(QStringLiteral("HH:mm:ss"))
                                             : at.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

// Sorts descending as text: the larger the number, the smaller the key.
QString descending(qint64 value)
{
    return QString::number(std::numeric_limits<qint64>::max() - std::max<qint64>(0, value))
        .rightJustified(19, u'0');
}

} // namespace

AlertsModel::AlertsModel(Monitor::AlertEngine *engine, Monitor::Hub *hub, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine), m_hub(hub)
{}

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const AlertsModel::Row *AlertsModel::row(int index) const
{
    return index >= 0 && index < m_rows.size() ? &m_rows[index] : nullptr;
}

int AlertsModel::rowOf(quint64 alertId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].alert.id == alertId)
            return int(i);
    }
    return -1;
}

QString AlertsModel::severityText(Monitor::AlertSeverity severity)
{
    switch (severity) {
    case Monitor::AlertSeverity::Critical: return tr("critical");
    case Monitor::AlertSeverity::Warning: return tr("warning");
    case Monitor::AlertSeverity::Info: break;
    }
    return tr("info");
}

QColor AlertsModel::severityColour(Monitor::AlertSeverity severity)
{
    switch (severity) {
    case Monitor::AlertSeverity::Critical: return QColor(200, 30, 30);
    case Monitor::AlertSeverity::Warning: return QColor(214, 130, 0);
    case Monitor::AlertSeverity::Info: break;
    }
    return QColor(40, 110, 190);
}

QString AlertsModel::stateText(Monitor::AlertState state)
{
    switch (state) {
    case Monitor::AlertState::Active: return tr("active");
    case Monitor::AlertState::Acknowledged: return tr("acknowledged");
    case Monitor::AlertState::Cleared: break;
    }
    return tr("cleared");
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity: return tr("Severity");
    case State: return tr("State");
    case Rule: return tr("Rule");
    case Server: return tr("Server");
    case Subject: return tr("Subject");
    case Message: return tr("Message");
    case Count: return tr("Count");
    case Fired: return tr("Fired");
    case Last: return tr("Last");
    case Cleared: return tr("Cleared");
    }
    return {};
}

QVariant AlertsModel::display(const Row &r, int column) const
{
    const Monitor::Alert &a = r.alert;
    switch (column) {
    case Severity: return severityText(a.severity);
    case State:
        return a.silenced && a.isActive() ? tr("%1 (silenced)").arg(stateText(a.state))
                                          : stateText(a.state);
    case Rule: return r.ruleName;
    case Server: return a.server == Monitor::kAllServers ? tr("all") : Monitor::isolated(a.serverName);
    case Subject: return Monitor::isolated(a.subject);
    case Message: return Monitor::isolated(a.message);
    case Count: return a.count;
    case Fired: return shortTime(a.firedMs);
    case Last: return shortTime(a.lastMs);
    case Cleared: return shortTime(a.clearedMs);
    }
    return {};
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    const Row *r = row(index.row());
    if (!r)
        return {};
    const Monitor::Alert &a = r->alert;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return display(*r, column);
    case Qt::ToolTipRole:
        if (column == Fired || column == Last || column == Cleared) {
            const qint64 ms = column == Fired ? a.firedMs : column == Last ? a.lastMs : a.clearedMs;
            return Monitor::alertTime(ms);
        }
        if (column == State && a.acknowledgedMs > 0)
            return tr("acknowledged at %1").arg(Monitor::alertTime(a.acknowledgedMs));
        return display(*r, column);
    case RawValueRole:
        switch (column) {
        case Severity: return int(a.severity);
        case State: return int(a.state);
        case Count: return a.count;
        case Fired: return a.firedMs;
        case Last: return a.lastMs;
        case Cleared: return a.clearedMs;
        }
        return display(*r, column);
    case ServerIdRole: return a.server;
    case Qt::TextAlignmentRole:
        return column == Count ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DecorationRole:
        if (column == Severity) {
            QPixmap dot(10, 10);
            dot.fill(severityColour(a.severity));
            return dot;
        }
        if (column == Server && r->colour.isValid()) {
            QPixmap bar(4, 14);
            bar.fill(r->colour);
            return bar;
        }
        return {};
    case Qt::ForegroundRole:
        if (!a.isActive() || r->gone)
            return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
        if (column == Severity)
            return QBrush(severityColour(a.severity));
        return {};
    case Qt::FontRole: {
        if (r->gone) {
            QFont f;
            f.setStrikeOut(true);
            return f;
        }
        // What still needs the operator stands out; what they have seen does not.
        if (a.state == Monitor::AlertState::Active) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    }
    }
    return {};
}

void AlertsModel::refresh(int pinnedRows)
{
    QHash<QString, QString> names;
    for (const Monitor::AlertRule &rule : m_engine->rules())
        names.insert(rule.id, rule.name);
    QList<Row> fresh;
    const QList<Monitor::Alert> alerts = m_engine->alerts();
    fresh.reserve(alerts.size());
    for (const Monitor::Alert &a : alerts) {
        if (m_activeOnly && !a.isActive())
            continue;
        Row r;
        r.alert = a;
        r.ruleName = names.value(a.ruleId, a.ruleId);
        if (const Monitor::ServerMonitor *m = m_hub ? m_hub->server(a.server) : nullptr) {
            const QColor chosen = QColor::fromString(m->profile().colour);
            r.colour = chosen.isValid() ? chosen : Console::profileColour(int(m->id()) - 1);
        }
        r.order = SteadyRows::orderOf({a.isActive() ? QStringLiteral("0") : QStringLiteral("1"),
                                       descending(a.firedMs), descending(qint64(a.id))});
        fresh.append(std::move(r));
    }
    SteadyRows::Signals s{
        [this](int a, int b) { beginRemoveRows({}, a, b); }, [this] { endRemoveRows(); },
        [this](int a, int b) { beginInsertRows({}, a, b); }, [this] { endInsertRows(); }};
    SteadyRows::merge(m_rows, fresh, pinnedRows, s, [](Row &r) { r.gone = true; });
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

} // namespace Ui
