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

// What a row is as a listing says it: without what moves with the clock (times, ages, waits),
// and without what only events tell (a member's channel name, attempts and calls counted as
// they happened, whether a slot was first seen in a listing).
QJsonValue timeless(const QJsonValue &value, const QString &kind)
{
    static const QRegularExpression clocky(QStringLiteral(
        "(time|Time|Ms|Seconds|Since|since|At|Age|age|expires|Expires|Wait|wait|duration|Duration)"));
    static const QStringList eventsOnly{QStringLiteral("channel"),
                                        QStringLiteral("failedAttempts"),
                                        QStringLiteral("answeredLastHour"),
                                        QStringLiteral("abandonedLastHour"),
                                        QStringLiteral("sinceListing")};
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            // json_list names no conference profile or domain, nor how a member came in (its
            // direction, whom an invitation dialled); its events do. A gateway's last REGISTER
            // answer comes with its gateway_state events only.
            static const QStringList conferenceEventsOnly{
                QStringLiteral("profile"), QStringLiteral("domain"), QStringLiteral("direction"),
                QStringLiteral("calleeIdNumber")};
            const bool kindOnly =
                (kind == u"conferences" && conferenceEventsOnly.contains(it.key())) ||
                (kind == u"gateways" && (it.key() == u"phrase" || it.key() == u"status"));
            if (!clocky.match(it.key()).hasMatch() && !eventsOnly.contains(it.key()) && !kindOnly)
                out.insert(it.key(), timeless(it.value(), kind));
        }
        return out;
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(timeless(v, kind));
        return out;
    }
    return value;
}

QStringList rowsOf(const PanelStore &store)
{
    QStringList out;
    for (const QJsonObject &row : store.rows(0))
        out.append(QString::fromUtf8(
            QJsonDocument(timeless(row, store.kind()).toObject())
                .toJson(QJsonDocument::Compact)));
    out.sort();
    return out;
}

// Where two row lists part, for a failure message.
QString firstDifference(const QStringList &a, const QStringList &b)
{
    for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i] == b[i])
            continue;
        qsizetype at = 0;
        while (at < std::min(a[i].size(), b[i].size()) && a[i][at] == b[i][at])
            ++at;
        const qsizetype from = std::max<qsizetype>(0, at - 80);
        return QStringLiteral("row %1 at %2:\n broker: …%3\n switch: …%4")
            .arg(i)
            .arg(at)
            .arg(a[i].mid(from, 200), b[i].mid(from, 200));
    }
    return QStringLiteral("%1 rows through the broker, %2 listed").arg(a.size()).arg(b.size());
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
            Sim::Switch *sw = fleet->switchAt(i);
            for (const QString &kind : SupervisorPanels::kinds()) {
                const PanelStore *viaBroker = server->panels()->store(kind);
                // Followed by events since its sync, the broker's store has what a fresh
                // listing says (members still talk now and then: listed again each try).
                const auto listed = [sw, &kind] {
                    const auto direct = readDirectly(sw);
                    return direct->store(kind)->syncState() == PanelSyncState::Synced
                               ? rowsOf(*direct->store(kind))
                               : QStringList{QStringLiteral("not synced")};
                };
                QTRY_VERIFY2_WITH_TIMEOUT(
                    rowsOf(*viaBroker) == listed(),
                    qPrintable(kind + u' ' + firstDifference(rowsOf(*viaBroker), listed())),
                    5000);
                rowsSeen += viaBroker->rowCount();
            }
        }
        QVERIFY2(rowsSeen > 0, "the modules' traffic made nothing to show");
        QCOMPARE(console.connection->malformedMessages(), 0);
    }
};

QTEST_GUILESS_MAIN(TestBrokerPanels)
#include "tst_brokerpanels.moc"
