#pragma once
// What tst_simquality's two halves share: a switch with a short RTCP cadence behind a real Event
// Socket, raw clients of it, and small readers of events and JSON text.

#include "simclient.h"
#include "support/fixtures.h"

#include "sim/amqpformat.h"
#include "sim/eventsocketserver.h"
#include "sim/simrtp.h"
#include "sim/traffic.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

namespace SimQuality {

inline constexpr int kReportMs = 150;
inline const QString kScenario = QStringLiteral("real2/sip-call-quality");

inline QList<QByteArray> namesOf(const Esl::HeaderList &headers)
{
    QList<QByteArray> names;
    for (qsizetype i = 0; i < headers.size(); ++i)
        names.append(headers.name(i).toByteArray());
    return names;
}

// The keys of a JSON object's text at its top level, in the order written.
inline QList<QByteArray> keysInOrder(QByteArrayView json)
{
    QList<QByteArray> keys;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            const qsizetype end = json.indexOf('"', i + 1);
            if (depth == 1 && expectKey)
                keys.append(json.sliced(i + 1, end - i - 1).toByteArray());
            expectKey = false;
            i = end;
        } else if (c == '{' || c == '[') {
            ++depth;
            expectKey = depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}

// The text of the object that follows `"key":` in `json`.
inline QByteArray objectAfter(const QByteArray &json, const QByteArray &key)
{
    const qsizetype start = json.indexOf('"' + key + "\":{");
    if (start < 0)
        return {};
    qsizetype i = start + key.size() + 3;
    int depth = 0;
    for (qsizetype j = i; j < json.size(); ++j) {
        depth += json[j] == '{' ? 1 : json[j] == '}' ? -1 : 0;
        if (depth == 0)
            return json.mid(i, j - i + 1);
    }
    return {};
}

inline Esl::Event captured(const QByteArray &name, const QByteArray &uuid = {})
{
    for (const Esl::Event &e : TestSupport::fixtureEvents(kScenario)) {
        if (e.name().toUtf8() == name && (uuid.isEmpty() || e.header("Unique-ID") == uuid))
            return e;
    }
    return Esl::Event();
}

inline QList<QByteArray> rtpAudioNames(const Esl::HeaderList &headers)
{
    QList<QByteArray> names;
    for (const QByteArray &name : namesOf(headers)) {
        // rtp_audio_recv_pt is media negotiation's, not set_stats'.
        if (name.startsWith("variable_rtp_audio_") && name != "variable_rtp_audio_recv_pt")
            names.append(name);
    }
    return names;
}

inline quint32 middle32(qint64 micros)
{
    const quint64 seconds = quint64(micros / 1000000) + 2208988800ULL;
    return quint32((seconds & 0xffff) << 16 | quint64(micros % 1000000) * 65536 / 1000000);
}

} // namespace SimQuality
using namespace SimTest;
using namespace SimQuality;

class TstSimQuality : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void rtcpEventsCarryTheCapturesHeadersInItsOrder();
    void theFirstSendReportIsAPlaceholderAndLaterOnesAnswerThePeer();
    void sendReportsNeedFireRtcpEvents();
    void noRtcpOnLoopbackLegsNorWithoutAnInterval();
    void reportsComeNoSoonerThanTheirCadence();
    void rtcpReachesJsonAndXmlSubscribersOfJustThoseEvents();
    void rtcpEventsReachAnAmqpConsumerAsMessages();
    void mediaStatsAnswersAsTheRealSwitch();
    void uuidSetMediaStatsWritesTheVariables();
    void hangupCarriesTheRtpAudioVariablesInTheCapturesOrder();
    void aDegradedLegShowsLossJitterRttAndALowerMos();
    void theTrafficsQualitySharesAreTheSameForTheSameSeed();

private:
    // An authenticated client of the switch with `setup` sent.
    std::unique_ptr<RawClient> open(const QList<QByteArray> &setup);
    // A call with RTCP on (and SEND events when `fireSend`); the A leg's uuid.
    QString rtcpCall(bool fireSend = true, const QString &interval = QStringLiteral("4000"));
    // Events read until `done` holds for what was read, or a timeout.
    QList<Esl::Event> eventsUntil(RawClient &client,
                                  const std::function<bool(const QList<Esl::Event> &)> &done,
                                  int timeoutMs = 10000);
    QByteArray api(RawClient &client, const QByteArray &command);
    static int count(const QList<Esl::Event> &events, const QByteArray &name,
                     const QString &uuid = {});

    std::unique_ptr<Sim::Switch> m_switch;
    std::unique_ptr<Sim::EventSocketServer> m_server;
};
