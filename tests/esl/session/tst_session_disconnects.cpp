// When Esl::Session's link goes: every pending future finishes exactly once, with an error value,
// whichever step the switch hangs up or resets at (between messages or inside one);
// disconnected() comes once, and new work fails at once. Moving the session to another device
// fails what was pending on the first, whose late replies cannot reach the new conversation.

#include "esl/session/sessionharness.h"

#include <QTcpSocket>

#include <optional>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Error;
using Esl::ExecuteResult;
using Esl::JobResult;
using Esl::Reply;
using Esl::Session;

namespace {

bool isLinkLoss(const std::optional<Error> &error)
{
    return error &&
           (error->code == Error::Code::Disconnected || error->code == Error::Code::Transport);
}

enum class Cut { Close, Abort, CloseInsideAMessage };

} // namespace

class TestSessionDisconnects : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Rainy days: the link goes
    void failsEverythingPendingWhenTheLinkDropsAtAnyStep_data();
    void failsEverythingPendingWhenTheLinkDropsAtAnyStep();
    void movingToAnotherDeviceFailsWhatWasPendingOnTheFirst();
};

// ---------------------------------------------------------------------------------------------
// Rainy days: the link goes

void TestSessionDisconnects::failsEverythingPendingWhenTheLinkDropsAtAnyStep_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("cut");
    for (int step = 0; step <= 7; ++step) {
        QTest::addRow("after step %d, peer closes", step) << step << int(Cut::Close);
        QTest::addRow("after step %d, peer resets", step) << step << int(Cut::Abort);
        if (step < 7)
            QTest::addRow("inside step %d, peer closes", step + 1)
                << step << int(Cut::CloseInsideAMessage);
    }
}

void TestSessionDisconnects::failsEverythingPendingWhenTheLinkDropsAtAnyStep()
{
    QFETCH(int, step);
    QFETCH(int, cut);
    Link link;
    OPEN(link);

    // C: api, bgapi, execute and a plain command, all before any answer
    QFuture<Reply> status = link.session.api(u"status"_s);
    const QFuture<JobResult> job = link.session.bgapi(u"echo hi"_s);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA)});
    QFuture<Reply> subscribe = link.session.send("event plain ALL");
    EXPECT(link, "api status\n\n");
    const QByteArray jobId = headerOf(link.command(), "Job-UUID");
    const QByteArray appId = headerOf(link.command(), "Event-UUID");
    EXPECT(link, "event plain ALL\n\n");

    // S: the answers, one step at a time
    const QByteArrayList steps{
        real(Real::Status),                                          // 1: status answered
        bgapiAck(jobId),                                             // 2: job acknowledged
        real(Real::ChannelCreate),                                   // 3: an event
        ScriptedPeer::reply("+OK"),                                  // 4: execution acknowledged
        real(Real::EventListenerReply),                              // 5: subscription answered
        realWith(Real::BackgroundJobEcho, Real::JobEcho, jobId),     // 6: job done
        realWith(Real::ExecuteCompleteA, Real::ApplicationA, appId), // 7: execution done
    };
    for (int i = 0; i < step; ++i)
        PLAY(link, steps[i]);
    if (Cut(cut) == Cut::CloseInsideAMessage)
        PLAY(link, QByteArrayView(steps[step]).first(steps[step].size() / 2));
    if (Cut(cut) == Cut::Abort)
        link.peer.abortClient();
    else
        link.peer.closeClient();
    QVERIFY(QTest::qWaitFor([&] { return !link.disconnects.isEmpty(); }));

    // Every future has finished by the time disconnected() is emitted: answered, or failed.
    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(execution.isFinished());
    QVERIFY(subscribe.isFinished());
    if (step >= 1)
        QVERIFY(status.result().ok());
    else
        QVERIFY2(isLinkLoss(status.result().error()),
                 qPrintable(codeName(status.result().error())));
    if (step >= 5)
        QVERIFY(subscribe.result().ok());
    else
        QVERIFY2(isLinkLoss(subscribe.result().error()),
                 qPrintable(codeName(subscribe.result().error())));
    if (step >= 6)
        QVERIFY(job.result().ok());
    else
        QVERIFY2(isLinkLoss(job.result().error()), qPrintable(codeName(job.result().error())));
    if (step >= 7)
        QVERIFY(execution.result().ok());
    else
        QVERIFY2(isLinkLoss(execution.result().error()),
                 qPrintable(codeName(execution.result().error())));
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);
    QCOMPARE(link.session.state(), Session::State::Closed);
    QVERIFY(isLinkLoss(link.disconnects.at(0).at(0).value<Error>()));

    // disconnected() once, however many ways the socket says it is gone
    QVERIFY(!QTest::qWaitFor([&] { return link.disconnects.size() > 1; }, 100));
    QCOMPARE(link.disconnects.size(), 1);

    // and new work fails at once
    const QFuture<Reply> late = link.session.api(u"status"_s);
    const QFuture<JobResult> lateJob = link.session.bgapi(u"status"_s);
    const QFuture<ExecuteResult> lateExecution =
        link.session.execute(u"answer"_s, {}, {.uuid = QString::fromLatin1(Real::ChannelA)});
    QVERIFY(late.isFinished());
    QVERIFY(lateJob.isFinished());
    QVERIFY(lateExecution.isFinished());
    QCOMPARE(codeName(late.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(lateJob.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(lateExecution.result().error()), u"Disconnected"_s);
    QCOMPARE(link.session.pendingJobs(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSessionDisconnects::movingToAnotherDeviceFailsWhatWasPendingOnTheFirst()
{
    Link link;
    OPEN(link);
    const QFuture<Reply> onFirst = link.session.api(u"status"_s);
    EXPECT(link, "api status\n\n");

    ScriptedPeer second;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, second.port());
    QVERIFY(second.waitForClient());
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
    link.session.setDevice(&socket);

    QVERIFY(onFirst.isFinished());
    QCOMPARE(codeName(onFirst.result().error()), u"Disconnected"_s);
    QCOMPARE(link.disconnects.size(), 1);
    QVERIFY(link.session.isOpen());

    // the first connection's late reply cannot reach the new conversation
    link.peer.send(real(Real::Status));
    const QFuture<Reply> onSecond = link.session.api(u"version"_s);
    QVERIFY2(second.expect("api version\n\n"), qPrintable(second.lastFailure()));
    second.send(ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    FINISHES(onSecond);
    QCOMPARE(onSecond.result().body(), "FreeSWITCH Version 1.10.12\n");
    QCOMPARE(link.unexpected.size(), 0);
}

QTEST_GUILESS_MAIN(TestSessionDisconnects)
#include "tst_session_disconnects.moc"
