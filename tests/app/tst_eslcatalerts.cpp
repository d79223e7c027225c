// `eslcat alerts` as a monitoring script runs it, against a simulated switch in this process: a
// gateway that fails is a "fired" line with the alert's fields and its recovery a "cleared" line
// (--watch); without --watch the active alerts print once after the sync; a rules file can turn
// a built-in rule off and add a custom one, and a bad one is refused (exit 2, naming the rule
// and the field) before anything connects. `eslcat calls` legs carry their quality.

#include "support/uisim.h"

#include "sim/simsofia.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <csignal>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

namespace {

constexpr int kRunWait = 30000; // ms for an eslcat run: connect, sync, settle

// eslcat running, its lines read as they come.
class Eslcat
{
public:
    explicit Eslcat(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(ESLCAT_PATH), arguments);
    }
    ~Eslcat()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    Eslcat(const Eslcat &) = delete;
    Eslcat &operator=(const Eslcat &) = delete;

    // Every line printed so far, parsed.
    const QList<QJsonObject> &lines()
    {
        m_pending += m_process.readAllStandardOutput();
        qsizetype end;
        while ((end = m_pending.indexOf('\n')) >= 0) {
            const QByteArray line = m_pending.left(end);
            m_pending.remove(0, end + 1);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                qWarning("not a JSON object: %s", line.constData());
            m_lines.append(doc.object());
        }
        return m_lines;
    }
    // The first line `match` accepts, waiting for it (the switch's loop keeps turning); an
    // empty object when none came in time.
    template<typename Match>
    QJsonObject waitForLine(Match match, int timeoutMs = kRunWait)
    {
        QJsonObject found;
        [[maybe_unused]] const bool settled = QTest::qWaitFor([&] {
            for (const QJsonObject &line : lines()) {
                if (match(line)) {
                    found = line;
                    return true;
                }
            }
            return m_process.state() == QProcess::NotRunning;
        }, timeoutMs);
        return found;
    }
    // Waits for it to exit by itself; its exit status (-1: it did not).
    int finish()
    {
        if (!QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, kRunWait))
            return -1;
        lines();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    int terminate()
    {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        return finish();
    }
    QByteArray errors() { return m_err += m_process.readAllStandardError(); }

private:
    QProcess m_process;
    QByteArray m_pending;
    QByteArray m_err;
    QList<QJsonObject> m_lines;
};

QStringList alertsArguments(quint16 port, const QStringList &more = {})
{
    return QStringList{u"alerts"_s, u"--port"_s, QString::number(port)} + more;
}

// A gateway whose far end never answers: TRYING, then FAILED with a 503.
Sim::SimSofia::Gateway deadGateway(const QString &name)
{
    Sim::SimSofia::Gateway dead;
    dead.name = name;
    dead.realm = u"127.0.0.1"_s;
    dead.proxyHost = u"127.0.0.1:5999"_s;
    dead.reachable = false;
    return dead;
}

bool isRule(const QJsonObject &line, QStringView event, QStringView rule)
{
    return line.value(u"event"_s).toString() == event && line.value(u"rule"_s).toString() == rule;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return path;
}

} // namespace

class TestEslcatAlerts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.*=false\nmonitor.info=false\nsim.*=false"_s);
    }
    void init()
    {
        m_sim = std::make_unique<UiSim>();
        m_sim->sw->sofia()->setStepMs(20);
        QVERIFY(m_sim->server->isListening());
    }
    void cleanup() { m_sim.reset(); }

    // Happy flows.
    void aFailingGatewayFiresAndItsRecoveryClears();
    void theActiveAlertsPrintOnceAfterTheSync();
    void aRulesFileTurnsABuiltInOffAndAddsACustomRule();
    // Rainy days.
    void aBadRulesFileIsRefusedBeforeConnecting_data();
    void aBadRulesFileIsRefusedBeforeConnecting();
    void failsClearlyWhenNoSwitchAnswers();
    // eslcat calls.
    void callsLegsCarryTheirQualityOnceReported();

private:
    // Until eslcat has asked for the gateways (it subscribed before): what the switch does from
    // now on reaches it as events.
    bool waitForItsSync() { return waitForSync(*m_sim->server); }
    bool waitForSync(Sim::EventSocketServer &server);
    // The gateway is failing and stays so (FAIL_WAIT until the test says otherwise).
    bool failAndHold(const QString &gateway);

    std::unique_ptr<UiSim> m_sim;
};

bool TestEslcatAlerts::waitForSync(Sim::EventSocketServer &server)
{
    bool asked = false;
    const QMetaObject::Connection c = connect(
        &server, &Sim::EventSocketServer::commandReceived, this,
        [&](const Esl::wire::Command &command) {
            asked = asked || command.line.contains("sofia xmlstatus gateway");
        });
    const bool ok = QTest::qWaitFor([&] { return asked; }, kRunWait);
    disconnect(c);
    return ok;
}

bool TestEslcatAlerts::failAndHold(const QString &name)
{
    Sim::SimSofia *sofia = m_sim->sw->sofia();
    sofia->addGateway(deadGateway(name));
    if (!QTest::qWaitFor([&] { return sofia->gateway(name)->state == u"FAILED"; }, kWait))
        return false;
    // FAILED goes to FAIL_WAIT at the next step; the retry after it is then far away, so that
    // a listing never finds it between two attempts (UNREGED, TRYING: not failing yet).
    sofia->setStepMs(600000);
    return QTest::qWaitFor([&] { return sofia->gateway(name)->state == u"FAIL_WAIT"; }, kWait);
}

void TestEslcatAlerts::aFailingGatewayFiresAndItsRecoveryClears()
{
    Eslcat eslcat(alertsArguments(m_sim->server->serverPort(), {u"--watch"_s}));
    QVERIFY(waitForItsSync());
    Sim::SimSofia *sofia = m_sim->sw->sofia();
    sofia->addGateway(deadGateway(u"deadgw"_s));

    const QJsonObject fired = eslcat.waitForLine(
        [](const QJsonObject &l) { return isRule(l, u"fired", u"gateway-down"); });
    QVERIFY2(!fired.isEmpty(), eslcat.errors().constData());
    QCOMPARE(fired.value(u"kind"_s).toString(), u"gateway-down"_s);
    QCOMPARE(fired.value(u"severity"_s).toString(), u"critical"_s);
    QCOMPARE(fired.value(u"state"_s).toString(), u"active"_s);
    QCOMPARE(fired.value(u"subject"_s).toString(), u"deadgw"_s);
    QCOMPARE(fired.value(u"serverName"_s).toString(),
             u"127.0.0.1:%1"_s.arg(m_sim->server->serverPort()));
    QVERIFY2(fired.value(u"message"_s).toString().contains(u"deadgw"_s),
             qPrintable(fired.value(u"message"_s).toString()));
    QCOMPARE(fired.value(u"count"_s).toInt(), 1);
    QVERIFY(fired.value(u"id"_s).toInteger() >= 1);
    QVERIFY(fired.value(u"firedMs"_s).toInteger() > 0);
    QCOMPARE(fired.value(u"lastMs"_s).toInteger(), fired.value(u"firedMs"_s).toInteger());
    QVERIFY(!fired.contains(u"clearedMs"_s));
    QCOMPARE(fired.value(u"target"_s).toObject().value(u"gateway"_s).toString(), u"deadgw"_s);
    // It fired on the gateway's event: the record behind it is named.
    const QJsonArray triggers = fired.value(u"triggers"_s).toArray();
    QVERIFY(!triggers.isEmpty());
    QCOMPARE(triggers.last().toObject().value(u"event"_s).toString(), u"sofia::gateway_state"_s);
    QCOMPARE(fired.value(u"records"_s).toArray().size(), triggers.size());

    // Its far end answers again: REGED at the next attempt, and the alert clears.
    sofia->setReachable(u"deadgw"_s, true);
    const qint64 id = fired.value(u"id"_s).toInteger();
    const QJsonObject cleared = eslcat.waitForLine([id](const QJsonObject &l) {
        return l.value(u"event"_s).toString() == u"cleared" && l.value(u"id"_s).toInteger() == id;
    });
    QVERIFY2(!cleared.isEmpty(), eslcat.errors().constData());
    QCOMPARE(sofia->gateway(u"deadgw"_s)->state, u"REGED"_s);
    QCOMPARE(cleared.value(u"rule"_s).toString(), u"gateway-down"_s);
    QCOMPARE(cleared.value(u"state"_s).toString(), u"cleared"_s);
    QCOMPARE(cleared.value(u"subject"_s).toString(), u"deadgw"_s);
    QCOMPARE(cleared.value(u"firedMs"_s).toInteger(), fired.value(u"firedMs"_s).toInteger());
    QVERIFY(cleared.value(u"clearedMs"_s).toInteger() >= fired.value(u"firedMs"_s).toInteger());

    // Stopped by SIGTERM: exit 0, and the alerts going with the process print nothing more.
    const qsizetype before = eslcat.lines().size();
    QCOMPARE(eslcat.terminate(), 0);
    QCOMPARE(eslcat.lines().size(), before);
    for (const QJsonObject &line : eslcat.lines())
        QVERIFY(QStringList({u"fired"_s, u"changed"_s, u"cleared"_s})
                    .contains(line.value(u"event"_s).toString()));
}

void TestEslcatAlerts::theActiveAlertsPrintOnceAfterTheSync()
{
    QVERIFY(failAndHold(u"deadgw"_s));
    Eslcat eslcat(alertsArguments(m_sim->server->serverPort()));
    QCOMPARE(eslcat.finish(), 0);
    const QList<QJsonObject> lines = eslcat.lines();
    QCOMPARE(lines.size(), 1);
    const QJsonObject active = lines.first();
    QCOMPARE(active.value(u"event"_s).toString(), u"active"_s);
    QCOMPARE(active.value(u"rule"_s).toString(), u"gateway-down"_s);
    QCOMPARE(active.value(u"subject"_s).toString(), u"deadgw"_s);
    QCOMPARE(active.value(u"state"_s).toString(), u"active"_s);
    QVERIFY2(active.value(u"message"_s).toString().contains(u"FAIL_WAIT"_s),
             qPrintable(active.value(u"message"_s).toString()));
    QCOMPARE(active.value(u"figures"_s).toObject().value(u"state"_s).toString(), u"FAIL_WAIT"_s);
    // The carrier is REGED, ping UP: nothing about it.
    QVERIFY(eslcat.errors().isEmpty());
}

void TestEslcatAlerts::aRulesFileTurnsABuiltInOffAndAddsACustomRule()
{
    QTemporaryDir dir;
    const QString rules = writeFile(dir, u"rules.json"_s, R"({"version": 1, "rules": [
        {"id": "gateway-down", "kind": "gateway-down", "enabled": false},
        {"id": "custom-1", "kind": "custom", "name": "No route",
         "expression": "Event-Name == CHANNEL_HANGUP && Hangup-Cause == NO_ROUTE_DESTINATION",
         "params": {"count": 2, "windowSeconds": 60}}]})");
    QVERIFY(!rules.isEmpty());

    // Once: a failing gateway is no alert when its rule is off.
    QVERIFY(failAndHold(u"deadgw"_s));
    {
        Eslcat once(alertsArguments(m_sim->server->serverPort(), {u"--rules"_s, rules}));
        QCOMPARE(once.finish(), 0);
        QVERIFY(once.lines().isEmpty());
    }

    // --watch: another gateway fails, then three calls find no route; the custom rule fires
    // (more than 2 in a minute), and nothing came of the gateway before it.
    Eslcat eslcat(alertsArguments(m_sim->server->serverPort(), {u"--watch"_s, u"--rules"_s, rules}));
    QVERIFY(waitForItsSync());
    Sim::SimSofia *sofia = m_sim->sw->sofia();
    sofia->setStepMs(20);
    sofia->addGateway(deadGateway(u"othergw"_s));
    QVERIFY(QTest::qWaitFor([&] { return sofia->gateway(u"othergw"_s)->state == u"FAILED"; },
                            kWait));
    QSet<QString> noRoute;
    for (int i = 0; i < 3; ++i) {
        const QString uuid = m_sim->call(u"Caller %1"_s.arg(i), u"100%1"_s.arg(i), u"99999"_s);
        QVERIFY(m_sim->sw->hangup(uuid, u"NO_ROUTE_DESTINATION"_s));
        noRoute.insert(uuid);
    }
    const QJsonObject fired = eslcat.waitForLine(
        [](const QJsonObject &l) { return isRule(l, u"fired", u"custom-1"); });
    QVERIFY2(!fired.isEmpty(), eslcat.errors().constData());
    QCOMPARE(fired.value(u"kind"_s).toString(), u"custom"_s);
    QCOMPARE(fired.value(u"severity"_s).toString(), u"warning"_s);
    QVERIFY2(fired.value(u"message"_s).toString().startsWith(u"No route: more than 2 in 60 s"_s),
             qPrintable(fired.value(u"message"_s).toString()));
    const QJsonArray triggers = fired.value(u"triggers"_s).toArray();
    QCOMPARE(triggers.size(), 3);
    bool namesACall = false;
    for (const QJsonValue &t : triggers) {
        QCOMPARE(t.toObject().value(u"event"_s).toString(), u"CHANNEL_HANGUP"_s);
        QCOMPARE(t.toObject().value(u"summary"_s).toString(), u"NO_ROUTE_DESTINATION"_s);
        // The calls' first legs (a second leg, if one was dialled yet, hangs up with them).
        namesACall = namesACall || noRoute.contains(t.toObject().value(u"uuid"_s).toString());
    }
    QVERIFY(namesACall);
    for (const QJsonObject &line : eslcat.lines())
        QVERIFY(line.value(u"rule"_s).toString() != u"gateway-down");
    QCOMPARE(eslcat.terminate(), 0);
}

void TestEslcatAlerts::aBadRulesFileIsRefusedBeforeConnecting_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("said");
    QTest::newRow("an expression that does not compile")
        << QByteArray(R"({"version": 1, "rules": [{"id": "custom-1", "kind": "custom",
                         "expression": "Hangup-Cause == "}]})")
        << u"rule \"custom-1\", expression:"_s;
    QTest::newRow("a threshold out of range")
        << QByteArray(R"({"version": 1, "rules": [{"id": "queue-waiting", "kind": "queue-waiting",
                         "params": {"waiting": -3}}]})")
        << u"rule \"queue-waiting\", params.waiting"_s;
    QTest::newRow("an unknown kind")
        << QByteArray(R"({"version": 1, "rules": [{"id": "x", "kind": "weather"}]})")
        << u"rule \"x\", kind: unknown kind \"weather\""_s;
    QTest::newRow("a rule without an id")
        << QByteArray(R"({"version": 1, "rules": [{"kind": "custom", "expression": "A == 1"}]})")
        << u"rule \"#1\", id"_s;
    QTest::newRow("not JSON") << QByteArray("{\"version\": 1, \"rules\": [") << u"not JSON"_s;
    QTest::newRow("another version")
        << QByteArray(R"({"version": 2, "rules": []})") << u"version: must be 1"_s;
}

void TestEslcatAlerts::aBadRulesFileIsRefusedBeforeConnecting()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, said);
    QTemporaryDir dir;
    const QString rules = writeFile(dir, u"rules.json"_s, file);
    int connections = 0;
    connect(m_sim->server.get(), &Sim::EventSocketServer::listenerStarted, this,
            [&] { ++connections; });
    for (const QStringList &mode : {QStringList{}, QStringList{u"--watch"_s}}) {
        Eslcat eslcat(alertsArguments(m_sim->server->serverPort(), mode + QStringList{u"--rules"_s, rules}));
        QCOMPARE(eslcat.finish(), 2);
        QVERIFY(eslcat.lines().isEmpty());
        const QString err = QString::fromUtf8(eslcat.errors());
        QVERIFY2(err.startsWith(u"eslcat: --rules "_s + rules + u": "_s), qPrintable(err));
        QVERIFY2(err.contains(said), qPrintable(err));
    }
    // A file that is not there is refused the same way.
    Eslcat missing(alertsArguments(m_sim->server->serverPort(),
                                   {u"--rules"_s, dir.filePath(u"none.json"_s)}));
    QCOMPARE(missing.finish(), 2);
    QVERIFY(QString::fromUtf8(missing.errors()).contains(u"none.json"_s));
    QTest::qWait(50);
    QCOMPARE(connections, 0);
}

void TestEslcatAlerts::failsClearlyWhenNoSwitchAnswers()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    Eslcat eslcat(alertsArguments(port));
    QCOMPARE(eslcat.finish(), 2);
    QVERIFY(eslcat.lines().isEmpty());
    QVERIFY2(eslcat.errors().contains("connection refused"), eslcat.errors().constData());
}

namespace {

// The legs of the call whose first leg is `uuid` in one `eslcat calls` line, or none.
QJsonArray legsOfCall(const QJsonObject &line, const QString &uuid)
{
    const QJsonArray legs = line.value(u"legs"_s).toArray();
    for (const QJsonValue &leg : legs) {
        if (leg.toObject().value(u"uuid"_s).toString() == uuid)
            return legs;
    }
    return {};
}

QJsonObject qualityOf(const QJsonArray &legs, const QString &uuid)
{
    for (const QJsonValue &leg : legs) {
        if (leg.toObject().value(u"uuid"_s).toString() == uuid)
            return leg.toObject().value(u"quality"_s).toObject();
    }
    return {};
}

} // namespace

void TestEslcatAlerts::callsLegsCarryTheirQualityOnceReported()
{
    // A switch whose SIP legs send RTCP every 150 ms (a real one: about every 4 s).
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    config.rtcpReportMs = 150;
    Sim::Switch sw(config);
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Eslcat eslcat({u"calls"_s, u"--watch"_s, u"--port"_s, QString::number(server.serverPort())});
    QVERIFY(waitForSync(server));

    Sim::Switch::CallSpec spec;
    spec.callerName = u"Bob"_s;
    spec.callerNumber = u"1000"_s;
    spec.destination = u"2000"_s;
    spec.variables = {{"rtcp_audio_interval_msec", u"1000"_s}, {"fire_rtcp_events", u"true"_s}};
    const QString a = sw.placeCall(spec);
    spec.callerName = u"Carol"_s;
    spec.variables.clear(); // no RTCP on this one
    const QString quiet = sw.placeCall(spec);

    // Reported: both legs carry a MOS, a loss and a jitter, live (not the hangup's).
    QJsonArray legs;
    QVERIFY2(!eslcat
                  .waitForLine([&](const QJsonObject &line) {
                      legs = legsOfCall(line, a);
                      return legs.size() == 2 &&
                             qualityOf(legs, a).contains(u"mos"_s) &&
                             qualityOf(legs, legs[1].toObject().value(u"uuid"_s).toString())
                                 .contains(u"mos"_s);
                  })
                  .isEmpty(),
             eslcat.errors().constData());
    const QString b = legs[1].toObject().value(u"uuid"_s).toString();
    for (const QString &uuid : {a, b}) {
        const QJsonObject q = qualityOf(legs, uuid);
        QVERIFY2(q.value(u"mos"_s).toDouble() >= 1 && q.value(u"mos"_s).toDouble() <= 4.5,
                 qPrintable(uuid));
        QVERIFY(q.value(u"lossPct"_s).toDouble(-1) >= 0);
        QVERIFY(q.value(u"jitterMs"_s).toDouble(-1) >= 0);
        QVERIFY(!q.contains(u"final"_s));
    }

    // The B leg's audio goes bad: its MOS falls below fair and its loss shows.
    QVERIFY(sw.degradeLeg(b, 25, 80));
    const QJsonObject poor = eslcat.waitForLine([&](const QJsonObject &line) {
        const QJsonObject q = qualityOf(legsOfCall(line, a), b);
        return q.value(u"mos"_s).toDouble(5) < 3.6 && q.value(u"lossPct"_s).toDouble() > 0;
    });
    QVERIFY2(!poor.isEmpty(), eslcat.errors().constData());
    // A call without RTCP carries no quality while it is up.
    for (const QJsonValue &leg : legsOfCall(poor, quiet))
        QVERIFY(!leg.toObject().contains(u"quality"_s));
    QCOMPARE(eslcat.terminate(), 0);
}

QTEST_MAIN(TestEslcatAlerts)
#include "tst_eslcatalerts.moc"
