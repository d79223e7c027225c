// The calls list does not move under the operator's pointer. A real window, offscreen, over a
// simulated switch: the pointer rests on a call while actions post notices (success and failure),
// a call scrolled out above ends and goes, a call above splits in two, a call just above the
// pointer ends, and the call under the pointer ends too — after each, the same call is under the
// pointer, at the same place on screen, the selection is the same and in view. The ended calls on
// screen stay (faded) until the pointer leaves, and go then. Without the pointer, the selected
// call stays in view after an action, and a call whose menu is open stays until it closes.

#include "support/uisim.h"

#include "console/appsettings.h"
#include "console/callcontrol.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/common/modelroles.h"
#include "ui/window/mainwindow.h"
#include "ui/window/noticebar.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using Monitor::ChannelKey;
using TestSupport::kWait;

namespace {

constexpr int kRetentionSeconds = 1; // ended calls leave the store quickly
constexpr int kCalls = 40;

ChannelKey callKeyOf(const QModelIndex &row)
{
    return {Monitor::ServerId(row.data(Ui::ServerIdRole).toInt()),
            row.data(Ui::CallKeyRole).toString()};
}

} // namespace

class TestCallsUnderPointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_callsunderpointer"_s);
    }
    void init();
    void cleanup();

    void theRowUnderARestingPointerStaysThroughNoticesEndingsAndSplits();
    void theSelectedCallStaysInViewAfterAnAction();
    void theCallWhoseMenuIsOpenStays();
    void aSelectedCallThatGoesLeavesNothingSelectedNeverAnother();
    void callsAboveAPointerRestingAtTheTopStayPastTheirTime();
    void aFilterThatHidesTheSelectedCallGivesItBackWhenCleared();

private:
    // The view's row of a call (by its first leg).
    [[nodiscard]] QModelIndex rowOf(const QString &uuid) const;
    [[nodiscard]] int screenTop(const QModelIndex &row) const;
    [[nodiscard]] bool onScreen(const QModelIndex &row) const;
    [[nodiscard]] ChannelKey underPointer() const;
    // Clicks a call's row, as the operator does, and takes the pointer off the list again.
    void pick(const QString &uuid);
    [[nodiscard]] QString detailsTitle() const;
    [[nodiscard]] QAction *exportCallAction() const;

    std::unique_ptr<TestSupport::UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Ui::MainWindow> m_window;
    Monitor::ServerMonitor *m_server = nullptr;
    QStringList m_calls; // first legs, oldest first
    Ui::CallsPanel *m_panel = nullptr;
    Ui::CallsView *m_view = nullptr;
};

void TestCallsUnderPointer::init()
{
    QSettings().clear();
    Console::AppSettings settings; // the window applies its retention to every server
    settings.endedRetentionSeconds = kRetentionSeconds;
    settings.save();
    m_sim = std::make_unique<TestSupport::UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    m_server = m_sim->watch(*m_hub, u"pbx"_s, kRetentionSeconds * 1000);
    QVERIFY(m_server);
    m_window = std::make_unique<Ui::MainWindow>(m_hub.get());
    m_window->resize(1024, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->notices()->setSuccessLingerMs(50);
    m_panel = m_window->callsPanel();
    m_view = m_panel->view();
    m_calls.clear();
    for (int i = 0; i < kCalls; ++i) {
        m_calls.append(
            m_sim->call(u"Caller %1"_s.arg(i, 2, 10, QLatin1Char('0')), QString::number(1000 + i)));
        QTest::qWait(2); // a millisecond or two apart: the list's order is theirs
    }
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &a : std::as_const(m_calls)) {
                const QModelIndex row = rowOf(a);
                if (!row.isValid() || m_panel->model()->legsOfCall(row).size() != 2 ||
                    !row.siblingAtColumn(Ui::CallsModel::State)
                         .data()
                         .toString()
                         .startsWith(u"active"_s))
                    return false;
            }
            return true;
        },
        kWait));
    QVERIFY2(m_view->verticalScrollBar()->maximum() > 0, "the list must be longer than the view");
}

void TestCallsUnderPointer::cleanup()
{
    m_window.reset();
    m_hub.reset();
    m_sim.reset();
}

QModelIndex TestCallsUnderPointer::rowOf(const QString &uuid) const
{
    return m_panel->model()->callIndexOf({m_server->id(), uuid});
}

int TestCallsUnderPointer::screenTop(const QModelIndex &row) const
{
    return m_view->viewport()->mapToGlobal(m_view->visualRect(row).topLeft()).y();
}

bool TestCallsUnderPointer::onScreen(const QModelIndex &row) const
{
    const QRect rect = m_view->visualRect(row);
    return rect.isValid() && m_view->viewport()->rect().contains(rect);
}

ChannelKey TestCallsUnderPointer::underPointer() const
{
    const QModelIndex row = m_view->indexAt(m_view->viewport()->mapFromGlobal(QCursor::pos()));
    return row.isValid() ? callKeyOf(row) : ChannelKey{};
}

void TestCallsUnderPointer::pick(const QString &uuid)
{
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {},
                      m_view->visualRect(rowOf(uuid)).center());
    QTest::mouseMove(m_window->notices(), QPoint(5, 5));
    QVERIFY(QTest::qWaitFor([&] { return !m_view->pointerRests(); }, kWait));
    QCOMPARE(m_panel->currentChannel(), (ChannelKey{m_server->id(), uuid}));
}

QString TestCallsUnderPointer::detailsTitle() const
{
    const auto *title = m_window->findChild<QLabel *>(u"detailsTitle"_s);
    return title ? title->text() : QString();
}

QAction *TestCallsUnderPointer::exportCallAction() const
{
    return m_window->findChild<QAction *>(u"exportCallAction"_s);
}

void TestCallsUnderPointer::theRowUnderARestingPointerStaysThroughNoticesEndingsAndSplits()
{
    const Monitor::ServerId id = m_server->id();
    // Scrolled so that the first calls are above the top of the view.
    m_view->scrollTo(rowOf(m_calls[6]), QAbstractItemView::PositionAtTop);
    QVERIFY(m_view->visualRect(rowOf(m_calls[1])).bottom() < 0);
    // The pointer rests on a call a third of the way down; the one below it is selected.
    int aimed = -1;
    for (int i = 7; i + 1 < kCalls && aimed < 0; ++i) {
        if (onScreen(rowOf(m_calls[i])) && onScreen(rowOf(m_calls[i + 1])) &&
            m_view->visualRect(rowOf(m_calls[i])).top() >= m_view->viewport()->height() / 3)
            aimed = i;
    }
    QVERIFY(aimed > 0);
    const QString target = m_calls[aimed];
    const QString justAbove = m_calls[aimed - 1];
    const QString selected = m_calls[aimed + 1];
    QVERIFY(onScreen(rowOf(selected)));
    QVERIFY(onScreen(rowOf(justAbove)));
    m_view->setFocus();
    m_view->selectionModel()->setCurrentIndex(rowOf(selected), QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
    const ChannelKey selectedKey{id, selected};
    const QPoint aim = m_view->visualRect(rowOf(target)).center();
    QTest::mouseMove(m_view->viewport(), aim);
    QVERIFY(QTest::qWaitFor([&] { return m_view->pointerRests(); }, kWait));
    QCOMPARE(m_view->viewport()->mapFromGlobal(QCursor::pos()), aim);
    const ChannelKey targetKey{id, target};
    QCOMPARE(underPointer(), targetKey);
    const int top = screenTop(rowOf(target));
    const int noticeHeight = m_window->notices()->height();

    // (QVERIFY in a lambda returns from the lambda: each step checks QTest::currentTestFailed.)
    const auto stillInPlace = [&](const char *step) {
        QVERIFY2(rowOf(target).isValid(), step);
        QVERIFY2(underPointer() == targetKey, step);
        QVERIFY2(screenTop(rowOf(target)) == top, step);
        QVERIFY2(m_panel->selectedChannels() == QList<ChannelKey>{selectedKey}, step);
        QVERIFY2(m_panel->currentChannel() == selectedKey, step);
        QVERIFY2(onScreen(rowOf(selected)), step);
        QVERIFY2(m_window->notices()->height() == noticeHeight, step);
    };

    // Notices come and go: a success (it settles after a moment) and a failure.
    Ui::CallActions *actions = m_window->callActions();
    actions->hold->trigger();
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"+OK"_s);
        },
        kWait));
    stillInPlace("after a success notice");
    if (QTest::currentTestFailed())
        return;
    // A command the console refuses: a channel the switch does not have.
    m_window->callControl()->park({id, u"0d0d0d0d-0000-4000-8000-0000000000dd"_s});
    QVERIFY(QTest::qWaitFor(
        [&] { return m_window->notices()->texts().last().contains(u"failed"_s); }, kWait));
    stillInPlace("after a failure notice");
    if (QTest::currentTestFailed())
        return;
    QTest::qWait(200); // the success settles
    stillInPlace("after the success settled");
    if (QTest::currentTestFailed())
        return;

    // A call scrolled out above the view ends and leaves the list.
    m_sim->sw->api(u"uuid_kill "_s + m_calls[0]);
    QVERIFY(QTest::qWaitFor([&] { return !rowOf(m_calls[0]).isValid(); }, kWait));
    QVERIFY(!m_server->channels()->channel(m_calls[0]));
    stillInPlace("after a call above ended and went");
    if (QTest::currentTestFailed())
        return;

    // A call above splits: a transfer leaves its old B leg a call of its own, listed (by when it
    // started) right under it, above the pointer.
    const QString splitB = m_panel->model()->legsOfCall(rowOf(m_calls[1])).at(1);
    m_sim->sw->api(u"uuid_transfer "_s + m_calls[1] + u" 3000 XML default"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QModelIndex row = rowOf(splitB);
            return row.isValid() && callKeyOf(row).uuid == splitB;
        },
        kWait));
    QVERIFY(rowOf(splitB).row() < rowOf(target).row());
    stillInPlace("after a call was inserted above");
    if (QTest::currentTestFailed())
        return;

    // The call just above the pointer ends: it stays listed, faded, although the store let it go.
    m_sim->sw->api(u"uuid_kill "_s + justAbove);
    QVERIFY(QTest::qWaitFor([&] { return !m_server->channels()->channel(justAbove); }, kWait));
    QTest::qWait(300); // a flush or two after the store let it go
    QVERIFY(rowOf(justAbove).isValid());
    QVERIFY(rowOf(justAbove).data(Ui::IsEndedRole).toBool());
    stillInPlace("after the call just above ended");
    if (QTest::currentTestFailed())
        return;

    // The call under the pointer ends: it stays, faded, until the pointer leaves.
    m_sim->sw->api(u"uuid_kill "_s + target);
    QVERIFY(QTest::qWaitFor([&] { return !m_server->channels()->channel(target); }, kWait));
    QTest::qWait(300);
    stillInPlace("after the call under the pointer ended");
    if (QTest::currentTestFailed())
        return;
    QVERIFY(rowOf(target).data(Ui::IsEndedRole).toBool());
    QVERIFY(rowOf(target).data(Ui::FadeRole).toReal() < 1.0);
    QVERIFY(rowOf(target)
                .siblingAtColumn(Ui::CallsModel::State)
                .data()
                .toString()
                .startsWith(u"ended"_s));

    // The pointer leaves the list: the ended calls go.
    QTest::mouseMove(m_window->notices(), QPoint(5, 5));
    QVERIFY(QTest::qWaitFor([&] { return !m_view->pointerRests(); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return !rowOf(target).isValid() && !rowOf(justAbove).isValid(); },
                            kWait));
    QCOMPARE(m_panel->selectedChannels(), QList<ChannelKey>{selectedKey});
}

void TestCallsUnderPointer::theSelectedCallStaysInViewAfterAnAction()
{
    // The pointer is away from the list; the selected call is the last one fully in view.
    QTest::mouseMove(m_window->notices(), QPoint(5, 5));
    QVERIFY(QTest::qWaitFor([&] { return !m_view->pointerRests(); }, kWait));
    m_view->scrollToTop();
    QString selected;
    for (const QString &a : std::as_const(m_calls)) {
        if (onScreen(rowOf(a)))
            selected = a;
    }
    QVERIFY(!selected.isEmpty());
    m_view->setFocus();
    m_view->selectionModel()->setCurrentIndex(rowOf(selected), QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
    const ChannelKey key{m_server->id(), selected};
    for (QAction *action : {m_window->callActions()->park, m_window->callActions()->hold}) {
        action->trigger();
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QStringList t = m_window->notices()->texts();
                return !t.isEmpty() && !t.last().section(u'\n', 0, 0).endsWith(u"…"_s);
            },
            kWait));
        QTest::qWait(300); // what the action changed reached the list
        QCOMPARE(m_panel->currentChannel(), key);
        QCOMPARE(m_panel->selectedChannels(), QList<ChannelKey>{key});
        QVERIFY2(onScreen(m_view->currentIndex()), qPrintable(action->objectName()));
    }
}

void TestCallsUnderPointer::theCallWhoseMenuIsOpenStays()
{
    QTest::mouseMove(m_window->notices(), QPoint(5, 5));
    QVERIFY(QTest::qWaitFor([&] { return !m_view->pointerRests(); }, kWait));
    m_view->scrollToTop();
    const QString target = m_calls[3];
    const QPoint at = m_view->visualRect(rowOf(target)).center();
    // While the menu is open (its own event loop), the call ends and the store lets it go.
    bool checked = false;
    bool stayed = false;
    QTimer::singleShot(0, this, [&] {
        m_sim->sw->api(u"uuid_kill "_s + target);
        stayed = QTest::qWaitFor([&] { return !m_server->channels()->channel(target); }, kWait);
        QTest::qWait(300); // a flush or two after that
        stayed = stayed && rowOf(target).isValid();
        checked = true;
        if (QWidget *menu = QApplication::activePopupWidget())
            menu->close();
    });
    Q_EMIT m_view->customContextMenuRequested(at); // returns when the menu closed
    QVERIFY(checked);
    QVERIFY(stayed);
    QVERIFY(QTest::qWaitFor([&] { return !rowOf(target).isValid(); }, kWait));
}

void TestCallsUnderPointer::aSelectedCallThatGoesLeavesNothingSelectedNeverAnother()
{
    m_view->scrollToTop();
    const QString picked = m_calls[5];
    pick(picked);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(detailsTitle().contains(picked));
    QVERIFY(m_window->callActions()->hangup->isEnabled());
    QVERIFY(exportCallAction() && exportCallAction()->isEnabled());
    // The call ends, fades, and its row goes (the pointer is elsewhere).
    m_sim->sw->api(u"uuid_kill "_s + picked);
    QVERIFY(QTest::qWaitFor([&] { return !rowOf(picked).isValid(); }, kWait));
    QTest::qWait(300); // a batch or two more
    // Nothing is selected: not the call above it, not the one below.
    QVERIFY(!m_view->currentIndex().isValid());
    QCOMPARE(m_panel->selectedChannels(), QList<ChannelKey>{});
    QVERIFY(!m_panel->currentChannel().isValid());
    QVERIFY(m_view->selectionModel()->selectedRows().isEmpty());
    // The toolbar and Export → This call have nothing to act on; Channel details says so.
    QVERIFY(!m_window->callActions()->hangup->isEnabled());
    QVERIFY(!m_window->callActions()->hold->isEnabled());
    QVERIFY(!exportCallAction()->isEnabled());
    QCOMPARE(detailsTitle(), u"The channel is gone"_s);
    for (const QString &other : {m_calls[4], m_calls[6]})
        QVERIFY(!detailsTitle().contains(other));
}

void TestCallsUnderPointer::aFilterThatHidesTheSelectedCallGivesItBackWhenCleared()
{
    m_view->scrollToTop();
    const QString picked = m_calls[7];
    const ChannelKey key{m_server->id(), picked};
    pick(picked);
    if (QTest::currentTestFailed())
        return;
    auto *filter = m_panel->findChild<QLineEdit *>(u"callsFilter"_s);
    QVERIFY(filter);
    // A filter that shows another call, then one that matches nothing.
    QTest::keyClicks(filter, u"Caller 03"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_view->model()->rowCount() == 1; }, kWait));
    QCOMPARE(m_panel->selectedChannels(), QList<ChannelKey>{});
    QVERIFY(!m_panel->currentChannel().isValid());
    QVERIFY(!exportCallAction()->isEnabled());
    QVERIFY(!m_window->callActions()->hangup->isEnabled());
    QVERIFY(detailsTitle().contains(picked)); // still the call picked, not the one shown
    filter->clear();
    QTest::keyClicks(filter, u"zzz"_s);
    QCOMPARE(m_view->model()->rowCount(), 0);
    QCOMPARE(m_panel->selectedChannels(), QList<ChannelKey>{});
    QVERIFY(!exportCallAction()->isEnabled());
    // Cleared: the call is there again, and selected again.
    filter->clear();
    QVERIFY(rowOf(picked).isValid());
    QCOMPARE(m_panel->selectedChannels(), QList<ChannelKey>{key});
    QCOMPARE(m_panel->currentChannel(), key);
    QVERIFY(m_window->callActions()->hangup->isEnabled());
    QVERIFY(exportCallAction()->isEnabled());
    QVERIFY(detailsTitle().contains(picked));
}

void TestCallsUnderPointer::callsAboveAPointerRestingAtTheTopStayPastTheirTime()
{
    // The list at its top, where going rows above the pointer cannot be made up for by scrolling.
    constexpr qint64 kPinLimitMs = 1500;
    m_panel->model()->setPinLimit(kPinLimitMs);
    m_view->scrollToTop();
    const QString target = m_calls[8];
    const ChannelKey targetKey{m_server->id(), target};
    // As xdotool does it: the pointer put there, then a click, and no move at all.
    const QPoint aim = m_view->visualRect(rowOf(target)).center();
    QCursor::setPos(m_view->viewport()->mapToGlobal(aim));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, aim);
    QVERIFY(QTest::qWaitFor([&] { return m_view->pointerRests(); }, kWait));
    QCOMPARE(m_panel->currentChannel(), targetKey);
    const int top = screenTop(rowOf(target));
    // Two calls above it end; the store lets them go after a second, the pins' time runs out
    // half a second later, and more.
    for (const QString &above : {m_calls[2], m_calls[3]})
        m_sim->sw->api(u"uuid_kill "_s + above);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return !m_server->channels()->channel(m_calls[2]) &&
                   !m_server->channels()->channel(m_calls[3]);
        },
        kWait));
    QTest::qWait(int(kPinLimitMs) + 1500);
    QVERIFY(rowOf(m_calls[2]).isValid());
    QVERIFY(rowOf(m_calls[3]).isValid());
    QCOMPARE(screenTop(rowOf(target)), top);
    QCOMPARE(underPointer(), targetKey);
    QCOMPARE(m_panel->currentChannel(), targetKey);
    QCOMPARE(m_view->verticalScrollBar()->value(), 0);
    // The pointer leaves: they go.
    QTest::mouseMove(m_window->notices(), QPoint(5, 5));
    QVERIFY(QTest::qWaitFor(
        [&] { return !rowOf(m_calls[2]).isValid() && !rowOf(m_calls[3]).isValid(); }, kWait));
    QCOMPARE(m_panel->currentChannel(), targetKey);
}

QTEST_MAIN(TestCallsUnderPointer)
#include "tst_callsunderpointer.moc"
