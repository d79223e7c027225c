// CallControl on a watch-only server: a control action is refused before it reaches the link —
// the outcome says nothing was sent (ActionOutcome::refused), gives the library's sentence, and
// the audit log records a refusal — while the same action on a normal server beside it goes out.

#include "support/uisim.h"

#include "console/callcontrol.h"
#include "monitor/auditlog.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using TestSupport::kWait;

namespace {

Console::ActionOutcome await(const QFuture<Console::ActionOutcome> &future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWait))
        return Console::ActionOutcome{0, {}, {}, {}, true, false, u"(still pending)"_s, {}};
    return future.result();
}

} // namespace

class TestWatchOnlyControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesOnAWatchOnlyServerAndSendsOnTheOther();
};

void TestWatchOnlyControl::refusesOnAWatchOnlyServerAndSendsOnTheOther()
{
    TestSupport::UiSim normal;
    TestSupport::UiSim watched;
    Monitor::Hub hub;
    Console::CallControl control{&hub};
    Monitor::ServerMonitor *pbx = normal.watch(hub, u"pbx"_s);
    QVERIFY(pbx);
    Monitor::ServerProfile profile = watched.profile(u"watch"_s);
    profile.connection.watchOnly = true;
    Monitor::ServerMonitor *watch = hub.addServer(profile);
    watch->start();
    QVERIFY(QTest::qWaitFor([&] { return watch->link()->isLive() && !watch->isOutOfStep(); }, kWait));

    const QString bob = watched.call(u"Bob"_s);
    const QString alice = normal.call(u"Alice"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return watch->channels()->channel(bob) && pbx->channels()->channel(alice);
        },
        kWait));

    const Console::ActionOutcome refused = await(control.hangup({watch->id(), bob}));
    QVERIFY(refused.refused());
    QVERIFY2(refused.reply.startsWith(u"watch-only: \"uuid_kill\" would change a call or the switch"),
             qPrintable(refused.reply));
    QVERIFY(watched.sw->hasChannel(bob));
    QVERIFY(hub.audit()->entries().isEmpty()); // nothing sent
    QCOMPARE(hub.audit()->refusals().size(), 1);
    QCOMPARE(hub.audit()->refusals().first().reply, refused.reply);

    const Console::ActionOutcome sent = await(control.hangup({pbx->id(), alice}));
    QVERIFY2(sent.ok, qPrintable(sent.reply));
    QVERIFY(QTest::qWaitFor([&] { return !normal.sw->hasChannel(alice); }, kWait));
}

QTEST_MAIN(TestWatchOnlyControl)
#include "tst_watchonlycontrol.moc"
