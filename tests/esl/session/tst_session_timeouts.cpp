// When the caller stops waiting on Esl::Session: a command, job or execution that times out fails
// with Timeout, and its late answer is swallowed without disturbing later replies; close() fails
// everything pending with the reason it is given; destroying the session fails (never silently
// cancels) every pending future.

#include "esl/session/sessionharness.h"

#include <QObject>
#include <QTcpSocket>

#include <memory>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Error;
using Esl::ExecuteResult;
using Esl::JobResult;
using Esl::Reply;
using Esl::Session;

class TestSessionTimeouts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Timeouts
    void timedOutCommandSwallowsItsLateReplyAndLaterRepliesStillArrive();
    void timedOutJobsAndExecutionsIgnoreTheirLateAnswers();

    // Cancellation: the owner closes or destroys the session
    void closeFailsEverythingPendingWithTheGivenReason();
    void destroyingTheSessionFailsEveryPendingFuture();
};

// ---------------------------------------------------------------------------------------------
// Timeouts

void TestSessionTimeouts::timedOutCommandSwallowsItsLateReplyAndLaterRepliesStillArrive()
{
    Link link;
    OPEN(link);
    link.session.setCommandTimeout(150);
    const QFuture<Reply> slow =
        link.session.api(u"uuid_dump "_s + QLatin1StringView(Real::ChannelA));
    const QFuture<Reply> next = link.session.api(u"status"_s, 0); // 0: no timeout
    const QFuture<Reply> last = link.session.api(u"version"_s, 0);
    EXPECT(link, "api uuid_dump " + Real::ChannelA + "\n\napi status\n\napi version\n\n");

    FINISHES(slow);
    QCOMPARE(codeName(slow.result().error()), u"Timeout"_s);
    QVERIFY(!slow.result().ok());
    QVERIFY(!next.isFinished());
    QCOMPARE(link.session.pendingReplies(), 3); // the slot stays for the late reply

    // S: the late reply: swallowed, not given to "status"
    PLAY(link, ScriptedPeer::apiResponse("Event-Name: CHANNEL_DATA\n"));
    QVERIFY(!next.isFinished());
    QCOMPARE(link.unexpected.size(), 0);

    PLAY(link, real(Real::Status));
    QVERIFY(next.isFinished());
    QVERIFY(next.result().text().startsWith(u"UP 0 years"_s));
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(last.result().body(), "FreeSWITCH Version 1.10.12\n");
    QCOMPARE(slow.resultCount(), 1);
    QCOMPARE(codeName(slow.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingReplies(), 0);
}

void TestSessionTimeouts::timedOutJobsAndExecutionsIgnoreTheirLateAnswers()
{
    Link link;
    OPEN(link);

    // A bgapi that hears nothing in time: its late ack and result are swallowed.
    const QFuture<JobResult> unanswered = link.session.bgapi(u"status"_s, 150);
    const QByteArray unansweredId = headerOf(link.command(), "Job-UUID");
    const QFuture<Reply> version = link.session.api(u"version"_s, 0);
    EXPECT(link, "api version\n\n");
    FINISHES(unanswered);
    QCOMPARE(codeName(unanswered.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    PLAY(link, bgapiAck(unansweredId) + backgroundJob(unansweredId, "UP\n"));
    QVERIFY(!version.isFinished());  // the late ack went to the timed-out slot
    QCOMPARE(link.events.size(), 1); // the late result is only an event now
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QCOMPARE(version.result().body(), "FreeSWITCH Version 1.10.12\n");

    // A bgapi and an execute acknowledged, whose results never come in time.
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s, 300);
    const QByteArray jobId = headerOf(link.command(), "Job-UUID");
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"local_stream://moh"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA), .timeoutMs = 300});
    const QByteArray appId = headerOf(link.command(), "Event-UUID");
    link.peer.send(bgapiAck(jobId) + ScriptedPeer::reply("+OK"));
    FINISHES(job);
    FINISHES(execution);
    QCOMPARE(codeName(job.result().error()), u"Timeout"_s);
    QCOMPARE(codeName(execution.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);

    link.sent += bgapiAck(jobId).size() + ScriptedPeer::reply("+OK").size();
    PLAY(link, backgroundJob(jobId, "UP\n") +
                   realWith(Real::ExecuteCompleteA, Real::ApplicationA, appId));
    QCOMPARE(link.events.size(), 3);
    QCOMPARE(job.resultCount(), 1);
    QCOMPARE(execution.resultCount(), 1);
    QCOMPARE(codeName(job.result().error()), u"Timeout"_s);
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.unexpected.size(), 0);
}

// ---------------------------------------------------------------------------------------------
// Cancellation: the owner closes or destroys the session

void TestSessionTimeouts::closeFailsEverythingPendingWithTheGivenReason()
{
    Link link;
    OPEN(link);
    QSignalSpy states(&link.session, &Session::stateChanged);
    QFuture<Reply> status = link.session.api(u"status"_s);
    const QFuture<JobResult> job = link.session.bgapi(u"status"_s);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"park"_s, {}, {.uuid = QString::fromLatin1(Real::ChannelA)});

    link.session.close(Error{Error::Code::Canceled, u"the operator closed the console"_s, -1});

    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(execution.isFinished());
    QCOMPARE(codeName(status.result().error()), u"Canceled"_s);
    QCOMPARE(codeName(job.result().error()), u"Canceled"_s);
    QCOMPARE(codeName(execution.result().error()), u"Canceled"_s);
    QCOMPARE(status.result().errorText(), u"the operator closed the console"_s);
    QCOMPARE(link.disconnects.size(), 1);
    QCOMPARE(link.disconnects.at(0).at(0).value<Error>().message,
             u"the operator closed the console"_s);
    QCOMPARE(states.size(), 1);
    QCOMPARE(states.at(0).at(0).value<Session::State>(), Session::State::Closed);
    QVERIFY(link.peer.waitForClientGone());

    link.session.close(); // again: nothing more happens
    QCOMPARE(link.disconnects.size(), 1);
    QCOMPARE(states.size(), 1);
}

void TestSessionTimeouts::destroyingTheSessionFailsEveryPendingFuture()
{
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
    auto session = std::make_unique<Session>();
    session->setDevice(&socket);

    QFuture<Reply> status = session->api(u"status"_s);
    const QFuture<JobResult> job = session->bgapi(u"status"_s);
    const QFuture<ExecuteResult> execution =
        session->execute(u"park"_s, {}, {.uuid = QString::fromLatin1(Real::ChannelA)});
    QObject context;
    QString seenByContinuation;
    status.then(&context,
                [&](const Reply &reply) { seenByContinuation = codeName(reply.error()); });

    session.reset();

    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(execution.isFinished());
    // failed, not silently canceled
    QVERIFY(!status.isCanceled());
    QVERIFY(!job.isCanceled());
    QVERIFY(!execution.isCanceled());
    QCOMPARE(codeName(status.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(job.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(execution.result().error()), u"Disconnected"_s);
    QCOMPARE(seenByContinuation, u"Disconnected"_s);
    QVERIFY(socket.isOpen()); // not owned: left alone
}

QTEST_GUILESS_MAIN(TestSessionTimeouts)
#include "tst_session_timeouts.moc"
