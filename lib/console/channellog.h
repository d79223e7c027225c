#pragma once
// The switch's log lines about each channel from the last moments, so that a failed action can
// show the switch's reason next to its terse reply: `uuid_hold off` answers "-ERR Operation
// failed" while the console log says "Call is not on hold". A log/data line names its channel in
// User-Data; the line comes a little before or after the reply, so this keeps two seconds of them
// and can wait a moment for one. Lines arrive only at the profile's log level.
//
// Widget-free; used by CallControl.

#include "monitor/hub.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <functional>

namespace Esl {
struct LogLine;
}

namespace Console {

class ChannelLog : public QObject
{
    Q_OBJECT

public:
    explicit ChannelLog(Monitor::Hub *hub, QObject *parent = nullptr);
    // Whoever still waits hears "no line": an action must finish even as the window closes.
    ~ChannelLog() override;

    // Calls `done` with the text of the switch's most severe log line for the channel received
    // since `sinceMs` (ms since the epoch), or, when there is none yet, with the first one that
    // arrives within `waitMs`; with an empty text when none comes. Only a WARNING or worse is a
    // reason (kReasonLevel): a real switch logs NOTICE, INFO and DEBUG lines about every call
    // all the time ("has been answered", state changes), and those explain no refusal. Never
    // before returning when it has to wait; at once when it has one.
    void lineAbout(Monitor::ServerId server, const QString &uuid, qint64 sinceMs, int waitMs,
                   const std::function<void(const QString &)> &done);

    static constexpr qint64 kKeepMs = 2000;
    static constexpr int kReasonLevel = 4; // SWITCH_LOG_WARNING

private:
    struct Line
    {
        qint64 receivedMs = 0;
        int level = 7;
        QString uuid;
        QString text;
    };
    struct Waiter
    {
        int id = 0;
        Monitor::ServerId server = 0;
        QString uuid;
        std::function<void(const QString &)> done;
    };
    void follow(Monitor::ServerMonitor *server);
    void arrived(Monitor::ServerId server, const Esl::LogLine &line, qint64 receivedMs);

    QHash<Monitor::ServerId, std::deque<Line>> m_lines;
    QList<Waiter> m_waiters;
    int m_nextWaiter = 1;
};

} // namespace Console
