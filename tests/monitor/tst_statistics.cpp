// Statistics counts each server's live calls within a time budget per tick: a fleet of a hundred
// switches with 30,000 channels made the once-a-second count a GUI stall of 15 ms and more. With
// no budget left, each tick still counts one server, in turn, so every count catches up; a server
// never counted is counted at once.

#include "monitor/eventstore.h"
#include "monitor/servermonitor.h"
#include "monitor/statistics.h"
#include "support/fakeswitchlink.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

Esl::Event channelCreate(const QString &uuid)
{
    Esl::HeaderList h;
    h.append("Event-Name", "CHANNEL_CREATE");
    h.appendText("Unique-ID", uuid);
    h.appendText("Caller-Unique-ID", uuid);
    h.appendText("Channel-Call-UUID", uuid);
    h.append("Channel-Name", "sofia/internal/1000@example.com");
    h.append("Channel-State", "CS_INIT");
    h.append("Answer-State", "ringing");
    h.append("Caller-Caller-ID-Number", "1000");
    h.append("Caller-Destination-Number", "2000");
    return Esl::Event(h, {}, false);
}

} // namespace

class TestStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsCatchUpInTurnWhenTheBudgetIsSpent()
    {
        Monitor::EventStore store;
        std::vector<std::unique_ptr<Monitor::ServerMonitor>> servers;
        Monitor::Statistics statistics;
        statistics.setCountBudgetMs(0); // one server counted per tick, beyond the never counted
        for (int i = 0; i < 3; ++i) {
            Monitor::ServerProfile profile;
            profile.name = u"pbx%1"_s.arg(i);
            servers.push_back(std::make_unique<Monitor::ServerMonitor>(
                Monitor::ServerId(i + 1), profile, &store,
                std::make_unique<TestSupport::FakeSwitchLink>()));
            servers.back()->channels()->apply(channelCreate(u"first-%1"_s.arg(i)), 1000);
            statistics.watch(servers.back().get());
        }
        auto calls = [&](int i) {
            return statistics.series(servers[size_t(i)]->id()).back().calls;
        };
        // Never counted: all three at once.
        statistics.sample(2000);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(calls(i), 1);

        for (int i = 0; i < 3; ++i)
            servers[size_t(i)]->channels()->apply(channelCreate(u"second-%1"_s.arg(i)), 2500);
        // One server a tick, each in turn: after three ticks every count is current, and no
        // server was counted twice before the others.
        QSet<int> caughtUp;
        for (int tick = 0; tick < 3; ++tick) {
            statistics.sample(3000 + tick * 1000);
            int now = 0;
            for (int i = 0; i < 3; ++i)
                now += calls(i) == 2 ? 1 : 0;
            QCOMPARE(now, tick + 1);
            for (int i = 0; i < 3; ++i) {
                if (calls(i) == 2)
                    caughtUp.insert(i);
            }
        }
        QCOMPARE(caughtUp.size(), 3);
        // The channel counts are never budgeted: they are current at every tick.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(statistics.series(servers[size_t(i)]->id()).back().channels, 2);
    }

    void aGenerousBudgetCountsEveryServerEveryTick()
    {
        Monitor::EventStore store;
        std::vector<std::unique_ptr<Monitor::ServerMonitor>> servers;
        Monitor::Statistics statistics;
        statistics.setCountBudgetMs(60000);
        for (int i = 0; i < 3; ++i) {
            Monitor::ServerProfile profile;
            profile.name = u"pbx%1"_s.arg(i);
            servers.push_back(std::make_unique<Monitor::ServerMonitor>(
                Monitor::ServerId(i + 1), profile, &store,
                std::make_unique<TestSupport::FakeSwitchLink>()));
            statistics.watch(servers.back().get());
        }
        statistics.sample(1000);
        for (int i = 0; i < 3; ++i)
            servers[size_t(i)]->channels()->apply(channelCreate(u"only-%1"_s.arg(i)), 1500);
        statistics.sample(2000);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(statistics.series(servers[size_t(i)]->id()).back().calls, 1);
    }
};

QTEST_MAIN(TestStatistics)
#include "tst_statistics.moc"
