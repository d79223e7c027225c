// switchboard's command line where there is no display: --help, --version and a bad option are
// answered on the terminal without starting the GUI (QApplication aborts without a display).

#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSwitchboardCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void printsHelpWithoutADisplay();
    void printsTheVersionWithoutADisplay();
    void refusesAnUnknownOptionWithoutADisplay();

private:
    struct Run
    {
        int status = -1;
        QProcess::ExitStatus exit = QProcess::CrashExit;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments);
};

TestSwitchboardCli::Run TestSwitchboardCli::run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        env.remove(name);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SWITCHBOARD_PATH), arguments);
    Run r;
    if (!process.waitForStarted(10000))
        return r;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
        return r;
    r.exit = process.exitStatus();
    r.status = process.exitCode();
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

void TestSwitchboardCli::printsHelpWithoutADisplay()
{
    const Run r = run({u"--help"_s});
    QCOMPARE(r.exit, QProcess::NormalExit);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(u"Usage:"_s), qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(u"--demo"_s));
    QVERIFY(r.out.contains(u"--calls-per-second"_s));
}

void TestSwitchboardCli::printsTheVersionWithoutADisplay()
{
    const Run r = run({u"--version"_s});
    QCOMPARE(r.exit, QProcess::NormalExit);
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out.trimmed(), u"Switchboard "_s + QStringLiteral(SWITCHBOARD_VERSION));
}

void TestSwitchboardCli::refusesAnUnknownOptionWithoutADisplay()
{
    const Run r = run({u"--dmeo"_s});
    QCOMPARE(r.exit, QProcess::NormalExit);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(u"dmeo"_s), qPrintable(r.err));
    QVERIFY(r.err.contains(u"--help"_s));
}

QTEST_GUILESS_MAIN(TestSwitchboardCli)
#include "tst_switchboard_cli.moc"
