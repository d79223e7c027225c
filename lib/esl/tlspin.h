#pragma once
// The public-key pin of a TLS certificate, in curl's --pinnedpubkey form: "sha256//" and the
// base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (DER). It names the key, not
// the certificate: a switch whose certificate is renewed with the same key keeps its pin. The
// same as
//   openssl x509 -pubkey -noout -in cert.pem | openssl pkey -pubin -outform der |
//     openssl dgst -sha256 -binary | base64

#include <QByteArray>
#include <QSslCertificate>
#include <QString>

namespace Esl {

// "sha256//BASE64"; empty for a null certificate or one whose DER cannot be read.
[[nodiscard]] QString publicKeyPin(const QSslCertificate &certificate);

// The SubjectPublicKeyInfo inside a certificate's DER, as it is there; empty when the DER is not
// a certificate. Read with a bounded walk of the outer structure, so the pin does not depend on
// how a TLS backend re-encodes keys.
[[nodiscard]] QByteArray subjectPublicKeyInfo(const QByteArray &certificateDer);

} // namespace Esl
