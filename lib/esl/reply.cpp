#include "reply.h"

namespace Esl {

namespace {

bool isNegative(QByteArrayView text)
{
    text = text.trimmed();
    return text.startsWith("-ERR") || text.startsWith("-USAGE");
}

} // namespace

Reply Reply::failure(Error error)
{
    Reply reply;
    reply.m_error = std::move(error);
    return reply;
}

QString Reply::text() const
{
    if (contentType() == ContentType::ApiResponse)
        return QString::fromUtf8(body());
    return QString::fromUtf8(header("Reply-Text"));
}

bool Reply::ok() const
{
    if (m_error)
        return false;
    if (contentType() == ContentType::ApiResponse)
        return !isNegative(body());
    if (contentType() == ContentType::CommandReply)
        return header("Reply-Text").startsWith("+OK");
    return false;
}

QString Reply::errorText() const
{
    if (m_error)
        return m_error->message;
    if (ok())
        return {};
    const QString t = text().trimmed();
    return t.isEmpty() ? QStringLiteral("unexpected reply of type %1")
                             .arg(QString::fromUtf8(contentType()))
                       : t;
}

JobResult JobResult::failure(QString jobUuid, Error error, Reply ack)
{
    JobResult result;
    result.m_jobUuid = std::move(jobUuid);
    result.m_ack = std::move(ack);
    result.m_error = std::move(error);
    return result;
}

bool JobResult::ok() const
{
    return !m_error && m_done && m_ack.ok() && !isNegative(body());
}

QString JobResult::errorText() const
{
    if (m_error)
        return m_error->message;
    if (!m_ack.ok())
        return m_ack.errorText();
    return ok() ? QString() : text().trimmed();
}

ExecuteResult ExecuteResult::failure(QString applicationUuid, Error error, Reply ack,
                                     QList<Event> completions)
{
    ExecuteResult result(std::move(applicationUuid), std::move(ack), std::move(completions));
    result.m_error = std::move(error);
    return result;
}

QString ExecuteResult::applicationResponse() const
{
    return m_completions.isEmpty() ? QString() : m_completions.last().text("Application-Response");
}

QString ExecuteResult::errorText() const
{
    if (m_error)
        return m_error->message;
    if (!m_ack.ok())
        return m_ack.errorText();
    return {};
}

} // namespace Esl
