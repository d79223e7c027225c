// The shared RabbitBroker's TLS listener (RabbitBroker::sharedTls()): throw-away certificates made
// at start with Debian's openssl in the node's own data directory, and the rabbitmq.config that
// opens an amqps listener with them. Nothing here touches the network or the machine's CAs.

#include "support/rabbitbroker.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUrl>

namespace TestSupport {

namespace {

constexpr int opensslTimeoutMs = 30000;

QString opensslPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

// One configuration for every openssl call, so that the machine's /etc/ssl/openssl.cnf cannot
// change what is made. The broker's certificate names 127.0.0.1 as a DNS name as well as an IP
// address: rabbitmq-c 0.11 checks the host name against the DNS names (and the CN) only.
constexpr char opensslConfiguration[] = R"([req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1
authorityKeyIdentifier = keyid
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
)";

// A string in Erlang's term syntax.
QByteArray erlangString(const QString &text)
{
    QByteArray quoted = QFile::encodeName(text);
    quoted.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + quoted + '"';
}

} // namespace

QString RabbitBroker::tlsProbe()
{
    if (opensslPath().isEmpty())
        return QStringLiteral("openssl is not installed (no openssl on PATH; apt-get install "
                              "openssl), so the broker's TLS certificates cannot be made");
    return {};
}

QString RabbitBroker::tlsPath(const char *name) const
{
    return QDir(m_dir.path()).filePath(QStringLiteral("tls/") + QLatin1String(name));
}

QString RabbitBroker::caFile() const
{
    return tlsPath("ca.pem");
}

QString RabbitBroker::otherCaFile() const
{
    return tlsPath("other-ca.pem");
}

QString RabbitBroker::clientCertFile() const
{
    return tlsPath("client.pem");
}

QString RabbitBroker::clientKeyFile() const
{
    return tlsPath("client.key");
}

QString RabbitBroker::tlsUrl(const QString &query, const QString &host) const
{
    // Concatenated: "%2F" would be taken for an arg() placeholder.
    QString url = QStringLiteral("amqps://guest:guest@") + host + u':' +
                  QString::number(m_tlsPort) + QStringLiteral("/%2F");
    if (!query.isEmpty())
        url += u'?' + query;
    return url;
}

bool RabbitBroker::runOpenssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(tlsPath(""));
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("OPENSSL_CONF"), tlsPath("openssl.cnf"));
    process.setProcessEnvironment(environment);
    process.start(opensslPath(), arguments);
    const QString command = QStringLiteral("openssl ") + arguments.join(u' ');
    if (!process.waitForStarted(10000)) {
        m_lastError = QStringLiteral("cannot run %1: %2").arg(command, process.errorString());
        return false;
    }
    if (!process.waitForFinished(opensslTimeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        m_lastError = QStringLiteral("%1 did not finish within %2 s")
                          .arg(command)
                          .arg(opensslTimeoutMs / 1000);
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_lastError = QStringLiteral("%1 failed (exit code %2): %3")
                          .arg(command)
                          .arg(process.exitCode())
                          .arg(QString::fromUtf8(process.readAll()).trimmed());
        return false;
    }
    return true;
}

bool RabbitBroker::prepareTls()
{
    const QDir dir(m_dir.path());
    QFile configuration(tlsPath("openssl.cnf"));
    if (!dir.mkpath(QStringLiteral("tls")) ||
        !configuration.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        configuration.write(opensslConfiguration) != qint64(sizeof opensslConfiguration - 1)) {
        m_lastError = QStringLiteral("cannot write %1").arg(configuration.fileName());
        return false;
    }
    configuration.close();
    // P-256 keys: made in milliseconds, where RSA keys cost a noticeable share of a test's time.
    const QStringList newKey{
        QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
        QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    const auto authority = [&](const char *name, const QString &subject) {
        return runOpenssl(
            QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + newKey +
            QStringList{QStringLiteral("-keyout"), QLatin1String(name) + QStringLiteral(".key"),
                        QStringLiteral("-out"), QLatin1String(name) + QStringLiteral(".pem"),
                        QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-subj"),
                        subject, QStringLiteral("-extensions"), QStringLiteral("ca")});
    };
    const auto signedByCa = [&](const char *name, const QString &subject, const char *extensions,
                                int serial) {
        const QString key = QLatin1String(name) + QStringLiteral(".key");
        const QString request = QLatin1String(name) + QStringLiteral(".csr");
        return runOpenssl(QStringList{QStringLiteral("req"), QStringLiteral("-new")} + newKey +
                          QStringList{QStringLiteral("-keyout"), key, QStringLiteral("-out"),
                                      request, QStringLiteral("-subj"), subject}) &&
               runOpenssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                           request, QStringLiteral("-CA"), QStringLiteral("ca.pem"),
                           QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
                           QStringLiteral("-set_serial"), QString::number(serial),
                           QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-out"),
                           QLatin1String(name) + QStringLiteral(".pem"), QStringLiteral("-extfile"),
                           QStringLiteral("openssl.cnf"), QStringLiteral("-extensions"),
                           QLatin1String(extensions)});
    };
    return authority("ca", QStringLiteral("/CN=Switchboard test CA")) &&
           authority("other-ca", QStringLiteral("/CN=Switchboard test CA that signed nothing")) &&
           signedByCa("server", QStringLiteral("/CN=127.0.0.1"), "server", 2) &&
           signedByCa("client", QStringLiteral("/CN=switchboard-test-client"), "client", 3);
}

QByteArray RabbitBroker::configuration() const
{
    if (!m_tls)
        return "[].\n";
    // verify_peer with fail_if_no_peer_cert false: a client certificate is checked when one is
    // sent, and a client without one is let in, so one listener serves every case.
    return "[{rabbit, [{ssl_listeners, [{\"127.0.0.1\", " + QByteArray::number(m_tlsPort) +
           "}]},\n"
           "           {ssl_options, [{cacertfile, " +
           erlangString(caFile()) + "},\n                          {certfile, " +
           erlangString(tlsPath("server.pem")) + "},\n                          {keyfile, " +
           erlangString(tlsPath("server.key")) +
           "},\n                          {verify, verify_peer},\n"
           "                          {fail_if_no_peer_cert, false}]}]}].\n";
}

} // namespace TestSupport
