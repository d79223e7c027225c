// The channel details' Quality section and chart, against the simulated switch through a real
// Event Socket: they show for a leg whose quality is known and not for one without; mediaStats is
// asked only for the leg shown, no more often than the monitor allows, and no more once another
// leg is shown or it ended; a failed request is said under the chart.

#include "support/uisim.h"

#include "monitor/exporter.h"
#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "ui/window/detailspanel.h"
#include "ui/window/qualitychart.h"

#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

struct QualitySim
{
    QualitySim()
    {
        Sim::SwitchConfig config;
        config.initialCalls = 0;
        config.heartbeatIntervalMs = 0;
        config.ringMs = 20;
        config.answerDelayMs = 10;
        config.rtcpReportMs = 150; // a real switch: about every 4 s
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
        QObject::connect(server.get(), &Sim::EventSocketServer::commandReceived, server.get(),
                         [this](const Esl::wire::Command &command) {
                             if (command.line.contains("json {\"command\":\"mediaStats\""))
                                 mediaStats.append(QString::fromUtf8(command.line));
                         });
    }
    Monitor::ServerMonitor *watch(Monitor::Hub &hub) const
    {
        Monitor::ServerProfile p;
        p.name = u"pbx"_s;
        p.connection.port = server->serverPort();
        p.logLevel = -1;
        Monitor::ServerMonitor *m = hub.addServer(p);
        m->start();
        if (!QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, 10000))
            return nullptr;
        return m;
    }
    QString call(const QString &caller, bool rtcp)
    {
        Sim::Switch::CallSpec spec;
        spec.callerName = caller;
        if (rtcp)
            spec.variables = {{"rtcp_audio_interval_msec", u"1000"_s},
                              {"fire_rtcp_events", u"true"_s}};
        return sw->placeCall(spec);
    }
    [[nodiscard]] int asked(const QString &uuid) const
    {
        return int(std::count_if(mediaStats.cbegin(), mediaStats.cend(),
                                 [&](const QString &line) { return line.contains(uuid); }));
    }

    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
    QStringList mediaStats; // every mediaStats request the switch received
};

bool answered(const Monitor::ServerMonitor *m, const QString &uuid)
{
    const Monitor::Channel *c = m->channels()->channel(uuid);
    return c && c->answeredMs > 0 && !c->bridgedTo.isEmpty();
}

QStringList sections(QTableWidget *table)
{
    QStringList out;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->data(Ui::DetailsPanel::kSectionRole).toBool())
            out.append(table->item(r, 0)->text());
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

class TestQualityDetails : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theSectionAndChartShowForALegWithQualityOnly();
    void asksOnlyForTheShownLegAndNoMoreOftenThanAllowed();
    void stopsAskingOnceTheLegEnded();
    void aFailedRequestIsSaidQuietly();
    void theChartNeedsTwoPointsOfALine();
    void finalFiguresWithoutReportsSaySo();
    void theCallExportsCarryTheHangupFiguresAndTheQuality();
};

void TestQualityDetails::theSectionAndChartShowForALegWithQualityOnly()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    const QString plain = sim.call(u"Plain"_s, false);
    const QString reporting = sim.call(u"Reporting"_s, true);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(reporting);
            return answered(m, plain) && c && c->quality.history.size() >= 3;
        },
        TestSupport::kWait));

    Ui::DetailsPanel panel(&hub);
    panel.resize(420, 640);
    panel.show();
    // Nothing known of this leg's audio yet (its mediaStats answer is still on its way).
    panel.showChannel({m->id(), plain});
    QVERIFY(!panel.qualityChart()->isVisible());
    QVERIFY(!sections(panel.table()).contains(u"Quality"_s));

    panel.showChannel({m->id(), reporting});
    QVERIFY(panel.qualityChart()->isVisible());
    const QStringList titles = sections(panel.table());
    QCOMPARE(titles.value(0), u"The call"_s);
    QCOMPARE(titles.value(1), u"Quality"_s); // before the variables, without scrolling far
    QVERIFY(!valueOf(panel.table(), u"MOS (estimated)"_s).isEmpty());
    QVERIFY(valueOf(panel.table(), u"Jitter in"_s).endsWith(u" ms"_s));
    QVERIFY(!valueOf(panel.table(), u"Loss out"_s).isEmpty());
    // The chart: every series with points of the call so far, above the table.
    Ui::QualityChart *chart = panel.qualityChart();
    QVERIFY(chart->knownPoints(Ui::QualityChart::Mos) >= 3);
    QVERIFY(chart->knownPoints(Ui::QualityChart::Jitter) >= 3);
    QVERIFY(chart->latestText(Ui::QualityChart::Mos).startsWith(u"MOS 4."_s));
    QVERIFY(!chart->rangeText(Ui::QualityChart::Mos).isEmpty());
    QVERIFY2(chart->spanText().startsWith(u"the last "_s), qPrintable(chart->spanText()));
    QVERIFY(chart->geometry().bottom() < panel.table()->geometry().top());

    // mediaStats brings FreeSWITCH's counters into the section.
    QVERIFY(QTest::qWaitFor([&] { return !valueOf(panel.table(), u"Flushed"_s).isEmpty(); },
                            TestSupport::kWait));
    QVERIFY(!valueOf(panel.table(), u"FreeSWITCH MOS"_s).isEmpty());
    QVERIFY(!valueOf(panel.table(), u"DTMF packets"_s).isEmpty());
    QVERIFY(!valueOf(panel.table(), u"Packets in"_s).isEmpty());

    // No channel: no chart.
    panel.showChannel({});
    QVERIFY(!panel.qualityChart()->isVisible());
}

void TestQualityDetails::asksOnlyForTheShownLegAndNoMoreOftenThanAllowed()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    const QString a = sim.call(u"Alice"_s, true);
    const QString other = sim.call(u"Other"_s, true);
    QVERIFY(QTest::qWaitFor([&] { return answered(m, a) && answered(m, other); },
                            TestSupport::kWait));
    QTest::qWait(300);
    QCOMPARE(sim.mediaStats.size(), 0); // nobody looks: nothing asked

    Ui::DetailsPanel panel(&hub);
    panel.setQualityPollInterval(200); // the panel asks often; the monitor lets one in per 3 s
    panel.show();
    QElapsedTimer shown;
    shown.start();
    panel.showChannel({m->id(), a});
    QVERIFY(panel.isPollingQuality());
    QVERIFY(QTest::qWaitFor([&] { return sim.asked(a) >= 2; }, TestSupport::kWait));
    const qint64 elapsed = shown.elapsed();
    // Only the leg shown; at most one request per interval of the monitor.
    QCOMPARE(sim.asked(a), sim.mediaStats.size());
    QCOMPARE(sim.asked(other), 0);
    QVERIFY2(sim.asked(a) <= 1 + elapsed / Monitor::ServerMonitor::kQualityRefreshMs,
             qPrintable(u"%1 requests in %2 ms"_s.arg(sim.asked(a)).arg(elapsed)));
    QVERIFY(sim.mediaStats.first().contains(u"\"uuid\":\""_s + a));

    // Another leg shown: only that one is asked about now.
    const int before = sim.asked(a);
    panel.showChannel({m->id(), other});
    QVERIFY(QTest::qWaitFor([&] { return sim.asked(other) >= 1; }, TestSupport::kWait));
    // Nothing shown: nothing asked.
    panel.showChannel({});
    QVERIFY(!panel.isPollingQuality());
    const int total = int(sim.mediaStats.size());
    QTest::qWait(int(Monitor::ServerMonitor::kQualityRefreshMs) + 500);
    QCOMPARE(sim.mediaStats.size(), total);
    QCOMPARE(sim.asked(a), before);
}

void TestQualityDetails::stopsAskingOnceTheLegEnded()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    const QString a = sim.call(u"Brief"_s, true);
    QVERIFY(QTest::qWaitFor([&] { return answered(m, a); }, TestSupport::kWait));
    Ui::DetailsPanel panel(&hub);
    panel.setQualityPollInterval(200);
    panel.show();
    panel.showChannel({m->id(), a});
    QVERIFY(QTest::qWaitFor([&] { return sim.asked(a) >= 1; }, TestSupport::kWait));
    // Two reports at least, so that the chart has a line to keep (theChartNeedsTwoPointsOfALine).
    QVERIFY(QTest::qWaitFor(
        [&] { return Ui::QualityChart::hasLines(m->channels()->channel(a)->quality); },
        TestSupport::kWait));
    sim.sw->hangup(a, u"NORMAL_CLEARING"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->ended; },
                            TestSupport::kWait));
    QVERIFY(QTest::qWaitFor([&] { return !panel.isPollingQuality(); }, TestSupport::kWait));
    const int asked = sim.asked(a);
    QTest::qWait(int(Monitor::ServerMonitor::kQualityRefreshMs) + 500);
    QCOMPARE(sim.asked(a), asked);
    // The hangup's figures stay to be read.
    QVERIFY(panel.qualityChart()->isVisible());
    QVERIFY(panel.qualityChart()->quality().final);
    QVERIFY(panel.qualityChart()->spanText().contains(u"final"_s));
}

// FreeSWITCH's mediaStats figures alone (its MOS, its counters) draw no line: the chart stays
// hidden, where it read "the whole call, 0:03 · 2 point(s)" over four empty rows.
void TestQualityDetails::theChartNeedsTwoPointsOfALine()
{
    Monitor::LegQuality q;
    q.fsMos = 4.1;
    q.counters.inPackets = 120;
    Monitor::QualitySample fsOnly;
    fsOnly.ms = 1000;
    fsOnly.rttMs = 20;
    q.history = {fsOnly, fsOnly};
    q.history[1].ms = 4000;
    QVERIFY(!Ui::QualityChart::hasLines(q));
    Monitor::QualitySample reported = fsOnly;
    reported.jitterMs = 3;
    q.history = {fsOnly, reported};
    QVERIFY(!Ui::QualityChart::hasLines(q)); // one point: no line yet
    reported.ms = 5000;
    reported.jitterMs = -1;
    reported.mos = 4.3f;
    q.history.append(reported);
    QVERIFY(Ui::QualityChart::hasLines(q));

    // Through the panel: a leg without RTCP gets its Quality rows from mediaStats, no chart.
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    const QString plain = sim.call(u"Plain"_s, false);
    QVERIFY(QTest::qWaitFor([&] { return answered(m, plain); }, TestSupport::kWait));
    Ui::DetailsPanel panel(&hub);
    panel.setQualityPollInterval(200);
    panel.show();
    panel.showChannel({m->id(), plain});
    QVERIFY(QTest::qWaitFor([&] { return sections(panel.table()).contains(u"Quality"_s); },
                            TestSupport::kWait));
    QVERIFY(!valueOf(panel.table(), u"Packets in"_s).isEmpty());
    QVERIFY(!Ui::QualityChart::hasLines(m->channels()->channel(plain)->quality));
    QVERIFY(!panel.qualityChart()->isVisible());
}

// An ended call whose figures are the hangup's has no reports to wait for.
void TestQualityDetails::finalFiguresWithoutReportsSaySo()
{
    Monitor::LegQuality q;
    q.fsMos = 4.2;
    Ui::QualityChart chart;
    chart.setQuality(q);
    QCOMPARE(chart.spanText(), u"no reports yet"_s);
    q.final = true;
    chart.setQuality(q);
    QCOMPARE(chart.spanText(), u"final figures at hangup"_s);
}

void TestQualityDetails::aFailedRequestIsSaidQuietly()
{
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    // A leg the console believes up that the switch no longer has (it restarted unseen, say).
    const QString lost = u"0f6b3a52-1d3e-4c55-9a8e-2b7c0e6d4f11"_s;
    auto event = Esl::Event::fromPlain(
        "Event-Name: CHANNEL_ANSWER\nUnique-ID: " + lost.toUtf8() +
        "\nChannel-Name: sofia/internal/1009@127.0.0.1\nAnswer-State: answered\n"
        "Channel-State: CS_EXECUTE\nChannel-Call-State: ACTIVE\nCall-Direction: inbound\n"
        "Caller-Channel-Answered-Time: 1700000000000000\n");
    QVERIFY(event.ok());
    QVERIFY(m->channels()->apply(*event, Monitor::ServerMonitor::now()));
    QVERIFY(m->channels()->channel(lost));

    Ui::DetailsPanel panel(&hub);
    panel.show();
    panel.showChannel({m->id(), lost});
    QVERIFY(QTest::qWaitFor([&] { return panel.qualityError()->isVisible(); },
                            TestSupport::kWait));
    QCOMPARE(sim.asked(lost), 1);
    QVERIFY2(panel.qualityError()->text().startsWith(u"mediaStats: "_s),
             qPrintable(panel.qualityError()->text()));
    QVERIFY2(panel.qualityError()->text().contains(u"Session does not exist"_s),
             qPrintable(panel.qualityError()->text()));
    QVERIFY(!panel.qualityChart()->isVisible());
    // Another channel: the error was that one's.
    panel.showChannel({});
    QVERIFY(!panel.qualityError()->isVisible());
}

void TestQualityDetails::theCallExportsCarryTheHangupFiguresAndTheQuality()
{
    // What File → Export → This call… and the event exports write (filecommands.cpp: the hub's
    // store through Monitor::Exporter, the bundle with the channels' snapshots).
    QualitySim sim;
    Monitor::Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub);
    QVERIFY(m);
    const QString a = sim.call(u"Exported"_s, true);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const Monitor::Channel *c = m->channels()->channel(a);
            return c && c->quality.history.size() >= 2;
        },
        TestSupport::kWait));
    sim.sw->hangup(a, u"NORMAL_CLEARING"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(a)->quality.final; },
                            TestSupport::kWait));
    QTemporaryDir dir;
    Monitor::Exporter exporter(*hub.store());
    const QString bundle = dir.filePath(u"call.json"_s);
    QVERIFY(exporter.writeCallBundle(bundle, {a}, m->channels(), m->id()).ok());
    const QString lines = dir.filePath(u"call.jsonl"_s);
    QVERIFY(exporter
                .write(lines, Monitor::Exporter::Format::JsonLines,
                       Monitor::ExportSelection::channels({a}, m->id()))
                .ok());
    const auto read = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray bundleText = read(bundle);
    QVERIFY(bundleText.contains("\"quality\"")); // the snapshot's quality, history and all
    QVERIFY(bundleText.contains("variable_rtp_audio_in_mos"));
    const QByteArray linesText = read(lines);
    QVERIFY(linesText.contains("variable_rtp_audio_in_mos")); // the hangup figures
    QVERIFY(linesText.contains("RTCP_MESSAGE"));              // the reports they came from
}

QTEST_MAIN(TestQualityDetails)
#include "tst_qualitydetails.moc"
