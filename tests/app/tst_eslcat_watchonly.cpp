// eslcat api with --watch-only and under userauth, against the simulated switch: a control
// command is refused before the wire (stderr says why, exit 1 — the command failed, as with a
// switch's -ERR; 2 is kept for a connection that failed, and the link here was fine), a read-only
// one runs; a command the directory user's esl-allowed-api leaves out is refused by the switch,
// and stderr says which command, which login and which list.

#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QProcess>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kProcessTimeoutMs = 20000;

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs eslcat while the event loop serves the in-process switch.
Result eslcat(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH), arguments);
    Result r;
    if (!process.waitForStarted())
        return r;
    (void)QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; },
                          kProcessTimeoutMs);
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

struct Switch
{
    Switch()
    {
        Sim::UserAccount watcher;
        watcher.user = u"watcher@example.com"_s;
        watcher.password = u"secret"_s;
        watcher.allowedApi = {u"status"_s, u"show"_s, u"global_getvar"_s};
        server.addUser(watcher);
        server.listen(QHostAddress::LocalHost, 0);
        Sim::Switch::CallSpec spec;
        call = sw.placeCall(spec);
    }
    [[nodiscard]] QStringList api(const QStringList &arguments) const
    {
        return QStringList{u"api"_s, u"--port"_s, QString::number(server.serverPort())} + arguments;
    }

    Sim::Switch sw{Sim::SwitchConfig{.initialCalls = 0}};
    Sim::EventSocketServer server{&sw};
    QString call;
};

} // namespace

class TestEslcatWatchOnly : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void watchOnlyRefusesAControlCommandUnsentAndExitsOne();
    void watchOnlyRunsAReadOnlyCommand();
    void aCommandTheLoginMayNotRunSaysWhy();
};

void TestEslcatWatchOnly::watchOnlyRefusesAControlCommandUnsentAndExitsOne()
{
    Switch s;
    QVERIFY(s.sw.hasChannel(s.call));
    const Result r = eslcat(s.api({u"--watch-only"_s, u"uuid_kill "_s + s.call, u"status"_s}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("eslcat: uuid_kill " + s.call.toUtf8() +
                              ": watch-only: \"uuid_kill\" would change a call or the switch; "
                              "only read-only commands are sent ("),
             r.err.constData());
    QVERIFY(r.out.startsWith("UP ")); // the next command still ran
    QVERIFY(s.sw.hasChannel(s.call)); // nothing reached the switch
}

void TestEslcatWatchOnly::watchOnlyRunsAReadOnlyCommand()
{
    Switch s;
    const Result r = eslcat(s.api({u"--watch-only"_s, u"status"_s}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("UP "));
    QCOMPARE(r.err, QByteArray());
}

void TestEslcatWatchOnly::aCommandTheLoginMayNotRunSaysWhy()
{
    Switch s;
    const Result r = eslcat(s.api({u"--user"_s, u"watcher@example.com"_s, u"--password"_s,
                                   u"secret"_s, u"uuid_kill "_s + s.call, u"status"_s}));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, "eslcat: uuid_kill " + s.call.toUtf8() +
                        ": the switch refused \"uuid_kill\" for this login (userauth "
                        "watcher@example.com): permission denied — its esl-allowed-api does not "
                        "include it\n");
    QVERIFY(r.out.startsWith("UP "));
    QVERIFY(s.sw.hasChannel(s.call));
}

QTEST_MAIN(TestEslcatWatchOnly)
#include "tst_eslcat_watchonly.moc"
