#pragma once
// What the simulator tests share: a raw Event Socket client (a QTcpSocket and the wire Parser,
// nothing of the Session), a reader for the fixtures' .sent transcripts, and a way to build
// events for Switch::fire.

#include "esl/wire/event.h"
#include "esl/wire/parser.h"
#include "sim/simswitch.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

#include <deque>
#include <optional>

namespace SimTest {

class RawClient : public QObject
{
    Q_OBJECT

public:
    explicit RawClient(QObject *parent = nullptr);

    bool connectTo(quint16 port, int timeoutMs = 5000);
    // Takes an already connected socket (the accepted end of an outbound connection).
    void adopt(QTcpSocket *socket);
    void send(QByteArrayView bytes);

    // The next message, waiting for it; nullopt after a timeout, a close or a framing error.
    std::optional<Esl::Message> next(int timeoutMs = 5000);
    // The next message that is not an event or a log line (those are kept in skipped()).
    std::optional<Esl::Message> nextReply(int timeoutMs = 5000);
    // Messages up to and including the next api/response (a command/reply of -ERR counts too).
    QList<Esl::Message> untilReply(int timeoutMs = 5000);
    // True once the peer has closed and every message before the close has been taken.
    bool waitForClose(int timeoutMs = 5000);
    [[nodiscard]] bool isClosed() const { return m_closed; }
    [[nodiscard]] bool hasFramingError() const { return m_parser.hasError(); }
    [[nodiscard]] const Esl::Error &framingError() const { return m_parser.error(); }
    // Every byte received so far.
    [[nodiscard]] const QByteArray &received() const { return m_received; }
    [[nodiscard]] QList<Esl::Message> skipped() const { return m_skipped; }
    [[nodiscard]] QTcpSocket *socket() const { return m_socket; }

private:
    void onReadyRead();
    bool waitFor(const std::function<bool()> &done, int timeoutMs);

    QTcpSocket *m_socket = nullptr;
    Esl::wire::Parser m_parser;
    std::deque<Esl::Message> m_messages;
    QList<Esl::Message> m_skipped;
    QByteArray m_received;
    bool m_closed = false;
};

// A line of a fixture's .sent file: `+SECONDS @BYTES SEND "<JSON string>"`.
struct SentCommand
{
    double seconds = 0;
    qint64 bytesReceived = 0;
    QByteArray bytes;
    [[nodiscard]] QByteArray firstLine() const { return bytes.left(bytes.indexOf('\n')); }
};
[[nodiscard]] QList<SentCommand> readSent(const QString &scenario);

// The messages of a capture that answer commands (not events, log lines or the closing notice),
// in order: one per command the client sent, as replies are FIFO.
[[nodiscard]] QList<Esl::Message> replies(const QList<Esl::Message> &messages);
[[nodiscard]] bool isReply(const Esl::Message &message);

// An event as the switch would fire it: the switch's 13 standard headers, then `extra`.
[[nodiscard]] Esl::Event makeEvent(Sim::Switch &sw, QByteArrayView name,
                                   const QList<std::pair<QByteArray, QByteArray>> &extra = {},
                                   const QByteArray &body = {});

// Describes two header lists side by side, for failure messages.
[[nodiscard]] QByteArray describe(const Esl::HeaderList &headers);

// A server standing in for the client's outbound-socket server.
class OutboundPeer : public QObject
{
    Q_OBJECT

public:
    explicit OutboundPeer(QObject *parent = nullptr);
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    // Waits for the switch's connection and hands it to `client`.
    bool accept(RawClient &client, int timeoutMs = 5000);

private:
    QTcpServer m_server;
};

} // namespace SimTest
