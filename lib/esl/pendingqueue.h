#pragma once
// Everything a Session is waiting for, in one place: the FIFO of command replies, bgapi jobs by
// Job-UUID and sendmsg executions by Event-UUID (Application-UUID). The Session writes and reads;
// this class only keeps the books. Every entry leaves its container *before* its promise is
// finished, because a same-thread continuation runs inside QPromise::finish() and may send again.

#include "promise.h"
#include "reply.h"

#include <deque>
#include <functional>
#include <unordered_map>

namespace Esl::detail {

class PendingQueue
{
public:
    using ReplyHandler = std::function<void(const Reply &)>;

    // What may answer a command. On a real switch `api` gets an api/response, or a
    // command/reply with -ERR (permission denied under userauth; an outbound socket without
    // `full`); every other command gets a command/reply.
    enum class Answer { ApiResponse, CommandReply };

    // Bounds on what may wait at once: far above what any caller needs (the window keeps a
    // few dozen in flight), low enough that a peer that never answers cannot grow them without
    // limit. A command past a bound is refused with an Overloaded error before it is written.
    static constexpr qsizetype kMaxReplies = 10000;
    static constexpr qsizetype kMaxJobs = 10000;
    static constexpr qsizetype kMaxExecutions = 10000;

    // --- the FIFO: one slot per command written, answered in order ---
    quint64 expectReply(ReplyHandler handler, Answer answer = Answer::CommandReply);
    enum class Delivery { Delivered, NothingPending, WrongKind };
    // Hands a command/reply or api/response to the oldest slot, if it is the kind of answer
    // that slot's command can get. Otherwise nothing changes: the link is out of step, and the
    // caller drops it (a reply must never reach a caller it does not answer).
    Delivery deliverReply(const Message &message);
    // The kind of answer the oldest slot waits for (meaningful only while one is pending).
    [[nodiscard]] Answer oldestAnswer() const { return m_replies.front().answer; }
    // The caller gives up on slot `id` (a timeout): its handler gets `error` now, and the slot
    // stays to swallow the late reply so the replies behind it still reach their callers.
    void abandonReply(quint64 id, const Error &error);
    [[nodiscard]] qsizetype pendingReplies() const { return qsizetype(m_replies.size()); }

    // --- bgapi jobs ---
    QFuture<JobResult> expectJob(const QString &jobUuid);
    void jobAcknowledged(const QString &jobUuid, const Reply &ack);
    bool deliverJobEvent(const Event &event);
    void failJob(const QString &jobUuid, const Error &error);
    [[nodiscard]] qsizetype pendingJobs() const { return qsizetype(m_jobs.size()); }

    // --- sendmsg executions ---
    QFuture<ExecuteResult> expectExecution(const QString &applicationUuid,
                                           const QString &channelUuid, int loops);
    void executionAcknowledged(const QString &applicationUuid, const Reply &ack);
    // CHANNEL_EXECUTE_COMPLETE with our Application-UUID, or the channel's hangup.
    bool deliverExecutionEvent(const Event &event);
    void failExecution(const QString &applicationUuid, const Error &error);
    [[nodiscard]] qsizetype pendingExecutions() const { return qsizetype(m_executions.size()); }

    // The link is gone: everything still waiting finishes with `error`.
    void failAll(const Error &error);

private:
    struct ReplySlot
    {
        quint64 id;
        ReplyHandler handler; // empty once abandoned
        Answer answer = Answer::CommandReply;
    };
    struct Job
    {
        SharedPromise<JobResult> promise;
        // Plain values with flags rather than std::optional: GCC -O2 cannot follow optionals of
        // these through the moves below and warns (-Wmaybe-uninitialized).
        Reply ack;
        bool acked = false;
        Event event;
        bool hasEvent = false; // the BACKGROUND_JOB arrived (perhaps before the ack)
    };
    struct Execution
    {
        SharedPromise<ExecuteResult> promise;
        QString channelUuid;
        int loops = 1;
        Reply ack;
        bool acked = false;
        QList<Event> completions;
    };

    void finishJob(const QString &jobUuid);
    void finishExecution(std::unordered_map<QString, Execution>::iterator it);

    std::deque<ReplySlot> m_replies;
    quint64 m_nextId = 1;
    std::unordered_map<QString, Job> m_jobs;
    std::unordered_map<QString, Execution> m_executions;
};

} // namespace Esl::detail
