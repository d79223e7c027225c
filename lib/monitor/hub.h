#pragma once
// The monitor as a whole: several servers at once, one shared event store (records keyed by
// server), statistics over all of them, and the audit log through which operator commands go.
// A channel is identified across servers by (server id, uuid).

#include "alertengine.h"
#include "auditlog.h"
#include "eventstore.h"
#include "journal.h"
#include "servermonitor.h"
#include "statistics.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

namespace Monitor {

class Hub : public QObject
{
    Q_OBJECT

public:
    explicit Hub(QObject *parent = nullptr);
    ~Hub() override;

    [[nodiscard]] EventStore *store() { return &m_store; }
    [[nodiscard]] Statistics *statistics() { return &m_statistics; }
    [[nodiscard]] AuditLog *audit() { return &m_audit; }
    // The alert rules over every server of the hub (each server added is watched).
    [[nodiscard]] AlertEngine *alerts() { return &m_alerts; }
    // Everything every server sends also goes to an on-disk journal (a new session in `path`),
    // written at least once a second, until stopJournal(). The journal lives on a thread of its
    // own: serializing, compressing and writing the records took the GUI thread a quarter to
    // two fifths of its time at 5,000 events/s. Records are handed over in order (queued calls);
    // start and stop wait for the journal's thread, and stopping writes what was handed over.
    Esl::Expected<qint64> startJournal(const QString &path, const QString &note = {});
    void stopJournal();
    [[nodiscard]] bool isJournaling() const { return m_journaling; }
    // Records handed to the journal's thread and not taken in yet, and records dropped because
    // kMaxJournalBacklog of them were waiting already.
    [[nodiscard]] qint64 journalBacklog() const { return m_journalInFlight.load(); }
    [[nodiscard]] qint64 journalDropped() const { return m_journalDropped; }
    static constexpr qint64 kMaxJournalBacklog = 200'000;
    // The journal itself, on its thread: call it there (QMetaObject::invokeMethod); its signals
    // reach receivers on other threads queued.
    [[nodiscard]] Journal *journal() { return m_journal; }

    // Watches a switch through makeSwitchLink(profile).
    ServerMonitor *addServer(const ServerProfile &profile);
    // Watches a switch through `link` (a broker's, a test's).
    ServerMonitor *addServer(const ServerProfile &profile, std::unique_ptr<SwitchLink> link);
    void removeServer(ServerId id);
    [[nodiscard]] QList<ServerMonitor *> servers() const;
    [[nodiscard]] ServerMonitor *server(ServerId id) const;
    [[nodiscard]] QString serverName(ServerId id) const;
    // A source of records that is not a live server (a saved log opened for analysis): a new
    // id, named, that no server will use. Its records show under `name`.
    ServerId addOfflineSource(const QString &name);

    // Operator commands: sent through the server's link and written to the audit log with
    // their replies. A server that is not live, or whose link cannot carry the command (execute
    // over a broker), fails them at once, sending nothing (and that is audited too).
    // A reply not there after `timeoutMs` (-1: the link's default) fails with Timeout.
    // `accepted` is called when the switch acknowledged a bgapi or sendmsg (SwitchLink::Accepted).
    QFuture<Esl::Reply> api(ServerId id, const QString &command, int timeoutMs = -1);
    QFuture<Esl::JobResult> bgapi(ServerId id, const QString &command, int timeoutMs = -1,
                                  const SwitchLink::Accepted &accepted = {});
    QFuture<Esl::ExecuteResult> execute(ServerId id, const QString &application,
                                        const QString &argument, const Esl::ExecuteOptions &options,
                                        const SwitchLink::Accepted &accepted = {});

Q_SIGNALS:
    void serverAdded(Monitor::ServerMonitor *server);
    void serverRemoved(Monitor::ServerId id);

private:
    EventStore m_store;
    Statistics m_statistics;
    AuditLog m_audit;
    AlertEngine m_alerts{&m_store};
    QThread m_journalThread;
    Journal *m_journal = nullptr; // on m_journalThread
    bool m_journaling = false;
    std::atomic<qint64> m_journalInFlight = 0;
    qint64 m_journalDropped = 0;
    // Runs write(journal) on the journal's thread, in order, unless the backlog is full.
    template<typename Write>
    void handToJournal(Write write);
    std::vector<std::unique_ptr<ServerMonitor>> m_servers;
    ServerId m_nextId = 1;
    QHash<ServerId, QString> m_offlineNames;
};

} // namespace Monitor
