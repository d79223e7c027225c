#pragma once
// The real2/callcenter capture as the call-center tests use it: the callcenter::info events and
// the api replies (paired with the commands the capture client sent) in the order they came, and
// a listing api that answers from captured bodies.

#include "monitor/callcenterstore.h"

#include "esl/promise.h"
#include "support/fixtures.h"

#include <QHash>
#include <QTest>

#include <optional>

namespace CallCenterCapture {

using namespace Qt::Literals::StringLiterals;


const QString kScenario = QStringLiteral("real2/callcenter");
const QString kQueue = QStringLiteral("corpus@default");
const QString kAgent1 = QStringLiteral("agent1@default");
const QString kAgent2 = QStringLiteral("agent2@default");
const QString kMember1 = QStringLiteral("6dd68eec-c893-4a5a-afd9-83d2ce912035");
const QString kMember1Session = QStringLiteral("d72f1d6e-7334-4703-8186-1ce3a203ec18");
const QString kMember2 = QStringLiteral("c71394fb-d77c-4e1e-9b03-08f8733ed77c");
const qint64 kCaptureEndMs = 1796578869000; // a little after the last event

// One message of the capture in order: a callcenter::info event, or an api reply with its command.
struct Step
{
    std::optional<Esl::Event> event;
    QString command;
    QByteArray body;
    // For a reply: the Event-Sequence of the API event the switch fired once the command had
    // run. Events fired before it may reach the socket after the reply (agent-state-change Idle
    // came after the `agent list` that already said Idle); -1 when there is none.
    qint64 apiSequence = -1;
};

inline QList<Step> captureSteps(const QString &scenario = kScenario)
{
    QStringList commands;
    for (const QByteArray &line : TestSupport::readFixture(scenario, u".sent"_s).split('\n')) {
        const int at = line.indexOf(" SEND \"api ");
        if (at >= 0) {
            const QByteArray json = line.mid(at + 6);
            commands.append(QString::fromUtf8(json.mid(5, json.size() - 5 - 5)));
        }
    }
    QList<Step> steps;
    int api = 0;
    for (const Esl::Message &m : TestSupport::parseAll(TestSupport::readFixture(scenario, u".esl"_s))) {
        if (m.contentType() == "api/response") {
            steps.append(Step{std::nullopt, commands.value(api++), m.body()});
        } else if (m.isEvent()) {
            auto e = Esl::Event::fromMessage(m);
            if (e && e->subclass() == "callcenter::info") {
                steps.append(Step{*e, {}, {}});
            } else if (e && e->eventName() == "API") {
                const QString ran = e->text("API-Command") + u' ' + e->text("API-Command-Argument");
                for (Step &s : steps) {
                    if (!s.event && s.apiSequence < 0 && s.command == ran) {
                        s.apiSequence = e->sequence();
                        break;
                    }
                }
            }
        }
    }
    return steps;
}

// The body of the `nth` (0-based) reply to `command` in the capture.
inline QByteArray capturedBody(const QList<Step> &steps, const QString &command, int nth = 0)
{
    for (const Step &s : steps) {
        if (!s.event && s.command == command && nth-- == 0)
            return s.body;
    }
    return {};
}

inline Esl::Reply apiReply(const QByteArray &body)
{
    Esl::HeaderList headers;
    headers.append("Content-Type", "api/response");
    headers.append("Content-Length", QByteArray::number(body.size()));
    return Esl::Reply(Esl::Message(headers, body, true));
}

// A listing api answering from `bodies` (command -> body); anything else "+OK".
struct Listings
{
    QHash<QString, QByteArray> bodies;
    QStringList asked;
    Monitor::PanelStore::Api api()
    {
        return [this](const QString &command) {
            asked.append(command);
            return Esl::detail::readyFuture(apiReply(bodies.value(command, "+OK\n")));
        };
    }
};

const QString kQueueList = QStringLiteral("callcenter_config queue list");
const QString kAgentList = QStringLiteral("callcenter_config agent list");
const QString kTierList = QStringLiteral("callcenter_config tier list");
const QString kMembersList = QStringLiteral("callcenter_config queue list members corpus@default");
const QString kSupportMembers = QStringLiteral("callcenter_config queue list members support@default");

// The listings at the capture's start: the queues, no agents or tiers yet (the run deleted
// them first), no members.
inline Listings startListings(const QList<Step> &steps)
{
    Listings l;
    l.bodies.insert(kQueueList, capturedBody(steps, kQueueList, 0));
    return l;
}

// The listings at its end.
inline Listings endListings(const QList<Step> &steps)
{
    Listings l;
    l.bodies.insert(kQueueList, capturedBody(steps, kQueueList, 1));
    l.bodies.insert(kAgentList, capturedBody(steps, kAgentList, 3));
    l.bodies.insert(kTierList, capturedBody(steps, kTierList, 1));
    l.bodies.insert(kMembersList, capturedBody(steps, kMembersList, 2));
    return l;
}

} // namespace CallCenterCapture
