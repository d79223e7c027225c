// The shared harness of the Esl::Session tests: see sessionharness.h.

#include "esl/session/sessionharness.h"

#include <QHostAddress>
#include <QUuid>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Error;

namespace SessionHarness {

QByteArray Capture::raw(qsizetype i) const
{
    const qint64 begin = messages.at(i).offset();
    const qint64 end = i + 1 < messages.size() ? messages.at(i + 1).offset() : bytes.size();
    return bytes.mid(begin, end - begin);
}

const Capture &inboundPlain()
{
    static const Capture capture = [] {
        Capture c;
        c.bytes = readFixture(u"inbound-plain"_s, u".esl"_s);
        c.messages = parseAll(c.bytes);
        return c;
    }();
    return capture;
}

void verifyTheRealCapture()
{
    const Capture &c = inboundPlain();
    QCOMPARE(c.messages.size(), 380);
    auto eventName = [&](int i) { return Esl::Event::fromMessage(c.messages.at(i))->name(); };
    QCOMPARE(c.messages.at(Real::AuthRequest).contentType(), "auth/request");
    QCOMPARE(c.messages.at(Real::EventListenerReply).header("Reply-Text"),
             "+OK event listener enabled plain");
    QCOMPARE(c.messages.at(Real::BgapiAck).header("Job-UUID"), Real::JobOriginate);
    QCOMPARE(eventName(Real::Codec), u"CODEC"_s);
    QCOMPARE(eventName(Real::ChannelCreate), u"CHANNEL_CREATE"_s);
    QCOMPARE(eventName(Real::ChannelAnswer), u"CHANNEL_ANSWER"_s);
    QCOMPARE(eventName(Real::BackgroundJob), u"BACKGROUND_JOB"_s);
    QCOMPARE(c.messages.at(Real::Status).body().left(5), "UP 0 ");
    QCOMPARE(c.messages.at(Real::HoldOk).body(), "+OK Success\n");
    QCOMPARE(eventName(Real::ExecuteCompleteB), u"CHANNEL_EXECUTE_COMPLETE"_s);
    QCOMPARE(c.messages.at(Real::HoldOffFailed).body(), "-ERR Operation failed\n");
    QCOMPARE(c.messages.at(Real::LogLine).contentType(), "log/data");
    QCOMPARE(eventName(Real::ExecuteCompleteA), u"CHANNEL_EXECUTE_COMPLETE"_s);
    QCOMPARE(eventName(Real::HangupCompleteA), u"CHANNEL_HANGUP_COMPLETE"_s);
    QCOMPARE(c.messages.at(Real::NoSuchChannel).body(), "-ERR No such channel!\n");
    QCOMPARE(c.messages.at(Real::CommandNotFound).header("Reply-Text"), "-ERR command not found");
    QCOMPARE(eventName(Real::BackgroundJobEcho), u"BACKGROUND_JOB"_s);
    QCOMPARE(eventName(Real::Heartbeat), u"HEARTBEAT"_s);
    QCOMPARE(c.messages.at(Real::DisconnectNotice).contentType(), "text/disconnect-notice");
}

QByteArray real(int index)
{
    return inboundPlain().raw(index);
}

QByteArray realWith(int index, const QByteArray &from, const QByteArray &to)
{
    Q_ASSERT(from.size() == to.size());
    return real(index).replace(from, to);
}

QByteArray plainEvent(const QList<std::pair<QByteArray, QByteArray>> &headers,
                      const QByteArray &body)
{
    QByteArray inner;
    for (const auto &[name, value] : headers)
        inner += name + ": " + value.toPercentEncoding() + '\n';
    if (!body.isEmpty())
        inner += "Content-Length: " + QByteArray::number(body.size()) + "\n\n" + body;
    else
        inner += '\n';
    return "Content-Length: " + QByteArray::number(inner.size()) +
           "\nContent-Type: text/event-plain\n\n" + inner;
}

QByteArray backgroundJob(const QByteArray &jobUuid, const QByteArray &body)
{
    return plainEvent({{"Event-Name", "BACKGROUND_JOB"},
                       {"Core-UUID", "49844b00-a991-435a-a99d-cdb62521423e"},
                       {"Job-UUID", jobUuid},
                       {"Job-Command", "echo"}},
                      body);
}

QByteArray bgapiAck(const QByteArray &jobUuid)
{
    return ScriptedPeer::reply("+OK Job-UUID: " + jobUuid, "Job-UUID: " + jobUuid + '\n');
}

QByteArray headerOf(const QByteArray &command, const QByteArray &name)
{
    for (const QByteArray &line : command.split('\n')) {
        if (line.startsWith(name + ": "))
            return line.mid(name.size() + 2);
    }
    return {};
}

bool isUuid(const QByteArray &text)
{
    return text.size() == 36 && !QUuid::fromString(QLatin1StringView(text)).isNull();
}

QString codeName(const std::optional<Error> &error)
{
    return error ? Error::codeName(error->code) : u"no error"_s;
}

QStringList eventNames(const QSignalSpy &spy)
{
    QStringList names;
    for (const QList<QVariant> &args : spy)
        names.append(args.at(0).value<Esl::Event>().name());
    return names;
}

bool Link::open()
{
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; })) {
        failure = u"cannot connect to the scripted peer: %1"_s.arg(socket.errorString());
        return false;
    }
    if (!peer.waitForClient()) {
        failure = peer.lastFailure();
        return false;
    }
    session.setDevice(&socket);
    if (!session.isOpen())
        failure = u"the session did not open"_s;
    return session.isOpen();
}

bool Link::play(QByteArrayView bytes)
{
    sent += bytes.size();
    peer.send(bytes);
    return QTest::qWaitFor([&] { return session.bytesReceived() >= sent; });
}

} // namespace SessionHarness
