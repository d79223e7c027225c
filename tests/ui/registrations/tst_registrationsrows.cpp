// What an operator found in the Registrations tab (issue #19), driven from the panel against the
// simulated switch: the selection follows the row it was made on and goes with it (never to a
// neighbour); no row moves under a resting pointer, and rows are in order of server, profile and
// user; kill and flush ask about one gateway or phone, act on that one, and send nothing if it
// went while asked; a server whose link is down freezes its countdowns and leaves the title's
// count; the columns that matter are in view at 1280×800 and 1024×700; two servers' rows carry
// their colours.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/gatewaystore.h"
#include "monitor/registrationstore.h"
#include "monitor/supervisorpanels.h"
#include "sim/simsofia.h"
#include "ui/registrations/gatewaysmodel.h"
#include "ui/registrations/registrationsmodel.h"
#include "ui/registrations/registrationspanel.h"
#include "ui/window/noticebar.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

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

Sim::SimSofia::Gateway trunk(const QString &name, bool reachable = true)
{
    Sim::SimSofia::Gateway g;
    g.name = name;
    g.realm = u"127.0.0.1"_s;
    g.proxyHost = reachable ? u"sip.%1.example"_s.arg(name) : u"127.0.0.1:5999"_s;
    g.reachable = reachable;
    return g;
}

Console::ActionOutcome waitFor(QFuture<Console::ActionOutcome> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWait))
        return {};
    return future.result();
}

QStringList gatewayNames(const Ui::GatewaysModel &model)
{
    QStringList names;
    for (int i = 0; i < model.rowCount(); ++i)
        names.append(model.row(i)->entry.gateway.name);
    return names;
}

int gatewayRow(const Ui::GatewaysModel &model, const QString &name)
{
    return int(gatewayNames(model).indexOf(name));
}

QStringList users(const Ui::RegistrationsModel &model)
{
    QStringList out;
    for (int i = 0; i < model.rowCount(); ++i)
        out.append(model.row(i)->serverName + u' ' + model.row(i)->registration.user);
    return out;
}

// The selected row of `view`, or -1.
int selectedRow(QTableView *view)
{
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

// Whether `column` is wholly in view, without scrolling.
bool inView(QTableView *view, int column)
{
    const int left = view->horizontalHeader()->sectionViewportPosition(column);
    return !view->isColumnHidden(column) && left >= 0 &&
           left + view->horizontalHeader()->sectionSize(column) <= view->viewport()->width();
}

// Answers the next question box with `button` after `meanwhile` ran; returns its text.
void answerNextQuestion(QObject *scope, QString *text, QMessageBox::StandardButton button,
                        const std::function<void()> &meanwhile)
{
    QTimer::singleShot(0, scope, [=] {
        QMessageBox *box = nullptr;
        if (!QTest::qWaitFor([&] {
                box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                return box != nullptr;
            }, kWait))
            return; // no question: the caller's checks fail
        *text = box->text();
        meanwhile();
        box->button(button)->click();
    });
}

} // namespace

class TestRegistrationsRows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }
    void init();
    void cleanup();
    void theSelectionGoesWithItsGatewayNotToTheNextOne();
    void theSelectionGoesWithItsRegistrationNotToTheNextOne();
    void rowsAreInOrderAndNoneMovesUnderARestingPointer();
    void killActsOnTheGatewayItAskedAboutOrOnNothing();
    void flushActsOnThePhoneItAskedAboutOrOnNothing();
    void aStaleServerFreezesItsClocksAndLeavesTheCount();
    void theColumnsThatMatterAreInViewAndTwoServersKeepTheirColours();

private:
    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::NoticeBar> m_notices;
    std::unique_ptr<Ui::RegistrationsPanel> m_panel;
    std::unique_ptr<QWidget> m_elsewhere; // where the pointer goes when it leaves the tables
    Monitor::ServerMonitor *m_monitor = nullptr;
};

void TestRegistrationsRows::init()
{
    m_sim = std::make_unique<UiSim>();
    m_sim->sw->sofia()->setStepMs(20);
    m_hub = std::make_unique<Monitor::Hub>();
    m_control = std::make_unique<Console::CallControl>(m_hub.get());
    m_notices = std::make_unique<Ui::NoticeBar>();
    m_panel = std::make_unique<Ui::RegistrationsPanel>(
        Ui::PanelContext{m_hub.get(), m_control.get(), nullptr, m_notices.get()});
    m_panel->setConfirmations(false);
    m_panel->setGeometry(0, 0, 1000, 300);
    m_panel->show();
    m_elsewhere = std::make_unique<QWidget>();
    m_elsewhere->setGeometry(0, 400, 200, 100);
    m_elsewhere->show();
    QTest::mouseMove(m_elsewhere.get(), QPoint(5, 5));
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_monitor = m_sim->watch(*m_hub, u"sim"_s);
    QVERIFY(m_monitor);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->gatewaysModel()->rowCount(), 1, kWait);
}

void TestRegistrationsRows::cleanup()
{
    m_panel.reset();
    m_elsewhere.reset();
    m_notices.reset();
    m_control.reset();
    m_hub.reset();
    m_sim.reset();
}

void TestRegistrationsRows::theSelectionGoesWithItsGatewayNotToTheNextOne()
{
    // kg-c.png: after Kill gateway on "backup", "carrier" (the only other trunk) was selected.
    m_sim->sw->sofia()->addGateway(trunk(u"backup"_s));
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 2, kWait);
    QTableView *view = m_panel->gatewaysView();
    view->selectRow(gatewayRow(*gateways, u"backup"_s));
    const Console::ActionOutcome o = waitFor(m_panel->killGateway());
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia profile external killgw backup"_s);
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 1, kWait);
    QTest::qWait(300); // a refresh or two after the row went
    QCOMPARE(selectedRow(view), -1);
    QVERIFY(!view->selectionModel()->currentIndex().isValid());
    auto *kill = m_panel->findChild<QToolBar *>()->actions().at(1);
    QVERIFY(kill->text().startsWith(u"Kill"_s));
    QVERIFY(!kill->isEnabled());
    // A second click on Kill does nothing: carrier stays.
    QVERIFY(waitFor(m_panel->killGateway()).refused());
    QVERIFY(m_sim->sw->sofia()->gateway(u"carrier"_s));
}

void TestRegistrationsRows::theSelectionGoesWithItsRegistrationNotToTheNextOne()
{
    // rp.png: after flushing 1005, the selection went to other registrations.
    for (const QString &user : {u"1004"_s, u"1005"_s, u"1006"_s})
        m_sim->sw->sofia()->registerPhone(phone(user, u"call-"_s + user));
    const Ui::RegistrationsModel *regs = m_panel->registrationsModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 3, kWait);
    QTableView *view = m_panel->registrationsView();
    view->selectRow(1);
    QCOMPARE(regs->row(1)->registration.user, u"1005"_s);
    QVERIFY(waitFor(m_panel->flushRegistration(false)).ok);
    // Struck out in its place, still selected, nothing to do on it.
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 2, kWait);
    QCOMPARE(selectedRow(view), 1);
    QVERIFY(!regs->row(1)->dropped.isEmpty());
    QVERIFY(waitFor(m_panel->flushRegistration(false)).refused());
    // Then gone: nothing is selected, and a flush sends nothing.
    QTRY_COMPARE_WITH_TIMEOUT(regs->rowCount(), 2, Monitor::RegistrationStore::kDroppedKeepMs + kWait);
    QTest::qWait(300);
    QCOMPARE(selectedRow(view), -1);
    QVERIFY(waitFor(m_panel->flushRegistration(false)).refused());
    QCOMPARE(m_sim->sw->sofia()->registrations().size(), 2);
}

void TestRegistrationsRows::rowsAreInOrderAndNoneMovesUnderARestingPointer()
{
    // Registered out of order, shown in order of user.
    for (const QString &user : {u"1003"_s, u"1001"_s, u"1002"_s})
        m_sim->sw->sofia()->registerPhone(phone(user, u"call-"_s + user));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->registrationsModel()->liveCount(), 3, kWait);
    QCOMPARE(users(*m_panel->registrationsModel()),
             QStringList({u"sim 1001"_s, u"sim 1002"_s, u"sim 1003"_s}));

    for (const QString &name : {u"alpha"_s, u"delta"_s, u"zeta"_s})
        m_sim->sw->sofia()->addGateway(trunk(name));
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 4, kWait);
    QCOMPARE(gatewayNames(*gateways),
             QStringList({u"alpha"_s, u"carrier"_s, u"delta"_s, u"zeta"_s}));

    // The pointer rests on "delta": alpha goes, "aaa" comes (above), "omega" comes (below).
    QTableView *view = m_panel->gatewaysView();
    const QRect delta = view->visualRect(gateways->index(2, Ui::GatewaysModel::Name));
    QTest::mouseMove(view->viewport(), delta.center());
    QCOMPARE(QApplication::widgetAt(QCursor::pos()), view->viewport());
    m_sim->sw->api(u"sofia profile external killgw alpha"_s);
    m_sim->sw->sofia()->addGateway(trunk(u"aaa"_s));
    m_sim->sw->sofia()->addGateway(trunk(u"omega"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!m_monitor->panels()->gateways()->find(u"alpha"_s) &&
                                 m_monitor->panels()->gateways()->find(u"aaa"_s) &&
                                 m_monitor->panels()->gateways()->find(u"omega"_s),
                             kWait);
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 5, kWait); // omega, below the pointer
    QTest::qWait(1500);                                          // a tick or two
    QCOMPARE(gatewayNames(*gateways),
             QStringList({u"alpha"_s, u"carrier"_s, u"delta"_s, u"omega"_s, u"zeta"_s}));
    QCOMPARE(view->indexAt(delta.center()).row(), 2);
    QVERIFY(gateways->row(0)->gone); // struck out, held in its place
    QVERIFY(gateways->index(0, 0).data(Qt::FontRole).value<QFont>().strikeOut());

    // The pointer leaves: the list settles.
    QTest::mouseMove(m_elsewhere.get(), QPoint(5, 5));
    QTRY_COMPARE_WITH_TIMEOUT(gatewayNames(*gateways),
                              QStringList({u"aaa"_s, u"carrier"_s, u"delta"_s, u"omega"_s,
                                           u"zeta"_s}),
                              kWait);
}

void TestRegistrationsRows::killActsOnTheGatewayItAskedAboutOrOnNothing()
{
    m_panel->setConfirmations(true);
    m_sim->sw->sofia()->addGateway(trunk(u"backup"_s));
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 2, kWait);
    QTableView *view = m_panel->gatewaysView();

    // Asked about backup; carrier selected meanwhile; Yes kills backup.
    view->selectRow(gatewayRow(*gateways, u"backup"_s));
    QString question;
    answerNextQuestion(this, &question, QMessageBox::Yes,
                       [&] { view->selectRow(gatewayRow(*gateways, u"carrier"_s)); });
    Console::ActionOutcome o = waitFor(m_panel->killGateway());
    QVERIFY2(question.contains(u"backup"_s) && question.contains(u"on sim"_s), qPrintable(question));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.command, u"api sofia profile external killgw backup"_s);
    QVERIFY(m_sim->sw->sofia()->gateway(u"carrier"_s));

    // Asked about carrier, which the switch deletes meanwhile: nothing sent, and it says why.
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 1, kWait);
    view->selectRow(gatewayRow(*gateways, u"carrier"_s));
    bool gone = false;
    answerNextQuestion(this, &question, QMessageBox::Yes, [&] {
        m_sim->sw->api(u"sofia profile external killgw carrier"_s);
        gone = QTest::qWaitFor([&] { return !m_monitor->panels()->gateways()->find(u"carrier"_s); },
                               kWait);
    });
    o = waitFor(m_panel->killGateway());
    QVERIFY(gone);
    QVERIFY(question.contains(u"carrier"_s));
    QVERIFY2(o.refused(), qPrintable(o.command + u" → "_s + o.reply));
    QVERIFY2(o.reply.contains(u"nothing sent"_s), qPrintable(o.reply));
    QVERIFY2(m_notices->texts().last().contains(u"carrier"_s), qPrintable(m_notices->texts().last()));
}

void TestRegistrationsRows::flushActsOnThePhoneItAskedAboutOrOnNothing()
{
    m_panel->setConfirmations(true);
    m_sim->sw->sofia()->registerPhone(phone(u"1001"_s, u"call-1001"_s));
    m_sim->sw->sofia()->registerPhone(phone(u"1002"_s, u"call-1002"_s));
    const Ui::RegistrationsModel *regs = m_panel->registrationsModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 2, kWait);
    QTableView *view = m_panel->registrationsView();

    // Asked about 1001, named with its phone and server; the phone unregisters meanwhile.
    view->selectRow(0);
    QString question;
    bool gone = false;
    answerNextQuestion(this, &question, QMessageBox::Yes, [&] {
        view->selectRow(1);
        m_sim->sw->sofia()->unregisterPhone(u"call-1001"_s);
        gone = QTest::qWaitFor([&] {
            return !m_monitor->panels()->registrations()->find(u"internal"_s, u"call-1001"_s);
        }, kWait);
    });
    const Console::ActionOutcome o = waitFor(m_panel->flushRegistration(false));
    QVERIFY(gone);
    QVERIFY2(question.contains(u"1001@127.0.0.1 (Yealink SIP-T46U 108.86.0.75) on sim"_s),
             qPrintable(question));
    QVERIFY2(o.refused(), qPrintable(o.command + u" → "_s + o.reply));
    QVERIFY2(o.reply.contains(u"1001@127.0.0.1 is no longer registered on sim — nothing sent"_s),
             qPrintable(o.reply));
    // 1002, selected meanwhile, was not touched.
    QVERIFY(m_sim->sw->sofia()->registrations().size() == 1);
}

void TestRegistrationsRows::aStaleServerFreezesItsClocksAndLeavesTheCount()
{
    m_sim->sw->sofia()->registerPhone(phone(u"1001"_s, u"call-1001"_s));
    const Ui::RegistrationsModel *regs = m_panel->registrationsModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 1, kWait);
    // The carrier changes state: its "s ago" counts.
    m_sim->sw->sofia()->setReachable(u"carrier"_s, false);
    const Monitor::GatewayStore *store = m_monitor->panels()->gateways();
    QTRY_VERIFY_WITH_TIMEOUT(store->find(u"carrier"_s)->gateway.changedAtMs > 0, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->title(), u"&Registrations (1) ⚠ 1 gateway down"_s, kWait);

    m_sim->server->shutdown();
    QTRY_VERIFY_WITH_TIMEOUT(m_monitor->panels()->registrations()->isStale(), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->statusLine().contains(u"unknown since"_s), kWait);
    QTest::qWait(300);
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    const QString expires = regs->index(0, Ui::RegistrationsModel::Expires).data().toString();
    const QString changed = gateways->index(0, Ui::GatewaysModel::Changed).data().toString();
    QVERIFY(changed.contains(u"s ago"_s));
    QTest::qWait(2200); // two ticks
    QCOMPARE(regs->index(0, Ui::RegistrationsModel::Expires).data().toString(), expires);
    QCOMPARE(gateways->index(0, Ui::GatewaysModel::Changed).data().toString(), changed);
    // Not counted in the title (neither the phone nor the gateway), and greyed.
    QCOMPARE(m_panel->title(), u"&Registrations"_s);
    QVERIFY(regs->index(0, 0).data(Qt::ForegroundRole).isValid());
    // The status line has a line of its own, wrapped: never cut before the time.
    auto *status = m_panel->findChild<QLabel *>(u"registrationsStatus"_s);
    QVERIFY(status->isVisible());
    QVERIFY(!qobject_cast<QToolBar *>(status->parentWidget()));
    QVERIFY(status->wordWrap());
    m_panel->resize(500, 300);
    QTRY_VERIFY_WITH_TIMEOUT(status->width() <= 500, kWait);
    QVERIFY(status->heightForWidth(status->width()) <= status->height());
}

void TestRegistrationsRows::theColumnsThatMatterAreInViewAndTwoServersKeepTheirColours()
{
    Sim::SimSofia::Gateway dead = trunk(u"deadgw"_s, false);
    m_sim->sw->sofia()->addGateway(dead);
    m_sim->sw->sofia()->registerPhone(phone(u"1001"_s, u"call-1001"_s));
    const Ui::RegistrationsModel *regs = m_panel->registrationsModel();
    const Ui::GatewaysModel *gateways = m_panel->gatewaysModel();
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 1, kWait);
    QTRY_VERIFY_WITH_TIMEOUT(gateways->loudCount() == 1, kWait);
    // A second server (the same switch under another name): a Server column, colours.
    Monitor::ServerMonitor *second = m_sim->watch(*m_hub, u"branch-2"_s);
    QVERIFY(second);
    QTRY_COMPARE_WITH_TIMEOUT(regs->liveCount(), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(gateways->rowCount(), 4, kWait);
    QCOMPARE(users(*regs), QStringList({u"branch-2 1001"_s, u"sim 1001"_s}));
    const QColor a = regs->index(0, Ui::RegistrationsModel::Server).data(Qt::DecorationRole).value<QColor>();
    const QColor b = regs->index(1, Ui::RegistrationsModel::Server).data(Qt::DecorationRole).value<QColor>();
    QVERIFY(a.isValid() && b.isValid() && a != b);
    QVERIFY(regs->index(0, Ui::RegistrationsModel::User).data(Qt::DecorationRole).isValid());
    QVERIFY(gateways->index(0, Ui::GatewaysModel::Name).data(Qt::DecorationRole).isValid());

    QTableView *left = m_panel->registrationsView();
    QTableView *right = m_panel->gatewaysView();
    // 1280×800: the panel beside the channel details, as the operator had it.
    m_panel->resize(950, 400);
    QTest::qWait(300);
    QVERIFY(!left->isColumnHidden(Ui::RegistrationsModel::Server));
    for (int c : {Ui::RegistrationsModel::User, Ui::RegistrationsModel::Expires,
                  Ui::RegistrationsModel::Agent, Ui::RegistrationsModel::Network,
                  Ui::RegistrationsModel::Status})
        QVERIFY2(inView(left, c), qPrintable(u"registrations column %1"_s.arg(c)));
    for (int c : {Ui::GatewaysModel::Name, Ui::GatewaysModel::State, Ui::GatewaysModel::Ping,
                  Ui::GatewaysModel::LastAnswer})
        QVERIFY2(inView(right, c), qPrintable(u"gateways column %1"_s.arg(c)));
    // Whole, not "1001@127.0…." or "FAILED (ret…".
    const QFontMetrics fm = left->fontMetrics();
    QVERIFY(fm.horizontalAdvance(u"1001@127.0.0.1"_s) + 8 <=
            left->horizontalHeader()->sectionSize(Ui::RegistrationsModel::User));
    // The longest state a listing gives (`<retry>5s</retry>` while it waits to try again).
    QVERIFY(fm.horizontalAdvance(u"FAIL_WAIT (retry: 30s)"_s) + 8 <=
            right->horizontalHeader()->sectionSize(Ui::GatewaysModel::State));
    // 1024×700: the first of them still in view.
    m_panel->resize(765, 300);
    QTest::qWait(300);
    for (int c : {Ui::RegistrationsModel::User, Ui::RegistrationsModel::Expires,
                  Ui::RegistrationsModel::Agent, Ui::RegistrationsModel::Network})
        QVERIFY2(inView(left, c), qPrintable(u"registrations column %1"_s.arg(c)));
    for (int c : {Ui::GatewaysModel::Name, Ui::GatewaysModel::State, Ui::GatewaysModel::Ping})
        QVERIFY2(inView(right, c), qPrintable(u"gateways column %1"_s.arg(c)));
}

QTEST_MAIN(TestRegistrationsRows)
#include "tst_registrationsrows.moc"
