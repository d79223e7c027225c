// Why an action failed, where the operator looks: the notice strip says the reason first ("Park
// refused — the channel has hung up …"), the History popup shows whole lines, a refused action
// (nothing sent) is in the Audit log dock as refused with its reason, and a message that is only
// information (a password kept for this session) is not red and not counted as failed.

#include "support/uisim.h"

#include "console/serverconnections.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/window/auditpanel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/noticebar.h"

#include <QAction>
#include <QApplication>
#include <QListWidget>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

class TestNoticesAndAudit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_noticesandaudit"_s);
        QSettings().clear();
    }
    void cleanupTestCase() { QSettings().clear(); }

    void init()
    {
        m_sim = std::make_unique<TestSupport::UiSim>();
        m_hub = std::make_unique<Monitor::Hub>();
        QVERIFY(m_sim->watch(*m_hub, u"pbx"_s));
        m_window = std::make_unique<Ui::MainWindow>(m_hub.get());
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        m_hub.reset();
        m_sim.reset();
    }

    void aRefusedActionSaysWhyFirstAndIsAudited()
    {
        const QString a = m_sim->call(u"Alice"_s);
        QVERIFY(select(u"Alice"_s));
        m_sim->sw->hangup(a, u"NO_ANSWER"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const Monitor::Channel *c = m_hub->server(1)->channels()->channel(a);
                return c && c->ended;
            },
            kWait));
        QVERIFY(select(u"Alice"_s)); // still shown, fading
        m_window->callActions()->park->trigger();

        Ui::NoticeBar *notices = m_window->notices();
        QVERIFY(QTest::qWaitFor([&] { return notices->shownIsFailure(); }, kWait));
        const QString line = notices->texts().constLast().section(u'\n', 0, 0);
        // The reason comes first, so that the strip (cut at its right end) shows it.
        QVERIFY2(line.startsWith(u"Park refused — the channel has hung up (NO_ANSWER) · pbx: Park "_s),
                 qPrintable(line));
        QCOMPARE(notices->unseenFailures(), 1);

        // The Audit log has it, as refused, with the reason; no command was counted as sent.
        QCOMPARE(m_hub->audit()->size(), 0);
        QCOMPARE(m_hub->audit()->refusals().size(), 1);
        QAbstractItemModel *audit = m_window->auditPanel()->view()->model();
        QCOMPARE(audit->rowCount(), 1);
        QCOMPARE(audit->index(0, Ui::AuditModel::Server).data().toString(), u"pbx"_s);
        QCOMPARE(audit->index(0, Ui::AuditModel::Result).data().toString(), u"refused"_s);
        QVERIFY2(audit->index(0, Ui::AuditModel::Command).data().toString().contains(u"Park "_s),
                 qPrintable(audit->index(0, Ui::AuditModel::Command).data().toString()));
        QVERIFY2(audit->index(0, Ui::AuditModel::Reply)
                     .data()
                     .toString()
                     .contains(u"hung up (NO_ANSWER)"_s),
                 qPrintable(audit->index(0, Ui::AuditModel::Reply).data().toString()));
    }

    void theHistoryShowsWholeLines()
    {
        const QString path = u"/usr/local/freeswitch/recordings/20261207-011145-"_s +
                             QString(60, u'x') + u".wav"_s;
        Console::ActionOutcome o;
        o.id = 4242;
        o.server = u"pbx"_s;
        o.action = u"Record"_s;
        o.what = u"Record Zoë Müller (+4581083837) → 1008 to "_s + path;
        o.reply = u"Nothing sent: the channel has hung up (NORMAL_CLEARING)."_s;
        Ui::NoticeBar *notices = m_window->notices();
        notices->post(o);
        QVERIFY(notices->texts().constLast().startsWith(
            u"Record refused — the channel has hung up (NORMAL_CLEARING) · "_s));

        auto *history = notices->findChild<QToolButton *>(u"noticeHistory"_s);
        QVERIFY(history);
        QTest::mouseClick(history, Qt::LeftButton);
        QListWidget *list = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (QWidget *w : QApplication::topLevelWidgets()) {
                    if (w->objectName() == u"noticeHistoryPopup" && w->isVisible())
                        list = w->findChild<QListWidget *>(u"noticeHistoryList"_s);
                }
                return list != nullptr;
            },
            kWait));
        QVERIFY(list->count() >= 1);
        // The whole line, path and all, wrapped rather than cut.
        const QString text = list->item(0)->text();
        QVERIFY2(text.contains(path), qPrintable(text));
        QVERIFY(text.contains(u"the channel has hung up"_s));
        QVERIFY(list->wordWrap());
        QCOMPARE(list->textElideMode(), Qt::ElideNone);
        const QRect shown = list->visualItemRect(list->item(0));
        QVERIFY2(shown.width() <= list->viewport()->width(),
                 qPrintable(u"%1 > %2"_s.arg(shown.width()).arg(list->viewport()->width())));
        QVERIFY2(shown.height() > list->fontMetrics().height() * 3 / 2,
                 qPrintable(u"one line high: %1"_s.arg(shown.height()))); // wrapped
        list->window()->close();
    }

    void informationIsNotAFailure()
    {
        Ui::NoticeBar *notices = m_window->notices();
        const int failures = notices->unseenFailures();
        Q_EMIT m_window->serverConnections()->passwordNotKept(
            u"id"_s, u"The password of “branch-b” is kept only until Switchboard quits."_s);
        QVERIFY(notices->texts().constLast().contains(u"kept only until"_s));
        QVERIFY(!notices->shownIsFailure());
        QCOMPARE(notices->unseenFailures(), failures);
        auto *history = notices->findChild<QToolButton *>(u"noticeHistory"_s);
        QVERIFY2(!history->text().contains(u"failed"_s), qPrintable(history->text()));
    }

private:
    bool select(const QString &name)
    {
        QTreeView *view = m_window->callsPanel()->view();
        QModelIndex row;
        (void)QTest::qWaitFor(
            [&] {
                QAbstractItemModel *m = view->model();
                for (int r = 0; r < m->rowCount(); ++r) {
                    const QModelIndex i = m->index(r, Ui::CallsModel::CallerName);
                    if (i.data().toString() == name) {
                        row = i;
                        return true;
                    }
                }
                return false;
            },
            kWait);
        if (!row.isValid())
            return false;
        view->setFocus();
        view->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
        return m_window->callsPanel()->currentChannel().isValid();
    }

    std::unique_ptr<TestSupport::UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Ui::MainWindow> m_window;
};

QTEST_MAIN(TestNoticesAndAudit)
#include "tst_noticesandaudit.moc"
