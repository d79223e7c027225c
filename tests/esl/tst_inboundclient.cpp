// Esl::InboundClient against a scripted switch on 127.0.0.1: authentication, the subscription
// it sends (and sends again after every reconnect), what it does when the switch refuses it,
// is not there, goes silent or restarts, and how its reconnect delays grow.
//
// Timing: the tests use short timeouts and delays so they run quickly, and never assert how long
// anything took. Delays are checked through nextAttemptAt(), bracketed by clock readings taken
// around the moment the client computed it.

#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include "esl/inboundclient.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::ConnectionOptions;
using Esl::Error;
using Esl::InboundClient;
using Esl::Reply;
using Esl::Subscription;

Q_DECLARE_METATYPE(Esl::Subscription)

namespace {

// The switch of the captures, and the same switch after a restart.
const QByteArray kCore = "49844b00-a991-435a-a99d-cdb62521423e"_ba;
const QByteArray kRestartedCore = "5be10e3c-7d42-4c8e-9f41-0a6f52d9c813"_ba;
const QByteArray kChannelA = "a210d645-81c9-4730-9fb8-ef8b4cd23c59"_ba;

// Real messages of inbound-plain.esl.
QByteArray real(int index)
{
    static const QByteArray bytes = readFixture(u"inbound-plain"_s, u".esl"_s);
    static const QList<Esl::Message> messages = parseAll(bytes);
    const qint64 begin = messages.at(index).offset();
    const qint64 end = index + 1 < messages.size() ? messages.at(index + 1).offset() : bytes.size();
    return bytes.mid(begin, end - begin);
}
constexpr int kChannelAnswerA = 23;     // CHANNEL_ANSWER of a210d645-…
constexpr int kChannelAnswerOther = 25; // CHANNEL_ANSWER of 7d79d187-…
constexpr int kBackgroundJob = 370;     // Job-UUID 98e0e7ac-…, body "100% literal %s %d done"
constexpr int kHangupCompleteA = 352;
constexpr int kHeartbeat = 371;
const QByteArray kRealJob = "98e0e7ac-ccfe-41c2-b91c-0ea95b155ffa"_ba;

QByteArray headerOf(const QByteArray &command, const QByteArray &name)
{
    for (const QByteArray &line : command.split('\n')) {
        if (line.startsWith(name + ": "))
            return line.mid(name.size() + 2);
    }
    return {};
}

// "NAME Unique-ID", or just the name for events without a channel.
QString describe(const Esl::Event &event)
{
    return event.uniqueId().isEmpty() ? event.name() : event.name() + u' ' + event.uniqueId();
}

// The events of conference-maintenance.esl (all CUSTOM conference::maintenance), raw and described.
std::pair<QByteArray, QStringList> conferenceEvents()
{
    const QByteArray capture = readFixture(u"conference-maintenance"_s, u".esl"_s);
    const QList<Esl::Message> messages = parseAll(capture);
    QByteArray raw;
    QStringList described;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (!messages.at(i).isEvent())
            continue;
        const qint64 begin = messages.at(i).offset();
        const qint64 end = i + 1 < messages.size() ? messages.at(i + 1).offset() : capture.size();
        raw += capture.mid(begin, end - begin);
        described.append(describe(*Esl::Event::fromMessage(messages.at(i))));
    }
    return {raw, described};
}

QString codeName(const std::optional<Error> &error)
{
    return error ? Error::codeName(error->code) : u"no error"_s;
}

// A port on which nothing listens: listen on port 0, note the port, close.
quint16 refusingPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// A client aimed at a scripted switch, with spies on what it reports.
class Rig
{
public:
    Rig()
    {
        ConnectionOptions options;
        options.host = u"127.0.0.1"_s;
        options.port = peer.port();
        options.reconnectMinMs = 50;
        options.reconnectMaxMs = 400;
        options.livenessMs = 0;
        client.setOptions(options);
    }

    template<typename F> void configure(F change)
    {
        ConnectionOptions options = client.options();
        change(options);
        client.setOptions(options);
    }

    bool waitFor(InboundClient::State state, int timeoutMs = 5000)
    {
        return QTest::qWaitFor([&] { return client.state() == state; }, timeoutMs);
    }

    // S/C: the switch's side of a login on the current connection: auth/request, the auth line,
    // "+OK accepted", the subscription commands (each answered +OK), global_getvar core_uuid.
    bool login(const QByteArrayList &subscription = {"event plain ALL\n\n"},
               const QByteArray &core = kCore, const QByteArray &authLine = "auth ClueCon\n\n")
    {
        peer.send(ScriptedPeer::authRequest());
        if (!peer.expect(authLine))
            return fail(peer.lastFailure());
        peer.send(ScriptedPeer::reply("+OK accepted"));
        for (const QByteArray &command : subscription) {
            if (!peer.expect(command))
                return fail(peer.lastFailure());
            peer.send(ScriptedPeer::reply("+OK"));
        }
        if (!peer.expect("api global_getvar core_uuid\n\n"))
            return fail(peer.lastFailure());
        peer.send(ScriptedPeer::apiResponse(core));
        if (!waitFor(InboundClient::State::Live))
            return fail(
                u"the client is %1, not live"_s.arg(InboundClient::stateName(client.state())));
        return QTest::qWaitFor([&] { return client.coreUuid() == QString::fromLatin1(core); }) ||
               fail(u"the client did not take the Core-UUID"_s);
    }

    bool fail(const QString &why)
    {
        failure = why;
        return false;
    }

    [[nodiscard]] QList<InboundClient::MissedReason> missedReasons() const
    {
        QList<InboundClient::MissedReason> reasons;
        for (const QList<QVariant> &args : missed)
            reasons.append(args.at(0).value<InboundClient::MissedReason>());
        return reasons;
    }

    [[nodiscard]] QStringList errorCodes() const
    {
        QStringList codes;
        for (const QList<QVariant> &args : errors)
            codes.append(codeName(args.at(0).value<Error>()));
        return codes;
    }

    ScriptedPeer peer;
    InboundClient client;
    QSignalSpy states{&client, &InboundClient::stateChanged};
    QSignalSpy errors{&client, &InboundClient::errorOccurred};
    QSignalSpy missed{&client, &InboundClient::eventsMayHaveBeenMissed};
    QSignalSpy events{&client, &InboundClient::eventReceived};
    QSignalSpy connects{&client, &InboundClient::connected};
    QString failure;
};

#define LOGIN(rig, ...) QVERIFY2((rig).login(__VA_ARGS__), qPrintable((rig).failure))
#define CLIENT(rig) QVERIFY2((rig).peer.waitForClient(), qPrintable((rig).peer.lastFailure()))
#define EXPECT(rig, bytes) QVERIFY2((rig).peer.expect(bytes), qPrintable((rig).peer.lastFailure()))

QList<InboundClient::State> statesOf(const QSignalSpy &spy)
{
    QList<InboundClient::State> states;
    for (const QList<QVariant> &args : spy)
        states.append(args.at(0).value<InboundClient::State>());
    return states;
}

} // namespace

class TestInboundClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows.
    void authenticatesWithThePasswordAndGoesLive();
    void authenticatesWithUserauth();
    void sendsTheSubscriptionRightAfterAuthentication_data();
    void sendsTheSubscriptionRightAfterAuthentication();
    void resendsTheSubscriptionAfterAReconnect();
    void appliesANewSubscriptionWhileLiveAndAfterReconnecting();
    void emitsOnlySubscribedEventsButCorrelatesWithAll_data();
    void emitsOnlySubscribedEventsButCorrelatesWithAll();
    void reportsMissedEventsAfterAReconnectAndASwitchRestart_data();
    void reportsMissedEventsAfterAReconnectAndASwitchRestart();
    void probesASilentSwitchAndReconnectsWhenTheProbeGoesUnanswered();
    void disconnectFromServerStopsWithoutReconnecting();
    void connectToServerWhileLiveStartsExactlyOneFreshConnection();
    void reconnectNowSkipsTheBackoffWaitButKeepsItsCount();

    // Rainy days.
    void wrongPasswordFailsWithAnAuthErrorAndNoReconnect();
    void rudeRejectionFailsWithAnAuthErrorAndNoReconnect();
    void refusedConnectionIsATransportErrorAndSchedulesARetry();
    void switchThatNeverAsksForAuthTimesOut();
    void reconnectDelaysGrowAndAreCapped();
    void connectTimeoutDoesNotFireWhileWaitingToReconnect();
    void failsACommandInFlightWhenTheLinkDropsAndDoesNotResendIt();
    void reportsEachStreamErrorOnceAndReconnectsOnlyOnAProtocolError();
    void refusesCommandsAtOnceWhileNotLive();
    void destroyingTheClientFailsWhatIsInFlight();
    void reportsASubscriptionItCannotSend();
};

void TestInboundClient::initTestCase()
{
    // The client narrates every state change and failure; the tests check them through signals.
    QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nesl.inbound.info=false"_s);
}

// ---------------------------------------------------------------------------------------------
// Happy flows

void TestInboundClient::authenticatesWithThePasswordAndGoesLive()
{
    Rig rig;
    QCOMPARE(rig.client.state(), InboundClient::State::Disconnected);
    rig.client.connectToServer();
    CLIENT(rig);
    QVERIFY(rig.peer.staysQuiet(50)); // the switch speaks first
    LOGIN(rig);

    QCOMPARE(statesOf(rig.states),
             (QList<InboundClient::State>{InboundClient::State::Connecting,
                                          InboundClient::State::Authenticating,
                                          InboundClient::State::Live}));
    QCOMPARE(rig.connects.size(), 1);
    QCOMPARE(rig.client.coreUuid(), QString::fromLatin1(kCore));
    QCOMPARE(rig.missed.size(), 0); // the first connection misses nothing
    QCOMPARE(rig.errors.size(), 0);

    QFuture<Reply> status = rig.client.api(u"status"_s);
    EXPECT(rig, "api status\n\n");
    rig.peer.send(ScriptedPeer::apiResponse("UP 0 years, 0 days\n"));
    QTRY_VERIFY(status.isFinished());
    QVERIFY(status.result().ok());
}

void TestInboundClient::authenticatesWithUserauth()
{
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.user = u"1000@default"_s;
        o.password = u"s3cret"_s;
    });
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig, {"event plain ALL\n\n"}, kCore, "userauth 1000@default:s3cret\n\n");
    QVERIFY(rig.client.isLive());
}

void TestInboundClient::sendsTheSubscriptionRightAfterAuthentication_data()
{
    QTest::addColumn<Subscription>("subscription");
    QTest::addColumn<QByteArrayList>("commands");

    const QByteArray correlation =
        " BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE";
    const QByteArrayList correlationFilters{"filter Event-Name BACKGROUND_JOB\n\n",
                                            "filter Event-Name CHANNEL_EXECUTE_COMPLETE\n\n",
                                            "filter Event-Name CHANNEL_HANGUP_COMPLETE\n\n"};
    Subscription s;
    QTest::newRow("ALL") << s << QByteArrayList{"event plain ALL\n\n"};

    s = Subscription{};
    s.format = Esl::Event::Format::Json;
    s.events = {u"CHANNEL_CREATE"_s, u"CHANNEL_ANSWER"_s};
    QTest::newRow("names: the correlation events are added")
        << s << QByteArrayList{"event json CHANNEL_CREATE CHANNEL_ANSWER" + correlation + "\n\n"};

    s = Subscription{};
    s.events = {u"CHANNEL_ANSWER"_s, u"BACKGROUND_JOB"_s};
    QTest::newRow("names: a correlation event the user asked for is not repeated")
        << s
        << QByteArrayList{"event plain CHANNEL_ANSWER BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE "
                          "CHANNEL_HANGUP_COMPLETE\n\n"};

    s = Subscription{};
    s.format = Esl::Event::Format::Xml;
    s.events = {u"CUSTOM conference::maintenance"_s, u"HEARTBEAT"_s, u"CUSTOM sofia::register"_s};
    QTest::newRow("CUSTOM subclasses go last, after the one CUSTOM")
        << s
        << QByteArrayList{"event xml HEARTBEAT" + correlation +
                          " CUSTOM conference::maintenance sofia::register\n\n"};

    s = Subscription{};
    s.events = {u"CUSTOM"_s, u"CHANNEL_ANSWER"_s};
    QTest::newRow("a bare CUSTOM is not sent: it would turn the names after it into subclasses")
        << s << QByteArrayList{"event plain CHANNEL_ANSWER" + correlation + "\n\n"};

    s = Subscription{};
    s.events = {};
    QTest::newRow("no events: only what the client needs")
        << s << QByteArrayList{"event plain" + correlation + "\n\n"};

    s = Subscription{};
    s.filters = {{u"Unique-ID"_s, QString::fromLatin1(kChannelA)},
                 {u"Event-Name"_s, u"/^CHANNEL_(ANSWER|HANGUP)$/"_s}};
    s.logLevel = 6;
    QTest::newRow("filters, then the correlation filters, then the log level")
        << s
        << QByteArrayList{"event plain ALL\n\n", "filter Unique-ID " + kChannelA + "\n\n",
                          "filter Event-Name /^CHANNEL_(ANSWER|HANGUP)$/\n\n"} +
               correlationFilters + QByteArrayList{"log 6\n\n"};
}

void TestInboundClient::sendsTheSubscriptionRightAfterAuthentication()
{
    QFETCH(Subscription, subscription);
    QFETCH(QByteArrayList, commands);
    Rig rig;
    rig.client.setSubscription(subscription);
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig, commands);
    QVERIFY(rig.peer.staysQuiet(50));
    QCOMPARE(rig.errors.size(), 0);
}

void TestInboundClient::resendsTheSubscriptionAfterAReconnect()
{
    Subscription subscription;
    subscription.events = {u"CHANNEL_ANSWER"_s, u"CUSTOM conference::maintenance"_s};
    subscription.filters = {{u"Unique-ID"_s, QString::fromLatin1(kChannelA)}};
    subscription.logLevel = 7;
    const QByteArrayList commands{"event plain CHANNEL_ANSWER BACKGROUND_JOB "
                                  "CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE "
                                  "CUSTOM conference::maintenance\n\n",
                                  "filter Unique-ID " + kChannelA + "\n\n",
                                  "filter Event-Name BACKGROUND_JOB\n\n",
                                  "filter Event-Name CHANNEL_EXECUTE_COMPLETE\n\n",
                                  "filter Event-Name CHANNEL_HANGUP_COMPLETE\n\n",
                                  "log 7\n\n"};

    Rig rig;
    rig.client.setSubscription(subscription);
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig, commands);

    // S: the switch drops the connection; the client comes back on its own
    rig.peer.closeClient();
    QVERIFY(rig.waitFor(InboundClient::State::Reconnecting));
    QCOMPARE(codeName(rig.client.lastError()), u"Disconnected"_s);
    CLIENT(rig);
    QCOMPARE(rig.peer.connectionsAccepted(), 2);
    // The second connection's transcript: the same login and the same subscription.
    LOGIN(rig, commands);
    QVERIFY(rig.peer.staysQuiet(50));
    QCOMPARE(rig.connects.size(), 2);
    // The backoff starts again only once the new link has lasted (tst_hostile).
    QCOMPARE(rig.client.reconnectAttempts(), 1);
    QCOMPARE(rig.missedReasons(),
             QList<InboundClient::MissedReason>{InboundClient::MissedReason::Reconnected});
}

void TestInboundClient::appliesANewSubscriptionWhileLiveAndAfterReconnecting()
{
    Rig rig;
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);

    Subscription narrower;
    narrower.events = {u"CHANNEL_ANSWER"_s};
    narrower.logLevel = 5;
    const QByteArrayList commands{"event plain CHANNEL_ANSWER BACKGROUND_JOB "
                                  "CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP_COMPLETE\n\n",
                                  "log 5\n\n"};
    rig.client.setSubscription(narrower);
    // C: a clean slate on the switch, then the new subscription
    EXPECT(rig, "noevents\n\nfilter delete all\n\nnolog\n\n" + commands.join());
    QCOMPARE(rig.client.subscription(), narrower);

    rig.peer.closeClient();
    CLIENT(rig);
    LOGIN(rig, commands); // the new one, on the new connection
}

void TestInboundClient::emitsOnlySubscribedEventsButCorrelatesWithAll_data()
{
    QTest::addColumn<Subscription>("subscription");
    QTest::addColumn<QByteArrayList>("commands");
    QTest::addColumn<QStringList>("emitted"); // "NAME Unique-ID"

    Subscription names;
    names.events = {u"CHANNEL_ANSWER"_s};
    QTest::newRow("event names")
        << names
        << QByteArrayList{"event plain CHANNEL_ANSWER BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE "
                          "CHANNEL_HANGUP_COMPLETE\n\n"}
        << QStringList{u"CHANNEL_ANSWER a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s,
                       u"CHANNEL_ANSWER 7d79d187-6442-429f-9308-7f5d392fce97"_s};

    Subscription filtered;
    filtered.filters = {{u"Unique-ID"_s, QString::fromLatin1(kChannelA)}};
    QTest::newRow("a filter")
        << filtered
        << QByteArrayList{"event plain ALL\n\n", "filter Unique-ID " + kChannelA + "\n\n",
                          "filter Event-Name BACKGROUND_JOB\n\n",
                          "filter Event-Name CHANNEL_EXECUTE_COMPLETE\n\n",
                          "filter Event-Name CHANNEL_HANGUP_COMPLETE\n\n"}
        << QStringList{u"CHANNEL_ANSWER a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s,
                       u"CHANNEL_HANGUP_COMPLETE a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s};

    Subscription custom;
    custom.events = {u"CUSTOM conference::maintenance"_s};
    QTest::newRow("a CUSTOM subclass")
        << custom
        << QByteArrayList{"event plain BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE "
                          "CHANNEL_HANGUP_COMPLETE CUSTOM conference::maintenance\n\n"}
        << conferenceEvents().second;

    Subscription loose;
    loose.events = {u"  CUSTOM   conference::maintenance "_s};
    QTest::newRow("a CUSTOM subclass, loosely spaced")
        << loose
        << QByteArrayList{"event plain BACKGROUND_JOB CHANNEL_EXECUTE_COMPLETE "
                          "CHANNEL_HANGUP_COMPLETE CUSTOM conference::maintenance\n\n"}
        << conferenceEvents().second;
}

void TestInboundClient::emitsOnlySubscribedEventsButCorrelatesWithAll()
{
    QFETCH(Subscription, subscription);
    QFETCH(QByteArrayList, commands);
    QFETCH(QStringList, emitted);
    Rig rig;
    rig.client.setSubscription(subscription);
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig, commands);

    QFuture<Esl::JobResult> job = rig.client.bgapi(u"echo 100% literal %s %d done"_s);
    const QByteArray id = headerOf(rig.peer.nextCommand(), "Job-UUID");
    QCOMPARE(id.size(), kRealJob.size());
    // S: what a switch might send anyway: the job's ack and result, answers on two channels, a
    // hangup, a heartbeat and the conference's CUSTOM events (all real bytes)
    QByteArray stream = ScriptedPeer::reply("+OK Job-UUID: " + id, "Job-UUID: " + id + '\n');
    stream += real(kChannelAnswerA) + real(kChannelAnswerOther) +
              real(kBackgroundJob).replace(kRealJob, id) + real(kHangupCompleteA) +
              real(kHeartbeat);
    stream += conferenceEvents().first;
    rig.peer.send(stream);

    QTRY_VERIFY(job.isFinished());
    QVERIFY(job.result().ok()); // resolved by a BACKGROUND_JOB the user did not ask for
    QCOMPARE(job.result().body(), "100% literal %s %d done");
    QTRY_COMPARE(rig.events.size(), emitted.size());
    QVERIFY(rig.peer.staysQuiet(50));
    QStringList got;
    for (const QList<QVariant> &args : std::as_const(rig.events))
        got.append(describe(args.at(0).value<Esl::Event>()));
    QCOMPARE(got, emitted);
}

void TestInboundClient::reportsMissedEventsAfterAReconnectAndASwitchRestart_data()
{
    QTest::addColumn<QByteArray>("eventFirst"); // sent on the second connection before getvar
    QTest::addColumn<QByteArray>("secondCore");
    QTest::addColumn<bool>("restarted");

    QTest::newRow("the same switch") << QByteArray() << kCore << false;
    QTest::newRow("global_getvar core_uuid differs") << QByteArray() << kRestartedCore << true;
    QTest::newRow("an event carries a new Core-UUID")
        << real(kHeartbeat).replace(kCore, kRestartedCore) << kRestartedCore << true;
}

void TestInboundClient::reportsMissedEventsAfterAReconnectAndASwitchRestart()
{
    QFETCH(QByteArray, eventFirst);
    QFETCH(QByteArray, secondCore);
    QFETCH(bool, restarted);
    Rig rig;
    QSignalSpy cores(&rig.client, &InboundClient::coreUuidChanged);
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);
    QCOMPARE(cores.size(), 1);
    rig.peer.send(real(kHeartbeat)); // the same Core-UUID: nothing missed
    QTRY_COMPARE(rig.events.size(), 1);
    QCOMPARE(rig.missed.size(), 0);

    rig.peer.abortClient();
    CLIENT(rig);
    rig.peer.send(ScriptedPeer::authRequest());
    EXPECT(rig, "auth ClueCon\n\n");
    rig.peer.send(ScriptedPeer::reply("+OK accepted"));
    EXPECT(rig, "event plain ALL\n\napi global_getvar core_uuid\n\n");
    QVERIFY(rig.waitFor(InboundClient::State::Live));
    if (!eventFirst.isEmpty()) {
        rig.peer.send(eventFirst);
        QTRY_COMPARE(rig.events.size(), 2);
    }
    rig.peer.send(ScriptedPeer::reply("+OK") + ScriptedPeer::apiResponse(secondCore));
    QTRY_COMPARE(rig.client.coreUuid(), QString::fromLatin1(secondCore));
    QVERIFY(rig.peer.staysQuiet(50));

    QList<InboundClient::MissedReason> expected{InboundClient::MissedReason::Reconnected};
    if (restarted)
        expected.append(InboundClient::MissedReason::SwitchRestarted);
    QCOMPARE(rig.missedReasons(), expected);
    QCOMPARE(cores.size(), restarted ? 2 : 1);
}

void TestInboundClient::probesASilentSwitchAndReconnectsWhenTheProbeGoesUnanswered()
{
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.livenessMs = 200;
        o.probeTimeoutMs = 300;
    });
    rig.client.connectToServer();
    CLIENT(rig);
    rig.peer.send(ScriptedPeer::authRequest());

    // S: answer everything until the first probe (it may come at any point once live)
    QByteArray command;
    for (int i = 0; i < 5 && command != "api status\n\n"; ++i) {
        command = rig.peer.nextCommand();
        QVERIFY2(!command.isEmpty(), qPrintable(rig.peer.lastFailure()));
        if (command == "api global_getvar core_uuid\n\n")
            rig.peer.send(ScriptedPeer::apiResponse(kCore));
        else if (command != "api status\n\n")
            rig.peer.send(ScriptedPeer::reply("+OK"));
    }
    QCOMPARE(command, "api status\n\n");
    QCOMPARE(rig.client.state(), InboundClient::State::Live);
    rig.peer.send(ScriptedPeer::apiResponse("UP 0 years, 0 days\n"));

    // Answered: the link stays; silence again brings the next probe, which goes unanswered.
    QCOMPARE(rig.peer.nextCommand(), "api status\n\n");
    QCOMPARE(rig.client.state(), InboundClient::State::Live);
    QVERIFY(rig.peer.waitForClientGone()); // the client gave up on this connection
    QCOMPARE(codeName(rig.client.lastError()), u"Timeout"_s);
    QVERIFY2(rig.client.lastError().message.contains(u"probe"_s),
             qPrintable(rig.client.lastError().message));
    QVERIFY(statesOf(rig.states).contains(InboundClient::State::Reconnecting));
    CLIENT(rig); // and came back
    QCOMPARE(rig.peer.connectionsAccepted(), 2);
    QCOMPARE(rig.connects.size(), 1);
}

void TestInboundClient::disconnectFromServerStopsWithoutReconnecting()
{
    Rig rig;
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);
    QFuture<Reply> inFlight = rig.client.api(u"show channels as json"_s);
    EXPECT(rig, "api show channels as json\n\n");

    rig.client.disconnectFromServer();
    QCOMPARE(rig.client.state(), InboundClient::State::Disconnected);
    QVERIFY(inFlight.isFinished());
    QCOMPARE(codeName(inFlight.result().error()), u"Disconnected"_s);
    QVERIFY(rig.peer.waitForClientGone());

    // no reconnect: well past the 50 ms minimum delay, nobody has come back
    QTest::qWait(300);
    QCOMPARE(rig.peer.connectionsAccepted(), 1);
    QCOMPARE(rig.client.state(), InboundClient::State::Disconnected);
    QCOMPARE(rig.client.reconnectAttempts(), 0);
    QVERIFY(!statesOf(rig.states).contains(InboundClient::State::Reconnecting));
}

void TestInboundClient::connectToServerWhileLiveStartsExactlyOneFreshConnection()
{
    Rig rig;
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);

    rig.client.connectToServer(); // e.g. after the operator changed the options
    QVERIFY(rig.peer.waitForClientGone());
    CLIENT(rig);
    LOGIN(rig);
    QTest::qWait(300); // well past the 50 ms reconnect delay: no stray attempt
    QCOMPARE(rig.peer.connectionsAccepted(), 2);
    QCOMPARE(rig.client.state(), InboundClient::State::Live);
    QVERIFY(!statesOf(rig.states).contains(InboundClient::State::Reconnecting));
}

void TestInboundClient::reconnectNowSkipsTheBackoffWaitButKeepsItsCount()
{
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.reconnectMinMs = 20000; // the backoff would wait for the whole test
        o.reconnectMaxMs = 40000;
    });
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);

    // Live: nothing to retry; no second connection.
    rig.client.reconnectNow();
    QCOMPARE(rig.client.state(), InboundClient::State::Live);
    QVERIFY(rig.peer.staysQuiet(50));
    QCOMPARE(rig.peer.connectionsAccepted(), 1);

    // S: the switch drops the connection; the client would wait 15 s or more.
    rig.peer.closeClient();
    QVERIFY(rig.waitFor(InboundClient::State::Reconnecting));
    QCOMPARE(rig.client.reconnectAttempts(), 1);
    QVERIFY(rig.client.nextAttemptAt() - QDateTime::currentMSecsSinceEpoch() > 10000);

    // The operator knows better: the next attempt starts now, and logs in as always.
    rig.client.reconnectNow();
    QCOMPARE(rig.client.state(), InboundClient::State::Connecting);
    CLIENT(rig);
    QCOMPARE(rig.peer.connectionsAccepted(), 2);
    LOGIN(rig);
    QCOMPARE(rig.connects.size(), 2);
    // The backoff was not reset: a switch that drops it again is waited for longer, not less.
    QCOMPARE(rig.client.reconnectAttempts(), 1);
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestInboundClient::wrongPasswordFailsWithAnAuthErrorAndNoReconnect()
{
    // The real exchange of auth-fail.esl: -ERR invalid, a disconnect notice, then close.
    const QByteArray capture = readFixture(u"auth-fail"_s, u".esl"_s);
    const QList<Esl::Message> messages = parseAll(capture);
    QCOMPARE(messages.size(), 3);

    Rig rig;
    rig.configure([](ConnectionOptions &o) { o.password = u"wrongpassword"_s; });
    rig.client.connectToServer();
    CLIENT(rig);
    rig.peer.send(capture.first(messages.at(1).offset()));
    EXPECT(rig, "auth wrongpassword\n\n");
    rig.peer.send(capture.sliced(messages.at(1).offset()));
    rig.peer.closeClient();

    QVERIFY(rig.waitFor(InboundClient::State::Failed));
    QCOMPARE(codeName(rig.client.lastError()), u"Auth"_s);
    QVERIFY2(rig.client.lastError().message.contains(u"wrong password"_s),
             qPrintable(rig.client.lastError().message));
    QVERIFY(rig.client.lastError().message.contains(u"-ERR invalid"_s));
    QTest::qWait(300); // well past the 50 ms reconnect delay
    QCOMPARE(rig.peer.connectionsAccepted(), 1);
    QCOMPARE(rig.client.state(), InboundClient::State::Failed);
    QCOMPARE(rig.client.reconnectAttempts(), 0);
    QCOMPARE(rig.errorCodes(), QStringList{u"Auth"_s});
    QCOMPARE(rig.connects.size(), 0);
}

void TestInboundClient::rudeRejectionFailsWithAnAuthErrorAndNoReconnect()
{
    Rig rig;
    rig.client.connectToServer();
    CLIENT(rig);
    rig.peer.send(
        "Content-Type: text/rude-rejection\nContent-Length: 24\n\nAccess Denied, go away.\n"_ba);
    rig.peer.closeClient();

    QVERIFY(rig.waitFor(InboundClient::State::Failed));
    QCOMPARE(codeName(rig.client.lastError()), u"Auth"_s);
    QVERIFY2(rig.client.lastError().message.contains(u"Access Denied, go away."_s),
             qPrintable(rig.client.lastError().message));
    QVERIFY(rig.peer.unread().isEmpty()); // no auth line was sent
    QTest::qWait(300);
    QCOMPARE(rig.peer.connectionsAccepted(), 1);
    QCOMPARE(rig.client.state(), InboundClient::State::Failed);
    QCOMPARE(rig.errorCodes(), QStringList{u"Auth"_s});
}

void TestInboundClient::refusedConnectionIsATransportErrorAndSchedulesARetry()
{
    const quint16 port = refusingPort();
    QVERIFY(port != 0);
    Rig rig;
    rig.configure([port](ConnectionOptions &o) {
        o.port = port;
        o.reconnectMinMs = 20000; // the retry stays in the future for the whole test
        o.reconnectMaxMs = 40000;
    });
    rig.client.connectToServer();
    QVERIFY(rig.waitFor(InboundClient::State::Reconnecting));
    QCOMPARE(codeName(rig.client.lastError()), u"Transport"_s);
    QVERIFY2(rig.client.lastError().message.contains(u"refused"_s),
             qPrintable(rig.client.lastError().message));
    QCOMPARE(rig.errorCodes(), QStringList{u"Transport"_s});
    QCOMPARE(rig.client.reconnectAttempts(), 1);
    QVERIFY(rig.client.nextAttemptAt() > QDateTime::currentMSecsSinceEpoch());

    QFuture<Reply> refused = rig.client.api(u"status"_s);
    QVERIFY(refused.isFinished());
    QCOMPARE(codeName(refused.result().error()), u"Disconnected"_s);

    rig.client.disconnectFromServer();
    QCOMPARE(rig.client.state(), InboundClient::State::Disconnected);
}

void TestInboundClient::switchThatNeverAsksForAuthTimesOut()
{
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.connectTimeoutMs = 200;
        o.reconnectMinMs = 20000;
        o.reconnectMaxMs = 40000;
    });
    rig.client.connectToServer();
    CLIENT(rig); // accepted, but the switch never sends auth/request
    QVERIFY(rig.waitFor(InboundClient::State::Reconnecting));
    QCOMPARE(codeName(rig.client.lastError()), u"Timeout"_s);
    QCOMPARE(rig.errorCodes(), QStringList{u"Timeout"_s});
    // A port that accepts and then says nothing is what a TLS proxy does to a plain client.
    QVERIFY2(rig.client.lastError().message.contains(
                 u"never asked for the password; if TLS (stunnel, haproxy) listens there"_s),
             qPrintable(rig.client.lastError().message));
    QVERIFY(rig.peer.waitForClientGone()); // the client dropped the silent connection
    QVERIFY(rig.peer.unread().isEmpty());
    QCOMPARE(rig.client.reconnectAttempts(), 1);
    rig.client.disconnectFromServer();
}

void TestInboundClient::reconnectDelaysGrowAndAreCapped()
{
    const quint16 port = refusingPort();
    QVERIFY(port != 0);
    Rig rig;
    constexpr int minMs = 40;
    constexpr int maxMs = 160;
    rig.configure([port](ConnectionOptions &o) {
        o.port = port;
        o.reconnectMinMs = minMs;
        o.reconnectMaxMs = maxMs;
    });

    // Each delay is bracketed: the client computes nextAttemptAt after the failure is reported
    // (t1) and before it announces Reconnecting (t2).
    struct Attempt
    {
        qint64 failedAt = 0;    // t1
        qint64 announcedAt = 0; // t2
        qint64 nextAttemptAt = 0;
        int attempts = 0;
    };
    QList<Attempt> seen;
    qint64 failedAt = 0;
    QObject context;
    QObject::connect(&rig.client, &InboundClient::errorOccurred, &context,
                     [&] { failedAt = QDateTime::currentMSecsSinceEpoch(); });
    QObject::connect(
        &rig.client, &InboundClient::stateChanged, &context, [&](InboundClient::State state) {
            if (state != InboundClient::State::Reconnecting)
                return;
            seen.append(Attempt{failedAt, QDateTime::currentMSecsSinceEpoch(),
                                rig.client.nextAttemptAt(), rig.client.reconnectAttempts()});
        });
    rig.client.connectToServer();
    QVERIFY(QTest::qWaitFor([&] { return seen.size() >= 6; }, 10000));
    rig.client.disconnectFromServer();

    for (int n = 0; n < 6; ++n) {
        const Attempt &a = seen.at(n);
        const double base = std::min(maxMs, minMs << n); // 40, 80, 160, 160, 160, 160
        const qint64 longest = a.nextAttemptAt - a.failedAt;
        const qint64 shortest = a.nextAttemptAt - a.announcedAt;
        QCOMPARE(a.attempts, n + 1);
        // +-25% jitter around the base, and never beyond the cap
        QVERIFY2(longest >= qint64(0.75 * base),
                 qPrintable(
                     u"attempt %1: delay at most %2 ms, base %3"_s.arg(n).arg(longest).arg(base)));
        QVERIFY2(shortest <= qint64(1.25 * base) && shortest <= maxMs,
                 qPrintable(u"attempt %1: delay at least %2 ms, base %3"_s.arg(n).arg(shortest).arg(
                     base)));
    }
    QCOMPARE(rig.client.state(), InboundClient::State::Disconnected);
}

void TestInboundClient::connectTimeoutDoesNotFireWhileWaitingToReconnect()
{
    Rig rig;
    rig.configure([](ConnectionOptions &o) {
        o.connectTimeoutMs = 200;
        o.reconnectMinMs = 4000; // the retry comes long after the connect deadline
        o.reconnectMaxMs = 4000;
    });
    rig.client.connectToServer();
    CLIENT(rig);
    rig.peer.closeClient(); // S: accepted, then closed before auth/request
    QVERIFY(rig.waitFor(InboundClient::State::Reconnecting));
    const QStringList errorsThen = rig.errorCodes();

    QTest::qWait(600); // past the first attempt's 200 ms deadline
    QCOMPARE(rig.client.state(), InboundClient::State::Reconnecting);
    QCOMPARE(rig.errorCodes(), errorsThen); // no late "Timeout" for an attempt already over
    QVERIFY(!errorsThen.contains(u"Timeout"_s));
    QCOMPARE(rig.client.reconnectAttempts(), 1);
    rig.client.disconnectFromServer();
}

void TestInboundClient::failsACommandInFlightWhenTheLinkDropsAndDoesNotResendIt()
{
    Rig rig;
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);
    QFuture<Reply> kill = rig.client.api(u"uuid_kill "_s + QString::fromLatin1(kChannelA));
    QFuture<Esl::JobResult> job = rig.client.bgapi(u"originate loopback/9197 &park()"_s);
    EXPECT(rig, "api uuid_kill " + kChannelA + "\n\n");
    QVERIFY(!rig.peer.nextCommand().isEmpty());

    rig.peer.closeClient();
    QTRY_VERIFY(kill.isFinished());
    QTRY_VERIFY(job.isFinished());
    QCOMPARE(codeName(kill.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(job.result().error()), u"Disconnected"_s);

    // While it reconnects, commands are refused at once.
    QFuture<Reply> meanwhile = rig.client.api(u"status"_s);
    QVERIFY(meanwhile.isFinished());
    QCOMPARE(codeName(meanwhile.result().error()), u"Disconnected"_s);

    CLIENT(rig);
    LOGIN(rig);
    QVERIFY(rig.peer.staysQuiet(200)); // nothing of the old connection is sent again
    QCOMPARE(rig.peer.unread(), QByteArray());
}

void TestInboundClient::reportsEachStreamErrorOnceAndReconnectsOnlyOnAProtocolError()
{
    Rig rig;
    rig.client.connectToServer();
    CLIENT(rig);
    LOGIN(rig);

    // S: an event that cannot be decoded: reported, the link stays
    const QByteArray undecodable = "Content-Length: 21\nContent-Type: text/event-json\n\n"
                                   R"({"Event-Name": "HEART)";
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^undecodable event: "_s));
    rig.peer.send(undecodable + real(kHeartbeat));
    QTRY_COMPARE(rig.events.size(), 1);
    QCOMPARE(rig.errorCodes(), QStringList{u"Decode"_s});
    QCOMPARE(rig.client.state(), InboundClient::State::Live);

    // S: a framing violation: reported once, the link is dropped and comes back
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^protocol error: "_s));
    rig.peer.send("Content-Type: api/response\nContent-Length: -5\n\n"_ba);
    QVERIFY(rig.waitFor(InboundClient::State::Reconnecting));
    QCOMPARE(rig.errorCodes(), (QStringList{u"Decode"_s, u"Protocol"_s}));
    QCOMPARE(codeName(rig.client.lastError()), u"Protocol"_s);
    QVERIFY(rig.peer.waitForClientGone());
    CLIENT(rig);
    LOGIN(rig);
    QCOMPARE(rig.errorCodes(), (QStringList{u"Decode"_s, u"Protocol"_s}));
}

void TestInboundClient::refusesCommandsAtOnceWhileNotLive()
{
    Rig rig;
    auto checkRefused = [&](const char *when) {
        const QString where = QString::fromLatin1(when);
        QFuture<Reply> api = rig.client.api(u"status"_s);
        QFuture<Reply> send = rig.client.send("event plain ALL");
        QFuture<Esl::JobResult> bgapi = rig.client.bgapi(u"status"_s);
        QFuture<Esl::ExecuteResult> execute =
            rig.client.execute(u"answer"_s, {}, {.uuid = QString::fromLatin1(kChannelA)});
        QFuture<Reply> hangup = rig.client.hangup(QString::fromLatin1(kChannelA));
        const bool allFinished = api.isFinished() && send.isFinished() && bgapi.isFinished() &&
                                 execute.isFinished() && hangup.isFinished();
        if (!allFinished)
            return where + u": not finished at once"_s;
        const QStringList codes{codeName(api.result().error()), codeName(send.result().error()),
                                codeName(bgapi.result().error()),
                                codeName(execute.result().error()),
                                codeName(hangup.result().error())};
        if (codes != QStringList(5, u"Disconnected"_s))
            return where + u": "_s + codes.join(u", "_s);
        return QString();
    };

    QCOMPARE(checkRefused("before connecting"), QString());
    rig.client.connectToServer();
    QCOMPARE(checkRefused("while connecting"), QString());
    CLIENT(rig);
    QVERIFY(rig.waitFor(InboundClient::State::Authenticating));
    QCOMPARE(checkRefused("while authenticating"), QString());
    QVERIFY(rig.peer.staysQuiet(50));
    LOGIN(rig); // nothing refused went on the wire: the transcript is the bare login
    rig.client.disconnectFromServer();
    QCOMPARE(checkRefused("after disconnecting"), QString());
}

void TestInboundClient::destroyingTheClientFailsWhatIsInFlight()
{
    ScriptedPeer peer;
    ConnectionOptions options;
    options.port = peer.port();
    auto client = std::make_unique<InboundClient>(options);
    client->connectToServer();
    QVERIFY(peer.waitForClient());
    peer.send(ScriptedPeer::authRequest());
    QVERIFY(peer.expect("auth ClueCon\n\n"));
    peer.send(ScriptedPeer::reply("+OK accepted"));
    QVERIFY(QTest::qWaitFor([&] { return client->isLive(); }));
    QFuture<Reply> status = client->api(u"status"_s);
    QFuture<Esl::JobResult> job = client->bgapi(u"status"_s);
    QVERIFY(peer.expect("event plain ALL\n\napi global_getvar core_uuid\n\napi status\n\n"));

    client.reset();
    QVERIFY(status.isFinished());
    QVERIFY(job.isFinished());
    QVERIFY(!status.isCanceled()); // failed with a value, not silently canceled
    QCOMPARE(codeName(status.result().error()), u"Disconnected"_s);
    QCOMPARE(codeName(job.result().error()), u"Disconnected"_s);
    QVERIFY(peer.waitForClientGone());
}

void TestInboundClient::reportsASubscriptionItCannotSend()
{
    Subscription subscription;
    subscription.filters = {{u"Unique-ID"_s, u"x\n\napi hupall"_s}};
    Rig rig;
    rig.client.setSubscription(subscription);
    rig.client.connectToServer();
    CLIENT(rig);
    rig.peer.send(ScriptedPeer::authRequest());
    EXPECT(rig, "auth ClueCon\n\n");
    rig.peer.send(ScriptedPeer::reply("+OK accepted"));
    // The broken filter is never written: the rest of the subscription is.
    QCOMPARE(rig.peer.nextCommand(), "event plain ALL\n\n");
    QCOMPARE(rig.peer.nextCommand(), "filter Event-Name BACKGROUND_JOB\n\n");
    QCOMPARE(rig.peer.nextCommand(), "filter Event-Name CHANNEL_EXECUTE_COMPLETE\n\n");
    QCOMPARE(rig.peer.nextCommand(), "filter Event-Name CHANNEL_HANGUP_COMPLETE\n\n");
    QCOMPARE(rig.peer.nextCommand(), "api global_getvar core_uuid\n\n");
    QCOMPARE(rig.errorCodes(), QStringList{u"InvalidArgument"_s});
    QVERIFY(rig.client.isLive());
}

QTEST_GUILESS_MAIN(TestInboundClient)
#include "tst_inboundclient.moc"
