// A console watching a fleet of simulated switches through a real RabbitMQ (issue #18): every
// channel of twenty switches shown, each in its own ServerMonitor; a command reaches only its
// switch and its reply only its request; a switch nobody serves times out without harm; bgapi's
// result comes back as a BACKGROUND_JOB; execute is refused at once; two consoles see the same.
#include "brokerconsole.h"

using namespace TestSupport;
using namespace Monitor;

class TestBrokerFleet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEveryChannelOfTwentySwitches()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 20);
        Console console(*broker);
        QSignalSpy discovered(console.connection.get(), &BrokerConnection::switchDiscovered);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 60000);
        QCOMPARE(console.hub.servers().size(), 20);
        QCOMPARE(discovered.size(), 20);
        QCOMPARE(console.connection->hostnames().size(), 20);
        for (int i = 0; i < fleet->switchCount(); ++i) {
            ServerMonitor *server = console.server(fleet->hostname(i));
            QCOMPARE(server->name(), fleet->hostname(i));
            QCOMPARE(server->profile().colour, BrokerFleet::colourFor(fleet->hostname(i)));
            QCOMPARE(server->link()->coreUuid(), fleet->switchAt(i)->coreUuid());
            QCOMPARE(server->link()->kind(), QStringLiteral("RabbitMQ (mod_amqp)"));
            QVERIFY(server->link()->describe().startsWith(fleet->hostname(i) + QStringLiteral(" via amqp://")));
            QVERIFY(liveChannels(server).size() >= 3);
        }
        QCOMPARE(console.connection->malformedMessages(), 0);
        QCOMPARE(console.connection->droppedByBroker(), 0);
    }

    void aCommandReachesOnlyItsSwitch()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 4);
        Console console(*broker);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        QList<int> ranOn;
        connect(fleet.get(), &Sim::AmqpFleet::commandHandled, this,
                [&ranOn](int index, const QByteArray &command) {
                    if (command.startsWith("global_getvar hostname"))
                        ranOn.append(index);
                });
        ServerMonitor *third = console.server(fleet->hostname(2));
        auto reply = console.hub.api(third->id(), QStringLiteral("global_getvar hostname"));
        QTRY_VERIFY_WITH_TIMEOUT(reply.isFinished(), 15000);
        QVERIFY2(reply.result().ok(), qPrintable(reply.result().errorText()));
        QCOMPARE(ranOn, QList<int>{2});
        QCOMPARE(reply.result().contentType(), QByteArrayView("api/response"));

        // Replies to many requests at once each go to their own request.
        QList<QFuture<Esl::Reply>> replies;
        for (int i = 0; i < fleet->switchCount(); ++i)
            replies.append(console.connection->api(fleet->hostname(i),
                                                   QStringLiteral("show channels count")));
        for (int i = 0; i < replies.size(); ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(replies[i].isFinished(), 15000);
            QVERIFY2(replies[i].result().ok(), qPrintable(replies[i].result().errorText()));
            QVERIFY2(replies[i].result().text().contains(
                         QStringLiteral("%1 total").arg(fleet->switchAt(i)->channelCount())),
                     qPrintable(replies[i].result().text()));
        }

        // bgapi: acknowledged, then the BACKGROUND_JOB with the output.
        bool accepted = false;
        auto job = third->link()->bgapi(QStringLiteral("status"), 15000,
                                        [&accepted] { accepted = true; });
        QTRY_VERIFY_WITH_TIMEOUT(job.isFinished(), 15000);
        QVERIFY2(job.result().ok(), qPrintable(job.result().errorText()));
        QVERIFY(accepted);
        QVERIFY(job.result().ack().text().startsWith(QStringLiteral("+OK Job-UUID: ") + job.result().jobUuid()));
        QVERIFY(job.result().text().contains(u"UP "));

        // No sendmsg over mod_amqp: refused at once, nothing sent.
        auto executed = third->link()->execute(QStringLiteral("playback"), QStringLiteral("x"));
        QVERIFY(executed.isFinished());
        QCOMPARE(executed.result().error()->code, Esl::Error::Code::InvalidArgument);
        QVERIFY(executed.result().errorText().contains(u"RabbitMQ (mod_amqp)"));

        // What mod_amqp would cut or split is refused before sending.
        auto tooLong = third->link()->api(QString(20000, u'x'));
        QVERIFY(tooLong.isFinished());
        QCOMPARE(tooLong.result().error()->code, Esl::Error::Code::InvalidArgument);
        auto twoLines = third->link()->api(QStringLiteral("status\nfsctl shutdown"));
        QVERIFY(twoLines.isFinished());
        QCOMPARE(twoLines.result().error()->code, Esl::Error::Code::InvalidArgument);
    }

    void aSwitchNobodyServesTimesOutAndNothingElseBreaks()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2);
        BrokerOptions options;
        options.expectedHostnames = {QStringLiteral("nobody-here")};
        options.commandTimeoutMs = 1500;
        Console console(*broker, options);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        // Expected: a server at once, live as soon as the broker is, out of step (its sync
        // timed out).
        ServerMonitor *ghost = console.server(QStringLiteral("nobody-here"));
        QVERIFY(ghost);
        QVERIFY(ghost->link()->isLive());
        auto reply = console.connection->api(QStringLiteral("nobody-here"),
                                             QStringLiteral("status"));
        QTRY_VERIFY_WITH_TIMEOUT(reply.isFinished(), 10000);
        QVERIFY(reply.result().error());
        QCOMPARE(reply.result().error()->code, Esl::Error::Code::Timeout);
        QVERIFY(ghost->isOutOfStep());

        auto other = console.connection->api(fleet->hostname(0), QStringLiteral("status"));
        QTRY_VERIFY_WITH_TIMEOUT(other.isFinished(), 10000);
        QVERIFY2(other.result().ok(), qPrintable(other.result().errorText()));
        QVERIFY(showsEveryChannel(console, *fleet));
        QCOMPARE(console.connection->lateReplies(), 0);
    }

    void aSilentSwitchIsLostAndComesBack()
    {
        QSKIP_UNLESS_BROKER(broker);
        BrokerOptions options;
        options.expectedHostnames = {QStringLiteral("quiet")};
        options.silenceMs = 600;
        Console console(*broker, options);
        ServerMonitor *quiet = console.server(QStringLiteral("quiet"));
        QVERIFY(quiet);
        QTRY_COMPARE_WITH_TIMEOUT(quiet->link()->state(), LinkState::Reconnecting, 15000);
        QCOMPARE(quiet->link()->lastError().message, QStringLiteral("no message from quiet for 0.6 s"));
    }

    void aHiddenSwitchStaysHiddenUntilShown()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 2);
        Console console(*broker);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
        const QString hidden = fleet->hostname(0);
        QSignalSpy removed(&console.hub, &Hub::serverRemoved);
        console.fleet->hide(hidden);
        QCOMPARE(removed.size(), 1);
        QVERIFY(!console.server(hidden));
        QVERIFY(console.connection->isHidden(hidden));
        QTest::qWait(1500); // three HEARTBEATs of the hidden switch come and go unseen
        QVERIFY(!console.server(hidden));
        QCOMPARE(console.hub.servers().size(), 1);
        QVERIFY(console.server(fleet->hostname(1)));

        console.fleet->show(hidden);
        QTRY_VERIFY_WITH_TIMEOUT(console.server(hidden), 10000);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(console, *fleet),
                                  qPrintable(whatIsMissing(console, *fleet)), 30000);
    }

    void twoConsolesSeeTheSameCalls()
    {
        QSKIP_UNLESS_BROKER(broker);
        const auto fleet = startFleet(*broker, 3);
        Console first(*broker);
        Console second(*broker);
        QTRY_VERIFY2_WITH_TIMEOUT(showsEveryChannel(first, *fleet) &&
                                      showsEveryChannel(second, *fleet),
                                  qPrintable(whatIsMissing(first, *fleet) + u'\n' +
                                             whatIsMissing(second, *fleet)),
                                  30000);
        // A call placed now reaches both consoles through events alone.
        Sim::Switch::CallSpec call;
        const QString uuid = fleet->switchAt(1)->placeCall(call);
        QTRY_VERIFY_WITH_TIMEOUT(liveChannels(first.server(fleet->hostname(1))).contains(uuid),
                                 15000);
        QTRY_VERIFY_WITH_TIMEOUT(liveChannels(second.server(fleet->hostname(1))).contains(uuid),
                                 15000);
        QTRY_VERIFY_WITH_TIMEOUT(showsEveryChannel(first, *fleet) &&
                                     showsEveryChannel(second, *fleet),
                                 15000);
        for (int i = 0; i < fleet->switchCount(); ++i)
            QCOMPARE(liveChannels(first.server(fleet->hostname(i))),
                     liveChannels(second.server(fleet->hostname(i))));
        QVERIFY(first.connection->consoleId() != second.connection->consoleId());
    }
};

QTEST_GUILESS_MAIN(TestBrokerFleet)
#include "tst_brokerfleet.moc"
