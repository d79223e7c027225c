// Starting, stopping and cleaning up after the shared RabbitBroker; see rabbitbroker.h.

#include "support/rabbitbroker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>
#include <QUrl>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#ifdef Q_OS_LINUX
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace TestSupport {

namespace {

// The whole start, cold: about 4-5 s of CPU (loading and JIT-compiling the broker's modules),
// 4-9 s of wall time on a 2-core machine shared with compilers. Measured on Debian 12 (RabbitMQ
// 3.10.8, Erlang 25.2.3 with the JIT), three runs each: "+S 1:1" (one scheduler) and turning
// busy-waiting off (already "none" in 3.10's defaults) made no difference beyond the noise
// (3.3-5.2 s CPU either way), so no scheduler flags are set. See prepare() for the configuration.
constexpr int startTimeoutMs = 60000;
constexpr int stopTimeoutMs = 30000;

RabbitBroker *s_broker = nullptr;
bool s_tried = false;
QString s_reason;
// For the atexit() handler, which must not touch Qt: the processes still alive, 0 when none.
volatile pid_t s_nodePid = 0;
volatile pid_t s_epmdPid = 0;
std::string s_dataDirectory;

void destroyShared()
{
    delete s_broker;
    s_broker = nullptr;
    s_dataDirectory.clear();
}

void killLeftovers()
{
    if (s_nodePid > 0)
        ::kill(s_nodePid, SIGKILL);
    if (s_epmdPid > 0)
        ::kill(s_epmdPid, SIGKILL);
    std::error_code ignored;
    if (!s_dataDirectory.empty())
        std::filesystem::remove_all(s_dataDirectory, ignored);
}

bool portAnswers(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(1000);
}

QString installHint(const QString &what, const QString &path)
{
    return QStringLiteral("%1 is not installed (no %2; apt-get install rabbitmq-server)")
        .arg(what, path);
}

QString epmdPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("epmd"));
}

} // namespace

RabbitBroker *RabbitBroker::shared()
{
    return sharedWith(false);
}

RabbitBroker *RabbitBroker::sharedTls()
{
    return sharedWith(true);
}

RabbitBroker *RabbitBroker::sharedWith(bool tls)
{
    if (s_broker && tls && !s_broker->hasTls()) {
        s_reason = QStringLiteral("this program's broker was started without TLS: call "
                                  "RabbitBroker::sharedTls() before shared()");
        return nullptr;
    }
    if (s_broker) {
        // A test that stopped the node and failed before starting it again must not leave the
        // next tests without a broker.
        if (!s_broker->isRunning() && !s_broker->start()) {
            s_reason = s_broker->lastError();
            return nullptr;
        }
        return s_broker;
    }
    if (s_tried)
        return nullptr;
    s_tried = true;
    if (!QCoreApplication::instance()) {
        s_reason = QStringLiteral("RabbitBroker::shared() needs a QCoreApplication");
        return nullptr;
    }
    const QString path = serverPath();
    s_reason = probe(path);
    if (s_reason.isEmpty() && tls)
        s_reason = tlsProbe();
    if (!s_reason.isEmpty())
        return nullptr;

    qAddPostRoutine(destroyShared);
    std::atexit(killLeftovers);
    auto broker = std::unique_ptr<RabbitBroker>(new RabbitBroker(path, tls));
    QElapsedTimer clock;
    clock.start();
    if (!broker->prepare() || !broker->start()) {
        s_reason = broker->lastError();
        return nullptr;
    }
    qInfo("RabbitMQ node %s answered on 127.0.0.1:%u after %lld ms", qPrintable(broker->nodeName()),
          unsigned(broker->amqpPort()), static_cast<long long>(clock.elapsed()));
    s_dataDirectory = QFile::encodeName(broker->dataDirectory()).toStdString();
    s_broker = broker.release();
    return s_broker;
}

QString RabbitBroker::unavailableReason()
{
    return s_reason;
}

QString RabbitBroker::serverPath()
{
    const QString configured = qEnvironmentVariable("SWITCHBOARD_RABBITMQ_SERVER");
    return configured.isEmpty() ? QStringLiteral("/usr/lib/rabbitmq/bin/rabbitmq-server")
                                : configured;
}

QString RabbitBroker::probe(const QString &serverPath)
{
    const QFileInfo server(serverPath);
    if (serverPath.isEmpty() || !server.isFile() || !server.isExecutable())
        return installHint(QStringLiteral("rabbitmq-server"), serverPath);
    const QFileInfo ctl(ctlPathBeside(serverPath));
    if (!ctl.isFile() || !ctl.isExecutable())
        return installHint(QStringLiteral("rabbitmqctl"), ctl.filePath());
    // rabbitmq-server runs erl from PATH; epmd is run by us. Both come with the server package.
    if (QStandardPaths::findExecutable(QStringLiteral("erl")).isEmpty())
        return QStringLiteral("Erlang's erl is not on PATH (apt-get install rabbitmq-server)");
    if (epmdPath().isEmpty())
        return QStringLiteral("Erlang's epmd is not on PATH (apt-get install rabbitmq-server)");
    return {};
}

bool RabbitBroker::isInstalled()
{
    return probe(serverPath()).isEmpty();
}

RabbitBroker::RabbitBroker(const QString &serverPath, bool tls)
    : m_serverPath(serverPath),
      m_dir(QDir::temp().filePath(QStringLiteral("switchboard-rabbitmq-XXXXXX"))),
      m_tls(tls)
{}

RabbitBroker::~RabbitBroker()
{
    shutdown();
}

QString RabbitBroker::url(const QString &vhost) const
{
    return QStringLiteral("amqp://guest:guest@127.0.0.1:%1/%2")
        .arg(m_amqpPort)
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(vhost)));
}

void RabbitBroker::configure(QProcess &process) const
{
    process.setProcessEnvironment(m_environment);
    process.setWorkingDirectory(m_dir.path());
#ifdef Q_OS_LINUX
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // this program died before prctl() took effect
            ::_exit(1);
    });
#endif
}

bool RabbitBroker::startEpmd()
{
    if (m_epmd.state() != QProcess::NotRunning && portAnswers(m_epmdPort))
        return true;
    // Our own epmd in the foreground, a child of this program: the VM would otherwise start a
    // daemon that outlives everything.
    configure(m_epmd);
    m_epmd.setProcessChannelMode(QProcess::MergedChannels);
    m_epmd.setStandardOutputFile(QDir(m_dir.path()).filePath(QStringLiteral("log/epmd.log")),
                                 QIODevice::Append);
    m_epmd.start(epmdPath(),
                 {QStringLiteral("-port"), QString::number(m_epmdPort), QStringLiteral("-address"),
                  QStringLiteral("127.0.0.1"), QStringLiteral("-relaxed_command_check")});
    if (!m_epmd.waitForStarted(5000)) {
        m_lastError = QStringLiteral("cannot run epmd: %1").arg(m_epmd.errorString());
        return false;
    }
    s_epmdPid = static_cast<pid_t>(m_epmd.processId());
    const QDeadlineTimer deadline(5000);
    while (!portAnswers(m_epmdPort)) {
        if (m_epmd.waitForFinished(50) || deadline.hasExpired()) {
            m_lastError =
                QStringLiteral("epmd did not listen on 127.0.0.1:%1\n%2")
                    .arg(m_epmdPort)
                    .arg(tailOf(QDir(m_dir.path()).filePath(QStringLiteral("log/epmd.log")), 5));
            return false;
        }
    }
    return true;
}

bool RabbitBroker::start()
{
    if (isRunning())
        return true;
    if (m_node.state() != QProcess::NotRunning)
        kill();
    if (!startEpmd())
        return false;
    configure(m_node);
    m_node.setProcessChannelMode(QProcess::MergedChannels);
    m_node.setStandardOutputFile(QDir(m_dir.path()).filePath(QStringLiteral("log/stdout.log")),
                                 QIODevice::Append);
    m_node.start(m_serverPath, {});
    if (!m_node.waitForStarted(10000)) {
        m_lastError = QStringLiteral("cannot run %1: %2").arg(m_serverPath, m_node.errorString());
        return false;
    }
    s_nodePid = static_cast<pid_t>(m_node.processId());
    if (waitUntilReady(startTimeoutMs))
        return true;
    m_lastError += u'\n' + logTail();
    kill();
    return false;
}

bool RabbitBroker::waitUntilReady(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    // The listener opens near the end of the boot; await_startup then waits for the last steps.
    while (!answers()) {
        if (m_node.waitForFinished(100)) {
            m_lastError =
                QStringLiteral("rabbitmq-server exited (code %1) before answering on 127.0.0.1:%2")
                    .arg(m_node.exitCode())
                    .arg(m_amqpPort);
            s_nodePid = 0;
            return false;
        }
        if (deadline.hasExpired()) {
            m_lastError =
                QStringLiteral("rabbitmq-server did not answer on 127.0.0.1:%1 within %2 s")
                    .arg(m_amqpPort)
                    .arg(timeoutMs / 1000);
            return false;
        }
    }
    const int remainingMs = int(qMax<qint64>(deadline.remainingTime(), 1000));
    if (ctl({QStringLiteral("await_startup"), QStringLiteral("--timeout"),
             QString::number(remainingMs / 1000 + 1)},
            remainingMs)
            .isNull()) {
        m_lastError.prepend(
            QStringLiteral("rabbitmq-server answered on 127.0.0.1:%1 but did not finish starting: ")
                .arg(m_amqpPort));
        return false;
    }
    return true;
}

bool RabbitBroker::answers() const
{
    return m_amqpPort != 0 && portAnswers(m_amqpPort);
}

bool RabbitBroker::waitUntilRefused(int timeoutMs) const
{
    const QDeadlineTimer deadline(timeoutMs);
    while (answers()) {
        if (deadline.hasExpired()) {
            m_lastError =
                QStringLiteral("127.0.0.1:%1 still answers after the node stopped").arg(m_amqpPort);
            return false;
        }
        QThread::msleep(50);
    }
    return true;
}

bool RabbitBroker::isRunning() const
{
    return m_node.state() != QProcess::NotRunning && answers();
}

bool RabbitBroker::stop()
{
    if (m_node.state() == QProcess::NotRunning)
        return waitUntilRefused(5000);
    m_node.terminate();
    if (!m_node.waitForFinished(stopTimeoutMs)) {
        m_lastError =
            QStringLiteral("rabbitmq-server did not stop within %1 s of SIGTERM; killed it")
                .arg(stopTimeoutMs / 1000);
        kill();
        return false;
    }
    s_nodePid = 0;
    return waitUntilRefused(5000);
}

bool RabbitBroker::kill()
{
    if (m_node.state() != QProcess::NotRunning) {
        m_node.kill();
        m_node.waitForFinished(10000);
    }
    s_nodePid = 0;
    return waitUntilRefused(5000);
}

void RabbitBroker::shutdown()
{
    // Killed, not stopped: the data directory goes with this object, and a graceful stop would
    // cost every test program another second.
    kill();
    if (m_epmd.state() != QProcess::NotRunning) {
        m_epmd.terminate();
        if (!m_epmd.waitForFinished(5000)) {
            m_epmd.kill();
            m_epmd.waitForFinished(5000);
        }
    }
    s_epmdPid = 0;
}

} // namespace TestSupport
