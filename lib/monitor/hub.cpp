#include "hub.h"

#include <optional>

namespace Monitor {

Hub::Hub(QObject *parent) : QObject(parent)
{
    m_statistics.start();
    m_journal = new Journal;
    m_journal->moveToThread(&m_journalThread);
    m_journalThread.setObjectName(QStringLiteral("journal"));
    m_journalThread.start();
}

Hub::~Hub()
{
    // The alerts' journal first: servers going away at exit is no alert clearing.
    m_alerts.setJournal({});
    // Servers first: their clients fail pending work into continuations that may audit.
    m_servers.clear();
    stopJournal();
    m_journalThread.quit();
    m_journalThread.wait();
    delete m_journal; // its thread has finished: safe from here
}

Esl::Expected<qint64> Hub::startJournal(const QString &path, const QString &note)
{
    stopJournal();
    std::optional<Esl::Expected<qint64>> opened;
    QMetaObject::invokeMethod(
        m_journal, [&] { opened = m_journal->open(path, note); }, Qt::BlockingQueuedConnection);
    m_journaling = opened->ok();
    return *opened;
}

template<typename Write>
void Hub::handToJournal(Write write)
{
    if (!m_journaling)
        return;
    // A journal that cannot keep up (a slow disk, a machine short of CPU) must not make the
    // records waiting for it grow without bound: past kMaxJournalBacklog they are dropped and
    // counted, as the journal itself does with records it cannot write.
    if (m_journalInFlight.load(std::memory_order_relaxed) >= kMaxJournalBacklog) {
        ++m_journalDropped;
        return;
    }
    m_journalInFlight.fetch_add(1, std::memory_order_relaxed);
    QMetaObject::invokeMethod(
        m_journal,
        [this, write = std::move(write)] {
            m_journalInFlight.fetch_sub(1, std::memory_order_relaxed);
            write(*m_journal);
        },
        Qt::QueuedConnection);
}

void Hub::stopJournal()
{
    if (!m_journaling)
        return;
    m_journaling = false;
    // After every record handed over before (the same queue), then closed: all written.
    QMetaObject::invokeMethod(
        m_journal, [this] { m_journal->close(); }, Qt::BlockingQueuedConnection);
}

ServerMonitor *Hub::addServer(const ServerProfile &profile)
{
    return addServer(profile, makeSwitchLink(profile));
}

ServerMonitor *Hub::addServer(const ServerProfile &profile, std::unique_ptr<SwitchLink> link)
{
    auto server = std::make_unique<ServerMonitor>(m_nextId++, profile, &m_store, std::move(link));
    ServerMonitor *raw = server.get();
    m_servers.push_back(std::move(server));
    m_alerts.watch(raw);
    // Events and log lines are implicitly shared and never changed once received: the copies
    // handed to the journal's thread are read there only.
    connect(raw, &ServerMonitor::eventArrived, this, [this, raw](const Esl::Event &e, qint64 ms) {
        handToJournal([id = raw->id(), name = raw->name(), e, ms](Journal &journal) {
            journal.append(id, name, e, ms);
        });
    });
    connect(raw, &ServerMonitor::logArrived, this, [this, raw](const Esl::LogLine &l, qint64 ms) {
        handToJournal([id = raw->id(), name = raw->name(), l, ms](Journal &journal) {
            journal.appendLog(id, name, l, ms);
        });
    });
    m_statistics.watch(raw);
    Q_EMIT serverAdded(raw);
    return raw;
}

void Hub::removeServer(ServerId id)
{
    const auto it = std::find_if(m_servers.begin(), m_servers.end(),
                                 [id](const auto &s) { return s->id() == id; });
    if (it == m_servers.end())
        return;
    m_statistics.unwatch(id);
    m_alerts.removeServer(id);
    (*it)->stop();
    std::unique_ptr<ServerMonitor> gone = std::move(*it);
    m_servers.erase(it);
    Q_EMIT serverRemoved(id);
    gone.release()->deleteLater();
}

QList<ServerMonitor *> Hub::servers() const
{
    QList<ServerMonitor *> out;
    for (const auto &s : m_servers)
        out.append(s.get());
    return out;
}

ServerMonitor *Hub::server(ServerId id) const
{
    for (const auto &s : m_servers) {
        if (s->id() == id)
            return s.get();
    }
    return nullptr;
}

QString Hub::serverName(ServerId id) const
{
    if (const ServerMonitor *s = server(id))
        return s->name();
    const auto offline = m_offlineNames.constFind(id);
    return offline != m_offlineNames.cend() ? *offline : QStringLiteral("server %1").arg(id);
}

ServerId Hub::addOfflineSource(const QString &name)
{
    const ServerId id = m_nextId++;
    m_offlineNames.insert(id, name);
    return id;
}

QFuture<Esl::Reply> Hub::api(ServerId id, const QString &command, int timeoutMs)
{
    const int entry =
        m_audit.begin(serverName(id), QStringLiteral("api ") + command, ServerMonitor::now());
    ServerMonitor *s = server(id);
    QFuture<Esl::Reply> reply =
        s ? s->link()->api(command, timeoutMs)
          : Esl::detail::readyFuture(Esl::Reply::failure(
                Esl::Error{Esl::Error::Code::Disconnected, QStringLiteral("no such server"), -1}));
    return reply.then(this, [this, entry](const Esl::Reply &r) {
        m_audit.finish(entry, r.ok(), r.ok() ? r.text().trimmed() : r.errorText(),
                       ServerMonitor::now());
        return r;
    });
}

QFuture<Esl::JobResult> Hub::bgapi(ServerId id, const QString &command, int timeoutMs,
                                   const SwitchLink::Accepted &accepted)
{
    const int entry =
        m_audit.begin(serverName(id), QStringLiteral("bgapi ") + command, ServerMonitor::now());
    ServerMonitor *s = server(id);
    QFuture<Esl::JobResult> job = s ? s->link()->bgapi(command, timeoutMs, accepted)
                                    : Esl::detail::readyFuture(Esl::JobResult::failure(
                                          {}, Esl::Error{Esl::Error::Code::Disconnected,
                                                         QStringLiteral("no such server"), -1}));
    return job.then(this, [this, entry](const Esl::JobResult &r) {
        m_audit.finish(entry, r.ok(), r.ok() ? r.text().trimmed() : r.errorText(),
                       ServerMonitor::now());
        return r;
    });
}

QFuture<Esl::ExecuteResult> Hub::execute(ServerId id, const QString &application,
                                         const QString &argument,
                                         const Esl::ExecuteOptions &options,
                                         const SwitchLink::Accepted &accepted)
{
    QString text = QStringLiteral("sendmsg %1\ncall-command: execute\nexecute-app-name: %2")
                       .arg(options.uuid, application);
    if (!argument.isEmpty())
        text += QStringLiteral("\nexecute-app-arg: ") + argument;
    if (options.eventLock)
        text += QStringLiteral("\nevent-lock: true");
    if (options.loops > 1)
        text += QStringLiteral("\nloops: %1").arg(options.loops);
    const int entry = m_audit.begin(serverName(id), text, ServerMonitor::now());
    ServerMonitor *s = server(id);
    QFuture<Esl::ExecuteResult> run =
        s ? s->link()->execute(application, argument, options, accepted)
          : Esl::detail::readyFuture(
                Esl::ExecuteResult::failure({}, Esl::Error{Esl::Error::Code::Disconnected,
                                                           QStringLiteral("no such server"), -1}));
    return run.then(this, [this, entry](const Esl::ExecuteResult &r) {
        m_audit.finish(entry, r.ok(),
                       r.ok() ? QStringLiteral("completed: %1").arg(r.applicationResponse())
                              : r.errorText(),
                       ServerMonitor::now());
        return r;
    });
}

} // namespace Monitor
