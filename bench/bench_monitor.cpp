// bench_monitor: the monitor core at scale, one core.
//
//  - records per second into the event store and the channel store (the real load capture's
//    events, replayed until the store holds a million);
//  - bytes per stored event, and resident memory;
//  - filtering all of them with a few expressions;
//  - reconciling 10,000 live channels from `show channels as json` (parse + reconcile), cold
//    (an empty table) and warm (a table that already agrees).
//
//     bench_monitor [--events N] [--channels N] [--capture load.esl]

#include "benchsupport.h"

#include "esl/commands.h"
#include "esl/wire/event.h"
#include "monitor/channelstore.h"
#include "monitor/eventstore.h"
#include "monitor/filter.h"
#include "sim/simswitch.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

namespace {

using Bench::loadEvents;
using Bench::residentKiB;

void benchStores(const QList<Esl::Event> &events, qint64 target)
{
    Monitor::EventStore store(Monitor::EventStore::Limits{target, qint64(4) << 30});
    Monitor::ChannelStore channels;
    const qint64 rssBefore = residentKiB();
    QElapsedTimer timer;
    timer.start();
    qint64 n = 0;
    while (n < target) {
        for (const Esl::Event &e : events) {
            store.append(0, e, n);
            channels.apply(e, n);
            if (++n == target)
                break;
        }
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const qint64 rssAfter = residentKiB();
    std::printf("stores: %lld events in %.2f s = %.0f events/s into the event and channel stores\n",
                static_cast<long long>(n), seconds, double(n) / seconds);
    std::printf("memory: %.0f bytes per stored event (store's own count), resident +%.0f MiB "
                "(%.0f bytes per event)\n",
                double(store.memoryBytes()) / double(store.size()),
                double(rssAfter - rssBefore) / 1024.0,
                double(rssAfter - rssBefore) * 1024.0 / double(store.size()));

    for (const char *expression :
         {"Event-Name == CHANNEL_HANGUP_COMPLETE",
          "Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING",
          "Caller-Caller-ID-Number ~ \"^20[0-4]\"",
          "variable_sip_user_agent contains yealink || exists Other-Leg-Unique-ID",
          "loopback/9196"}) {
        const Monitor::FilterResult compiled =
            Monitor::Filter::compile(QString::fromUtf8(expression));
        if (!compiled.ok()) {
            std::fprintf(stderr, "bad filter %s\n", expression);
            continue;
        }
        const Monitor::Filter &filter = compiled.filter();
        timer.restart();
        qint64 matched = 0;
        store.forEach(store.firstSequence(), store.endSequence(),
                      [&](const Monitor::EventStore::Record &r) {
                          matched += filter.matches(r);
                          return true;
                      });
        std::printf("filter: %-75s %8lld of %lld in %4.0f ms\n", expression,
                    static_cast<long long>(matched), static_cast<long long>(store.size()),
                    double(timer.nsecsElapsed()) / 1e6);
    }
}

void benchReconcile(int channelCount)
{
    Sim::SwitchConfig config;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    Sim::Switch sw(config);
    for (int i = 0; i < channelCount / 2; ++i) {
        Sim::Switch::CallSpec spec;
        spec.callerName = QStringLiteral("Caller %1").arg(i);
        spec.callerNumber = QString::number(20000000 + i);
        spec.destination = QString::number(1000 + i % 100);
        sw.placeCall(spec);
    }
    const QByteArray body = sw.api(QStringLiteral("show channels as json"));
    Monitor::ChannelStore store;
    for (const char *pass : {"cold", "warm"}) {
        QElapsedTimer timer;
        timer.start();
        const auto rows = Esl::ShowResult::fromJson(body);
        const qint64 parsed = timer.nsecsElapsed();
        const Monitor::ReconcileResult result = store.reconcile(rows->rows, 0);
        const qint64 total = timer.nsecsElapsed();
        std::printf(
            "reconcile (%s): %d channels, %.1f MB of JSON: parse %.0f ms + reconcile %.0f ms "
            "= %.0f ms (added %d, corrected %d)\n",
            pass, int(rows->rows.size()), double(body.size()) / 1e6, double(parsed) / 1e6,
            double(total - parsed) / 1e6, double(total) / 1e6, result.added, result.corrected);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("events"), QStringLiteral("Records to store."),
                      QStringLiteral("N"), QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("channels"), QStringLiteral("Channels to reconcile."),
                      QStringLiteral("N"), QStringLiteral("10000")});
    parser.addOption({QStringLiteral("capture"), QStringLiteral("Event capture to replay."),
                      QStringLiteral("FILE"), QStringLiteral(SWITCHBOARD_LOAD_CAPTURE)});
    parser.addHelpOption();
    parser.process(app);

    const QList<Esl::Event> events = loadEvents(parser.value(QStringLiteral("capture")), "bench_monitor");
    if (events.isEmpty())
        return 1;
    benchStores(events, parser.value(QStringLiteral("events")).toLongLong());
    benchReconcile(parser.value(QStringLiteral("channels")).toInt());
    return 0;
}
