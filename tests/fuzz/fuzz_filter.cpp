// libFuzzer target for the filter language (Monitor::Filter, lib/monitor/filterparser.h). Any
// text, read as UTF-8, must compile to a filter or to an error, and:
//  - compiling is deterministic: the same text gives the same error or the same canonical form;
//  - an error points into the text (0 to its length) and says something;
//  - a filter evaluates against every record of a small event store (real events and a log line
//    from the captures, and one hand-built event with the values the operators find hardest),
//    and gives the same answer on the stored record as on the event it came from (the window
//    filters stored records, eslcat --where decoded events);
//  - its canonical form compiles back to itself and selects the same records;
//  - the same text as a quick search (Filter::textSearch) does all of the above too.

#include "monitor/eventstore.h"
#include "monitor/eventview.h"
#include "monitor/filter.h"
#include "monitor/recordwire.h"

#include "esl/logline.h"
#include "esl/wire/event.h"
#include "esl/wire/parser.h"

#include <QFile>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using Monitor::EventStore;
using Monitor::Filter;
using Monitor::FilterResult;

// One stored record and the event it was made from.
struct Sample
{
    Monitor::Sequence sequence = 0;
    Esl::Event event;
};

struct Records
{
    EventStore store;
    std::vector<Sample> samples;
};

[[noreturn]] void fail(const QString &text, const char *what)
{
    std::fprintf(stderr, "fuzz_filter: %s\n  expression: \"%s\"\n", what,
                 text.toUtf8().toPercentEncoding(" \"!=<>~&|(){},").constData());
    __builtin_trap();
}

Esl::Event handBuiltEvent()
{
    Esl::HeaderList headers;
    const std::pair<const char *, const char *> values[] = {
        {"Event-Name", "CHANNEL_HANGUP"},
        {"Hangup-Cause", "USER_BUSY"},
        {"Caller-Caller-ID-Name", "Søren Ærø"},
        {"Caller-Caller-ID-Number", "+4512345678"},
        {"variable_sip_user_agent", "Yealink SIP-T46S 66.86.0.15"},
        {"Event-Sequence", "4711"},
        {"variable_big", "9007199254740993"},
        {"variable_negative", "-9223372036854775808"},
        {"variable_rtp_audio_in_mos", "4.45"},
        {"variable_exponent", "1e308"},
        {"variable_empty", ""},
        {"variable_quote", "say \"hi\" \\o/"},
        {"variable_corpus_multi", "ARRAY::one|:two|:three"},
        {"variable_hero", "ΣΊΣΥΦΟΣ"},
        {"variable_garbled", "\xff\xfe abc \xc3 Ærø \xe2\x82"},
        {"variable_astral", "\xf0\x9f\x93\x9e call \xf4\x8f\xbf\xbf"},
    };
    for (const auto &[name, value] : values)
        headers.append(name, value);
    return Esl::Event(headers, "Hello body text", true);
}

// The first event of each of a few kinds, and the first log line, from a real capture.
Records *loadRecords()
{
    auto *records = new Records;
    const auto add = [records](const Esl::Event &event, bool log) {
        Sample sample;
        if (log) {
            const Esl::LogLine line = Esl::LogLine::fromMessage(
                Esl::Message(event.headers(), event.body(), event.hasBody()));
            sample.sequence = records->store.appendLog(0, line, 1000);
            sample.event = Monitor::eventOf(line);
        } else {
            sample.sequence = records->store.append(0, event, 1000);
            sample.event = event;
        }
        records->samples.push_back(std::move(sample));
    };

    const QString path = QStringLiteral(SWITCHBOARD_FIXTURES "/inbound-plain.esl");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_filter: cannot read %s\n", qPrintable(path));
        std::abort();
    }
    Esl::wire::Parser parser;
    if (!parser.feed(file.readAll()) || !parser.finish()) {
        std::fprintf(stderr, "fuzz_filter: %s does not parse\n", qPrintable(path));
        std::abort();
    }
    // Few and varied: every record costs each input two evaluations, and a real event has a
    // hundred headers or more to search.
    QList<QByteArray> wanted = {"CHANNEL_CREATE", "CHANNEL_HANGUP", "BACKGROUND_JOB", "HEARTBEAT"};
    bool haveLog = false;
    while (parser.hasMessage()) {
        const Esl::Message message = parser.takeMessage();
        if (message.contentType() == Esl::ContentType::LogData && !haveLog) {
            add(Esl::Event(message.headers(), message.body(), message.hasBody()), true);
            haveLog = true;
        }
        if (!message.isEvent())
            continue;
        const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
        if (event && wanted.removeOne(event->eventName().toByteArray()))
            add(*event, false);
    }
    add(handBuiltEvent(), false);
    if (!wanted.isEmpty() || !haveLog) {
        std::fprintf(stderr, "fuzz_filter: %s lacks some of the sample records\n",
                     qPrintable(path));
        std::abort();
    }
    return records;
}

const Records &records()
{
    static const Records *loaded = loadRecords();
    return *loaded;
}

enum class Views { StoredOnly, StoredAndEvents };

// Which records the filter selects, one bit each. With StoredAndEvents, each stored record and
// the event it came from must agree.
quint64 selection(const Filter &filter, const QString &text, Views views)
{
    const Records &all = records();
    quint64 bits = 0;
    for (size_t i = 0; i < all.samples.size(); ++i) {
        const std::optional<EventStore::Record> record =
            all.store.record(all.samples[i].sequence);
        if (!record)
            fail(text, "a sample record is gone from the store");
        const bool stored = filter.matches(*record);
        if (views == Views::StoredAndEvents &&
            stored != filter.matches(Monitor::EslEventView(all.samples[i].event)))
            fail(text, "the stored record and its event disagree");
        bits |= quint64(stored) << i;
    }
    return bits;
}

// The name table is the process's and never shrinks. Once it is full, a new header name
// compiles to kNoName, which the canonical form cannot spell: the round trip holds only while
// there is room, and a long run that has interned 64k names checks the rest without it.
bool nameTableHasRoom()
{
    return Monitor::HeaderNames::instance().size() < Monitor::kNoName - 1024;
}

void checkFilter(const Filter &filter, const QString &text)
{
    const quint64 selected = selection(filter, text, Views::StoredAndEvents);
    for (const Monitor::NameId name : filter.headers()) {
        if (name == Monitor::kNoName && nameTableHasRoom())
            fail(text, "headers() lists no name");
    }
    if (!nameTableHasRoom())
        return;
    const QString canonical = filter.toString();
    const FilterResult again = Filter::compile(canonical);
    if (!again) {
        std::fprintf(stderr, "  canonical: \"%s\"\n  %s\n", qPrintable(canonical),
                     qPrintable(again.error().toString()));
        fail(text, "the canonical form does not compile");
    }
    if (again.filter().toString() != canonical) {
        std::fprintf(stderr, "  canonical: \"%s\"\n  again:     \"%s\"\n", qPrintable(canonical),
                     qPrintable(again.filter().toString()));
        fail(text, "the canonical form is not a fixed point");
    }
    if (selection(again.filter(), canonical, Views::StoredOnly) != selected) {
        std::fprintf(stderr, "  canonical: \"%s\"\n", qPrintable(canonical));
        fail(text, "the canonical form selects other records");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    (void)records();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    const FilterResult first = Filter::compile(text);
    const FilterResult second = Filter::compile(text);
    if (first.ok() != second.ok())
        fail(text, "compiling twice gives a filter once and an error once");
    if (!first) {
        const Monitor::FilterError &error = first.error();
        if (error.position < 0 || error.position > text.size())
            fail(text, "the error's position is outside the text");
        if (error.message.isEmpty())
            fail(text, "the error has no message");
        if (error.position != second.error().position ||
            error.message != second.error().message)
            fail(text, "compiling twice gives two different errors");
    } else {
        if (first.filter().toString() != second.filter().toString())
            fail(text, "compiling twice gives two different filters");
        checkFilter(first.filter(), text);
    }

    checkFilter(Filter::textSearch(text), text);
    return 0;
}
