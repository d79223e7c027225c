// The Conferences panel against the simulated switch through a real Event Socket: every action
// sends the exact command (the audit log), the switch's state changes (the sim), the panel
// shows it (its model, after the module's events); a dragged call comes in; eslcat's
// `conferences` prints what the panel shows; a stale link greys the panel.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/conferencestore.h"
#include "monitor/supervisorpanels.h"
#include "sim/simconference.h"
#include "ui/calls/callsmodel.h"
#include "ui/conferences/conferencesmodel.h"
#include "ui/conferences/conferencespanel.h"
#include "ui/window/noticebar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;
using Console::ActionOutcome;
using Ui::ConferencesModel;

namespace {

ActionOutcome outcomeOf(QFuture<ActionOutcome> f)
{
    if (!QTest::qWaitFor([&] { return f.isFinished(); }, kWait))
        return {};
    return f.result();
}

} // namespace

class TestConferencesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsConferencesWithTheirMembers();
    void everyMemberActionSendsTheCommandAndShowsTheChange();
    void conferenceActionsLockRecordPlayInvite();
    void transfersOutAndDragsIn();
    void refusesBadInputAndTellsSwitchErrors();
    void eslcatPrintsWhatThePanelShows();
    void greysWhenTheLinkGoesDown();

private:
    QString join(const QString &name, const QString &room = u"3000"_s);
    [[nodiscard]] QString lastCommand() const;
    [[nodiscard]] QString cell(const QString &room, int member, int column) const;

    std::unique_ptr<UiSim> m_sim;
    std::unique_ptr<Monitor::Hub> m_hub;
    std::unique_ptr<Console::CallControl> m_control;
    std::unique_ptr<Ui::NoticeBar> m_notices;
    std::unique_ptr<Ui::ConferencesPanel> m_panel;
    Monitor::ServerMonitor *m_server = nullptr;
};

void TestConferencesPanel::initTestCase()
{
    QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
}

void TestConferencesPanel::init()
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
    m_panel->resize(1000, 250);
}

void TestConferencesPanel::cleanup()
{
    m_panel.reset();
    m_notices.reset();
    m_control.reset();
    m_hub.reset();
    m_sim.reset();
}

QString TestConferencesPanel::join(const QString &name, const QString &room)
{
    Sim::Switch::CallSpec spec;
    spec.callerName = name;
    spec.callerNumber = u"1001"_s;
    spec.destination = room;
    spec.bridge = false;
    spec.application = u"conference"_s;
    spec.applicationArgument = room + u"@default"_s;
    const QString uuid = m_sim->sw->placeCall(spec);
    [[maybe_unused]] const bool shown = QTest::qWaitFor(
        [&] {
            const int id = m_sim->sw->conferences()->memberId(uuid);
            return id > 0 && m_panel->model()->find(m_server->id(), room, id).isValid();
        },
        kWait);
    return uuid;
}

QString TestConferencesPanel::lastCommand() const
{
    const auto &entries = m_hub->audit()->entries();
    return entries.isEmpty() ? QString() : entries.last().command;
}

QString TestConferencesPanel::cell(const QString &room, int member, int column) const
{
    return m_panel->model()->find(m_server->id(), room, member).siblingAtColumn(column).data().toString();
}

void TestConferencesPanel::showsConferencesWithTheirMembers()
{
    QSignalSpy titles(m_panel.get(), &Ui::ConferencesPanel::titleChanged);
    join(u"Alice"_s);
    join(u"Bob"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->model()->rowCount(m_panel->model()->find(m_server->id(), u"3000"_s)), 2, kWait);
    QCOMPARE(cell(u"3000"_s, 0, ConferencesModel::NameColumn), u"3000 (2)"_s);
    QCOMPARE(cell(u"3000"_s, 1, ConferencesModel::NameColumn), u"#1 Alice (1001)"_s);
    QCOMPARE(cell(u"3000"_s, 1, ConferencesModel::StateColumn), u"floor"_s);
    QCOMPARE(cell(u"3000"_s, 2, ConferencesModel::ServerColumn), u"sim"_s);
    QTRY_VERIFY(!titles.isEmpty());
    QCOMPARE(titles.last().first().toString(), u"Confere&nces (1)"_s);
    // Talking, live from start/stop-talking; the selection stays on its member meanwhile.
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 2));
    m_sim->sw->conferences()->setTalkIntervalMs(30);
    QTRY_VERIFY_WITH_TIMEOUT(!cell(u"3000"_s, 1, ConferencesModel::TalkingColumn).isEmpty() ||
                                 !cell(u"3000"_s, 2, ConferencesModel::TalkingColumn).isEmpty(),
                             kWait);
    join(u"Carol"_s);
    QCOMPARE(m_panel->view()->currentIndex().data(ConferencesModel::MemberIdRole).toInt(), 2);
    // Usable at 1024×700: the toolbar fits the ~1000 px the tab has.
    QVERIFY(m_panel->findChild<QToolBar *>()->sizeHint().width() <= 1000);
}

void TestConferencesPanel::everyMemberActionSendsTheCommandAndShowsTheChange()
{
    join(u"Alice"_s);
    join(u"Bob"_s);
    auto *sim = m_sim->sw->conferences();
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 1));
    ActionOutcome o = outcomeOf(m_panel->toggleMute());
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.reply, u"+OK mute 1"_s);
    QCOMPARE(lastCommand(), u"api conference 3000 mute 1"_s);
    QVERIFY(!sim->memberFlags(u"3000"_s, 1).contains(u"speak"_s));
    QTRY_VERIFY_WITH_TIMEOUT(cell(u"3000"_s, 1, ConferencesModel::StateColumn).contains(u"muted"_s), kWait);
    QVERIFY(outcomeOf(m_panel->toggleMute()).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 unmute 1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!cell(u"3000"_s, 1, ConferencesModel::StateColumn).contains(u"muted"_s), kWait);

    QVERIFY(outcomeOf(m_panel->toggleDeaf()).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 deaf 1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(cell(u"3000"_s, 1, ConferencesModel::StateColumn).contains(u"deaf"_s), kWait);
    QVERIFY(outcomeOf(m_panel->toggleDeaf()).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 undeaf 1"_s);

    QVERIFY(outcomeOf(m_panel->setVolume(true, 2)).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 volume_in 1 2"_s);
    QVERIFY(outcomeOf(m_panel->setVolume(false, -1)).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 volume_out 1 -1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(cell(u"3000"_s, 1, ConferencesModel::VolumeColumn), u"2 / -1"_s, kWait);
    // energy answers without +OK: a success all the same.
    o = outcomeOf(m_panel->setEnergy(300));
    QVERIFY2(o.ok, qPrintable(o.reply));
    QCOMPARE(o.reply, u"Energy 1 = 300"_s);
    QCOMPARE(lastCommand(), u"api conference 3000 energy 1 300"_s);
    QTRY_COMPARE_WITH_TIMEOUT(cell(u"3000"_s, 1, ConferencesModel::EnergyColumn), u"300"_s, kWait);

    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 2));
    o = outcomeOf(m_panel->kick());
    QCOMPARE(o.reply, u"+OK kicked 2"_s);
    QCOMPARE(lastCommand(), u"api conference 3000 kick 2"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->model()->find(m_server->id(), u"3000"_s, 2).isValid(), kWait);
    join(u"Carol"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 3));
    QCOMPARE(outcomeOf(m_panel->hangUp()).reply, u"+OK hup 3"_s);
    QCOMPARE(lastCommand(), u"api conference 3000 hup 3"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->model()->find(m_server->id(), u"3000"_s, 3).isValid(), kWait);
}

void TestConferencesPanel::conferenceActionsLockRecordPlayInvite()
{
    join(u"Alice"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s));
    QCOMPARE(outcomeOf(m_panel->toggleLock()).reply, u"+OK 3000 locked"_s);
    QCOMPARE(lastCommand(), u"api conference 3000 lock"_s);
    QTRY_VERIFY_WITH_TIMEOUT(cell(u"3000"_s, 0, ConferencesModel::StateColumn).contains(u"locked"_s), kWait);
    QVERIFY(outcomeOf(m_panel->toggleLock()).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 unlock"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!cell(u"3000"_s, 0, ConferencesModel::StateColumn).contains(u"locked"_s), kWait);

    QVERIFY(outcomeOf(m_panel->startRecording(u"/tmp/conf-3000.wav"_s)).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 record /tmp/conf-3000.wav"_s);
    QTRY_VERIFY_WITH_TIMEOUT(cell(u"3000"_s, 0, ConferencesModel::StateColumn).contains(u"REC"_s), kWait);
    const ActionOutcome stop = outcomeOf(m_panel->stopRecording());
    QVERIFY2(stop.ok, qPrintable(stop.reply)); // "Stopped recording file …\n+OK Stopped recording 0 files"
    QCOMPARE(lastCommand(), u"api conference 3000 norecord all"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!cell(u"3000"_s, 0, ConferencesModel::StateColumn).contains(u"REC"_s), kWait);

    QVERIFY(outcomeOf(m_panel->play(u"tone_stream://%(500,0,880)"_s)).ok);
    QCOMPARE(lastCommand(), u"api conference 3000 play tone_stream://%(500,0,880)"_s);

    const ActionOutcome invited = outcomeOf(m_panel->invite(u"user/1000"_s));
    QVERIFY2(invited.reply.startsWith(u"+OK Job-UUID: "_s), qPrintable(invited.reply));
    QCOMPARE(lastCommand(), u"api conference 3000 bgdial user/1000"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->model()->rowCount(m_panel->model()->find(m_server->id(), u"3000"_s)), 2, kWait);
}

void TestConferencesPanel::transfersOutAndDragsIn()
{
    const QString alice = join(u"Alice"_s);
    join(u"Bob"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 1));
    QCOMPARE(outcomeOf(m_panel->transferToConference(u"3001"_s)).reply,
             u"+OK Member '1' sent to conference 3001."_s);
    QCOMPARE(lastCommand(), u"api conference 3000 transfer 3001 1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->model()->find(m_server->id(), u"3001"_s, 1).isValid(), kWait);
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 2));
    const QString bob = m_panel->view()->currentIndex().data(ConferencesModel::MemberUuidRole).toString();
    QVERIFY(outcomeOf(m_panel->transferToExtension(u"2000"_s)).ok);
    QCOMPARE(lastCommand(), u"api uuid_transfer %1 2000 XML default"_s.arg(bob));
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->model()->find(m_server->id(), u"3000"_s).isValid(), kWait);

    // A call from the calls view, dropped on conference 3001.
    const QString carol = m_sim->call(u"Carol"_s);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->channels()->channel(carol), kWait);
    QTest::qWait(100);
    m_panel->refreshNow();
    const QModelIndex target = m_panel->model()->find(m_server->id(), u"3001"_s);
    QVERIFY(target.isValid());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    const QPoint at = m_panel->view()->visualRect(target).center();
    QMimeData mime;
    mime.setData(QLatin1StringView(Ui::CallsModel::kMimeType),
                 QByteArray::number(m_server->id()) + ' ' + carol.toUtf8());
    // As a drag does it: enter, move over the conference, drop.
    QDragEnterEvent enter(at, Qt::LinkAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_panel->view()->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(at, Qt::LinkAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_panel->view()->viewport(), &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(at), Qt::LinkAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_panel->view()->viewport(), &drop);
    QTRY_COMPARE_WITH_TIMEOUT(lastCommand(), u"api uuid_transfer %1 conference:3001@default inline"_s.arg(carol), kWait);
    QTRY_COMPARE_WITH_TIMEOUT(m_sim->sw->conferences()->memberCount(u"3001"_s), 2, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->model()->rowCount(m_panel->model()->find(m_server->id(), u"3001"_s)), 2, kWait);
    Q_UNUSED(alice)
}

void TestConferencesPanel::refusesBadInputAndTellsSwitchErrors()
{
    join(u"Alice"_s);
    join(u"Bob"_s);
    QVERIFY(m_panel->select(m_server->id(), u"3000"_s, 1));
    const int sent = m_hub->audit()->size();
    ActionOutcome o = outcomeOf(m_panel->setVolume(true, 9));
    QVERIFY(o.refused());
    QVERIFY2(o.reply.contains(u"-4..4"_s), qPrintable(o.reply));
    o = outcomeOf(m_panel->startRecording(u"/tmp/a b.wav"_s));
    QVERIFY(o.refused());
    QCOMPARE(m_hub->audit()->size(), sent); // nothing went out
    QCOMPARE(m_hub->audit()->refusals().size(), 2);
    // The member left before the operator clicked: the module's own words, as a failure.
    m_sim->sw->api(u"conference 3000 kick 1"_s);
    o = outcomeOf(m_panel->toggleMute());
    QVERIFY(!o.ok);
    QCOMPARE(o.reply, u"-ERR Non-Existant ID 1"_s);
}

void TestConferencesPanel::eslcatPrintsWhatThePanelShows()
{
    join(u"Alice"_s);
    join(u"Bob"_s);
    join(u"Carol"_s, u"3001"_s);
    m_sim->sw->api(u"conference 3000 mute 2"_s);
    m_sim->sw->api(u"conference 3000 lock"_s);
    QTRY_VERIFY_WITH_TIMEOUT(cell(u"3000"_s, 2, ConferencesModel::StateColumn).contains(u"muted"_s), kWait);
    QProcess eslcat;
    eslcat.start(QStringLiteral(ESLCAT_PATH),
                 {u"conferences"_s, u"--once"_s, u"--port"_s, QString::number(m_sim->server->serverPort())});
    QVERIFY(QTest::qWaitFor([&] { return eslcat.state() == QProcess::NotRunning; }, 30000));
    QCOMPARE(eslcat.exitCode(), 0);
    QList<QJsonObject> printed;
    for (const QByteArray &line : eslcat.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            printed.append(QJsonDocument::fromJson(line).object());
    }
    QCOMPARE(printed.size(), m_panel->model()->conferenceCount());
    for (const QJsonObject &c : printed) {
        const QString name = c.value(u"name"_s).toString();
        const QModelIndex row = m_panel->model()->find(m_server->id(), name);
        QVERIFY2(row.isValid(), qPrintable(name));
        QCOMPARE(row.siblingAtColumn(ConferencesModel::StateColumn).data().toString().contains(u"locked"_s),
                 c.value(u"locked"_s).toBool());
        const QJsonArray members = c.value(u"members"_s).toArray();
        QCOMPARE(members.size(), m_panel->model()->rowCount(row));
        for (int i = 0; i < members.size(); ++i) {
            const QJsonObject m = members[i].toObject();
            const QModelIndex shown = m_panel->model()->index(i, 0, row);
            QCOMPARE(shown.data(ConferencesModel::MemberIdRole).toInt(), m.value(u"id"_s).toInt());
            QCOMPARE(shown.data(ConferencesModel::MemberUuidRole).toString(), m.value(u"uuid"_s).toString());
            const QString state = shown.siblingAtColumn(ConferencesModel::StateColumn).data().toString();
            QCOMPARE(state.contains(u"muted"_s), m.value(u"muted"_s).toBool());
            QCOMPARE(state.contains(u"floor"_s), m.value(u"floor"_s).toBool());
            QCOMPARE(shown.siblingAtColumn(ConferencesModel::EnergyColumn).data().toInt(),
                     m.value(u"energy"_s).toInt());
        }
    }
}

void TestConferencesPanel::greysWhenTheLinkGoesDown()
{
    join(u"Alice"_s);
    QCOMPARE(m_panel->statusText(), QString());
    m_sim->server->close();
    m_sim->server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->panels()->conferences()->isStale(), kWait);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->statusText().contains(u"unknown since"_s), kWait);
    const QModelIndex row = m_panel->model()->find(m_server->id(), u"3000"_s);
    QVERIFY(row.data(ConferencesModel::StaleRole).toBool());
    QVERIFY(row.data(Qt::ForegroundRole).isValid());
}

QTEST_MAIN(TestConferencesPanel)
#include "tst_conferencespanel.moc"
