// The supervisor panels over the broker link (issue #19 through issue #18's fleet): a console on
// a real RabbitMQ whose switches run conferences, a queue, registrations, gateways and parked
// calls reaches, by their listings through mod_amqp's command queue and then by their events
// alone, the very state a store synced straight from each switch reads.
#include "brokerconsole.h"

#include "esl/promise.h"
#include "monitor/panelstore.h"
#include "monitor/supervisorpanels.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace TestSupport;
using namespace Monitor;

namespace {

// What a row is, without what moves with the clock (times, ages, counters of seconds).
QJsonValue timeless(const QJsonValue &value)
{
    static const QRegularExpression clocky(QStringLiteral(
        "(time|Time|Ms|Seconds|Since|since|At|Age|age|expires|Expires|Wait|wait|duration|Duration)"));
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (!clocky.match(it.key()).hasMatch())
                out.insert(it.key(), timeless(it.value()));
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(timeless(v));
        return out;
    }
    return value;
}

QStringList rowsOf(const PanelStore &store)
{
    QStringList out;
    for (const QJsonObject &row : store.rows(0))
        out.append(QString::fromUtf8(QJsonDocument(timeless(row).toObject()).toJson(QJsonDocument::Compact)));
    out.sort();
    return out;
}

// A store of each kind synced straight from the switch, without any link.
std::unique_ptr<SupervisorPanels> readDirectly(Sim::Switch *sw)
{
    auto panels = std::make_unique<SupervisorPanels>();
    panels->sync(
        [sw](const QString &command) {
            Esl::HeaderList headers;
            headers.append("Content-Type", "api/response");
            return Esl::detail::readyFuture(
                Esl::Reply(Esl::Message(headers, sw->api(command), true)));
        },
        QDateTime::currentMSecsSinceEpoch());
    return panels;
}

} // namespace

class TestBrokerPanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void panelsThroughTheBrokerShowWhatTheSwitchesHave()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2, 0);
        for (int i = 0; i < fleet->switchCount(); ++i)
            fleet->switchAt(i)->startModuleTraffic(quint32(7 + i));
        Console console(*broker);
        QTRY_VERIFY_WITH_TIMEOUT(console.hub.servers().size() == 2, 30000);
        // Every store of every switch synced through the broker, none missing its module.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (ServerMonitor *server : console.hub.servers()) {
                    for (PanelStore *store : server->panels()->stores()) {
                        if (store->syncState() != PanelSyncState::Synced)
                            return false;
                    }
                }
                return true;
            }(),
            30000);
        // Let the modules' traffic run on events alone for a while, then stop it and let the
        // last events arrive.
        QTest::qWait(8000);
        for (int i = 0; i < fleet->switchCount(); ++i)
            fleet->switchAt(i)->stopModuleTraffic();
        QTest::qWait(1500);

        int rowsSeen = 0;
        for (int i = 0; i < fleet->switchCount(); ++i) {
            ServerMonitor *server = console.server(fleet->hostname(i));
            QVERIFY(server);
            const auto direct = readDirectly(fleet->switchAt(i));
            for (const QString &kind : SupervisorPanels::kinds()) {
                const PanelStore *straight = direct->store(kind);
                const PanelStore *viaBroker = server->panels()->store(kind);
                QCOMPARE(straight->syncState(), PanelSyncState::Synced);
                // Followed by events since its sync, the broker's store has what a fresh
                // listing says.
                QTRY_COMPARE_WITH_TIMEOUT(rowsOf(*viaBroker), rowsOf(*straight), 5000);
                rowsSeen += straight->rowCount();
            }
        }
        QVERIFY2(rowsSeen > 0, "the modules' traffic made nothing to show");
        QCOMPARE(console.connection->malformedMessages(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBrokerPanels)
#include "tst_brokerpanels.moc"
