// Call control driven from the window, as an operator does it, against the simulated switch:
// select a call, press the action's shortcut (or use the menu, the context menu, a drag), answer
// the dialog and the confirmation — then check both what the switch received and what the calls
// view shows afterwards. Refusals and failures must send nothing and say why.

#include "support/fakeswitchlink.h"
#include "support/uisim.h"

#include "console/callcontrol.h"
#include "ui/calls/actiondialogs.h"
#include "ui/calls/callactions.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/destinationspanel.h"
#include "ui/window/auditpanel.h"
#include "ui/window/mainwindow.h"
#include "ui/window/noticebar.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

// Answers the modal dialogs that open, in order, each with its own step.
class Modals : public QObject
{
public:
    using Step = std::function<void(QWidget *)>;
    explicit Modals(QList<Step> steps) : m_steps(std::move(steps))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            QWidget *w = QApplication::activeModalWidget();
            if (!w || w == m_last || m_steps.isEmpty() || !w->isVisible())
                return;
            m_last = w;
            m_steps.takeFirst()(w);
            ++m_answered;
        });
        m_timer.start(10);
    }
    [[nodiscard]] int answered() const { return m_answered; }

private:
    QList<Step> m_steps;
    QTimer m_timer;
    QPointer<QWidget> m_last;
    int m_answered = 0;
};

Modals::Step answer(QMessageBox::StandardButton button, bool dontAskAgain = false)
{
    return [button, dontAskAgain](QWidget *w) {
        auto *box = qobject_cast<QMessageBox *>(w);
        QVERIFY2(box, w->metaObject()->className());
        if (dontAskAgain)
            box->findChild<QCheckBox *>(u"dontAskAgain"_s)->setChecked(true);
        box->button(button)->click();
    };
}

void setText(QWidget *dialog, const QString &name, const QString &text)
{
    QWidget *field = dialog->findChild<QWidget *>(name);
    QVERIFY2(field, qPrintable(name));
    if (auto *edit = qobject_cast<QLineEdit *>(field))
        edit->setText(text);
    else if (auto *combo = qobject_cast<QComboBox *>(field))
        combo->setCurrentText(text);
    else
        QFAIL(qPrintable(u"not a text field: "_s + name));
}

void clickOk(QWidget *dialog)
{
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->findChild<QLabel *>(u"problem"_s)->text()));
    ok->click();
}

template<typename D> Modals::Step fill(std::function<void(D *)> f)
{
    return [f](QWidget *w) {
        auto *d = qobject_cast<D *>(w);
        QVERIFY2(d, w->metaObject()->className());
        f(d);
    };
}

} // namespace

class TestCallActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_callactions"_s);
    }
    void init();
    void cleanup();

    void everyActionIsInTheMenusToolbarAndContextMenu();
    void hangUpWithTheDeleteKey();
    void saying_no_sendsNothing();
    void dontAskAgainStopsTheQuestion();
    void bulkHangUpWithACause();
    void blindTransferRemembersTheDestination();
    void attendedTransferRunsAttXfer();
    void holdAndTakeOffHold();
    void park();
    void bridgeByDraggingOneChannelOntoAnother();
    void transferByDroppingOnADestination();
    void recordStartsAndStops();
    void sendDtmf();
    void listenWhisperAndBargeRingTheOperator();
    void originateFromTheWindow();
    void executeShowsProgressUntilComplete();
    void executeOffersTheSwitchsApplicationsAndSendsNoTypo();
    void whatALinkCarriesDifferentlySaysHow();
    void theNoticeShowsTheExactCommandWithAnIconThatExists();
    void dumpOpensACopyableDialog();
    void aChannelThatHungUpFailsCleanly();
    void aServerThatIsGoneFailsCleanly();
    void everyCommandIsInTheAuditDock();

private:
    // Selects the call whose caller is `name` and gives the calls view the focus.
    Monitor::ChannelKey select(const QString &name);
    [[nodiscard]] QStringList received() const { return m_received; }
    [[nodiscard]] bool receivedLine(const QString &line) const { return m_received.contains(line); }
    [[nodiscard]] const Monitor::Channel *channel(const QString &uuid) const
    {
        return m_hub->server(1)->channels()->channel(uuid);
    }
    [[nodiscard]] QString cellOf(const QString &caller, int column) const;

    std::unique_ptr<TestSupport::UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Ui::MainWindow> m_window;
    QStringList m_received; // every command line the switch got (sendmsg with its headers)
};

void TestCallActions::init()
{
    QSettings().clear();
    Console::AppSettings settings;
    settings.operatorEndpoint = u"user/1000"_s;
    settings.save();
    m_sim = std::make_unique<TestSupport::UiSim>();
    m_hub = std::make_unique<Monitor::Hub>();
    QVERIFY(m_sim->watch(*m_hub, u"pbx"_s));
    m_received.clear();
    connect(m_sim->server.get(), &Sim::EventSocketServer::commandReceived, this,
            [this](const Esl::wire::Command &c) {
                QString text = QString::fromUtf8(c.line);
                if (c.verb() == "sendmsg") {
                    for (qsizetype i = 0; i < c.headers.size(); ++i)
                        text += u'\n' + QString::fromUtf8(c.headers.name(i)) + u": "_s +
                                QString::fromUtf8(c.headers.value(i));
                }
                m_received.append(text);
            });
    m_window = std::make_unique<Ui::MainWindow>(m_hub.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestCallActions::cleanup()
{
    if (QTest::currentTestFailed()) {
        qDebug() << "received:" << m_received;
        QAbstractItemModel *m = m_window->callsPanel()->view()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            qDebug() << "row" << m->index(r, Ui::CallsModel::CallerName).data().toString()
                     << m->index(r, Ui::CallsModel::State).data().toString();
    }
    m_window.reset();
    m_hub.reset();
    m_sim.reset();
}

Monitor::ChannelKey TestCallActions::select(const QString &name)
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
        return {};
    view->setFocus();
    view->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect |
                                                     QItemSelectionModel::Rows);
    return m_window->callsPanel()->currentChannel();
}

QString TestCallActions::cellOf(const QString &caller, int column) const
{
    QAbstractItemModel *m = m_window->callsPanel()->view()->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        if (m->index(r, Ui::CallsModel::CallerName).data().toString() == caller)
            return m->index(r, column).data().toString();
    }
    return {};
}

void TestCallActions::everyActionIsInTheMenusToolbarAndContextMenu()
{
    Ui::CallActions *actions = m_window->callActions();
    QMenu *callsMenu = nullptr;
    for (QAction *a : m_window->menuBar()->actions()) {
        if (a->text() == u"&Calls")
            callsMenu = a->menu();
    }
    QVERIFY(callsMenu);
    QSet<QString> shortcuts;
    for (QAction *a : actions->actions()) {
        QVERIFY2(callsMenu->actions().contains(a), qPrintable(a->objectName()));
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
        QVERIFY2(!shortcuts.contains(a->shortcut().toString()),
                 qPrintable(a->shortcut().toString()));
        shortcuts.insert(a->shortcut().toString());
    }
    auto *toolbar = m_window->findChild<QToolBar *>(u"callsToolBar"_s);
    QVERIFY(toolbar->actions().contains(actions->hangup));
    QVERIFY(toolbar->actions().contains(actions->originate));
    QMenu context;
    Q_EMIT m_window->callsPanel()->contextMenuAboutToShow(&context);
    for (QAction *a : actions->actions())
        QVERIFY2(context.actions().contains(a), qPrintable(a->objectName()));

    // Nothing selected: the channel actions are off; a new call is always possible.
    QVERIFY(!actions->hangup->isEnabled());
    QVERIFY(!actions->bridge->isEnabled());
    QVERIFY(actions->originate->isEnabled());
    m_sim->call(u"Alice"_s);
    QVERIFY(select(u"Alice"_s).isValid());
    QVERIFY(actions->hangup->isEnabled());
    QVERIFY(!actions->bridge->isEnabled()); // needs two
}

void TestCallActions::hangUpWithTheDeleteKey()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QCOMPARE(select(u"Alice"_s).uuid, a);
    Modals modals({answer(QMessageBox::Yes)});
    QTest::keyClick(m_window->callsPanel()->view(), Qt::Key_Delete);
    QCOMPARE(modals.answered(), 1);
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_kill "_s + a); }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] { return cellOf(u"Alice"_s, Ui::CallsModel::State).startsWith(u"ended"_s); }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"Hang up Alice"_s) &&
                   t.last().contains(u"+OK"_s);
        },
        kWait));
}

void TestCallActions::saying_no_sendsNothing()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(select(u"Alice"_s).isValid());
    Modals modals({answer(QMessageBox::No)});
    m_window->callActions()->hangup->trigger();
    QCOMPARE(modals.answered(), 1);
    QTest::qWait(100); // give a wrongly sent command the time to arrive
    for (const QString &line : received())
        QVERIFY2(!line.startsWith(u"api uuid_kill"_s), qPrintable(line));
    QVERIFY(channel(a) && !channel(a)->ended);
}

void TestCallActions::dontAskAgainStopsTheQuestion()
{
    const QString a = m_sim->call(u"Alice"_s);
    const QString b = m_sim->call(u"Bob"_s);
    QVERIFY(select(u"Alice"_s).isValid());
    Modals modals({answer(QMessageBox::Yes, true)});
    m_window->callActions()->hangup->trigger();
    QCOMPARE(modals.answered(), 1);
    QVERIFY(!m_window->settings().confirmDestructive);
    QVERIFY(!Console::AppSettings::load().confirmDestructive);
    QVERIFY(select(u"Bob"_s).isValid());
    m_window->callActions()->hangup->trigger(); // no question this time
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_kill "_s + b); }, kWait));
    QVERIFY(receivedLine(u"api uuid_kill "_s + a));
}

void TestCallActions::bulkHangUpWithACause()
{
    const QString a = m_sim->call(u"Alice"_s);
    const QString b = m_sim->call(u"Bob"_s);
    m_sim->call(u"Carol"_s);
    QVERIFY(select(u"Alice"_s).isValid());
    QTreeView *view = m_window->callsPanel()->view();
    QVERIFY(select(u"Bob"_s).isValid());
    // Add Alice to the selection (Ctrl+click does this for a user).
    QAbstractItemModel *m = view->model();
    for (int r = 0; r < m->rowCount(); ++r) {
        if (m->index(r, Ui::CallsModel::CallerName).data().toString() == u"Alice")
            view->selectionModel()->select(m->index(r, 0),
                                           QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    QCOMPARE(m_window->callsPanel()->selectedChannels().size(), 2);
    Modals modals({fill<Ui::HangupDialog>([](Ui::HangupDialog *d) {
                       setText(d, u"cause"_s, u"USER_BUSY"_s);
                       clickOk(d);
                   }),
                   answer(QMessageBox::Yes)});
    QTest::keyClick(view, Qt::Key_Delete, Qt::ShiftModifier);
    QCOMPARE(modals.answered(), 2);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return receivedLine(u"api uuid_kill "_s + a + u" USER_BUSY"_s) &&
                   receivedLine(u"api uuid_kill "_s + b + u" USER_BUSY"_s);
        },
        kWait));
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->ended && channel(b)->ended; }, kWait));
    QCOMPARE(channel(a)->hangupCause, u"USER_BUSY"_s);
    QVERIFY(!cellOf(u"Carol"_s, Ui::CallsModel::State).startsWith(u"ended"_s));
}

void TestCallActions::blindTransferRemembersTheDestination()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    // One question: the dialog. A second one (answered No here) would stop the transfer.
    Modals modals({fill<Ui::TransferDialog>([](Ui::TransferDialog *d) {
                       setText(d, u"destination"_s, u"3000"_s);
                       clickOk(d);
                   }),
                   answer(QMessageBox::No)});
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+Shift+T"_s));
    QCOMPARE(modals.answered(), 1); // the dialogs are modal: a second one would be answered by now
    QVERIFY(QTest::qWaitFor(
        [&] { return receivedLine(u"api uuid_transfer "_s + a + u" 3000 XML default"_s); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->destination == u"3000"; }, kWait));
    QCOMPARE(Console::AppSettings::recentDestinations().value(0), u"3000"_s);
    QListWidget *list = m_window->destinationsPanel()->list();
    QVERIFY(QTest::qWaitFor([&] { return list->count() == 1; }, kWait));
    QCOMPARE(list->item(0)->text(), u"3000"_s);
}

void TestCallActions::attendedTransferRunsAttXfer()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && !channel(a)->bridgedTo.isEmpty(); }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    Modals modals({fill<Ui::TransferDialog>([](Ui::TransferDialog *d) {
                       setText(d, u"destination"_s, u"3000"_s);
                       d->findChild<QCheckBox *>(u"attended"_s)->setChecked(true);
                       clickOk(d);
                   }),
                   answer(QMessageBox::No)});
    m_window->callActions()->transfer->trigger();
    QCOMPARE(modals.answered(), 1);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &l : received()) {
                if (l.startsWith(u"sendmsg "_s + a +
                                 u"\ncall-command: execute\nexecute-app-name: "
                                 u"att_xfer\nexecute-app-arg: loopback/3000/default\n"_s))
                    return true;
            }
            return false;
        },
        kWait));
}

void TestCallActions::holdAndTakeOffHold()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    Ui::CallActions *actions = m_window->callActions();
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+H"_s));
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_hold "_s + a); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return cellOf(u"Alice"_s, Ui::CallsModel::State) == u"held"; },
                            kWait));
    QVERIFY(QTest::qWaitFor([&] { return actions->hold->text() == u"Unh&old"; }, kWait));
    actions->hold->trigger();
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_hold off "_s + a); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return cellOf(u"Alice"_s, Ui::CallsModel::State) == u"active"; },
                            kWait));
}

void TestCallActions::park()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+P"_s));
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_park "_s + a); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->parked; }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return cellOf(u"Alice"_s, Ui::CallsModel::State) == u"parked"; },
                            kWait));
}

void TestCallActions::bridgeByDraggingOneChannelOntoAnother()
{
    const QString a = m_sim->call(u"Alice"_s);
    const QString b = m_sim->call(u"Bob"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return channel(a) && channel(b) && channel(a)->answeredMs > 0 &&
                   channel(b)->answeredMs > 0;
        },
        kWait));
    m_sim->sw->api(u"uuid_park "_s + a);
    m_sim->sw->api(u"uuid_park "_s + b);
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->parked && channel(b)->parked; }, kWait));

    // Drag Alice's row onto Bob's.
    QTreeView *view = m_window->callsPanel()->view();
    QVERIFY(select(u"Alice"_s).isValid());
    std::unique_ptr<QMimeData> mime(view->model()->mimeData({view->currentIndex()}));
    QVERIFY(mime);
    QVERIFY(select(u"Bob"_s).isValid());
    const QPoint onBob = view->visualRect(view->currentIndex()).center();
    view->clearSelection();
    QDragEnterEvent enter(onBob, Qt::LinkAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    Modals modals({answer(QMessageBox::Yes)});
    QDropEvent drop(onBob, Qt::LinkAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(modals.answered(), 1);
    QVERIFY(
        QTest::qWaitFor([&] { return receivedLine(u"api uuid_bridge "_s + a + u' ' + b); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->bridgedTo == b; }, kWait));

    // Dropping a channel onto itself is refused by the view.
    QDropEvent self(view->visualRect(view->model()->index(0, 0)).center(), Qt::LinkAction,
                    mime.get(), Qt::LeftButton, Qt::NoModifier);
    const Monitor::ChannelKey under = m_window->callsPanel()->channelAt(view->model()->index(0, 0));
    if (under.uuid == a) {
        QApplication::sendEvent(view->viewport(), &self);
        QVERIFY(!self.isAccepted());
    }
}

void TestCallActions::transferByDroppingOnADestination()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    Ui::DestinationsPanel *panel = m_window->destinationsPanel();
    panel->addFavourite(u"4000"_s);
    QCOMPARE(panel->list()->count(), 1);
    QTreeView *view = m_window->callsPanel()->view();
    QVERIFY(select(u"Alice"_s).isValid());
    std::unique_ptr<QMimeData> mime(view->model()->mimeData({view->currentIndex()}));
    QDockWidget *dock = m_window->findChild<QDockWidget *>(u"destinationsDock"_s);
    dock->show();
    dock->raise();
    QListWidget *list = panel->list();
    QVERIFY(QTest::qWaitFor([&] { return list->isVisible(); }, kWait));
    const QPoint on = list->visualItemRect(list->item(0)).center();
    // Qt delivers a drop to the widget that accepted the drag's entry.
    QDragEnterEvent enter(on, Qt::LinkAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(list->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    Modals modals({answer(QMessageBox::Yes)});
    QDropEvent drop(on, Qt::LinkAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(list->viewport(), &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(modals.answered(), 1);
    QVERIFY(QTest::qWaitFor(
        [&] { return receivedLine(u"api uuid_transfer "_s + a + u" 4000 XML default"_s); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->destination == u"4000"; }, kWait));
}

void TestCallActions::recordStartsAndStops()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    QString path;
    Modals modals({fill<Ui::RecordDialog>([&path](Ui::RecordDialog *d) {
        path = d->path();
        clickOk(d);
    })});
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+R"_s));
    // The dialog opens once the switch said where its recordings go.
    QVERIFY(QTest::qWaitFor([&] { return modals.answered() == 1; }, kWait));
    // The template's {uuid} is filled in, and {recordings_dir} is the switch's own.
    QVERIFY2(path.contains(a), qPrintable(path));
    QString dir = QString::fromUtf8(m_sim->sw->api(u"global_getvar recordings_dir"_s)).trimmed();
    if (dir.isEmpty())
        dir = u"/var/lib/freeswitch/recordings"_s;
    QVERIFY2(path.startsWith(dir + u'/'), qPrintable(path));
    QCOMPARE(received().count(u"api global_getvar recordings_dir"_s), 1);
    QVERIFY(QTest::qWaitFor(
        [&] { return receivedLine(u"api uuid_record "_s + a + u" start "_s + path); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->isRecording(); }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] { return !cellOf(u"Alice"_s, Ui::CallsModel::Recording).isEmpty(); }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] { return m_window->callActions()->record->text() == u"Stop &recording"; }, kWait));
    m_window->callActions()->record->trigger(); // stops, without a dialog
    QVERIFY(QTest::qWaitFor(
        [&] { return receivedLine(u"api uuid_record "_s + a + u" stop all"_s); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return !channel(a)->isRecording(); }, kWait));
    QVERIFY(QTest::qWaitFor([&] { return cellOf(u"Alice"_s, Ui::CallsModel::Recording).isEmpty(); },
                            kWait));

    // Asked once per connection: the next recording does not ask again.
    QVERIFY(QTest::qWaitFor([&] { return m_window->callActions()->record->text() == u"&Record"; },
                            kWait));
    Modals again({fill<Ui::RecordDialog>([](Ui::RecordDialog *d) { d->reject(); })});
    m_window->callActions()->record->trigger();
    QCOMPARE(again.answered(), 1);
    QCOMPARE(received().count(u"api global_getvar recordings_dir"_s), 1);
}

void TestCallActions::sendDtmf()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    Modals modals({fill<Ui::DtmfDialog>([](Ui::DtmfDialog *d) {
        setText(d, u"digits"_s, u"12"_s);
        d->findChild<QPushButton *>(u"keyHash"_s)->click(); // the keypad appends
        clickOk(d);
    })});
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+D"_s));
    QCOMPARE(modals.answered(), 1);
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_send_dtmf "_s + a + u" 12#"_s); },
                            kWait));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"+OK"_s);
        },
        kWait));
}

void TestCallActions::listenWhisperAndBargeRingTheOperator()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    Ui::CallActions *actions = m_window->callActions();
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+Shift+L"_s));
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &l : received()) {
                if (l.startsWith(u"bgapi originate {"_s) &&
                    l.endsWith(u"}user/1000 &eavesdrop("_s + a + u')'))
                    return true;
            }
            return false;
        },
        kWait));
    // The operator's leg appears, running eavesdrop on Alice.
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const Monitor::Channel *c : m_hub->server(1)->channels()->channels()) {
                if (c->application == u"eavesdrop" && c->applicationData == a)
                    return true;
            }
            return false;
        },
        kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    actions->whisper->trigger();
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &l : received()) {
                if (l.contains(u"eavesdrop_whisper_aleg=true"_s) &&
                    l.endsWith(u"&eavesdrop("_s + a + u')'))
                    return true;
            }
            return false;
        },
        kWait));
    actions->barge->trigger();
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &l : received()) {
                if (l.endsWith(u"user/1000 &three_way("_s + a + u')'))
                    return true;
            }
            return false;
        },
        kWait));

    // With no operator endpoint set, nothing is sent and the notice says where to set it.
    Console::AppSettings s = m_window->settings();
    s.operatorEndpoint.clear();
    m_window->setSettings(s);
    const qsizetype before = received().size();
    actions->listen->trigger();
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"Preferences"_s);
        },
        kWait));
    QTest::qWait(100);
    QCOMPARE(received().size(), before);
}

void TestCallActions::originateFromTheWindow()
{
    Modals modals({fill<Ui::OriginateDialog>([](Ui::OriginateDialog *d) {
        setText(d, u"endpoint"_s, u"user/1001"_s);
        setText(d, u"destination"_s, u"5000"_s);
        setText(d, u"callerIdName"_s, u"Operator Desk"_s);
        clickOk(d);
    })});
    QTest::keySequence(m_window.get(), QKeySequence(u"Ctrl+N"_s));
    QCOMPARE(modals.answered(), 1);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QString &l : received()) {
                if (l.startsWith(u"bgapi originate "_s) && l.contains(u"user/1001 5000"_s) &&
                    l.contains(u"origination_caller_id_name='Operator Desk'"_s))
                    return true;
            }
            return false;
        },
        kWait));
    // The new call appears in the calls view.
    QVERIFY(QTest::qWaitFor(
        [&] { return !cellOf(u"Operator Desk"_s, Ui::CallsModel::State).isEmpty(); }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"+OK"_s);
        },
        kWait));
}

void TestCallActions::executeShowsProgressUntilComplete()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    QList<Console::ActionOutcome> seen;
    connect(m_window->callControl(), &Console::CallControl::started, this,
            [&seen](const Console::ActionOutcome &o) { seen.append(o); });
    connect(m_window->callControl(), &Console::CallControl::finished, this,
            [&seen](const Console::ActionOutcome &o) { seen.append(o); });
    Modals modals({fill<Ui::ExecuteDialog>([](Ui::ExecuteDialog *d) {
        setText(d, u"application"_s, u"playback"_s);
        setText(d, u"arguments"_s, u"tone_stream://%(200,0,500)"_s);
        d->findChild<QCheckBox *>(u"eventLock"_s)->setChecked(true);
        clickOk(d);
    })});
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+Shift+X"_s));
    QCOMPARE(modals.answered(), 1);
    // While it runs, the notice says so.
    QVERIFY(!seen.isEmpty());
    QVERIFY(seen.first().pending);
    QVERIFY(m_window->notices()->texts().last().section(u'\n', 0, 0).endsWith(u"…"_s));
    QVERIFY(QTest::qWaitFor([&] { return seen.size() == 2; }, kWait));
    QVERIFY(seen.last().ok);
    QVERIFY2(seen.last().reply.startsWith(u"completed"_s), qPrintable(seen.last().reply));
    bool sent = false;
    for (const QString &l : received()) {
        sent |= l.startsWith(u"sendmsg "_s + a +
                             u"\ncall-command: execute\nexecute-app-name: "
                             u"playback\nexecute-app-arg: "
                             u"tone_stream://%(200,0,500)\nevent-lock: true\n"_s);
    }
    QVERIFY2(sent, qPrintable(received().join(u" | "_s)));
}

void TestCallActions::executeOffersTheSwitchsApplicationsAndSendsNoTypo()
{
    if (!m_sim->sw->api(u"show application as json"_s).startsWith("{"))
        QSKIP("the simulated switch does not list its applications yet");
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    QString refusal;
    Modals modals({fill<Ui::ExecuteDialog>([&](Ui::ExecuteDialog *d) {
        auto *application = d->findChild<QComboBox *>(u"application"_s);
        // The switch's list replaces the built-in one when its answer comes.
        QVERIFY(QTest::qWaitFor([&] { return !application->toolTip().isEmpty(); }, kWait));
        QVERIFY(application->findText(u"playback"_s) >= 0);
        setText(d, u"application"_s, u"playbacksleep"_s);
        refusal = d->problem();
        QVERIFY(!d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
        d->reject();
    })});
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+Shift+X"_s));
    QCOMPARE(modals.answered(), 1);
    QVERIFY2(refusal.contains(u"no application \"playbacksleep\""_s), qPrintable(refusal));
    QVERIFY(receivedLine(u"api show application as json"_s));
    for (const QString &line : received())
        QVERIFY2(!line.startsWith(u"sendmsg"_s), qPrintable(line));
}

void TestCallActions::whatALinkCarriesDifferentlySaysHow()
{
    // A second server reached through a link without sendmsg (a broker's), its call shown
    // beside the Event Socket server's. What sendmsg did goes through api there.
    Monitor::ServerProfile profile;
    profile.name = u"broker-pbx"_s;
    auto owned =
        std::make_unique<TestSupport::FakeSwitchLink>(TestSupport::FakeSwitchLink::kBroker);
    TestSupport::FakeSwitchLink *link = owned.get();
    link->apiAnswers.insert(u"show channels as json"_s, R"({"row_count":0})");
    link->apiAnswers.insert(u"show calls as json"_s, R"({"row_count":0})");
    Monitor::ServerMonitor *broker = m_hub->addServer(profile, std::move(owned));
    broker->start();
    link->goLive();
    QVERIFY(QTest::qWaitFor([&] { return !broker->isOutOfStep(); }, kWait));
    const QString uuid = u"5d0c2e4a-7b1f-4e39-a6c8-2f9e0b1d3c57"_s;
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_CREATE");
    h.appendText("Unique-ID", uuid);
    h.appendText("Caller-Unique-ID", uuid);
    h.appendText("Channel-Call-UUID", uuid);
    h.append("Channel-Name", "sofia/internal/1001@example.com");
    h.append("Caller-Caller-ID-Name", "Bob Broker");
    h.append("Caller-Caller-ID-Number", "1001");
    h.append("Caller-Destination-Number", "2000");
    link->deliver(Esl::Event(h, {}, false));
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    Ui::CallActions *actions = m_window->callActions();
    const QString runTip = actions->execute->toolTip();

    // The broker's call: an application runs through uuid_broadcast (api), and the tooltip says
    // what that costs: no completion, no spaces in the arguments.
    QVERIFY(select(u"Bob Broker"_s).isValid());
    QVERIFY(actions->execute->isEnabled());
    QVERIFY2(actions->execute->toolTip().startsWith(runTip), qPrintable(actions->execute->toolTip()));
    QVERIFY2(actions->execute->toolTip().contains(
                 u"On broker-pbx it goes through uuid_broadcast (Fake broker has no sendmsg)"_s),
             qPrintable(actions->execute->toolTip()));
    QVERIFY2(actions->execute->toolTip().contains(u"not when it completes"_s),
             qPrintable(actions->execute->toolTip()));
    // What goes through api and bgapi applies as it did.
    for (QAction *action : {actions->hangup, actions->transfer, actions->hold, actions->park,
                            actions->record, actions->dtmf, actions->listen, actions->whisper,
                            actions->barge, actions->dump, actions->originate}) {
        QVERIFY2(action->isEnabled(), qPrintable(action->objectName()));
        QVERIFY2(!action->toolTip().startsWith(u"Not available"_s), qPrintable(action->toolTip()));
    }
    const QString park = u"api uuid_broadcast "_s + uuid + u" park:: aleg"_s;
    const QString attXfer = u"api uuid_broadcast "_s + uuid + u" att_xfer::loopback/3000/default aleg"_s;
    link->apiAnswers.insert(park.mid(4), "+OK Message Sent\n");
    link->apiAnswers.insert(attXfer.mid(4), "+OK Message Sent\n");
    QList<Console::ActionOutcome> seen;
    connect(m_window->callControl(), &Console::CallControl::finished, this,
            [&seen](const Console::ActionOutcome &o) { seen.append(o); });
    // Its shortcut runs the application as an api command, never as sendmsg, and the notice
    // says it was queued.
    {
        Modals modals({fill<Ui::ExecuteDialog>([](Ui::ExecuteDialog *d) {
            setText(d, u"application"_s, u"park"_s);
            clickOk(d);
        })});
        QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+Shift+X"_s));
        QCOMPARE(modals.answered(), 1);
    }
    QVERIFY(QTest::qWaitFor([&] { return seen.size() == 1; }, kWait));
    QVERIFY2(seen.last().ok, qPrintable(seen.last().reply));
    QCOMPARE(seen.last().command, park);
    QVERIFY2(m_window->notices()->texts().last().contains(
                 u"queued on the channel (uuid_broadcast): completion is not reported"_s),
             qPrintable(m_window->notices()->texts().last()));
    // Transfer offers the attended choice: att_xfer goes through uuid_broadcast too.
    bool attendedOffer = false;
    Modals transfer({fill<Ui::TransferDialog>([&](Ui::TransferDialog *d) {
        auto *box = d->findChild<QCheckBox *>(u"attended"_s);
        attendedOffer = box->isEnabled();
        setText(d, u"destination"_s, u"3000"_s);
        box->setChecked(true);
        clickOk(d);
    })});
    actions->transfer->trigger();
    QCOMPARE(transfer.answered(), 1);
    QVERIFY(attendedOffer);
    QVERIFY(QTest::qWaitFor([&] { return seen.size() == 2; }, kWait));
    QCOMPARE(seen.last().command, attXfer);
    for (const QString &sent : link->sent)
        QVERIFY2(!sent.startsWith(u"execute"_s), qPrintable(sent));
    QVERIFY(link->sent.contains(park));
    QVERIFY(link->sent.contains(attXfer));

    // The Event Socket server's call: on again, with its own tooltip.
    QVERIFY(select(u"Alice"_s).isValid());
    QVERIFY(actions->execute->isEnabled());
    QCOMPARE(actions->execute->toolTip(), runTip);
    QVERIFY(!runTip.startsWith(u"Not available"_s));
}

void TestCallActions::theNoticeShowsTheExactCommandWithAnIconThatExists()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+P"_s));
    // Pending: an icon from the style, not an hourglass glyph a desktop may lack (a box).
    const auto icon = [&] {
        const QList<QLabel *> icons = m_window->notices()->findChildren<QLabel *>(u"noticeIcon"_s);
        return icons.isEmpty() ? QPixmap() : icons.last()->pixmap();
    };
    QVERIFY(!m_window->notices()->texts().isEmpty());
    QVERIFY(!icon().isNull());
    for (const QLabel *label : m_window->notices()->findChildren<QLabel *>())
        QVERIFY2(!label->text().contains(QChar(0x23F3)), qPrintable(label->text()));
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"+OK"_s);
        },
        kWait));
    // Done: the reply, then the exact command as the switch got it.
    QCOMPARE(m_window->notices()->texts().last().section(u'\n', 1), u"api uuid_park "_s + a);
    QVERIFY(!icon().isNull());
}

void TestCallActions::dumpOpensACopyableDialog()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(select(u"Alice"_s).isValid());
    QTest::keySequence(m_window->callsPanel()->view(), QKeySequence(u"Ctrl+I"_s));
    QVERIFY(QTest::qWaitFor([&] { return receivedLine(u"api uuid_dump "_s + a); }, kWait));
    Ui::DumpDialog *dialog = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] {
            dialog = m_window->findChild<Ui::DumpDialog *>();
            return dialog && dialog->isVisible();
        },
        kWait));
    QVERIFY(!dialog->isModal()); // the operator keeps working beside it
    auto *table = dialog->findChild<QTableWidget *>(u"dumpTable"_s);
    bool found = false;
    for (int r = 0; r < table->rowCount(); ++r)
        found |= table->item(r, 0)->text() == u"Unique-ID" && table->item(r, 1)->text() == a;
    QVERIFY(found);
    dialog->findChild<QPushButton *>(u"copyAll"_s)->click();
    QVERIFY(QGuiApplication::clipboard()->text().contains(u"Unique-ID: "_s + a));
    dialog->close();
}

void TestCallActions::aChannelThatHungUpFailsCleanly()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(select(u"Alice"_s).isValid());
    m_sim->sw->api(u"uuid_kill "_s + a);
    QVERIFY(QTest::qWaitFor([&] { return channel(a)->ended; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid()); // still shown, fading
    const qsizetype before = received().size();
    m_window->callActions()->park->trigger();
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"hung up"_s);
        },
        kWait));
    QTest::qWait(100);
    QCOMPARE(received().size(), before);
}

void TestCallActions::aServerThatIsGoneFailsCleanly()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    m_sim->server->close();
    m_sim->server->dropAll();
    QVERIFY(QTest::qWaitFor([&] { return !m_hub->server(1)->link()->isLive(); }, kWait));
    m_window->callActions()->hold->trigger();
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QStringList t = m_window->notices()->texts();
            return !t.isEmpty() && t.last().contains(u"failed"_s);
        },
        kWait));
    QCOMPARE(m_window->callControl()->outstanding(), 0);
}

void TestCallActions::everyCommandIsInTheAuditDock()
{
    const QString a = m_sim->call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor([&] { return channel(a) && channel(a)->answeredMs > 0; }, kWait));
    QVERIFY(select(u"Alice"_s).isValid());
    m_window->callActions()->park->trigger();
    m_window->callActions()->hold->trigger();
    QAbstractItemModel *audit = m_window->auditPanel()->view()->model();
    QVERIFY(QTest::qWaitFor([&] { return audit->rowCount() == 2; }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] { return audit->index(1, Ui::AuditModel::Result).data().toString() == u"ok"; }, kWait));
    QCOMPARE(audit->index(0, Ui::AuditModel::Command).data().toString(), u"api uuid_park "_s + a);
    QCOMPARE(audit->index(1, Ui::AuditModel::Command).data().toString(), u"api uuid_hold "_s + a);
    QCOMPARE(audit->index(0, Ui::AuditModel::Server).data().toString(), u"pbx"_s);
    QVERIFY(audit->index(0, Ui::AuditModel::Reply).data().toString().startsWith(u"+OK"_s));
}

QTEST_MAIN(TestCallActions)
#include "tst_callactions.moc"
