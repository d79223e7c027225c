#pragma once
// Why a broker's TLS certificate was refused, in words that name what to fix. rabbitmq-c 0.11
// says only "peer verify failed" or "hostname verify failed"; a verify callback on the socket's
// SSL_CTX notes what OpenSSL found while it checked the chain (the first error, the issuer it
// could not trust, the names the broker's certificate carries) and leaves the verdict as it was.
// Used only by BrokerSession, on the worker thread.

#include <QString>
#include <QStringList>

struct x509_store_ctx_st; // OpenSSL's X509_STORE_CTX

namespace Amqp::Detail {

class CertificateCheck
{
public:
    // Watches the handshakes of the rabbitmq-c SSL socket whose SSL_CTX this is
    // (amqp_ssl_socket_get_context); `this` must outlive the socket. Forgets what it saw.
    void watch(void *sslContext);

    // For AMQP_STATUS_SSL_PEER_VERIFY_FAILED: "its certificate (issued by "X") is not signed by
    // a CA in <caFile>…". `systemBundle`: caFile is the machine's bundle, not cacertfile=.
    [[nodiscard]] QString peerRefusal(const QString &caFile, bool systemBundle) const;
    // For AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED: "its certificate does not name <host>…".
    [[nodiscard]] QString hostnameRefusal(const QString &host) const;

    static int onVerify(int preverifyOk, x509_store_ctx_st *store);

private:
    int m_error = 0;     // X509_V_OK
    QString m_issuer;    // of the certificate where the first error was found
    QStringList m_names; // the broker's own certificate: its DNS names, then its CN
};

} // namespace Amqp::Detail
