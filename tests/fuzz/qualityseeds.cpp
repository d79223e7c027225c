// Seeds for fuzz_quality: the real call of tests/fixtures/real2/sip-call-quality.esl (two SIP
// legs with RTCP on both, mediaStats asked mid-call) in the target's part format
// (qualityfuzzformat.h). Each RTCP event alone; each leg as a LegQuality sees it (its codec's
// clock rate, its reports in order, its mediaStats reply where it came, its hangup figures); the
// whole call, both legs' parts in capture order, into one leg (SSRCs that change under it); each
// mediaStats reply alone, the error for an unknown uuid among them; each hangup alone.

#include "qualityfuzzformat.h"
#include "seeds.h"

#include "esl/wire/event.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <vector>

namespace Seeds {

namespace {

using namespace QualityFuzz;

// The event's value of each of `names`, one a line, up to the last name it carries (the target
// reads an empty line as a header with an empty value, which no real event sends; a value with a
// line break would shift the rest, and none of these names has one).
template<size_t N>
QByteArray valueLines(const Esl::HeaderList &headers, const char *const (&names)[N])
{
    QList<QByteArrayView> values;
    qsizetype last = -1;
    for (size_t i = 0; i < N; ++i) {
        const QByteArrayView value = headers.value(names[i]);
        values.append(value.contains('\n') || value.contains(kPartSeparator) ? QByteArrayView()
                                                                             : value);
        if (headers.contains(names[i]))
            last = qsizetype(i);
    }
    QByteArray out;
    for (qsizetype i = 0; i <= last; ++i) {
        if (i > 0)
            out += '\n';
        out += values.at(i);
    }
    return out;
}

// Which channel a mediaStats reply is about: its request's "data":{"uuid":...}, echoed back.
QByteArray mediaStatsUuid(const QByteArray &body)
{
    const QJsonObject data = QJsonDocument::fromJson(body).object().value(u"data").toObject();
    return data.value(u"uuid").toString().toUtf8();
}

struct Leg
{
    QByteArray uuid;
    QByteArray clockRate; // the channel's read codec rate, as its events say
    QByteArray parts;     // every part about this leg, each ended by the separator
};

Leg &legOf(std::vector<Leg> &legs, QByteArrayView uuid)
{
    for (Leg &leg : legs) {
        if (leg.uuid == uuid)
            return leg;
    }
    legs.push_back(Leg{uuid.toByteArray(), {}, {}});
    return legs.back();
}

} // namespace

bool writeQualitySeeds(const QString &fixtures, const QDir &dir)
{
    Capture capture;
    if (!parseCapture(fixtures + QStringLiteral("/real2/sip-call-quality.esl"), capture))
        return false;
    const auto write = [&](const QString &what, int n, const QByteArray &bytes) {
        const QString name = n < 0 ? QStringLiteral("%1-%2").arg(capture.stem, what)
                                   : QStringLiteral("%1-%2-%3")
                                         .arg(capture.stem, what)
                                         .arg(n, 2, 10, QLatin1Char('0'));
        return writeFile(dir.filePath(name), bytes);
    };
    std::vector<Leg> legs;
    QByteArray call;
    int reports = 0;
    int replies = 0;
    int hangups = 0;
    for (const Esl::Message &message : capture.messages) {
        QByteArray part;
        Leg *leg = nullptr;
        if (message.contentType() == Esl::ContentType::ApiResponse) {
            if (!message.body().startsWith("{\"command\":\"mediaStats\""))
                continue;
            part = kMediaStats + message.body();
            if (!write(QStringLiteral("mediastats"), replies++, part))
                return false;
            // The reply for a uuid no leg has (the switch's error) goes into the call only.
            const QByteArray uuid = mediaStatsUuid(message.body());
            for (Leg &l : legs)
                leg = l.uuid == uuid ? &l : leg;
        } else if (message.isEvent()) {
            const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
            if (!event || !event->hasHeader("Unique-ID"))
                continue;
            leg = &legOf(legs, event->header("Unique-ID"));
            if (leg->clockRate.isEmpty())
                leg->clockRate = event->header("Channel-Read-Codec-Rate").toByteArray();
            const QByteArrayView name = event->eventName();
            if (name == "SEND_RTCP_MESSAGE" || name == "RECV_RTCP_MESSAGE") {
                part = (name.startsWith("SEND") ? kSendReport : kRecvReport) +
                       valueLines(event->headers(), kRtcpHeaders);
                if (!write(QStringLiteral("rtcp"), reports++, part))
                    return false;
            } else if (name == "CHANNEL_HANGUP_COMPLETE" &&
                       event->hasHeader("variable_rtp_audio_in_mos")) {
                part = kHangup + valueLines(event->headers(), kHangupVariables);
                if (!write(QStringLiteral("hangup"), hangups++, part))
                    return false;
            } else {
                continue;
            }
        } else {
            continue;
        }
        call += part + kPartSeparator;
        if (leg)
            leg->parts += part + kPartSeparator;
    }
    if (reports == 0 || replies == 0 || hangups == 0) {
        std::fprintf(stderr,
                     "fuzz_make_seeds: %s: no RTCP events, mediaStats replies or "
                     "hangup figures\n",
                     qPrintable(capture.path));
        return false;
    }
    // A clock-rate part first: SEND reports carry no rate, the channel's codec gives it.
    const auto clockPart = [](const Leg &leg) {
        return leg.clockRate.isEmpty() ? QByteArray() : kClockRate + leg.clockRate + kPartSeparator;
    };
    int n = 0;
    QByteArray firstClock;
    for (const Leg &leg : legs) {
        if (leg.parts.isEmpty())
            continue;
        if (firstClock.isEmpty())
            firstClock = clockPart(leg);
        if (!write(QStringLiteral("leg"), n++, clockPart(leg) + leg.parts))
            return false;
    }
    return write(QStringLiteral("call"), -1, firstClock + call);
}

} // namespace Seeds
