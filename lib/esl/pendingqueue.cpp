#include "pendingqueue.h"

namespace Esl::detail {

quint64 PendingQueue::expectReply(ReplyHandler handler, Answer answer)
{
    const quint64 id = m_nextId++;
    m_replies.push_back(ReplySlot{id, std::move(handler), answer});
    return id;
}

PendingQueue::Delivery PendingQueue::deliverReply(const Message &message)
{
    if (m_replies.empty())
        return Delivery::NothingPending;
    const QByteArrayView type = message.contentType();
    const bool fits = m_replies.front().answer == Answer::ApiResponse
        ? type == ContentType::ApiResponse ||
            (type == ContentType::CommandReply && message.header("Reply-Text").startsWith("-ERR"))
        : type == ContentType::CommandReply;
    if (!fits)
        return Delivery::WrongKind;
    ReplyHandler handler = std::move(m_replies.front().handler);
    m_replies.pop_front();
    if (handler)
        handler(Reply(message));
    return Delivery::Delivered;
}

void PendingQueue::abandonReply(quint64 id, const Error &error)
{
    for (ReplySlot &slot : m_replies) {
        if (slot.id != id)
            continue;
        ReplyHandler handler = std::move(slot.handler);
        slot.handler = nullptr;
        if (handler)
            handler(Reply::failure(error));
        return;
    }
}

QFuture<JobResult> PendingQueue::expectJob(const QString &jobUuid)
{
    Job &job = m_jobs[jobUuid];
    return job.promise.future();
}

void PendingQueue::jobAcknowledged(const QString &jobUuid, const Reply &ack)
{
    const auto it = m_jobs.find(jobUuid);
    if (it == m_jobs.end())
        return; // timed out already
    if (!ack.ok()) {
        const SharedPromise<JobResult> promise = it->second.promise;
        m_jobs.erase(it);
        promise.finish(
            JobResult::failure(jobUuid, Error{Error::Code::Transport, ack.errorText(), -1}, ack));
        return;
    }
    it->second.ack = ack;
    it->second.acked = true;
    if (it->second.hasEvent)
        finishJob(jobUuid);
}

bool PendingQueue::deliverJobEvent(const Event &event)
{
    const QString jobUuid = event.jobUuid();
    const auto it = m_jobs.find(jobUuid);
    if (jobUuid.isEmpty() || it == m_jobs.end())
        return false;
    it->second.event = event;
    it->second.hasEvent = true;
    if (it->second.acked) // otherwise the event overtook the ack: finish when the ack comes
        finishJob(jobUuid);
    return true;
}

void PendingQueue::finishJob(const QString &jobUuid)
{
    // Called once both the ack and the BACKGROUND_JOB are in.
    const auto it = m_jobs.find(jobUuid);
    const SharedPromise<JobResult> promise = it->second.promise;
    JobResult result(jobUuid, it->second.ack, it->second.event);
    m_jobs.erase(it);
    promise.finish(std::move(result));
}

void PendingQueue::failJob(const QString &jobUuid, const Error &error)
{
    const auto it = m_jobs.find(jobUuid);
    if (it == m_jobs.end())
        return;
    Job job = std::move(it->second);
    m_jobs.erase(it);
    job.promise.finish(JobResult::failure(jobUuid, error, job.ack));
}

QFuture<ExecuteResult> PendingQueue::expectExecution(const QString &applicationUuid,
                                                     const QString &channelUuid, int loops)
{
    Execution &execution = m_executions[applicationUuid];
    execution.channelUuid = channelUuid;
    execution.loops = loops < 1 ? 1 : loops;
    return execution.promise.future();
}

void PendingQueue::executionAcknowledged(const QString &applicationUuid, const Reply &ack)
{
    const auto it = m_executions.find(applicationUuid);
    if (it == m_executions.end())
        return;
    if (ack.ok()) {
        it->second.ack = ack;
        it->second.acked = true;
        // The completions may have overtaken the ack (see deliverExecutionEvent).
        if (it->second.completions.size() >= it->second.loops)
            finishExecution(it);
        return;
    }
    // "-ERR invalid session id": no completion will ever come.
    Execution execution = std::move(it->second);
    m_executions.erase(it);
    execution.promise.finish(ExecuteResult::failure(
        applicationUuid, Error{Error::Code::Transport, ack.errorText(), -1}, ack));
}

bool PendingQueue::deliverExecutionEvent(const Event &event)
{
    const QByteArrayView name = event.eventName();
    if (name == "CHANNEL_EXECUTE_COMPLETE") {
        const QString applicationUuid = event.applicationUuid();
        const auto it = m_executions.find(applicationUuid);
        if (applicationUuid.isEmpty() || it == m_executions.end())
            return false;
        it->second.completions.append(event);
        // Done after the last loop, once the ack is in too: a completion that overtook its
        // ack must not resolve the execution with an empty ack (which reads as a failure).
        if (it->second.completions.size() >= it->second.loops && it->second.acked)
            finishExecution(it);
        return true;
    }
    if (name != "CHANNEL_HANGUP_COMPLETE" && name != "CHANNEL_DESTROY")
        return false;
    // The channel is gone: what it has not completed never will.
    const QString channel = event.uniqueId();
    QList<std::pair<QString, Execution>> ended;
    for (auto it = m_executions.begin(); it != m_executions.end();) {
        if (!channel.isEmpty() && it->second.channelUuid == channel) {
            ended.append({it->first, std::move(it->second)});
            it = m_executions.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &[applicationUuid, execution] : ended) {
        const QString cause = event.text("Hangup-Cause");
        execution.promise.finish(ExecuteResult::failure(
            applicationUuid,
            Error{Error::Code::Disconnected,
                  QStringLiteral("the channel hung up (%1) before the application completed")
                      .arg(cause.isEmpty() ? QStringLiteral("no cause given") : cause),
                  -1},
            execution.ack, std::move(execution.completions)));
    }
    return !ended.isEmpty();
}

void PendingQueue::finishExecution(std::unordered_map<QString, Execution>::iterator it)
{
    const QString applicationUuid = it->first;
    Execution execution = std::move(it->second);
    m_executions.erase(it);
    execution.promise.finish(
        ExecuteResult(applicationUuid, std::move(execution.ack), std::move(execution.completions)));
}

void PendingQueue::failExecution(const QString &applicationUuid, const Error &error)
{
    const auto it = m_executions.find(applicationUuid);
    if (it == m_executions.end())
        return;
    Execution execution = std::move(it->second);
    m_executions.erase(it);
    execution.promise.finish(ExecuteResult::failure(applicationUuid, error, execution.ack,
                                                    std::move(execution.completions)));
}

void PendingQueue::failAll(const Error &error)
{
    // Empty every container first, then finish: continuations may queue new work.
    std::deque<ReplySlot> replies;
    replies.swap(m_replies);
    std::unordered_map<QString, Job> jobs;
    jobs.swap(m_jobs);
    std::unordered_map<QString, Execution> executions;
    executions.swap(m_executions);

    for (ReplySlot &slot : replies) {
        if (slot.handler)
            slot.handler(Reply::failure(error));
    }
    for (auto &[jobUuid, job] : jobs)
        job.promise.finish(JobResult::failure(jobUuid, error, job.ack));
    for (auto &[applicationUuid, execution] : executions) {
        execution.promise.finish(ExecuteResult::failure(applicationUuid, error, execution.ack,
                                                        std::move(execution.completions)));
    }
}

} // namespace Esl::detail
