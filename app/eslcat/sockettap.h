#pragma once
// Every byte an InboundClient receives, as it arrives, for `eslcat events`: it prints the JSON
// line of each event from the original message (the decode schema needs the outer headers and
// exact lengths, which an Esl::Event no longer has) and records the raw stream for --raw.

#include "esl/inboundclient.h"

#include <QObject>

namespace Eslcat {

class SocketTap : public QObject
{
    Q_OBJECT

public:
    explicit SocketTap(Esl::InboundClient *client, QObject *parent = nullptr);

Q_SIGNALS:
    // A new connection: what follows is a new byte stream.
    void streamStarted();
    void bytesReceived(const QByteArray &bytes);
};

} // namespace Eslcat
