// The charts on a time axis, with the calls started over the last minute, in the server's
// colour, and a gap while the server is down; and Help → Keys and filter language, a cheat sheet
// that lists the window's real shortcuts and the filter language, filtered as you type.

#include "support/uisim.h"

#include "monitor/filter.h"
#include "ui/window/chartsdock.h"
#include "ui/window/cheatsheet.h"
#include "ui/window/mainwindow.h"

#include <QAction>
#include <QChart>
#include <QDateTimeAxis>
#include <QDockWidget>
#include <QLineEdit>
#include <QLineSeries>
#include <QSettings>
#include <QStandardPaths>
#include <QTreeWidget>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

// Every point the chart draws for `name`, over all its lines.
QList<QPointF> pointsOf(QChart *chart, const QString &name, int *lines = nullptr)
{
    QList<QPointF> points;
    int count = 0;
    for (QAbstractSeries *series : chart->series()) {
        auto *line = qobject_cast<QLineSeries *>(series);
        if (!line || line->name() != name || line->count() == 0)
            continue;
        ++count;
        points.append(line->points());
    }
    if (lines)
        *lines = count;
    return points;
}

bool hasPointAt(const QList<QPointF> &points, qint64 timeMs)
{
    return std::any_of(points.cbegin(), points.cend(),
                       [timeMs](const QPointF &p) { return qint64(p.x()) == timeMs; });
}

QString plain(QString text)
{
    return text.remove(u'&');
}

} // namespace

class TestChartsAndHelp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_chartsandhelp"_s);
        QSettings().clear();
    }

    void theChartsHaveATimeAxisAndAGapWhileAServerIsDown()
    {
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        hub.statistics()->stop(); // the test takes the samples, at times of its choosing
        Monitor::ServerProfile profile = sim.profile(u"east"_s);
        profile.connection.reconnectMinMs = 60000;
        profile.connection.reconnectMaxMs = 60000;
        Monitor::ServerMonitor *server = hub.addServer(profile);
        server->start();
        // Subscribed and in step: the calls' first events reach the monitor.
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive() && !server->isOutOfStep(); },
                                kWait));
        Ui::MainWindow window(&hub);
        window.show();
        Ui::ChartsPanel *charts = window.chartsPanel();
        window.findChild<QDockWidget *>(u"chartsDock"_s)->raise(); // its tab, in front
        QTRY_VERIFY(charts->isVisible());
        for (QChart *chart : {charts->callsChart(), charts->rateChart()}) {
            auto *x = qobject_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).value(0));
            QVERIFY(x);
            QCOMPARE(x->format(), u"HH:mm:ss"_s);
        }
        QVERIFY(charts->rateChart()->axes(Qt::Vertical).first()->titleText().contains(u"60 s"_s));

        Monitor::Statistics *stats = hub.statistics();
        const qint64 t0 = 1'700'000'000'000;
        stats->sample(t0);
        const qint64 before = server->callsStarted();
        sim.call(u"Ann"_s);
        sim.call(u"Bob"_s);
        QVERIFY(QTest::qWaitFor([&] { return server->callsStarted() - before == 2; }, kWait));
        const qint64 started = server->callsStarted() - before;
        stats->sample(t0 + 1000);

        const quint16 port = sim.server->serverPort();
        sim.server->close();
        sim.server->dropAll();
        QVERIFY(QTest::qWaitFor([&] { return !server->link()->isLive(); }, kWait));
        stats->sample(t0 + 2000);
        stats->sample(t0 + 3000);
        QVERIFY(sim.server->listen(QHostAddress::LocalHost, port));
        server->link()->reconnectNow();
        // Connected, but not counted before its channel list is read again: still a gap.
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive(); }, kWait));
        if (server->isOutOfStep())
            stats->sample(t0 + 3500);
        QVERIFY(QTest::qWaitFor([&] { return !server->isOutOfStep(); }, kWait));
        stats->sample(t0 + 4000);
        stats->sample(t0 + 5000);

        for (QChart *chart : {charts->callsChart(), charts->rateChart()}) {
            int lines = 0;
            const QList<QPointF> points = pointsOf(chart, u"east"_s, &lines);
            QCOMPARE(lines, 2); // before and after the outage
            for (qint64 live : {t0, t0 + 1000, t0 + 4000, t0 + 5000})
                QVERIFY2(hasPointAt(points, live), qPrintable(QString::number(live - t0)));
            for (qint64 down : {t0 + 2000, t0 + 3000, t0 + 3500})
                QVERIFY2(!hasPointAt(points, down), qPrintable(QString::number(down - t0)));
        }
        // The calls started over the last minute: both, at the second sample, not 0/1 a second.
        const QList<QPointF> rate = pointsOf(charts->rateChart(), u"east"_s);
        QCOMPARE(rate.at(1), QPointF(double(t0 + 1000), double(started)));
        // In the server's colour.
        const auto *line = qobject_cast<QLineSeries *>(charts->rateChart()->series().first());
        QCOMPARE(line->color(), charts->colourOf(server->id()));
    }

    // Behind another tab the charts take no time: samples are drawn when the tab shows.
    void hiddenChartsCatchUpWhenShown()
    {
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        hub.statistics()->stop();
        Monitor::ServerMonitor *server = hub.addServer(sim.profile(u"east"_s));
        server->start();
        QVERIFY(QTest::qWaitFor([&] { return server->link()->isLive() && !server->isOutOfStep(); },
                                kWait));
        Ui::MainWindow window(&hub);
        window.show();
        Ui::ChartsPanel *charts = window.chartsPanel();
        auto *details = window.findChild<QDockWidget *>(u"detailsDock"_s);
        auto *chartsDock = window.findChild<QDockWidget *>(u"chartsDock"_s);
        details->raise();
        QTRY_VERIFY(charts->visibleRegion().isEmpty()); // behind the details tab
        const qint64 t0 = 1'700'000'000'000;
        hub.statistics()->sample(t0);
        hub.statistics()->sample(t0 + 1000);
        QVERIFY(pointsOf(charts->callsChart(), u"east"_s).isEmpty());
        chartsDock->raise();
        QTRY_VERIFY(pointsOf(charts->callsChart(), u"east"_s).size() >= 2);
        const QList<QPointF> points = pointsOf(charts->callsChart(), u"east"_s);
        QVERIFY(hasPointAt(points, t0));
        QVERIFY(hasPointAt(points, t0 + 1000));
    }

    void theCheatSheetListsTheRealShortcutsAndFilters()
    {
        Monitor::Hub hub;
        Ui::MainWindow window(&hub);
        window.show();
        window.findChild<QAction *>(u"cheatSheetAction"_s)->trigger();
        auto *sheet = window.findChild<Ui::CheatSheet *>();
        QVERIFY(sheet);
        QTreeWidget *list = sheet->list();
        const auto rows = [&] {
            QList<QTreeWidgetItem *> out;
            for (int g = 0; g < list->topLevelItemCount(); ++g) {
                for (int r = 0; r < list->topLevelItem(g)->childCount(); ++r)
                    out.append(list->topLevelItem(g)->child(r));
            }
            return out;
        };
        const auto rowFor = [&](const QString &keys, const QString &text) -> QTreeWidgetItem * {
            for (QTreeWidgetItem *row : rows()) {
                if (row->text(0) == keys && row->text(1) == text)
                    return row;
            }
            return nullptr;
        };
        // Every action of the window that has a key is there, with that key.
        const QList<QTreeWidgetItem *> all = rows();
        int withKeys = 0;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->shortcut().isEmpty() || action->text().isEmpty())
                continue;
            ++withKeys;
            const QString keys = action->shortcut().toString(QKeySequence::NativeText);
            QVERIFY2(std::any_of(all.cbegin(), all.cend(),
                                 [&](QTreeWidgetItem *row) {
                                     return row->text(0).startsWith(keys) &&
                                            row->text(1) == plain(action->text());
                                 }),
                     qPrintable(keys + u' ' + action->text()));
        }
        QVERIFY(withKeys > 20);
        QTreeWidgetItem *flat = rowFor(u"Ctrl+T"_s, u"Flat channel list"_s);
        QTreeWidgetItem *hangup = nullptr;
        for (QTreeWidgetItem *row : rows()) {
            if (row->text(0) == u"Del"_s || row->text(0) == u"Delete"_s)
                hangup = row;
        }
        QVERIFY(flat);
        QVERIFY(hangup);
        QVERIFY2(hangup->text(2).contains(u"calls view"_s), qPrintable(hangup->text(2)));

        // Typing filters the list.
        QTest::keyClicks(sheet->filterEdit(), u"hang"_s);
        QVERIFY(!hangup->isHidden());
        QVERIFY(flat->isHidden());
        for (QTreeWidgetItem *row : rows()) {
            if (row->isHidden())
                continue;
            const QString text = row->text(0) + row->text(1) + row->text(2);
            QVERIFY2(text.contains(u"hang"_s, Qt::CaseInsensitive), qPrintable(text));
        }
        sheet->filterEdit()->setText(u"contains"_s);
        QVERIFY(hangup->isHidden());
        QVERIFY(std::any_of(all.cbegin(), all.cend(), [](QTreeWidgetItem *row) {
            return !row->isHidden() && row->text(0) == u"Header contains value"_s;
        }));
    }

    void everyFilterExampleCompiles()
    {
        const QList<Ui::CheatSheet::FilterRow> rows = Ui::CheatSheet::filterLanguage();
        QVERIFY(rows.size() >= 12);
        for (const Ui::CheatSheet::FilterRow &row : rows) {
            const Monitor::FilterResult result = Monitor::Filter::compile(row.example);
            QVERIFY2(result.ok(), qPrintable(row.example));
        }
    }
};

QTEST_MAIN(TestChartsAndHelp)
#include "tst_chartsandhelp.moc"
