// What a hostile switch's volume costs the console: the window's stores (the Hub with a
// ServerMonitor, as the window runs them, journal aside) and `eslcat events`, under a burst of
// two million events and under hundreds of megabytes of big events. The heap must stay under
// the store's byte limit plus a fixed allowance for buffers in flight, whatever the switch
// sends; the figures printed here are the README's.
//
// The switch is a small auto-answering peer on 127.0.0.1: it asks for auth, answers every
// command as FreeSWITCH would with an empty channel list, and floods only as fast as its socket
// drains, so its own buffers never count.

#include "support/heap.h"

#include "monitor/hub.h"

#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray frame(QByteArrayView contentType, QByteArrayView body)
{
    return "Content-Length: " + QByteArray::number(body.size()) + "\nContent-Type: " +
           contentType.toByteArray() + "\n\n" + body.toByteArray();
}

QByteArray heartbeat(int sequence)
{
    return frame("text/event-plain", "Event-Name: HEARTBEAT\nCore-UUID: 49844b00-a991-435a-a99d-"
                                     "cdb62521423e\nEvent-Sequence: " +
                                         QByteArray::number(sequence) + "\n\n");
}

QByteArray bigEvent(int sequence, qsizetype bodyBytes)
{
    const QByteArray body(bodyBytes, 'x');
    return frame("text/event-plain",
                 "Event-Name: CUSTOM\nEvent-Subclass: test%3A%3Abig\nEvent-Sequence: " +
                     QByteArray::number(sequence) +
                     "\nContent-Length: " + QByteArray::number(body.size()) + "\n\n" + body);
}

class AnsweringSwitch : public QObject
{
public:
    AnsweringSwitch()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            m_client = m_server.nextPendingConnection();
            m_received.clear();
            connect(m_client, &QTcpSocket::readyRead, this, &AnsweringSwitch::answer);
            connect(m_client, &QTcpSocket::bytesWritten, this, &AnsweringSwitch::refill);
            m_client->write("Content-Type: auth/request\n\n");
        });
    }
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] bool loggedIn() const { return m_loggedIn; }
    [[nodiscard]] qint64 flooded() const { return m_flooded; }

    // Sends what `next` produces (until it returns nothing) as the socket drains.
    void flood(std::function<QByteArray()> next)
    {
        m_next = std::move(next);
        refill();
    }

private:
    void answer()
    {
        m_received += m_client->readAll();
        for (qsizetype end; (end = m_received.indexOf("\n\n")) >= 0;) {
            const QByteArray command = m_received.left(end);
            m_received.remove(0, end + 2);
            const QByteArray line = command.split('\n').first();
            if (line.startsWith("auth ")) {
                m_loggedIn = true;
                m_client->write("Content-Type: command/reply\nReply-Text: +OK accepted\n\n");
            } else if (line.startsWith("api show")) {
                m_client->write(frame("api/response", "{\"row_count\":0}"));
            } else if (line.startsWith("api ")) {
                m_client->write(frame("api/response", "+OK\n"));
            } else {
                m_client->write("Content-Type: command/reply\nReply-Text: +OK\n\n");
            }
        }
    }
    void refill()
    {
        while (m_next && m_client && m_client->bytesToWrite() < 1024 * 1024) {
            const QByteArray chunk = m_next();
            if (chunk.isEmpty()) {
                m_next = nullptr;
                break;
            }
            m_flooded += m_client->write(chunk);
        }
    }

    QTcpServer m_server;
    QPointer<QTcpSocket> m_client;
    QByteArray m_received;
    bool m_loggedIn = false;
    std::function<QByteArray()> m_next;
    qint64 m_flooded = 0;
};

std::function<QByteArray()> burst(int events)
{
    return [events, sent = 0]() mutable {
        QByteArray chunk;
        for (int i = 0; i < 2048 && sent < events; ++i)
            chunk += heartbeat(++sent);
        return chunk;
    };
}

std::function<QByteArray()> bigEvents(int events, qsizetype bodyBytes)
{
    return [=, sent = 0]() mutable { return sent < events ? bigEvent(++sent, bodyBytes) : QByteArray(); };
}

// The peak resident set of a process that is still running, in KiB (VmHWM).
qint64 peakResidentKib(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

constexpr qint64 kMiB = 1024 * 1024;

} // namespace

class TestHostileStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The client narrates every state change; the tests check what it concluded.
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nesl.inbound.info=false"_s);
    }

    void theStoresStayUnderTheirLimit_data();
    void theStoresStayUnderTheirLimit();
    void eslcatEventsStaysSmall_data();
    void eslcatEventsStaysSmall();
};

void TestHostileStores::theStoresStayUnderTheirLimit_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<qsizetype>("bodyBytes"); // 0: HEARTBEATs of ~150 bytes
    // The window's stores cost far more per event than the client alone (tst_hostile has the
    // two million): a million keeps the suite's time reasonable and still fills the store.
    QTest::newRow("a burst of 1,000,000 events") << 1'000'000 << qsizetype(0);
    QTest::newRow("100 events of 4 MB") << 100 << qsizetype(4 * kMiB);
    QTest::newRow("2,000 events of 256 KB") << 2000 << qsizetype(256 * 1024);
}

void TestHostileStores::theStoresStayUnderTheirLimit()
{
    QFETCH(int, events);
    QFETCH(qsizetype, bodyBytes);
    constexpr qint64 kLimit = 64 * kMiB;
    AnsweringSwitch sw;
    Monitor::Hub hub;
    Monitor::EventStore::Limits limits = hub.store()->limits();
    limits.maxBytes = kLimit;
    hub.store()->setLimits(limits);
    Monitor::ServerProfile profile;
    profile.name = u"hostile"_s;
    profile.connection.port = sw.port();
    profile.connection.livenessMs = 0;
    profile.logLevel = -1;
    HeapPeak heap;
    Monitor::ServerMonitor *server = hub.addServer(profile);
    server->start();
    QVERIFY(QTest::qWaitFor([&] { return !server->isOutOfStep(); }, 10000));
    sw.flood(bodyBytes ? bigEvents(events, bodyBytes) : burst(events));
    QVERIFY2(QTest::qWaitFor([&] { return server->eventsReceived() >= events; }, 300000),
             qPrintable(u"%1 of %2 events"_s.arg(server->eventsReceived()).arg(events)));
    QCOMPARE(server->eventsReceived(), qint64(events));
    QVERIFY(server->link()->isLive());

    Monitor::EventStore *store = hub.store();
    QVERIFY2(store->memoryBytes() <= kLimit, qPrintable(QString::number(store->memoryBytes())));
    QCOMPARE(store->droppedCount() + store->size(), qint64(events));
    const qint64 growth = heap.growth();
    qInfo("%d events of %lld bytes (%lld MB on the wire): store %lld MiB of %lld, %lld dropped; "
          "%s peaked %lld MiB above the start",
          events, qint64(bodyBytes), sw.flooded() / kMiB, store->memoryBytes() / kMiB,
          kLimit / kMiB, store->droppedCount(), heapMeasure(), growth / kMiB);
    // The store's limit, plus the socket's read buffer (4 MiB), a message being parsed and
    // its decoded copy, and the channel store and indexes: a fixed allowance.
    const qint64 allowance = 48 * kMiB + 3 * bodyBytes;
    QVERIFY2(growth <= kLimit + allowance,
             qPrintable(u"grew %1 MiB"_s.arg(growth / kMiB)));
}

void TestHostileStores::eslcatEventsStaysSmall_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<qsizetype>("bodyBytes");
    QTest::newRow("a burst of 1,000,000 events") << 1'000'000 << qsizetype(0);
    QTest::newRow("100 events of 4 MB") << 100 << qsizetype(4 * kMiB);
}

void TestHostileStores::eslcatEventsStaysSmall()
{
    QFETCH(int, events);
    QFETCH(qsizetype, bodyBytes);
    AnsweringSwitch sw;
    QProcess eslcat;
    eslcat.setStandardOutputFile(QProcess::nullDevice());
    eslcat.start(QStringLiteral(ESLCAT_PATH), {u"events"_s, u"--port"_s, QString::number(sw.port())});
    QVERIFY(QTest::qWaitFor([&] { return sw.loggedIn(); }, 10000));
    QTest::qWait(200); // the subscription and the Core-UUID query are answered
    sw.flood(bodyBytes ? bigEvents(events, bodyBytes) : burst(events));
    const qint64 total = bodyBytes ? qint64(events) * (bodyBytes + 120) : qint64(events) * 140;
    QVERIFY(QTest::qWaitFor([&] { return sw.flooded() >= total; }, 300000));
    QTest::qWait(500); // what the kernel still held
    const qint64 peak = peakResidentKib(eslcat.processId());
    eslcat.terminate();
    QVERIFY(eslcat.waitForFinished(10000));
    QCOMPARE(eslcat.exitStatus(), QProcess::NormalExit);
    qInfo("eslcat events, %d events of %lld bytes (%lld MB): peak resident %lld MiB", events,
          qint64(bodyBytes), sw.flooded() / kMiB, peak / 1024);
    // eslcat keeps nothing: its peak is the program, Qt, a read buffer and a message or two.
    // (Under AddressSanitizer resident memory includes its shadow and quarantine.)
#ifndef SWITCHBOARD_UNDER_ASAN
    QVERIFY2(peak / 1024 < 96 + 3 * bodyBytes / kMiB, qPrintable(QString::number(peak)));
#endif
}

QTEST_GUILESS_MAIN(TestHostileStores)
#include "tst_hostilestores.moc"
