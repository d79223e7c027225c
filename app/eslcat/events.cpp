#include "events.h"

#include "connection.h"
#include "messagedecoder.h"
#include "sockettap.h"
#include "stopsignals.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

namespace Eslcat {

namespace {

class EventPrinter : public QObject
{
public:
    EventPrinter(const EventsOptions &options, FILE *out, FILE *err)
        : m_options(options), m_out(out), m_err(err), m_client(options.connection), m_tap(&m_client)
    {
        m_client.setSubscription(options.subscription);
        connect(&m_tap, &SocketTap::streamStarted, this, [this] { m_decoder.reset(); });
        connect(&m_tap, &SocketTap::bytesReceived, this, &EventPrinter::onBytes);
        connect(&m_client, &Esl::InboundClient::stateChanged, this, &EventPrinter::onState);
        connect(&m_client, &Esl::InboundClient::connected, this, &EventPrinter::onConnected);
        connect(&m_client, &Esl::InboundClient::errorOccurred, this, &EventPrinter::onError);
        connect(&m_client, &Esl::InboundClient::eventsMayHaveBeenMissed, this,
                [this](Esl::InboundClient::MissedReason reason) {
                    if (reason == Esl::InboundClient::MissedReason::SwitchRestarted)
                        printError(m_err, QStringLiteral("the switch restarted (new Core-UUID)"));
                });
    }

    int run()
    {
        if (!m_options.rawPath.isEmpty()) {
            m_raw.setFileName(m_options.rawPath);
            if (!m_raw.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
                printError(
                    m_err,
                    QStringLiteral("--raw %1: %2").arg(m_options.rawPath, m_raw.errorString()));
                return ExitNoConnection;
            }
        }
        StopSignals stopSignals;
        connect(&stopSignals, &StopSignals::stopRequested, this, [this] { stop(ExitSuccess); });
        m_client.connectToServer();
        if (!m_stopped)
            m_loop.exec();
        return m_status;
    }

private:
    void stop(int status, const QString &why = {})
    {
        if (m_stopped)
            return;
        m_stopped = true;
        m_status = status;
        if (!why.isEmpty())
            printError(m_err, why);
        m_client.disconnectFromServer();
        std::fflush(m_out);
        m_loop.exit();
    }

    void onBytes(const QByteArray &bytes)
    {
        if (m_raw.isOpen() && m_raw.write(bytes) != bytes.size()) {
            stop(ExitNoConnection,
                 QStringLiteral("--raw %1: %2").arg(m_options.rawPath, m_raw.errorString()));
            return;
        }
        m_decoder.feed(bytes);
        const Esl::Subscription &subscription = m_client.subscription();
        while (std::optional<MessageDecoder::Item> item = m_decoder.next()) {
            // Undecodable events are reported by the client (errorOccurred).
            if (item->event && subscription.passes(*item->event) &&
                (!m_options.where ||
                 m_options.where->matches(Monitor::EslEventView(*item->event)))) {
                const QByteArray line = MessageDecoder::jsonLine(*item);
                std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
            }
        }
        std::fflush(m_out);
    }

    void onState(Esl::InboundClient::State state)
    {
        using State = Esl::InboundClient::State;
        if (state == State::Failed) {
            stop(ExitNoConnection, failureText(m_client.lastError()));
        } else if (state == State::Reconnecting) {
            const qint64 wait = m_client.nextAttemptAt() - QDateTime::currentMSecsSinceEpoch();
            printError(m_err, QStringLiteral("%1; reconnecting in %2 s (attempt %3)")
                                  .arg(m_client.lastError().toString())
                                  .arg(double(std::max<qint64>(wait, 0)) / 1000.0, 0, 'f', 1)
                                  .arg(m_client.reconnectAttempts()));
        }
    }

    void onConnected()
    {
        if (m_wasConnected) {
            printError(m_err, QStringLiteral("reconnected to %1:%2; events sent while "
                                             "disconnected are lost")
                                  .arg(m_options.connection.host)
                                  .arg(m_options.connection.port));
        }
        m_wasConnected = true;
    }

    // Errors that leave the link up (a refused subscription command, an undecodable event). The
    // ones that end it are told by the Reconnecting/Failed notice: the client has left Live by
    // the time a zero timer fires.
    void onError(const Esl::Error &error)
    {
        QTimer::singleShot(0, this, [this, error] {
            if (m_client.isLive() && !m_stopped)
                printError(m_err, error.toString());
        });
    }

    const EventsOptions &m_options;
    FILE *m_out;
    FILE *m_err;
    Esl::InboundClient m_client;
    SocketTap m_tap;
    MessageDecoder m_decoder;
    QFile m_raw;
    QEventLoop m_loop;
    bool m_stopped = false;
    bool m_wasConnected = false;
    int m_status = ExitSuccess;
};

} // namespace

int runEvents(const EventsOptions &options, FILE *out, FILE *err)
{
    EventPrinter printer(options, out, err);
    return printer.run();
}

} // namespace Eslcat
