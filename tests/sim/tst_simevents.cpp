// Which events and log lines a connection of the simulated switch gets, and how they look:
// subscriptions, filters, myevents, the three formats, log/data framing, and the order of a
// reply and the events its command fired. Events are fired by hand through Switch::fire; to know
// that an event did *not* arrive, the test sends a command afterwards: everything fired before
// it is written before its reply.

#include "simclient.h"
#include "support/fixtures.h"

#include "sim/eventsocketserver.h"

#include <QTest>

using namespace SimTest;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

// An authenticated raw client with `setup` sent (each command's reply checked to be +OK).
struct Connection
{
    RawClient client;

    bool open(const Sim::EventSocketServer &server, const QList<QByteArray> &setup)
    {
        if (!client.connectTo(server.serverPort()) || !client.next())
            return false;
        client.send("auth ClueCon\n\n");
        if (!client.nextReply())
            return false;
        for (const QByteArray &command : setup) {
            client.send(command + "\n\n");
            const std::optional<Esl::Message> reply = client.nextReply();
            if (!reply || !reply->header("Reply-Text").startsWith("+OK")) {
                qWarning() << command << "got" << (reply ? reply->header("Reply-Text") : "nothing");
                return false;
            }
        }
        return true;
    }

    // The names of the events that arrived before the reply to a marker command.
    QList<QByteArray> eventsSoFar()
    {
        client.send("api nosuchcommand\n\n");
        QList<QByteArray> names;
        for (const Esl::Message &message : client.untilReply()) {
            if (!message.isEvent())
                continue;
            const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
            names.append(event->name().toUtf8());
        }
        return names;
    }
};

} // namespace

class TstSimEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void subscriptionsSelectEvents_data();
    void subscriptionsSelectEvents();
    void filtersSelectEvents_data();
    void filtersSelectEvents();
    void oneEventReachesThreeFormatsAsTheSameEvent();
    void myeventsOfAnUnknownChannelPassesEveryChannelEvent();
    void logLinesAreFramedAsTheSwitchFramesThem();
    void logLevelSelectsLinesAndNologStopsThem();
    void theReplyComesBeforeTheEventsItsCommandFired();

private:
    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

void TstSimEvents::init()
{
    m_switch = std::make_unique<Sim::Switch>(Sim::SwitchConfig{.initialCalls = 0});
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TstSimEvents::cleanup()
{
    m_server.reset();
    m_switch.reset();
}

void TstSimEvents::subscriptionsSelectEvents_data()
{
    QTest::addColumn<QList<QByteArray>>("setup");
    QTest::addColumn<QList<QByteArray>>("expected");
    // Fired each time: CHANNEL_CREATE, HEARTBEAT, CUSTOM conference::maintenance,
    // CUSTOM sofia::register.
    const QList<QByteArray> all = {"CHANNEL_CREATE", "HEARTBEAT", "CUSTOM conference::maintenance",
                                   "CUSTOM sofia::register"};
    QTest::newRow("nothing subscribed") << QList<QByteArray>{} << QList<QByteArray>{};
    QTest::newRow("ALL") << QList<QByteArray>{"event plain ALL"} << all;
    QTest::newRow("names, case-insensitive")
        << QList<QByteArray>{"event plain channel_create SWITCH_EVENT_HEARTBEAT"}
        << QList<QByteArray>{"CHANNEL_CREATE", "HEARTBEAT"};
    QTest::newRow("a bare CUSTOM matches nothing")
        << QList<QByteArray>{"event plain CUSTOM"} << QList<QByteArray>{};
    QTest::newRow("CUSTOM with a subclass")
        << QList<QByteArray>{"event plain CUSTOM conference::maintenance"}
        << QList<QByteArray>{"CUSTOM conference::maintenance"};
    QTest::newRow("events add up")
        << QList<QByteArray>{"event plain HEARTBEAT", "event plain CUSTOM sofia::register"}
        << QList<QByteArray>{"HEARTBEAT", "CUSTOM sofia::register"};
    QTest::newRow("nixevent takes one out of ALL")
        << QList<QByteArray>{"event plain ALL", "nixevent HEARTBEAT"}
        << QList<QByteArray>{"CHANNEL_CREATE", "CUSTOM conference::maintenance",
                             "CUSTOM sofia::register"};
    QTest::newRow("nixevent CUSTOM takes a subclass out")
        << QList<QByteArray>{"event plain ALL", "nixevent HEARTBEAT",
                             "nixevent CUSTOM sofia::register"}
        << QList<QByteArray>{"CHANNEL_CREATE", "CUSTOM conference::maintenance"};
    QTest::newRow("nixevent ALL") << QList<QByteArray>{"event plain ALL", "nixevent ALL"}
                                  << QList<QByteArray>{};
    QTest::newRow("noevents") << QList<QByteArray>{"event plain ALL", "noevents"}
                              << QList<QByteArray>{};
    QTest::newRow("noevents, then events again")
        << QList<QByteArray>{"event plain ALL", "noevents", "event json HEARTBEAT"}
        << QList<QByteArray>{"HEARTBEAT"};
}

void TstSimEvents::subscriptionsSelectEvents()
{
    QFETCH(QList<QByteArray>, setup);
    QFETCH(QList<QByteArray>, expected);
    Connection connection;
    QVERIFY(connection.open(*m_server, setup));
    Sim::Switch &sw = *m_switch;
    sw.fire(makeEvent(sw, "CHANNEL_CREATE", {{"Unique-ID", "u1"}}));
    sw.fire(makeEvent(sw, "HEARTBEAT"));
    sw.fire(makeEvent(sw, "CUSTOM", {{"Event-Subclass", "conference::maintenance"}}));
    sw.fire(makeEvent(sw, "CUSTOM", {{"Event-Subclass", "sofia::register"}}));
    QCOMPARE(connection.eventsSoFar(), expected);
}

void TstSimEvents::filtersSelectEvents_data()
{
    QTest::addColumn<QList<QByteArray>>("filters");
    QTest::addColumn<QList<QByteArray>>("expected");
    // Fired each time: CHANNEL_ANSWER (u1), CHANNEL_HANGUP (u2), HEARTBEAT (no Unique-ID).
    QTest::newRow("no filter") << QList<QByteArray>{}
                               << QList<QByteArray>{"CHANNEL_ANSWER", "CHANNEL_HANGUP",
                                                    "HEARTBEAT"};
    QTest::newRow("one value, any case") << QList<QByteArray>{"filter Event-Name channel_answer"}
                                         << QList<QByteArray>{"CHANNEL_ANSWER"};
    QTest::newRow("filters add up")
        << QList<QByteArray>{"filter Unique-ID u1", "filter Event-Name HEARTBEAT"}
        << QList<QByteArray>{"CHANNEL_ANSWER", "HEARTBEAT"};
    QTest::newRow("a missing header does not match")
        << QList<QByteArray>{"filter Unique-ID u2"} << QList<QByteArray>{"CHANNEL_HANGUP"};
    QTest::newRow("a regular expression") << QList<QByteArray>{"filter Event-Name /^CHANNEL_/"}
                                          << QList<QByteArray>{"CHANNEL_ANSWER", "CHANNEL_HANGUP"};
    QTest::newRow("a regular expression with flags")
        << QList<QByteArray>{"filter Event-Name /^heart/i"} << QList<QByteArray>{"HEARTBEAT"};
    QTest::newRow("a negative filter wins")
        << QList<QByteArray>{"filter Event-Name /.*/", "filter Unique-ID -u1"}
        << QList<QByteArray>{"CHANNEL_HANGUP", "HEARTBEAT"};
    QTest::newRow("a negative filter alone lets nothing through")
        << QList<QByteArray>{"filter Event-Name -HEARTBEAT"} << QList<QByteArray>{};
    QTest::newRow("filter delete with the value")
        << QList<QByteArray>{"filter Unique-ID u1", "filter Unique-ID u2",
                             "filter delete Unique-ID u1"}
        << QList<QByteArray>{"CHANNEL_HANGUP"};
    QTest::newRow("filter delete without a value")
        << QList<QByteArray>{"filter Unique-ID u1", "filter Unique-ID u2",
                             "filter Event-Name HEARTBEAT", "filter delete Unique-ID"}
        << QList<QByteArray>{"HEARTBEAT"};
    QTest::newRow("filter delete all")
        << QList<QByteArray>{"filter Unique-ID u1", "filter delete all"}
        << QList<QByteArray>{"CHANNEL_ANSWER", "CHANNEL_HANGUP", "HEARTBEAT"};
    QTest::newRow("filters stay after noevents")
        << QList<QByteArray>{"filter Unique-ID u2", "noevents", "event plain ALL"}
        << QList<QByteArray>{"CHANNEL_HANGUP"};
}

void TstSimEvents::filtersSelectEvents()
{
    QFETCH(QList<QByteArray>, filters);
    QFETCH(QList<QByteArray>, expected);
    Connection connection;
    QVERIFY(connection.open(*m_server, QList<QByteArray>{"event plain ALL"} + filters));
    Sim::Switch &sw = *m_switch;
    sw.fire(makeEvent(sw, "CHANNEL_ANSWER", {{"Unique-ID", "u1"}}));
    sw.fire(makeEvent(sw, "CHANNEL_HANGUP", {{"Unique-ID", "u2"}}));
    sw.fire(makeEvent(sw, "HEARTBEAT"));
    QCOMPARE(connection.eventsSoFar(), expected);
}

void TstSimEvents::oneEventReachesThreeFormatsAsTheSameEvent()
{
    Connection plain, json, xml;
    QVERIFY(plain.open(*m_server, {"event plain ALL"}));
    QVERIFY(json.open(*m_server, {"event json ALL"}));
    QVERIFY(xml.open(*m_server, {"event xml ALL"}));
    Sim::Switch &sw = *m_switch;
    // A body with a blank line and percent signs, and a multi-valued header.
    const Esl::Event fired = makeEvent(sw, "BACKGROUND_JOB",
                                       {{"Job-UUID", "98e0e7ac-ccfe-41c2-b91c-0ea95b155ffa"},
                                        {"Job-Command", "echo"},
                                        {"Job-Command-Arg", "100% literal %s %d done"},
                                        {"variable_corpus_multi", "ARRAY::one|:two|:three"}},
                                       "100% literal\n\n<b>&amp; %s</b>");
    sw.fire(fired);

    const QList<std::pair<Connection *, QByteArrayView>> connections = {
        {&plain, Esl::ContentType::EventPlain},
        {&json, Esl::ContentType::EventJson},
        {&xml, Esl::ContentType::EventXml}};
    QList<Esl::Event> received;
    for (const auto &[connection, contentType] : connections) {
        const std::optional<Esl::Message> message = connection->client.next();
        QVERIFY(message);
        QCOMPARE(message->contentType(), contentType);
        QCOMPARE(message->headers().name(0), QByteArrayView("Content-Length"));
        const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(*message);
        QVERIFY2(event.ok(), qPrintable(event.ok() ? QString() : event.error().toString()));
        QVERIFY(event->isEquivalent(fired));
        QCOMPARE(event->body(), fired.body());
        QCOMPARE(
            event->values("variable_corpus_multi"),
            (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
        received.append(*event);
    }
    QVERIFY(received[0].isEquivalent(received[1]));
    QVERIFY(received[1].isEquivalent(received[2]));
}

void TstSimEvents::myeventsOfAnUnknownChannelPassesEveryChannelEvent()
{
    // The switch finds no channel, keeps no uuid, and lets through every event that has a
    // Unique-ID, of the types myevents subscribes to.
    Connection connection;
    QVERIFY(connection.open(*m_server, {"myevents 00000000-0000-0000-0000-000000000000"}));
    Sim::Switch &sw = *m_switch;
    sw.fire(makeEvent(sw, "CHANNEL_ANSWER", {{"Unique-ID", "u1"}}));
    sw.fire(makeEvent(sw, "CHANNEL_HOLD", {{"Unique-ID", "u1"}})); // not a myevents type
    sw.fire(makeEvent(sw, "CHANNEL_HANGUP", {{"Unique-ID", "u2"}}));
    sw.fire(makeEvent(sw, "HEARTBEAT"));
    QCOMPARE(connection.eventsSoFar(), (QList<QByteArray>{"CHANNEL_ANSWER", "CHANNEL_HANGUP"}));
    // Still no controlled channel: a bare `myevents` is not even a command.
    connection.client.send("myevents\n\n");
    QCOMPARE(connection.client.nextReply()->header("Reply-Text"),
             QByteArrayView("-ERR command not found"));
    connection.client.send("myevents 00000000-0000-0000-0000-000000000000\n\n");
    const std::optional<Esl::Message> again = connection.client.nextReply();
    QVERIFY(again);
    QCOMPARE(again->header("Reply-Text"), QByteArrayView("-ERR aready enabled."));
}

void TstSimEvents::logLinesAreFramedAsTheSwitchFramesThem()
{
    // inbound-plain message 96, rebuilt from its fields, must come out as the same bytes.
    const QByteArray capture =
        TestSupport::readFixture(QStringLiteral("inbound-plain"), QStringLiteral(".esl"));
    const QList<Esl::Message> captured = TestSupport::parseAll(capture);
    const Esl::Message &line = captured[96];
    QCOMPARE(line.contentType(), Esl::ContentType::LogData);

    Connection connection;
    QVERIFY(connection.open(*m_server, {"log 7"}));
    Sim::LogEntry entry;
    entry.level = 7;
    entry.file = QString::fromUtf8(line.header("Log-File"));
    entry.function = QString::fromUtf8(line.header("Log-Func"));
    entry.line = line.header("Log-Line").toInt();
    entry.uuid = QString::fromUtf8(line.header("User-Data"));
    entry.text = line.body();
    entry.body = line.body(); // framed already: it goes out as it was captured
    m_switch->log(entry);
    const std::optional<Esl::Message> received = connection.client.next();
    QVERIFY(received);
    QVERIFY(received->headers() == line.headers());
    QCOMPARE(received->body(), line.body());
    const QByteArray frame = capture.mid(line.offset(), captured[97].offset() - line.offset());
    QVERIFY(connection.client.received().endsWith(frame));
}

void TstSimEvents::logLevelSelectsLinesAndNologStopsThem()
{
    Connection connection;
    QVERIFY(connection.open(*m_server, {"log 4"}));
    for (int level : {7, 4, 3, 6}) {
        Sim::LogEntry entry;
        entry.level = level;
        entry.file = QStringLiteral("switch_core.c");
        entry.function = QStringLiteral("test");
        entry.text = "level " + QByteArray::number(level) + '\n';
        m_switch->log(entry);
    }
    QList<QByteArray> levels;
    connection.client.send("nolog\n\n");
    for (const Esl::Message &message : connection.client.untilReply()) {
        if (message.contentType() == Esl::ContentType::LogData)
            levels.append(message.header("Log-Level").toByteArray());
        else
            QCOMPARE(message.header("Reply-Text"), QByteArrayView("+OK no longer logging"));
    }
    QCOMPARE(levels, (QList<QByteArray>{"4", "3"}));
    Sim::LogEntry late;
    late.level = 0;
    late.text = "after nolog\n";
    m_switch->log(late);
    const QList<QByteArray> none = connection.eventsSoFar();
    QVERIFY(none.isEmpty());
    QVERIFY(connection.client.received().count("log/data") == 2);
}

void TstSimEvents::theReplyComesBeforeTheEventsItsCommandFired()
{
    // sendevent fires its event while the command is handled; the switch queues it, writes the
    // reply, then the event (as with api and the API event).
    Connection connection;
    QVERIFY(connection.open(*m_server, {"event plain ALL"}));
    connection.client.send("sendevent NOTIFY\nprofile: internal\ncontent-type: text/plain\n\n");
    const std::optional<Esl::Message> reply = connection.client.next();
    QVERIFY(reply);
    QCOMPARE(reply->contentType(), Esl::ContentType::CommandReply);
    QVERIFY(reply->header("Reply-Text").startsWith("+OK "));
    const std::optional<Esl::Message> event = connection.client.next();
    QVERIFY(event && event->isEvent());
    const Esl::Expected<Esl::Event> notify = Esl::Event::fromMessage(*event);
    QCOMPARE(notify->eventName(), QByteArrayView("NOTIFY"));
    QCOMPARE(notify->header("profile"), QByteArrayView("internal"));
    QCOMPARE(notify->header("Event-UUID"), reply->header("Reply-Text").sliced(4));
}

QTEST_GUILESS_MAIN(TstSimEvents)
#include "tst_simevents.moc"
