// Session scripts (sessionscript.h) for fuzz_session. A capture and its NAME.sent become the
// conversation they recorded: the switch's bytes up to where each command was sent, then that
// command (auth, api, bgapi, sendmsg execute and hangup, the rest as they are). The session
// makes up its own Job-UUIDs and Event-UUIDs, so the capture's are written as "$J<n>"/"$A<n>".
// Between two commands only the messages that settle something are kept (replies, notices,
// BACKGROUND_JOB, CHANNEL_EXECUTE_COMPLETE, hangups) and one of the rest, every event cut down
// to the headers the session reads: a burst of 200 events adds nothing to the queue's state but
// time. A second script cuts every chunk in two, so that messages arrive in pieces, with a 1 ms
// read budget and chained continuations.

#include "seeds.h"
#include "sessionscript.h"

#include "esl/wire/event.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>

namespace Seeds {

namespace {

namespace S = SessionScript;

struct Sent
{
    qint64 at = 0; // bytes received when it was sent
    QByteArray text;
};

std::vector<Sent> readSent(const QString &path)
{
    std::vector<Sent> sent;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return sent;
    static const QRegularExpression line(QStringLiteral(R"(^\+[0-9.]+s @(\d+) SEND (".*")$)"));
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(raw));
        if (!match.hasMatch())
            continue;
        const QJsonDocument array = QJsonDocument::fromJson("[" + match.captured(2).toUtf8() + "]");
        sent.push_back({match.captured(1).toLongLong(), array.array().at(0).toString().toUtf8()});
    }
    return sent;
}

QByteArray headerOf(QByteArrayView command, QByteArrayView name)
{
    for (const QByteArray &line : command.toByteArray().split('\n')) {
        if (line.startsWith(name.toByteArray() + ": "))
            return line.sliced(name.size() + 2);
    }
    return {};
}

// Events matter to the pending queue when they settle a bgapi or an execute, or end a channel.
bool settlesSomething(const Esl::Event &event)
{
    static const QByteArrayView names[] = {"BACKGROUND_JOB", "CHANNEL_EXECUTE_COMPLETE",
                                           "CHANNEL_HANGUP_COMPLETE", "CHANNEL_DESTROY"};
    for (const QByteArrayView name : names) {
        if (event.eventName() == name)
            return true;
    }
    return false;
}

// The event with only the headers the session looks at, in the format it came in: a switch's
// event is 2-6 kB, and its other hundred headers are fuzz_events' business.
QByteArray slimmed(const Esl::Event &event)
{
    static const QByteArrayView kept[] = {
        "Event-Name",       "Event-Subclass",       "Unique-ID",   "Job-UUID", "Application",
        "Application-UUID", "Application-Response", "Hangup-Cause"};
    Esl::HeaderList headers;
    for (const QByteArrayView name : kept) {
        for (const QString &value : event.values(name))
            headers.append(name, value.toUtf8());
    }
    return Esl::Event(headers, event.body().left(256), event.hasBody(), event.format())
        .toMessage(event.format());
}

class ScriptWriter
{
public:
    ScriptWriter(const Capture &capture, uint8_t flags, bool inPieces)
        : m_capture(capture), m_inPieces(inPieces)
    {
        m_script.append(char(flags));
    }

    // The messages that start before `end`: all but events, the events that settle something,
    // and one other; every event slimmed.
    void pushUpTo(qint64 end)
    {
        QByteArray chunk;
        int others = 0;
        for (; m_next < m_capture.messages.size() && m_capture.messages[m_next].offset() < end;
             ++m_next) {
            const Esl::Message &message = m_capture.messages[m_next];
            if (!message.isEvent()) {
                if (message.contentType() != Esl::ContentType::LogData || others++ < 1)
                    chunk += m_capture.messageBytes(m_next);
                continue;
            }
            const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
            if (!event)
                chunk += m_capture.messageBytes(m_next);
            else if (settlesSomething(*event) || others++ < 1)
                chunk += slimmed(*event);
        }
        if (chunk.isEmpty())
            return;
        for (qsizetype i = 0; i < m_jobs.size(); ++i)
            chunk.replace(m_jobs[i], "$J" + QByteArray::number(i % 10));
        for (qsizetype i = 0; i < m_applications.size(); ++i)
            chunk.replace(m_applications[i], "$A" + QByteArray::number(i % 10));
        if (m_inPieces && chunk.size() > 1) {
            step(S::Push, chunk.first(chunk.size() / 2));
            step(S::Push, chunk.sliced(chunk.size() / 2));
        } else {
            step(S::Push, chunk);
        }
    }

    void command(QByteArray text)
    {
        while (text.endsWith('\n'))
            text.chop(1);
        const qsizetype newline = text.indexOf('\n');
        const QByteArray first = newline < 0 ? text : text.first(newline);
        if (first.startsWith("api ")) {
            step(S::Api, text.sliced(4));
        } else if (first.startsWith("bgapi ")) {
            m_jobs.append(headerOf(text, "Job-UUID"));
            step(S::Bgapi, first.sliced(6));
        } else if (first.startsWith("sendmsg") && headerOf(text, "call-command") == "execute") {
            m_applications.append(headerOf(text, "Event-UUID"));
            QByteArray payload = headerOf(text, "execute-app-name");
            if (const QByteArray argument = headerOf(text, "execute-app-arg"); !argument.isEmpty())
                payload += ' ' + argument;
            payload += '\n' + first.sliced(qMin<qsizetype>(first.size(), 8)) + '\n';
            if (headerOf(text, "event-lock") == "true")
                payload += 'l';
            payload += headerOf(text, "loops");
            step(S::Execute, payload);
        } else if (first.startsWith("sendmsg") && headerOf(text, "call-command") == "hangup") {
            step(S::Hangup, first.sliced(qMin<qsizetype>(first.size(), 8)));
        } else {
            step(S::Send, text);
        }
    }

    QByteArray finish()
    {
        pushUpTo(m_capture.bytes.size() + 1);
        return m_script;
    }

private:
    void step(char op, QByteArrayView payload)
    {
        m_script += S::kSeparator.toByteArray() + op + payload.toByteArray();
    }

    const Capture &m_capture;
    bool m_inPieces;
    QByteArray m_script;
    size_t m_next = 0;
    QByteArrayList m_jobs;
    QByteArrayList m_applications;
};

} // namespace

bool writeSessionSeeds(const Capture &capture, const QDir &dir)
{
    const std::vector<Sent> sent = readSent(capture.companion(".sent"));
    if (sent.empty())
        return true;
    const uint8_t outbound = capture.stem == u"outbound" ? S::Outbound : 0;
    const struct
    {
        const char *suffix;
        uint8_t flags;
        bool inPieces;
    } variants[] = {{"-script", outbound, false},
                    {"-pieces", uint8_t(outbound | 1 | S::Chain), true}};
    for (const auto &variant : variants) {
        ScriptWriter writer(capture, variant.flags, variant.inPieces);
        for (const Sent &command : sent) {
            writer.pushUpTo(command.at);
            writer.command(command.text);
        }
        if (!writeFile(dir.filePath(capture.stem + QLatin1String(variant.suffix)), writer.finish()))
            return false;
    }
    return true;
}

bool writeMadeSessionSeeds(const QDir &dir)
{
    const auto script = [](uint8_t flags, std::initializer_list<QByteArrayView> steps) {
        QByteArray out(1, char(flags));
        for (const QByteArrayView step : steps)
            out += S::kSeparator.toByteArray() + step.toByteArray();
        return out;
    };
    const QByteArray channel = S::kChannel.toByteArray();
    const std::pair<const char *, QByteArray> seeds[] = {
        {"made-auth", script(0, {"A", "sauth ClueCon", "R+OK accepted", "sevent plain ALL",
                                 "R+OK event listener enabled plain", "A"})},
        {"made-bgapi", script(0, {"bstatus", "R+OK Job-UUID: $J0", "J00+OK done", "bversion",
                                  "J11FreeSWITCH", "R+OK Job-UUID: $J1", "bstatus", "R-ERR no"})},
        {"made-execute",
         script(S::Outbound, {"xplayback tone_stream://%(500,0,440)\n\n2", "R+OK", "X02",
                              "xanswer\n" + channel + "\nl", "X10", "X01", "R+OK", "H" + channel})},
        {"made-hangup-first",
         script(S::Outbound, {"xpark", "H" + channel, "R+OK", "h" + channel, "R+OK"})},
        {"made-timeout",
         script(S::CommandTimeout, {"astatus", "w", "PUP 0 years", "astatus", "PUP 1 year"})},
        {"made-wrong-kind", script(0, {"astatus", "R+OK", "snoevents", "Pnot a reply"})},
        {"made-api-err", script(0, {"anosuchcommand", "R-ERR nosuchcommand Command not found"})},
        {"made-chain", script(S::Chain | S::CloseInChain,
                              {"astatus", "Pa", "astatus", "Pb", "snoevents", "R+OK"})},
        {"made-cut-off", script(0, {"astatus",
                                    "DContent-Type: api/response\nContent-Length: 10"
                                    "\n\nabc",
                                    "E"})},
        {"made-new-device", script(0, {"astatus", "bstatus", "n", "PUP", "astatus", "PUP"})},
        {"made-write-fails", script(0, {"astatus", "F1", "bstatus", "F0", "astatus", "PUP"})},
        {"made-budget", script(1, {"d" + QByteArray(5000, ' ') +
                                       "\nContent-Type: api/response\n"
                                       "Content-Length: 2\n\nok",
                                   "astatus", "D", "p", "p"})},
        {"made-notice", script(0, {"astatus", "NDisconnected, goodbye.", "PUP"})},
    };
    for (const auto &[name, bytes] : seeds) {
        if (!writeFile(dir.filePath(QString::fromLatin1(name)), bytes))
            return false;
    }
    // Past the pending queue's bounds (PendingQueue::kMax*, 10,000 each): the last of each is
    // refused unsent, and the close fails the rest.
    const std::pair<char, QByteArrayView> commands[] = {
        {S::Api, "status"}, {S::Bgapi, "status"}, {S::Execute, "answer"}};
    for (const auto &[op, command] : commands) {
        QByteArray many(1, '\0');
        for (int i = 0; i < 10'001; ++i)
            many += S::kSeparator.toByteArray() + op + command.toByteArray();
        many += S::kSeparator.toByteArray() + "R+OK";
        if (!writeFile(dir.filePath(QStringLiteral("made-overload-") + QLatin1Char(op)), many))
            return false;
    }
    return true;
}

} // namespace Seeds
