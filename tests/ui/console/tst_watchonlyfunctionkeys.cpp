// The API console's function keys on a watch-only server, against the simulated switch: a key
// whose command would change the switch (F10 fsctl pause, F11 fsctl resume, F6 reloadxml) is
// refused at once with the library's watch-only reason — no "Run fsctl pause?" question first,
// nothing sent — and the keys line offers only the keys that run there; the read-only keys still
// run. On a normal server beside it, F10 still asks.

#include "support/uisim.h"

#include "console/functionkeys.h"
#include "ui/console/apiconsole.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

QString text(const Ui::ApiConsole &console)
{
    return console.output()->toPlainText();
}

// Counts the question boxes that show, answering each with Yes.
struct Questions
{
    Questions()
    {
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || !box->isVisible())
                return;
            ++asked;
            box->button(QMessageBox::Yes)->click();
        });
        timer.start(10);
    }
    QTimer timer;
    int asked = 0;
};

} // namespace

class TestWatchOnlyFunctionKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_watchonlyfunctionkeys"_s);
    }
    void init();
    void cleanup();

    void theKeysThatChangeTheSwitchAreTheOnesRefused();
    void aChangingKeyIsRefusedAtOnceWithoutAsking_data();
    void aChangingKeyIsRefusedAtOnceWithoutAsking();
    void aReadOnlyKeyStillRuns();
    void theKeysLineOffersOnlyWhatRuns();
    void aNormalServerStillAsksBeforeF10();

private:
    [[nodiscard]] int receivedCount(const QByteArray &line) const
    {
        return int(m_received.count(line));
    }

    std::unique_ptr<TestSupport::UiSim> m_normal;
    std::unique_ptr<TestSupport::UiSim> m_watched;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Ui::ApiConsole> m_console;
    QObject m_context;
    QList<QByteArray> m_received; // what the watch-only server's switch received
};

void TestWatchOnlyFunctionKeys::init()
{
    QSettings().clear();
    m_received.clear();
    m_normal = std::make_unique<TestSupport::UiSim>();
    m_watched = std::make_unique<TestSupport::UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    QVERIFY(m_normal->watch(*m_hub, u"pbx"_s));
    Monitor::ServerProfile watching = m_watched->profile(u"ssh-pbx"_s);
    watching.connection.watchOnly = true;
    Monitor::ServerMonitor *watch = m_hub->addServer(watching);
    watch->start();
    QVERIFY(QTest::qWaitFor([&] { return watch->link()->isLive() && !watch->isOutOfStep(); },
                            kWait));
    QObject::connect(m_watched->server.get(), &Sim::EventSocketServer::commandReceived,
                     &m_context, [this](const Esl::wire::Command &c) { m_received.append(c.line); });
    m_console = std::make_unique<Ui::ApiConsole>(m_hub.get());
    QComboBox *servers = m_console->serverChooser();
    servers->setCurrentIndex(servers->findText(u"ssh-pbx"_s));
    QCOMPARE(m_console->currentServer(), watch->id());
}

void TestWatchOnlyFunctionKeys::cleanup()
{
    m_console.reset();
    m_hub.reset();
    m_normal.reset();
    m_watched.reset();
}

void TestWatchOnlyFunctionKeys::theKeysThatChangeTheSwitchAreTheOnesRefused()
{
    using Console::FunctionKeys::watchOnlyRefusal;
    for (int key : {1, 6, 10, 11}) { // help (not on the allow-list), reloadxml, fsctl ×2
        const std::optional<QString> why = watchOnlyRefusal(key);
        QVERIFY2(why && why->startsWith(u"watch-only: \""_s), qPrintable(QString::number(key)));
    }
    QVERIFY(watchOnlyRefusal(10)->contains(u"\"fsctl\" would change a call or the switch"_s));
    for (int key : {2, 3, 4, 5, 7, 8, 9, 12})
        QVERIFY2(!watchOnlyRefusal(key), qPrintable(QString::number(key)));
}

void TestWatchOnlyFunctionKeys::aChangingKeyIsRefusedAtOnceWithoutAsking_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("named"); // what the refusal names
    QTest::newRow("F10 fsctl pause") << 10 << u"fsctl"_s;
    QTest::newRow("F11 fsctl resume") << 11 << u"fsctl"_s;
    QTest::newRow("F6 reloadxml") << 6 << u"reloadxml"_s;
}

void TestWatchOnlyFunctionKeys::aChangingKeyIsRefusedAtOnceWithoutAsking()
{
    QFETCH(int, key);
    QFETCH(QString, named);
    const QString command = Ui::ApiConsole::functionKeyCommands().at(key - 1);
    Questions questions;
    const int audits = m_hub->audit()->size();
    m_received.clear();

    // A question box is modal: had one opened, it was answered before keyClick returned.
    QTest::keyClick(m_console->commandLine(), Qt::Key(Qt::Key_F1 + key - 1));
    QCOMPARE(questions.asked, 0);
    QVERIFY2(text(*m_console).contains(u"ssh-pbx> "_s + command), qPrintable(text(*m_console)));
    QVERIFY2(text(*m_console).contains(
                 u"watch-only: \"%1\" would change a call or the switch"_s.arg(named)),
             qPrintable(text(*m_console)));
    QVERIFY(text(*m_console).contains(u"(F%1, not sent)"_s.arg(key)));
    QCOMPARE(m_hub->audit()->size(), audits); // it went nowhere

    // Nothing reached the switch: a command sent after the key is answered, and the key's
    // command, which would have arrived before it, never came.
    m_console->commandLine()->setText(u"version"_s);
    QTest::keyClick(m_console->commandLine(), Qt::Key_Return);
    QVERIFY(QTest::qWaitFor([&] { return text(*m_console).contains(u"FreeSWITCH Version"_s); },
                            kWait));
    QCOMPARE(receivedCount("api version"), 1);
    QCOMPARE(receivedCount("api " + command.toUtf8()), 0);
    for (const QByteArray &line : m_received)
        QVERIFY2(!line.contains(named.toUtf8()), line.constData());
}

void TestWatchOnlyFunctionKeys::aReadOnlyKeyStillRuns()
{
    Questions questions;
    QTest::keyClick(m_console->commandLine(), Qt::Key_F2);
    QVERIFY(QTest::qWaitFor([&] { return text(*m_console).contains(u"is ready"_s); }, kWait));
    QVERIFY(receivedCount("api status") >= 1);
    QCOMPARE(questions.asked, 0);
}

void TestWatchOnlyFunctionKeys::theKeysLineOffersOnlyWhatRuns()
{
    auto *keys = m_console->findChild<QLabel *>(u"consoleKeys"_s);
    QVERIFY(keys);
    QVERIFY2(!keys->text().contains(u"fsctl"_s), qPrintable(keys->text()));
    QVERIFY(!keys->text().contains(u"reloadxml"_s));
    QVERIFY(keys->text().contains(u"F2 status"_s));
    QVERIFY(keys->text().contains(u"F10"_s)); // named among those not sent, so F10 is explained
    QVERIFY(!m_console->commandLine()->toolTip().contains(u"fsctl pause"_s));

    // On the normal server every key is offered again.
    QComboBox *servers = m_console->serverChooser();
    servers->setCurrentIndex(servers->findText(u"pbx"_s));
    QCOMPARE(keys->text(), Console::FunctionKeys::help());
    QVERIFY(m_console->commandLine()->toolTip().contains(u"F10 fsctl pause"_s));
}

void TestWatchOnlyFunctionKeys::aNormalServerStillAsksBeforeF10()
{
    QComboBox *servers = m_console->serverChooser();
    servers->setCurrentIndex(servers->findText(u"pbx"_s));
    Questions questions;
    QTest::keyClick(m_console->commandLine(), Qt::Key_F10);
    QCOMPARE(questions.asked, 1);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const Monitor::AuditEntry &e : m_hub->audit()->entries()) {
                if (e.command == u"api fsctl pause" && e.finishedMs != 0)
                    return e.ok;
            }
            return false;
        },
        kWait));
}

QTEST_MAIN(TestWatchOnlyFunctionKeys)
#include "tst_watchonlyfunctionkeys.moc"
