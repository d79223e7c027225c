#include "panelstore.h"

#include <QPointer>

#include <memory>

namespace Monitor {

PanelStore::PanelStore(QObject *parent) : QObject(parent) {}

PanelStore::~PanelStore() = default;

bool PanelStore::apply(const Esl::Event &event, qint64 nowMs)
{
    ++m_eventsApplied;
    if (!applyEvent(event, nowMs))
        return false;
    Q_EMIT changed();
    return true;
}

void PanelStore::sync(const Api &api, qint64 nowMs)
{
    ++m_generation;
    m_api = api;
    setSyncState(PanelSyncState::Syncing);
    startSync(nowMs);
}

void PanelStore::markStale(qint64 sinceMs)
{
    if (m_staleSinceMs > 0)
        return;
    m_staleSinceMs = sinceMs;
    ++m_generation; // answers still out belong to the link that went
    if (m_syncState == PanelSyncState::Syncing)
        setSyncState(PanelSyncState::NotSynced);
    Q_EMIT changed();
}

void PanelStore::clear()
{
    ++m_generation;
    clearState();
    m_staleSinceMs = 0;
    m_syncedAtMs = 0;
    m_syncError.clear();
    setSyncState(PanelSyncState::NotSynced);
    Q_EMIT changed();
}

bool PanelStore::saysCommandNotFound(const Esl::Reply &reply)
{
    if (reply.error())
        return false;
    const QByteArray &body = reply.body();
    return body.startsWith("-ERR ") && body.trimmed().endsWith("Command not found!");
}

void PanelStore::request(const QStringList &commands, std::function<void(const Replies &)> done)
{
    if (commands.isEmpty()) {
        done({});
        return;
    }
    struct Gathering
    {
        Replies replies;
        int outstanding = 0;
        bool ended = false;
    };
    auto gathering = std::make_shared<Gathering>();
    gathering->replies.resize(commands.size());
    gathering->outstanding = int(commands.size());
    const int generation = m_generation;
    const Api api = m_api;
    // No then(context): Qt 6.4 asserts on a continuation whose context died, and a link fails
    // what is pending as it goes, which may be after this store (ServerMonitor's members).
    const QPointer<PanelStore> self(this);
    for (int i = 0; i < commands.size(); ++i) {
        api(commands[i]).then([self, this, gathering, generation, i, done,
                               command = commands[i]](const Esl::Reply &reply) {
            if (!self || gathering->ended || generation != m_generation)
                return;
            if (saysCommandNotFound(reply)) {
                gathering->ended = true;
                clearState();
                m_syncError = tr("%1 is not loaded on this switch").arg(module());
                m_staleSinceMs = 0;
                setSyncState(PanelSyncState::ModuleMissing);
                Q_EMIT changed();
                return;
            }
            if (reply.error()) {
                gathering->ended = true;
                failSync(tr("%1: %2").arg(command, reply.errorText()));
                return;
            }
            gathering->replies[i] = reply;
            if (--gathering->outstanding == 0) {
                gathering->ended = true;
                done(gathering->replies);
            }
        });
    }
}

void PanelStore::request(const QString &command, std::function<void(const Esl::Reply &)> done)
{
    request(QStringList{command}, [done](const Replies &replies) { done(replies.value(0)); });
}

void PanelStore::followUp(const QStringList &commands, std::function<void(const Replies &)> done)
{
    if (commands.isEmpty())
        return;
    struct Gathering
    {
        Replies replies;
        int outstanding = 0;
    };
    auto gathering = std::make_shared<Gathering>();
    gathering->replies.resize(commands.size());
    gathering->outstanding = int(commands.size());
    const int generation = m_generation;
    const QPointer<PanelStore> self(this);
    for (int i = 0; i < commands.size(); ++i) {
        m_api(commands[i]).then([self, this, gathering, generation, i, done](const Esl::Reply &r) {
            if (!self || generation != m_generation)
                return;
            gathering->replies[i] = r;
            if (--gathering->outstanding == 0)
                done(gathering->replies);
        });
    }
}

void PanelStore::finishSync(qint64 nowMs)
{
    m_syncedAtMs = nowMs;
    m_staleSinceMs = 0;
    m_syncError.clear();
    setSyncState(PanelSyncState::Synced);
    Q_EMIT changed();
}

void PanelStore::failSync(const QString &why)
{
    m_syncError = why;
    setSyncState(PanelSyncState::Failed);
    Q_EMIT changed();
}

void PanelStore::setSyncState(PanelSyncState state)
{
    if (m_syncState == state)
        return;
    m_syncState = state;
    Q_EMIT syncStateChanged(state);
}

QString panelSyncStateName(PanelSyncState state)
{
    switch (state) {
    case PanelSyncState::NotSynced:
        return QStringLiteral("not synced");
    case PanelSyncState::Syncing:
        return QStringLiteral("syncing");
    case PanelSyncState::Synced:
        return QStringLiteral("synced");
    case PanelSyncState::ModuleMissing:
        return QStringLiteral("module missing");
    case PanelSyncState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace Monitor
