#pragma once
// A real RabbitMQ broker that a test program starts for itself (issue #18: a fleet of switches
// through RabbitMQ and mod_amqp). One node per test program, on 127.0.0.1 only, on ports free
// at start, with its own name, Erlang cookie, epmd and data directory, so it can neither meet
// the machine's broker nor a stale one left by a killed earlier run. A cold boot costs several
// seconds of CPU, so every test in a program shares the one broker:
//
//     QSKIP_UNLESS_BROKER(broker);
//     client.connectTo(broker->url());
//
// The node and its epmd die with the test program: stopped from QCoreApplication's destructor,
// killed from atexit() after exit(), and on Linux by the kernel (PR_SET_PDEATHSIG) when the
// program crashes or aborts. Call shared() and the methods from the main thread: the kernel's
// signal follows the thread that started the processes.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest/QTest>

namespace TestSupport {

class RabbitBroker
{
public:
    // The shared broker, started on first use; nullptr when it cannot run, and then
    // unavailableReason() says why (the first line alone is the reason; a start error is
    // followed by the last lines of the broker's log).
    static RabbitBroker *shared();
    static QString unavailableReason();
    // The same shared broker with a TLS listener as well (amqps on tlsPort(), certificates made
    // at start by Debian's openssl in the data directory; see rabbitbrokertls.cpp). There is one
    // node per program, so a program that wants TLS calls this before shared(); shared() then
    // returns the same broker, whose plain listener works as ever.
    static RabbitBroker *sharedTls();
    // Why a TLS broker cannot run here (openssl missing), in one line; empty when it can.
    static QString tlsProbe();

    // Whether rabbitmq-server (and Erlang's epmd beside it) can be run from serverPath: an empty
    // string when they can, else why not in one line naming the Debian package.
    static QString probe(const QString &serverPath);
    // Where the broker is run from: $SWITCHBOARD_RABBITMQ_SERVER, else Debian's
    // /usr/lib/rabbitmq/bin/rabbitmq-server (run as the caller, unlike the /usr/sbin wrapper,
    // which switches to the rabbitmq user).
    static QString serverPath();
    // probe(serverPath()) found nothing missing: a broker that then fails to start is a fault
    // to report, not a reason to skip.
    static bool isInstalled();

    RabbitBroker(const RabbitBroker &) = delete;
    RabbitBroker &operator=(const RabbitBroker &) = delete;
    ~RabbitBroker();

    [[nodiscard]] quint16 amqpPort() const { return m_amqpPort; }
    [[nodiscard]] quint16 distributionPort() const { return m_distributionPort; }
    [[nodiscard]] quint16 epmdPort() const { return m_epmdPort; }
    [[nodiscard]] QString nodeName() const { return m_nodeName; }
    // Holds the node's database, logs and HOME (the private .erlang.cookie); the node's command
    // line names it, which is how a test finds the node's processes (the node name is not on it).
    [[nodiscard]] QString dataDirectory() const { return m_dir.path(); }
    // amqp://guest:guest@127.0.0.1:PORT/%2F for "/": the vhost percent-encoded.
    [[nodiscard]] QString url(const QString &vhost = QStringLiteral("/")) const;

    // TLS (sharedTls() only; tlsPort() is 0 otherwise). The listener asks for a client
    // certificate and checks one that is sent, but lets a client without one in.
    [[nodiscard]] bool hasTls() const { return m_tls; }
    [[nodiscard]] quint16 tlsPort() const { return m_tlsPort; }
    // PEM files in the data directory: the CA that signed the broker's certificate (for CN
    // 127.0.0.1, names localhost and 127.0.0.1) and the client certificate; another CA that
    // signed nothing the broker shows; a client certificate and its key.
    [[nodiscard]] QString caFile() const;
    [[nodiscard]] QString otherCaFile() const;
    [[nodiscard]] QString clientCertFile() const;
    [[nodiscard]] QString clientKeyFile() const;
    // amqps://guest:guest@HOST:TLSPORT/%2F?QUERY (QUERY as given, e.g. "cacertfile=...").
    [[nodiscard]] QString tlsUrl(const QString &query = {},
                                 const QString &host = QStringLiteral("127.0.0.1")) const;

    // Stops the node the way an operator would (SIGTERM: clients are sent connection.close
    // 320 CONNECTION_FORCED) and waits until the AMQP port refuses connections. Keeps the data
    // directory and epmd.
    bool stop();
    // Kills the node (SIGKILL), as a crash or a power cut would: clients see the TCP connection
    // drop without a close. Keeps the data directory and epmd.
    bool kill();
    // Starts the node again on the same ports and data directory; waits until AMQP answers and
    // the node says it has started.
    bool start();
    bool restart() { return stop() && start(); }
    [[nodiscard]] bool isRunning() const;
    // Stops the node and its epmd; start() brings both back. What the program's end does.
    void shutdown();

    // rabbitmqctl --quiet against this node (e.g. {"list_queues", "name", "messages"}): its
    // standard output (no "Listing ..." banner; the column header stays), or a null QString on
    // failure, with lastError() saying why.
    QString ctl(const QStringList &arguments, int timeoutMs = 30000) const;
    [[nodiscard]] QString lastError() const { return m_lastError; }
    bool addVhost(const QString &vhost); // with guest given all permissions on it
    bool addUser(const QString &user, const QString &password, const QString &vhost); // .* on vhost

    // The last lines of the node's log and of its standard output, for failure messages.
    [[nodiscard]] QString logTail(int lines = 12) const;

private:
    RabbitBroker(const QString &serverPath, bool tls);
    static RabbitBroker *sharedWith(bool tls);

    bool prepare();
    bool prepareTls(); // the certificates; rabbitbrokertls.cpp
    [[nodiscard]] QByteArray configuration() const; // rabbitmq.config's text
    bool runOpenssl(const QStringList &arguments);
    [[nodiscard]] QString tlsPath(const char *name) const;
    bool startEpmd();
    bool waitUntilReady(int timeoutMs);
    bool waitUntilRefused(int timeoutMs) const;
    [[nodiscard]] bool answers() const;
    void configure(QProcess &process) const;
    static QString ctlPathBeside(const QString &serverPath);
    static QString tailOf(const QString &path, int lines);

    QString m_serverPath;
    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;
    QString m_nodeName;
    quint16 m_amqpPort = 0;
    quint16 m_distributionPort = 0;
    quint16 m_epmdPort = 0;
    bool m_tls = false;
    quint16 m_tlsPort = 0;
    QProcess m_node;
    QProcess m_epmd;
    mutable QString m_lastError;
};

} // namespace TestSupport

// In a test function: `QSKIP_UNLESS_BROKER(broker);` declares `broker`, or skips the test when
// RabbitMQ is not installed, or fails it when it is installed but would not start.
#define QSKIP_UNLESS_BROKER(broker)                                                                \
    TestSupport::RabbitBroker *broker = TestSupport::RabbitBroker::shared();                       \
    do {                                                                                           \
        if (!broker) {                                                                             \
            if (TestSupport::RabbitBroker::isInstalled())                                          \
                QFAIL(qPrintable(TestSupport::RabbitBroker::unavailableReason()));                 \
            QSKIP(qPrintable(TestSupport::RabbitBroker::unavailableReason()));                     \
        }                                                                                          \
    } while (false)

// The same for the broker with a TLS listener (RabbitBroker::sharedTls()); also skips when
// Debian's openssl, which makes its certificates, is missing.
#define QSKIP_UNLESS_TLS_BROKER(broker)                                                            \
    TestSupport::RabbitBroker *broker = TestSupport::RabbitBroker::sharedTls();                    \
    do {                                                                                           \
        if (!broker) {                                                                             \
            if (TestSupport::RabbitBroker::isInstalled()                                           \
                && TestSupport::RabbitBroker::tlsProbe().isEmpty())                                \
                QFAIL(qPrintable(TestSupport::RabbitBroker::unavailableReason()));                 \
            QSKIP(qPrintable(TestSupport::RabbitBroker::unavailableReason()));                     \
        }                                                                                          \
    } while (false)
