// libFuzzer target for the importer (Monitor::Importer, lib/monitor/importer.h): a saved log,
// raw ESL or JSON Lines, into an EventStore. The first byte picks how it is read (low two bits:
// 0 detect, 1 raw, 2 JSON Lines, 3 detect; bits 2-3: a progress callback that cancels at its
// first or second call, or one that only watches; 0x40: a store small enough to drop chunks);
// the rest is the file. Besides not crashing:
//  - the result's range [first, end) holds exactly its events and log lines, an error says
//    where it happened (within the file; a JSON Lines fault also on which line), and progress
//    never goes backwards or past the file's size;
//  - what was imported, exported as JSON Lines (`eslcat decode`'s schema, recordwire.h), imports
//    again without a fault into as many events and log lines; exported and imported once more,
//    it exports to the same bytes (the first pass may turn bytes that are not UTF-8 into U+FFFD).

#include "monitor/eventstore.h"
#include "monitor/importer.h"
#include "monitor/recordwire.h"

#include <QBuffer>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using Monitor::EventStore;
using Monitor::Importer;

[[noreturn]] void fail(const char *what, const Importer::Result *result = nullptr)
{
    std::fprintf(stderr, "fuzz_import: %s\n", what);
    if (result)
        std::fprintf(stderr, "  %lld events, %lld log lines, %lld skipped, [%llu, %llu): %s\n",
                     qlonglong(result->events), qlonglong(result->logLines),
                     qlonglong(result->skipped), qulonglong(result->first), qulonglong(result->end),
                     qPrintable(result->errorString()));
    std::abort();
}

Importer::Result importBytes(const QByteArray &bytes, Importer::Format format, EventStore &store,
                             Importer::Progress progress = {})
{
    QBuffer buffer;
    buffer.setData(bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        fail("cannot open a QBuffer");
    Importer importer;
    importer.setFormat(format);
    importer.setServer(3);
    importer.setProgress(std::move(progress));
    return importer.import(buffer, store);
}

// The records [first, end) as `eslcat decode` prints them, one line each.
QByteArray exportJsonLines(const EventStore &store, Monitor::Sequence first, Monitor::Sequence end)
{
    QByteArray out;
    store.forEach(first, end, [&out](const EventStore::Record &record) {
        out += Monitor::jsonLine(record.kind(), Monitor::eventOf(record));
        out += '\n';
        return true;
    });
    return out;
}

void checkResult(const Importer::Result &result, const EventStore &store, qint64 size)
{
    if (result.format == Importer::Format::Detect)
        fail("the result does not say which format was read", &result);
    if (result.end < result.first || qint64(result.end - result.first) != result.records())
        fail("the range of the result is not its events and log lines", &result);
    if (result.error) {
        const Esl::Error &error = *result.error;
        if (result.errorString().isEmpty() || error.message.isEmpty())
            fail("an error without a message", &result);
        if (error.code != Esl::Error::Code::Canceled && (error.offset < 0 || error.offset > size))
            fail("an error's offset lies outside the file", &result);
        if (result.format == Importer::Format::JsonLines &&
            error.code == Esl::Error::Code::Decode && result.line < 1)
            fail("a JSON Lines fault without its line", &result);
    }
    if (store.droppedCount() > 0)
        return;
    qint64 logLines = 0;
    store.forEach(result.first, result.end, [&logLines](const EventStore::Record &record) {
        logLines += record.kind() == Monitor::RecordKind::Log;
        return true;
    });
    if (logLines != result.logLines)
        fail("the store holds another number of log lines than the result counts", &result);
}

// Imports `lines` as JSON Lines into `store`; the import must succeed with `events` events and
// `logLines` log lines.
Importer::Result reimport(const QByteArray &lines, EventStore &store, qint64 events,
                          qint64 logLines)
{
    const Importer::Result result = importBytes(lines, Importer::Format::JsonLines, store);
    if (!result.ok() || result.events != events || result.logLines != logLines) {
        std::fprintf(stderr, "  expected %lld events, %lld log lines\n", qlonglong(events),
                     qlonglong(logLines));
        fail("an export does not import again into the same records", &result);
    }
    return result;
}

// The first export may differ from the second where the file held bytes that are not UTF-8
// (JSON has no way to say them: they come back as U+FFFD); from then on it is a fixed point.
void checkRoundTrip(const EventStore &store, const Importer::Result &result)
{
    const QByteArray first = exportJsonLines(store, result.first, result.end);
    EventStore second;
    const Importer::Result secondResult = reimport(first, second, result.events, result.logLines);
    const QByteArray lines = exportJsonLines(second, secondResult.first, secondResult.end);
    EventStore third;
    const Importer::Result thirdResult = reimport(lines, third, result.events, result.logLines);
    const QByteArray linesAgain = exportJsonLines(third, thirdResult.first, thirdResult.end);
    if (linesAgain != lines) {
        const QList<QByteArray> a = lines.split('\n');
        const QList<QByteArray> b = linesAgain.split('\n');
        for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i) {
            if (a[i] != b[i]) {
                std::fprintf(stderr, "  line %lld:\n  %s\n  %s\n", qlonglong(i + 1),
                             a[i].left(2000).constData(), b[i].left(2000).constData());
                break;
            }
        }
        fail("an export, imported and exported again, changed", &thirdResult);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static constexpr Importer::Format formats[] = {Importer::Format::Detect, Importer::Format::Raw,
                                                   Importer::Format::JsonLines,
                                                   Importer::Format::Detect};
    const Importer::Format format = formats[data[0] & 3];
    const int cancelAt = (data[0] >> 2) & 3; // 0: no callback, 3: one that never cancels
    const bool smallStore = data[0] & 0x40;
    const QByteArray file(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    EventStore store;
    if (smallStore)
        store.setLimits({.maxRecords = 8, .maxBytes = 16 * 1024});
    int calls = 0;
    qint64 lastDone = 0;
    Importer::Progress progress;
    if (cancelAt != 0) {
        progress = [&](qint64 done, qint64 total) {
            if (done < lastDone || done > file.size() || (total != 0 && total != file.size()))
                fail("progress went backwards or past the file");
            lastDone = done;
            return ++calls != cancelAt;
        };
    }
    const Importer::Result result = importBytes(file, format, store, progress);
    checkResult(result, store, file.size());
    if (store.droppedCount() == 0)
        checkRoundTrip(store, result);
    return 0;
}
