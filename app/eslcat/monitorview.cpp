#include "monitorview.h"

#include "calls.h"

#include "monitor/panelstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Eslcat {

MonitorView callsView()
{
    MonitorView view;
    view.what = QStringLiteral("channel list");
    view.write = [](FILE *out, const QString &server, const Monitor::ServerMonitor &monitor) {
        writeCallLines(out, server, *monitor.channels());
    };
    view.watch = [](Monitor::ServerMonitor *monitor, QObject *context,
                    const std::function<void()> &changed) {
        const Monitor::ChannelStore *store = monitor->channels();
        QObject::connect(store, &Monitor::ChannelStore::channelAdded, context, changed);
        QObject::connect(store, &Monitor::ChannelStore::channelChanged, context, changed);
        QObject::connect(store, &Monitor::ChannelStore::channelRemoved, context, changed);
    };
    return view;
}

MonitorView panelView(const QString &kind)
{
    MonitorView view;
    view.what = QStringLiteral("%1 listing").arg(kind);
    view.write = [kind](FILE *out, const QString &server, const Monitor::ServerMonitor &monitor) {
        const Monitor::PanelStore *store = monitor.panels()->store(kind);
        if (!store)
            return;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const QJsonObject &row : store->rows(now)) {
            // "server" first, as in `calls`: QJsonObject sorts its keys, so it is spliced in.
            QByteArray line = QJsonDocument(row).toJson(QJsonDocument::Compact);
            const QByteArray head =
                "{\"server\":" +
                QJsonDocument(QJsonArray{server}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
            line = line.size() > 2 ? head + ',' + line.mid(1) : head + '}';
            line += '\n';
            std::fwrite(line.constData(), 1, size_t(line.size()), out);
        }
    };
    view.watch = [kind](Monitor::ServerMonitor *monitor, QObject *context,
                        const std::function<void()> &changed) {
        if (Monitor::PanelStore *store = monitor->panels()->store(kind))
            QObject::connect(store, &Monitor::PanelStore::changed, context, changed);
    };
    view.ready = [kind](const Monitor::ServerMonitor &monitor) {
        const Monitor::PanelStore *store = monitor.panels()->store(kind);
        if (!store)
            return true;
        const Monitor::PanelSyncState state = store->syncState();
        return state != Monitor::PanelSyncState::NotSynced &&
               state != Monitor::PanelSyncState::Syncing;
    };
    view.note = [kind](const QString &server, const Monitor::ServerMonitor &monitor) {
        const Monitor::PanelStore *store = monitor.panels()->store(kind);
        if (!store || store->syncError().isEmpty())
            return QString();
        return QStringLiteral("%1: %2").arg(server, store->syncError());
    };
    return view;
}

} // namespace Eslcat
