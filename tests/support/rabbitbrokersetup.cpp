// Where the shared RabbitBroker's node lives: its ports, its name, its data directory and the
// environment its scripts read. Everything is fresh for each program, so nothing can meet the
// machine's own broker or one left by a killed earlier run.

#include "support/rabbitbroker.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTcpServer>

#include <memory>
#include <vector>

namespace TestSupport {

namespace {

// Distinct ports free on 127.0.0.1 now: held open together so the OS cannot hand out the
// same one twice, then released for the broker.
std::vector<quint16> freePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> servers;
    std::vector<quint16> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return {};
        ports.push_back(server->serverPort());
        servers.push_back(std::move(server));
    }
    return ports;
}

bool writeFile(const QString &path, QByteArrayView contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(contents.data(), contents.size()) == contents.size();
}

} // namespace

bool RabbitBroker::prepare()
{
    if (!m_dir.isValid()) {
        m_lastError = QStringLiteral("cannot create the broker's data directory: %1")
                          .arg(m_dir.errorString());
        return false;
    }
    const int wanted = m_tls ? 4 : 3;
    const std::vector<quint16> ports = freePorts(wanted);
    if (int(ports.size()) != wanted) {
        m_lastError = QStringLiteral("cannot find %1 free ports on 127.0.0.1").arg(wanted);
        return false;
    }
    m_amqpPort = ports[0];
    m_distributionPort = ports[1];
    m_epmdPort = ports[2];
    m_tlsPort = m_tls ? ports[3] : 0;
    m_nodeName = QStringLiteral("switchboard-test-%1-%2@localhost")
                     .arg(QCoreApplication::applicationPid())
                     .arg(QRandomGenerator::global()->bounded(0x10000u), 4, 16, QLatin1Char('0'));

    const QDir dir(m_dir.path());
    for (const auto *sub : {"home", "mnesia", "log"}) {
        if (!dir.mkpath(QLatin1String(sub))) {
            m_lastError = QStringLiteral("cannot create %1").arg(dir.filePath(QLatin1String(sub)));
            return false;
        }
    }
    if (m_tls && !prepareTls())
        return false;
    // Classic format (about 0.4 s of CPU less than an empty rabbitmq.conf: Cuttlefish's
    // schema translation is skipped); no plugins: AMQP 0-9-1 and rabbitmqctl are all the
    // tests use. An empty environment file keeps /etc/rabbitmq/rabbitmq-env.conf out.
    if (!writeFile(dir.filePath(QStringLiteral("rabbitmq.config")), configuration()) ||
        !writeFile(dir.filePath(QStringLiteral("enabled_plugins")), "[].\n") ||
        !writeFile(dir.filePath(QStringLiteral("rabbitmq-env.conf")), "")) {
        m_lastError =
            QStringLiteral("cannot write the broker's configuration in %1").arg(dir.path());
        return false;
    }

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // The caller's RabbitMQ and Erlang settings (ERL_FLAGS, ERL_LIBS, RABBITMQ_*) would reach
    // this node; only ours may.
    for (const QString &key : environment.keys()) {
        if (key.startsWith(u"RABBITMQ_") || key.startsWith(u"ERL_"))
            environment.remove(key);
    }
    const auto set = [&](const char *key, const QString &value) {
        environment.insert(QLatin1String(key), value);
    };
    set("HOME", dir.filePath(QStringLiteral("home"))); // a private .erlang.cookie
    set("RABBITMQ_NODENAME", m_nodeName);
    set("RABBITMQ_NODE_IP_ADDRESS", QStringLiteral("127.0.0.1"));
    set("RABBITMQ_NODE_PORT", QString::number(m_amqpPort));
    // Its default, AMQP port + 20000, overflows for ports the OS hands out.
    set("RABBITMQ_DIST_PORT", QString::number(m_distributionPort));
    // rabbitmqctl's own listening port: its default range (35672-35682) is shared by every
    // broker on the machine; 0 lets the OS pick one per call.
    set("RABBITMQ_CTL_DIST_PORT_MIN", QStringLiteral("0"));
    set("RABBITMQ_CTL_DIST_PORT_MAX", QStringLiteral("0"));
    set("ERL_EPMD_PORT", QString::number(m_epmdPort));
    set("ERL_EPMD_ADDRESS", QStringLiteral("127.0.0.1"));
    set("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
        QStringLiteral("-kernel inet_dist_use_interface {127,0,0,1}"));
    set("RABBITMQ_MNESIA_BASE", dir.filePath(QStringLiteral("mnesia")));
    set("RABBITMQ_LOG_BASE", dir.filePath(QStringLiteral("log")));
    set("RABBITMQ_CONFIG_FILE", dir.filePath(QStringLiteral("rabbitmq.config")));
    set("RABBITMQ_ADVANCED_CONFIG_FILE", dir.filePath(QStringLiteral("advanced.config")));
    set("RABBITMQ_ENABLED_PLUGINS_FILE", dir.filePath(QStringLiteral("enabled_plugins")));
    set("RABBITMQ_CONF_ENV_FILE", dir.filePath(QStringLiteral("rabbitmq-env.conf")));
    set("RABBITMQ_PID_FILE", dir.filePath(QStringLiteral("rabbitmq.pid")));
    // With input allowed the script exec()s the VM instead of keeping a shell in between: the
    // process we start is the node, so the kernel's parent-death signal reaches it, and when
    // this program dies its end of the stdin pipe closes and the Erlang shell halts the node.
    set("RABBITMQ_ALLOW_INPUT", QStringLiteral("1"));
    m_environment = environment;
    return true;
}

} // namespace TestSupport
