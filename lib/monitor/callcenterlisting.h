#pragma once
// What mod_callcenter's listing commands answer, parsed: `callcenter_config queue list`,
// `agent list`, `tier list` and `queue list members <queue>`. Kept apart from CallCenterStore so
// the parsers can be fed the real bodies (tests/fixtures/real2/callcenter.esl) and hostile ones
// without an event loop.
//
// The bodies are `|`-separated tables written by list_result_callback (mod_callcenter.c): a
// header line of column names, one line per row, then "+OK". An empty table is "+OK" alone (no
// header: the callback writes it with the first row), which is also what `queue list members`
// of an unknown queue answers. Nothing is escaped: a contact holding a `|` spills into the
// next fields, so the parser gives the surplus back to the table's one free-text column.

#include "esl/wire/error.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

namespace Monitor {

struct CallCenterMember
{
    QString uuid;        // the member (CC-Member-UUID; not a channel)
    QString sessionUuid; // the caller's channel in the queue (empty once abandoned)
    QString cidNumber;
    QString cidName;
    QString state; // Waiting, Trying, Answered, Abandoned
    QString servingAgent;
    qint64 joinedMs = 0;
    qint64 bridgedMs = 0;
    qint64 abandonedMs = 0;
    int score = 0; // base_score + skill_score: added to the seconds waited when choosing who is next
};

struct CallCenterAgent
{
    QString name;
    QString type; // callback, uuid-standby
    QString contact;
    QString status; // Logged Out, Available, Available (On Demand), On Break
    QString state;  // Waiting, Receiving, In a queue call, Idle, Reserved
    QString uuid;   // the agent's leg while it is in a queue call
    int maxNoAnswer = 0;
    int wrapUpTime = 0;
    int noAnswerCount = 0;
    int callsAnswered = 0;
    qint64 talkTimeSeconds = 0;
    qint64 lastBridgeStartMs = 0;
    qint64 lastBridgeEndMs = 0;
    qint64 lastOfferedMs = 0;
    qint64 lastStatusChangeMs = 0;
};

struct CallCenterTier
{
    QString queue;
    QString agent;
    QString state; // Ready, Offering, Active Inbound, No Answer, Standby
    int level = 1;
    int position = 1;
};

struct CallCenterQueueInfo
{
    QString name;
    QString strategy;
    QString mohSound;
    int discardAbandonedAfter = 0; // seconds an abandoned member stays listed
    bool abandonedResumeAllowed = false;
    int maxWaitTime = 0;
    // The module's own counters since the queue was loaded (not per hour).
    int callsAnswered = 0;
    int callsAbandoned = 0;
};

namespace CallCenterListing {

// `maxRows` bounds the rows; more is an error, as is anything not ending in "+OK".
[[nodiscard]] Esl::Expected<QList<CallCenterQueueInfo>> parseQueues(QByteArrayView body,
                                                                    int maxRows);
[[nodiscard]] Esl::Expected<QList<CallCenterAgent>> parseAgents(QByteArrayView body, int maxRows);
[[nodiscard]] Esl::Expected<QList<CallCenterTier>> parseTiers(QByteArrayView body, int maxRows);
[[nodiscard]] Esl::Expected<QList<CallCenterMember>> parseMembers(QByteArrayView body, int maxRows);

// A `|` table: its column names and rows (each as many fields as columns).
struct Table
{
    QStringList columns;
    QList<QStringList> rows;
};
// `freeText`: the column that takes the surplus fields of a row (empty: a row with more fields
// than the header is an error).
[[nodiscard]] Esl::Expected<Table> parseTable(QByteArrayView body, const QStringList &required,
                                              const QString &freeText, int maxRows);

} // namespace CallCenterListing

} // namespace Monitor
