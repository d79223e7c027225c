#pragma once
// What the Esl::Session tests (tst_session_*.cpp) share: the messages of a real FreeSWITCH
// capture they replay, builders for the frames a switch sends, and Link, a session on a TCP
// connection to a scripted switch with spies on what it reports.
//
// The transcripts use the bytes of a real capture (inbound-plain.esl, outbound.esl) wherever the
// shape of a message matters; where a test needs its own Job-UUID or Event-UUID in a real event,
// the capture's UUID is swapped for ours (same length, so every Content-Length stays right).

#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include "esl/session.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QSignalSpy>
#include <QString>
#include <QStringList>
#include <QTcpSocket>
#include <QTest>

#include <optional>
#include <utility>

namespace SessionHarness {

// --- the real capture -----------------------------------------------------------------------

// Messages of inbound-plain.esl the tests replay (checked by verifyTheRealCapture).
namespace Real {
constexpr int AuthRequest = 0;
constexpr int EventListenerReply = 2; // command/reply "+OK event listener enabled plain"
constexpr int BgapiAck = 3;           // "+OK Job-UUID: f6a1c0ee-…" with a Job-UUID header
constexpr int Codec = 4;
constexpr int ChannelCreate = 11;
constexpr int ChannelAnswer = 23;
constexpr int BackgroundJob = 32; // Job-UUID f6a1c0ee-…, body "+OK a210d645-…\n"
constexpr int Status = 67;        // api/response "UP 0 years, …"
constexpr int HoldOk = 70;        // api/response "+OK Success\n"
constexpr int ExecuteCompleteB = 74;
constexpr int HoldOffFailed = 76; // api/response "-ERR Operation failed\n"
constexpr int LogLine = 96;
constexpr int ExecuteCompleteA = 342;
constexpr int HangupCompleteA = 352;
constexpr int NoSuchChannel = 363;   // api/response "-ERR No such channel!\n"
constexpr int CommandNotFound = 367; // command/reply "-ERR command not found"
constexpr int BackgroundJobEcho = 370;
constexpr int Heartbeat = 371;
constexpr int DisconnectNotice = 379;

inline const QByteArray ChannelA = QByteArrayLiteral("a210d645-81c9-4730-9fb8-ef8b4cd23c59");
inline const QByteArray ChannelB = QByteArrayLiteral("7ad5180e-7286-49bc-acf0-11020f869586");
inline const QByteArray JobOriginate = QByteArrayLiteral("f6a1c0ee-d167-41bf-935e-18f9d3aff984");
inline const QByteArray JobEcho = QByteArrayLiteral("98e0e7ac-ccfe-41c2-b91c-0ea95b155ffa");
inline const QByteArray ApplicationA = QByteArrayLiteral("440aaec8-bf20-4e8d-92b3-5ed5adacbe51");
inline const QByteArray ApplicationB = QByteArrayLiteral("469b5786-d97e-4c15-96c6-c6ef2bd0b9a0");
} // namespace Real

struct Capture
{
    QByteArray bytes;
    QList<Esl::Message> messages;

    // The exact bytes of message i, as the switch sent them.
    [[nodiscard]] QByteArray raw(qsizetype i) const;
};

const Capture &inboundPlain();

// Checks that the indexes in Real still point at the messages they name; every test executable
// calls it from initTestCase, so a changed capture fails loudly instead of replaying the wrong
// bytes.
void verifyTheRealCapture();

QByteArray real(int index);

// A real message with one UUID swapped for another of the same length.
QByteArray realWith(int index, const QByteArray &from, const QByteArray &to);

// --- small builders and readers ---------------------------------------------------------------

QByteArray plainEvent(const QList<std::pair<QByteArray, QByteArray>> &headers,
                      const QByteArray &body = {});
QByteArray backgroundJob(const QByteArray &jobUuid, const QByteArray &body);
QByteArray bgapiAck(const QByteArray &jobUuid);

// The value of header `name` in a command the client wrote.
QByteArray headerOf(const QByteArray &command, const QByteArray &name);

bool isUuid(const QByteArray &text);
QString codeName(const std::optional<Esl::Error> &error);
QStringList eventNames(const QSignalSpy &spy);

template<typename T> bool finishes(const QFuture<T> &future, int timeoutMs = 5000)
{
    return QTest::qWaitFor([&] { return future.isFinished(); }, timeoutMs);
}

// A session on a TCP connection to a scripted switch, with spies on what it reports.
class Link
{
public:
    bool open();

    // S: the switch sends `bytes`; returns once the session has read (and dispatched) them.
    bool play(QByteArrayView bytes);

    // C: the next whole command the client wrote (empty after a timeout).
    QByteArray command() { return peer.nextCommand(); }

    TestSupport::ScriptedPeer peer;
    QTcpSocket socket;
    Esl::Session session;
    QSignalSpy events{&session, &Esl::Session::eventReceived};
    QSignalSpy errors{&session, &Esl::Session::errorOccurred};
    QSignalSpy disconnects{&session, &Esl::Session::disconnected};
    QSignalSpy unexpected{&session, &Esl::Session::unexpectedMessage};
    qint64 sent = 0;
    QString failure;
};

} // namespace SessionHarness

#define OPEN(link) QVERIFY2((link).open(), qPrintable((link).failure))
#define PLAY(link, bytes) QVERIFY((link).play(bytes))
#define EXPECT(link, bytes)                                                                        \
    QVERIFY2((link).peer.expect(bytes), qPrintable((link).peer.lastFailure()))
#define FINISHES(future) QVERIFY(SessionHarness::finishes(future))
