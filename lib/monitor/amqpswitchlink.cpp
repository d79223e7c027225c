#include "amqpswitchlink.h"

#include "brokercommands.h"
#include "brokerconnection.h"

#include "esl/promise.h"

#include <QTimer>
#include <QUuid>

namespace Monitor {

struct AmqpSwitchLink::Job
{
    Esl::detail::SharedPromise<Esl::JobResult> promise;
    Accepted accepted;
    Esl::Reply ack;
    bool acked = false;
    std::optional<Esl::Event> event; // a BACKGROUND_JOB that overtook the acknowledgement
    QTimer timer;
};

AmqpSwitchLink::AmqpSwitchLink(BrokerConnection *connection, QString hostname, bool expected)
    : SwitchLink(nullptr), m_connection(connection), m_hostname(std::move(hostname)),
      m_expected(expected)
{
}

AmqpSwitchLink::~AmqpSwitchLink()
{
    failJobs(Esl::Error{Esl::Error::Code::Disconnected, tr("the link was closed"), -1});
}

QString AmqpSwitchLink::kind() const
{
    return tr("RabbitMQ (mod_amqp)");
}

QString AmqpSwitchLink::describe() const
{
    return tr("%1 via %2").arg(m_hostname,
                               m_connection ? m_connection->describe() : tr("a closed broker"));
}

Capabilities AmqpSwitchLink::capabilities() const
{
    // mod_amqp takes api commands only: no sendmsg, so no execute with completion.
    return Capability::Api | Capability::Bgapi | Capability::LogLines | Capability::ChannelDump;
}

void AmqpSwitchLink::start()
{
    m_started = true;
    updateState();
}

void AmqpSwitchLink::stop()
{
    // The broker connection is shared with the fleet's other switches: stopping one link only
    // stops this switch being shown as connected.
    m_started = false;
    updateState();
}

void AmqpSwitchLink::reconnectNow()
{
    if (m_connection && !m_connection->isReady())
        m_connection->reconnectNow();
}

LinkState AmqpSwitchLink::wantedState() const
{
    if (!m_started || !m_connection)
        return LinkState::Disconnected;
    if (!m_brokerReady) {
        switch (m_connection->state()) {
        case Amqp::State::Failed:
            return LinkState::Failed;
        case Amqp::State::Reconnecting:
            return LinkState::Reconnecting;
        case Amqp::State::Disconnected:
            return m_connection->m_started ? LinkState::Connecting : LinkState::Disconnected;
        case Amqp::State::Connecting:
        case Amqp::State::Live: // connected, the queues not bound yet
            return LinkState::Connecting;
        }
    }
    if (m_silent || m_waitingForSwitch)
        return LinkState::Reconnecting;
    return LinkState::Live;
}

void AmqpSwitchLink::updateState()
{
    const LinkState wanted = wantedState();
    if (wanted == m_state)
        return;
    m_state = wanted;
    Q_EMIT stateChanged(wanted);
    if (wanted == LinkState::Live)
        Q_EMIT connected();
}

void AmqpSwitchLink::brokerReady()
{
    m_brokerReady = true;
    // Heard before: wait for the switch's next message, proof that its mod_amqp is connected
    // again and its command queue bound (a command published before is routed nowhere).
    m_waitingForSwitch = m_lastHeardMs > 0;
    m_silentSinceMs = BrokerConnection::now();
    m_lastSequence = -1; // what was published while the broker was away is gone anyway
    updateState();
}

void AmqpSwitchLink::brokerLost(const QString &why)
{
    m_brokerReady = false;
    m_lastError = Esl::Error{Esl::Error::Code::Disconnected, why, -1};
    failJobs(m_lastError);
    updateState();
}

void AmqpSwitchLink::connectionGone()
{
    m_brokerReady = false;
    m_connection = nullptr;
    m_lastError = Esl::Error{Esl::Error::Code::Disconnected, tr("the broker connection was closed"),
                             -1};
    failJobs(m_lastError);
    updateState();
}

void AmqpSwitchLink::checkSilence(qint64 now, qint64 silenceMs)
{
    if (!m_brokerReady || m_silent || silenceMs <= 0)
        return;
    const qint64 since = std::max(m_lastHeardMs, m_silentSinceMs);
    if (now - since < silenceMs)
        return;
    m_silent = true;
    m_lastError = Esl::Error{Esl::Error::Code::Timeout,
                             tr("no message from %1 for %2 s").arg(m_hostname, QString::number(silenceMs / 1000.0)),
                             -1};
    updateState();
}

void AmqpSwitchLink::missedEvents()
{
    if (isLive())
        Q_EMIT eventsMayHaveBeenMissed();
}

void AmqpSwitchLink::heard(qint64 now)
{
    m_lastHeardMs = now;
    if (!m_silent && !m_waitingForSwitch)
        return;
    // Back: Live again, and connected() makes the monitor re-read what it missed.
    m_silent = false;
    m_waitingForSwitch = false;
    updateState();
}

void AmqpSwitchLink::noteCoreUuid(const QString &uuid, bool *missed)
{
    if (uuid.isEmpty() || uuid == m_coreUuid)
        return;
    const bool restarted = !m_coreUuid.isEmpty();
    m_coreUuid = uuid;
    m_lastSequence = -1; // a restarted switch counts from 1 again
    Q_EMIT coreUuidChanged(uuid);
    if (restarted)
        *missed = true;
}

void AmqpSwitchLink::deliver(const QList<BrokerDecode::Item> &items, bool gapsMeanLoss)
{
    const QPointer<AmqpSwitchLink> self(this);
    heard(BrokerConnection::now());
    bool missed = false;
    for (const BrokerDecode::Item &item : items) {
        if (!self)
            return; // a receiver deleted this link
        if (item.isLog) {
            if (item.line.level <= m_logLevel)
                Q_EMIT logReceived(item.line);
            continue;
        }
        const Esl::Event &event = item.event;
        noteCoreUuid(event.coreUuid(), &missed);
        const qint64 sequence = event.sequence();
        if (gapsMeanLoss && sequence >= 0) {
            // Event-Sequence counts every event of the switch: a jump is loss (the switch's
            // send queue or circuit breaker, the broker's bound), a step back a redelivery.
            if (m_lastSequence >= 0 && sequence > m_lastSequence + 1) {
                ++m_sequenceGaps;
                missed = true;
            }
            m_lastSequence = std::max(m_lastSequence, sequence);
        }
        if (event.eventName() == "BACKGROUND_JOB")
            takeJobEvent(event);
        Q_EMIT eventReceived(event);
    }
    if (self && missed && isLive())
        Q_EMIT eventsMayHaveBeenMissed(); // once per batch, not once per gap
}

QFuture<Esl::Reply> AmqpSwitchLink::sendApi(const QString &command, int timeoutMs)
{
    if (!m_connection || !isLive()) {
        return Esl::detail::readyFuture(Esl::Reply::failure(Esl::Error{
            Esl::Error::Code::Disconnected,
            tr("%1 is not connected through the broker (%2)").arg(m_hostname, stateName(m_state)),
            -1}));
    }
    return m_connection->api(m_hostname, command, timeoutMs);
}

QFuture<Esl::JobResult> AmqpSwitchLink::sendBgapi(const QString &command, int timeoutMs,
                                                  const Accepted &accepted)
{
    const auto refuse = [](Esl::Error::Code code, const QString &why) {
        return Esl::detail::readyFuture(Esl::JobResult::failure({}, Esl::Error{code, why, -1}));
    };
    if (!m_connection || !isLive())
        return refuse(Esl::Error::Code::Disconnected,
                      tr("%1 is not connected through the broker (%2)")
                          .arg(m_hostname, stateName(m_state)));
    if (m_jobs.size() >= kMaxPendingJobs)
        return refuse(Esl::Error::Code::Overloaded,
                      tr("%1 background jobs are already waiting for their results")
                          .arg(kMaxPendingJobs));
    // bgapi's "uuid:<Job-UUID>" chooses the job's uuid, so the BACKGROUND_JOB (which comes on
    // the events queue, and may overtake the reply on the reply queue) is known for ours.
    const QString jobUuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto body = BrokerCommands::commandBody(
        QStringLiteral("bgapi uuid:%1 %2").arg(jobUuid, command));
    if (!body || command.trimmed().isEmpty())
        return Esl::detail::readyFuture(Esl::JobResult::failure(
            {}, body ? Esl::Error{Esl::Error::Code::InvalidArgument, tr("an empty command"), -1}
                     : body.error()));

    auto job = std::make_shared<Job>();
    job->accepted = accepted;
    if (timeoutMs > 0) {
        job->timer.setSingleShot(true);
        connect(&job->timer, &QTimer::timeout, this, [this, jobUuid, timeoutMs] {
            finishJob(jobUuid,
                      Esl::JobResult::failure(
                          jobUuid, Esl::Error{Esl::Error::Code::Timeout,
                                              tr("no result for job %1 in %2 s")
                                                  .arg(jobUuid)
                                                  .arg(timeoutMs / 1000.0),
                                              -1}));
        });
        job->timer.start(timeoutMs);
    }
    m_jobs.insert(jobUuid, job);
    const QFuture<Esl::JobResult> result = job->promise.future();
    m_connection->api(m_hostname, QString::fromUtf8(*body))
        .then(this, [this, jobUuid](const Esl::Reply &reply) { acknowledge(jobUuid, reply); });
    return result;
}

void AmqpSwitchLink::acknowledge(const QString &jobUuid, const Esl::Reply &reply)
{
    const auto found = m_jobs.constFind(jobUuid);
    if (found == m_jobs.cend())
        return; // timed out, or failed with the broker
    const std::shared_ptr<Job> job = *found;
    if (reply.error()) {
        finishJob(jobUuid, Esl::JobResult::failure(jobUuid, *reply.error()));
        return;
    }
    const QByteArray output = reply.body().trimmed();
    static constexpr QByteArrayView okPrefix = "+OK Job-UUID: ";
    if (!output.startsWith(okPrefix)) {
        const Esl::Reply ack = BrokerDecode::commandReply(output);
        finishJob(jobUuid, Esl::JobResult::failure(
                               jobUuid,
                               Esl::Error{Esl::Error::Code::Transport, ack.errorText(), -1}, ack));
        return;
    }
    job->ack = BrokerDecode::commandReply(output, output.mid(okPrefix.size()));
    job->acked = true;
    if (job->accepted)
        job->accepted();
    if (job->event && m_jobs.contains(jobUuid))
        finishJob(jobUuid, Esl::JobResult(jobUuid, job->ack, *job->event));
}

void AmqpSwitchLink::takeJobEvent(const Esl::Event &event)
{
    const auto found = m_jobs.constFind(event.jobUuid());
    if (found == m_jobs.cend())
        return;
    const std::shared_ptr<Job> job = *found;
    if (!job->acked) {
        job->event = event; // finished when the reply comes
        return;
    }
    finishJob(event.jobUuid(), Esl::JobResult(event.jobUuid(), job->ack, event));
}

void AmqpSwitchLink::finishJob(const QString &jobUuid, Esl::JobResult result)
{
    const std::shared_ptr<Job> job = m_jobs.take(jobUuid);
    if (!job)
        return;
    job->timer.stop();
    job->promise.finish(std::move(result));
}

void AmqpSwitchLink::failJobs(const Esl::Error &error)
{
    const auto jobs = std::exchange(m_jobs, {});
    for (auto it = jobs.cbegin(); it != jobs.cend(); ++it) {
        it.value()->timer.stop();
        it.value()->promise.finish(Esl::JobResult::failure(it.key(), error, it.value()->ack));
    }
}

} // namespace Monitor
