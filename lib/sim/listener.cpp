// The connection half of a Listener: reading commands, the outgoing queue, the way a connection
// ends. The commands themselves are in listenercommands.cpp.

#include "listener.h"

#include "frames.h"

#include <QLoggingCategory>

#include <atomic>

Q_LOGGING_CATEGORY(lcSimListener, "sim.listener")

namespace Sim {

namespace {

std::atomic<quint64> nextListenerId{1};

// How long a closing connection may take to hand over what it still has to write.
constexpr int kCloseGuardMs = 10000;

} // namespace

Listener::Listener(Switch *sw, QTcpSocket *socket, Mode mode, ListenerOptions options,
                   const QString &uuid, QObject *parent)
    : QObject(parent), m_switch(sw), m_socket(socket), m_mode(mode), m_options(std::move(options)),
      m_id(nextListenerId++)
{
    socket->setParent(this);
    m_peerAddress = socket->peerAddress();
    m_peerPort = socket->peerPort();
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    if (mode == Mode::Outbound) {
        // The socket application authenticates the listener and gives it the channel.
        m_authed = true;
        m_sessionUuid = uuid;
    }

    m_firstCommandTimer.setSingleShot(true);
    m_lingerTimer.setSingleShot(true);
    m_stallTimer.setSingleShot(true);
    m_closeGuard.setSingleShot(true);
    connect(&m_firstCommandTimer, &QTimer::timeout, this, &Listener::onFirstCommandTimeout);
    connect(&m_lingerTimer, &QTimer::timeout, this, [this] { closeWithGoodbye(Flush::Keep); });
    connect(&m_stallTimer, &QTimer::timeout, this, &Listener::resume);
    connect(&m_closeGuard, &QTimer::timeout, this, [this] {
        if (m_socket)
            m_socket->abort();
        onDisconnected();
    });

    connect(socket, &QTcpSocket::readyRead, this, &Listener::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &Listener::pump);
    connect(socket, &QTcpSocket::disconnected, this, &Listener::onDisconnected);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError ||
            m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    connect(m_switch, &Switch::eventFired, this, &Listener::onEventFired);
    // Switch::logged is connected only while the client takes log lines (`log` to `nolog`):
    // the switch builds none while no one does.
}

Listener::~Listener()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void Listener::start()
{
    if (m_options.firstCommandTimeoutMs > 0)
        m_firstCommandTimer.start(m_options.firstCommandTimeoutMs);
    if (m_mode == Mode::Inbound)
        writeReply(Frames::authRequest());
    // Commands may already be waiting (an outbound client that spoke first).
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
}

void Listener::rejectRudely()
{
    m_running = false;
    writeReply(Frames::rudeRejection());
    closeWithGoodbye(Flush::DropQueued);
}

void Listener::onReadyRead()
{
    if (!m_socket)
        return;
    const QByteArray data = m_socket->readAll();
    m_stats.bytesReceived += data.size();
    // Once the switch has decided to close, it reads no more.
    if (!m_running)
        return;
    m_reader.feed(data);
    while (m_running && m_reader.hasCommand())
        execute(m_reader.takeCommand());
    if (m_running && m_reader.hasError()) {
        qCWarning(lcSimListener) << "listener" << m_id << "drops a client that broke the framing:"
                                 << m_reader.error().toString();
        closeWithGoodbye(Flush::DropQueued);
    }
}

void Listener::onFirstCommandTimeout()
{
    if (m_firstCommandSeen || !m_running)
        return;
    qCInfo(lcSimListener) << "listener" << m_id << "got no command in time";
    closeWithGoodbye(Flush::DropQueued);
}

void Listener::execute(const Esl::wire::Command &command)
{
    ++m_stats.commands;
    Q_EMIT commandReceived(command);
    if (!m_switch) { // the switch is gone: nothing can answer
        closeWithGoodbye(Flush::DropQueued);
        return;
    }
    // An outbound socket's first command is handled, but its reply is never sent (listener_run
    // ignores the reply buffer there): clients send `connect` first, which answers by itself.
    const bool discardReply = m_mode == Mode::Outbound && !m_firstCommandSeen;
    m_firstCommandSeen = true;
    m_firstCommandTimer.stop();

    m_processing = true;
    std::optional<QByteArray> reply = dispatch(command);
    m_processing = false;
    if (reply && reply->isEmpty())
        reply = QByteArrayLiteral("-ERR command not found");
    if (reply && !discardReply && m_socket) {
        if (reply->startsWith('~'))
            writeReply("Content-Type: command/reply\n" + reply->mid(1));
        else
            writeReply(Frames::commandReply(reply->left(511)));
    }
    if (!m_running) {
        closeWithGoodbye(Flush::DropQueued);
        return;
    }
    if (m_downPending) {
        m_downPending = false;
        channelWentDown();
    }
    pump();
}

void Listener::onEventFired(const FiredEventPtr &fired)
{
    if (!m_running || !m_socket)
        return;
    const Esl::Event &event = fired->event();
    bool ownChannelDown = false;
    if (!m_sessionUuid.isEmpty() && event.header("Unique-ID") == m_sessionUuid.toUtf8()) {
        // The listener holds the controlled session: the switch cannot destroy it (nor fire its
        // CHANNEL_DESTROY and CS_DESTROY state) before the socket is closed.
        if (m_sessionEnded || event.eventName() == "CHANNEL_DESTROY")
            return;
        if (event.eventName() == "CHANNEL_HANGUP_COMPLETE") {
            ownChannelDown = true;
            m_sessionEnded = true;
            const QByteArrayView name = event.header("Channel-Name");
            if (!name.isNull())
                m_channelName = name.toByteArray();
        }
    }

    if (m_eventsEnabled && m_gate.passes(event)) {
        if (m_loseEvents > 0) {
            --m_loseEvents;
            ++m_stats.eventsLostByFault;
        } else if (m_queuedEvents >= m_options.maxQueuedEvents) {
            ++m_stats.eventsLost;
            if (++m_lostInARow > m_options.maxLostEvents) {
                qCWarning(lcSimListener)
                    << "listener" << m_id << "lost" << m_lostInARow << "events in a row: killed";
                kill(Frames::LostEvents);
                return;
            }
        } else {
            if (m_lostInARow)
                qCWarning(lcSimListener)
                    << "listener" << m_id << "lost" << m_lostInARow << "events";
            m_lostInARow = 0;
            ++m_stats.eventsQueued;
            enqueue(fired->bytes(m_format), Kind::Event);
        }
    }

    if (ownChannelDown) {
        if (m_processing)
            m_downPending = true;
        else
            channelWentDown();
    }
    pump();
}

void Listener::onLogged(const LogEntry &entry)
{
    if (!m_logEnabled || !m_running || !m_socket || entry.level > m_logLevel)
        return;
    if (m_queuedLogs >= m_options.maxQueuedEvents) {
        ++m_stats.logsLost;
        if (++m_logsLostInARow > m_options.maxLostEvents)
            kill(Frames::LostLogs);
        return;
    }
    m_logsLostInARow = 0;
    enqueue(Frames::logData(entry.level, entry.channel, entry.file.toUtf8(),
                            entry.function.toUtf8(), entry.line, entry.uuid.toUtf8(), entry.body),
            Kind::Log);
    pump();
}

void Listener::writeReply(QByteArray frame)
{
    if (!m_socket || m_finished)
        return;
    // Replies overtake queued events, as in the switch (they are written straight to the
    // socket), but never each other or a notice.
    const qsizetype queuedOthers = qsizetype(m_queue.size()) - m_queuedEvents - m_queuedLogs;
    if (m_stalled || queuedOthers > 0) {
        enqueue(std::move(frame), Kind::Reply);
        return;
    }
    m_stats.bytesWritten += frame.size();
    m_socket->write(frame);
}

void Listener::enqueue(QByteArray bytes, Kind kind)
{
    if (kind == Kind::Event)
        ++m_queuedEvents;
    else if (kind == Kind::Log)
        ++m_queuedLogs;
    m_queue.push_back(Frame{std::move(bytes), kind});
}

void Listener::pump()
{
    if (!m_socket || m_stalled || m_processing || m_finished)
        return;
    while (!m_queue.empty() && m_socket->bytesToWrite() < m_options.writeHighWater) {
        Frame frame = std::move(m_queue.front());
        m_queue.pop_front();
        if (frame.kind == Kind::Event) {
            --m_queuedEvents;
            ++m_stats.eventsSent;
        } else if (frame.kind == Kind::Log) {
            --m_queuedLogs;
            ++m_stats.logsSent;
        }
        m_stats.bytesWritten += frame.bytes.size();
        m_socket->write(frame.bytes);
    }
    if (m_queue.empty() && m_closing)
        closeNow();
}

void Listener::flushQueued(Kind kind)
{
    std::erase_if(m_queue, [&](const Frame &frame) { return frame.kind == kind; });
    if (kind == Kind::Event) {
        m_stats.eventsFlushed += m_queuedEvents;
        m_queuedEvents = 0;
    } else if (kind == Kind::Log) {
        m_queuedLogs = 0;
    }
}

void Listener::channelWentDown()
{
    if (m_handlingDisconnect || !m_running)
        return;
    m_handlingDisconnect = true;
    if (!m_linger) {
        closeWithGoodbye(Flush::Keep);
        return;
    }
    enqueue(Frames::lingerNotice(m_sessionUuid.toUtf8(), m_channelName, m_lingerSeconds),
            Kind::Notice);
    if (m_lingerSeconds >= 0)
        m_lingerTimer.start(m_lingerSeconds * m_options.lingerSecondMs);
    pump();
}

void Listener::closeWithGoodbye(Flush flush)
{
    if (m_closing || m_finished)
        return;
    m_running = false;
    m_closing = true;
    m_firstCommandTimer.stop();
    m_lingerTimer.stop();
    if (flush == Flush::DropQueued) {
        flushQueued(Kind::Event);
        flushQueued(Kind::Log);
    }
    enqueue(Frames::disconnectNotice(Frames::Goodbye, m_sessionUuid.toUtf8()), Kind::Notice);
    pump();
}

void Listener::closeNow()
{
    if (!m_socket || m_finished)
        return;
    m_closeGuard.start(kCloseGuardMs);
    m_socket->disconnectFromHost();
    if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
        onDisconnected();
}

void Listener::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_running = false;
    m_firstCommandTimer.stop();
    m_lingerTimer.stop();
    m_stallTimer.stop();
    m_closeGuard.stop();
    if (m_queuedEvents)
        m_stats.eventsFlushed += m_queuedEvents;
    m_queue.clear();
    m_queuedEvents = 0;
    m_queuedLogs = 0;
    if (m_switch)
        disconnect(m_switch, nullptr, this, nullptr);
    Q_EMIT finished(this);
}

void Listener::drop()
{
    if (!m_socket || m_finished)
        return;
    m_running = false;
    m_socket->abort();
    onDisconnected();
}

void Listener::kill(QByteArrayView message)
{
    if (!m_socket || m_finished)
        return;
    m_running = false;
    m_closing = true;
    m_queue.clear();
    m_queuedEvents = 0;
    m_queuedLogs = 0;
    const QByteArray notice = Frames::disconnectNotice(message, m_sessionUuid.toUtf8());
    m_stats.bytesWritten += notice.size();
    m_socket->write(notice);
    closeNow();
}

void Listener::stall(int ms)
{
    m_stalled = true;
    m_stallTimer.start(ms);
}

void Listener::resume()
{
    m_stallTimer.stop();
    m_stalled = false;
    pump();
}

void Listener::sendMalformedFrame(const QByteArray &frame)
{
    writeReply(frame.isEmpty() ? QByteArrayLiteral("Content-Type: api/response\n"
                                                   "Content-Length: -1\n\n")
                               : frame);
}

} // namespace Sim
