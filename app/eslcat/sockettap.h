#pragma once
// Every byte an InboundClient receives, as it arrives, for `eslcat events`: it prints the JSON
// line of each event from the original message (the decode schema needs the outer headers and
// exact lengths, which an Esl::Event no longer has) and records the raw stream for --raw.
//
// The library offers no such hook yet, so this watches the client's socket directly: when the
// client reaches Authenticating, its new QTcpSocket is connected but its Session is not yet
// attached, so a readyRead connection made now runs before the Session's and can peek() what
// the Session is about to read. The Session's byte count tells what of the buffer was passed on
// before. Once Session signals the bytes it reads, this class shrinks to forwarding that signal.

#include "esl/inboundclient.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>

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
    // The client connected but its socket could not be found: nothing will be reported.
    void tapFailed();

private:
    void attach();
    void onReadyRead();

    Esl::InboundClient *m_client;
    QPointer<QTcpSocket> m_socket;
    qint64 m_passedOn = 0; // bytes of this connection already reported
};

} // namespace Eslcat
