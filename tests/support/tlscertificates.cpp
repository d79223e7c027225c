// Certificates for the TLS tests (see tlscertificates.h). One openssl configuration for every
// call, so the machine's /etc/ssl/openssl.cnf cannot change what is made.

#include "support/tlscertificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace TestSupport {

namespace {

constexpr int opensslTimeoutMs = 30000;

constexpr char configuration[] = R"([req]
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
[selfsigned]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
)";

QString opensslPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

const QStringList newKey{QStringLiteral("-newkey"), QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                         QStringLiteral("-nodes")};

} // namespace

QString TlsCertificates::probe()
{
    if (opensslPath().isEmpty())
        return QStringLiteral("openssl is not installed (apt-get install openssl), so the test "
                              "certificates cannot be made");
    return {};
}

QString TlsCertificates::path(const QString &name) const
{
    return QDir(m_dir).filePath(name);
}

bool TlsCertificates::run(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("OPENSSL_CONF"), path(QStringLiteral("openssl.cnf")));
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
        m_lastError = QStringLiteral("%1 did not finish").arg(command);
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

bool TlsCertificates::authority(const QString &name, const QString &subject)
{
    return run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + newKey +
               QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                           QStringLiteral("-out"), name + QStringLiteral(".pem"),
                           QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-subj"),
                           subject, QStringLiteral("-extensions"), QStringLiteral("ca")});
}

bool TlsCertificates::signedBy(const QString &ca, const QString &name, const QString &subject,
                               const QString &extensions, int serial)
{
    const QString request = name + QStringLiteral(".csr");
    return run(QStringList{QStringLiteral("req"), QStringLiteral("-new")} + newKey +
               QStringList{QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                           QStringLiteral("-out"), request, QStringLiteral("-subj"), subject}) &&
           run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), request,
                QStringLiteral("-CA"), ca + QStringLiteral(".pem"), QStringLiteral("-CAkey"),
                ca + QStringLiteral(".key"), QStringLiteral("-set_serial"), QString::number(serial),
                QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-out"),
                name + QStringLiteral(".pem"), QStringLiteral("-extfile"),
                QStringLiteral("openssl.cnf"), QStringLiteral("-extensions"), extensions});
}

bool TlsCertificates::make(const QString &directory)
{
    m_dir = directory;
    if (const QString why = probe(); !why.isEmpty()) {
        m_lastError = why;
        return false;
    }
    QFile file(path(QStringLiteral("openssl.cnf")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(configuration) != qint64(sizeof configuration - 1)) {
        m_lastError = QStringLiteral("cannot write %1").arg(file.fileName());
        return false;
    }
    file.close();
    const QString server = QStringLiteral("server");
    return authority(QStringLiteral("ca"), QStringLiteral("/CN=Switchboard test CA")) &&
           authority(QStringLiteral("other-ca"),
                     QStringLiteral("/CN=Switchboard test CA that signed nothing")) &&
           authority(QStringLiteral("client-ca"), QStringLiteral("/CN=Switchboard client CA")) &&
           signedBy(QStringLiteral("ca"), server, QStringLiteral("/CN=switch.test"), server, 2) &&
           signedBy(QStringLiteral("ca"), QStringLiteral("server2"),
                    QStringLiteral("/CN=switch.test"), server, 3) &&
           signedBy(QStringLiteral("client-ca"), QStringLiteral("client"),
                    QStringLiteral("/CN=switchboard-test-client"), QStringLiteral("client"), 4) &&
           run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + newKey +
               QStringList{QStringLiteral("-keyout"), QStringLiteral("selfsigned.key"),
                           QStringLiteral("-out"), QStringLiteral("selfsigned.pem"),
                           QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-subj"),
                           QStringLiteral("/CN=switch.test"), QStringLiteral("-extensions"),
                           QStringLiteral("selfsigned")}) &&
           run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                QStringLiteral("rsa.key"), QStringLiteral("-out"), QStringLiteral("rsa.pem"),
                QStringLiteral("-days"), QStringLiteral("7"), QStringLiteral("-subj"),
                QStringLiteral("/CN=rsa.test"), QStringLiteral("-extensions"),
                QStringLiteral("selfsigned")});
}

QString TlsCertificates::opensslPin(const QString &certificateFile)
{
    // Through a shell, exactly as the README tells an operator to run it.
    QProcess shell;
    shell.setWorkingDirectory(m_dir);
    shell.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"),
                 QStringLiteral("openssl x509 -pubkey -noout -in \"$1\" | openssl pkey -pubin "
                                "-outform der | openssl dgst -sha256 -binary | base64"),
                 QStringLiteral("sh"), certificateFile});
    if (!shell.waitForFinished(opensslTimeoutMs) || shell.exitCode() != 0) {
        shell.kill();
        m_lastError = QStringLiteral("the openssl pin pipeline failed: %1")
                          .arg(QString::fromUtf8(shell.readAllStandardError()));
        return {};
    }
    return QStringLiteral("sha256//") +
           QString::fromLatin1(shell.readAllStandardOutput().trimmed());
}

} // namespace TestSupport
