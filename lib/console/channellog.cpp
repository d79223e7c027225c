#include "console/channellog.h"

#include "esl/logline.h"

#include <QDateTime>
#include <QTimer>

#include <utility>

namespace Console {

namespace {

constexpr size_t kMaxLinesPerServer = 2000; // a debug-level flood keeps the newest

QString shown(const QString &text)
{
    // One line, as the console log shows it; a control character never reaches a label.
    QString out = text.trimmed();
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control)
            c = u' ';
    }
    return out;
}

} // namespace

ChannelLog::ChannelLog(Monitor::Hub *hub, QObject *parent) : QObject(parent)
{
    for (Monitor::ServerMonitor *server : hub->servers())
        follow(server);
    connect(hub, &Monitor::Hub::serverAdded, this, &ChannelLog::follow);
    connect(hub, &Monitor::Hub::serverRemoved, this,
            [this](Monitor::ServerId id) { m_lines.remove(id); });
}

ChannelLog::~ChannelLog()
{
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &w : waiters)
        w.done({});
}

void ChannelLog::follow(Monitor::ServerMonitor *server)
{
    const Monitor::ServerId id = server->id();
    connect(
        server, &Monitor::ServerMonitor::logArrived, this,
        [this, id](const Esl::LogLine &line, qint64 receivedMs) { arrived(id, line, receivedMs); });
}

void ChannelLog::arrived(Monitor::ServerId server, const Esl::LogLine &line, qint64 receivedMs)
{
    if (line.userData.isEmpty())
        return;
    const QString text = shown(line.message());
    if (text.isEmpty())
        return;
    for (qsizetype i = 0; i < m_waiters.size() && line.level <= kReasonLevel; ++i) {
        if (m_waiters[i].server == server && m_waiters[i].uuid == line.userData) {
            const Waiter waiter = m_waiters.takeAt(i);
            waiter.done(text);
            break;
        }
    }
    std::deque<Line> &lines = m_lines[server];
    lines.push_back({receivedMs, line.level, line.userData, text});
    while (!lines.empty() &&
           (lines.front().receivedMs < receivedMs - kKeepMs || lines.size() > kMaxLinesPerServer))
        lines.pop_front();
}

void ChannelLog::lineAbout(Monitor::ServerId server, const QString &uuid, qint64 sinceMs,
                           int waitMs, const std::function<void(const QString &)> &done)
{
    const Line *best = nullptr;
    static const std::deque<Line> none;
    const auto kept = m_lines.constFind(server);
    for (const Line &l : kept == m_lines.cend() ? none : *kept) {
        // The most severe line wins (an error over the debug lines around it); the newest of
        // equals.
        if (l.uuid == uuid && l.receivedMs >= sinceMs && l.level <= kReasonLevel &&
            (!best || l.level <= best->level))
            best = &l;
    }
    if (best) {
        done(best->text);
        return;
    }
    const int id = m_nextWaiter++;
    m_waiters.append({id, server, uuid, done});
    QTimer::singleShot(waitMs, this, [this, id] {
        for (qsizetype i = 0; i < m_waiters.size(); ++i) {
            if (m_waiters[i].id == id) {
                const Waiter waiter = m_waiters.takeAt(i);
                waiter.done({});
                return;
            }
        }
    });
}

} // namespace Console
