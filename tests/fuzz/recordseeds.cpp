// Seeds for fuzz_import and fuzz_journal: a dozen messages from the start and from the middle of
// each capture, as the files and records those targets read.
//   fuzz_import:  '1' and the raw bytes (read as raw ESL), '2' and the same messages' lines of
//                 NAME.expected.jsonl (read as JSON Lines), '0' and JSON Lines (detected)
//   fuzz_journal: its events and log lines as the journal stores them (recordwire.h), each
//                 behind its control byte (fuzz_journal.cpp), raw and compressed in turn, under
//                 three servers

#include "seeds.h"
#include "sessionscript.h"

#include "monitor/recordwire.h"

#include "esl/logline.h"
#include "esl/wire/event.h"

#include <QFile>

namespace Seeds {

namespace {

constexpr size_t kMessages = 12;

QByteArray rawSlice(const Capture &capture, size_t from)
{
    QByteArray out;
    for (size_t i = from; i < std::min(from + kMessages, capture.messages.size()); ++i)
        out += capture.messageBytes(i);
    return out;
}

QByteArray jsonLinesSlice(const QList<QByteArray> &lines, size_t from)
{
    QByteArray out;
    for (size_t i = from; i < std::min(from + kMessages, size_t(lines.size())); ++i)
        out += lines[qsizetype(i)] + '\n';
    return out;
}

// The journal's records of the events and log lines among messages [from, from + kMessages).
QByteArray journalSlice(const Capture &capture, size_t from)
{
    QByteArray out;
    int record = 0;
    for (size_t i = from; i < std::min(from + kMessages, capture.messages.size()); ++i) {
        const Monitor::DecodedRecord decoded = Monitor::decodeRecord(capture.messages[i]);
        if (!decoded.kind)
            continue;
        const bool log = decoded.kind == Monitor::RecordKind::Log;
        const QByteArray bytes =
            log ? Monitor::logFrame(Monitor::logHeaders(decoded.line), decoded.line.text.toUtf8())
                : decoded.event.toPlainMessage();
        const int encoding = record % 2; // as it is, then compressed by fuzz_journal
        const int server = record % 3;
        const char control = char(encoding | server << 2 | int(log) << 5);
        if (record++ > 0)
            out += SessionScript::kSeparator.toByteArray();
        out += control + bytes;
    }
    return out;
}

} // namespace

bool writeMadeRecordSeeds(const QDir &journalDir)
{
    const QByteArray event = "Content-Length: 28\nContent-Type: text/event-plain\n\n"
                             "Event-Name: HEARTBEAT\nA: b\n\n";
    const std::pair<const char *, QByteArray> seeds[] = {
        // Marked compressed, but not: a size header, then no zlib stream.
        {"made-corrupt-blob", '\x02' + QByteArray("\x00\x00\x00\x20not zlib at all", 19)},
        {"made-unknown-encoding", '\x03' + event},
        {"made-empty-record",
         QByteArray(1, '\0') + SessionScript::kSeparator.toByteArray() + '\x01' + event},
    };
    for (const auto &[name, bytes] : seeds) {
        if (!writeFile(journalDir.filePath(QString::fromLatin1(name)), bytes))
            return false;
    }
    return true;
}

bool writeRecordSeeds(const Capture &capture, const QDir &importDir, const QDir &journalDir)
{
    QList<QByteArray> lines;
    QFile expected(capture.companion(".expected.jsonl"));
    if (expected.open(QIODevice::ReadOnly))
        lines = expected.readAll().split('\n');
    const size_t middle = capture.messages.size() / 2;
    const std::pair<const char *, QByteArray> imports[] = {
        {"-raw", '1' + rawSlice(capture, 0)},
        {"-raw-middle", '1' + rawSlice(capture, middle)},
        {"-jsonl", '2' + jsonLinesSlice(lines, 0)},
        {"-detect-middle", '0' + jsonLinesSlice(lines, middle)},
    };
    for (const auto &[suffix, bytes] : imports) {
        if (bytes.size() > 1 &&
            !writeFile(importDir.filePath(capture.stem + QLatin1String(suffix)), bytes))
            return false;
    }
    const std::pair<const char *, QByteArray> journals[] = {
        {"-records", journalSlice(capture, 0)},
        {"-records-middle", journalSlice(capture, middle)},
    };
    for (const auto &[suffix, bytes] : journals) {
        if (!bytes.isEmpty() &&
            !writeFile(journalDir.filePath(capture.stem + QLatin1String(suffix)), bytes))
            return false;
    }
    return true;
}

} // namespace Seeds
