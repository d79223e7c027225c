#pragma once
// The files a TLS transport is configured with (tlstransport.cpp): the CA bundle to verify the
// peer with, the client certificate and its key. Read when a connection starts, so an operator who
// fixes a file sees it on the next attempt; every failure names the file and what is wrong with it.

#include "transport.h"

#include <QList>
#include <QSslCertificate>
#include <QSslKey>

namespace Esl {

// Every certificate in a PEM bundle; an error naming the file when it cannot be read or holds none.
[[nodiscard]] Expected<QList<QSslCertificate>> readCaBundle(const QString &file);

struct ClientIdentity
{
    QSslCertificate certificate;
    QList<QSslCertificate> chain; // intermediates after the certificate in its file, if any
    QSslKey key;
};

// options.certificateFile and its key (options.keyFile, else the key inside the certificate file).
[[nodiscard]] Expected<ClientIdentity> readClientIdentity(const TlsOptions &options);

} // namespace Esl
