// The calls view's Quality column, against the simulated switch through a real Event Socket: a leg
// whose RTCP reports came shows its MOS (a number, coloured by grade), a degraded leg reads poor
// with a mark as well as red, a call's row shows its worst leg, the tooltip leads with the worst
// figure and holds FreeSWITCH's counters, an ended call keeps its MOS, nothing known reads "—".
// Sorted by quality, calls with no MOS come last both ways, and equal MOS keep the unsorted order
// through every report. A column layout saved before the
// column existed still puts the operator's columns back where they were.

#include "support/uisim.h"

#include "ui/calls/callsheaderstate.h"
#include "ui/calls/callsmodel.h"
#include "ui/calls/callssortproxy.h"
#include "ui/calls/qualitypresentation.h"
#include "ui/common/modelroles.h"
#include "ui/calls/callspanel.h"
#include "ui/window/mainwindow.h"

#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"

#include <QGuiApplication>
#include <QHeaderView>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using Ui::CallsModel;

namespace {

// A switch whose SIP legs send RTCP reports every 150 ms (a real one: about every 4 s).
struct QualitySim
{
    QualitySim()
    {
        Sim::SwitchConfig config;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 0;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        config.rtcpReportMs = 150;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
    }
    Monitor::ServerMonitor *watch(Monitor::Hub &hub) const
    {
        Monitor::ServerProfile p;
        p.name = u"pbx"_s;
        p.connection.port = server->serverPort();
        p.connection.reconnectMinMs = 50;
        p.connection.reconnectMaxMs = 200;
        p.logLevel = -1;
        p.endedRetentionMs = 60000;
        Monitor::ServerMonitor *m = hub.addServer(p);
        m->start();
        if (!QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, 10000))
            return nullptr;
        return m;
    }
    // A bridged call; with `rtcp` its legs report (the dialplan sets what FreeSWITCH reads).
    QString call(const QString &caller, bool rtcp)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = caller;
        spec.callerNumber = u"1000"_s;
        spec.destination = u"2000"_s;
        if (rtcp)
            spec.variables = {{"rtcp_audio_interval_msec", u"1000"_s},
                              {"fire_rtcp_events", u"true"_s}};
        return sw->placeCall(spec);
    }

    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
};

QModelIndex legRow(const CallsModel &model, const Monitor::ChannelKey &key)
{
    return model.indexOf(key, CallsModel::Quality);
}

QString qualityText(const CallsModel &model, const QModelIndex &index)
{
    return model.data(index.siblingAtColumn(CallsModel::Quality), Qt::DisplayRole).toString();
}

bool hasMos(const Monitor::ServerMonitor *m, const QString &uuid, double below = 5)
{
    const Monitor::Channel *c = m->channels()->channel(uuid);
    return c && c->quality.displayMos() >= 0 && c->quality.displayMos() < below;
}

// A header state as the window saved it before the Quality column: the twelve built-in columns
// and the operator's `added` header columns after them.
QByteArray oldHeaderState(int added, const std::function<void(QHeaderView &)> &arrange)
{
    QStandardItemModel model(0, CallsModel::Quality + added);
    QHeaderView header(Qt::Horizontal);
    header.setModel(&model);
    arrange(header);
    return header.saveState();
}

} // namespace

class TestQualityColumn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_qualitycolumn"_s);
    }
    void cleanupTestCase() { QSettings().clear(); }

    void aLegWithRtcpShowsItsMosInItsGradesColour();
    void aDegradedLegReadsPoorWithAMarkAndTheCallShowsItsWorstLeg();
    void theTooltipLeadsWithTheWorstFigureAndHoldsTheSwitchsCounters();
    void anEndedCallKeepsItsMos();
    void nothingKnownReadsADash();
    void sortedByQualityUnknownsComeLastBothWays();
    void equalMosKeepTheUnsortedOrderThroughReports();
    void aLayoutSavedBeforeTheColumnKeepsTheOperatorsColumns();
    void theWindowRestoresALayoutSavedBeforeTheColumn();
};

void TestQualityColumn::aLegWithRtcpShowsItsMosInItsGradesColour()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, TestSupport::kTester);
    const QString a = sim.call(u"Alice"_s, true);
    QVERIFY(QTest::qWaitFor([&] { return hasMos(m, a); }, TestSupport::kWait));
    model.flush();
    const QModelIndex row = legRow(model, {m->id(), a});
    QVERIFY(row.isValid());
    const QString text = qualityText(model, row);
    bool number = false;
    const double mos = text.toDouble(&number);
    QVERIFY2(number, qPrintable(text)); // "4.4": a clean leg, no mark
    QVERIFY(mos >= 4.0 && mos <= 4.5);
    QCOMPARE(model.data(row, Ui::RawValueRole).toDouble(),
             m->channels()->channel(a)->quality.displayMos());
    // Good: the palette's own text colour, readable on any palette.
    QVERIFY(!model.data(row, Qt::ForegroundRole).isValid());
    QCOMPARE(model.headerData(CallsModel::Quality, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"Quality"_s);
}

void TestQualityColumn::aDegradedLegReadsPoorWithAMarkAndTheCallShowsItsWorstLeg()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, TestSupport::kTester);
    const QString a = sim.call(u"Bob"_s, true);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c && !c->bridgedTo.isEmpty();
        },
        TestSupport::kWait));
    const QString b = m->channels()->channel(a)->bridgedTo;
    QVERIFY(sim.sw->degradeLeg(b, 25, 80));
    QVERIFY(QTest::qWaitFor([&] { return hasMos(m, b, 3.6) && hasMos(m, a); },
                            TestSupport::kWait));
    model.flush();
    const QModelIndex bRow = legRow(model, {m->id(), b});
    QVERIFY(bRow.isValid());
    const QString poor = qualityText(model, bRow);
    QVERIFY2(poor.startsWith(u"▼ "_s), qPrintable(poor)); // not colour alone
    QCOMPARE(m->channels()->channel(b)->quality.grade(), Monitor::LegQuality::Grade::Poor);
    QCOMPARE(model.data(bRow, Qt::ForegroundRole).value<QColor>(),
             Ui::QualityPresentation::gradeForeground(Monitor::LegQuality::Grade::Poor,
                                                      QGuiApplication::palette()));
    // The call's row: its worst leg, whichever leg is first.
    const QModelIndex callRow = model.callIndexOf({m->id(), a}, CallsModel::Quality);
    QVERIFY(callRow.isValid());
    QVERIFY(model.data(callRow, Ui::IsCallRole).toBool());
    const double worst = std::min(m->channels()->channel(a)->quality.displayMos(),
                                  m->channels()->channel(b)->quality.displayMos());
    QCOMPARE(model.data(callRow, Ui::RawValueRole).toDouble(), worst);
    QVERIFY(qualityText(model, callRow).startsWith(u"▼ "_s));
    const QString tip = model.data(callRow, Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(u"Worst leg: "_s), qPrintable(tip));
    QVERIFY2(tip.contains(m->channels()->channel(b)->name), qPrintable(tip));
}

void TestQualityColumn::theTooltipLeadsWithTheWorstFigureAndHoldsTheSwitchsCounters()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    CallsModel model(&hub);
    const QString a = sim.call(u"Carol"_s, true);
    QVERIFY(QTest::qWaitFor([&] { return hasMos(m, a); }, TestSupport::kWait));
    QVERIFY(sim.sw->degradeLeg(a, 8, 30));
    QVERIFY(QTest::qWaitFor(
        [&] { return m->channels()->channel(a)->quality.worstLossPct() > 1; },
        TestSupport::kWait));
    // FreeSWITCH's own counters come with mediaStats (the details pane asks for them).
    m->refreshQuality(a);
    QVERIFY(QTest::qWaitFor(
        [&] { return m->channels()->channel(a)->quality.counters.inPackets > 0; },
        TestSupport::kWait));
    model.flush();
    const QString tip = model.data(legRow(model, {m->id(), a}), Qt::ToolTipRole).toString();
    const Monitor::LegQuality &q = m->channels()->channel(a)->quality;
    const QString firstLine = tip.section(u'\n', 0, 0);
    QVERIFY2(firstLine.contains(u"worst: "_s + q.worstFigure()), qPrintable(tip));
    QVERIFY2(tip.contains(u"FreeSWITCH counters"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"flush"_s) && tip.contains(u"DTMF"_s), qPrintable(tip));
    QVERIFY2(tip.contains(u"FreeSWITCH MOS"_s), qPrintable(tip)); // its loss-only figure, noted
}

void TestQualityColumn::anEndedCallKeepsItsMos()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    CallsModel model(&hub);
    QAbstractItemModelTester tester(&model, TestSupport::kTester);
    const QString a = sim.call(u"Dave"_s, true);
    QVERIFY(QTest::qWaitFor([&] { return hasMos(m, a); }, TestSupport::kWait));
    sim.sw->hangup(a, u"NORMAL_CLEARING"_s);
    // CHANNEL_HANGUP_COMPLETE brings the final figures, after the hangup itself.
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c->ended && c->quality.final;
        },
        TestSupport::kWait));
    model.flush();
    const QModelIndex row = legRow(model, {m->id(), a});
    QVERIFY(model.data(row, Ui::IsEndedRole).toBool());
    const Monitor::LegQuality &q = m->channels()->channel(a)->quality;
    QVERIFY(q.final); // the hangup's figures
    QCOMPARE(qualityText(model, row), Ui::QualityPresentation::mosText(q));
    QVERIFY(qualityText(model, row) != u"—"_s);
    QVERIFY(qualityText(model, model.callIndexOf({m->id(), a})) != u"—"_s);
}

void TestQualityColumn::nothingKnownReadsADash()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    CallsModel model(&hub);
    const QString a = sim.call(u"Erin"_s, false); // no RTCP, nobody asked mediaStats
    QVERIFY(QTest::qWaitFor([&] { return model.indexOf({m->id(), a}).isValid(); },
                            TestSupport::kWait));
    QTest::qWait(500); // reports would have come by now
    model.flush();
    const QModelIndex row = legRow(model, {m->id(), a});
    QCOMPARE(qualityText(model, row), u"—"_s);
    QVERIFY(!model.data(row, Ui::RawValueRole).isValid());
    QVERIFY(model.data(row, Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(qualityText(model, model.callIndexOf({m->id(), a})), u"—"_s);
}

void TestQualityColumn::sortedByQualityUnknownsComeLastBothWays()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    CallsModel model(&hub);
    model.setLayout(CallsModel::Layout::Flat);
    const QString unknown = sim.call(u"Unknown"_s, false);
    const QString good = sim.call(u"Good"_s, true);
    const QString poor = sim.call(u"Poor"_s, true);
    QVERIFY(sim.sw->degradeLeg(poor, 25, 80));
    QVERIFY(QTest::qWaitFor([&] { return hasMos(m, good) && hasMos(m, poor, 3.6); },
                            TestSupport::kWait));
    model.flush();
    Ui::CallsSortProxy proxy;
    proxy.setSortRole(Ui::RawValueRole);
    proxy.setSourceModel(&model);
    const auto order = [&] {
        QStringList uuids;
        for (int r = 0; r < proxy.rowCount(); ++r) {
            const QString uuid = proxy.index(r, 0).data(Ui::UuidRole).toString();
            if (uuid == unknown || uuid == good || uuid == poor)
                uuids.append(uuid);
        }
        return uuids;
    };
    proxy.sort(CallsModel::Quality, Qt::AscendingOrder); // the worst first
    QCOMPARE(order(), (QStringList{poor, good, unknown}));
    proxy.sort(CallsModel::Quality, Qt::DescendingOrder);
    QCOMPARE(order(), (QStringList{good, poor, unknown}));
}

void TestQualityColumn::equalMosKeepTheUnsortedOrderThroughReports()
{
    // Four calls in the order they started; three with the same MOS.
    QStandardItemModel source(0, CallsModel::Quality + 1);
    const QList<double> mos{4.3, 4.3, 3.1, 4.3};
    for (int i = 0; i < mos.size(); ++i) {
        QList<QStandardItem *> row;
        for (int c = 0; c <= CallsModel::Quality; ++c)
            row.append(new QStandardItem(QString::number(i)));
        row[CallsModel::Quality]->setData(mos[i], Ui::RawValueRole);
        source.appendRow(row);
    }
    Ui::CallsSortProxy proxy;
    proxy.setSortRole(Ui::RawValueRole);
    proxy.setSourceModel(&source);
    const auto order = [&] {
        QStringList rows;
        for (int r = 0; r < proxy.rowCount(); ++r)
            rows.append(proxy.index(r, 0).data().toString());
        return rows.join(u' ');
    };
    proxy.sort(CallsModel::Quality, Qt::AscendingOrder);
    QCOMPARE(order(), u"2 0 1 3"_s);
    proxy.sort(CallsModel::Quality, Qt::DescendingOrder);
    QCOMPARE(order(), u"0 1 3 2"_s);
    // A report that changes nothing shown (the model says the cell changed, as CallsModel does at
    // every report): the rows stay where they are, in either order.
    const auto report = [&](int i) {
        const QModelIndex cell = source.index(i, CallsModel::Quality);
        Q_EMIT source.dataChanged(cell, cell);
    };
    for (int round = 0; round < 3; ++round) {
        for (int i : {3, 0, 1}) {
            report(i);
            QCOMPARE(order(), u"0 1 3 2"_s);
        }
    }
    proxy.sort(CallsModel::Quality, Qt::AscendingOrder);
    for (int i : {1, 3, 0}) {
        report(i);
        QCOMPARE(order(), u"2 0 1 3"_s);
    }
}

void TestQualityColumn::aLayoutSavedBeforeTheColumnKeepsTheOperatorsColumns()
{
    Monitor::Hub hub;
    CallsModel model(&hub);
    QVERIFY(model.addHeaderColumn(u"variable_sip_user_agent"_s));
    QVERIFY(model.addHeaderColumn(u"Core-UUID"_s));
    const int agent = CallsModel::Quality; // where the first added column was then
    const QByteArray old = oldHeaderState(2, [&](QHeaderView &h) {
        h.resizeSection(agent, 233);
        h.resizeSection(agent + 1, 177);
        h.resizeSection(CallsModel::Recording, 41);
        h.setSectionHidden(CallsModel::Codec, true);
        h.moveSection(h.visualIndex(agent + 1), 0); // Core-UUID first
        h.setSortIndicator(agent, Qt::DescendingOrder);
    });
    QCOMPARE(Ui::savedSectionCount(old), CallsModel::Quality + 2);

    QTreeView view;
    view.setModel(&model);
    QHeaderView *header = view.header();
    QVERIFY(Ui::restoreCallsHeader(header, old));
    QCOMPARE(header->count(), CallsModel::FirstHeaderColumn + 2);
    // The operator's columns, each where and as wide as it was.
    QCOMPARE(header->sectionSize(CallsModel::FirstHeaderColumn), 233);
    QCOMPARE(header->sectionSize(CallsModel::FirstHeaderColumn + 1), 177);
    QCOMPARE(header->visualIndex(CallsModel::FirstHeaderColumn + 1), 0);
    QCOMPARE(header->sectionSize(CallsModel::Recording), 41);
    QVERIFY(header->isSectionHidden(CallsModel::Codec));
    QCOMPARE(header->sortIndicatorSection(), int(CallsModel::FirstHeaderColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    // Quality: shown, right after "Answered by" (as by default).
    QVERIFY(!header->isSectionHidden(CallsModel::Quality));
    QVERIFY(header->sectionSize(CallsModel::Quality) > 0);
    QCOMPARE(header->visualIndex(CallsModel::Quality),
             header->visualIndex(CallsModel::AnsweredBy) + 1);

    // A layout saved with the column is restored as it is.
    header->resizeSection(CallsModel::Quality, 66);
    const QByteArray current = header->saveState();
    QTreeView again;
    again.setModel(&model);
    QVERIFY(Ui::restoreCallsHeader(again.header(), current));
    QCOMPARE(again.header()->sectionSize(CallsModel::Quality), 66);
    QCOMPARE(again.header()->sectionSize(CallsModel::FirstHeaderColumn), 233);
    // Without header columns: the same, Quality where it comes by default.
    CallsModel plain(&hub);
    QTreeView bare;
    bare.setModel(&plain);
    const QByteArray oldBare = oldHeaderState(0, [](QHeaderView &h) {
        h.resizeSection(CallsModel::Duration, 99);
        h.moveSection(h.visualIndex(CallsModel::AnsweredBy), 1);
    });
    QVERIFY(Ui::restoreCallsHeader(bare.header(), oldBare));
    QCOMPARE(bare.header()->sectionSize(CallsModel::Duration), 99);
    QCOMPARE(bare.header()->visualIndex(CallsModel::AnsweredBy), 1);
    QCOMPARE(bare.header()->visualIndex(CallsModel::Quality), 2);
    QVERIFY(!bare.header()->isSectionHidden(CallsModel::Quality));
    QCOMPARE(Ui::savedSectionCount(QByteArray("not a header")), -1);
}

void TestQualityColumn::theWindowRestoresALayoutSavedBeforeTheColumn()
{
    QSettings().clear();
    const int agent = CallsModel::Quality;
    const QByteArray old = oldHeaderState(1, [&](QHeaderView &h) {
        h.resizeSection(agent, 244);
        h.resizeSection(CallsModel::CallerName, 311);
        h.moveSection(h.visualIndex(CallsModel::Destination), 0);
    });
    {
        QSettings s;
        s.setValue(u"calls/headerColumns"_s, QStringList{u"variable_sip_user_agent"_s});
        s.setValue(u"calls/header"_s, old);
    }
    Monitor::Hub hub;
    Ui::MainWindow window(&hub);
    window.show();
    QCOMPARE(window.callsPanel()->model()->headerColumns(),
             QStringList{u"variable_sip_user_agent"_s});
    QHeaderView *header = window.callsPanel()->view()->header();
    QCOMPARE(header->sectionSize(CallsModel::FirstHeaderColumn), 244);
    QCOMPARE(header->sectionSize(CallsModel::CallerName), 311);
    QCOMPARE(header->visualIndex(CallsModel::Destination), 0);
    QVERIFY(!header->isSectionHidden(CallsModel::Quality));
    QVERIFY(header->sectionSize(CallsModel::Quality) > 0);
    QCOMPARE(header->visualIndex(CallsModel::Quality),
             header->visualIndex(CallsModel::AnsweredBy) + 1);
    window.close();
    QSettings().clear();
}

QTEST_MAIN(TestQualityColumn)
#include "tst_qualitycolumn.moc"
