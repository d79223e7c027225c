#pragma once
// A scripted switch for tests that read like transcripts (KIMAP's fake server):
//
//     peer.send("Content-Type: auth/request\n\n");          // S: the switch sends
//     QVERIFY(peer.expect("auth ClueCon\n\n"));               // C: the client must send
//
// It listens on 127.0.0.1 on a port the OS picks, accepts connections one after another, and
// keeps what the current client sent. expect() waits (running the event loop) until the next
// bytes the client sent equal the given ones, and consumes them.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace TestSupport {

class ScriptedPeer : public QObject
{
    Q_OBJECT

public:
    explicit ScriptedPeer(QObject *parent = nullptr);

    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    // Waits for the next connection (or returns at once if one is waiting).
    bool waitForClient(int timeoutMs = 5000);
    [[nodiscard]] int connectionsAccepted() const { return m_accepted; }
    [[nodiscard]] QTcpSocket *client() const { return m_client; }

    // S: bytes the switch sends now.
    void send(QByteArrayView bytes);
    // C: waits until the client has sent exactly `bytes` next; consumes them. On a mismatch or
    // a timeout, returns false and describes the difference in lastFailure().
    bool expect(QByteArrayView bytes, int timeoutMs = 5000);
    // C: the next whole command (up to and including its blank line, with its body if it has a
    // Content-Length), or empty after a timeout.
    QByteArray nextCommand(int timeoutMs = 5000);
    // Whatever the client sent that no expect()/nextCommand() consumed yet.
    [[nodiscard]] QByteArray unread() const { return m_received; }
    // Waits up to `timeoutMs` and returns true if the client sent nothing more.
    bool staysQuiet(int timeoutMs = 200);
    [[nodiscard]] const QString &lastFailure() const { return m_failure; }

    void closeClient();  // an orderly close (FIN)
    void abortClient();  // a reset
    bool waitForClientGone(int timeoutMs = 5000);
    void stopListening() { m_server.close(); }

    // Frames for the common replies.
    static QByteArray reply(QByteArrayView replyText, QByteArrayView extraHeaders = {});
    static QByteArray apiResponse(QByteArrayView body);
    static QByteArray authRequest() { return "Content-Type: auth/request\n\n"; }

private:
    void takePending();

    QTcpServer m_server;
    QList<QTcpSocket *> m_waiting;
    QPointer<QTcpSocket> m_client;
    QByteArray m_received;
    QString m_failure;
    int m_accepted = 0;
};

} // namespace TestSupport
