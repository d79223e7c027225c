// How Esl::Session reads its device: bytes buffered before the device was attached; a backlog
// worked through in slices that hand the event loop back in between; a slow reader pushing back
// on the switch through a bounded socket buffer (TCP flow control) instead of buffering without
// bound. Nothing is lost or reordered.

#include "esl/session/sessionharness.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <algorithm>

using namespace SessionHarness;
using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Session;

class TestSessionReading : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { verifyTheRealCapture(); }

    // Happy flows: reading
    void readsWhatTheDeviceBufferedBeforeItWasAttached();
    void worksThroughABacklogInSlicesLettingTheEventLoopRun_data();
    void worksThroughABacklogInSlicesLettingTheEventLoopRun();
    void aSlowReaderPushesBackOnTheSwitchInsteadOfBuffering();
};

// ---------------------------------------------------------------------------------------------
// Happy flows: reading

void TestSessionReading::readsWhatTheDeviceBufferedBeforeItWasAttached()
{
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    peer.send(real(Real::AuthRequest));
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() > 0; }));

    Session session;
    QSignalSpy auth(&session, &Session::authRequested);
    session.setDevice(&socket); // no readyRead will come for bytes already buffered
    QVERIFY(QTest::qWaitFor([&] { return auth.size() == 1; }));
}

void TestSessionReading::worksThroughABacklogInSlicesLettingTheEventLoopRun_data()
{
    QTest::addColumn<int>("budgetMs");
    QTest::addColumn<bool>("sliced");
    QTest::newRow("budget 1 ms") << 1 << true;
    QTest::newRow("no budget: all at once") << 0 << false;
}

void TestSessionReading::worksThroughABacklogInSlicesLettingTheEventLoopRun()
{
    QFETCH(int, budgetMs);
    QFETCH(bool, sliced);
    // 3,000 events (about 600 kB) already in the socket's buffer when the session starts
    // reading, and a slow first handler: with a budget the session hands the event loop back
    // before the backlog is through (a timer posted by the first handler runs in between), and
    // resumes on its own (no readyRead comes for bytes already buffered); nothing is lost or
    // reordered. Without one it works through all of it in one go.
    constexpr int kEvents = 3000;
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    QByteArray backlog;
    for (int i = 0; i < kEvents; ++i)
        backlog += plainEvent({{"Event-Name", "CUSTOM"},
                               {"Event-Subclass", "bench::tick"},
                               {"Event-Sequence", QByteArray::number(i)},
                               {"Padding", QByteArray(150, 'x')}});
    peer.send(backlog);
    QVERIFY(QTest::qWaitFor([&] { return socket.bytesAvailable() == backlog.size(); }));

    Session session;
    session.setReadBudget(budgetMs);
    QCOMPARE(session.readBudget(), budgetMs);
    QList<int> sequence;
    int seenWhenTheTimerRan = -1;
    connect(&session, &Session::eventReceived, &session, [&](const Esl::Event &event) {
        sequence.append(event.header("Event-Sequence").toInt());
        if (sequence.size() == 1) {
            QTimer::singleShot(0, &session, [&] { seenWhenTheTimerRan = int(sequence.size()); });
            QElapsedTimer busy;
            busy.start();
            while (busy.elapsed() < 5) {
            }
        }
    });
    session.setDevice(&socket);
    QVERIFY(QTest::qWaitFor([&] { return sequence.size() == kEvents && seenWhenTheTimerRan > 0; }));
    if (sliced)
        QVERIFY2(seenWhenTheTimerRan < kEvents, qPrintable(QString::number(seenWhenTheTimerRan)));
    else
        QCOMPARE(seenWhenTheTimerRan, kEvents);
    for (int i = 0; i < kEvents; ++i)
        QCOMPARE(sequence.at(i), i);
    QCOMPARE(session.bytesReceived(), qint64(backlog.size()));
}

void TestSessionReading::aSlowReaderPushesBackOnTheSwitchInsteadOfBuffering()
{
    // 24 MB of events sent at once to a session whose handler takes 2 ms an event: the
    // session's socket holds at most kSocketReadBuffer of them, the rest waits in the kernel and
    // in the switch's own buffer (TCP flow control), and every event still arrives, in order.
    ScriptedPeer peer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, peer.port());
    QVERIFY(peer.waitForClient());
    Session session;
    session.setDevice(&socket);
    QCOMPARE(socket.readBufferSize(), Session::kSocketReadBuffer);
    QTcpSocket other;
    other.setReadBufferSize(1024);
    Session bounded;
    bounded.setDevice(&other);
    QCOMPARE(other.readBufferSize(), 1024); // a bound the caller chose is kept

    const QByteArray padding(2000, 'x');
    QByteArray burst;
    int sent = 0;
    while (burst.size() < 24 * 1024 * 1024)
        burst += plainEvent({{"Event-Name", "CUSTOM"},
                             {"Event-Sequence", QByteArray::number(sent++)},
                             {"Padding", padding}});
    QList<int> sequence;
    connect(&session, &Session::eventReceived, &session, [&](const Esl::Event &event) {
        sequence.append(event.header("Event-Sequence").toInt());
        if (sequence.size() <= 200)
            QThread::msleep(2);
    });
    peer.send(burst);
    qint64 mostBuffered = 0;
    bool pushedBack = false;
    QVERIFY(QTest::qWaitFor(
        [&] {
            mostBuffered = std::max(mostBuffered, socket.bytesAvailable());
            pushedBack = pushedBack || peer.client()->bytesToWrite() > 0;
            return sequence.size() == sent;
        },
        60000));
    QVERIFY2(mostBuffered <= Session::kSocketReadBuffer, qPrintable(QString::number(mostBuffered)));
    QVERIFY(pushedBack);
    for (int i = 0; i < sent; ++i)
        QCOMPARE(sequence.at(i), i);
}

QTEST_GUILESS_MAIN(TestSessionReading)
#include "tst_session_reading.moc"
