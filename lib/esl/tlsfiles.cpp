// Loading the TLS transport's PEM files. QSslKey must be told the key's algorithm: each is tried
// in turn, so RSA and EC keys (PKCS#1, SEC1 or PKCS#8, unencrypted) all load.

#include "tlsfiles.h"

#include <QFile>
#include <QRegularExpression>

namespace Esl {

namespace {

// Files this size are no certificate bundle: refuse before reading a mistaken path whole.
constexpr qint64 maxPemFileSize = 4 * 1024 * 1024;

Error fileError(const QString &message)
{
    return Error{Error::Code::Transport, message, -1};
}

Expected<QByteArray> readPem(const QString &file, const QString &what)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return fileError(
            QStringLiteral("cannot read the %1 %2: %3").arg(what, file, in.errorString()));
    if (in.size() > maxPemFileSize)
        return fileError(QStringLiteral("the %1 %2 is too large to be a PEM file (%3 bytes)")
                             .arg(what, file)
                             .arg(in.size()));
    return in.readAll();
}

// The first "-----BEGIN ... PRIVATE KEY-----" block, so a key can share a file with certificates.
QByteArray privateKeyBlock(const QByteArray &pem)
{
    static const QRegularExpression block(
        QStringLiteral("-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----"),
        QRegularExpression::DotMatchesEverythingOption);
    const auto match = block.match(QString::fromLatin1(pem));
    return match.hasMatch() ? match.captured(0).toLatin1() : QByteArray();
}

} // namespace

Expected<QList<QSslCertificate>> readCaBundle(const QString &file)
{
    auto pem = readPem(file, QStringLiteral("CA file"));
    if (!pem)
        return pem.error();
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (certificates.isEmpty())
        return fileError(QStringLiteral("the CA file %1 holds no PEM certificate").arg(file));
    return certificates;
}

Expected<ClientIdentity> readClientIdentity(const TlsOptions &options)
{
    auto pem = readPem(options.certificateFile, QStringLiteral("client certificate"));
    if (!pem)
        return pem.error();
    QList<QSslCertificate> certificates = QSslCertificate::fromData(*pem, QSsl::Pem);
    if (certificates.isEmpty())
        return fileError(QStringLiteral("the client certificate file %1 holds no PEM certificate")
                             .arg(options.certificateFile));
    ClientIdentity identity;
    identity.certificate = certificates.takeFirst();
    identity.chain = certificates;

    QString keyFile = options.keyFile;
    QByteArray keyPem;
    if (keyFile.isEmpty()) {
        keyFile = options.certificateFile;
        keyPem = privateKeyBlock(*pem);
        if (keyPem.isEmpty())
            return fileError(QStringLiteral("the client certificate file %1 holds no private key "
                                            "(give the key's file as well)")
                                 .arg(keyFile));
    } else {
        auto key = readPem(keyFile, QStringLiteral("client key"));
        if (!key)
            return key.error();
        keyPem = privateKeyBlock(*key);
        if (keyPem.isEmpty())
            return fileError(
                QStringLiteral("the client key file %1 holds no PEM private key").arg(keyFile));
    }
    if (keyPem.contains("ENCRYPTED"))
        return fileError(
            QStringLiteral("the private key in %1 is encrypted; a key with a passphrase "
                           "is not supported (openssl pkey -in KEY -out PLAIN.key)")
                .arg(keyFile));
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull()) {
            identity.key = key;
            return identity;
        }
    }
    return fileError(QStringLiteral("the private key in %1 cannot be read (not an RSA, EC or DSA "
                                    "key in PEM)")
                         .arg(keyFile));
}

} // namespace Esl
