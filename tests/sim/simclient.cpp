#include "simclient.h"

#include "support/fixtures.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace SimTest {

RawClient::RawClient(QObject *parent) : QObject(parent) {}

bool RawClient::connectTo(quint16 port, int timeoutMs)
{
    auto *socket = new QTcpSocket(this);
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(timeoutMs))
        return false;
    adopt(socket);
    return true;
}

void RawClient::adopt(QTcpSocket *socket)
{
    socket->setParent(this);
    m_socket = socket;
    connect(socket, &QTcpSocket::readyRead, this, &RawClient::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        onReadyRead();
        m_closed = true;
    });
    if (socket->bytesAvailable())
        onReadyRead();
}

void RawClient::send(QByteArrayView bytes)
{
    m_socket->write(bytes.data(), bytes.size());
    m_socket->flush();
}

void RawClient::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    m_received += data;
    m_parser.feed(data);
    while (m_parser.hasMessage())
        m_messages.push_back(m_parser.takeMessage());
}

bool RawClient::waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired() || m_parser.hasError())
            return done();
        if (m_closed)
            return done();
        QTest::qWait(5);
    }
    return true;
}

std::optional<Esl::Message> RawClient::next(int timeoutMs)
{
    if (!waitFor([this] { return !m_messages.empty(); }, timeoutMs))
        return std::nullopt;
    Esl::Message message = std::move(m_messages.front());
    m_messages.pop_front();
    return message;
}

bool isReply(const Esl::Message &message)
{
    return !message.isEvent() && message.contentType() != Esl::ContentType::LogData;
}

std::optional<Esl::Message> RawClient::nextReply(int timeoutMs)
{
    for (;;) {
        std::optional<Esl::Message> message = next(timeoutMs);
        if (!message || isReply(*message))
            return message;
        m_skipped.append(*message);
    }
}

QList<Esl::Message> RawClient::untilReply(int timeoutMs)
{
    QList<Esl::Message> messages;
    for (;;) {
        std::optional<Esl::Message> message = next(timeoutMs);
        if (!message)
            return messages;
        messages.append(*message);
        if (isReply(*message))
            return messages;
    }
}

bool RawClient::waitForClose(int timeoutMs)
{
    return waitFor([this] { return m_closed; }, timeoutMs);
}

QList<SentCommand> readSent(const QString &scenario)
{
    QList<SentCommand> commands;
    const QByteArray text = TestSupport::readFixture(scenario, QStringLiteral(".sent"));
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith('+'))
            continue;
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() < 4 || parts[2] != "SEND")
            continue;
        SentCommand command;
        command.seconds = parts[0].mid(1).chopped(1).toDouble();
        command.bytesReceived = parts[1].mid(1).toLongLong();
        const qsizetype quote = line.indexOf('"');
        const QJsonDocument json = QJsonDocument::fromJson("[" + line.mid(quote) + "]");
        command.bytes = json.array().at(0).toString().toUtf8();
        commands.append(command);
    }
    return commands;
}

QList<Esl::Message> replies(const QList<Esl::Message> &messages)
{
    QList<Esl::Message> result;
    for (const Esl::Message &message : messages) {
        if (isReply(message) && message.contentType() != Esl::ContentType::AuthRequest &&
            message.contentType() != Esl::ContentType::DisconnectNotice)
            result.append(message);
    }
    return result;
}

Esl::Event makeEvent(Sim::Switch &sw, QByteArrayView name,
                     const QList<std::pair<QByteArray, QByteArray>> &extra, const QByteArray &body)
{
    Esl::HeaderList headers = sw.eventBase(name, "tst_simprotocol.cpp", "makeEvent", 1);
    if (headers.isEmpty()) {
        // The switch core does not build them yet: the same 13 headers by hand.
        static qint64 sequence = 1000;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        headers.append("Event-Name", name);
        headers.append("Core-UUID", sw.coreUuid().toUtf8());
        headers.append("FreeSWITCH-Hostname", "switchboard-sim");
        headers.append("FreeSWITCH-Switchname", "switchboard-sim");
        headers.append("FreeSWITCH-IPv4", "127.0.0.1");
        headers.append("FreeSWITCH-IPv6", "::1");
        headers.append("Event-Date-Local", now.toString(u"yyyy-MM-dd HH:mm:ss").toUtf8());
        headers.append("Event-Date-GMT", now.toString(u"ddd, dd MMM yyyy HH:mm:ss 'GMT'").toUtf8());
        headers.append("Event-Date-Timestamp", QByteArray::number(now.toMSecsSinceEpoch() * 1000));
        headers.append("Event-Calling-File", "tst_simprotocol.cpp");
        headers.append("Event-Calling-Function", "makeEvent");
        headers.append("Event-Calling-Line-Number", "1");
        headers.append("Event-Sequence", QByteArray::number(++sequence));
    }
    for (const auto &[header, value] : extra)
        headers.append(header, value);
    if (!body.isNull())
        headers.append("Content-Length", QByteArray::number(body.size()));
    return Esl::Event(headers, body, !body.isNull());
}

QByteArray describe(const Esl::HeaderList &headers)
{
    QByteArray out;
    for (qsizetype i = 0; i < headers.size(); ++i)
        out += headers.name(i).toByteArray() + ": " + headers.value(i).toByteArray() + " | ";
    return out;
}

OutboundPeer::OutboundPeer(QObject *parent) : QObject(parent)
{
    m_server.listen(QHostAddress::LocalHost, 0);
}

bool OutboundPeer::accept(RawClient &client, int timeoutMs)
{
    if (!m_server.hasPendingConnections() && !m_server.waitForNewConnection(0)) {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_server.hasPendingConnections() && !deadline.hasExpired())
            QTest::qWait(5);
    }
    QTcpSocket *socket = m_server.nextPendingConnection();
    if (!socket)
        return false;
    client.adopt(socket);
    return true;
}

} // namespace SimTest
