// The Registrations panel against the simulated switch through a real Event Socket: what it
// shows follows the switch's registrar and gateways, every action sends the exact command the
// switch receives (the outcome carries it, the switch's state shows it took effect) and the
// panel changes with it, and `eslcat registrations` / `eslcat gateways` print what it shows.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "console/sofiacommands.h"
#include "monitor/gatewaystore.h"
#include "sim/simsofia.h"
#include "ui/registrations/gatewaysmodel.h"
#include "ui/registrations/registrationsmodel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/window/noticebar.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTableView>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

namespace {

Sim::SimSofia::Registration phone(const QString &user, const QString &callId)
{
    Sim::SimSofia::Registration r;
    r.user = user;
    r.realm = u"127.0.0.1"_s;
    r.callId = callId;
    r.contact = u"sip:%1@10.0.0.7:5062"_s.arg(user);
    r.networkIp = u"10.0.0.7"_s;
    r.networkPort = 5062;
    r.expires = 600;
    r.userAgent = u"Yealink SIP-T46U 108.86.0.75"_s;
    return r;
}

Console::ActionOutcome waitFor(QFuture<Console::ActionOutcome> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWait))
        return {};
    return future.result();
}

int gatewayRow(const Ui::GatewaysModel &model, const QString &name)
{
    for (int i = 0; i < model.rowCount(); ++i) {
        if (model.row(i)->entry.gateway.name == name)
            return i;
    }
    return -1;
}

QList<QJsonObject> eslcat(const QString &kind, quint16 port)
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH),
                  {kind, u"--once"_s, u"--port"_s, QString::number(port)});
    QList<QJsonObject> rows;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
        return rows;
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            rows.append(QJsonDocument::fromJson(line).object());
    }
    return rows;
}

} // namespace

class TestRegistrationsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }
    void init();
    void cleanup();
    void showsPhonesAndGatewaysAsTheSwitchHasThem();
    void aFailingGatewayIsLoudInTheRowAndTheTitle();
    void gatewayActionsSendTheExactCommands();
    void flushingARegistrationDropsItsRow();
    void sofiaStatusIsShownInADialog();
    void refusesBadNamesAndReportsTheSwitchsRefusal();
    void eslcatPrintsWhatThePanelShows();

private:
    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::NoticeBar> m_notices;
    std::unique_ptr<Ui::RegistrationsPanel> m_panel;
    Monitor::ServerMonitor *m_monitor = nullptr;
};

void TestRegistrationsPanel::init()
{
    m_sim = std::make_unique<UiSim>();
    m_sim->sw->sofia()->setStepMs(20);
    m_hub = std::make_unique<Monitor::Hub>();
    m_control = std::make_unique<Console::CallControl>(m_hub.get());
    m_notices = std::make_unique<Ui::NoticeBar>();
    m_panel = std::make_unique<Ui::RegistrationsPanel>(
        Ui::PanelContext{m_hub.get(), m_control.get(), nullptr, m_notices.get()});
    m_panel->setConfirmations(false);
    m_panel->resize(1000, 250);
    m_panel->show();
    m_monitor = m_sim->watch(*m_hub, u"sim"_s);
    QVERIFY(m_monitor);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->gatewaysModel()->rowCount(), 1, kWait);
}

void TestRegistrationsPanel::cleanup()
{
    m_panel.reset();
    m_notices.reset();
    m_control.reset();
    m_hub.reset();
    m_sim.reset();
}

void TestRegistrationsPanel::showsPhonesAndGatewaysAsTheSwitchHasThem()
{
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    QCOMPARE(gateways->index(0, Ui::GatewaysModel::Name).data().toString(), u"carrier"_s);
    QCOMPARE(gateways->index(0, Ui::GatewaysModel::State).data().toString(), u"REGED"_s);
    QCOMPARE(gateways->index(0, Ui::GatewaysModel::Ping).data().toString(), u"UP"_s);
    QCOMPARE(m_panel->title(), u"&Registrations"_s);

    // A phone registers: a row, flashing, counting down, and the count in the title.
    m_sim->sw->sofia()->registerPhone(phone(u"1001"_s, u"call-1001"_s));
    const Ui::RegistrationsModel *regs = m_panel->registrationsModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 1, kWait);
    QCOMPARE(regs->index(0, Ui::RegistrationsModel::User).data().toString(), u"1001@127.0.0.1"_s);
    QCOMPARE(regs->index(0, Ui::RegistrationsModel::Agent).data().toString(),
             u"Yealink SIP-T46U 108.86.0.75"_s);
    QCOMPARE(regs->index(0, Ui::RegistrationsModel::Network).data().toString(),
             u"10.0.0.7:5062 udp"_s);
    QVERIFY(regs->index(0, Ui::RegistrationsModel::Expires).data().toString().contains(u':'));
    QVERIFY(regs->index(0, 0).data(Qt::BackgroundRole).isValid()); // the flash
    QCOMPARE(m_panel->title(), u"&Registrations (1)"_s);

    // A second one: appended below; the first keeps its row and the selection stays on it.
    m_panel->registrationsView()->selectRow(0);
    m_sim->sw->sofia()->registerPhone(phone(u"1002"_s, u"call-1002"_s));
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 2, kWait);
    QCOMPARE(regs->row(0)->registration.callId, u"call-1001"_s);
    QCOMPARE(m_panel->registrationsView()->selectionModel()->selectedRows().first().row(), 0);
    // The first unregisters: struck out a moment, then gone; the selection follows identity.
    m_panel->registrationsView()->selectRow(1);
    QVERIFY(m_sim->sw->sofia()->unregisterPhone(u"call-1001"_s));
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 1, kWait);
    QVERIFY(regs->row(0)->dropped.contains(u"unregistered"_s));
    QCOMPARE(m_panel->title(), u"&Registrations (1)"_s);
    QCOMPARE(regs->row(m_panel->registrationsView()->selectionModel()->selectedRows().first().row())
                 ->registration.callId,
             u"call-1002"_s);
}

void TestRegistrationsPanel::aFailingGatewayIsLoudInTheRowAndTheTitle()
{
    Sim::SimSofia::Gateway dead;
    dead.name = u"deadgw"_s;
    dead.realm = u"127.0.0.1"_s;
    dead.proxyHost = u"127.0.0.1:5999"_s;
    dead.reachable = false;
    m_sim->sw->sofia()->addGateway(dead);
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    QTRY_VERIFY_WITH_TIMEOUT(gateways->loudCount() == 1, kWait);
    const int row = gatewayRow(*gateways, u"deadgw"_s);
    QVERIFY(row >= 0);
    QCOMPARE(gateways->index(row, 0).data(Qt::BackgroundRole).value<QBrush>().color(),
             QColor(200, 30, 30));
    QCOMPARE(gateways->index(row, Ui::GatewaysModel::Ping).data().toString(), u"DOWN"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->title().contains(u" ⚠ 1 gateway down"_s), kWait);
    QVERIFY(m_panel->title().startsWith(u"&Registrations"_s));
    // The carrier's ping goes down too: two.
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->title().contains(u" ⚠ 2 gateways down"_s), kWait);
    // It comes back: REGED, ping UP, quiet again.
    m_sim->sw->sofia()->setReachable(u"carrier"_s, true);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->title().contains(u" ⚠ 1 gateway down"_s), kWait);
}

void TestRegistrationsPanel::gatewayActionsSendTheExactCommands()
{
    QTableView *view = m_panel->gatewaysView();
    view->selectRow(gatewayRow(*m_panel->gatewaysModel(), u"carrier"_s));

    // Re-register: UNREGED, then TRYING, REGISTER, REGED again.
    Console::ActionOutcome o = waitFor(m_panel->reregisterGateway());
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia profile external register carrier"_s);
    QCOMPARE(o.reply, u"+OK"_s);
    const Monitor::GatewayStore *store = m_monitor->panels()->gateways();
    QTRY_COMPARE_WITH_TIMEOUT(store->find(u"carrier"_s)->gateway.status, u"200"_s, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(store->find(u"carrier"_s)->gateway.state, u"REGED"_s, kWait);

    // Kill: DOWN, then deleted; the row goes.
    o = waitFor(m_panel->killGateway());
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia profile external killgw carrier"_s);
    QCOMPARE(o.reply, u"+OK gateway marked for deletion."_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->gatewaysModel()->rowCount(), 0, kWait);
    QVERIFY(!m_sim->sw->sofia()->gateway(u"carrier"_s));

    // Rescan (from the profile of a gateway still listed: re-add one first by the sim's config).
    Sim::SimSofia::Gateway other;
    other.name = u"second"_s;
    other.realm = u"sip.second.example"_s;
    other.proxyHost = u"sip.second.example"_s;
    m_sim->sw->sofia()->addGateway(other);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->gatewaysModel()->rowCount(), 1, kWait);
    view->selectRow(0);
    o = waitFor(m_panel->rescanProfile());
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia profile external rescan"_s);
    QCOMPARE(o.reply, u"Reload XML [Success]\n+OK scan complete"_s);
    // The configured carrier comes back, in its place by name: before the one that stayed.
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->gatewaysModel()->rowCount(), 2, kWait);
    QCOMPARE(m_panel->gatewaysModel()->row(0)->entry.gateway.name, u"carrier"_s);
    QCOMPARE(m_panel->gatewaysModel()->row(1)->entry.gateway.name, u"second"_s);
    QTRY_COMPARE_WITH_TIMEOUT(store->find(u"carrier"_s)->gateway.state, u"REGED"_s, kWait);
    QVERIFY(!m_notices->texts().isEmpty());
}

void TestRegistrationsPanel::flushingARegistrationDropsItsRow()
{
    m_sim->sw->sofia()->registerPhone(phone(u"1003"_s, u"call-1003"_s));
    const Ui::RegistrationsModel *regs = m_panel->registrationsModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 1, kWait);
    m_panel->registrationsView()->selectRow(0);
    const Console::ActionOutcome o = waitFor(m_panel->flushRegistration(false));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia profile internal flush_inbound_reg call-1003"_s);
    QCOMPARE(o.reply, u"+OK flushing all registrations matching specified call_id"_s);
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 0, kWait);
    QVERIFY(m_sim->sw->sofia()->registrations().isEmpty());
    QVERIFY(regs->row(0)->dropped.contains(u"expired"_s)); // sofia::expire
}

void TestRegistrationsPanel::sofiaStatusIsShownInADialog()
{
    const Console::ActionOutcome o = waitFor(m_panel->showSofiaStatus());
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia status"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->lastStatusText().contains(u"external::carrier\tgateway"_s), kWait);
    QVERIFY(m_panel->lastStatusText().contains(u"2 profiles 1 alias"_s));
}

void TestRegistrationsPanel::refusesBadNamesAndReportsTheSwitchsRefusal()
{
    // Refused before anything is sent: the outcome says why and carries no command.
    Console::ActionOutcome o = waitFor(m_control->serverCommand(
        m_monitor->id(), u"Kill gateway"_s, u"Kill gateway bad name"_s,
        Console::SofiaCommands::killGateway(u"external"_s, u"bad name"_s),
        Console::SofiaCommands::checkProfileReply));
    QVERIFY(o.refused());
    QVERIFY2(o.reply.contains(u"holds a space"_s), qPrintable(o.reply));
    QVERIFY(!Console::SofiaCommands::registerGateway(u"external"_s, u"all"_s));
    QVERIFY(!Console::SofiaCommands::flushRegistration(u"internal"_s, u"x\r\nkill"_s));
    QCOMPARE(*Console::SofiaCommands::flushRegistration(u"internal"_s, u"1000@pbx"_s, true),
             u"sofia profile internal flush_inbound_reg 1000@pbx reboot"_s);
    // The switch's own refusals, in its words (the capture's): failures.
    o = waitFor(m_control->serverCommand(m_monitor->id(), u"Kill gateway"_s, u"nosuchgw"_s,
                                         Console::SofiaCommands::killGateway(u"external"_s, u"nosuchgw"_s),
                                         Console::SofiaCommands::checkProfileReply));
    QVERIFY(!o.ok);
    QCOMPARE(o.reply, u"-ERR no such gateway."_s);
    o = waitFor(m_control->serverCommand(m_monitor->id(), u"Re-register"_s, u"nosuchgw"_s,
                                         Console::SofiaCommands::registerGateway(u"external"_s, u"nosuchgw"_s),
                                         Console::SofiaCommands::checkProfileReply));
    QVERIFY(!o.ok);
    QCOMPARE(o.reply, u"Invalid gateway!"_s);
    // Nothing selected: nothing sent.
    m_panel->gatewaysView()->clearSelection();
    QVERIFY(waitFor(m_panel->killGateway()).refused());
}

void TestRegistrationsPanel::eslcatPrintsWhatThePanelShows()
{
    m_sim->sw->sofia()->registerPhone(phone(u"1004"_s, u"call-1004"_s));
    m_sim->sw->sofia()->registerPhone(phone(u"1005"_s, u"call-1005"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->registrationsModel()->liveCount(), 2, kWait);
    const quint16 port = m_sim->server->serverPort();
    const QList<QJsonObject> regs = eslcat(u"registrations"_s, port);
    QCOMPARE(regs.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const Ui::RegistrationsModel::Row *row = m_panel->registrationsModel()->row(i);
        QCOMPARE(regs[i][u"callId"_s].toString(), row->registration.callId);
        QCOMPARE(regs[i][u"user"_s].toString(), row->registration.user);
        QCOMPARE(regs[i][u"contact"_s].toString(), row->registration.contact);
        QCOMPARE(regs[i][u"userAgent"_s].toString(), row->registration.userAgent);
        QVERIFY(qAbs(regs[i][u"expiresAtMs"_s].toInteger() - row->registration.expiresAtMs) < 2000);
    }
    const QList<QJsonObject> gateways = eslcat(u"gateways"_s, port);
    QCOMPARE(gateways.size(), m_panel->gatewaysModel()->rowCount());
    QCOMPARE(gateways.first()[u"name"_s].toString(), u"carrier"_s);
    QCOMPARE(gateways.first()[u"state"_s].toString(),
             m_panel->gatewaysModel()->index(0, Ui::GatewaysModel::State).data().toString());
    QCOMPARE(gateways.first()[u"pingStatus"_s].toString(), u"UP"_s);
    QCOMPARE(gateways.first()[u"loud"_s].toBool(), false);
}

QTEST_MAIN(TestRegistrationsPanel)
#include "tst_registrationspanel.moc"
