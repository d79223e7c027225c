#pragma once
// mod_valet_parking in the simulated switch, as FreeSWITCH 1.10.12 behaves in
// tests/fixtures/real2/valet-parking and as mod_valet_parking.c reads:
//   - the application `valet_park <lot> <slot>` parks the channel in the slot, or, when the
//     slot is taken, bridges the channel to the call parked there (a retrieval);
//     `valet_park <lot> auto in <min> <max>` takes the first free slot from min up to max
//     (exclusive, as next_id counts), `auto out` retrieves the longest parked;
//   - valet_parking::info events with Action hold, bridge, exit and the capture's headers, the
//     PRESENCE_IN events of the lot and the slot, the hold music's PLAYBACK_START/STOP;
//   - api `valet_info [<lot>]`: the module's XML, lots in name order, empty lots kept;
//   - the dialplan of the capture: 6100 parks in corpus_lot (auto in 6101 6109), 6001-6099 are
//     the slots of valet_parking_lot (the vanilla `^((?!6000)60\d{2})$`);
//   - traffic (the demo): calls are parked now and then, and retrieved or hung up later.

#include "simmodule.h"

#include <QDateTime>
#include <QMap>
#include <QRandomGenerator>
#include <QTimer>

#include <map>

namespace Sim {

class SimValet : public Module
{
    Q_OBJECT

public:
    explicit SimValet(Switch *sw);
    ~SimValet() override;

    [[nodiscard]] bool answersApi(QStringView command) const override;
    QByteArray api(const QString &command, const QString &rest) override;
    [[nodiscard]] bool runsApp(QStringView application) const override;
    int runApp(Channel &channel, const QString &application, const QString &argument) override;
    [[nodiscard]] std::optional<std::pair<QString, QString>> route(const QString &exten) const override;
    void appEnded(const QString &uuid, const QString &application) override;
    void reset() override;
    void startTraffic(quint32 seed) override;
    void stopTraffic() override;

    // Who is parked where, for tests: "lot/slot" -> uuid.
    [[nodiscard]] QMap<QString, QString> parked() const;

private:
    struct Token
    {
        QString uuid;
        qint64 startMs = 0;
        bool bridged = false;
    };
    struct Lot
    {
        QMap<QString, Token> slots; // extension -> token
    };

    QByteArray valetInfo(const QString &lot) const;
    int park(Channel &channel, const QString &lot, const QString &ext);
    int retrieve(Channel &channel, const QString &lot, const QString &ext, Token &token);
    void fireInfo(const Channel &channel, const QString &lot, const QString &ext,
                  QByteArrayView action, QByteArrayView function, int line,
                  const QString &bridgeTo = {});
    void firePresence(const QString &lot, const QString &ext, bool in, bool bridged);
    void usage();
    void trafficTick();

    std::map<QString, Lot> m_lots; // by name: valet_info lists them in this order
    int m_presenceCount = 0;       // the module's EC counter
    QTimer m_traffic;
    QRandomGenerator m_random;
};

} // namespace Sim
