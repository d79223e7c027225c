#pragma once
// Debian's stunnel4 in front of a plain TCP port, as an operator puts it in front of a switch's
// Event Socket: a process of the test's own, in the foreground, with its configuration, pid file
// and log in a temporary directory, listening on 127.0.0.1:<a free port>. It is killed when the
// object goes (and when the test process dies: it gets SIGKILL then), so no stunnel outlives a
// test.
//
//     if (const QString why = TestSupport::Stunnel::probe(); !why.isEmpty())
//         QSKIP(qPrintable(why));
//     TestSupport::Stunnel stunnel;
//     QVERIFY2(stunnel.start({cert, key, backendPort}), qPrintable(stunnel.lastError()));

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace TestSupport {

class Stunnel
{
public:
    struct Options
    {
        QString certificateFile; // the server's certificate (PEM)
        QString keyFile;         // its key
        quint16 backendPort = 0; // 127.0.0.1:backendPort, the plain Event Socket
        // Non-empty: a client certificate is required and must chain to this CA (verifyChain).
        QString clientCaFile;
        quint16 port = 0; // where to listen; 0: a free port
    };

    Stunnel();
    ~Stunnel();
    Stunnel(const Stunnel &) = delete;
    Stunnel &operator=(const Stunnel &) = delete;

    // Why stunnel cannot run here (not installed); empty when it can.
    [[nodiscard]] static QString probe();

    // Starts it and waits until it accepts connections; false with lastError() set.
    bool start(const Options &options);
    // Kills it (SIGKILL, as a crash would) and waits for it to go; nothing when not running.
    void stop();
    // Stops it and starts it again on the same port with another certificate.
    bool restart(const QString &certificateFile, const QString &keyFile);

    [[nodiscard]] quint16 port() const { return m_options.port; }
    [[nodiscard]] bool isRunning() const;
    // Connections stunnel accepted since it was first started (its own readiness probes not
    // counted), read from its log.
    [[nodiscard]] int acceptedConnections() const;
    [[nodiscard]] QString log() const;
    [[nodiscard]] const QString &lastError() const { return m_lastError; }

private:
    [[nodiscard]] QString configPath() const;
    [[nodiscard]] QString logPath() const;
    bool writeConfiguration();
    bool waitUntilListening();

    QTemporaryDir m_dir;
    Options m_options;
    std::unique_ptr<QProcess> m_process;
    QList<quint16> m_probePorts; // source ports of the readiness probes, not counted
    int m_runs = 0;              // each run logs to a file of its own: stunnel-<run>.log
    QString m_lastError;
};

} // namespace TestSupport
