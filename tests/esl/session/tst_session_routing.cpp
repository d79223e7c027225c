// Esl::Session routes replies: each reaches the caller whose command it answers, in the order the
// commands were sent, whatever events are interleaved and however the bytes are split; api takes
// api/response and a command/reply -ERR alike; a continuation may send, or close the session, from
// inside its callback. Transcripts against a scripted switch (see sessionharness.h).

#include "esl/session/sessionharness.h"

#include <QObject>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Reply;
using Esl::Session;

class TestSessionRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Happy flows: replies
    void routesRepliesInFifoOrderWithRealEventsInterleaved_data();
    void routesRepliesInFifoOrderWithRealEventsInterleaved();
    void answersAHundredCommandsSentBeforeAnyReplyInOrder();
    void apiTakesApiResponseAndCommandReplyErr_data();
    void apiTakesApiResponseAndCommandReplyErr();
    void continuationMaySendFromInsideItsCallback();
    void continuationMayCloseTheSessionInTheMiddleOfABurst();
};

// ---------------------------------------------------------------------------------------------
// Happy flows: replies

void TestSessionRouting::routesRepliesInFifoOrderWithRealEventsInterleaved_data()
{
    QTest::addColumn<int>("pieceSize"); // -1: everything in one write; 0: one write per message
    QTest::newRow("all in one write") << -1;
    QTest::newRow("one write per message") << 0;
    QTest::newRow("in 1000-byte pieces") << 1000;
    QTest::newRow("in 7-byte pieces") << 7;
}

void TestSessionRouting::routesRepliesInFifoOrderWithRealEventsInterleaved()
{
    QFETCH(int, pieceSize);
    Link link;
    OPEN(link);

    // Who heard what, in order: events through the signal, replies through continuations.
    QStringList heard;
    QObject context;
    connect(&link.session, &Session::eventReceived, &context,
            [&](const Esl::Event &event) { heard.append(u"event "_s + event.name()); });
    QFuture<Reply> status = link.session.api(u"status"_s);
    QFuture<Reply> hold = link.session.api(u"uuid_hold "_s + QLatin1StringView(Real::ChannelA));
    QFuture<Reply> subscribe = link.session.send("event plain ALL");
    status.then(&context, [&](const Reply &r) { heard.append(u"status: "_s + r.text().left(4)); });
    hold.then(&context, [&](const Reply &r) { heard.append(u"hold: "_s + r.text().trimmed()); });
    subscribe.then(&context, [&](const Reply &r) { heard.append(u"event: "_s + r.text()); });

    // C: three commands, in the order they were issued
    EXPECT(link, "api status\n\napi uuid_hold " + Real::ChannelA + "\n\nevent plain ALL\n\n");

    // S: real replies with real events before, between and after them
    const QByteArrayList script{
        real(Real::ChannelCreate),      real(Real::Status),   real(Real::Codec),
        real(Real::Codec + 1),          real(Real::HoldOk),   real(Real::ChannelAnswer),
        real(Real::EventListenerReply), real(Real::Heartbeat)};
    const QByteArray all = script.join();
    if (pieceSize < 0) {
        PLAY(link, all);
    } else if (pieceSize == 0) {
        for (const QByteArray &message : script)
            PLAY(link, message);
    } else {
        for (qsizetype pos = 0; pos < all.size(); pos += pieceSize)
            PLAY(link,
                 QByteArrayView(all).sliced(pos, std::min<qsizetype>(pieceSize, all.size() - pos)));
    }

    QCOMPARE(heard,
             (QStringList{u"event CHANNEL_CREATE"_s, u"status: UP 0"_s, u"event CODEC"_s,
                          u"event CODEC"_s, u"hold: +OK Success"_s, u"event CHANNEL_ANSWER"_s,
                          u"event: +OK event listener enabled plain"_s, u"event HEARTBEAT"_s}));
    QVERIFY(status.result().ok());
    QCOMPARE(status.result().contentType(), "api/response");
    QVERIFY(hold.result().ok());
    QVERIFY(subscribe.result().ok());
    QCOMPARE(subscribe.result().contentType(), "command/reply");
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.unexpected.size(), 0);
    QCOMPARE(link.errors.size(), 0);
}

void TestSessionRouting::answersAHundredCommandsSentBeforeAnyReplyInOrder()
{
    Link link;
    OPEN(link);
    QList<QFuture<Reply>> futures;
    QByteArray wire;
    for (int i = 0; i < 100; ++i) {
        futures.append(link.session.api(u"echo %1"_s.arg(i)));
        wire += "api echo " + QByteArray::number(i) + "\n\n";
    }
    QCOMPARE(link.session.pendingReplies(), 100);

    // C: all hundred, in issue order, before the switch has said anything
    EXPECT(link, wire);

    // S: the hundred replies, a real HEARTBEAT after every tenth
    QByteArray replies;
    for (int i = 0; i < 100; ++i) {
        replies += ScriptedPeer::apiResponse(QByteArray::number(i) + '\n');
        if (i % 10 == 9)
            replies += real(Real::Heartbeat);
    }
    PLAY(link, replies);

    for (int i = 0; i < 100; ++i) {
        QVERIFY(futures.at(i).isFinished());
        QCOMPARE(futures.at(i).result().body(), QByteArray::number(i) + '\n');
    }
    QCOMPARE(link.events.size(), 10);
    QCOMPARE(link.session.pendingReplies(), 0);
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSessionRouting::apiTakesApiResponseAndCommandReplyErr_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorText");

    QTest::newRow("api/response +OK")
        << real(Real::HoldOk) << true << u"+OK Success\n"_s << QString();
    QTest::newRow("api/response -ERR")
        << real(Real::NoSuchChannel) << false << u"-ERR No such channel!\n"_s
        << u"-ERR No such channel!"_s;
    QTest::newRow("api/response -ERR Operation failed")
        << real(Real::HoldOffFailed) << false << u"-ERR Operation failed\n"_s
        << u"-ERR Operation failed"_s;
    QTest::newRow("api/response -USAGE")
        << ScriptedPeer::apiResponse("-USAGE: <uuid> [cause]\n") << false
        << u"-USAGE: <uuid> [cause]\n"_s << u"-USAGE: <uuid> [cause]"_s;
    QTest::newRow("command/reply -ERR command not found")
        << real(Real::CommandNotFound) << false << u"-ERR command not found"_s
        << u"-ERR command not found"_s;
    QTest::newRow("command/reply -ERR permission denied")
        << ScriptedPeer::reply("-ERR permission denied") << false << u"-ERR permission denied"_s
        << u"-ERR permission denied"_s;
}

void TestSessionRouting::apiTakesApiResponseAndCommandReplyErr()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, ok);
    QFETCH(QString, text);
    QFETCH(QString, errorText);
    Link link;
    OPEN(link);
    const QFuture<Reply> kill =
        link.session.api(u"uuid_kill 00000000-0000-0000-0000-000000000000"_s);
    EXPECT(link, "api uuid_kill 00000000-0000-0000-0000-000000000000\n\n");
    PLAY(link, answer);

    QVERIFY(kill.isFinished());
    const Reply reply = kill.result();
    QCOMPARE(reply.ok(), ok);
    QCOMPARE(reply.text(), text);
    QCOMPARE(reply.errorText(), errorText);
    QCOMPARE(codeName(reply.error()), u"no error"_s); // the switch answered: -ERR is data
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSessionRouting::continuationMaySendFromInsideItsCallback()
{
    Link link;
    OPEN(link);
    QObject context;
    QFuture<Reply> fromInside;
    bool sentFromInside = false;
    QFuture<Reply> status = link.session.api(u"status"_s);
    const QFuture<Reply> version = link.session.api(u"version"_s);
    status.then(&context, [&](const Reply &) {
        fromInside = link.session.api(u"uptime"_s);
        sentFromInside = true;
    });
    EXPECT(link, "api status\n\napi version\n\n");

    // S: both replies in one write: the continuation sends between the two deliveries
    PLAY(link, real(Real::Status) + ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n"));
    QVERIFY(sentFromInside);
    QVERIFY(status.result().ok());
    QCOMPARE(version.result().body(), "FreeSWITCH Version 1.10.12\n"); // not taken by "uptime"
    QVERIFY(!fromInside.isFinished());

    EXPECT(link, "api uptime\n\n");
    PLAY(link, ScriptedPeer::apiResponse("344\n"));
    QVERIFY(fromInside.isFinished());
    QCOMPARE(fromInside.result().body(), "344\n");
    QCOMPARE(link.unexpected.size(), 0);
}

void TestSessionRouting::continuationMayCloseTheSessionInTheMiddleOfABurst()
{
    Link link;
    OPEN(link);
    QObject context;
    QFuture<Reply> first = link.session.api(u"status"_s);
    const QFuture<Reply> second = link.session.api(u"version"_s);
    const QFuture<Reply> third = link.session.api(u"uptime"_s);
    first.then(&context, [&](const Reply &) { link.session.close(); });
    EXPECT(link, "api status\n\napi version\n\napi uptime\n\n");

    link.peer.send(real(Real::Status) + ScriptedPeer::apiResponse("FreeSWITCH Version 1.10.12\n") +
                   ScriptedPeer::apiResponse("344\n"));
    FINISHES(third);
    QVERIFY(first.result().ok());
    // Closed before their replies were dispatched: they fail, and the buffered replies do not
    // reach them afterwards.
    QCOMPARE(codeName(second.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(third.result().error()), u"Disconnected"_s);
    QCOMPARE(link.disconnects.size(), 1);
    QVERIFY(!link.session.isOpen());
}

QTEST_GUILESS_MAIN(TestSessionRouting)
#include "tst_session_routing.moc"
