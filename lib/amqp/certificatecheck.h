#pragma once
// Why a broker's TLS certificate was refused, in words that name what to fix. rabbitmq-c 0.11
// says only "peer verify failed" or "hostname verify failed"; a verify callback on the socket's
// SSL_CTX notes what OpenSSL found while it checked the chain (the first error, the issuer it
// could not trust, the names the broker's certificate carries, its key's pin) and leaves the
// verdict as it was.
//
// With a pinned key (ConnectionOptions::pinnedKey) the callback is the verdict: the broker's
// key, and nothing the CAs say, decides at depth 0. rabbitmq-c's own checks are then off and the
// mode is SSL_VERIFY_PEER, so that a different key aborts the handshake before a byte of AMQP
// (or the password) is sent.
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
    // `pinnedKey` ("sha256//BASE64", or empty): the only key to accept, whoever signed it.
    void watch(void *sslContext, const QString &pinnedKey = {});

    // For AMQP_STATUS_SSL_PEER_VERIFY_FAILED: "its certificate (issued by "X") is not signed by
    // a CA in <caFile>…". `systemBundle`: caFile is the machine's bundle, not cacertfile=.
    [[nodiscard]] QString peerRefusal(const QString &caFile, bool systemBundle) const;
    // For AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED: "its certificate does not name <host>…".
    [[nodiscard]] QString hostnameRefusal(const QString &host) const;
    // Both end with the pin of the key the broker showed, for the operator to pin by hand
    // (trust on first use) once they know it is the broker's.

    // With a pinned key: the broker showed another and the handshake was refused.
    [[nodiscard]] bool pinMismatch() const { return m_pinMismatch; }
    // With a pinned key: the broker showed that key.
    [[nodiscard]] bool pinMatched() const { return m_pinMatched; }
    // "the broker's certificate changed: expected sha256//A, got sha256//B …".
    [[nodiscard]] QString pinRefusal() const;
    // The pin of the broker's key as seen in the last handshake; empty before one.
    [[nodiscard]] QString peerPin() const { return m_peerPin; }

    static int onVerify(int preverifyOk, x509_store_ctx_st *store);

private:
    [[nodiscard]] QString reasonWhy(const QString &issued, const QString &where) const;
    [[nodiscard]] QString pinAdvice() const;

    QString m_pinnedKey;
    QString m_peerPin;
    bool m_pinMatched = false;
    bool m_pinMismatch = false;
    int m_error = 0;     // X509_V_OK
    QString m_issuer;    // of the certificate where the first error was found
    QStringList m_names; // the broker's own certificate: its DNS names, then its CN
};

} // namespace Amqp::Detail
