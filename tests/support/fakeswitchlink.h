#pragma once
// A switch link with no socket behind it: the test plays the switch. It records every command
// the monitor, the hub or the window sends ("api show channels as json", "bgapi originate ...",
// "execute park on <uuid>"), answers api commands from a script or when told, and lets the test
// move its state, deliver events and log lines, and acknowledge or finish bgapi jobs. Its
// capabilities are chosen by the test, so a link without sendmsg (a broker's) can be played
// before one exists.
//
// No Q_OBJECT: AUTOMOC does not see headers outside a test's own folder, and nothing here needs
// a meta-object of its own (the signals are SwitchLink's).

#include "esl/promise.h"
#include "monitor/switchlink.h"

#include <QHash>
#include <QStringList>
#include <QTimer>

#include <deque>

namespace TestSupport {

class FakeSwitchLink : public Monitor::SwitchLink
{
public:
    static constexpr Monitor::Capabilities kEverything =
        Monitor::Capabilities(Monitor::Capability::Api) | Monitor::Capability::Bgapi |
        Monitor::Capability::Execute | Monitor::Capability::LogLines |
        Monitor::Capability::ChannelDump;
    // A broker through mod_amqp: api and bgapi requests, events and log lines; no sendmsg.
    static constexpr Monitor::Capabilities kBroker =
        Monitor::Capabilities(Monitor::Capability::Api) | Monitor::Capability::Bgapi |
        Monitor::Capability::LogLines | Monitor::Capability::ChannelDump;

    explicit FakeSwitchLink(Monitor::Capabilities capabilities = kEverything,
                            QString kind = QStringLiteral("Fake broker"))
        : m_capabilities(capabilities), m_kind(std::move(kind))
    {}
    ~FakeSwitchLink() override { failPending(QStringLiteral("the link was destroyed")); }

    [[nodiscard]] QString kind() const override { return m_kind; }
    [[nodiscard]] QString describe() const override { return m_kind + QStringLiteral(" test"); }
    [[nodiscard]] Monitor::Capabilities capabilities() const override { return m_capabilities; }
    [[nodiscard]] Monitor::LinkState state() const override { return m_state; }
    [[nodiscard]] QString coreUuid() const override { return m_coreUuid; }
    [[nodiscard]] Esl::Error lastError() const override { return m_lastError; }
    [[nodiscard]] qint64 nextAttemptAt() const override { return 0; }

    void start() override { ++starts; }
    void stop() override
    {
        failPending(QStringLiteral("stopped"));
        setState(Monitor::LinkState::Disconnected);
    }
    void reconnectNow() override { ++reconnects; }

    // --- the test's side: the switch ---
    void setState(Monitor::LinkState state)
    {
        if (m_state == state)
            return;
        m_state = state;
        if (state != Monitor::LinkState::Live)
            failPending(QStringLiteral("the link went %1").arg(stateName(state)));
        Q_EMIT stateChanged(state);
    }
    // Live, as a link is after its login and subscription: the monitor re-syncs.
    void goLive()
    {
        setState(Monitor::LinkState::Live);
        Q_EMIT connected();
    }
    void deliver(const Esl::Event &event) { Q_EMIT eventReceived(event); }
    void deliver(const Esl::LogLine &line) { Q_EMIT logReceived(line); }

    // Api commands whose answer (an api/response body) is known: answered on the next turn of
    // the event loop, as a switch answers later. Others wait for answerApi().
    QHash<QString, QByteArray> apiAnswers;
    // Every command sent, in order: "api <command>", "bgapi <command>",
    // "execute <application> <argument> on <uuid>".
    QStringList sent;
    int starts = 0;
    int reconnects = 0;

    // Answers the oldest waiting api `command`; false if none waits.
    bool answerApi(const QString &command, const QByteArray &body)
    {
        for (auto it = m_apis.begin(); it != m_apis.end(); ++it) {
            if (it->command != command)
                continue;
            const Esl::detail::SharedPromise<Esl::Reply> promise = it->promise;
            m_apis.erase(it);
            promise.finish(apiResponse(body));
            return true;
        }
        return false;
    }
    [[nodiscard]] qsizetype waitingJobs() const { return qsizetype(m_jobs.size()); }
    // The switch acknowledged the oldest waiting job (+OK Job-UUID).
    void acknowledgeJob()
    {
        if (m_jobs.empty() || m_jobs.front().acknowledged)
            return;
        m_jobs.front().acknowledged = true;
        if (m_jobs.front().accepted)
            m_jobs.front().accepted();
    }
    // The oldest waiting job's BACKGROUND_JOB arrived with `body`.
    void finishJob(const QByteArray &body)
    {
        if (m_jobs.empty())
            return;
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        Esl::HeaderList headers;
        headers.append("Event-Name", "BACKGROUND_JOB");
        job.promise.finish(Esl::JobResult(QStringLiteral("job-1"), commandReply("+OK Job-UUID"),
                                          Esl::Event(headers, body, true)));
    }

    [[nodiscard]] static Esl::Reply apiResponse(const QByteArray &body)
    {
        Esl::HeaderList headers;
        headers.append("Content-Type", "api/response");
        return Esl::Reply(Esl::Message(headers, body, true));
    }
    [[nodiscard]] static Esl::Reply commandReply(const QByteArray &text)
    {
        Esl::HeaderList headers;
        headers.append("Content-Type", "command/reply");
        headers.append("Reply-Text", text);
        return Esl::Reply(Esl::Message(headers, {}, false));
    }

protected:
    QFuture<Esl::Reply> sendApi(const QString &command, int) override
    {
        if (!isLive())
            return Esl::detail::readyFuture(Esl::Reply::failure(notLive()));
        sent.append(QStringLiteral("api ") + command);
        Api api{command, {}};
        const QFuture<Esl::Reply> future = api.promise.future();
        const auto answer = apiAnswers.constFind(command);
        if (answer != apiAnswers.cend()) {
            QTimer::singleShot(0, this,
                               [this, command, body = *answer] { answerApi(command, body); });
        }
        m_apis.push_back(std::move(api));
        return future;
    }
    QFuture<Esl::JobResult> sendBgapi(const QString &command, int,
                                      const Accepted &accepted) override
    {
        if (!isLive())
            return Esl::detail::readyFuture(Esl::JobResult::failure({}, notLive()));
        sent.append(QStringLiteral("bgapi ") + command);
        Job job;
        job.accepted = accepted;
        const QFuture<Esl::JobResult> future = job.promise.future();
        m_jobs.push_back(std::move(job));
        return future;
    }
    QFuture<Esl::ExecuteResult> sendExecute(const QString &application, const QString &argument,
                                            const Esl::ExecuteOptions &options,
                                            const Accepted &accepted) override
    {
        if (!isLive())
            return Esl::detail::readyFuture(Esl::ExecuteResult::failure({}, notLive()));
        sent.append(QStringLiteral("execute %1 %2 on %3").arg(application, argument, options.uuid));
        if (accepted)
            accepted();
        return Esl::detail::readyFuture(
            Esl::ExecuteResult(QStringLiteral("app-1"), commandReply("+OK"), {}));
    }

private:
    struct Api
    {
        QString command;
        Esl::detail::SharedPromise<Esl::Reply> promise;
    };
    struct Job
    {
        Esl::detail::SharedPromise<Esl::JobResult> promise;
        Accepted accepted;
        bool acknowledged = false;
    };

    [[nodiscard]] Esl::Error notLive() const
    {
        return Esl::Error{Esl::Error::Code::Disconnected,
                          QStringLiteral("not connected (%1)").arg(stateName(m_state)), -1};
    }
    // Like a link that drops: whatever waits fails, nothing is left hanging.
    void failPending(const QString &why)
    {
        const Esl::Error error{Esl::Error::Code::Disconnected, why, -1};
        std::deque<Api> apis = std::move(m_apis);
        std::deque<Job> jobs = std::move(m_jobs);
        m_apis.clear();
        m_jobs.clear();
        for (const Api &api : apis)
            api.promise.finish(Esl::Reply::failure(error));
        for (const Job &job : jobs)
            job.promise.finish(Esl::JobResult::failure({}, error));
    }

    Monitor::Capabilities m_capabilities;
    QString m_kind;
    Monitor::LinkState m_state = Monitor::LinkState::Disconnected;
    QString m_coreUuid;
    Esl::Error m_lastError;
    std::deque<Api> m_apis;
    std::deque<Job> m_jobs;
};

} // namespace TestSupport
