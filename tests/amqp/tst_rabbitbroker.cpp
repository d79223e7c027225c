// The real RabbitMQ broker the AMQP tests start for themselves (issue #18): it answers AMQP on a
// port of its own, rabbitmqctl reaches it, it stops and starts again on the same port, and no
// epmd or Erlang VM of it is left once the program is over, however the program ends.

#include "support/rabbitbroker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

using TestSupport::RabbitBroker;

namespace {

// AMQP 0-9-1's protocol header; the broker answers it with Connection.Start on channel 0.
constexpr char protocolHeader[] = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

// The first frame the broker sends after the protocol header, at most 4 KiB of it.
QByteArray firstFrameAfterHeader(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(protocolHeader, sizeof protocolHeader);
    QByteArray received;
    // type(1) channel(2) size(4) class(2) method(2) version-major(1) version-minor(1)
    while (received.size() < 13 && socket.waitForReadyRead(5000))
        received += socket.read(4096 - received.size());
    return received;
}

bool refuses(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return !socket.waitForConnected(2000) &&
           socket.error() == QAbstractSocket::ConnectionRefusedError;
}

bool refusesWithin(quint16 port, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!refuses(port)) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(100);
    }
    return true;
}

// Processes whose command line contains `needle` (arguments joined by spaces), this one aside.
// The VM's command line names the data directory (-home); epmd's names its port.
QStringList processesMentioning(const QString &needle)
{
    QStringList found;
    const QString self = QString::number(QCoreApplication::applicationPid());
    for (const QString &pid :
         QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (pid == self || pid.toLongLong() <= 0)
            continue;
        QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QByteArray line = file.read(64 * 1024);
        line.replace('\0', ' ');
        const QString text = QString::fromLocal8Bit(line);
        if (text.contains(needle))
            found << pid + u' ' + text.left(160);
    }
    return found;
}

QString epmdNeedle(quint16 port)
{
    return QStringLiteral("epmd -port %1 ").arg(port);
}

// Waits until neither the VM nor epmd of a broker remains; lists what does when they do.
QStringList survivorsAfterWaiting(const QString &dataDirectory, quint16 epmdPort)
{
    const QDeadlineTimer deadline(10000);
    QStringList left;
    do {
        left = processesMentioning(dataDirectory) + processesMentioning(epmdNeedle(epmdPort));
        if (left.isEmpty())
            return left;
        QThread::msleep(100);
    } while (!deadline.hasExpired());
    return left;
}

// A child run of this program: starts the shared broker, prints where it lives, then ends the
// way it was told to. The parent checks that nothing of the broker outlives it.
int holdBroker(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QByteArray ending = argc > 2 ? QByteArray(argv[2]) : QByteArray();
    RabbitBroker *broker = RabbitBroker::shared();
    if (!broker) {
        std::printf("unavailable %s\n", qPrintable(RabbitBroker::unavailableReason()));
        return 3;
    }
    std::printf("broker %s %u %u\n", qPrintable(broker->dataDirectory()),
                unsigned(broker->epmdPort()), unsigned(broker->amqpPort()));
    std::fflush(stdout);
    if (ending == "abort")
        std::abort(); // as a crashed test would: no destructors, no atexit()
    if (ending == "exit")
        std::exit(0); // as QTest's fatal paths do: atexit() but not QCoreApplication's destructor
    return 0;         // as a normal end: QCoreApplication's destructor
}

} // namespace

class TstRabbitBroker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer clock;
        clock.start();
        QSKIP_UNLESS_BROKER(broker);
        qInfo("shared() took %lld ms", static_cast<long long>(clock.elapsed()));
    }

    void answersAmqpWithConnectionStart()
    {
        QSKIP_UNLESS_BROKER(broker);
        const QByteArray frame = firstFrameAfterHeader(broker->amqpPort());
        QVERIFY2(frame.size() >= 13, frame.toHex(' ').constData());
        QCOMPARE(quint8(frame[0]), quint8(1));                        // a method frame
        QCOMPARE(frame.mid(1, 2), QByteArray("\x00\x00", 2));         // on channel 0
        QCOMPARE(frame.mid(7, 4), QByteArray("\x00\x0a\x00\x0a", 4)); // connection.start
        QCOMPARE(frame.mid(11, 2), QByteArray("\x00\x09", 2));        // offering 0-9
    }

    void urlNamesThePortAndEncodesTheVhost()
    {
        QSKIP_UNLESS_BROKER(broker);
        const QString base =
            QStringLiteral("amqp://guest:guest@127.0.0.1:%1/").arg(broker->amqpPort());
        QCOMPARE(broker->url(), base + QStringLiteral("%2F"));
        QCOMPARE(broker->url(QStringLiteral("fleet a/b")), base + QStringLiteral("fleet%20a%2Fb"));
    }

    void listsTheDefaultVhost()
    {
        QSKIP_UNLESS_BROKER(broker);
        const QString vhosts = broker->ctl({QStringLiteral("list_vhosts")});
        QVERIFY2(!vhosts.isNull(), qPrintable(broker->lastError()));
        QVERIFY2(vhosts.split(u'\n').contains(QStringLiteral("/")), qPrintable(vhosts));
    }

    void ctlSaysWhyACommandFailed()
    {
        QSKIP_UNLESS_BROKER(broker);
        QVERIFY(broker->ctl({QStringLiteral("no_such_command")}).isNull());
        QVERIFY2(broker->lastError().contains(u"no_such_command"), qPrintable(broker->lastError()));
    }

    void addsAVhostThatGuestMayUse()
    {
        QSKIP_UNLESS_BROKER(broker);
        QVERIFY2(broker->addVhost(QStringLiteral("fleet-a")), qPrintable(broker->lastError()));
        QVERIFY2(broker->addVhost(QStringLiteral("fleet-a")),
                 qPrintable(broker->lastError())); // again: fine
        const QString vhosts = broker->ctl({QStringLiteral("list_vhosts")});
        QVERIFY2(vhosts.split(u'\n').contains(QStringLiteral("fleet-a")), qPrintable(vhosts));
        const QString permissions = broker->ctl(
            {QStringLiteral("list_permissions"), QStringLiteral("-p"), QStringLiteral("fleet-a")});
        QVERIFY2(permissions.contains(QStringLiteral("guest\t.*\t.*\t.*")),
                 qPrintable(permissions));
    }

    void addsAUserWhoMayLogIn()
    {
        QSKIP_UNLESS_BROKER(broker);
        QVERIFY2(broker->addUser(QStringLiteral("switch-1"), QStringLiteral("s3cret"),
                                 QStringLiteral("fleet-b")),
                 qPrintable(broker->lastError()));
        QVERIFY2(!broker
                      ->ctl({QStringLiteral("authenticate_user"), QStringLiteral("switch-1"),
                             QStringLiteral("s3cret")})
                      .isNull(),
                 qPrintable(broker->lastError()));
        const QString permissions = broker->ctl(
            {QStringLiteral("list_permissions"), QStringLiteral("-p"), QStringLiteral("fleet-b")});
        QVERIFY2(permissions.contains(QStringLiteral("switch-1\t.*\t.*\t.*")),
                 qPrintable(permissions));
    }

    void stopsAndStartsAgainOnTheSamePortKeepingItsData()
    {
        QSKIP_UNLESS_BROKER(broker);
        const quint16 port = broker->amqpPort();
        QVERIFY2(broker->addVhost(QStringLiteral("kept-across-restarts")),
                 qPrintable(broker->lastError()));
        QVERIFY2(broker->stop(), qPrintable(broker->lastError()));
        QVERIFY(!broker->isRunning());
        QVERIFY(refuses(port));

        QVERIFY2(broker->start(), qPrintable(broker->lastError()));
        QVERIFY(broker->isRunning());
        QCOMPARE(broker->amqpPort(), port);
        QVERIFY(firstFrameAfterHeader(port).startsWith(char(1))); // a method frame
        const QString vhosts = broker->ctl({QStringLiteral("list_vhosts")});
        QVERIFY2(vhosts.split(u'\n').contains(QStringLiteral("kept-across-restarts")),
                 qPrintable(vhosts));
    }

    void comesBackAfterBeingKilled()
    {
        QSKIP_UNLESS_BROKER(broker);
        const quint16 port = broker->amqpPort();
        QVERIFY(broker->kill());
        QVERIFY(refuses(port));
        QVERIFY2(broker->restart(),
                 qPrintable(broker->lastError())); // stop() of a dead node is no error
        QVERIFY(firstFrameAfterHeader(port).startsWith(char(1))); // a method frame
    }

    void isUnavailableWithAReasonWhenNotInstalled()
    {
        QVERIFY(RabbitBroker::probe(QStringLiteral("/nonexistent/rabbitmq-server"))
                    .contains(u"apt-get install rabbitmq-server"));
        QVERIFY(RabbitBroker::probe(QString()).contains(u"rabbitmq-server is not installed"));
        // A server with no rabbitmqctl beside it.
        QVERIFY(
            RabbitBroker::probe(QCoreApplication::applicationFilePath()).contains(u"rabbitmqctl"));

        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SWITCHBOARD_RABBITMQ_SERVER"),
                           QStringLiteral("/nonexistent"));
        child.setProcessEnvironment(environment);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--hold-broker")});
        QVERIFY(child.waitForFinished(30000));
        const QString output = QString::fromLocal8Bit(child.readAllStandardOutput());
        QCOMPARE(child.exitCode(), 3);
        QVERIFY2(
            output.startsWith(u"unavailable rabbitmq-server is not installed (no /nonexistent; "
                              u"apt-get install rabbitmq-server)"),
            qPrintable(output));
    }

    void saysWhyABrokerWouldNotStart()
    {
        // A "server" that fails at once the way a broken installation would, with a rabbitmqctl
        // beside it so that the probe passes.
        QTemporaryDir fake;
        QVERIFY(fake.isValid());
        const QString server = fake.filePath(QStringLiteral("rabbitmq-server"));
        QFile script(server);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho \"BOOT FAILED: no space left on device\"\nexit 70\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(QFile::link(QStringLiteral("/bin/false"),
                            fake.filePath(QStringLiteral("rabbitmqctl"))));
        if (!RabbitBroker::probe(server).isEmpty())
            QSKIP(qPrintable(RabbitBroker::probe(server))); // no Erlang here

        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SWITCHBOARD_RABBITMQ_SERVER"), server);
        child.setProcessEnvironment(environment);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--hold-broker")});
        QVERIFY(child.waitForFinished(30000));
        const QString output = QString::fromLocal8Bit(child.readAllStandardOutput());
        QCOMPARE(child.exitCode(), 3);
        QVERIFY2(
            output.startsWith(
                u"unavailable rabbitmq-server exited (code 70) before answering on 127.0.0.1:"),
            qPrintable(output));
        QVERIFY2(output.contains(u"BOOT FAILED: no space left on device"),
                 qPrintable(output)); // the log's tail
    }

    // Three child programs, run side by side (a boot is seconds of CPU): one returns from main(),
    // one calls exit(), one aborts.
    void leavesNoProcessBehindHoweverTheProgramEnds()
    {
        if (!RabbitBroker::isInstalled())
            QSKIP(qPrintable(RabbitBroker::probe(RabbitBroker::serverPath())));
        const QStringList endings = {QStringLiteral("return"), QStringLiteral("exit"),
                                     QStringLiteral("abort")};
        std::vector<std::unique_ptr<QProcess>> children;
        for (const QString &ending : endings) {
            children.push_back(std::make_unique<QProcess>());
            children.back()->start(QCoreApplication::applicationFilePath(),
                                   {QStringLiteral("--hold-broker"), ending});
        }
        for (std::size_t i = 0; i < children.size(); ++i) {
            const QString &ending = endings[int(i)];
            QProcess &child = *children[i];
            QVERIFY2(child.waitForFinished(90000), qPrintable(ending));
            const QString said = QString::fromLocal8Bit(child.readAllStandardOutput()).trimmed();
            const QStringList words = said.split(u' ');
            QVERIFY2(words.size() == 4 && words[0] == u"broker",
                     qPrintable(ending + QStringLiteral(": ") + said));
            const QString dataDirectory = words[1];
            const auto epmdPort = quint16(words[2].toUInt());
            const auto amqpPort = quint16(words[3].toUInt());

            const QStringList survivors = survivorsAfterWaiting(dataDirectory, epmdPort);
            // An aborted program cannot remove its data directory: its parent does.
            if (ending == u"abort" && dataDirectory.contains(u"switchboard-rabbitmq-"))
                QDir(dataDirectory).removeRecursively();
            QVERIFY2(survivors.isEmpty(),
                     qPrintable(ending + QStringLiteral(":\n") + survivors.join(u'\n')));
            // A killed VM's command line is gone a moment before its sockets are.
            QVERIFY2(refusesWithin(amqpPort, 10000), qPrintable(ending));
            QVERIFY2(refusesWithin(epmdPort, 10000), qPrintable(ending));
            if (ending != u"abort")
                QVERIFY2(!QDir(dataDirectory).exists(),
                         qPrintable(ending + QStringLiteral(": ") + dataDirectory));
        }
    }

    // Last: what the end of every test program does, checked here in this program.
    void shutdownLeavesNoProcessBehind()
    {
        QSKIP_UNLESS_BROKER(broker);
        QVERIFY2(!processesMentioning(broker->dataDirectory()).isEmpty(),
                 "the VM's command line names -home");
        QVERIFY(!processesMentioning(epmdNeedle(broker->epmdPort())).isEmpty());
        broker->shutdown();
        const QStringList survivors =
            survivorsAfterWaiting(broker->dataDirectory(), broker->epmdPort());
        QVERIFY2(survivors.isEmpty(), qPrintable(survivors.join(u'\n')));
        QVERIFY(refusesWithin(broker->amqpPort(), 10000));
        QVERIFY(refusesWithin(broker->epmdPort(), 10000));
    }
};

int main(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--hold-broker") == 0)
        return holdBroker(argc, argv);
    QCoreApplication app(argc, argv);
    TstRabbitBroker test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_rabbitbroker.moc"
