#include "certificatecheck.h"

#include <QCryptographicHash>

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace Amqp::Detail {

namespace {

// A certificate is hostile input too: only so many names, each only so long, are kept.
constexpr int maxNames = 8;
constexpr int maxNameBytes = 255;

QString commonName(const X509_NAME *name)
{
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    const X509_NAME_ENTRY *entry = index < 0 ? nullptr : X509_NAME_get_entry(name, index);
    const ASN1_STRING *data = entry ? X509_NAME_ENTRY_get_data(entry) : nullptr;
    if (!data)
        return {};
    return QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                             qMin(ASN1_STRING_length(data), maxNameBytes));
}

QStringList namesOf(X509 *certificate)
{
    QStringList names;
    auto *alternatives = static_cast<GENERAL_NAMES *>(
        X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr));
    const int count = alternatives ? sk_GENERAL_NAME_num(alternatives) : 0;
    for (int i = 0; i < count && names.size() < maxNames; ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(alternatives, i);
        if (name->type != GEN_DNS)
            continue; // rabbitmq-c matches the host against DNS names (and the CN) only
        const ASN1_STRING *dns = name->d.dNSName;
        names << QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(dns)),
                                   qMin(ASN1_STRING_length(dns), maxNameBytes));
    }
    GENERAL_NAMES_free(alternatives);
    const QString cn = commonName(X509_get_subject_name(certificate));
    if (!cn.isEmpty() && !names.contains(cn) && names.size() < maxNames)
        names << cn;
    return names;
}

// curl's --pinnedpubkey form: the SHA-256 of the DER SubjectPublicKeyInfo, as Esl::publicKeyPin
// computes it from a QSslCertificate (lib/esl/tlspin.h), so one pin serves both links.
QString pinOf(X509 *certificate)
{
    const X509_PUBKEY *key = certificate ? X509_get_X509_PUBKEY(certificate) : nullptr;
    unsigned char *der = nullptr;
    const int size = key ? i2d_X509_PUBKEY(key, &der) : -1;
    if (size <= 0 || !der)
        return {};
    const QByteArray hash = QCryptographicHash::hash(
        QByteArrayView(reinterpret_cast<const char *>(der), size), QCryptographicHash::Sha256);
    OPENSSL_free(der);
    return QStringLiteral("sha256//") + QString::fromLatin1(hash.toBase64());
}

} // namespace

void CertificateCheck::watch(void *sslContext, const QString &pinnedKey)
{
    *this = CertificateCheck();
    m_pinnedKey = pinnedKey;
    auto *context = static_cast<SSL_CTX *>(sslContext);
    if (!context)
        return;
    SSL_CTX_set_app_data(context, this);
    // rabbitmq-c leaves the mode at SSL_VERIFY_NONE and reads the verdict after the handshake;
    // without a pin the mode stays, only the callback is added. With one, rabbitmq-c's checks
    // are off and the callback's verdict must be able to stop the handshake: SSL_VERIFY_PEER.
    const int mode = m_pinnedKey.isEmpty() ? SSL_CTX_get_verify_mode(context) : SSL_VERIFY_PEER;
    SSL_CTX_set_verify(context, mode, &CertificateCheck::onVerify);
}

int CertificateCheck::onVerify(int preverifyOk, x509_store_ctx_st *store)
{
    auto *ssl =
        static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto *self =
        ssl ? static_cast<CertificateCheck *>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl))) : nullptr;
    if (!self)
        return preverifyOk;
    X509 *current = X509_STORE_CTX_get_current_cert(store);
    if (!preverifyOk && self->m_error == X509_V_OK) {
        self->m_error = X509_STORE_CTX_get_error(store);
        if (current)
            self->m_issuer = commonName(X509_get_issuer_name(current));
    }
    const bool leaf = X509_STORE_CTX_get_error_depth(store) == 0;
    if (current && leaf && self->m_names.isEmpty())
        self->m_names = namesOf(current);
    // The leaf is the certificate being verified, whatever depth OpenSSL is at.
    if (self->m_peerPin.isEmpty())
        self->m_peerPin = pinOf(X509_STORE_CTX_get0_cert(store));
    if (self->m_pinnedKey.isEmpty())
        return preverifyOk;
    // Pinned: what the CAs think of the chain does not matter; the leaf's key decides, at depth 0
    // (OpenSSL always ends there, once or more, when every call above it returned 1).
    if (!leaf)
        return 1;
    if (!self->m_peerPin.isEmpty() && self->m_peerPin == self->m_pinnedKey) {
        self->m_pinMatched = true;
        return 1;
    }
    self->m_pinMismatch = true;
    return 0;
}

QString CertificateCheck::pinRefusal() const
{
    return QStringLiteral("the broker's certificate changed: expected %1, got %2 \u2014 if it "
                          "was replaced on purpose, put the new pin in the URL (pin=)")
        .arg(m_pinnedKey, m_peerPin.isEmpty() ? QStringLiteral("a key that cannot be read")
                                              : m_peerPin);
}

QString CertificateCheck::pinAdvice() const
{
    if (m_peerPin.isEmpty())
        return {};
    return QStringLiteral("; its key is %1: if that is the broker's, add pin=%1 to the amqps URL "
                          "to trust that key whoever signed it")
        .arg(m_peerPin);
}

QString CertificateCheck::peerRefusal(const QString &caFile, bool systemBundle) const
{
    const QString issued =
        m_issuer.isEmpty() ? QString() : QStringLiteral(" (issued by \"%1\")").arg(m_issuer);
    const QString where = systemBundle ? QStringLiteral("a CA this machine trusts (%1); name the "
                                                        "broker's CA with cacertfile=")
                                             .arg(caFile)
                                       : QStringLiteral("a CA in %1 (cacertfile=)").arg(caFile);
    return reasonWhy(issued, where) + pinAdvice();
}

QString CertificateCheck::reasonWhy(const QString &issued, const QString &where) const
{
    switch (m_error) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return QStringLiteral("its certificate%1 is not signed by %2").arg(issued, where);
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return QStringLiteral("its certificate%1 has expired").arg(issued);
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return QStringLiteral("its certificate%1 is not valid yet (is this machine's clock "
                              "right?)")
            .arg(issued);
    case X509_V_OK:
        return QStringLiteral("its certificate was refused (checked against %1)").arg(where);
    default:
        return QStringLiteral("its certificate%1 was refused: %2 (checked against %3)")
            .arg(issued, QString::fromUtf8(X509_verify_cert_error_string(m_error)), where);
    }
}

QString CertificateCheck::hostnameRefusal(const QString &host) const
{
    if (m_names.isEmpty())
        return QStringLiteral("its certificate does not name %1").arg(host) + pinAdvice();
    return QStringLiteral("its certificate does not name %1 (it names %2); connect by one of "
                          "those names")
               .arg(host, m_names.join(QStringLiteral(", ")))
           + pinAdvice();
}

} // namespace Amqp::Detail
