// Temporary skeleton: the real implementation is being written (see simswitch.h).
#include "simswitch.h"

#include <QUuid>

namespace Sim {

class Channel
{
};

Switch::Switch(SwitchConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)),
      m_coreUuid(QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_started(QDateTime::currentDateTimeUtc())
{
}

Switch::~Switch() = default;

QByteArray Switch::api(const QString &command)
{
    return "-ERR " + command.section(u' ', 0, 0).toUtf8() + " Command not found!\n";
}

void Switch::bgapi(const QString &, const QString &) {}
bool Switch::execute(const QString &, const QString &, const QString &, const QString &, int, bool)
{
    return false;
}
bool Switch::hangup(const QString &, const QString &) { return false; }
bool Switch::hasChannel(const QString &uuid) const { return m_channels.contains(uuid); }
QStringList Switch::channelUuids() const { return m_channels.keys(); }
Esl::HeaderList Switch::channelData(const QString &) const { return {}; }
QString Switch::placeCall(const CallSpec &) { return {}; }
void Switch::restart() {}
void Switch::hangupAll(const QString &) {}
void Switch::fire(Esl::Event event)
{
    Q_EMIT eventFired(std::make_shared<const FiredEvent>(std::move(event)));
}
Esl::HeaderList Switch::eventBase(QByteArrayView, QByteArrayView, QByteArrayView, int) { return {}; }
void Switch::log(const LogEntry &entry) { Q_EMIT logged(entry); }
Channel *Switch::channel(const QString &) const { return nullptr; }

} // namespace Sim
