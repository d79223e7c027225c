// libFuzzer target for call quality (monitor/callquality.h): what a hostile switch puts in RTCP
// events, mediaStats replies and hangup variables, all into one LegQuality. The input is parts
// separated by the byte 0x1e: a part starting with 's' or 'r' is a SEND_RTCP_MESSAGE or
// RECV_RTCP_MESSAGE whose header values are the part's lines, in the order of kRtcpHeaders; 'm'
// is the whole body of a mediaStats reply; 'h' is CHANNEL_HANGUP_COMPLETE variables, the lines'
// values in the order of kHangupVariables; 'c' sets the channel's clock rate from its text. The
// lists and the kind bytes are in qualityfuzzformat.h, which the seed maker reads too.
// After every part, and after a snapshot round trip:
//  - the estimated MOS and FreeSWITCH's are within [1, 4.5] or -1 (unknown);
//  - no figure is NaN or infinite, none known is negative, loss is within [0, 100] %;
//  - the history holds at most kMaxHistory points, each with a MOS in range;
//  - a mediaStats reply that fails leaves the leg as it was.

#include "qualityfuzzformat.h"

#include "monitor/callquality.h"

#include <QJsonArray>

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace {

using namespace QualityFuzz;

[[noreturn]] void fail(const char *what)
{
    std::fprintf(stderr, "fuzz_quality: %s\n", what);
    __builtin_trap();
}

constexpr qsizetype kMaxParts = 512;

void checkFigure(double v, double max, const char *what)
{
    if (!std::isfinite(v))
        fail(what);
    if (v != -1 && (v < 0 || v > max))
        fail(what);
}

void checkMos(double v, const char *what)
{
    if (!std::isfinite(v) || (v != -1 && (v < 1 || v > 4.5)))
        fail(what);
}

void check(const Monitor::LegQuality &q)
{
    checkMos(q.mos, "estimated MOS out of range");
    checkMos(q.fsMos, "FreeSWITCH MOS out of range");
    checkMos(q.displayMos(), "displayed MOS out of range");
    for (const Monitor::DirectionQuality *d : {&q.in, &q.out}) {
        checkFigure(d->lossPct, 100, "interval loss out of range");
        checkFigure(d->cumulativeLossPct, 100, "cumulative loss out of range");
        checkFigure(d->jitterMs, 1e13, "jitter NaN or negative");
        if (d->lost < -1 || d->reports < 0)
            fail("a negative count");
    }
    checkFigure(q.rttMs, 60000, "RTT out of range");
    checkFigure(q.fsRttMs, 60000, "FreeSWITCH RTT out of range");
    checkFigure(q.counters.inQualityPct, 100, "quality percentage out of range");
    checkFigure(q.counters.inJitterMaxVariance, 1e9, "jitter variance out of range");
    if (q.history.size() > Monitor::LegQuality::kMaxHistory)
        fail("history longer than kMaxHistory");
    if (q.historyStride < 1 || q.historyPending < 0 || q.historyPending > q.historyStride)
        fail("history stride inconsistent");
    for (const Monitor::QualitySample &s : q.history) {
        checkMos(s.mos, "a history point's MOS out of range");
        if (!std::isfinite(s.lossPct) || !std::isfinite(s.jitterMs) || !std::isfinite(s.rttMs))
            fail("a history point not finite");
    }
    const QJsonObject json = Monitor::qualityJson(q);
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it->isDouble() && !std::isfinite(it->toDouble()))
            fail("qualityJson not finite");
    }
    (void)q.tooltip();
    (void)q.worstFigure();
}

Esl::Event rtcpEvent(char kind, const QList<QByteArray> &values)
{
    Esl::HeaderList headers;
    headers.append("Event-Name", kind == kSendReport ? "SEND_RTCP_MESSAGE" : "RECV_RTCP_MESSAGE");
    headers.append("Unique-ID", "fuzz");
    const qsizetype n = std::min<qsizetype>(values.size(), qsizetype(kRtcpHeaderCount));
    for (qsizetype i = 0; i < n; ++i)
        headers.append(kRtcpHeaders[i], values.at(i));
    return Esl::Event(headers, {}, false);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data),
                                                     qsizetype(size));
    Monitor::LegQuality q;
    int clockRate = 8000;
    qint64 now = 1'700'000'000'000;
    const QList<QByteArray> parts = input.split(kPartSeparator);
    for (qsizetype p = 0; p < parts.size() && p < kMaxParts; ++p) {
        const QByteArray &part = parts.at(p);
        if (part.isEmpty())
            continue;
        const QByteArray rest = part.mid(1);
        now += 4000;
        switch (part.at(0)) {
        case kSendReport:
        case kRecvReport:
            Monitor::applyRtcp(q, rtcpEvent(part.at(0), rest.split('\n')), clockRate, now);
            break;
        case kMediaStats: {
            const Monitor::LegQuality before = q;
            if (!Monitor::applyMediaStats(q, rest, now).ok() && !(q == before))
                fail("a failed mediaStats reply changed the leg");
            break;
        }
        case kHangup: {
            Esl::HeaderList headers;
            const QList<QByteArray> values = rest.split('\n');
            const qsizetype n = std::min<qsizetype>(values.size(), qsizetype(kHangupVariableCount));
            for (qsizetype i = 0; i < n; ++i)
                headers.append(kHangupVariables[i], values.at(i));
            Monitor::applyHangupVariables(q, headers, now);
            break;
        }
        case kClockRate:
            clockRate = rest.toInt();
            break;
        default:
            break;
        }
        check(q);
    }
    // What a bundle keeps reads back within the same bounds.
    const std::optional<Monitor::LegQuality> back =
        Monitor::qualityOfSnapshot(Monitor::qualitySnapshot(q));
    if (!back)
        fail("a snapshot of a leg does not read back");
    check(*back);
    return 0;
}
