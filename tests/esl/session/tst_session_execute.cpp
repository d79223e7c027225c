// Esl::Session's sendmsg commands: execute writes the exact sendmsg with an Event-UUID of our own
// and resolves on the CHANNEL_EXECUTE_COMPLETE events that carry it as Application-UUID (across
// channels, once per loop, before or after its ack); hangup writes call-command: hangup with its
// cause. Rainy days: an -ERR ack, or the channel hanging up first, fails the execution.

#include "esl/session/sessionharness.h"

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::ExecuteOptions;
using Esl::ExecuteResult;
using Esl::Reply;

class TestSessionExecute : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Happy flows: execute and hangup
    void executeWritesTheExactSendmsg_data();
    void executeWritesTheExactSendmsg();
    void executeResolvesCompletionsArrivingInReverseOrderAcrossChannels();
    void executeWithLoopsResolvesOnTheLastCompletionOnly();
    void executeResolvesWhenTheCompletionOvertakesItsAck();
    void hangupSendsCallCommandHangupWithItsCause_data();
    void hangupSendsCallCommandHangupWithItsCause();

    // Rainy days
    void executeFailsWhenTheAckIsErr();
    void executeFailsWhenItsChannelHangsUpFirst();
};

// ---------------------------------------------------------------------------------------------
// Happy flows: execute and hangup

void TestSessionExecute::executeWritesTheExactSendmsg_data()
{
    QTest::addColumn<QString>("application");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("uuid");
    QTest::addColumn<QString>("channelUuid"); // the session's own channel (outbound)
    QTest::addColumn<bool>("eventLock");
    QTest::addColumn<int>("loops");
    QTest::addColumn<QByteArray>("expected"); // up to, not including, the Event-UUID line

    const QString a = QString::fromLatin1(Real::ChannelA);
    const QString tone = u"tone_stream://%(500,0,440)"_s;
    const QByteArray head = "sendmsg " + Real::ChannelA + "\ncall-command: execute\n";
    QTest::newRow("application only") << u"answer"_s << QString() << a << QString() << false << 1
                                      << head + "execute-app-name: answer\n";
    QTest::newRow("with an argument")
        << u"playback"_s << tone << a << QString() << false << 1
        << head + "execute-app-name: playback\nexecute-app-arg: tone_stream://%(500,0,440)\n";
    QTest::newRow("event-lock") << u"playback"_s << tone << a << QString() << true << 1
                                << head + "execute-app-name: playback\nexecute-app-arg: "
                                          "tone_stream://%(500,0,440)\nevent-lock: true\n";
    QTest::newRow("loops: 2") << u"playback"_s << tone << a << QString() << false << 2
                              << head + "execute-app-name: playback\nexecute-app-arg: "
                                        "tone_stream://%(500,0,440)\nloops: 2\n";
    QTest::newRow("event-lock and loops")
        << u"set"_s << u"foo=bar baz"_s << a << QString() << true << 3
        << head +
               "execute-app-name: set\nexecute-app-arg: foo=bar baz\nevent-lock: true\nloops: 3\n";
    QTest::newRow("outbound: this channel")
        << u"answer"_s << QString() << QString() << u"b77ae360-039c-48e4-bd1a-ca81f1b7f4f0"_s
        << false << 1 << "sendmsg\ncall-command: execute\nexecute-app-name: answer\n"_ba;
}

void TestSessionExecute::executeWritesTheExactSendmsg()
{
    QFETCH(QString, application);
    QFETCH(QString, argument);
    QFETCH(QString, uuid);
    QFETCH(QString, channelUuid);
    QFETCH(bool, eventLock);
    QFETCH(int, loops);
    QFETCH(QByteArray, expected);
    Link link;
    OPEN(link);
    link.session.setChannelUuid(channelUuid);
    const QFuture<ExecuteResult> execution =
        link.session.execute(application, argument,
                             ExecuteOptions{.uuid = uuid, .eventLock = eventLock, .loops = loops});

    const QByteArray command = link.command();
    const QByteArray id = headerOf(command, "Event-UUID");
    QVERIFY2(isUuid(id), command.constData());
    QCOMPARE(command, expected + "Event-UUID: " + id + "\n\n");
    QCOMPARE(link.session.pendingExecutions(), 1);

    // S: the ack, then one completion per loop carrying our id as Application-UUID
    PLAY(link, ScriptedPeer::reply("+OK"));
    for (int i = 0; i < loops; ++i) {
        QVERIFY(!execution.isFinished());
        PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    }
    QVERIFY(execution.isFinished());
    QVERIFY(execution.result().ok());
    QCOMPARE(execution.result().applicationUuid(), QString::fromLatin1(id));
    QCOMPARE(execution.result().completions().size(), loops);
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSessionExecute::executeResolvesCompletionsArrivingInReverseOrderAcrossChannels()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> onA =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA)});
    const QFuture<ExecuteResult> onB = link.session.execute(
        u"playback"_s, u"local_stream://moh"_s, {.uuid = QString::fromLatin1(Real::ChannelB)});
    const QByteArray idA = headerOf(link.command(), "Event-UUID");
    const QByteArray idB = headerOf(link.command(), "Event-UUID");
    QVERIFY(isUuid(idA));
    QVERIFY(isUuid(idB));
    PLAY(link, ScriptedPeer::reply("+OK") + ScriptedPeer::reply("+OK"));

    // S: B's completion first
    PLAY(link, realWith(Real::ExecuteCompleteB, Real::ApplicationB, idB));
    QVERIFY(onB.isFinished());
    QVERIFY(!onA.isFinished());
    PLAY(link, real(Real::Heartbeat) + realWith(Real::ExecuteCompleteA, Real::ApplicationA, idA));
    QVERIFY(onA.isFinished());

    const Esl::Event realB =
        *Esl::Event::fromMessage(inboundPlain().messages.at(Real::ExecuteCompleteB));
    QVERIFY(onB.result().ok());
    QCOMPARE(onB.result().completions().size(), 1);
    QCOMPARE(onB.result().completions().first().uniqueId(), QString::fromLatin1(Real::ChannelB));
    QCOMPARE(onB.result().applicationResponse(), realB.text("Application-Response"));
    QVERIFY(onA.result().ok());
    QCOMPARE(onA.result().completions().first().uniqueId(), QString::fromLatin1(Real::ChannelA));
    QCOMPARE(onA.result().applicationResponse(), u"FILE PLAYED"_s);
    QCOMPARE(onA.result().applicationUuid(), QString::fromLatin1(idA));
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSessionExecute::executeWithLoopsResolvesOnTheLastCompletionOnly()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> twice =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA), .loops = 2});
    const QByteArray id = headerOf(link.command(), "Event-UUID");
    PLAY(link, ScriptedPeer::reply("+OK"));

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    QVERIFY(!twice.isFinished());
    QCOMPARE(link.session.pendingExecutions(), 1);
    // another application's completion on the same channel changes nothing
    PLAY(link, real(Real::ExecuteCompleteA));
    QVERIFY(!twice.isFinished());

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    QVERIFY(twice.isFinished());
    QVERIFY(twice.result().ok());
    QCOMPARE(twice.result().completions().size(), 2);
    QCOMPARE(twice.result().applicationResponse(), u"FILE PLAYED"_s);
    QCOMPARE(link.session.pendingExecutions(), 0);
}

void TestSessionExecute::executeResolvesWhenTheCompletionOvertakesItsAck()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = QString::fromLatin1(Real::ChannelA)});
    const QByteArray id = headerOf(link.command(), "Event-UUID");
    const QFuture<Reply> after = link.session.api(u"version"_s);
    EXPECT(link, "api version\n\n");

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    PLAY(link, ScriptedPeer::reply("+OK"));
    QVERIFY(execution.isFinished());
    QVERIFY2(execution.result().ok(), qPrintable(execution.result().errorText()));
    QVERIFY(execution.result().ack().ok());
    QCOMPARE(execution.result().completions().size(), 1);
    QCOMPARE(link.unexpected.size(), 0);
    QCOMPARE(link.session.pendingExecutions(), 0);

    QVERIFY(!after.isFinished()); // the ack took the sendmsg's slot
    PLAY(link, ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QVERIFY(after.result().ok());
}

void TestSessionExecute::hangupSendsCallCommandHangupWithItsCause_data()
{
    QTest::addColumn<QString>("uuid");
    QTest::addColumn<QString>("cause"); // null: the default
    QTest::addColumn<QByteArray>("expected");
    const QString a = QString::fromLatin1(Real::ChannelA);
    QTest::newRow("default cause")
        << a << QString()
        << "sendmsg " + Real::ChannelA +
               "\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n";
    QTest::newRow("USER_BUSY") << a << u"USER_BUSY"_s
                               << "sendmsg " + Real::ChannelA +
                                      "\ncall-command: hangup\nhangup-cause: USER_BUSY\n\n";
    QTest::newRow("outbound: this channel")
        << QString() << QString()
        << "sendmsg\ncall-command: hangup\nhangup-cause: NORMAL_CLEARING\n\n"_ba;
}

void TestSessionExecute::hangupSendsCallCommandHangupWithItsCause()
{
    QFETCH(QString, uuid);
    QFETCH(QString, cause);
    QFETCH(QByteArray, expected);
    Link link;
    OPEN(link);
    const QFuture<Reply> hangup =
        cause.isNull() ? link.session.hangup(uuid) : link.session.hangup(uuid, cause);
    EXPECT(link, expected);
    PLAY(link, ScriptedPeer::reply("+OK"));
    QVERIFY(hangup.isFinished());
    QVERIFY(hangup.result().ok());
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestSessionExecute::executeFailsWhenTheAckIsErr()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> execution =
        link.session.execute(u"playback"_s, u"tone_stream://%(500,0,440)"_s,
                             {.uuid = u"00000000-0000-0000-0000-000000000000"_s});
    const QByteArray id = headerOf(link.command(), "Event-UUID");
    PLAY(link,
         ScriptedPeer::reply("-ERR invalid session id [00000000-0000-0000-0000-000000000000]"));
    QVERIFY(execution.isFinished());
    QVERIFY(!execution.result().ok());
    QVERIFY2(execution.result().errorText().contains(u"invalid session id"_s),
             qPrintable(execution.result().errorText()));
    QCOMPARE(link.session.pendingExecutions(), 0);

    PLAY(link, realWith(Real::ExecuteCompleteA, Real::ApplicationA, id));
    QCOMPARE(execution.resultCount(), 1);
    QVERIFY(!execution.result().ok());
}

void TestSessionExecute::executeFailsWhenItsChannelHangsUpFirst()
{
    Link link;
    OPEN(link);
    const QFuture<ExecuteResult> onA = link.session.execute(
        u"playback"_s, u"local_stream://moh"_s, {.uuid = QString::fromLatin1(Real::ChannelA)});
    const QFuture<ExecuteResult> onB = link.session.execute(
        u"playback"_s, u"local_stream://moh"_s, {.uuid = QString::fromLatin1(Real::ChannelB)});
    link.command();
    const QByteArray idB = headerOf(link.command(), "Event-UUID");
    PLAY(link, ScriptedPeer::reply("+OK") + ScriptedPeer::reply("+OK"));

    // S: A's real CHANNEL_HANGUP_COMPLETE (Hangup-Cause NORMAL_CLEARING)
    PLAY(link, real(Real::HangupCompleteA));
    QVERIFY(onA.isFinished());
    QVERIFY(!onA.result().ok());
    QCOMPARE(codeName(onA.result().error()), u"Disconnected"_s);
    QVERIFY2(onA.result().errorText().contains(u"NORMAL_CLEARING"_s),
             qPrintable(onA.result().errorText()));
    QVERIFY(onA.result().ack().ok());
    QVERIFY(!onB.isFinished()); // another channel: still running
    QCOMPARE(link.session.pendingExecutions(), 1);
    QCOMPARE(eventNames(link.events), QStringList{u"CHANNEL_HANGUP_COMPLETE"_s});

    PLAY(link, realWith(Real::ExecuteCompleteB, Real::ApplicationB, idB));
    QVERIFY(onB.result().ok());
}

QTEST_GUILESS_MAIN(TestSessionExecute)
#include "tst_session_execute.moc"
