// What the peer's steps of a session script deliver (sessionscript.h).

#include "sessionscript.h"

#include "esl/wire/event.h"

namespace SessionScript {

namespace {

QByteArray framed(QByteArrayView type, QByteArrayView body, QByteArrayView extra = {})
{
    QByteArray out = "Content-Type: " + type.toByteArray() + '\n' + extra.toByteArray();
    if (!body.isEmpty())
        out += "Content-Length: " + QByteArray::number(body.size()) + '\n';
    return out + '\n' + body.toByteArray();
}

// "$J<d>" and "$A<d>" replaced by the UUIDs the session made up (left as they are while it has
// made none).
QByteArray substituted(QByteArrayView payload, const Made &made)
{
    QByteArray out;
    out.reserve(payload.size());
    for (qsizetype i = 0; i < payload.size(); ++i) {
        if (payload[i] == '$' && i + 2 < payload.size() &&
            (payload[i + 1] == 'J' || payload[i + 1] == 'A')) {
            const QList<QByteArray> &uuids = payload[i + 1] == 'J' ? made.jobs : made.executions;
            if (!uuids.isEmpty()) {
                out += uuids[uint8_t(payload[i + 2]) % uuids.size()];
                i += 2;
                continue;
            }
        }
        out += payload[i];
    }
    return out;
}

// A BACKGROUND_JOB or CHANNEL_EXECUTE_COMPLETE for the bgapi or execute the payload numbers.
QByteArray eventFor(QByteArrayView payload, bool job, const Made &made)
{
    const QList<QByteArray> &uuids = job ? made.jobs : made.executions;
    const qsizetype index =
        uuids.isEmpty() || payload.isEmpty() ? -1 : uint8_t(payload[0]) % uuids.size();
    const auto format = Esl::Event::Format(payload.size() > 1 ? uint8_t(payload[1]) % 3 : 0);
    const QByteArrayView rest = payload.size() > 2 ? payload.sliced(2) : QByteArrayView();
    const QByteArray uuid = index < 0 ? QByteArray("no-such-uuid") : uuids[index];
    Esl::HeaderList headers;
    if (job) {
        headers.append("Event-Name", "BACKGROUND_JOB");
        headers.append("Job-UUID", uuid);
        headers.append("Job-Command", "status");
        return Esl::Event(headers, rest.toByteArray(), true, format).toMessage(format);
    }
    const QByteArray channel = index < 0 ? QByteArray() : made.channels.value(index);
    headers.append("Event-Name", "CHANNEL_EXECUTE_COMPLETE");
    headers.append("Unique-ID", channel.isEmpty() ? kChannel : QByteArrayView(channel));
    headers.append("Application", "playback");
    headers.append("Application-Response", rest.isEmpty() ? QByteArrayView("FILE PLAYED") : rest);
    headers.append("Application-UUID", uuid);
    return Esl::Event(headers, {}, false, format).toMessage(format);
}

} // namespace

QByteArray peerBytes(const Step &step, const Made &made)
{
    switch (step.op) {
    case Push:
    case PushQuietly:
        return substituted(step.payload, made);
    case Reply: {
        const qsizetype end = step.payload.indexOf('\n');
        const QByteArrayView text = end < 0 ? step.payload : step.payload.first(end);
        return framed(Esl::ContentType::CommandReply, {},
                      "Reply-Text: " + text.toByteArray() + '\n');
    }
    case ApiResponse:
        return framed(Esl::ContentType::ApiResponse, step.payload);
    case BackgroundJob:
    case ExecuteComplete:
        return eventFor(step.payload, step.op == BackgroundJob, made);
    case HangupComplete: {
        Esl::HeaderList headers;
        headers.append("Event-Name", "CHANNEL_HANGUP_COMPLETE");
        headers.append("Unique-ID", step.payload.isEmpty() ? kChannel : step.payload);
        headers.append("Hangup-Cause", "NORMAL_CLEARING");
        return Esl::Event(headers, {}, false).toPlainMessage();
    }
    case AuthRequest:
        return framed(Esl::ContentType::AuthRequest, {});
    case DisconnectNotice:
        return framed(Esl::ContentType::DisconnectNotice, step.payload);
    default:
        return {};
    }
}

} // namespace SessionScript
