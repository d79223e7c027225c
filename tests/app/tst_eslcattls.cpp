// eslcat api over TLS, as a user runs it: the built program against Debian's stunnel4 in front
// of the simulated switch, trusting it by a CA file or a pin, and refusing it otherwise with the
// pin to check.

#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "support/stunnel.h"
#include "support/tlscertificates.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int processTimeoutMs = 30000;

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestEslcatTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void printsTheStatusWithTheRightCa();
    void refusesAWrongCaAndPrintsThePin();
    void connectsWithTheRightPin();
    void refusesAWrongPinAsChanged();

private:
    // eslcat, with the event loop running for the simulated switch while it works.
    Run eslcat(const QStringList &arguments);
    [[nodiscard]] QString cert(const char *name) const { return m_certs.path(QLatin1String(name)); }

    QTemporaryDir m_dir;
    TestSupport::TlsCertificates m_certs;
    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
    std::unique_ptr<TestSupport::Stunnel> m_stunnel;
    QString m_port;
};

void TestEslcatTls::initTestCase()
{
    if (const QString why = TestSupport::Stunnel::probe(); !why.isEmpty())
        QSKIP(qPrintable(why));
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_certs.make(m_dir.path()), qPrintable(m_certs.lastError()));
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    m_switch = std::make_unique<Sim::Switch>(config);
    m_server = std::make_unique<Sim::EventSocketServer>(m_switch.get());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_stunnel = std::make_unique<TestSupport::Stunnel>();
    TestSupport::Stunnel::Options options;
    options.certificateFile = cert("server.pem");
    options.keyFile = cert("server.key");
    options.backendPort = m_server->serverPort();
    QVERIFY2(m_stunnel->start(options), qPrintable(m_stunnel->lastError()));
    m_port = QString::number(m_stunnel->port());
}

void TestEslcatTls::cleanupTestCase()
{
    m_stunnel.reset();
}

Run TestEslcatTls::eslcat(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH), arguments);
    Run run;
    if (!process.waitForStarted(processTimeoutMs))
        return run;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; },
                         processTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void TestEslcatTls::printsTheStatusWithTheRightCa()
{
    const Run run =
        eslcat({u"api"_s, u"--tls"_s, u"--ca"_s, cert("ca.pem"), u"--port"_s, m_port, u"status"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(u"UP "_s), qPrintable(run.out));
}

void TestEslcatTls::refusesAWrongCaAndPrintsThePin()
{
    const Run run = eslcat(
        {u"api"_s, u"--tls"_s, u"--ca"_s, cert("other-ca.pem"), u"--port"_s, m_port, u"status"_s});
    QCOMPARE(run.exitCode, 2);
    const QString pin = m_certs.opensslPin(cert("server.pem"));
    QVERIFY2(!pin.isEmpty(), qPrintable(m_certs.lastError()));
    QVERIFY2(run.err.contains(u"is not trusted"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(pin), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"pass that key with --pin"_s), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestEslcatTls::connectsWithTheRightPin()
{
    const QString pin = m_certs.opensslPin(cert("server.pem"));
    const Run run = eslcat({u"api"_s, u"--pin"_s, pin, u"--port"_s, m_port, u"status"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(u"UP "_s), qPrintable(run.out));
}

void TestEslcatTls::refusesAWrongPinAsChanged()
{
    const QString wrong = m_certs.opensslPin(cert("server2.pem"));
    const Run run = eslcat({u"api"_s, u"--pin"_s, wrong, u"--port"_s, m_port, u"status"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"changed: expected "_s + wrong), qPrintable(run.err));
    QVERIFY2(run.err.contains(m_certs.opensslPin(cert("server.pem"))), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_MAIN(TestEslcatTls)
#include "tst_eslcattls.moc"
