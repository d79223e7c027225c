// Running stunnel4 for the TLS tests (see stunnel.h).

#include "support/stunnel.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>
#include <sys/prctl.h>

namespace TestSupport {

namespace {

constexpr int startTimeoutMs = 15000;

QString stunnelPath()
{
    for (const char *name : {"stunnel4", "stunnel"}) {
        const QString path = QStandardPaths::findExecutable(QLatin1String(name));
        if (!path.isEmpty())
            return path;
    }
    for (const char *path : {"/usr/bin/stunnel4", "/usr/bin/stunnel"}) {
        if (QFile::exists(QLatin1String(path)))
            return QLatin1String(path);
    }
    return {};
}

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

} // namespace

Stunnel::Stunnel() = default;

Stunnel::~Stunnel()
{
    stop();
}

QString Stunnel::probe()
{
    if (stunnelPath().isEmpty())
        return QStringLiteral("stunnel is not installed (apt-get install stunnel4): the TLS "
                              "tests need it in front of the simulated switch");
    return {};
}

QString Stunnel::configPath() const
{
    return m_dir.filePath(QStringLiteral("stunnel-%1.conf").arg(m_runs));
}

QString Stunnel::logPath() const
{
    return m_dir.filePath(QStringLiteral("stunnel-%1.log").arg(m_runs));
}

bool Stunnel::writeConfiguration()
{
    QString text = QStringLiteral("foreground = yes\n"
                                  "pid = %1\n"
                                  "output = %2\n"
                                  "debug = info\n"
                                  "[esl]\n"
                                  "accept = 127.0.0.1:%3\n"
                                  "connect = 127.0.0.1:%4\n"
                                  "cert = %5\n"
                                  "key = %6\n")
                       .arg(m_dir.filePath(QStringLiteral("stunnel.pid")), logPath())
                       .arg(m_options.port)
                       .arg(m_options.backendPort)
                       .arg(m_options.certificateFile, m_options.keyFile);
    if (!m_options.clientCaFile.isEmpty())
        text += QStringLiteral("verifyChain = yes\nrequireCert = yes\nCAfile = %1\n")
                    .arg(m_options.clientCaFile);
    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
        m_lastError = QStringLiteral("cannot write %1").arg(file.fileName());
        return false;
    }
    return true;
}

bool Stunnel::start(const Options &options)
{
    stop();
    if (!m_dir.isValid()) {
        m_lastError = QStringLiteral("no temporary directory for stunnel");
        return false;
    }
    const QString program = stunnelPath();
    if (program.isEmpty()) {
        m_lastError = probe();
        return false;
    }
    m_options = options;
    if (m_options.port == 0)
        m_options.port = freePort();
    ++m_runs;
    if (!writeConfiguration())
        return false;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // Should the test die, so does stunnel.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(program, {configPath()});
    if (!m_process->waitForStarted(startTimeoutMs)) {
        m_lastError = QStringLiteral("cannot start %1: %2").arg(program, m_process->errorString());
        m_process.reset();
        return false;
    }
    return waitUntilListening();
}

bool Stunnel::waitUntilListening()
{
    bool listening = false;
    (void)QTest::qWaitFor(
        [&] {
            if (m_process->state() != QProcess::Running)
                return true;
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_options.port);
            if (probe.waitForConnected(500)) {
                m_probePorts.append(probe.localPort());
                probe.abort();
                listening = true;
                return true;
            }
            return false;
        },
        startTimeoutMs);
    if (!listening) {
        m_lastError = QStringLiteral("stunnel did not listen on 127.0.0.1:%1: %2 %3")
                          .arg(m_options.port)
                          .arg(QString::fromUtf8(m_process->readAll()), log());
        stop();
    }
    return listening;
}

void Stunnel::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(10000);
    }
    m_process.reset();
}

bool Stunnel::restart(const QString &certificateFile, const QString &keyFile)
{
    Options options = m_options;
    options.certificateFile = certificateFile;
    options.keyFile = keyFile;
    stop();
    return start(options);
}

bool Stunnel::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString Stunnel::log() const
{
    QString text;
    for (int run = 1; run <= m_runs; ++run) {
        QFile file(m_dir.filePath(QStringLiteral("stunnel-%1.log").arg(run)));
        if (file.open(QIODevice::ReadOnly))
            text += QString::fromUtf8(file.readAll());
    }
    return text;
}

int Stunnel::acceptedConnections() const
{
    static const QRegularExpression accepted(
        QStringLiteral("accepted connection from 127\\.0\\.0\\.1:(\\d+)"));
    int count = 0;
    auto matches = accepted.globalMatch(log());
    while (matches.hasNext()) {
        const auto match = matches.next();
        if (!m_probePorts.contains(quint16(match.captured(1).toUInt())))
            ++count;
    }
    return count;
}

} // namespace TestSupport
