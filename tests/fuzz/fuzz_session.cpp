// libFuzzer target for Esl::Session and its pending queue. The input is a script
// (sessionscript.h): what the switch sends, in chunks, with the client's commands (send, api,
// bgapi, execute, hangup, close, a new connection) issued between them and the event loop run
// where it says, so that replies, BACKGROUND_JOBs, CHANNEL_EXECUTE_COMPLETEs, hangups, timeouts
// and queued read resumes interleave with the FIFO. Besides not crashing:
//  - every future finishes exactly once with a value (never cancelled, never left hanging):
//    when the link goes (disconnected() already says so), after close(), and at the end;
//  - a reply reaches only a command it can answer: an api an api/response (or a -ERR
//    command/reply), anything else a command/reply; and replies reach commands in the order
//    they were written (their offsets in the stream rise);
//  - a bgapi resolves on its own BACKGROUND_JOB, an execute on its own
//    CHANNEL_EXECUTE_COMPLETEs (the Job-UUID and Event-UUID the session made up);
//  - with Flag::Chain, continuations issue commands (or close the session) from inside
//    QPromise::finish(), as a caller's .then(context, ...) may.

#include "peerdevice.h"
#include "sessionscript.h"

#include "esl/session.h"
#include "esl/wire/event.h"

#include <QCoreApplication>
#include <QThread>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

namespace S = SessionScript;

[[noreturn]] void fail(const char *what, qsizetype command = -1)
{
    std::fprintf(stderr, "fuzz_session: %s", what);
    if (command >= 0)
        std::fprintf(stderr, " (command %lld)", qlonglong(command));
    std::fputc('\n', stderr);
    std::abort();
}

enum class Kind { Send, Api, Bgapi, Execute };

struct Command
{
    Kind kind = Kind::Send;
    int device = 0; // the connection it was issued on
    QFuture<Esl::Reply> reply;
    QFuture<Esl::JobResult> job;
    QFuture<Esl::ExecuteResult> execution;
    QByteArray uuid;    // the Job-UUID or Event-UUID the session wrote
    QByteArray channel; // an execute's channel
    int loops = 1;
};

QByteArray headerValue(QByteArrayView written, QByteArrayView name)
{
    const qsizetype at = written.indexOf(name);
    if (at < 0)
        return {};
    const qsizetype start = at + name.size();
    const qsizetype end = written.indexOf('\n', start);
    return written.sliced(start, (end < 0 ? written.size() : end) - start).toByteArray();
}

class Run
{
public:
    explicit Run(uint8_t flags) : m_flags(flags)
    {
        static constexpr int budgets[] = {0, 1, 10, 0};
        m_session.setReadBudget(budgets[flags & S::BudgetMask]);
        if (flags & S::CommandTimeout)
            m_session.setCommandTimeout(1);
        if (flags & S::Outbound)
            m_session.setChannelUuid(QString::fromLatin1(S::kChannel));
        QObject::connect(&m_session, &Esl::Session::disconnected, &m_context,
                         [this](const Esl::Error &reason) {
                             if (reason.message.isEmpty())
                                 fail("disconnected() without a reason");
                             if (++m_disconnects > int(m_devices.size()))
                                 fail("disconnected() more often than there were connections");
                             requireNothingPending("at disconnected()");
                         });
        QObject::connect(&m_session, &Esl::Session::errorOccurred, &m_context,
                         [](const Esl::Error &error) {
                             if (error.message.isEmpty())
                                 fail("errorOccurred() without a message");
                         });
        newDevice();
    }

    void play(const S::Step &step);
    void finish();

private:
    PeerDevice &device() { return *m_devices.back(); }
    void newDevice()
    {
        m_devices.push_back(std::make_unique<PeerDevice>());
        m_session.setDevice(m_devices.back().get());
    }
    void process(int rounds = 1)
    {
        for (int i = 0; i < rounds; ++i) {
            QCoreApplication::processEvents(QEventLoop::AllEvents);
            QCoreApplication::sendPostedEvents();
        }
    }
    void issue(char op, QByteArrayView payload);
    void chained();
    void requireNothingPending(const char *when);
    void check(const Command &command, qsizetype index, std::vector<qint64> &lastOffset) const;

    uint8_t m_flags;
    int m_waits = 0;
    int m_chainBudget = 16;
    int m_chained = 0;
    int m_disconnects = 0;
    // Devices outlive the session; the context goes first, so no continuation runs late.
    std::vector<std::unique_ptr<PeerDevice>> m_devices;
    Esl::Session m_session;
    std::vector<Command> m_commands;
    S::Made m_made; // the UUIDs of m_commands, for the peer's steps
    QObject m_context;
};

void Run::issue(char op, QByteArrayView payload)
{
    Command command;
    command.device = int(m_devices.size()) - 1;
    const QString text = QString::fromUtf8(payload);
    switch (op) {
    case S::Send: {
        const qsizetype blank = payload.indexOf("\n\n");
        const QByteArrayView head = blank < 0 ? payload : payload.first(blank);
        const QByteArrayView body = blank < 0 ? QByteArrayView() : payload.sliced(blank + 2);
        const QList<QByteArray> parts = head.toByteArray().split('\n');
        QList<Esl::wire::HeaderPair> headers;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const qsizetype colon = parts[i].indexOf(": ");
            if (colon > 0)
                headers.append({parts[i].first(colon), parts[i].sliced(colon + 2)});
        }
        const QByteArray line = parts.value(0);
        command.kind = line.startsWith("api ") || line == "api" ? Kind::Api : Kind::Send;
        command.reply = m_session.send(line, headers, body);
        break;
    }
    case S::Api:
        command.kind = Kind::Api;
        command.reply = m_session.api(text);
        break;
    case S::Hangup:
        command.reply = m_session.hangup(text);
        break;
    case S::Bgapi:
        command.kind = Kind::Bgapi;
        command.job = m_session.bgapi(text);
        command.uuid = headerValue(device().takeWritten(), "Job-UUID: ");
        break;
    case S::Execute: {
        const QStringList lines = text.split(u'\n');
        const QString app = lines.value(0).section(u' ', 0, 0);
        const QString argument = lines.value(0).section(u' ', 1);
        Esl::ExecuteOptions options;
        options.uuid = lines.value(1);
        options.eventLock = lines.value(2).contains(u'l');
        for (const QChar c : lines.value(2)) {
            if (c.isDigit())
                options.loops = c.digitValue();
        }
        command.kind = Kind::Execute;
        command.loops = std::max(options.loops, 1);
        command.channel = options.uuid.isEmpty() && (m_flags & S::Outbound)
                              ? S::kChannel.toByteArray()
                              : options.uuid.toUtf8();
        command.execution = m_session.execute(app, argument, options);
        command.uuid = headerValue(device().takeWritten(), "Event-UUID: ");
        break;
    }
    default:
        return;
    }
    (void)device().takeWritten(); // nothing else of what was written matters
    if (command.reply.isValid())
        command.reply.then(&m_context, [this](const Esl::Reply &) { chained(); });
    if (command.job.isValid())
        command.job.then(&m_context, [this](const Esl::JobResult &) { chained(); });
    if (command.execution.isValid())
        command.execution.then(&m_context, [this](const Esl::ExecuteResult &) { chained(); });
    if (command.kind == Kind::Bgapi && !command.uuid.isEmpty())
        m_made.jobs.append(command.uuid);
    if (command.kind == Kind::Execute && !command.uuid.isEmpty()) {
        m_made.executions.append(command.uuid);
        m_made.channels.append(command.channel);
    }
    m_commands.push_back(std::move(command));
}

// Runs inside QPromise::finish(): what a caller's continuation may do.
void Run::chained()
{
    if (!(m_flags & S::Chain) || m_chainBudget <= 0)
        return;
    --m_chainBudget;
    const int n = m_chained++;
    if ((m_flags & S::CloseInChain) && n == 2) {
        m_session.close();
        return;
    }
    static constexpr std::pair<char, QByteArrayView> follow[] = {
        {S::Api, "status"}, {S::Bgapi, "version"}, {S::Send, "noevents"}, {S::Execute, "answer"}};
    const auto &[op, payload] = follow[n % 4];
    issue(op, payload);
}

void Run::requireNothingPending(const char *when)
{
    if (m_session.pendingReplies() != 0 || m_session.pendingJobs() != 0 ||
        m_session.pendingExecutions() != 0) {
        std::fprintf(stderr, "  %s: %lld replies, %lld jobs, %lld executions pending\n", when,
                     qlonglong(m_session.pendingReplies()), qlonglong(m_session.pendingJobs()),
                     qlonglong(m_session.pendingExecutions()));
        fail("the link is gone and work is still pending");
    }
    for (size_t i = 0; i < m_commands.size(); ++i) {
        const Command &c = m_commands[i];
        const bool finished = c.reply.isValid() ? c.reply.isFinished()
                              : c.job.isValid() ? c.job.isFinished()
                                                : c.execution.isFinished();
        if (!finished) {
            std::fprintf(stderr, "  %s\n", when);
            fail("the link is gone and a future is unfinished", qsizetype(i));
        }
    }
}

template<typename T> T onlyResult(const QFuture<T> &future, qsizetype index)
{
    if (!future.isFinished())
        fail("a future is unfinished", index);
    if (future.isCanceled())
        fail("a future was cancelled (a promise destroyed unfinished?)", index);
    if (future.resultCount() != 1)
        fail("a future holds other than one result", index);
    return future.result();
}

void Run::check(const Command &command, qsizetype index, std::vector<qint64> &lastOffset) const
{
    const auto inOrder = [&](const Esl::Reply &reply) {
        const qint64 offset = reply.message().offset();
        if (reply.error() || offset < 0)
            return;
        if (offset <= lastOffset[size_t(command.device)])
            fail("a reply reached a command written before an earlier command's reply", index);
        lastOffset[size_t(command.device)] = offset;
    };
    switch (command.kind) {
    case Kind::Send:
    case Kind::Api: {
        const Esl::Reply reply = onlyResult(command.reply, index);
        inOrder(reply);
        if (reply.error())
            return;
        const QByteArrayView type = reply.contentType();
        const bool fits = command.kind == Kind::Api
                              ? type == Esl::ContentType::ApiResponse ||
                                    (type == Esl::ContentType::CommandReply &&
                                     reply.header("Reply-Text").startsWith("-ERR"))
                              : type == Esl::ContentType::CommandReply;
        if (!fits)
            fail("a reply of the wrong kind reached its command", index);
        return;
    }
    case Kind::Bgapi: {
        const Esl::JobResult job = onlyResult(command.job, index);
        inOrder(job.ack());
        if (job.error())
            return;
        if (job.jobUuid().toUtf8() != command.uuid || job.event().jobUuid() != job.jobUuid())
            fail("a bgapi resolved on another job's BACKGROUND_JOB", index);
        if (job.ack().contentType() != Esl::ContentType::CommandReply)
            fail("a bgapi's acknowledgement is not a command/reply", index);
        return;
    }
    case Kind::Execute: {
        const Esl::ExecuteResult execution = onlyResult(command.execution, index);
        inOrder(execution.ack());
        if (execution.error())
            return;
        if (execution.applicationUuid().toUtf8() != command.uuid)
            fail("an execute resolved under another Event-UUID", index);
        if (execution.completions().size() < command.loops)
            fail("an execute resolved before its last loop completed", index);
        for (const Esl::Event &completion : execution.completions()) {
            if (completion.applicationUuid() != execution.applicationUuid() ||
                completion.eventName() != "CHANNEL_EXECUTE_COMPLETE")
                fail("an execute resolved on another application's completion", index);
        }
        return;
    }
    }
}

void Run::play(const S::Step &step)
{
    PeerDevice &peer = device();
    switch (step.op) {
    case S::Push:
    case S::PushQuietly:
    case S::Reply:
    case S::ApiResponse:
    case S::BackgroundJob:
    case S::ExecuteComplete:
    case S::HangupComplete:
    case S::AuthRequest:
    case S::DisconnectNotice:
        peer.push(S::peerBytes(step, m_made));
        if (step.op != S::PushQuietly)
            peer.deliver();
        return;
    case S::PeerClosed:
        peer.finishReading();
        requireNothingPending("after the peer closed its side");
        return;
    case S::FailWrites:
        peer.setWritesFail(!step.payload.isEmpty() && step.payload[0] == '1');
        return;
    case S::Close:
        m_session.close();
        requireNothingPending("after close()");
        return;
    case S::NewDevice:
        if (m_devices.size() < 4)
            newDevice();
        return;
    case S::Process:
        process();
        return;
    case S::Wait:
        if (m_waits++ < 3) {
            QThread::msleep(2);
            process(2);
        }
        return;
    default:
        issue(step.op, step.payload);
        return;
    }
}

void Run::finish()
{
    // Let the session work through what it holds (a read budget leaves the rest for later).
    for (int i = 0; i < 64 && m_session.isOpen() && device().bytesAvailable() > 0; ++i)
        process();
    m_session.close();
    process();
    requireNothingPending("at the end");
    std::vector<qint64> lastOffset(m_devices.size(), -1);
    for (size_t i = 0; i < m_commands.size(); ++i)
        check(m_commands[i], qsizetype(i), lastOffset);
}

void quiet(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "%s\n", qPrintable(message));
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_session";
    static char *argv[] = {name, nullptr};
    new QCoreApplication(argc, argv); // for the whole run
    // The session warns about every protocol error; a fuzzer makes millions of them.
    if (qEnvironmentVariableIsEmpty("FUZZ_QT_MESSAGES"))
        qInstallMessageHandler(quiet);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView script(data + 1, qsizetype(size - 1));
    Run run(data[0]);
    for (const S::Step &step : S::steps(script))
        run.play(step);
    run.finish();
    return 0;
}
