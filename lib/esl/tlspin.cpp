// Reads just enough DER to find the SubjectPublicKeyInfo: Certificate ::= SEQUENCE {
// tbsCertificate SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity,
// subject, subjectPublicKeyInfo, ... }, ... } (RFC 5280, 4.1). A certificate comes from the peer:
// every length is checked against what is left, and nothing recurses.

#include "tlspin.h"

#include <QCryptographicHash>

#include <optional>

namespace Esl {

namespace {

struct Element
{
    quint8 tag = 0;
    qsizetype headerSize = 0;
    qsizetype contentSize = 0;
    [[nodiscard]] qsizetype size() const { return headerSize + contentSize; }
};

// The element at the start of `der`, or nothing when its header or length overruns it.
std::optional<Element> readElement(QByteArrayView der)
{
    if (der.size() < 2)
        return std::nullopt;
    Element element;
    element.tag = quint8(der[0]);
    if ((element.tag & 0x1f) == 0x1f)
        return std::nullopt; // multi-byte tags never occur in these positions
    const auto first = quint8(der[1]);
    qsizetype length = 0;
    qsizetype header = 2;
    if (first < 0x80) {
        length = first;
    } else {
        const int count = first & 0x7f;
        // Indefinite lengths are not DER; more than 4 length bytes is no certificate.
        if (count == 0 || count > 4 || der.size() < 2 + count)
            return std::nullopt;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | quint8(der[2 + i]);
        header += count;
    }
    if (length > der.size() - header)
        return std::nullopt;
    element.headerSize = header;
    element.contentSize = length;
    return element;
}

constexpr quint8 sequenceTag = 0x30;
constexpr quint8 explicitVersionTag = 0xa0;

} // namespace

QByteArray subjectPublicKeyInfo(const QByteArray &certificateDer)
{
    const QByteArrayView der(certificateDer);
    const auto certificate = readElement(der);
    if (!certificate || certificate->tag != sequenceTag)
        return {};
    QByteArrayView rest = der.sliced(certificate->headerSize, certificate->contentSize);
    const auto tbs = readElement(rest);
    if (!tbs || tbs->tag != sequenceTag)
        return {};
    rest = rest.sliced(tbs->headerSize, tbs->contentSize);
    // Skip the optional version, then serial, signature, issuer, validity and subject.
    int toSkip = 5;
    if (!rest.isEmpty() && quint8(rest[0]) == explicitVersionTag)
        ++toSkip;
    for (int i = 0; i < toSkip; ++i) {
        const auto skipped = readElement(rest);
        if (!skipped)
            return {};
        rest = rest.sliced(skipped->size());
    }
    const auto key = readElement(rest);
    if (!key || key->tag != sequenceTag)
        return {};
    return rest.first(key->size()).toByteArray();
}

QString publicKeyPin(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    const QByteArray key = subjectPublicKeyInfo(certificate.toDer());
    if (key.isEmpty())
        return {};
    return QStringLiteral("sha256//") +
           QString::fromLatin1(
               QCryptographicHash::hash(key, QCryptographicHash::Sha256).toBase64());
}

} // namespace Esl
