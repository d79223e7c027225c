// The simulated switch logs what FreeSWITCH 1.10.12 logs about every call (issue 17): a
// connection that asked for `log 7` reads, for each leg and in the order the switch writes them,
// New Channel, the dialplan's Processing line, the applications it executes, its answer, hangup
// and close, each with the leg's uuid as User-Data and a body shaped like the real capture's
// (tests/fixtures/inbound-plain.esl). `log 5` gets the NOTICE lines and worse only; a
// connection that never asked gets none.

#include "simclient.h"

#include "sim/eventsocketserver.h"

#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using SimTest::RawClient;

namespace {

// An authenticated raw client with `setup` sent, each reply checked to be +OK.
bool open(RawClient &client, const Sim::EventSocketServer &server, const QList<QByteArray> &setup)
{
    if (!client.connectTo(server.serverPort()) || !client.next())
        return false;
    client.send("auth ClueCon\n\n");
    if (!client.nextReply())
        return false;
    for (const QByteArray &command : setup) {
        client.send(command + "\n\n");
        const std::optional<Esl::Message> reply = client.nextReply();
        if (!reply || !reply->header("Reply-Text").startsWith("+OK"))
            return false;
    }
    return true;
}

bool isLogLine(const Esl::Message &message)
{
    return message.contentType() == Esl::ContentType::LogData;
}

// The log lines the client reads until one about `uuid` contains `text` (that one included).
QList<Esl::Message> logLinesUntil(RawClient &client, const QString &uuid, QByteArrayView text)
{
    QList<Esl::Message> lines;
    while (const std::optional<Esl::Message> message = client.next()) {
        if (!isLogLine(*message))
            continue;
        lines.append(*message);
        if (message->header("User-Data") == uuid.toUtf8() && message->body().contains(text))
            break;
    }
    return lines;
}

// Everything the client read before the reply to a command sent now (the switch writes what it
// logged before that reply).
QList<Esl::Message> readSoFar(RawClient &client)
{
    client.send("api nosuchcommand\n\n");
    return client.untilReply();
}

// The index of the first line about `uuid` whose body contains `text`, or -1.
qsizetype indexOf(const QList<Esl::Message> &lines, const QString &uuid, QByteArrayView text)
{
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].header("User-Data") == uuid.toUtf8() && lines[i].body().contains(text))
            return i;
    }
    return -1;
}

// The switch's console line: "2026-11-24 13:08:14.788900 99.23% [DEBUG] switch_ivr.c:3575 ".
QRegularExpression stamped(const QString &level, const QString &file, int line, const QString &text)
{
    return QRegularExpression(uR"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \d{1,3}\.\d\d% \[)"_s +
                              level + u"\\] "_s + QRegularExpression::escape(file) + u':' +
                              QString::number(line) + u' ' + QRegularExpression::escape(text) +
                              u"\n$"_s);
}

} // namespace

class TestSimLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void aCallLogsWhatTheRealSwitchLogsInItsOrder();
    void eachLegsLinesCarryItsOwnUuid();
    void aListenerAtNoticeGetsOnlyNoticeAndWorse();
    void aListenerThatNeverAskedGetsNoLogLines();

private:
    // Alice Smith <1000> calls 2000, who answers; Alice hangs up after 50 ms.
    QString placeCall();

    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

void TestSimLog::init()
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 30;
    config.answerDelayMs = 10;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void TestSimLog::cleanup()
{
    m_server.reset();
    m_switch.reset();
}

QString TestSimLog::placeCall()
{
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Alice Smith"_s;
    spec.callerNumber = u"1000"_s;
    spec.destination = u"2000"_s;
    spec.durationMs = 50;
    return m_switch->placeCall(spec);
}

void TestSimLog::aCallLogsWhatTheRealSwitchLogsInItsOrder()
{
    RawClient client;
    QVERIFY(open(client, *m_server, {"log 7"}));
    const QString a = placeCall();
    const QList<Esl::Message> lines = logLinesUntil(client, a, "Close Channel");
    const QString name = u"sofia/internal/1000@127.0.0.1"_s;

    const qsizetype created = indexOf(lines, a, "New Channel");
    const qsizetype processing = indexOf(lines, a, "Processing");
    const qsizetype executed = indexOf(lines, a, "EXECUTE [depth=0]");
    const qsizetype answered = indexOf(lines, a, "has been answered");
    const qsizetype hungUp = indexOf(lines, a, "Hangup ");
    const qsizetype closed = indexOf(lines, a, "Close Channel");
    QVERIFY(created >= 0);
    QVERIFY(created < processing);
    QVERIFY(processing < executed);
    QVERIFY(executed < answered);
    QVERIFY(answered < hungUp);
    QVERIFY(hungUp < closed);

    // New Channel: switch_channel_set_name, on the session's channel.
    const Esl::Message &newChannel = lines[created];
    QCOMPARE(newChannel.header("Log-Level"), "5");
    QCOMPARE(newChannel.header("Text-Channel"), "3");
    QCOMPARE(newChannel.header("Log-File"), "switch_channel.c");
    QCOMPARE(newChannel.header("Log-Func"), "switch_channel_set_name");
    QCOMPARE(newChannel.header("Log-Line"), "1142");
    const QString body = QString::fromUtf8(newChannel.body());
    QVERIFY2(
        stamped(u"NOTICE"_s, u"switch_channel.c"_s, 1142, u"New Channel %1 [%2]"_s.arg(name, a))
            .match(body)
            .hasMatch(),
        qPrintable(body));

    // The XML dialplan's hunt.
    const Esl::Message &hunt = lines[processing];
    QCOMPARE(hunt.header("Log-Level"), "6");
    QCOMPARE(hunt.header("Log-File"), "mod_dialplan_xml.c");
    QCOMPARE(hunt.header("Log-Func"), "dialplan_hunt");
    QVERIFY(stamped(u"INFO"_s, u"mod_dialplan_xml.c"_s, 639,
                    u"Processing Alice Smith <1000>->2000 in context default"_s)
                .match(QString::fromUtf8(hunt.body()))
                .hasMatch());

    // EXECUTE goes to the clean channel: the text alone, as in the capture.
    const Esl::Message &execute = lines[executed];
    QCOMPARE(execute.header("Log-Level"), "6");
    QCOMPARE(execute.header("Text-Channel"), "1");
    QCOMPARE(execute.header("Log-File"), "switch_core_session.c");
    QCOMPARE(execute.body(),
             "EXECUTE [depth=0] " + name.toUtf8() + " bridge(sofia/external/2000)\n");

    // Answered when the leg it dialled answered (switch_ivr_originate), hung up by the phone.
    const Esl::Message &answer = lines[answered];
    QCOMPARE(answer.header("Log-Level"), "5");
    QCOMPARE(answer.header("Text-Channel"), "0");
    QVERIFY(stamped(u"NOTICE"_s, u"switch_ivr_originate.c"_s, 3855,
                    u"Channel [%1] has been answered"_s.arg(name))
                .match(QString::fromUtf8(answer.body()))
                .hasMatch());
    const Esl::Message &hangup = lines[hungUp];
    QCOMPARE(hangup.header("Log-Level"), "5");
    QCOMPARE(hangup.header("Log-Func"), "sofia_handle_sip_i_bye");
    QVERIFY(stamped(u"NOTICE"_s, u"sofia.c"_s, 1065,
                    u"Hangup %1 [CS_EXECUTE] [NORMAL_CLEARING]"_s.arg(name))
                .match(QString::fromUtf8(hangup.body()))
                .hasMatch());
    QVERIFY(stamped(u"NOTICE"_s, u"switch_core_session.c"_s, 1766,
                    u"Close Channel %1 [CS_DESTROY]"_s.arg(name))
                .match(QString::fromUtf8(lines[closed].body()))
                .hasMatch());

    // The state machine's DEBUG lines come in between.
    const qsizetype routing = indexOf(lines, a, "State Change CS_INIT -> CS_ROUTING");
    QVERIFY(created < routing && routing < processing);
    QCOMPARE(lines[routing].header("Log-Level"), "7");
    QCOMPARE(lines[routing].header("Log-File"), "switch_core_state_machine.c");
}

void TestSimLog::eachLegsLinesCarryItsOwnUuid()
{
    RawClient client;
    QVERIFY(open(client, *m_server, {"log 7"}));
    const QString a = placeCall();
    QList<Esl::Message> all = logLinesUntil(client, a, "Close Channel");
    // The leg Alice's bridge dialled.
    QString b;
    for (const Esl::Message &line : all) {
        if (line.body().contains("New Channel sofia/external/2000 ["))
            b = QString::fromUtf8(line.header("User-Data"));
    }
    QVERIFY(!b.isEmpty() && b != a);
    QVERIFY(indexOf(all, b, "New Channel sofia/external/2000 [" + b.toUtf8() + ']') >= 0);
    QVERIFY(indexOf(all, b, "Ring Ready sofia/external/2000!") >= 0);
    QVERIFY(indexOf(all, b, "Channel [sofia/external/2000] has been answered") >= 0);
    // The bridge ends with the phone's hangup; the leg it dialled is hung up by the bridge.
    QVERIFY(indexOf(all, b, "Hangup sofia/external/2000 [CS_EXCHANGE_MEDIA] [NORMAL_CLEARING]") >=
            0);
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    for (const Esl::Message &m : readSoFar(client)) {
        if (isLogLine(m))
            all.append(m);
    }
    QVERIFY(indexOf(all, b, "Close Channel sofia/external/2000 [CS_DESTROY]") >= 0);
    // Every line of the call is about one of its two legs.
    for (const Esl::Message &line : all) {
        const QByteArrayView uuid = line.header("User-Data");
        QVERIFY2(uuid == a.toUtf8() || uuid == b.toUtf8(), line.body().constData());
    }
}

void TestSimLog::aListenerAtNoticeGetsOnlyNoticeAndWorse()
{
    RawClient notices;
    RawClient everything;
    QVERIFY(open(notices, *m_server, {"log 5"}));
    QVERIFY(open(everything, *m_server, {"log 7"}));
    const QString a = placeCall();
    const QList<Esl::Message> all = logLinesUntil(everything, a, "Close Channel");
    QVERIFY(indexOf(all, a, "Close Channel") >= 0);

    QList<Esl::Message> lines;
    for (const Esl::Message &m : readSoFar(notices)) {
        if (isLogLine(m))
            lines.append(m);
    }
    QVERIFY(indexOf(lines, a, "New Channel") >= 0);
    QVERIFY(indexOf(lines, a, "has been answered") >= 0);
    QVERIFY(indexOf(lines, a, "Hangup ") >= 0);
    QVERIFY(indexOf(lines, a, "Close Channel") >= 0);
    QCOMPARE(indexOf(lines, a, "Processing"), -1);
    QCOMPARE(indexOf(lines, a, "State Change"), -1);
    for (const Esl::Message &line : lines)
        QVERIFY2(line.header("Log-Level").toInt() <= 5, line.body().constData());
    QVERIFY(lines.size() < all.size());
}

void TestSimLog::aListenerThatNeverAskedGetsNoLogLines()
{
    RawClient events;
    RawClient logs;
    QVERIFY(open(events, *m_server, {"event plain CHANNEL_DESTROY"}));
    QVERIFY(open(logs, *m_server, {"log 7"}));
    const QString a = placeCall();
    QVERIFY(!logLinesUntil(logs, a, "Close Channel").isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return m_switch->channelCount() == 0; }, 5000));
    int destroyed = 0;
    for (const Esl::Message &m : readSoFar(events)) {
        QVERIFY2(!isLogLine(m), m.body().constData());
        destroyed += m.isEvent();
    }
    QCOMPARE(destroyed, 2);
}

QTEST_MAIN(TestSimLog)
#include "tst_simlog.moc"
