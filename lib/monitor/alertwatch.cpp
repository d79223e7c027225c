// AlertEngine::watch: a hub's server, through ServerMonitor's signals. Kept apart from the
// engine so that a standalone engine (eslcat, the benchmark, the fuzzer) links without the
// server monitor.

#include "alertengine.h"

#include "servermonitor.h"

namespace Monitor {

void AlertEngine::watch(ServerMonitor *server)
{
    const ServerId id = server->id();
    removeServer(id);
    addServer(id, server->name(),
              AlertSources{server->panels()->gateways(), server->panels()->callCenter(),
                           server->channels()});
    QList<QMetaObject::Connection> &c = m_connections[id];
    c.append(connect(server, &ServerMonitor::recordStored, this, [this](Sequence seq) {
        if (!m_store)
            return;
        if (const std::optional<EventStore::Record> record = m_store->record(seq))
            processRecord(*record);
    }));
    c.append(connect(server, &ServerMonitor::connectionStateChanged, this,
                     [this, id](LinkState state) { linkStateChanged(id, state, now()); }));
    c.append(connect(server->link(), &SwitchLink::coreUuidChanged, this,
                     [this, id](const QString &uuid) { linkCoreUuidChanged(id, uuid, now()); }));
    c.append(connect(server->link(), &SwitchLink::eventsMayHaveBeenMissed, this,
                     [this, id] { linkEventsMissed(id, now()); }));
    c.append(connect(server, &QObject::destroyed, this, [this, id] { removeServer(id); }));
    ServerState &s = serverState(id);
    s.coreUuid = server->link()->coreUuid(); // the first one known is no restart
    linkStateChanged(id, server->connectionState(), now());
    if (!m_ticker.isActive())
        m_ticker.start();
}

} // namespace Monitor
