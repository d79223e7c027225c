#pragma once
// What a switch has that the window needs to know before it sends something: its API commands
// and dialplan applications (`show api|application as json`: offered as completions, and a name
// the switch lacks is refused before anything is sent, since a mistyped application hangs the
// caller up) and its recordings directory (`global_getvar recordings_dir`, for the default
// recording path). Each fact is asked once per server when first needed, not at connect, and
// forgotten when the connection drops: a reconnect may reach another switch.
//
// Widget-free; not an operator's command, so nothing of this goes to the audit log.

#include "monitor/hub.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

namespace Esl {
class Reply;
}

namespace Console {

class SwitchFacts : public QObject
{
    Q_OBJECT

public:
    enum class Fact { Apis, Applications, RecordingsDir };
    Q_ENUM(Fact)

    explicit SwitchFacts(Monitor::Hub *hub, QObject *parent = nullptr);

    // Whether the switch answered (a failed answer counts: it is not asked again).
    [[nodiscard]] bool knows(Monitor::ServerId server, Fact fact) const;
    // Asks the switch unless it answered or is being asked; learned() follows.
    void request(Monitor::ServerId server, Fact fact);
    // The names the switch listed; empty when unknown or when the switch could not say.
    [[nodiscard]] QStringList names(Monitor::ServerId server, Fact fact) const;
    // Empty when unknown or unset.
    [[nodiscard]] QString recordingsDir(Monitor::ServerId server) const;

    // The `name` column of a `show … as json` reply, without names no command could carry.
    [[nodiscard]] static QStringList namesFromShow(const Esl::Reply &reply);

Q_SIGNALS:
    void learned(Monitor::ServerId server, Console::SwitchFacts::Fact fact);

private:
    struct Known
    {
        QHash<Fact, QStringList> names;
        QString recordingsDir;
        QSet<Fact> answered;
        QSet<Fact> asking;
    };
    void answer(Monitor::ServerId server, Fact fact, const Esl::Reply &reply);
    void followConnection(Monitor::ServerMonitor *server);

    Monitor::Hub *m_hub;
    QHash<Monitor::ServerId, Known> m_known;
    QSet<Monitor::ServerId> m_followed;
};

} // namespace Console
