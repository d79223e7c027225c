#pragma once
// SIGINT and SIGTERM as a Qt signal, so `eslcat events` can end cleanly from the event loop. A
// POSIX signal handler may do next to nothing; it writes the signal's number to a socket pair
// and a QSocketNotifier reads it in the event loop (the self-pipe pattern from Qt's "Calling Qt
// Functions From Unix Signal Handlers").

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace Eslcat {

class StopSignals : public QObject
{
    Q_OBJECT

public:
    // Installs the handlers; the destructor restores the previous ones. One instance at a time.
    explicit StopSignals(QObject *parent = nullptr);
    ~StopSignals() override;

    [[nodiscard]] bool isActive() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace Eslcat
