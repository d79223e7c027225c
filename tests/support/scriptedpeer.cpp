#include "scriptedpeer.h"

#include <QTest>

namespace TestSupport {

ScriptedPeer::ScriptedPeer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++m_accepted;
            m_waiting.append(socket);
        }
    });
    m_server.listen(QHostAddress::LocalHost, 0);
}

void ScriptedPeer::takePending()
{
    if (m_waiting.isEmpty())
        return;
    if (m_client)
        m_client->deleteLater();
    m_client = m_waiting.takeFirst();
    m_received.clear();
    connect(m_client, &QTcpSocket::readyRead, this, [this, socket = m_client.data()] {
        if (socket == m_client)
            m_received += socket->readAll();
    });
    m_received += m_client->readAll();
}

bool ScriptedPeer::waitForClient(int timeoutMs)
{
    if (!QTest::qWaitFor([this] { return !m_waiting.isEmpty(); }, timeoutMs)) {
        m_failure = QStringLiteral("no client connected within %1 ms").arg(timeoutMs);
        return false;
    }
    takePending();
    return true;
}

void ScriptedPeer::send(QByteArrayView bytes)
{
    if (m_client) {
        m_client->write(bytes.data(), bytes.size());
        m_client->flush();
    }
}

bool ScriptedPeer::expect(QByteArrayView bytes, int timeoutMs)
{
    (void)QTest::qWaitFor([&] { return m_received.size() >= bytes.size(); }, timeoutMs);
    const QByteArrayView got = QByteArrayView(m_received).first(std::min(m_received.size(), bytes.size()));
    if (got != bytes) {
        m_failure = QStringLiteral("expected the client to send\n  %1\nbut it sent\n  %2")
                        .arg(QString::fromUtf8(bytes.toByteArray().toPercentEncoding(" :{}()=,/@|&-_.")),
                             QString::fromUtf8(m_received.toPercentEncoding(" :{}()=,/@|&-_.")));
        return false;
    }
    m_received.remove(0, bytes.size());
    return true;
}

QByteArray ScriptedPeer::nextCommand(int timeoutMs)
{
    qsizetype end = -1;
    auto complete = [&] {
        const qsizetype blank = m_received.indexOf("\n\n");
        if (blank < 0)
            return false;
        end = blank + 2;
        const qsizetype cl = m_received.first(blank).indexOf("Content-Length: ");
        if (cl >= 0) {
            const qsizetype lineEnd = m_received.indexOf('\n', cl);
            end += m_received.mid(cl + 16, lineEnd - cl - 16).toLongLong();
        }
        return m_received.size() >= end;
    };
    if (!QTest::qWaitFor(complete, timeoutMs)) {
        m_failure = QStringLiteral("no complete command within %1 ms (have \"%2\")")
                        .arg(timeoutMs)
                        .arg(QString::fromUtf8(m_received));
        return {};
    }
    const QByteArray command = m_received.left(end);
    m_received.remove(0, end);
    return command;
}

bool ScriptedPeer::staysQuiet(int timeoutMs)
{
    const qsizetype before = m_received.size();
    QTest::qWait(timeoutMs);
    return m_received.size() == before;
}

void ScriptedPeer::closeClient()
{
    if (m_client)
        m_client->disconnectFromHost();
}

void ScriptedPeer::abortClient()
{
    if (m_client)
        m_client->abort();
}

bool ScriptedPeer::waitForClientGone(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] { return !m_client || m_client->state() == QAbstractSocket::UnconnectedState; },
        timeoutMs);
}

QByteArray ScriptedPeer::reply(QByteArrayView replyText, QByteArrayView extraHeaders)
{
    QByteArray out = "Content-Type: command/reply\nReply-Text: ";
    out += replyText.toByteArray();
    out += '\n';
    out += extraHeaders.toByteArray();
    out += '\n';
    return out;
}

QByteArray ScriptedPeer::apiResponse(QByteArrayView body)
{
    return "Content-Type: api/response\nContent-Length: " + QByteArray::number(body.size()) + "\n\n"
        + body.toByteArray();
}

} // namespace TestSupport
