// What an operator found in the Conferences panel (issue #19), driven from the panel against the
// simulated switch through a real Event Socket: the selection stays with its member and goes
// with it; kick and hang up ask first, naming whom and where; a dialog acts on what it was opened
// for, or refuses when that has gone; Invite checks as it is typed and an invited leg gets into a
// locked conference, named by whom it dialled; callers kept out by a lock are sent away; rows
// hold still under a resting pointer; a stale server freezes; two servers are told apart by
// colour; the columns fit; no emoji.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/conferencestore.h"
#include "monitor/supervisorpanels.h"
#include "sim/simconference.h"
#include "ui/conferences/conferencesmodel.h"
#include "ui/conferences/conferencespanel.h"
#include "ui/window/noticebar.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;
using Ui::ConferencesModel;

namespace {

// Runs `body` on the modal dialog the next action opens (exec() spins its own loop), then
// closes the dialog if `body` left it open, so that a failing check never hangs the test.
void onDialog(std::function<void(QWidget *)> body)
{
    QTimer::singleShot(0, [body = std::move(body)] {
        QWidget *dialog = nullptr;
        [[maybe_unused]] const bool shown = QTest::qWaitFor(
            [&] { return (dialog = QApplication::activeModalWidget()) != nullptr; }, kWait);
        if (!dialog)
            return;
        QPointer<QWidget> alive(dialog);
        body(dialog);
        if (alive && alive->isVisible())
            QMetaObject::invokeMethod(alive, "reject", Qt::QueuedConnection);
    });
}

// Never result() on an unfinished future in the GUI thread: it blocks for ever.
Console::ActionOutcome outcomeOf(QFuture<Console::ActionOutcome> f)
{
    if (!QTest::qWaitFor([&] { return f.isFinished(); }, kWait))
        return {};
    return f.result();
}

QAbstractButton *okOf(QWidget *dialog)
{
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    return buttons ? buttons->button(QDialogButtonBox::Ok) : nullptr;
}

} // namespace

class TestConferencesOperator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theSelectionGoesWithItsMemberNotToTheNeighbour();
    void kickAndHangUpAskFirstNamingWhomAndWhere();
    void aDialogActsOnWhatItWasOpenedForOrRefuses();
    void inviteChecksAsItIsTypedAndTheInvitedGetIntoALockedConference();
    void callersKeptOutByALockAreSentAway();
    void rowsHoldStillUnderARestingPointer();
    void aStaleServerFreezes();
    void twoServersAreToldApartByColourAndTheColumnsFit();

private:
    // A caller into `room`; its member id once the panel shows it.
    int join(const QString &name, const QString &room, QString *uuid = nullptr);
    [[nodiscard]] QString lastCommand() const;
    [[nodiscard]] QModelIndex row(const QString &room, int member = 0) const;
    [[nodiscard]] QString cell(const QString &room, int member, int column) const;
    [[nodiscard]] bool storeHas(const QString &room, int member) const;
    [[nodiscard]] bool nothingSelected() const;
    [[nodiscard]] QString lastNotice() const;

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::NoticeBar> m_notices;
    std::unique_ptr<Ui::ConferencesPanel> m_panel;
    Monitor::ServerMonitor *m_server = nullptr;
};

void TestConferencesOperator::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the settings (confirm before kick) are the defaults
    QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
}

void TestConferencesOperator::init()
{
    m_sim = std::make_unique<UiSim>();
    m_sim->sw->conferences()->setTalkIntervalMs(0);
    m_hub = std::make_unique<Monitor::Hub>();
    m_server = m_sim->watch(*m_hub, u"sim"_s);
    QVERIFY(m_server);
    m_control = std::make_unique<Console::CallControl>(m_hub.get());
    m_notices = std::make_unique<Ui::NoticeBar>();
    Ui::PanelContext context{m_hub.get(), m_control.get(), nullptr, m_notices.get()};
    m_panel = std::make_unique<Ui::ConferencesPanel>(context);
    m_panel->resize(955, 300);
}

void TestConferencesOperator::cleanup()
{
    m_panel.reset();
    m_notices.reset();
    m_control.reset();
    m_hub.reset();
    m_sim.reset();
}

int TestConferencesOperator::join(const QString &name, const QString &room, QString *uuidOut)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = name;
    spec.callerNumber = u"1001"_s;
    spec.destination = room;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = room + u"@default"_s;
    const QString uuid = m_sim->sw->placeCall(spec);
    if (uuidOut)
        *uuidOut = uuid;
    int id = 0;
    [[maybe_unused]] const bool shown = QTest::qWaitFor(
        [&] {
            id = m_sim->sw->conferences()->memberId(uuid);
            return id > 0 && storeHas(room, id);
        },
        kWait);
    m_panel->refreshNow();
    return id;
}

QString TestConferencesOperator::lastCommand() const
{
    const auto &entries = m_hub->audit()->entries();
    return entries.isEmpty() ? QString() : entries.last().command;
}

QModelIndex TestConferencesOperator::row(const QString &room, int member) const
{
    return m_panel->model()->find(m_server->id(), room, member);
}

QString TestConferencesOperator::cell(const QString &room, int member, int column) const
{
    return row(room, member).siblingAtColumn(column).data().toString();
}

bool TestConferencesOperator::storeHas(const QString &room, int member) const
{
    const Monitor::Conference *c = m_server->panels()->conferences()->conference(room);
    return c && (member == 0 || c->member(member));
}

bool TestConferencesOperator::nothingSelected() const
{
    return m_panel->view()->selectionModel()->selectedRows().isEmpty();
}

QString TestConferencesOperator::lastNotice() const
{
    const QStringList texts = m_notices->texts();
    return texts.isEmpty() ? QString() : texts.last();
}

void TestConferencesOperator::theSelectionGoesWithItsMemberNotToTheNeighbour()
{
    // sel-a.png: #6 selected, she left, #7 became selected, then #8.
    join(u"Alice"_s, u"3101"_s);
    QString bobUuid;
    const int bob = join(u"Bob"_s, u"3101"_s, &bobUuid);
    const int carol = join(u"Carol"_s, u"3101"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3101"_s, carol));
    // Someone above leaves and someone joins: the selection stays on Carol.
    m_sim->sw->api(u"uuid_kill "_s + bobUuid);
    QVERIFY(QTest::qWaitFor([&] { return !storeHas(u"3101"_s, bob); }, kWait));
    join(u"Dan"_s, u"3101"_s);
    m_panel->refreshNow();
    QCOMPARE(m_panel->view()->currentIndex().data(ConferencesModel::MemberIdRole).toInt(), carol);
    QVERIFY(m_panel->action(u"confKick"_s)->isEnabled());
    // Carol leaves: nothing is selected, the member actions are off.
    m_sim->sw->api(u"conference 3101 hup %1"_s.arg(carol));
    QVERIFY(QTest::qWaitFor([&] { return !storeHas(u"3101"_s, carol); }, kWait));
    m_panel->refreshNow();
    QVERIFY2(nothingSelected(),
             qPrintable(m_panel->view()->currentIndex().data().toString()));
    QVERIFY(!m_panel->action(u"confKick"_s)->isEnabled());
    QVERIFY(!m_panel->action(u"confMute"_s)->isEnabled());
    // dk-c.png: a second click on Kick after its target went does nothing.
    const int sent = m_hub->audit()->size();
    m_panel->action(u"confKick"_s)->trigger();
    QTest::qWait(50);
    QCOMPARE(m_hub->audit()->size(), sent);
    QCOMPARE(outcomeOf(m_panel->kick()).refused(), true);
    QCOMPARE(m_hub->audit()->size(), sent);
}

void TestConferencesOperator::kickAndHangUpAskFirstNamingWhomAndWhere()
{
    join(u"Alice"_s, u"3100"_s);
    const int bob = join(u"Bob Keller"_s, u"3100"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s, bob));
    const int sent = m_hub->audit()->size();
    QString question;
    onDialog([&](QWidget *w) {
        auto *box = qobject_cast<QMessageBox *>(w);
        QVERIFY(box);
        question = box->text();
        box->button(QMessageBox::No)->click();
    });
    m_panel->action(u"confKick"_s)->trigger();
    QVERIFY2(question.contains(u"#%1 Bob Keller (1001)"_s.arg(bob)), qPrintable(question));
    QVERIFY2(question.contains(u"conference 3100 on sim"_s), qPrintable(question));
    QCOMPARE(m_hub->audit()->size(), sent); // No: nothing sent
    // Yes: the kick goes, for that member.
    onDialog([](QWidget *w) { qobject_cast<QMessageBox *>(w)->button(QMessageBox::Yes)->click(); });
    m_panel->action(u"confKick"_s)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(lastCommand(), u"api conference 3100 kick %1"_s.arg(bob), kWait);
    QVERIFY(QTest::qWaitFor([&] { return !storeHas(u"3100"_s, bob); }, kWait));
    m_panel->refreshNow();
    QVERIFY(nothingSelected());
    // Hang up asks too.
    const int carol = join(u"Carol"_s, u"3100"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s, carol));
    question.clear();
    onDialog([&](QWidget *w) {
        auto *box = qobject_cast<QMessageBox *>(w);
        question = box->text();
        box->button(QMessageBox::Yes)->click();
    });
    m_panel->action(u"confHangup"_s)->trigger();
    QVERIFY2(question.contains(u"Carol (1001)"_s) && question.contains(u"conference 3100 on sim"_s),
             qPrintable(question));
    QTRY_COMPARE_WITH_TIMEOUT(lastCommand(), u"api conference 3100 hup %1"_s.arg(carol), kWait);
}

void TestConferencesOperator::aDialogActsOnWhatItWasOpenedForOrRefuses()
{
    const int alice = join(u"Alice"_s, u"3100"_s);
    const int bob = join(u"Bob"_s, u"3100"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s, alice));
    QString heading;
    onDialog([&](QWidget *w) {
        heading = w->findChild<QLabel *>(u"conferenceAskTarget"_s)->text();
        // The operator clicks another member while the dialog is open.
        QVERIFY(m_panel->select(m_server->id(), u"3100"_s, bob));
        w->findChild<QSpinBox *>(u"conferenceAskNumber"_s)->setValue(3);
        okOf(w)->click();
    });
    m_panel->action(u"confVolume"_s)->trigger();
    QCOMPARE(heading, u"#%1 Alice (1001) in conference 3100 on sim"_s.arg(alice));
    QTRY_COMPARE_WITH_TIMEOUT(lastCommand(), u"api conference 3100 volume_in %1 3"_s.arg(alice), kWait);

    // The member leaves while the dialog is open: OK sends nothing and says why.
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s, bob));
    const int sent = m_hub->audit()->size();
    const int refusals = int(m_hub->audit()->refusals().size());
    onDialog([&](QWidget *w) {
        m_sim->sw->api(u"conference 3100 kick %1"_s.arg(bob));
        QVERIFY(QTest::qWaitFor([&] { return !storeHas(u"3100"_s, bob); }, kWait));
        okOf(w)->click();
    });
    m_panel->action(u"confEnergy"_s)->trigger();
    QCOMPARE(m_hub->audit()->size(), sent);
    QCOMPARE(int(m_hub->audit()->refusals().size()), refusals);
    QVERIFY2(lastNotice().contains(u"#%1 Bob (1001) left conference 3100 on sim — nothing sent"_s.arg(bob)),
             qPrintable(lastNotice()));

    // Every dialog names the conference it acts on.
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s));
    for (const QString &name : {u"confPlay"_s, u"confRecord"_s, u"confInvite"_s}) {
        heading.clear();
        onDialog([&](QWidget *w) {
            heading = w->findChild<QLabel *>(u"conferenceAskTarget"_s)->text();
            QMetaObject::invokeMethod(w, "reject", Qt::QueuedConnection);
        });
        m_panel->action(name)->trigger();
        QVERIFY2(heading.contains(u"conference 3100 on sim"_s), qPrintable(name + u": "_s + heading));
    }
}

void TestConferencesOperator::inviteChecksAsItIsTypedAndTheInvitedGetIntoALockedConference()
{
    join(u"Alice"_s, u"3100"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s));
    QVERIFY(outcomeOf(m_panel->toggleLock()).ok);
    QTRY_VERIFY_WITH_TIMEOUT(cell(u"3100"_s, 0, ConferencesModel::StateColumn).contains(u"locked"_s), kWait);
    // glyph.png: plain text, no emoji an emoji-less system shows as a box.
    const QString state = cell(u"3100"_s, 0, ConferencesModel::StateColumn);
    QCOMPARE(state, u"locked"_s);
    for (const QChar c : state)
        QVERIFY(!c.isSurrogate());

    bool okAtStart = true;
    bool okWithSpace = true;
    QString reason;
    onDialog([&](QWidget *w) {
        auto *edit = w->findChild<QLineEdit *>(u"conferenceAskText"_s);
        okAtStart = okOf(w)->isEnabled(); // "user/": no one to dial yet
        edit->setText(u"user/10 01"_s);
        okWithSpace = okOf(w)->isEnabled();
        reason = w->findChild<QLabel *>(u"conferenceAskProblem"_s)->text();
        QTest::keyClick(edit, Qt::Key_Return); // neither OK nor Cancel while the text is refused
        QVERIFY(w->isVisible());
        edit->setText(u"user/1005"_s);
        QVERIFY(okOf(w)->isEnabled());
        okOf(w)->click();
    });
    m_panel->action(u"confInvite"_s)->trigger();
    QVERIFY(!okAtStart);
    QVERIFY(!okWithSpace);
    QVERIFY2(reason.contains(u"whitespace"_s), qPrintable(reason));
    QTRY_COMPARE_WITH_TIMEOUT(lastCommand(), u"api conference 3100 bgdial user/1005"_s, kWait);
    // inv-5c.png: in, although locked; named by whom it dialled, not "Conference (0000000000)".
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->model()->rowCount(row(u"3100"_s)), 2, kWait);
    const QModelIndex invited = m_panel->model()->index(1, 0, row(u"3100"_s));
    QCOMPARE(invited.data().toString(),
             u"#%1 1005"_s.arg(invited.data(ConferencesModel::MemberIdRole).toInt()));
    QVERIFY(invited.siblingAtColumn(ConferencesModel::StateColumn).data().toString().contains(u"invited"_s));
}

void TestConferencesOperator::callersKeptOutByALockAreSentAway()
{
    // unl-c.png: callers routed to a locked 3100 stayed "active" for minutes.
    join(u"Alice"_s, u"3100"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3100"_s));
    QVERIFY(outcomeOf(m_panel->toggleLock()).ok);
    // As the demo traffic calls in: the conference application on an inbound leg.
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Bob"_s;
    spec.destination = u"3100"_s;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = u"3100@default"_s;
    const QString bob = m_sim->sw->placeCall(spec);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->channels()->channel(bob), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(!m_server->channels()->channel(bob) ||
                                 m_server->channels()->channel(bob)->ended,
                             kWait);
    QCOMPARE(m_server->channels()->channel(bob) ? m_server->channels()->channel(bob)->hangupCause
                                                : u"NORMAL_CLEARING"_s,
             u"NORMAL_CLEARING"_s);
    m_panel->refreshNow();
    QCOMPARE(m_panel->model()->rowCount(row(u"3100"_s)), 1);
}

void TestConferencesOperator::rowsHoldStillUnderARestingPointer()
{
    // kick-1.png / lock-c.png: a member joining 3100 pushed 3101's rows down under the pointer.
    join(u"Alice"_s, u"3100"_s);
    QString bobUuid;
    const int bob = join(u"Bob"_s, u"3100"_s, &bobUuid);
    const int carol = join(u"Carol"_s, u"3101"_s);
    join(u"Dan"_s, u"3101"_s);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_panel->refreshNow();
    QTreeView *view = m_panel->view();
    const QRect aimed = view->visualRect(row(u"3101"_s, carol));
    QCursor::setPos(view->viewport()->mapToGlobal(aimed.center()));
    QVERIFY(QTest::qWaitFor([&] { return QApplication::widgetAt(QCursor::pos()) == view->viewport(); }, kWait));
    m_panel->setHoldLimitMs(60000);

    // Eve joins 3100 and Bob leaves it, above the pointer: held; Carol's row stays put.
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Eve"_s;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = u"3100@default"_s;
    const QString eve = m_sim->sw->placeCall(spec);
    int eveId = 0;
    QVERIFY(QTest::qWaitFor([&] { return (eveId = m_sim->sw->conferences()->memberId(eve)) > 0 &&
                                         storeHas(u"3100"_s, eveId); }, kWait));
    m_sim->sw->api(u"uuid_kill "_s + bobUuid);
    QVERIFY(QTest::qWaitFor([&] { return !storeHas(u"3100"_s, bob); }, kWait));
    // Values still change in place meanwhile.
    m_sim->sw->api(u"conference 3101 mute %1"_s.arg(carol));
    QVERIFY(QTest::qWaitFor([&] { return !m_server->panels()->conferences()->conference(u"3101"_s)
                                              ->member(carol)->canSpeak; }, kWait));
    m_panel->refreshNow();
    QVERIFY(!row(u"3100"_s, eveId).isValid());
    QVERIFY(row(u"3100"_s, bob).data(ConferencesModel::GoneRole).toBool());
    QCOMPARE(view->visualRect(row(u"3101"_s, carol)), aimed);
    QCOMPARE(view->indexAt(aimed.center()).data(ConferencesModel::MemberIdRole).toInt(), carol);
    QVERIFY(cell(u"3101"_s, carol, ConferencesModel::StateColumn).contains(u"muted"_s));
    // The pointer leaves: the rows come and go.
    QCursor::setPos(view->viewport()->mapToGlobal(QPoint(-50, -50)));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(view->viewport(), &leave);
    QTRY_VERIFY_WITH_TIMEOUT(row(u"3100"_s, eveId).isValid(), kWait);
    QVERIFY(!row(u"3100"_s, bob).isValid());

    // Held at most for the hold limit, even if the pointer stays.
    m_panel->setHoldLimitMs(300);
    QCursor::setPos(view->viewport()->mapToGlobal(view->visualRect(row(u"3101"_s, carol)).center()));
    QVERIFY(QTest::qWaitFor([&] { return QApplication::widgetAt(QCursor::pos()) == view->viewport(); }, kWait));
    spec.callerName = u"Frank"_s;
    const QString frank = m_sim->sw->placeCall(spec);
    int frankId = 0;
    QVERIFY(QTest::qWaitFor([&] { return (frankId = m_sim->sw->conferences()->memberId(frank)) > 0 &&
                                         storeHas(u"3100"_s, frankId); }, kWait));
    m_panel->refreshNow();
    QVERIFY(!row(u"3100"_s, frankId).isValid());
    QTRY_VERIFY_WITH_TIMEOUT(row(u"3100"_s, frankId).isValid(), kWait);
}

void TestConferencesOperator::aStaleServerFreezes()
{
    // stale-3.png: a down server's time went 0:39 → 0:57, members kept counting, ▶ talking.
    QSignalSpy titles(m_panel.get(), &Ui::ConferencesPanel::titleChanged);
    const int alice = join(u"Alice"_s, u"3100"_s);
    const int bob = join(u"Bob"_s, u"3100"_s);
    m_sim->sw->conferences()->setTalkIntervalMs(20);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Conference *c = m_server->panels()->conferences()->conference(u"3100"_s);
            return c && ((c->member(alice) && c->member(alice)->talking) ||
                         (c->member(bob) && c->member(bob)->talking));
        },
        kWait));
    m_sim->sw->conferences()->setTalkIntervalMs(0);
    m_panel->refreshNow();
    QTRY_COMPARE_WITH_TIMEOUT(titles.last().first().toString(), u"Confere&nces (1)"_s, kWait);
    m_sim->server->close();
    m_sim->server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->panels()->conferences()->isStale(), kWait);
    m_panel->refreshNow();
    const QString conferenceTime = cell(u"3100"_s, 0, ConferencesModel::TimeColumn);
    const QString aliceTime = cell(u"3100"_s, alice, ConferencesModel::TimeColumn);
    QTest::qWait(2200);
    m_panel->refreshNow();
    QCOMPARE(cell(u"3100"_s, 0, ConferencesModel::TimeColumn), conferenceTime);
    QCOMPARE(cell(u"3100"_s, alice, ConferencesModel::TimeColumn), aliceTime);
    QCOMPARE(cell(u"3100"_s, alice, ConferencesModel::TalkingColumn), QString());
    QCOMPARE(cell(u"3100"_s, bob, ConferencesModel::TalkingColumn), QString());
    // Not counted in the tab's title; the time it went is shown whole.
    QCOMPARE(titles.last().first().toString(), u"Confere&nces"_s);
    auto *status = m_panel->findChild<QLabel *>(u"conferencesstatus"_s);
    QVERIFY(status->wordWrap());
    QVERIFY(QRegularExpression(u"unknown since \\d\\d:\\d\\d:\\d\\d"_s).match(m_panel->statusText()).hasMatch());
}

void TestConferencesOperator::twoServersAreToldApartByColourAndTheColumnsFit()
{
    // two-cf-c.png: both switches show "3100", told apart only by the far-right Server column.
    UiSim other;
    other.sw->conferences()->setTalkIntervalMs(0);
    Monitor::ServerMonitor *second = other.watch(*m_hub, u"pbx-2"_s);
    QVERIFY(second);
    join(u"Alice"_s, u"3100"_s);
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Bob"_s;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = u"3100@default"_s;
    other.sw->placeCall(spec);
    QVERIFY(QTest::qWaitFor([&] { return second->panels()->conferences()->conference(u"3100"_s); }, kWait));
    m_panel->refreshNow();
    const QModelIndex mine = m_panel->model()->find(m_server->id(), u"3100"_s);
    const QModelIndex theirs = m_panel->model()->find(second->id(), u"3100"_s);
    QVERIFY(mine.isValid() && theirs.isValid());
    const QVariant a = mine.siblingAtColumn(ConferencesModel::ServerColumn).data(Qt::DecorationRole);
    const QVariant b = theirs.siblingAtColumn(ConferencesModel::ServerColumn).data(Qt::DecorationRole);
    QVERIFY(a.canConvert<QColor>() && b.canConvert<QColor>());
    QVERIFY(a.value<QColor>() != b.value<QColor>());
    // Every row, members too, carries its server's colour before its name.
    QVERIFY(!m_panel->model()->index(0, 0, mine).data(Qt::DecorationRole).isNull());
    // The server beside the name, where it is seen.
    QCOMPARE(m_panel->view()->header()->visualIndex(ConferencesModel::ServerColumn), 1);
    // At 1280×800 (the tab ~955 px) and at 1024×700 (~700 px): every column in view.
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    for (const int width : {955, 700}) {
        m_panel->resize(width, 300);
        QTest::qWait(50);
        QTreeView *view = m_panel->view();
        QVERIFY2(view->header()->length() <= view->viewport()->width(),
                 qPrintable(u"%1: %2 > %3"_s.arg(width).arg(view->header()->length()).arg(view->viewport()->width())));
        QVERIFY(view->header()->sectionSize(ConferencesModel::NameColumn) >= 150);
    }
    m_hub->removeServer(second->id());
}

QTEST_MAIN(TestConferencesOperator)
#include "tst_conferencesoperator.moc"
