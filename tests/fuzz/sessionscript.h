#pragma once
// The input of fuzz_session: a script that plays the switch's side of one conversation with an
// Esl::Session and says when the client issues its commands. fuzz_make_seeds writes captures in
// this form (sessionseeds.cpp); fuzz_session reads it.
//
//   FLAGS [bytes] { SEPARATOR OP payload }...
//
// FLAGS is the first byte (see Flag). The bytes before the first separator are pushed to the
// session as a first chunk. Each step after it is an opcode byte (Op) and the payload that runs
// up to the next separator or the end. "\n@@" never starts a line of the Event Socket protocol,
// so a capture can be cut into steps anywhere.
//
// In what Push and PushQuietly deliver, "$J<digit>" stands for the Job-UUID of that bgapi (its
// number modulo the count so far, in the order issued) and "$A<digit>" for the Event-UUID of
// that execute: the session makes both up, and the peer's BACKGROUND_JOB and
// CHANNEL_EXECUTE_COMPLETE must carry them.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace SessionScript {

inline constexpr QByteArrayView kSeparator = "\n@@";

enum Flag : unsigned char {
    BudgetMask = 0x03,     // read budget: 0 ms (all at once), 1 ms, 10 ms (the default), 0 ms
    CommandTimeout = 0x04, // commands time out after 1 ms (only Wait gives timers a chance)
    Outbound = 0x08,       // an outbound socket: the session knows its channel (kChannel)
    Chain = 0x10,          // finished futures issue a command from their continuation (16 in all)
    CloseInChain = 0x20,   // ...and the third of those closes the session instead
};

enum Op : char {
    // The peer's side.
    Push = 'D',        // the payload, then readyRead
    PushQuietly = 'd', // the payload, no readyRead (it arrives with the next chunk)
    Reply = 'R',       // a command/reply with the payload as Reply-Text
    ApiResponse = 'P', // an api/response with the payload as its body
    // An event for the bgapi or execute numbered by the payload's first byte (modulo the count
    // so far); the second picks the format ('0' plain, '1' json, '2' xml: modulo 3); the rest is
    // the job's output or the Application-Response.
    BackgroundJob = 'J',
    ExecuteComplete = 'X',
    HangupComplete = 'H', // CHANNEL_HANGUP_COMPLETE for the channel whose Unique-ID is the payload
    AuthRequest = 'A',
    DisconnectNotice = 'N', // a text/disconnect-notice with the payload as body
    PeerClosed = 'E',       // readChannelFinished: the peer closed its side
    FailWrites = 'F',       // payload '1': writes to the device fail from now on; else they work
    // The client's side.
    Send = 's',    // payload: the command line, then "Name: value" lines, a blank line, a body
    Api = 'a',     // payload: the command after "api "
    Bgapi = 'b',   // payload: the command after "bgapi "
    Execute = 'x', // payload: "app argument", then a line with the channel UUID (may be
                   // empty), then options: 'l' for event-lock, a digit for loops
    Hangup = 'h',  // payload: the channel UUID
    Close = 'c',
    NewDevice = 'n', // the session moves to a fresh device (what was pending on the old fails)
    // The event loop.
    Process = 'p', // QCoreApplication::processEvents(): queued resumes, zero timers
    Wait = 'w',    // sleep 2 ms, then process events: timeouts fire
};

// The channel of an outbound session: the one of tests/fixtures/outbound.esl, whose
// CHANNEL_HANGUP_COMPLETE then ends what is still executing.
inline constexpr QByteArrayView kChannel = "b77ae360-039c-48e4-bd1a-ca81f1b7f4f0";

struct Step
{
    char op = Push;
    QByteArrayView payload;
};

// The steps of a script (after its flags byte), the leading chunk as a Push.
inline QList<Step> steps(QByteArrayView script)
{
    QList<Step> out;
    qsizetype pos = 0;
    qsizetype next = script.indexOf(kSeparator);
    out.append(Step{Push, script.first(next < 0 ? script.size() : next)});
    while (next >= 0) {
        pos = next + kSeparator.size();
        next = script.indexOf(kSeparator, pos);
        const qsizetype end = next < 0 ? script.size() : next;
        if (pos < end)
            out.append(Step{script[pos], script.sliced(pos + 1, end - pos - 1)});
    }
    return out;
}

// What the session made up so far, for the peer's steps to name: the Job-UUID of each bgapi and
// the Event-UUID and channel of each execute, in the order they were issued.
struct Made
{
    QList<QByteArray> jobs;
    QList<QByteArray> executions;
    QList<QByteArray> channels;
};

// The bytes one of the peer's steps delivers (Push, PushQuietly and the messages from Reply to
// DisconnectNotice), "$J<digit>" and "$A<digit>" replaced (sessionscript.cpp).
QByteArray peerBytes(const Step &step, const Made &made);

} // namespace SessionScript
