// TLS to whatever terminates it in front of mod_event_socket (stunnel, haproxy): a QSslSocket
// that the Session reads like any socket once the handshake is done and the peer is trusted.
//
// Who is trusted: with a pin (TlsOptions::pinnedKey), the key the pin names and no other,
// whatever the CAs say; without one, the CA file's certificates (or the system's) and the host
// name (or TlsOptions::peerName). A peer nobody vouches for, or a pinned key that changed, fails
// the attempt without a retry and with a TrustRequest: reconnecting cannot fix either, only the
// operator can.
//
// opened() waits for the switch's first bytes (its auth/request), not just the handshake: with
// TLS 1.3 a server that wants a client certificate refuses it only after the client has finished
// its side of the handshake, and that refusal must fail the attempt with a clear message rather
// than look like a link that dropped after login.

#include "tlsfiles.h"
#include "tlspin.h"
#include "transport.h"

#include "inboundclient.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>

namespace Esl {

namespace {

Q_LOGGING_CATEGORY(lcTls, "esl.tls")

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLSv1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLSv1.3");
    default:
        return QStringLiteral("TLS");
    }
}

// "CN=pbx1, O=Example": the attributes an operator recognises a certificate by.
QString distinguishedName(const QSslCertificate &certificate, bool subject)
{
    const auto info = [&](QSslCertificate::SubjectInfo attribute) {
        return (subject ? certificate.subjectInfo(attribute) : certificate.issuerInfo(attribute))
            .join(QStringLiteral(", "));
    };
    QStringList parts;
    const std::pair<const char *, QSslCertificate::SubjectInfo> attributes[] = {
        {"CN", QSslCertificate::CommonName},
        {"OU", QSslCertificate::OrganizationalUnitName},
        {"O", QSslCertificate::Organization}};
    for (const auto &[name, attribute] : attributes) {
        const QString value = info(attribute);
        if (!value.isEmpty())
            parts.append(QLatin1String(name) + u'=' + value);
    }
    return parts.isEmpty() ? QStringLiteral("(no name)") : parts.join(QStringLiteral(", "));
}

QString describeCertificate(const QSslCertificate &certificate)
{
    return QStringLiteral("subject %1; issuer %2; valid until %3")
        .arg(distinguishedName(certificate, true), distinguishedName(certificate, false),
             certificate.expiryDate().toUTC().toString(Qt::ISODate));
}

// Qt's words for what failed, each once (a chain repeats some for every certificate).
QString errorsInWords(const QList<QSslError> &errors)
{
    QStringList words;
    for (const QSslError &error : errors) {
        const QString text = error.errorString();
        if (!words.contains(text))
            words.append(text);
    }
    return words.join(QStringLiteral("; "));
}

class TlsTransport final : public Transport
{
public:
    using Transport::Transport;

    void open(const ConnectionOptions &options) override
    {
        m_host = options.host;
        m_port = options.port;
        m_tls = options.tls;
        if (!QSslSocket::supportsSsl()) {
            finish(Error{Error::Code::Transport,
                         QStringLiteral("TLS is not available: Qt found no TLS library (%1)")
                             .arg(QSslSocket::sslLibraryBuildVersionString()),
                         -1},
                   false);
            return;
        }
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (!m_tls.caFile.isEmpty()) {
            const auto authorities = readCaBundle(m_tls.caFile);
            if (!authorities) {
                finish(authorities.error(), false);
                return;
            }
            // Only these: setCaCertificates also stops Qt loading the system's roots on demand.
            configuration.setCaCertificates(*authorities);
        }
        if (!m_tls.certificateFile.isEmpty()) {
            const auto identity = readClientIdentity(m_tls);
            if (!identity) {
                finish(identity.error(), false);
                return;
            }
            configuration.setLocalCertificateChain(QList<QSslCertificate>{identity->certificate} +
                                                   identity->chain);
            configuration.setPrivateKey(identity->key);
        }
        m_socket = new QSslSocket(this);
        m_socket->setSslConfiguration(configuration);
        connect(m_socket, &QSslSocket::sslErrors, this, &TlsTransport::onSslErrors);
        connect(m_socket, &QSslSocket::encrypted, this, &TlsTransport::onEncrypted);
        connect(m_socket, &QSslSocket::readyRead, this, &TlsTransport::onFirstBytes);
        connect(m_socket, &QSslSocket::errorOccurred, this, &TlsTransport::onError);
        connect(m_socket, &QSslSocket::disconnected, this,
                [this] { onError(QAbstractSocket::RemoteHostClosedError); });
        m_socket->connectToHostEncrypted(m_host, m_port, peerName());
    }

    void abort() override
    {
        m_aborted = true;
        if (!m_socket)
            return;
        m_socket->disconnect(this);
        m_socket->abort();
    }

    [[nodiscard]] QIODevice *device() const override { return m_socket; }

    [[nodiscard]] QString describe() const override
    {
        if (!m_socket || !m_socket->isEncrypted())
            return QStringLiteral("TLS");
        QString name = m_socket->peerCertificate()
                           .subjectInfo(QSslCertificate::CommonName)
                           .join(QStringLiteral(", "));
        if (name.isEmpty())
            name = distinguishedName(m_socket->peerCertificate(), true);
        return QStringLiteral("TLS (%1, CN=%2)")
            .arg(protocolName(m_socket->sessionProtocol()), name);
    }

private:
    [[nodiscard]] QString peerName() const
    {
        return m_tls.peerName.isEmpty() ? m_host : m_tls.peerName;
    }
    [[nodiscard]] QString where() const { return QStringLiteral("%1:%2").arg(m_host).arg(m_port); }

    // During the handshake, when the CAs or the name do not vouch for the peer.
    void onSslErrors(const QList<QSslError> &errors)
    {
        if (m_finished)
            return;
        const QSslCertificate leaf = m_socket->peerCertificate();
        const QString pin = publicKeyPin(leaf);
        if (!m_tls.pinnedKey.isEmpty()) {
            if (!pin.isEmpty() && pin == m_tls.pinnedKey) {
                qCDebug(lcTls) << where() << "pinned key matches; ignoring"
                               << errorsInWords(errors);
                m_socket->ignoreSslErrors();
                return;
            }
            refuseChangedKey(leaf, pin);
            return;
        }
        TrustRequest request;
        request.kind = TrustRequest::Kind::TlsCertificate;
        request.why = TrustRequest::Why::Unknown;
        request.host = m_host;
        request.port = m_port;
        request.fingerprint = pin;
        request.acceptData = pin.toLatin1();
        request.description =
            describeCertificate(leaf) + QStringLiteral("; not verified: ") + errorsInWords(errors);
        const bool onlyTheName =
            std::all_of(errors.cbegin(), errors.cend(), [](const QSslError &error) {
                return error.error() == QSslError::HostNameMismatch;
            });
        QString why;
        if (onlyTheName)
            why = QStringLiteral("the certificate of %1 is not trusted: it is not for the name %2 "
                                 "(%3; set the TLS peer name when the switch is known by another)")
                      .arg(where(), peerName(), errorsInWords(errors));
        else if (m_tls.caFile.isEmpty())
            why = QStringLiteral("the certificate of %1 is not trusted (%2)")
                      .arg(where(), errorsInWords(errors));
        else
            why = QStringLiteral("the certificate of %1 is not trusted: the CA file %2 did not "
                                 "verify it (%3; a wrong CA?)")
                      .arg(where(), m_tls.caFile, errorsInWords(errors));
        finish(Error{Error::Code::Untrusted,
                     why + QStringLiteral("; its key is %1 \u2014 trust it (pin) only if that is "
                                          "the switch's")
                               .arg(pin),
                     -1},
               false, request);
    }

    void refuseChangedKey(const QSslCertificate &leaf, const QString &pin)
    {
        TrustRequest request;
        request.kind = TrustRequest::Kind::TlsCertificate;
        request.why = TrustRequest::Why::Changed;
        request.host = m_host;
        request.port = m_port;
        request.fingerprint = pin;
        request.acceptData = pin.toLatin1();
        request.description = describeCertificate(leaf);
        finish(
            Error{Error::Code::Untrusted,
                  QStringLiteral("the certificate of %1 changed: expected %2, got %3 \u2014 if "
                                 "the switch's certificate was replaced on purpose, update the pin")
                      .arg(where(), m_tls.pinnedKey,
                           pin.isEmpty() ? QStringLiteral("a key that cannot be read") : pin),
                  -1},
            false, request);
    }

    void onEncrypted()
    {
        if (m_finished)
            return;
        // The CAs vouched for it, but a pin names one key and no other.
        const QSslCertificate leaf = m_socket->peerCertificate();
        const QString pin = publicKeyPin(leaf);
        if (!m_tls.pinnedKey.isEmpty() && pin != m_tls.pinnedKey) {
            refuseChangedKey(leaf, pin);
            return;
        }
        qCDebug(lcTls) << where() << "encrypted:" << describe();
        m_encrypted = true;
        if (m_socket->bytesAvailable() > 0)
            onFirstBytes();
    }

    void onFirstBytes()
    {
        if (!m_encrypted || m_opened || m_finished)
            return;
        m_opened = true;
        disconnect(m_socket, &QSslSocket::readyRead, this, &TlsTransport::onFirstBytes);
        Q_EMIT opened();
    }

    void onError(QAbstractSocket::SocketError error)
    {
        if (m_opened || m_finished)
            return; // once open, the Session reports the loss
        const QString qtSays = m_socket->errorString();
        switch (error) {
        case QAbstractSocket::ConnectionRefusedError:
            finish(Error{Error::Code::Transport,
                         QStringLiteral("connection refused by %1 (is the TLS proxy listening?)")
                             .arg(where()),
                         -1},
                   true);
            return;
        case QAbstractSocket::HostNotFoundError:
            finish(
                Error{Error::Code::Transport, QStringLiteral("host %1 not found").arg(m_host), -1},
                true);
            return;
        case QAbstractSocket::RemoteHostClosedError:
            if (m_encrypted) {
                // stunnel closes a connection it cannot pass on to the Event Socket behind it.
                finish(Error{Error::Code::Transport,
                             QStringLiteral("the TLS peer %1 closed the connection before the "
                                            "switch spoke (is the Event Socket behind it up?)")
                                 .arg(where()),
                             -1},
                       true);
                return;
            }
            refused(qtSays);
            return;
        case QAbstractSocket::SslHandshakeFailedError:
        case QAbstractSocket::SslInternalError:
            refused(qtSays);
            return;
        default:
            finish(Error{Error::Code::Transport,
                         QStringLiteral("cannot connect to %1 over TLS: %2").arg(where(), qtSays),
                         -1},
                   true);
        }
    }

    // The peer broke off the handshake (or the first exchange after it).
    void refused(const QString &qtSays)
    {
        const bool notTls = qtSays.contains(QStringLiteral("wrong version number")) ||
                            qtSays.contains(QStringLiteral("packet length too long"));
        QString message;
        if (notTls)
            message = QStringLiteral("%1 does not speak TLS (%2): is it the Event Socket itself "
                                     "rather than the TLS proxy in front of it?")
                          .arg(where(), qtSays);
        else if (m_tls.certificateFile.isEmpty())
            message = QStringLiteral("the TLS peer %1 refused the connection: it may require a "
                                     "client certificate (%2)")
                          .arg(where(), qtSays);
        else
            message = QStringLiteral("the TLS peer %1 refused the connection: it may not accept "
                                     "the client certificate %2 (%3)")
                          .arg(where(), m_tls.certificateFile, qtSays);
        finish(Error{Error::Code::Transport, message, -1}, false);
    }

    // Says how the attempt ended, once, from the event loop: never from inside QSslSocket's own
    // signals, where the InboundClient's reaction (abort) would pull the socket from under them.
    void finish(const Error &error, bool retry, std::optional<TrustRequest> request = {})
    {
        if (m_finished)
            return;
        m_finished = true;
        qCInfo(lcTls) << error.message;
        QTimer::singleShot(0, this, [this, error, retry, request] {
            if (m_aborted)
                return;
            if (m_socket) {
                m_socket->disconnect(this);
                m_socket->abort();
            }
            if (request)
                Q_EMIT trustRequired(*request);
            Q_EMIT failed(error, retry);
        });
    }

    QSslSocket *m_socket = nullptr;
    QString m_host;
    quint16 m_port = 0;
    TlsOptions m_tls;
    bool m_encrypted = false; // the handshake is done and the peer trusted
    bool m_opened = false;    // opened() was emitted: the Session owns what happens next
    bool m_finished = false;  // failed() is on its way
    bool m_aborted = false;
};

} // namespace

std::unique_ptr<Transport> makeTlsTransport(QObject *parent)
{
    return std::make_unique<TlsTransport>(parent);
}

} // namespace Esl
