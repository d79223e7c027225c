// The details dock asks the switch for the selected channel in full (uuid_dump) once per
// selection, not for every channel and not again within a few seconds, and shows what came.

#include "monitor/hub.h"
#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "ui/window/detailspanel.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestDetailsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fetchesTheSelectedChannelOncePerSelection();
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

QTEST_MAIN(TestDetailsPanel)
#include "tst_detailspanel.moc"
