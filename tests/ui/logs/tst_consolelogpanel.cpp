// The console log panel while it has no rows (issue 17): a hint over the empty view says, for
// each server, what log level its profile asked the switch for, or that there is no server at
// all; it goes away when a line arrives and comes back when the filters leave none. Driven
// offscreen against a simulated switch on 127.0.0.1.

#include "support/uisim.h"

#include "ui/logs/logpanels.h"

#include <QLabel>
#include <QLineEdit>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using TestSupport::kWait;
using TestSupport::UiSim;
using Ui::ConsoleLogPanel;

namespace {

Sim::LogEntry notice(const QByteArray &text)
{
    return Sim::LogEntry{5,          u"switch_channel.c"_s, u"switch_channel_set_name"_s, 1142, {},
                         text + '\n'};
}

} // namespace

class TestConsoleLogPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void saysSoWhenNoSwitchIsWatched();
    void namesTheServerAndTheLevelItAskedFor();
    void goesAwayWhenALineArrivesAndComesBackWhenFiltersLeaveNone();
    void saysNoLogLinesForAProfileThatAskedForNone();
    void followsServersAddedAndRemoved();

private:
    // Adds the simulated switch as `name`, its profile asking for `logLevel`; with `live`, waits
    // until the monitor is live and in step.
    Monitor::ServerMonitor *watch(const QString &name, int logLevel, bool live = true);
    [[nodiscard]] QString hint() const { return m_panel->emptyHint()->text(); }
    [[nodiscard]] bool hintShown() const { return m_panel->emptyHint()->isVisible(); }

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Hub> m_hub;
    std::unique_ptr<ConsoleLogPanel> m_panel;
};

void TestConsoleLogPanel::init()
{
    m_sim = std::make_unique<UiSim>();
    m_hub = std::make_unique<Hub>();
    m_panel = std::make_unique<ConsoleLogPanel>(m_hub.get());
    m_panel->resize(900, 400);
    m_panel->show();
}

void TestConsoleLogPanel::cleanup()
{
    m_panel.reset();
    m_hub.reset();
    m_sim.reset();
}

Monitor::ServerMonitor *TestConsoleLogPanel::watch(const QString &name, int logLevel, bool live)
{
    Monitor::ServerProfile profile = m_sim->profile(name);
    profile.logLevel = logLevel;
    Monitor::ServerMonitor *m = m_hub->addServer(profile);
    m->start();
    if (live && !QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, kWait))
        return nullptr;
    return m;
}

void TestConsoleLogPanel::saysSoWhenNoSwitchIsWatched()
{
    QVERIFY(hintShown());
    QCOMPARE(hint(), u"Not connected to any switch."_s);
}

void TestConsoleLogPanel::namesTheServerAndTheLevelItAskedFor()
{
    QVERIFY(watch(u"demo-pbx"_s, 6));
    QVERIFY(hintShown());
    QCOMPARE(hint(), u"No log lines yet.\ndemo-pbx was asked for INFO (6) and above.\n"
                     "Change it in Servers → Connection profiles."_s);
}

void TestConsoleLogPanel::goesAwayWhenALineArrivesAndComesBackWhenFiltersLeaveNone()
{
    QVERIFY(watch(u"demo-pbx"_s, 7));
    QVERIFY(hintShown());
    QVERIFY(hint().contains(u"demo-pbx was asked for DEBUG (7) and above."_s));
    m_sim->sw->log(notice("New Channel sofia/internal/1000@127.0.0.1"));
    QVERIFY(QTest::qWaitFor([&] { return m_panel->model()->rowCount() == 1; }, kWait));
    QVERIFY(!hintShown());

    // A text no line holds: no rows, and the hint says it is the filters.
    auto *text = m_panel->findChild<QLineEdit *>(u"consoleText"_s);
    QVERIFY(text);
    text->setText(u"no line says this"_s);
    QCOMPARE(m_panel->model()->rowCount(), 0);
    QVERIFY(hintShown());
    QVERIFY(hint().startsWith(u"No log lines pass the filters.\n"_s));
    QVERIFY(hint().contains(u"demo-pbx"_s));
    text->clear();
    QCOMPARE(m_panel->model()->rowCount(), 1);
    QVERIFY(!hintShown());
}

void TestConsoleLogPanel::saysNoLogLinesForAProfileThatAskedForNone()
{
    QVERIFY(watch(u"quiet-pbx"_s, -1));
    QVERIFY(hintShown());
    QVERIFY(hint().contains(u"quiet-pbx was asked for no log lines."_s));
    QVERIFY(!hint().contains(u"and above"_s));
}

void TestConsoleLogPanel::followsServersAddedAndRemoved()
{
    Monitor::ServerMonitor *first = watch(u"pbx-east"_s, 5, false);
    QVERIFY(hint().contains(u"pbx-east was asked for NOTICE (5) and above."_s));
    Monitor::ServerMonitor *second = watch(u"pbx-west"_s, 3, false);
    QVERIFY(hint().contains(u"pbx-east was asked for NOTICE (5) and above."_s));
    QVERIFY(hint().contains(u"pbx-west was asked for ERR (3) and above."_s));
    QVERIFY(hint().endsWith(u"Change them in Servers → Connection profiles."_s));
    m_hub->removeServer(first->id());
    QVERIFY(!hint().contains(u"pbx-east"_s));
    QVERIFY(hint().contains(u"pbx-west"_s));
    m_hub->removeServer(second->id());
    QCOMPARE(hint(), u"Not connected to any switch."_s);
    QVERIFY(hintShown());
}

QTEST_MAIN(TestConsoleLogPanel)
#include "tst_consolelogpanel.moc"
