#pragma once
// A module of the simulated switch beyond its core: mod_conference (SimConference),
// mod_callcenter (SimCallCenter), mod_sofia's registrar and gateways (SimSofia) and
// mod_valet_parking (SimValet). Each answers its api commands with the real reply texts, runs
// its dialplan applications on channels, fires its CUSTOM events with the header sets of the
// captures in tests/fixtures/real2, and, when asked (TrafficProfile::supervisor: the demo and
// `eslcat sim`), makes traffic of its own so the supervisor panels have something to show.
//
// The Switch owns one of each and calls them from its core (simapi.cpp, simapps.cpp,
// simcalls.cpp); each module is a friend of the Switch and uses its channel machinery.

#include <QObject>
#include <QString>

#include <optional>
#include <utility>

namespace Sim {

class Channel;
class Switch;

class Module : public QObject
{
    Q_OBJECT

public:
    explicit Module(Switch *sw) : QObject(nullptr), m_switch(sw) {}
    ~Module() override = default;

    // Whether it registers the api command ("conference", "callcenter_config", "valet_info").
    [[nodiscard]] virtual bool answersApi(QStringView command) const
    {
        Q_UNUSED(command)
        return false;
    }
    // The api/response body for `command rest`, exactly as the module answers.
    virtual QByteArray api(const QString &command, const QString &rest)
    {
        Q_UNUSED(command)
        Q_UNUSED(rest)
        return {};
    }
    // Whether it registers the dialplan application ("conference", "callcenter", "valet_park").
    [[nodiscard]] virtual bool runsApp(QStringView application) const
    {
        Q_UNUSED(application)
        return false;
    }
    // Runs one of its applications on `channel`: ms until it completes, or -1 for one that runs
    // until the channel moves on (hangs up, is transferred or parked).
    virtual int runApp(Channel &channel, const QString &application, const QString &argument)
    {
        Q_UNUSED(channel)
        Q_UNUSED(application)
        Q_UNUSED(argument)
        return 0;
    }
    // The extensions its part of the dialplan serves (the sim's default context): the
    // application and argument `exten` runs, or nothing.
    [[nodiscard]] virtual std::optional<std::pair<QString, QString>> route(const QString &exten) const
    {
        Q_UNUSED(exten)
        return std::nullopt;
    }
    // One of its applications on `uuid` ended (the channel was transferred, parked, bridged
    // elsewhere), called before the switch fires its CHANNEL_EXECUTE_COMPLETE.
    virtual void appEnded(const QString &uuid, const QString &application)
    {
        Q_UNUSED(uuid)
        Q_UNUSED(application)
    }
    // The channel is hanging up (CHANNEL_HANGUP has fired). May come after appEnded() or alone.
    virtual void channelHangingUp(const QString &uuid) { Q_UNUSED(uuid) }
    // The switch restarted: everything gone, without events.
    virtual void reset() {}
    // Its own traffic (see TrafficProfile::supervisor), from `seed`; stopped by stopTraffic().
    virtual void startTraffic(quint32 seed) { Q_UNUSED(seed) }
    virtual void stopTraffic() {}

protected:
    [[nodiscard]] Switch *sw() const { return m_switch; }

private:
    Switch *m_switch;
};

} // namespace Sim
