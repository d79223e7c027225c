#pragma once
// What a command got back. A switch's "-ERR" is data here (ok() is false, errorText() says
// why); an Esl::Error is for the cases where the switch never answered: a dropped connection,
// a timeout, a command refused before it was written.

#include "wire/error.h"
#include "wire/event.h"
#include "wire/message.h"

#include <QString>

#include <optional>

namespace Esl {

class Reply
{
public:
    Reply() = default;
    explicit Reply(Message message) : m_message(std::move(message)) {}
    static Reply failure(Error error);

    [[nodiscard]] const Message &message() const { return m_message; }
    [[nodiscard]] QByteArrayView contentType() const { return m_message.contentType(); }
    [[nodiscard]] QByteArrayView header(QByteArrayView name) const { return m_message.header(name); }
    // The api/response body (raw bytes).
    [[nodiscard]] const QByteArray &body() const { return m_message.body(); }

    // Reply-Text for command/reply, the body for api/response.
    [[nodiscard]] QString text() const;
    // The switch answered, and not with -ERR / -USAGE.
    [[nodiscard]] bool ok() const;
    // Transport/timeout error, if the switch never answered.
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    // Why it failed: the error's message, or the switch's own "-ERR ..." text; empty when ok().
    [[nodiscard]] QString errorText() const;

private:
    Message m_message;
    std::optional<Error> m_error;
};

// The outcome of a bgapi: the switch's acknowledgement and the BACKGROUND_JOB event.
class JobResult
{
public:
    JobResult() = default;
    JobResult(QString jobUuid, Reply ack, Event event)
        : m_jobUuid(std::move(jobUuid)), m_ack(std::move(ack)), m_event(std::move(event)),
          m_done(true)
    {
    }
    static JobResult failure(QString jobUuid, Error error, Reply ack = {});

    [[nodiscard]] const QString &jobUuid() const { return m_jobUuid; }
    [[nodiscard]] const Reply &ack() const { return m_ack; }
    [[nodiscard]] const Event &event() const { return m_event; }
    // The command's output (the BACKGROUND_JOB body).
    [[nodiscard]] const QByteArray &body() const { return m_event.body(); }
    [[nodiscard]] QString text() const { return QString::fromUtf8(body()); }
    [[nodiscard]] bool ok() const;
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    [[nodiscard]] QString errorText() const;

private:
    QString m_jobUuid;
    Reply m_ack;
    Event m_event;
    std::optional<Error> m_error;
    bool m_done = false;
};

// The outcome of a sendmsg execute: the acknowledgement and every CHANNEL_EXECUTE_COMPLETE
// (one per loop) carrying our Event-UUID as Application-UUID.
class ExecuteResult
{
public:
    ExecuteResult() = default;
    ExecuteResult(QString applicationUuid, Reply ack, QList<Event> completions)
        : m_applicationUuid(std::move(applicationUuid)), m_ack(std::move(ack)),
          m_completions(std::move(completions))
    {
    }
    static ExecuteResult failure(QString applicationUuid, Error error, Reply ack = {},
                                 QList<Event> completions = {});

    [[nodiscard]] const QString &applicationUuid() const { return m_applicationUuid; }
    [[nodiscard]] const Reply &ack() const { return m_ack; }
    [[nodiscard]] const QList<Event> &completions() const { return m_completions; }
    // Application-Response of the last completion ("FILE PLAYED", "_none_", ...).
    [[nodiscard]] QString applicationResponse() const;
    [[nodiscard]] bool ok() const { return !m_error && m_ack.ok() && !m_completions.isEmpty(); }
    [[nodiscard]] const std::optional<Error> &error() const { return m_error; }
    [[nodiscard]] QString errorText() const;

private:
    QString m_applicationUuid;
    Reply m_ack;
    QList<Event> m_completions;
    std::optional<Error> m_error;
};

} // namespace Esl
