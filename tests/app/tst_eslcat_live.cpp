// eslcat api and eslcat events against a scripted switch: the built program runs as a user would
// run it, and the test plays the switch's side of the transcript (S: what the switch sends, C:
// what eslcat must send), with real event bytes from tests/fixtures.

#include "esl/subscription.h"
#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int ProcessTimeoutMs = 20000;

// The switch's side: a scripted peer that also keeps every byte it sent, to compare with what
// `eslcat events --raw` recorded.
class FakeSwitch
{
public:
    [[nodiscard]] quint16 port() const { return m_peer.port(); }
    ScriptedPeer &peer() { return m_peer; }
    [[nodiscard]] const QByteArray &sent() const { return m_sent; }

    void send(QByteArrayView bytes)
    {
        m_sent += bytes.toByteArray();
        m_peer.send(bytes);
    }

    // S: auth/request, C: auth <password>, S: the answer.
    bool logIn(const QByteArray &password = "ClueCon")
    {
        if (!m_peer.waitForClient(ProcessTimeoutMs))
            return false;
        send(ScriptedPeer::authRequest());
        if (!m_peer.expect("auth " + password + "\n\n", ProcessTimeoutMs))
            return false;
        send(ScriptedPeer::reply("+OK accepted"));
        return true;
    }

    // C: commands until `wanted` comes (true) or nothing more does (false). What the client
    // sends for its own bookkeeping before it (its event subscription, `api global_getvar
    // core_uuid`) is answered as a switch would, so the replies stay in order.
    bool answerUntil(const QByteArray &wanted)
    {
        for (;;) {
            const QByteArray command = m_peer.nextCommand(ProcessTimeoutMs);
            if (command.isEmpty()) {
                m_failure = "never sent " + wanted + " (" + m_peer.lastFailure().toUtf8() + ")";
                return false;
            }
            m_seen.append(command);
            if (command == wanted)
                return true;
            if (command.startsWith("api global_getvar core_uuid"))
                send(ScriptedPeer::apiResponse("9c54379b-4e81-4b6c-8148-3aa61b4501b8"));
            else if (command.startsWith("api "))
                send(ScriptedPeer::apiResponse("+OK\n"));
            else
                send(ScriptedPeer::reply("+OK"));
        }
    }

    [[nodiscard]] const QByteArrayList &seen() const { return m_seen; }
    [[nodiscard]] QByteArray failure() const { return m_failure; }

private:
    ScriptedPeer m_peer;
    QByteArray m_sent;
    QByteArrayList m_seen;
    QByteArray m_failure;
};

class Eslcat
{
public:
    explicit Eslcat(const QStringList &arguments)
    {
        m_process.setProgram(QStringLiteral(ESLCAT_PATH));
        m_process.setArguments(arguments);
        m_process.start();
    }
    ~Eslcat()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }

    [[nodiscard]] bool started() { return m_process.waitForStarted(); }
    // Runs the event loop (the peer needs it) until eslcat has ended.
    bool waitForExit()
    {
        return QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; },
                               ProcessTimeoutMs);
    }
    // Until stdout holds `count` complete lines.
    bool waitForLines(int count)
    {
        return QTest::qWaitFor(
            [&] {
                m_out += m_process.readAllStandardOutput();
                return m_out.count('\n') >= count;
            },
            ProcessTimeoutMs);
    }
    bool waitForError(const QByteArray &text)
    {
        return QTest::qWaitFor(
            [&] {
                m_err += m_process.readAllStandardError();
                return m_err.contains(text);
            },
            ProcessTimeoutMs);
    }
    void signal(int number) { ::kill(pid_t(m_process.processId()), number); }

    [[nodiscard]] bool exitedNormally() const
    {
        return m_process.exitStatus() == QProcess::NormalExit;
    }
    [[nodiscard]] int exitCode() const { return m_process.exitCode(); }
    QByteArray out()
    {
        m_out += m_process.readAllStandardOutput();
        return m_out;
    }
    QByteArray err()
    {
        m_err += m_process.readAllStandardError();
        return m_err;
    }
    QList<QByteArray> outLines()
    {
        QList<QByteArray> lines = out().split('\n');
        if (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        return lines;
    }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

QStringList at(quint16 port, QStringList arguments)
{
    return QStringList{arguments.takeFirst(), u"--port"_s, QString::number(port)} + arguments;
}

// The api/response bodies of the api-bodies capture, by the command that produced them.
QByteArray apiBody(int index)
{
    QList<QByteArray> bodies;
    for (const Esl::Message &message : parseAll(readFixture(u"api-bodies"_s, u".esl"_s))) {
        if (message.contentType() == Esl::ContentType::ApiResponse)
            bodies.append(message.body());
    }
    return bodies.value(index);
}
constexpr int ShowChannelsBody = 10;
constexpr int StatusBody = 18;

// The exact bytes of messages of a capture, and their expected JSON lines.
struct Capture
{
    QByteArray bytes;
    QList<qint64> offsets;
    QList<QByteArray> lines;

    explicit Capture(const QString &scenario)
        : bytes(readFixture(scenario, u".esl"_s)), lines(expectedLines(scenario))
    {
        for (const Esl::Message &message : parseAll(bytes))
            offsets.append(message.offset());
        offsets.append(bytes.size());
    }
    [[nodiscard]] QByteArray message(int index) const
    {
        return bytes.mid(offsets[index], offsets[index + 1] - offsets[index]);
    }
};

// inbound-json: CHANNEL_CREATE of two channels we filter for, one we do not, and events of the
// first channel that were not asked for.
const QByteArray WantedA = "e3a37718-4e0e-4468-a7f5-cd18abe20ed5";
const QByteArray WantedB = "b853589e-7cbd-4477-add5-edd753bf4c23";
constexpr int CreateA = 11;
constexpr int CreateOther = 16;
constexpr int AnswerA = 23;
constexpr int BackgroundJob = 32;
constexpr int CreateB = 43;
constexpr int CreateOther2 = 48;
constexpr int DestroyA = 361;

} // namespace

class TestEslcatLive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // eslcat api: happy flows
    void apiPrintsEachBodyAndExitsZero();
    void apiLogsInWithUserauth();
    // eslcat api: rainy days
    void apiExitsOneOnAnErrReplyAndRunsTheRest();
    void apiExitsTwoOnAWrongPassword();
    void apiExitsTwoWhenTheConnectionIsRefused();
    void apiExitsTwoWhenTheSwitchDoesNotAnswerInTime();
    void apiExitsTwoWhenTheSwitchHangsUpMidCommand();
    void apiWithoutACommandIsAUsageError();

    // eslcat events
    void eventsSubscribesAndPrintsTheWantedEventsAsJsonLines();
    void eventsRawFileHoldsTheBytesAndDecodesToTheSameLines();
    void eventsReconnectsAndSaysSo();
    void eventsPrintsEveryWireFormatAndEndsOnSigint_data();
    void eventsPrintsEveryWireFormatAndEndsOnSigint();
    void eventsExitsTwoOnAWrongPassword();
    void eventsRefusesAFilterWithoutItsValue();

private:
    QTemporaryDir m_dir;
};

void TestEslcatLive::apiPrintsEachBodyAndExitsZero()
{
    FakeSwitch sw;
    Eslcat eslcat(at(sw.port(), {u"api"_s, u"show channels as json"_s, u"status"_s}));
    QVERIFY(eslcat.started());
    QVERIFY2(sw.logIn(), qPrintable(sw.peer().lastFailure()));
    const QByteArray channels = apiBody(ShowChannelsBody);
    const QByteArray status = apiBody(StatusBody);
    QVERIFY(channels.startsWith("{\"row_count\":40,"));
    QVERIFY2(sw.answerUntil("api show channels as json\n\n"), sw.failure());
    sw.send(ScriptedPeer::apiResponse(channels));
    QVERIFY2(sw.answerUntil("api status\n\n"), sw.failure());
    sw.send(ScriptedPeer::apiResponse(status));
    QVERIFY(eslcat.waitForExit());

    QVERIFY(eslcat.exitedNormally());
    QCOMPARE(eslcat.exitCode(), 0);
    // The json body has no newline of its own: eslcat ends the line; status ends with one.
    QCOMPARE(eslcat.out(), channels + '\n' + status);
    QCOMPARE(eslcat.err(), QByteArray());
}

void TestEslcatLive::apiLogsInWithUserauth()
{
    FakeSwitch sw;
    Eslcat eslcat(
        at(sw.port(), {u"api"_s, u"--user"_s, u"1000@default"_s, u"--password"_s, u"secret"_s,
                       u"uuid_exists 64f9a209-4393-47b7-9680-62a152084d86"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.peer().waitForClient(ProcessTimeoutMs));
    sw.send(ScriptedPeer::authRequest());
    QVERIFY2(sw.peer().expect("userauth 1000@default:secret\n\n", ProcessTimeoutMs),
             qPrintable(sw.peer().lastFailure()));
    sw.send(ScriptedPeer::reply("+OK accepted"));
    QVERIFY2(sw.answerUntil("api uuid_exists 64f9a209-4393-47b7-9680-62a152084d86\n\n"),
             sw.failure());
    sw.send(ScriptedPeer::apiResponse("false"));
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 0); // "false" is an answer, not an error
    QCOMPARE(eslcat.out(), QByteArray("false\n"));
}

void TestEslcatLive::apiExitsOneOnAnErrReplyAndRunsTheRest()
{
    FakeSwitch sw;
    Eslcat eslcat(at(sw.port(),
                     {u"api"_s, u"uuid_kill ff4aa895-8ae9-428c-93c1-88599d6f7aa2"_s, u"status"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());
    QVERIFY2(sw.answerUntil("api uuid_kill ff4aa895-8ae9-428c-93c1-88599d6f7aa2\n\n"),
             sw.failure());
    sw.send(ScriptedPeer::apiResponse("-ERR No such channel!\n"));
    QVERIFY2(sw.answerUntil("api status\n\n"), sw.failure());
    sw.send(ScriptedPeer::apiResponse(apiBody(StatusBody)));
    QVERIFY(eslcat.waitForExit());

    QVERIFY(eslcat.exitedNormally());
    QCOMPARE(eslcat.exitCode(), 1);
    QCOMPARE(eslcat.out(), apiBody(StatusBody));
    QCOMPARE(eslcat.err(), QByteArray("eslcat: uuid_kill ff4aa895-8ae9-428c-93c1-88599d6f7aa2: "
                                      "-ERR No such channel!\n"));
}

void TestEslcatLive::apiExitsTwoOnAWrongPassword()
{
    // The real switch's answer to a wrong password: -ERR invalid, a notice, then it hangs up.
    const Capture capture(u"auth-fail"_s);
    FakeSwitch sw;
    Eslcat eslcat(at(sw.port(), {u"api"_s, u"--password"_s, u"wrongpassword"_s, u"status"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.peer().waitForClient(ProcessTimeoutMs));
    sw.send(capture.message(0));
    QVERIFY(sw.peer().expect("auth wrongpassword\n\n", ProcessTimeoutMs));
    sw.send(capture.message(1) + capture.message(2));
    sw.peer().closeClient();
    QVERIFY(eslcat.waitForExit());

    QVERIFY(eslcat.exitedNormally());
    QCOMPARE(eslcat.exitCode(), 2);
    QCOMPARE(eslcat.out(), QByteArray());
    const QByteArray err = eslcat.err();
    QVERIFY2(err.startsWith("eslcat: authentication failed: wrong password"), err.constData());
    QCOMPARE(err.count('\n'), 1);
    QVERIFY(sw.peer().unread().isEmpty()); // "api status" was never sent
}

void TestEslcatLive::apiExitsTwoWhenTheConnectionIsRefused()
{
    quint16 port = 0;
    {
        QTcpServer server; // a port nobody listens on any more
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        port = server.serverPort();
    }
    Eslcat eslcat(at(port, {u"api"_s, u"status"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    QCOMPARE(eslcat.out(), QByteArray());
    const QByteArray err = eslcat.err();
    QVERIFY2(err.startsWith("eslcat: connection refused by 127.0.0.1:" + QByteArray::number(port)),
             err.constData());
    QCOMPARE(err.count('\n'), 1);
}

void TestEslcatLive::apiExitsTwoWhenTheSwitchDoesNotAnswerInTime()
{
    FakeSwitch sw;
    // The limit also applies to connecting and logging in: leave room for a busy machine.
    Eslcat eslcat(at(sw.port(), {u"api"_s, u"--timeout"_s, u"2000"_s, u"status"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());
    QVERIFY2(sw.answerUntil("api status\n\n"), sw.failure());
    // ... and no answer.
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    QCOMPARE(eslcat.err(), QByteArray("eslcat: status: no answer within 2000 ms\n"));
}

void TestEslcatLive::apiExitsTwoWhenTheSwitchHangsUpMidCommand()
{
    FakeSwitch sw;
    Eslcat eslcat(at(sw.port(), {u"api"_s, u"status"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());
    QVERIFY2(sw.answerUntil("api status\n\n"), sw.failure());
    sw.peer().closeClient();
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    const QByteArray err = eslcat.err();
    QVERIFY2(err.contains("the switch closed the connection"), err.constData());
    QCOMPARE(err.count('\n'), 1);
}

void TestEslcatLive::apiWithoutACommandIsAUsageError()
{
    Eslcat eslcat({u"api"_s});
    QVERIFY(eslcat.started());
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    QVERIFY(eslcat.err().contains("no command given"));
}

void TestEslcatLive::eventsSubscribesAndPrintsTheWantedEventsAsJsonLines()
{
    const Capture capture(u"inbound-json"_s);
    const QString raw = m_dir.filePath(u"subscribes.esl"_s);
    FakeSwitch sw;
    Eslcat eslcat(
        at(sw.port(), {u"events"_s, u"--format"_s, u"json"_s, u"--filter"_s, u"Unique-ID"_s,
                       QString::fromLatin1(WantedA), u"--filter"_s, u"Unique-ID"_s,
                       QString::fromLatin1(WantedB), u"--raw"_s, raw, u"CHANNEL_CREATE"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());

    // C: the subscription the options describe, each answered as the switch does.
    Esl::Subscription expected;
    expected.format = Esl::Event::Format::Json;
    expected.events = {u"CHANNEL_CREATE"_s};
    expected.filters = {{u"Unique-ID"_s, QString::fromLatin1(WantedA)},
                        {u"Unique-ID"_s, QString::fromLatin1(WantedB)}};
    const QByteArrayList commands = expected.commands();
    QVERIFY(commands.first().startsWith("event json CHANNEL_CREATE"));
    QVERIFY(commands.contains("filter Unique-ID " + WantedA));
    QVERIFY(commands.contains("filter Unique-ID " + WantedB));
    for (const QByteArray &command : commands) {
        QVERIFY2(sw.answerUntil(command + "\n\n"), sw.failure());
        sw.send(ScriptedPeer::reply(command.startsWith("event") ? "+OK event listener enabled json"
                                                                : "+OK filter added."));
    }

    // S: events; only the CHANNEL_CREATEs of the two channels are printed, in order.
    for (const int index :
         {CreateA, CreateOther, AnswerA, BackgroundJob, CreateB, CreateOther2, DestroyA})
        sw.send(capture.message(index));
    QVERIFY(eslcat.waitForLines(2));
    eslcat.signal(SIGTERM);
    QVERIFY(eslcat.waitForExit());

    QVERIFY(eslcat.exitedNormally());
    QCOMPARE(eslcat.exitCode(), 0);
    QCOMPARE(eslcat.outLines(),
             (QList<QByteArray>{capture.lines[CreateA], capture.lines[CreateB]}));
    QCOMPARE(eslcat.err(), QByteArray());
}

void TestEslcatLive::eventsRawFileHoldsTheBytesAndDecodesToTheSameLines()
{
    const Capture capture(u"inbound-json"_s);
    const QString raw = m_dir.filePath(u"raw.esl"_s);
    FakeSwitch sw;
    Eslcat eslcat(
        at(sw.port(), {u"events"_s, u"--filter"_s, u"Unique-ID"_s, QString::fromLatin1(WantedA),
                       u"--raw"_s, raw, u"CHANNEL_CREATE"_s, u"CHANNEL_ANSWER"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());
    QVERIFY2(sw.answerUntil("filter Unique-ID " + WantedA + "\n\n"), sw.failure());
    sw.send(ScriptedPeer::reply("+OK filter added."));
    // Sent in pieces that split messages, as a socket may deliver them.
    const QList<int> sent{CreateA, CreateOther, AnswerA, BackgroundJob, DestroyA};
    QByteArray events;
    for (const int index : sent)
        events += capture.message(index);
    for (qsizetype at = 0; at < events.size(); at += 1000) {
        sw.send(QByteArrayView(events).sliced(at, std::min<qsizetype>(1000, events.size() - at)));
        QTest::qWait(1);
    }
    QVERIFY(eslcat.waitForLines(2));
    eslcat.signal(SIGTERM);
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 0);
    const QList<QByteArray> printed = eslcat.outLines();
    QCOMPARE(printed, (QList<QByteArray>{capture.lines[CreateA], capture.lines[AnswerA]}));

    // The file holds exactly the bytes the switch sent, replies included...
    QFile file(raw);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), sw.sent());

    // ... and `eslcat decode` reads it back: every message, the events as in the fixture, and
    // the printed lines among them in the same order.
    QProcess decode;
    decode.start(QStringLiteral(ESLCAT_PATH), {u"decode"_s, raw});
    QVERIFY(decode.waitForFinished(ProcessTimeoutMs));
    QCOMPARE(decode.exitCode(), 0);
    QList<QByteArray> decoded = decode.readAllStandardOutput().split('\n');
    decoded.removeLast();
    QCOMPARE(parseAll(sw.sent()).size(), decoded.size());
    QVERIFY(decoded.size() > sent.size());
    for (qsizetype i = 0; i < sent.size(); ++i)
        QCOMPARE(decoded[decoded.size() - sent.size() + i], capture.lines[sent[i]]);
    qsizetype from = 0;
    for (const QByteArray &line : printed) {
        from = decoded.indexOf(line, from);
        QVERIFY(from >= 0);
        ++from;
    }
}

void TestEslcatLive::eventsReconnectsAndSaysSo()
{
    const Capture capture(u"inbound-json"_s);
    const QString raw = m_dir.filePath(u"reconnect.esl"_s);
    FakeSwitch sw;
    Eslcat eslcat(at(sw.port(), {u"events"_s, u"--raw"_s, raw}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());
    QVERIFY2(sw.answerUntil("event plain ALL\n\n"), sw.failure());
    sw.send(ScriptedPeer::reply("+OK event listener enabled plain"));
    sw.send(capture.message(CreateA));
    QVERIFY(eslcat.waitForLines(1));

    // The switch goes away; eslcat says so, comes back, subscribes again.
    sw.peer().closeClient();
    QVERIFY(eslcat.waitForError("reconnecting in"));
    QVERIFY(sw.logIn());
    QVERIFY2(sw.answerUntil("event plain ALL\n\n"), sw.failure());
    sw.send(ScriptedPeer::reply("+OK event listener enabled plain"));
    sw.send(capture.message(CreateB));
    QVERIFY(eslcat.waitForLines(2));
    QVERIFY(eslcat.waitForError("reconnected to 127.0.0.1:"));
    eslcat.signal(SIGTERM);
    QVERIFY(eslcat.waitForExit());

    QCOMPARE(eslcat.exitCode(), 0);
    QCOMPARE(eslcat.outLines(),
             (QList<QByteArray>{capture.lines[CreateA], capture.lines[CreateB]}));
    QFile file(raw);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), sw.sent()); // both connections, one after the other
    QCOMPARE(sw.peer().connectionsAccepted(), 2);
}

void TestEslcatLive::eventsPrintsEveryWireFormatAndEndsOnSigint_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("heartbeat");
    QTest::addColumn<int>("backgroundJob"); // its body holds a literal "%s"
    QTest::newRow("plain") << u"plain"_s << u"inbound-plain"_s << 371 << 370;
    QTest::newRow("json") << u"json"_s << u"inbound-json"_s << 371 << 370;
    QTest::newRow("xml") << u"xml"_s << u"inbound-xml"_s << 363 << 372;
}

void TestEslcatLive::eventsPrintsEveryWireFormatAndEndsOnSigint()
{
    QFETCH(QString, format);
    QFETCH(QString, scenario);
    QFETCH(int, heartbeat);
    QFETCH(int, backgroundJob);
    const Capture capture(scenario);
    FakeSwitch sw;
    Eslcat eslcat(
        at(sw.port(), {u"events"_s, u"--format"_s, format, u"HEARTBEAT"_s, u"BACKGROUND_JOB"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.logIn());
    Esl::Subscription expected;
    expected.format = format == u"xml"    ? Esl::Event::Format::Xml
                      : format == u"json" ? Esl::Event::Format::Json
                                          : Esl::Event::Format::Plain;
    expected.events = {u"HEARTBEAT"_s, u"BACKGROUND_JOB"_s};
    QVERIFY2(sw.answerUntil(expected.commands().first() + "\n\n"), sw.failure());
    QVERIFY(
        sw.seen().last().startsWith("event " + format.toLatin1() + " HEARTBEAT BACKGROUND_JOB"));
    sw.send(ScriptedPeer::reply("+OK event listener enabled " + format.toLatin1()));
    sw.send(capture.message(heartbeat) + capture.message(backgroundJob));
    QVERIFY(eslcat.waitForLines(2));
    eslcat.signal(SIGINT);
    QVERIFY(eslcat.waitForExit());

    QVERIFY(eslcat.exitedNormally());
    QCOMPARE(eslcat.exitCode(), 0);
    QCOMPARE(eslcat.outLines(),
             (QList<QByteArray>{capture.lines[heartbeat], capture.lines[backgroundJob]}));
    QVERIFY(sw.peer().waitForClientGone());
}

void TestEslcatLive::eventsExitsTwoOnAWrongPassword()
{
    FakeSwitch sw;
    Eslcat eslcat(at(sw.port(), {u"events"_s, u"--password"_s, u"nope"_s}));
    QVERIFY(eslcat.started());
    QVERIFY(sw.peer().waitForClient(ProcessTimeoutMs));
    sw.send(ScriptedPeer::authRequest());
    QVERIFY(sw.peer().expect("auth nope\n\n", ProcessTimeoutMs));
    sw.send(ScriptedPeer::reply("-ERR invalid"));
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    QVERIFY(eslcat.err().startsWith("eslcat: authentication failed: wrong password"));
    QCOMPARE(sw.peer().connectionsAccepted(), 1); // a refused login is not retried
}

void TestEslcatLive::eventsRefusesAFilterWithoutItsValue()
{
    Eslcat eslcat({u"events"_s, u"--filter"_s, u"Unique-ID"_s});
    QVERIFY(eslcat.started());
    QVERIFY(eslcat.waitForExit());
    QCOMPARE(eslcat.exitCode(), 2);
    QVERIFY(eslcat.err().contains("--filter needs two values"));
}

QTEST_GUILESS_MAIN(TestEslcatLive)
#include "tst_eslcat_live.moc"
