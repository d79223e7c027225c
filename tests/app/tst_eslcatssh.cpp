// eslcat through the built-in SSH tunnel, as a user runs it: a real sshd (tests/support/sshd.h)
// in front of the simulated switch, `eslcat api --ssh ... status`.

#include "support/sshd.h"

#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QProcess>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestEslcatSsh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void printsStatusThroughTheTunnel();
    void refusesAnUnknownHostKeyShowingItsFingerprint();

private:
    // Runs eslcat while this event loop keeps serving the simulated switch.
    int eslcat(const QStringList &arguments, QString *out, QString *err);
    [[nodiscard]] QStringList sshArguments(const QString &knownHosts) const;

    std::unique_ptr<TestSupport::Sshd> m_sshd;
    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};

void TestEslcatSsh::initTestCase()
{
    if (const QString why = TestSupport::Sshd::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    m_sshd = std::make_unique<TestSupport::Sshd>();
    QVERIFY2(m_sshd->start(), qPrintable(m_sshd->log()));
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

int TestEslcatSsh::eslcat(const QStringList &arguments, QString *out, QString *err)
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH), arguments);
    if (!process.waitForStarted())
        return -1;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    *out = QString::fromUtf8(process.readAllStandardOutput());
    *err = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QStringList TestEslcatSsh::sshArguments(const QString &knownHosts) const
{
    return {u"api"_s,
            u"--port"_s, QString::number(m_server->serverPort()),
            u"--ssh"_s, u"%1@127.0.0.1:%2"_s.arg(TestSupport::Sshd::currentUser()).arg(m_sshd->port()),
            u"--ssh-key"_s, m_sshd->userKey(),
            u"--known-hosts"_s, knownHosts};
}

void TestEslcatSsh::printsStatusThroughTheTunnel()
{
    QString out;
    QString err;
    const QString knownHosts = m_sshd->path(u"eslcat_known_hosts"_s);
    const int code = eslcat(sshArguments(knownHosts) + QStringList{u"--accept-new-host-key"_s, u"status"_s},
                            &out, &err);
    QVERIFY2(code == 0, qPrintable(err));
    QVERIFY2(out.contains(u"UP"_s), qPrintable(out));
    QFile file(knownHosts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().trimmed(), m_sshd->knownHostsLine());
}

void TestEslcatSsh::refusesAnUnknownHostKeyShowingItsFingerprint()
{
    QString out;
    QString err;
    const QString knownHosts = m_sshd->path(u"eslcat_empty_known_hosts"_s);
    const int code = eslcat(sshArguments(knownHosts) + QStringList{u"status"_s}, &out, &err);
    QVERIFY2(code == 2, qPrintable(u"exit %1: %2"_s.arg(code).arg(err)));
    const QString fingerprint = m_sshd->hostKeyFingerprint();
    QVERIFY(fingerprint.startsWith(u"SHA256:"_s));
    QVERIFY2(err.contains(fingerprint), qPrintable(err));
    // ... and the option that trusts it.
    QVERIFY2(err.contains(u"run again with --accept-new-host-key"_s), qPrintable(err));
    QVERIFY(out.isEmpty());
}

QTEST_MAIN(TestEslcatSsh)
#include "tst_eslcatssh.moc"
