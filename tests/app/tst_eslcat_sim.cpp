// eslcat sim as a user runs it: a switch on a port, calls arriving, clients of this library
// (and eslcat api) served, outbound sockets dialled, a clean stop on SIGTERM.

#include "esl/inboundclient.h"
#include "esl/outboundserver.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace Qt::Literals::StringLiterals;

namespace {

struct RunningSim
{
    QProcess process;
    quint16 port = 0;

    bool start(const QStringList &extra)
    {
        process.start(QStringLiteral(ESLCAT_PATH), QStringList{u"sim"_s, u"--port"_s, u"0"_s, u"--initial-calls"_s, u"0"_s} + extra);
        if (!process.waitForStarted())
            return false;
        static const QRegularExpression listening(u"listening on 127\\.0\\.0\\.1:(\\d+)"_s);
        QByteArray out;
        const bool seen = QTest::qWaitFor([&] {
            out += process.readAllStandardOutput();
            const auto m = listening.match(QString::fromUtf8(out));
            if (m.hasMatch())
                port = quint16(m.captured(1).toUInt());
            return port != 0;
        }, 10000);
        return seen;
    }
    ~RunningSim()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
        }
    }
};

} // namespace

class TestEslcatSim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesCallsToAnInboundClient();
    void answersEslcatApi();
    void startsWithTheCallsItIsAskedFor();
    void dialsAnOutboundSocketForEveryCall();
    void refusesAWrongPassword();
    void stopsCleanlyOnSigterm();
    void refusesBadArguments();
};

void TestEslcatSim::servesCallsToAnInboundClient()
{
    RunningSim sim;
    QVERIFY(sim.start({u"--calls-per-second"_s, u"20"_s, u"--mean-duration"_s, u"1"_s}));
    Esl::ConnectionOptions options;
    options.port = sim.port;
    Esl::InboundClient client(options);
    QStringList names;
    connect(&client, &Esl::InboundClient::eventReceived, this,
            [&](const Esl::Event &e) { names.append(e.name()); });
    client.connectToServer();
    QVERIFY(QTest::qWaitFor([&] {
        return names.contains(u"CHANNEL_BRIDGE"_s) && names.contains(u"CHANNEL_HANGUP_COMPLETE"_s);
    }, 15000));
    QVERIFY(client.isLive());
}

void TestEslcatSim::answersEslcatApi()
{
    RunningSim sim;
    QVERIFY(sim.start({u"--calls-per-second"_s, u"0"_s}));
    QProcess api;
    api.start(QStringLiteral(ESLCAT_PATH), {u"api"_s, u"--port"_s, QString::number(sim.port),
                                            u"show channels as json"_s, u"version"_s});
    QVERIFY(api.waitForFinished(15000));
    QCOMPARE(api.exitCode(), 0);
    const QByteArray out = api.readAllStandardOutput();
    QVERIFY2(out.startsWith("{\"row_count\": 0}\n"), out.constData());
    QVERIFY(out.contains("FreeSWITCH Version 1.10.12"));
}

void TestEslcatSim::startsWithTheCallsItIsAskedFor()
{
    RunningSim sim;
    QVERIFY(sim.start({u"--calls-per-second"_s, u"0"_s, u"--initial-calls"_s, u"4"_s}));
    QProcess api;
    api.start(QStringLiteral(ESLCAT_PATH),
              {u"api"_s, u"--port"_s, QString::number(sim.port), u"show calls as json"_s});
    QVERIFY(api.waitForFinished(15000));
    QCOMPARE(api.exitCode(), 0);
    const QByteArray out = api.readAllStandardOutput();
    QVERIFY2(out.startsWith("{\"row_count\":4,"), out.constData());
}

void TestEslcatSim::dialsAnOutboundSocketForEveryCall()
{
    Esl::OutboundServer outbound;
    QVERIFY(outbound.listen(QHostAddress::LocalHost, 0));
    QList<QString> ready;
    connect(&outbound, &Esl::OutboundServer::sessionReady, this, [&](Esl::OutboundSession *s) {
        ready.append(s->uniqueId());
        s->execute(u"playback"_s, u"tone_stream://%(100,0,440)"_s);
    });
    RunningSim sim;
    QVERIFY(sim.start({u"--calls-per-second"_s, u"5"_s, u"--mean-duration"_s, u"2"_s,
                       u"--outbound"_s, u"127.0.0.1:"_s + QString::number(outbound.serverPort())}));
    QVERIFY(QTest::qWaitFor([&] { return ready.size() >= 2; }, 15000));
    QVERIFY(!ready.first().isEmpty());
    QVERIFY(ready.first() != ready.last());
}

void TestEslcatSim::refusesAWrongPassword()
{
    RunningSim sim;
    QVERIFY(sim.start({u"--password"_s, u"s3cret"_s, u"--calls-per-second"_s, u"0"_s}));
    QProcess api;
    api.start(QStringLiteral(ESLCAT_PATH), {u"api"_s, u"--port"_s, QString::number(sim.port), u"status"_s});
    QVERIFY(api.waitForFinished(15000));
    QCOMPARE(api.exitCode(), 2);
    QVERIFY(api.readAllStandardError().contains("wrong password"));
}

void TestEslcatSim::stopsCleanlyOnSigterm()
{
    RunningSim sim;
    QVERIFY(sim.start({}));
    ::kill(pid_t(sim.process.processId()), SIGTERM);
    QVERIFY(sim.process.waitForFinished(10000));
    QCOMPARE(sim.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.process.exitCode(), 0);
}

void TestEslcatSim::refusesBadArguments()
{
    for (const QStringList &args : {QStringList{u"--calls-per-second"_s, u"many"_s},
                                    QStringList{u"--outbound"_s, u"nohostport"_s},
                                    QStringList{u"--port"_s, u"70000"_s}}) {
        QProcess p;
        p.start(QStringLiteral(ESLCAT_PATH), QStringList{u"sim"_s} + args);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("bad arguments"));
    }
}

QTEST_GUILESS_MAIN(TestEslcatSim)
#include "tst_eslcat_sim.moc"
