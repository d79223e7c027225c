// The details dock asks the switch for the selected channel in full (uuid_dump) once per
// selection, not for every channel and not again within a few seconds, and shows what came. It
// lists what an operator needs first (caller, callee, state, times, codec, the call's other
// legs), then the variables, then the raw headers; its filter box narrows the rows. Names too long
// for the dock still read apart (Channel-Read-Codec-Name and Channel-Write-Codec-Name).

#include "support/uisim.h"

#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "ui/window/detailsnames.h"
#include "ui/window/detailspanel.h"

#include <QLineEdit>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

// The names of the rows shown, in order; section titles as "# title".
QStringList shownNames(QTableWidget *table)
{
    QStringList out;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->isRowHidden(r))
            continue;
        const QTableWidgetItem *name = table->item(r, 0);
        out.append(name->data(Ui::DetailsPanel::kSectionRole).toBool() ? u"# "_s + name->text()
                                                                       : name->text());
    }
    return out;
}

QString valueOf(QTableWidget *table, const QString &name)
{
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() == name)
            return table->item(r, 1)->text();
    }
    return {};
}

} // namespace

class TestDetailsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fetchesTheSelectedChannelOncePerSelection();
    void listsCallerCalleeAndStateFirstThenVariablesThenHeaders();
    void theFilterNarrowsTheRows();
    void longNamesStayApartAtTheDocksWidth();
};

void TestDetailsPanel::fetchesTheSelectedChannelOncePerSelection()
{
    Sim::SwitchConfig config;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    Sim::Switch sw(config);
    Sim::EventSocketServer server(&sw);
    server.listen(QHostAddress::LocalHost, 0);
    Sim::Switch::CallSpec spec;
    spec.callerName = u"Early Bird"_s;
    const QString a = sw.placeCall(spec); // up before the window connects
    QTest::qWait(200);
    int dumps = 0;
    connect(
        &server, &Sim::EventSocketServer::commandReceived, this,
        [&](const Esl::wire::Command &command) { dumps += command.line.contains("uuid_dump"); });

    Monitor::Hub hub;
    Monitor::ServerProfile profile;
    profile.name = u"pbx1"_s;
    profile.connection.port = server.serverPort();
    profile.logLevel = -1;
    Monitor::ServerMonitor *m = hub.addServer(profile);
    m->start();
    QVERIFY(QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, 5000));
    const Monitor::Channel *c = m->channels()->channel(a);
    QVERIFY(c);
    QCOMPARE(c->answeredMs, 0); // the lists do not say
    QCOMPARE(dumps, 0);         // nothing fetched for channels nobody looks at

    Ui::DetailsPanel panel(&hub);
    panel.showChannel({m->id(), a});
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->answeredMs > 0; }, 5000));
    QCOMPARE(dumps, 1);
    // The table shows the dump's headers and variables.
    QVERIFY(QTest::qWaitFor([&] { return panel.table()->rowCount() > 20; }, 5000));
    // The same selection again, or back to it at once: no second dump.
    panel.showChannel({m->id(), a});
    panel.showChannel({});
    panel.showChannel({m->id(), a});
    QTest::qWait(200);
    QCOMPARE(dumps, 1);
}

void TestDetailsPanel::listsCallerCalleeAndStateFirstThenVariablesThenHeaders()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
    QVERIFY(m);
    const QString a = sim.call(u"Alice"_s, u"1001"_s, u"2000"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c && !c->bridgedTo.isEmpty() && c->answeredMs > 0;
        },
        TestSupport::kWait));
    const QString b = m->channels()->channel(a)->bridgedTo;

    Ui::DetailsPanel panel(&hub);
    panel.showChannel({m->id(), a});
    QTableWidget *table = panel.table();
    const QStringList names = shownNames(table);
    // The call first: who, to whom, in what state, since when; its other leg; then the rest.
    QCOMPARE(names.mid(0, 4), (QStringList{u"# The call"_s, u"Caller"_s, u"Callee"_s, u"State"_s}));
    QCOMPARE(valueOf(table, u"Caller"_s), u"Alice <1001>"_s);
    QVERIFY2(valueOf(table, u"State"_s).startsWith(u"active"_s),
             qPrintable(valueOf(table, u"State"_s)));
    QVERIFY(!valueOf(table, u"Answered"_s).isEmpty());
    QVERIFY(!valueOf(table, u"Codec"_s).isEmpty());
    QVERIFY2(valueOf(table, u"Bridged to"_s).startsWith(m->channels()->channel(b)->name),
             qPrintable(valueOf(table, u"Bridged to"_s)));
    const qsizetype variables = names.indexOf(QRegularExpression(u"# Variables.*"_s));
    const qsizetype headers = names.indexOf(QRegularExpression(u"# Event headers.*"_s));
    QVERIFY(variables > names.indexOf(u"UUID"_s));
    QVERIFY(headers > variables);
    // Variables without the prefix they all have; the switch's spelling is kept for the filter.
    const QTableWidgetItem *first = table->item(int(variables) + 1, 0);
    QVERIFY(!first->text().startsWith(u"variable_"_s));
    QCOMPARE(first->data(Ui::DetailsPanel::kFullNameRole).toString(),
             u"variable_"_s + first->text());
    QVERIFY(names.indexOf(u"Event-Name"_s) > headers);
    QVERIFY(names.indexOf(u"Core-UUID"_s) > headers);
}

void TestDetailsPanel::theFilterNarrowsTheRows()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
    QVERIFY(m);
    const QString a = sim.call(u"Alice"_s, u"1001"_s, u"2000"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c && c->answeredMs > 0;
        },
        TestSupport::kWait));
    Ui::DetailsPanel panel(&hub);
    panel.show();
    panel.showChannel({m->id(), a});
    const int all = int(shownNames(panel.table()).size());
    QVERIFY(all > 30);

    QTest::keyClicks(panel.filterEdit(), u"codec"_s);
    const QStringList narrowed = shownNames(panel.table());
    QVERIFY(narrowed.size() > 2);
    QVERIFY(narrowed.size() < all / 3);
    // Each row left holds the text in its name or value, under the title of its section.
    QCOMPARE(narrowed.first(), u"# The call"_s);
    QCOMPARE(narrowed.at(1), u"Codec"_s);
    for (int r = 0; r < panel.table()->rowCount(); ++r) {
        if (panel.table()->isRowHidden(r) ||
            panel.table()->item(r, 0)->data(Ui::DetailsPanel::kSectionRole).toBool())
            continue;
        const QString row =
            panel.table()->item(r, 0)->text() + u' ' + panel.table()->item(r, 1)->text();
        QVERIFY2(row.contains(u"codec"_s, Qt::CaseInsensitive), qPrintable(row));
    }
    // A variable found by its full name.
    panel.filterEdit()->setText(u"variable_read_codec"_s);
    const QStringList found = shownNames(panel.table());
    QCOMPARE(found.size(), 2);
    QVERIFY2(found[0].startsWith(u"# Variables"_s), qPrintable(found[0]));
    QCOMPARE(found[1], u"read_codec"_s);
    panel.filterEdit()->setText(u"codec"_s);
    // Refreshed by a new event, the rows stay narrowed.
    sim.sw->hangup(a, u"NORMAL_CLEARING"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->ended; }, TestSupport::kWait));
    QVERIFY(shownNames(panel.table()).size() < all / 3);
    panel.filterEdit()->clear();
    QVERIFY(shownNames(panel.table()).size() >= all);
}

void TestDetailsPanel::longNamesStayApartAtTheDocksWidth()
{
    TestSupport::UiSim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx"_s);
    QVERIFY(m);
    const QString a = sim.call(u"Alice"_s, u"1001"_s, u"2000"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c && c->answeredMs > 0;
        },
        TestSupport::kWait));
    Ui::DetailsPanel panel(&hub);
    // The side column's width at 1280 px: a quarter of the window.
    panel.resize(300, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.showChannel({m->id(), a});
    QTableWidget *table = panel.table();
    auto *names = qobject_cast<Ui::DetailsNameDelegate *>(table->itemDelegateForColumn(0));
    QVERIFY(names);

    // Pairs that differ only in the middle, and a pair that differs only at the end.
    const QList<std::pair<QString, QString>> pairs{
        {u"Channel-Read-Codec-Name"_s, u"Channel-Write-Codec-Name"_s},
        {u"Caller-Caller-ID-Name"_s, u"Other-Leg-Caller-ID-Name"_s},
        {u"current_application"_s, u"current_application_data"_s},
    };
    const auto rowOf = [&](const QString &name) {
        for (int r = 0; r < table->rowCount(); ++r) {
            if (table->item(r, 0)->data(Ui::DetailsPanel::kFullNameRole).toString() == name ||
                table->item(r, 0)->text() == name)
                return r;
        }
        return -1;
    };
    int compared = 0;
    for (const auto &[first, second] : pairs) {
        const int r1 = rowOf(first);
        const int r2 = rowOf(second);
        if (r1 < 0 || r2 < 0)
            continue;
        const QModelIndex i1 = table->model()->index(r1, 0);
        const QModelIndex i2 = table->model()->index(r2, 0);
        const int width = table->columnWidth(0);
        const QString shown1 = names->shownText(i1, QRect(0, 0, width, 20));
        const QString shown2 = names->shownText(i2, QRect(0, 0, width, 20));
        QVERIFY2(shown1 != shown2, qPrintable(shown1 + u" / "_s + shown2));
        QVERIFY(table->fontMetrics().horizontalAdvance(shown1) < width);
        QVERIFY(table->fontMetrics().horizontalAdvance(shown2) < width);
        // The whole name in the tooltip.
        QCOMPARE(table->item(r1, 0)->toolTip(),
                 table->item(r1, 0)->data(Ui::DetailsPanel::kFullNameRole).toString());
        ++compared;
    }
    QVERIFY2(compared >= 2, qPrintable(QString::number(compared)));
    // The first pair is too long for the column at this width: it was shortened, not shown whole.
    QVERIFY(table->fontMetrics().horizontalAdvance(u"Channel-Write-Codec-Name"_s) >
            table->columnWidth(0));
}

QTEST_MAIN(TestDetailsPanel)
#include "tst_detailspanel.moc"
