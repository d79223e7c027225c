#pragma once
// Throw-away certificates for TLS tests, made with Debian's openssl CLI in a directory of their
// own: a private CA and two server certificates it signed (different keys, for "the pinned
// certificate changed"), a self-signed server certificate, a second CA that signed nothing, and
// a client CA with a client certificate; and one self-signed RSA certificate (pins of both key
// types). The servers name localhost and 127.0.0.1 (as a DNS name and an IP address). P-256
// keys for the rest: made in milliseconds.

#include <QString>
#include <QStringList>

namespace TestSupport {

class TlsCertificates
{
public:
    // Makes them all in `directory` (which must exist); false with lastError() set when openssl
    // is missing or fails.
    bool make(const QString &directory);
    [[nodiscard]] const QString &lastError() const { return m_lastError; }

    // Why TLS certificates cannot be made here; empty when they can.
    [[nodiscard]] static QString probe();

    // Paths of the PEM files: "ca.pem", "server.pem"/"server.key", "server2.pem"/"server2.key",
    // "selfsigned.pem"/"selfsigned.key", "other-ca.pem", "client-ca.pem",
    // "client.pem"/"client.key", "rsa.pem"/"rsa.key".
    [[nodiscard]] QString path(const QString &name) const;

    // The certificate's public-key pin as the openssl CLI computes it (curl's recipe):
    // openssl x509 -pubkey -noout -in C | openssl pkey -pubin -outform der
    //   | openssl dgst -sha256 -binary | base64
    // "sha256//..."; empty with lastError() set on failure.
    [[nodiscard]] QString opensslPin(const QString &certificateFile);

private:
    bool run(const QStringList &arguments);
    bool authority(const QString &name, const QString &subject);
    bool signedBy(const QString &ca, const QString &name, const QString &subject,
                  const QString &extensions, int serial);

    QString m_dir;
    QString m_lastError;
};

} // namespace TestSupport
