// `eslcat calls` prints the calls table as the window groups it: the same calls, the same legs
// in the same order, the same states, durations and flags as the calls model shows, because
// both read the monitor's call table. A simulated switch with calls already up when anyone
// connects (so both sides must sync), more placed live, one hung up.

#include "support/uisim.h"

#include "monitor/calltable.h"
#include "ui/calls/callsmodel.h"
#include "ui/common/modelroles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTcpServer>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;

namespace {

QList<QJsonObject> runCalls(const QStringList &arguments, int *exitCode, QByteArray *err)
{
    QProcess eslcat;
    eslcat.start(QStringLiteral(ESLCAT_PATH), QStringList{u"calls"_s} + arguments);
    QList<QJsonObject> calls;
    // The switch lives in this process: keep its event loop turning while eslcat runs.
    if (!QTest::qWaitFor([&] { return eslcat.state() == QProcess::NotRunning; }, 30000))
        return calls;
    *exitCode = eslcat.exitCode();
    *err = eslcat.readAllStandardError();
    for (const QByteArray &line : eslcat.readAllStandardOutput().split('\n')) {
        if (!line.isEmpty())
            calls.append(QJsonDocument::fromJson(line).object());
    }
    return calls;
}

} // namespace

class TestEslcatCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(u"esl.inbound.debug=false\nmonitor.info=false"_s);
    }
    void printsTheCallsAsTheWindowGroupsThem();
    void failsClearlyWhenNoSwitchAnswers();
};

void TestEslcatCalls::printsTheCallsAsTheWindowGroupsThem()
{
    Sim::SwitchConfig config;
    config.initialCalls = 4;
    config.heartbeatIntervalMs = 0;
    config.ringMs = 20;
    config.answerDelayMs = 10;
    Sim::Switch sw(config);
    Sim::EventSocketServer server(&sw);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Monitor::Hub hub;
    Monitor::ServerProfile profile;
    profile.name = u"127.0.0.1:%1"_s.arg(server.serverPort());
    profile.connection.port = server.serverPort();
    Monitor::ServerMonitor *m = hub.addServer(profile);
    Ui::CallsModel model(&hub);
    m->start();
    QVERIFY(QTest::qWaitFor([m] { return m->link()->isLive() && !m->isOutOfStep(); }, kWait));
    Sim::Switch::CallSpec spec;
    spec.callerName = u"محمد العلي"_s;
    spec.callerNumber = u"+966501234567"_s;
    spec.destination = u"1001"_s;
    sw.placeCall(spec);
    spec.callerName = u"Short Call"_s;
    const QString hungUp = sw.placeCall(spec);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() >= 11; }, kWait));
    QVERIFY(sw.hangup(hungUp, u"NORMAL_CLEARING"_s));
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->channel(hungUp)->ended; }, kWait));

    int exitCode = -1;
    QByteArray err;
    const QList<QJsonObject> printed =
        runCalls({u"--port"_s, QString::number(server.serverPort())}, &exitCode, &err);
    QCOMPARE(exitCode, 0);

    // The model shows the store's calls (its batch timer may lag a moment). eslcat connected
    // after the short call ended, so only the window has that one (fading out).
    const QList<Monitor::CallRow> table = Monitor::callTable(*m->channels());
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == table.size(); }, kWait));
    QCOMPARE(printed.size(), table.size() - 1);
    QHash<QString, QStringList> modelLegs;
    QHash<QString, QString> modelStates;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex call = model.index(row, 0);
        const QString key = call.data(Ui::CallKeyRole).toString();
        for (int leg = 0; leg < model.rowCount(call); ++leg) {
            const QModelIndex index = model.index(leg, 0, call);
            const QString uuid = index.data(Ui::UuidRole).toString();
            modelLegs[key].append(uuid);
            modelStates[uuid] = model.index(leg, Ui::CallsModel::State, call).data().toString();
        }
    }
    QSet<QString> seen;
    for (const QJsonObject &call : printed) {
        const QString key = call.value(u"call"_s).toString();
        seen.insert(key);
        QCOMPARE(call.value(u"server"_s).toString(), profile.name);
        QStringList legs;
        for (const QJsonValue &value : call.value(u"legs"_s).toArray()) {
            const QJsonObject leg = value.toObject();
            const QString uuid = leg.value(u"uuid"_s).toString();
            legs.append(uuid);
            const Monitor::Channel *c = m->channels()->channel(uuid);
            QVERIFY2(c, qPrintable(uuid));
            // The state the window shows starts with the monitor's ("active", "held (zombie)").
            QVERIFY2(
                modelStates.value(uuid).startsWith(leg.value(u"state"_s).toString()),
                qPrintable(modelStates.value(uuid) + u" / "_s + leg.value(u"state"_s).toString()));
            // Where eslcat knows a leg only from `show channels` (created_epoch: whole
            // seconds) and the window from its CHANNEL_CREATE (microseconds), the times agree to
            // the second.
            QVERIFY(qAbs(leg.value(u"createdMs"_s).toInteger() - c->createdMs) < 1000);
            QCOMPARE(leg.value(u"callerName"_s).toString(), c->callerName);
            QCOMPARE(leg.value(u"bridgedTo"_s).toString(), c->bridgedTo);
            QCOMPARE(leg.value(u"held"_s).toBool(), c->held);
            QCOMPARE(leg.value(u"parked"_s).toBool(), c->parked);
            QVERIFY(leg.value(u"durationMs"_s).toInteger() >= 0);
        }
        QCOMPARE(legs, modelLegs.value(key));
    }
    QCOMPARE(seen.size(), printed.size());
    // Calls that were up before anyone connected read their age from the listing, not 0:00.
    const auto oldest = printed.first().value(u"legs"_s).toArray().first().toObject();
    QVERIFY2(oldest.value(u"durationMs"_s).toInteger() > 10000,
             qPrintable(QString::number(oldest.value(u"durationMs"_s).toInteger())));
    QVERIFY(!seen.contains(m->channels()->callKeyOf(hungUp)));
}

void TestEslcatCalls::failsClearlyWhenNoSwitchAnswers()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    int exitCode = -1;
    QByteArray err;
    const QList<QJsonObject> printed =
        runCalls({u"--port"_s, QString::number(port), u"--once"_s}, &exitCode, &err);
    QCOMPARE(exitCode, 2);
    QVERIFY(printed.isEmpty());
    QVERIFY2(err.contains("connection refused"), err.constData());
}

QTEST_MAIN(TestEslcatCalls)
#include "tst_eslcatcalls.moc"
