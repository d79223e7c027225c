// bench_quality: call quality derivation at scale, one core. 10,000 live SIP legs each report
// RTCP every 4 s (2,500 RECV_RTCP_MESSAGE events a second, the real capture's header set:
// tests/fixtures/real2/sip-call-quality.esl), through ChannelStore::apply as a ServerMonitor
// hands them over: the leg found, loss, jitter and RTT taken from the report block, the E-model
// MOS refreshed, a point appended to the history (merging pairs once it holds kMaxHistory).
// A twentieth of the legs degrade (3 % loss, 60 ms jitter), so the figures move.
//
// Reported: CPU per event (this thread's), the sustainable rate and the one-core load at the
// legs' rate; memory per leg (Channel::quality with its history full: its size, and the
// resident growth while the histories filled); the longest history (the bound).
//
//     bench_quality [--legs 10000] [--interval-ms 4000] [--reports 240] [--capture FILE]

#include "benchsupport.h"

#include "monitor/callquality.h"
#include "monitor/channelstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

using Bench::num;

constexpr qint64 kNtpUnixOffsetSeconds = 2208988800LL;

// The middle 32 bits of the NTP time (LSR's unit, 1/65536 s), as switch_rtp.c computes it.
quint32 ntpMiddle(qint64 us)
{
    const qint64 seconds = us / 1000000 + kNtpUnixOffsetSeconds;
    const qint64 fraction = (us % 1000000) * 65536 / 1000000;
    return quint32(((seconds & 0xFFFF) << 16) | fraction);
}

struct Templates
{
    Esl::Event create;
    Esl::Event answer;
    Esl::Event report; // a RECV_RTCP_MESSAGE
};

std::optional<Templates> templatesFrom(const QList<Esl::Event> &events)
{
    Templates t;
    for (const Esl::Event &e : events) {
        if (e.eventName() == "RECV_RTCP_MESSAGE") {
            t.report = e;
            break;
        }
    }
    const QByteArrayView uuid = t.report.header("Unique-ID");
    for (const Esl::Event &e : events) {
        if (e.header("Unique-ID") != uuid)
            continue;
        if (e.eventName() == "CHANNEL_CREATE" && t.create.headers().isEmpty())
            t.create = e;
        else if (e.eventName() == "CHANNEL_ANSWER" && t.answer.headers().isEmpty())
            t.answer = e;
    }
    if (uuid.isEmpty() || t.create.headers().isEmpty() || t.answer.headers().isEmpty())
        return std::nullopt;
    return t;
}

QByteArray legUuid(int leg)
{
    return QByteArray::number(leg, 16).rightJustified(8, '0') + "-0000-4000-8000-00000000beef";
}

// The event with its header `name` set to `value` (every occurrence).
void set(Esl::HeaderList &headers, QByteArrayView name, const QByteArray &value)
{
    for (qsizetype i = headers.indexOf(name); i >= 0; i = headers.indexOf(name, i + 1))
        headers.setValue(i, value);
}

Esl::Event forLeg(const Esl::Event &event, int leg)
{
    Esl::HeaderList headers = event.headers();
    const QByteArray uuid = legUuid(leg);
    for (const char *name : {"Unique-ID", "Channel-Call-UUID", "variable_uuid",
                             "variable_call_uuid"})
        set(headers, name, uuid);
    return Esl::Event(std::move(headers), event.body(), event.hasBody(), event.format());
}

// What the far end of leg `leg` reports the `n`th time (n >= 1), `us` being now.
Esl::Event report(const Esl::Event &tmpl, int leg, int n, qint64 us)
{
    const bool degraded = leg % 20 == 0;
    const double lossFraction = degraded ? 0.03 : 0.0;
    const double jitterMs = degraded ? 60.0 : 2.0 + leg % 5;
    constexpr qint64 packetsPerReport = 200; // 50 a second, 4 s
    constexpr qint64 dlsrUs = 1'000'000;
    constexpr qint64 rttUs = 40'000;
    Esl::HeaderList h = tmpl.headers();
    set(h, "Unique-ID", legUuid(leg));
    set(h, "Event-Date-Timestamp", QByteArray::number(us));
    set(h, "Capture-Time", QByteArray::number(us));
    set(h, "SSRC", QByteArray::number(0x10000000 + leg, 16));
    set(h, "Source0-SSRC", QByteArray::number(0x20000000 + leg, 16));
    set(h, "Sender-Packet-Count", QByteArray::number(packetsPerReport * n));
    set(h, "Octect-Packet-Count", QByteArray::number(packetsPerReport * n * 160));
    set(h, "Source0-Fraction", QByteArray::number(int(lossFraction * 256)));
    set(h, "Source0-Lost", QByteArray::number(qint64(packetsPerReport * n * lossFraction)));
    set(h, "Source0-Highest-Sequence-Number-Received",
        QByteArray::number(1000 + packetsPerReport * n));
    set(h, "Source0-Jitter", QByteArray::number(qint64(jitterMs * 8)));
    // The first report carries LSR 0 (no sender report of ours yet), as a real peer's does.
    set(h, "Source0-LSR", QByteArray::number(n == 1 ? 0 : ntpMiddle(us - rttUs - dlsrUs)));
    set(h, "Source0-DLSR", QByteArray::number(n == 1 ? 0 : dlsrUs * 65536 / 1000000));
    set(h, "Rtt0-Avg", QByteArrayLiteral("0.040000"));
    return Esl::Event(std::move(h), {}, false);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Call quality derivation for --legs live legs each reporting RTCP every --interval-ms:\n"
        "CPU per event through ChannelStore::apply, one-core load, memory per leg."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("legs"), QStringLiteral("Live legs."), QStringLiteral("N"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("interval-ms"),
                      QStringLiteral("Each leg's report interval (ms)."), QStringLiteral("MS"),
                      QStringLiteral("4000")});
    parser.addOption({QStringLiteral("reports"),
                      QStringLiteral("Reports per leg (240 at 4 s: a 16-minute call; more than "
                                     "LegQuality::kMaxHistory, so histories merge)."),
                      QStringLiteral("N"), QStringLiteral("240")});
    parser.addOption({QStringLiteral("capture"),
                      QStringLiteral("The capture whose events are the templates."),
                      QStringLiteral("FILE"), QStringLiteral(SWITCHBOARD_QUALITY_CAPTURE)});
    parser.process(app);
    const int legs = std::clamp(parser.value(QStringLiteral("legs")).toInt(), 1, 1'000'000);
    const int intervalMs =
        std::clamp(parser.value(QStringLiteral("interval-ms")).toInt(), 100, 600'000);
    const int reports = std::clamp(parser.value(QStringLiteral("reports")).toInt(), 1, 100'000);

    const std::optional<Templates> templates = templatesFrom(
        Bench::loadEvents(parser.value(QStringLiteral("capture")), "bench_quality"));
    if (!templates) {
        std::fprintf(stderr, "bench_quality: the capture has no RTCP report with its channel\n");
        return 1;
    }

    Monitor::ChannelStore store;
    const qint64 t0 = 1'796'000'000'000;
    for (int leg = 0; leg < legs; ++leg) {
        store.apply(forLeg(templates->create, leg), t0);
        store.apply(forLeg(templates->answer, leg), t0);
    }
    const qint64 rssBefore = Bench::residentKiB();

    // Report n of every leg, spread over the interval as real legs are; one interval is a batch
    // built first (not timed), then applied (timed).
    const double eventsPerSecond = double(legs) * 1000.0 / intervalMs;
    qint64 applyNs = 0;
    qint64 applied = 0;
    qint64 changed = 0;
    std::vector<Esl::Event> batch;
    batch.reserve(size_t(legs));
    for (int n = 1; n <= reports; ++n) {
        batch.clear();
        const qint64 intervalStartMs = t0 + qint64(n) * intervalMs;
        for (int leg = 0; leg < legs; ++leg) {
            const qint64 ms = intervalStartMs + qint64(leg) * intervalMs / legs;
            batch.push_back(report(templates->report, leg, n, ms * 1000));
        }
        const qint64 before = Bench::cpuNs(CLOCK_THREAD_CPUTIME_ID);
        for (int leg = 0; leg < legs; ++leg) {
            const qint64 ms = intervalStartMs + qint64(leg) * intervalMs / legs;
            changed += store.apply(batch[size_t(leg)], ms) ? 1 : 0;
        }
        applyNs += Bench::cpuNs(CLOCK_THREAD_CPUTIME_ID) - before;
        applied += legs;
    }
    batch.clear();
    batch.shrink_to_fit();
    const qint64 rssAfter = Bench::residentKiB();

    qint64 qualityBytes = 0;
    qsizetype longestHistory = 0;
    double mosSum = 0;
    int mosCount = 0;
    for (const Monitor::Channel *c : store.channels()) {
        const Monitor::LegQuality &q = c->quality;
        qualityBytes += qint64(sizeof(Monitor::LegQuality)) +
                        qint64(q.history.capacity()) * qint64(sizeof(Monitor::QualitySample)) +
                        qint64(q.codec.capacity()) * 2;
        longestHistory = std::max(longestHistory, q.history.size());
        if (q.mos >= 0) {
            mosSum += q.mos;
            ++mosCount;
        }
    }

    const double perEventUs = double(applyNs) / 1000.0 / double(applied);
    const double sustainable = 1e6 / perEventUs;
    const double load = eventsPerSecond * perEventUs / 1e6;
    std::printf("bench_quality (%s build): %s legs, one RTCP report each every %d ms "
                "(%s events/s), %d reports per leg, one core\n\n",
                SWITCHBOARD_BUILD_TYPE, qPrintable(num(legs)), intervalMs,
                qPrintable(num(eventsPerSecond)), reports);
    std::printf("| events applied | changed a leg | µs/event | sustainable events/s | one core at "
                "%s/s | memory per leg (LegQuality + history) | resident growth per leg | "
                "longest history |\n",
                qPrintable(num(eventsPerSecond)));
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::printf("| %s | %s | %s | %s | %s %% | %s B (%s B inline) | %s B | %lld points (max %d) "
                "|\n",
                qPrintable(num(double(applied))), qPrintable(num(double(changed))),
                qPrintable(num(perEventUs, 2)), qPrintable(num(sustainable)),
                qPrintable(num(load * 100, 2)),
                qPrintable(num(double(qualityBytes) / std::max(1, legs))),
                qPrintable(num(double(sizeof(Monitor::LegQuality)))),
                qPrintable(num(double(rssAfter - rssBefore) * 1024.0 / std::max(1, legs))),
                static_cast<long long>(longestHistory), Monitor::LegQuality::kMaxHistory);
    std::printf("\nMean estimated MOS %.2f over %d legs (a twentieth degraded: 3 %% loss, 60 ms "
                "jitter).\n",
                mosCount ? mosSum / mosCount : -1.0, mosCount);
    return longestHistory <= Monitor::LegQuality::kMaxHistory ? 0 : 1;
}
