// The SSH transport as a byte pipe, against a real sshd (tests/support/sshd.h): megabytes both
// ways through the bounded buffers arrive whole and in order, and what the far end sent before
// it hung up is all delivered before the end of the stream. And its deadline: an "SSH server"
// that accepts and never speaks is given up on by the client's connect timeout, and its
// connection leaves the pool.

#include "support/sshd.h"

#include "esl/inboundclient.h"
#include "esl/sshtunnel.h"
#include "esl/transport.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray noise(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(21);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(generator.bounded(256));
    return bytes;
}

} // namespace

class TestSshTunnelBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void movesMegabytesBothWaysIntact();
    void deliversEverythingSentBeforeTheFarEndHungUp();
    void givesUpOnAnSshServerThatNeverSpeaks();

private:
    [[nodiscard]] Esl::ConnectionOptions options(quint16 port, const QString &knownHosts) const;
    // Opens a transport to port through the tunnel; nullptr (and a failure) when it does not.
    std::unique_ptr<Esl::Transport> open(const Esl::ConnectionOptions &options);

    std::unique_ptr<TestSupport::Sshd> m_sshd;
};

void TestSshTunnelBytes::initTestCase()
{
    if (const QString why = TestSupport::Sshd::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_sshd = std::make_unique<TestSupport::Sshd>();
    QVERIFY2(m_sshd->start(), qPrintable(m_sshd->log()));
}

Esl::ConnectionOptions TestSshTunnelBytes::options(quint16 port, const QString &knownHosts) const
{
    Esl::ConnectionOptions o;
    o.host = u"127.0.0.1"_s;
    o.port = port;
    o.ssh.enabled = true;
    o.ssh.host = u"127.0.0.1"_s;
    o.ssh.port = m_sshd->port();
    o.ssh.user = TestSupport::Sshd::currentUser();
    o.ssh.keyFile = m_sshd->userKey();
    o.ssh.knownHostsFile = m_sshd->writeKnownHosts(knownHosts);
    return o;
}

std::unique_ptr<Esl::Transport> TestSshTunnelBytes::open(const Esl::ConnectionOptions &options)
{
    auto transport = Esl::makeTransport(options);
    QSignalSpy opened(transport.get(), &Esl::Transport::opened);
    QSignalSpy failed(transport.get(), &Esl::Transport::failed);
    transport->open(options);
    if (!QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, 20000)
        || opened.isEmpty()) {
        qWarning() << "not opened:" << (failed.isEmpty() ? u"timeout"_s
                                                         : failed.at(0).at(0).value<Esl::Error>().message);
        return nullptr;
    }
    return transport;
}

void TestSshTunnelBytes::movesMegabytesBothWaysIntact()
{
    // An echo peer behind the tunnel: 10 MB, more than twice each direction's bound, goes out
    // and comes back.
    QTcpServer echo;
    QVERIFY(echo.listen(QHostAddress::LocalHost, 0));
    QTcpSocket *peer = nullptr;
    connect(&echo, &QTcpServer::newConnection, this, [&] {
        peer = echo.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, peer, [peer] { peer->write(peer->readAll()); });
    });
    const auto transport = open(options(echo.serverPort(), u"known_echo"_s));
    QVERIFY(transport);
    QIODevice *device = transport->device();
    const QByteArray sent = noise(10 * 1024 * 1024);
    QByteArray received;
    connect(device, &QIODevice::readyRead, this, [&] { received += device->readAll(); });
    // Written in slices, as the Session does, not all at once into Qt's buffer.
    qsizetype written = 0;
    QVERIFY(QTest::qWaitFor([&] {
        while (written < sent.size() && device->bytesToWrite() < 256 * 1024)
            written += device->write(sent.mid(written, 64 * 1024));
        return received.size() >= sent.size();
    }, 60000));
    QCOMPARE(received.size(), sent.size());
    QVERIFY(received == sent);
    transport->abort();
}

void TestSshTunnelBytes::deliversEverythingSentBeforeTheFarEndHungUp()
{
    // The far end writes 6 MB and closes at once: all of it, then the end of the stream.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QByteArray sent = noise(6 * 1024 * 1024);
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *peer = server.nextPendingConnection();
        peer->write(sent);
        peer->disconnectFromHost(); // after the bytes are written
    });
    const auto transport = open(options(server.serverPort(), u"known_hangup"_s));
    QVERIFY(transport);
    QIODevice *device = transport->device();
    QByteArray received;
    bool ended = false;
    connect(device, &QIODevice::readyRead, this, [&] { received += device->readAll(); });
    connect(device, &QIODevice::readChannelFinished, this, [&] {
        received += device->readAll();
        ended = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return ended; }, 60000));
    QCOMPARE(received.size(), sent.size());
    QVERIFY(received == sent);
}

void TestSshTunnelBytes::givesUpOnAnSshServerThatNeverSpeaks()
{
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    Esl::ConnectionOptions o = options(8021, u"known_mute"_s);
    o.ssh.port = mute.serverPort();
    o.connectTimeoutMs = 1000;
    o.autoReconnect = false;
    const int before = Esl::SshTunnelPool::instance().connectionCount();
    Esl::InboundClient client(o);
    client.connectToServer();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), Esl::InboundClient::State::Failed, 20000);
    QCOMPARE(client.lastError().code, Esl::Error::Code::Timeout);
    // It names the SSH server that is silent, not only the Event Socket as that server sees it.
    const QString sshServer = u"through SSH 127.0.0.1:%1"_s.arg(mute.serverPort());
    QVERIFY2(client.lastError().message.contains(sshServer), qPrintable(client.lastError().message));
    // The worker gives up by libssh's own timeout; the connection is then gone from the pool.
    QTRY_COMPARE_WITH_TIMEOUT(Esl::SshTunnelPool::instance().connectionCount(), before, 20000);
}

QTEST_MAIN(TestSshTunnelBytes)
#include "tst_sshtunnelbytes.moc"
