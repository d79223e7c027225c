// Esl::Event: one model whatever format an event travelled in. Fixture events and hand-built ones
// survive being written in each format and read back; the plain writer reproduces the switch's
// own bytes; the accessors find what downstream code keys on; the decoders follow libesl's header
// rules and turn every malformed body into a Decode error that says what is wrong.

#include "support/fixtures.h"

#include "esl/logline.h"
#include "esl/wire/event.h"
#include "esl/wire/jsonlines.h"
#include "esl/wire/parser.h"

#include <QTest>

#include <optional>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Event;
using Format = Esl::Event::Format;

Q_DECLARE_METATYPE(Esl::Event)

namespace {

using HeaderPairs = QList<std::pair<QByteArray, QByteArray>>;

Esl::HeaderList headerList(const HeaderPairs &headers)
{
    Esl::HeaderList list;
    for (const auto &[name, value] : headers)
        list.append(name, value);
    return list;
}

// No body at all unless one is given (an empty one included).
Event makeEvent(const HeaderPairs &headers, const std::optional<QByteArray> &body = std::nullopt)
{
    return Event(headerList(headers), body.value_or(QByteArray()), body.has_value());
}

Esl::Message makeMessage(const HeaderPairs &headers, const std::optional<QByteArray> &body = {})
{
    return Esl::Message(headerList(headers), body.value_or(QByteArray()), body.has_value());
}

QString formatName(Format format)
{
    switch (format) {
    case Format::Plain:
        return u"plain"_s;
    case Format::Json:
        return u"json"_s;
    case Format::Xml:
        return u"xml"_s;
    }
    return {};
}

// Frames `bytes` (which must hold exactly one message) and decodes the event in it.
Esl::Expected<Event> decodeMessage(const QByteArray &bytes)
{
    Esl::wire::Parser parser;
    if (!parser.feed(bytes) || !parser.finish())
        return parser.error();
    if (parser.pendingMessages() != 1)
        return Esl::protocolError(u"%1 messages instead of one"_s.arg(parser.pendingMessages()));
    return Event::fromMessage(parser.takeMessage());
}

Esl::Expected<Event> decodeBody(QByteArrayView contentType, const QByteArray &body)
{
    return Event::fromMessage(makeMessage({{"Content-Type", contentType.toByteArray()}}, body));
}

// A failure message for an Expected: built only when it holds an error (QVERIFY2 evaluates its
// message either way).
template<typename T> QByteArray why(const Esl::Expected<T> &result, const QString &context = {})
{
    if (result.ok())
        return {};
    const QString text = result.error().toString();
    return (context.isEmpty() ? text : context + u": "_s + text).toUtf8();
}

// Where two events part ways, for failure messages.
QString difference(const Event &a, const Event &b)
{
    if (a.name() != b.name())
        return u"name %1 vs %2"_s.arg(a.name(), b.name());
    if (a.hasBody() != b.hasBody() || a.body() != b.body()) {
        return u"body %1 vs %2"_s.arg(QString::fromUtf8(a.body().toPercentEncoding()),
                                      QString::fromUtf8(b.body().toPercentEncoding()));
    }
    for (const Event *one : {&a, &b}) {
        const Event *other = one == &a ? &b : &a;
        for (qsizetype i = 0; i < one->headers().size(); ++i) {
            const QByteArrayView name = one->headers().name(i);
            if (one->values(name) != other->values(name)) {
                return u"header %1: [%2] vs [%3]"_s.arg(QString::fromUtf8(name),
                                                        one->values(name).join(u'|'),
                                                        other->values(name).join(u'|'));
            }
        }
    }
    return u"same values, different header order"_s;
}

struct CapturedEvent
{
    qsizetype index = -1; // of the message in the capture
    QByteArray raw;       // the message's bytes as the switch sent them
    Event event;
};

// Every event of a capture, with its message's bytes.
Esl::Expected<QList<CapturedEvent>> capturedEvents(const QString &scenario)
{
    const QByteArray bytes = readFixture(scenario, u".esl"_s);
    const QList<Esl::Message> messages = parseAll(bytes);
    QList<CapturedEvent> events;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (!messages[i].isEvent())
            continue;
        Esl::Expected<Event> event = Event::fromMessage(messages[i]);
        if (!event)
            return Esl::decodeError(u"message %1: %2"_s.arg(i).arg(event.error().toString()));
        const qint64 end = i + 1 < messages.size() ? messages[i + 1].offset() : bytes.size();
        const qint64 start = messages[i].offset();
        events.append({i, bytes.sliced(start, end - start), std::move(event).value()});
    }
    return events;
}

// The first event of a capture named `name` that satisfies `accept`.
template<typename Accept>
std::optional<Event> findEvent(const QString &scenario, const QString &name, Accept accept)
{
    const Esl::Expected<QList<CapturedEvent>> events = capturedEvents(scenario);
    if (!events)
        return std::nullopt;
    for (const CapturedEvent &captured : *events) {
        if (captured.event.name() == name && accept(captured.event))
            return captured.event;
    }
    return std::nullopt;
}

std::optional<Event> findEvent(const QString &scenario, const QString &name)
{
    return findEvent(scenario, name, [](const Event &) { return true; });
}

QStringList toStrings(const QList<QByteArrayView> &views)
{
    QStringList out;
    for (const QByteArrayView view : views)
        out.append(QString::fromUtf8(view));
    return out;
}

// Whether libesl's rules (eventheaders.h) would change this event if it came as plain or json:
// a value with "ARRAY::" past its start, or a second Event-Name. Only xml events can still carry
// either, since the xml decoder keeps what the switch wrote.
bool libeslWouldRewrite(const Event &event)
{
    if (event.headers().values("Event-Name").size() > 1)
        return true;
    for (qsizetype i = 0; i < event.headers().size(); ++i) {
        if (event.headers().value(i).indexOf("ARRAY::") > 0)
            return true;
    }
    return false;
}

} // namespace

class TestEvent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logLineMessagesDropTheSwitchsPrefix();
    // Happy flows: one model whatever the format.
    void fixtureEventsReadBackAlikeFromEveryFormat_data();
    void fixtureEventsReadBackAlikeFromEveryFormat();
    void xmlEventReadsAsLibeslReadsItOnceWrittenAsPlainOrJson_data();
    void xmlEventReadsAsLibeslReadsItOnceWrittenAsPlainOrJson();
    void handBuiltEventsSurvivePlainThenJsonThenXmlThenPlain_data();
    void handBuiltEventsSurvivePlainThenJsonThenXmlThenPlain();
    void plainWriterReproducesTheSwitchsBytes_data();
    void plainWriterReproducesTheSwitchsBytes();

    // Happy flows: accessors.
    void namesCustomEventsAfterTheirSubclass();
    void readsTheIdentifiersDownstreamCodeKeysOn_data();
    void readsTheIdentifiersDownstreamCodeKeysOn();
    void readsJobUuidAndBodyOfBackgroundJob_data();
    void readsJobUuidAndBodyOfBackgroundJob();
    void readsOtherLegOfBridge_data();
    void readsOtherLegOfBridge();
    void missingOrMalformedHeadersReadAsNullOrMinusOne();
    void valuesHideHowEachFormatCarriesMultipleValues_data();
    void valuesHideHowEachFormatCarriesMultipleValues();
    void looksUpHeadersWithoutRegardToCaseAndKeepsBoth();

    // Happy flows: how each decoder reads what it is given.
    void followsLibeslHeaderRules_data();
    void followsLibeslHeaderRules();
    void plainKeepsBadEscapesLiterally_data();
    void plainKeepsBadEscapesLiterally();
    void jsonDecodesEscapesAndKeepsOtherValuesAsText_data();
    void jsonDecodesEscapesAndKeepsOtherValuesAsText();
    void xmlResolvesEntitiesAndCutsBodyToContentLength();

    // Rainy days.
    void rejectsUndecodableEvent_data();
    void rejectsUndecodableEvent();
    void carriesUnknownContentTypeAsMessageNotEvent();

    // The JSON Lines form.
    void jsonLineReplacesInvalidUtf8();
    void jsonLineEscapesControlCharacters();
    void jsonLineGivesNullContentTypeWhenThereIsNone();
};

// ---------------------------------------------------------------------------------------------
// One model whatever the format

void TestEvent::fixtureEventsReadBackAlikeFromEveryFormat_data()
{
    QTest::addColumn<QString>("scenario");
    const QStringList scenarios = {u"inbound-plain"_s,          u"inbound-json"_s, u"inbound-xml"_s,
                                   u"conference-maintenance"_s, u"outbound"_s,     u"load"_s};
    for (const QString &scenario : scenarios)
        QTest::newRow(qPrintable(scenario)) << scenario;
}

void TestEvent::fixtureEventsReadBackAlikeFromEveryFormat()
{
    QFETCH(QString, scenario);
    const QList<QByteArrayView> sample = {"Event-Name",
                                          "Event-Subclass",
                                          "Core-UUID",
                                          "Unique-ID",
                                          "Event-Sequence",
                                          "Event-Date-Timestamp",
                                          "Channel-Read-Codec-Name",
                                          "variable_corpus_multi",
                                          "Job-UUID",
                                          "Application-UUID",
                                          "Caller-Caller-ID-Name"};

    const Esl::Expected<QList<CapturedEvent>> events = capturedEvents(scenario);
    QVERIFY2(events.ok(), why(events).constData());
    QVERIFY(!events->isEmpty());
    int rewrittenByLibesl = 0;
    for (const CapturedEvent &captured : *events) {
        const Event &original = captured.event;
        for (const Format format : {Format::Plain, Format::Json, Format::Xml}) {
            const auto where = [&] {
                return u"message %1 (%2) as %3"_s.arg(captured.index)
                    .arg(original.name(), formatName(format));
            };
            const Esl::Expected<Event> back = decodeMessage(original.toMessage(format));
            if (!back)
                QFAIL(qPrintable(where() + u": "_s + back.error().toString()));
            QCOMPARE(back->format(), format);
            if (format != Format::Xml && libeslWouldRewrite(original)) {
                ++rewrittenByLibesl; // see xmlEventReadsAsLibeslReadsItOnceWrittenAsPlainOrJson
                continue;
            }
            if (!back->isEquivalent(original))
                QFAIL(qPrintable(where() + u": "_s + difference(*back, original)));
            QCOMPARE(back->name(), original.name());
            QCOMPARE(back->hasBody(), original.hasBody());
            QCOMPARE(back->body(), original.body());
            for (const QByteArrayView name : sample)
                QCOMPARE(back->values(name), original.values(name));
        }
    }
    // Two xml events, each written as plain and as json: those of the next test.
    QCOMPARE(rewrittenByLibesl, scenario == u"inbound-xml"_s ? 4 : 0);
}

void TestEvent::xmlEventReadsAsLibeslReadsItOnceWrittenAsPlainOrJson_data()
{
    // The switch holds these headers as they are, and xml shows them so; libesl, reading the same
    // event as plain or json, rewrites them (inbound-plain.expected.jsonl records the result).
    // An xml event written as plain or json therefore reads back as libesl would read it.
    QTest::addColumn<QString>("eventName");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QStringList>("xmlValues");
    QTest::addColumn<QStringList>("libeslValues");
    QTest::addColumn<QString>("libeslName");
    QTest::newRow("setvar argument with ARRAY:: inside")
        << u"API"_s << QByteArray("API-Command-Argument")
        << QStringList{u"938e468c-9651-40cf-93c9-0c30894385af corpus_multi ARRAY::one|:two|:three"_s}
        << QStringList{u":one"_s, u"two"_s, u"three"_s} << u"API"_s;
    QTest::newRow("COMMAND re-fired as PRIVATE_COMMAND")
        << u"COMMAND"_s << QByteArray("Event-Name")
        << QStringList{u"COMMAND"_s, u"PRIVATE_COMMAND"_s} << QStringList{u"PRIVATE_COMMAND"_s}
        << u"PRIVATE_COMMAND"_s;
}

void TestEvent::xmlEventReadsAsLibeslReadsItOnceWrittenAsPlainOrJson()
{
    QFETCH(QString, eventName);
    QFETCH(QByteArray, header);
    QFETCH(QStringList, xmlValues);
    QFETCH(QStringList, libeslValues);
    QFETCH(QString, libeslName);
    const std::optional<Event> xmlEvent = findEvent(
        u"inbound-xml"_s, eventName, [&](const Event &e) { return e.values(header) == xmlValues; });
    QVERIFY(xmlEvent);

    for (const Format format : {Format::Plain, Format::Json}) {
        const Esl::Expected<Event> back = decodeMessage(xmlEvent->toMessage(format));
        QVERIFY2(back.ok(), why(back, formatName(format)).constData());
        QCOMPARE(back->values(header), libeslValues);
        QCOMPARE(back->name(), libeslName);
        // Everything else comes through untouched.
        const Esl::HeaderList &headers = xmlEvent->headers();
        for (qsizetype i = 0; i < headers.size(); ++i) {
            if (!Esl::equalsIgnoringCase(headers.name(i), header))
                QCOMPARE(back->values(headers.name(i)), xmlEvent->values(headers.name(i)));
        }
        QCOMPARE(back->body(), xmlEvent->body());
    }
}

void TestEvent::handBuiltEventsSurvivePlainThenJsonThenXmlThenPlain_data()
{
    QTest::addColumn<Event>("event");
    const HeaderPairs base = {{"Event-Name", "BACKGROUND_JOB"},
                              {"Core-UUID", "49844b00-a991-435a-a99d-cdb62521423e"},
                              {"Job-UUID", "f6a1c0ee-d167-41bf-935e-18f9d3aff984"}};

    QTest::newRow("body with blank lines") << makeEvent(base, "+OK first\n\nsecond\n\n\nthird\n");
    QTest::newRow("body with percent, markup and quotes")
        << makeEvent(base, "100% <b>bold</b> & \"double\" 'single' %s %d %41 &amp; ]]>\n");
    QTest::newRow("body of non-ascii utf-8") << makeEvent(base, "Søren Ærø ringer 日本\n");
    QTest::newRow("body with CRLF line ends") << makeEvent(base, "+OK one\r\ntwo\r\n");
    QTest::newRow("body of one space") << makeEvent(base, " ");
    QTest::newRow("body starting and ending in blank lines") << makeEvent(base, "\n\nmiddle\n\n");
    QTest::newRow("empty body") << makeEvent(base, "");
    QTest::newRow("no body") << makeEvent(base);
    QTest::newRow("header values that need encoding")
        << makeEvent(base + HeaderPairs{{"Caller-Caller-ID-Name", "Søren Ærø <日本> & \"x\""},
                                        {"variable_path", "a%20b+c:d;e=f?g@h#i|j"},
                                        {"variable_padded", "  spaces around  "},
                                        {"variable_lines", "one\ntwo\r\nthree\ttab"}},
                     "ok\n");
    QTest::newRow("multi-valued header")
        << makeEvent(base + HeaderPairs{{"variable_corpus_multi", "ARRAY::one|:two|:three"}});
    QTest::newRow("multi-valued header of encoded values")
        << makeEvent(base + HeaderPairs{{"variable_list", "ARRAY::a b|:100%|:日本|:<x>"}});
    QTest::newRow("repeated header")
        << makeEvent(base + HeaderPairs{{"Core-UUID", "another"}, {"core-uuid", "third"}});
    QTest::newRow("custom event with subclass")
        << makeEvent({{"Event-Name", "CUSTOM"},
                      {"Core-UUID", "49844b00-a991-435a-a99d-cdb62521423e"},
                      {"Event-Subclass", "conference::maintenance"},
                      {"Action", "add-member"},
                      {"Member-ID", "1"}},
                     "a body\n\nfor a custom event\n");
}

void TestEvent::handBuiltEventsSurvivePlainThenJsonThenXmlThenPlain()
{
    QFETCH(Event, event);
    Event current = event;
    for (const Format format : {Format::Plain, Format::Json, Format::Xml, Format::Plain}) {
        const Esl::Expected<Event> back = decodeMessage(current.toMessage(format));
        QVERIFY2(back.ok(), why(back, formatName(format)).constData());
        QVERIFY2(back->isEquivalent(event),
                 qPrintable(formatName(format) + u": "_s + difference(*back, event)));
        QCOMPARE(back->name(), event.name());
        QCOMPARE(back->hasBody(), event.hasBody());
        QCOMPARE(back->body(), event.body());
        current = *back;
    }
}

void TestEvent::plainWriterReproducesTheSwitchsBytes_data()
{
    // Indexes of the events whose bytes libesl's reading cannot give back, with the reason.
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QList<qsizetype>>("rewritten");
    // 75: a COMMAND event re-fired as PRIVATE_COMMAND carries two Event-Name lines; the second
    //     replaces the first, so "Event-Name: COMMAND" is not written back.
    // 94: "API-Command-Argument: <uuid> corpus_multi ARRAY::one|:two|:three" reads as
    //     "ARRAY:::one|:two|:three" (libesl looks for "ARRAY::" anywhere in a value).
    QTest::newRow("inbound-plain") << u"inbound-plain"_s << QList<qsizetype>{75, 94};
    QTest::newRow("conference-maintenance") << u"conference-maintenance"_s << QList<qsizetype>{};
    QTest::newRow("outbound") << u"outbound"_s << QList<qsizetype>{};
    QTest::newRow("load") << u"load"_s << QList<qsizetype>{};
}

void TestEvent::plainWriterReproducesTheSwitchsBytes()
{
    QFETCH(QString, scenario);
    QFETCH(QList<qsizetype>, rewritten);
    const Esl::Expected<QList<CapturedEvent>> events = capturedEvents(scenario);
    QVERIFY2(events.ok(), why(events).constData());
    QList<qsizetype> differing;
    for (const CapturedEvent &captured : *events) {
        if (captured.event.toPlainMessage() != captured.raw)
            differing.append(captured.index);
    }
    QCOMPARE(differing, rewritten);
}

// ---------------------------------------------------------------------------------------------
// Accessors

void TestEvent::namesCustomEventsAfterTheirSubclass()
{
    const Esl::Expected<QList<CapturedEvent>> events = capturedEvents(u"conference-maintenance"_s);
    QVERIFY2(events.ok(), why(events).constData());
    QCOMPARE(events->size(), 20);
    for (const CapturedEvent &captured : *events) {
        QCOMPARE(captured.event.name(), u"CUSTOM conference::maintenance"_s);
        QCOMPARE(captured.event.eventName().toByteArray(), "CUSTOM");
        QCOMPARE(captured.event.subclass().toByteArray(), "conference::maintenance");
        QCOMPARE(captured.event.text("Conference-Name"), u"corpus"_s);
    }
    // Without a subclass a CUSTOM event is just CUSTOM; other events ignore Event-Subclass.
    QCOMPARE(makeEvent({{"Event-Name", "CUSTOM"}}).name(), u"CUSTOM"_s);
    QCOMPARE(makeEvent({{"Event-Name", "API"}, {"Event-Subclass", "x::y"}}).name(), u"API"_s);
}

void TestEvent::readsTheIdentifiersDownstreamCodeKeysOn_data()
{
    // The CHANNEL_EXECUTE_COMPLETE of the sendmsg playback (its Event-UUID became
    // Application-UUID); see tests/fixtures/inbound-*.md.
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("applicationUuid");
    QTest::addColumn<QString>("uniqueId");
    QTest::addColumn<qint64>("timestamp");
    QTest::addColumn<qint64>("sequence");
    QTest::newRow("plain") << u"inbound-plain"_s << u"440aaec8-bf20-4e8d-92b3-5ed5adacbe51"_s
                           << u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s
                           << Q_INT64_C(1795525698308904) << Q_INT64_C(13709);
    QTest::newRow("json") << u"inbound-json"_s << u"2c708f6e-619e-448c-8835-0564d41165cd"_s
                          << u"e3a37718-4e0e-4468-a7f5-cd18abe20ed5"_s
                          << Q_INT64_C(1795525721388898) << Q_INT64_C(13854);
    QTest::newRow("xml") << u"inbound-xml"_s << u"f0e9a25c-6b5d-4c78-a525-15fc1d5d581b"_s
                         << u"938e468c-9651-40cf-93c9-0c30894385af"_s << Q_INT64_C(1795525744428896)
                         << Q_INT64_C(13998);
}

void TestEvent::readsTheIdentifiersDownstreamCodeKeysOn()
{
    QFETCH(QString, scenario);
    QFETCH(QString, applicationUuid);
    QFETCH(QString, uniqueId);
    QFETCH(qint64, timestamp);
    QFETCH(qint64, sequence);
    const std::optional<Event> event =
        findEvent(scenario, u"CHANNEL_EXECUTE_COMPLETE"_s,
                  [&](const Event &e) { return e.applicationUuid() == applicationUuid; });
    QVERIFY(event);
    QCOMPARE(event->uniqueId(), uniqueId);
    QCOMPARE(event->channelCallUuid(), uniqueId); // the A leg's call is its own
    QCOMPARE(event->coreUuid(), u"49844b00-a991-435a-a99d-cdb62521423e"_s);
    QCOMPARE(event->timestamp(), timestamp);
    QCOMPARE(event->sequence(), sequence);
    QCOMPARE(event->text("Application"), u"playback"_s);
    QCOMPARE(event->text("Application-Data"), u"tone_stream://%(500,0,440)"_s);
    QCOMPARE(event->text("Application-Response"), u"FILE PLAYED"_s);
    QCOMPARE(event->variable("origination_caller_id_name"), u"Alice"_s);
    QCOMPARE(event->variable("current_application"), u"playback"_s);
    QVERIFY(event->variable("no_such_variable").isNull());
    QVERIFY(event->jobUuid().isNull());
    QVERIFY(!event->hasBody());
}

void TestEvent::readsJobUuidAndBodyOfBackgroundJob_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("jobUuid");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("plain") << u"inbound-plain"_s << u"f6a1c0ee-d167-41bf-935e-18f9d3aff984"_s
                           << QByteArray("+OK a210d645-81c9-4730-9fb8-ef8b4cd23c59\n");
    QTest::newRow("json") << u"inbound-json"_s << u"f886c72a-1a8e-453a-8659-aa5946d747dc"_s
                          << QByteArray("+OK e3a37718-4e0e-4468-a7f5-cd18abe20ed5\n");
    QTest::newRow("xml") << u"inbound-xml"_s << u"89bfcf05-cc26-4349-bf73-9a0ac8ce82e3"_s
                         << QByteArray("+OK 938e468c-9651-40cf-93c9-0c30894385af\n");
}

void TestEvent::readsJobUuidAndBodyOfBackgroundJob()
{
    QFETCH(QString, scenario);
    QFETCH(QString, jobUuid);
    QFETCH(QByteArray, body);
    const std::optional<Event> event = findEvent(scenario, u"BACKGROUND_JOB"_s);
    QVERIFY(event);
    QCOMPARE(event->jobUuid(), jobUuid);
    QCOMPARE(event->text("Job-Command"), u"originate"_s);
    QVERIFY(event->hasBody());
    QCOMPARE(event->body(), body);
    QVERIFY(event->uniqueId().isNull());
}

void TestEvent::readsOtherLegOfBridge_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("uniqueId");
    QTest::addColumn<QString>("otherLeg");
    QTest::newRow("plain") << u"inbound-plain"_s << u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s
                           << u"7ad5180e-7286-49bc-acf0-11020f869586"_s;
    QTest::newRow("json") << u"inbound-json"_s << u"e3a37718-4e0e-4468-a7f5-cd18abe20ed5"_s
                          << u"b853589e-7cbd-4477-add5-edd753bf4c23"_s;
    QTest::newRow("xml") << u"inbound-xml"_s << u"938e468c-9651-40cf-93c9-0c30894385af"_s
                         << u"9bfc1a5d-07fc-47a8-ac2d-16592bd0f58b"_s;
}

void TestEvent::readsOtherLegOfBridge()
{
    QFETCH(QString, scenario);
    QFETCH(QString, uniqueId);
    QFETCH(QString, otherLeg);
    const std::optional<Event> event = findEvent(scenario, u"CHANNEL_BRIDGE"_s);
    QVERIFY(event);
    QCOMPARE(event->uniqueId(), uniqueId);
    QCOMPARE(event->otherLegUniqueId(), otherLeg);
    QCOMPARE(event->text("Bridge-A-Unique-ID"), uniqueId);
    QCOMPARE(event->text("Bridge-B-Unique-ID"), otherLeg);
}

void TestEvent::missingOrMalformedHeadersReadAsNullOrMinusOne()
{
    const Event bare = makeEvent({{"Event-Name", "HEARTBEAT"}});
    QVERIFY(bare.uniqueId().isNull());
    QVERIFY(bare.channelCallUuid().isNull());
    QVERIFY(bare.otherLegUniqueId().isNull());
    QVERIFY(bare.jobUuid().isNull());
    QVERIFY(bare.applicationUuid().isNull());
    QVERIFY(bare.coreUuid().isNull());
    QVERIFY(bare.variable("anything").isNull());
    QVERIFY(bare.values("Unique-ID").isEmpty());
    QCOMPARE(bare.timestamp(), Q_INT64_C(-1));
    QCOMPARE(bare.sequence(), Q_INT64_C(-1));

    const Event garbled = makeEvent({{"Event-Name", "HEARTBEAT"},
                                     {"Event-Date-Timestamp", "yesterday"},
                                     {"Event-Sequence", "12x"},
                                     {"variable_empty", ""}});
    QCOMPARE(garbled.timestamp(), Q_INT64_C(-1));
    QCOMPARE(garbled.sequence(), Q_INT64_C(-1));
    // Present but empty is not missing.
    QVERIFY(!garbled.variable("empty").isNull());
    QVERIFY(garbled.variable("empty").isEmpty());
}

void TestEvent::valuesHideHowEachFormatCarriesMultipleValues_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("applicationUuid");
    QTest::addColumn<QStringList>("entries"); // as the format carries them
    const QStringList asArray = {u"ARRAY::one|:two|:three"_s};
    QTest::newRow("plain: one ARRAY:: entry")
        << u"inbound-plain"_s << u"440aaec8-bf20-4e8d-92b3-5ed5adacbe51"_s << asArray;
    QTest::newRow("json: one ARRAY:: entry from a JSON array")
        << u"inbound-json"_s << u"2c708f6e-619e-448c-8835-0564d41165cd"_s << asArray;
    QTest::newRow("xml: one entry per value")
        << u"inbound-xml"_s << u"f0e9a25c-6b5d-4c78-a525-15fc1d5d581b"_s
        << QStringList{u"one"_s, u"two"_s, u"three"_s};
}

void TestEvent::valuesHideHowEachFormatCarriesMultipleValues()
{
    QFETCH(QString, scenario);
    QFETCH(QString, applicationUuid);
    QFETCH(QStringList, entries);
    const std::optional<Event> event =
        findEvent(scenario, u"CHANNEL_EXECUTE_COMPLETE"_s,
                  [&](const Event &e) { return e.applicationUuid() == applicationUuid; });
    QVERIFY(event);
    QCOMPARE(toStrings(event->headers().values("variable_corpus_multi")), entries);
    QCOMPARE(event->values("variable_corpus_multi"), (QStringList{u"one"_s, u"two"_s, u"three"_s}));
    QCOMPARE(event->values("VARIABLE_CORPUS_MULTI"), event->values("variable_corpus_multi"));
    QCOMPARE(event->values("Unique-ID"), QStringList{event->uniqueId()});
}

void TestEvent::looksUpHeadersWithoutRegardToCaseAndKeepsBoth()
{
    const std::optional<Event> codec =
        findEvent(u"inbound-plain"_s, u"CODEC"_s, [](const Event &e) {
            return e.headers().values("Channel-Read-Codec-Name").size() == 2;
        });
    QVERIFY(codec);
    const Esl::HeaderList &headers = codec->headers();
    const qsizetype upper = headers.indexOf("Channel-Read-Codec-Name");
    const qsizetype lower = headers.indexOf("channel-read-codec-name", upper + 1);
    QVERIFY(upper >= 0 && lower > upper);
    QCOMPARE(headers.name(upper).toByteArray(), "Channel-Read-Codec-Name");
    QCOMPARE(headers.name(lower).toByteArray(), "channel-read-codec-name");
    QCOMPARE(headers.indexOf("channel-read-codec-name"), upper);
    QCOMPARE(headers.indexOf("CHANNEL-READ-CODEC-NAME"), upper);
    QCOMPARE(codec->text("channel-read-codec-name"), u"L16"_s);
    QCOMPARE(codec->values("cHaNnEl-ReAd-CoDeC-nAmE"), (QStringList{u"L16"_s, u"L16"_s}));
    QVERIFY(codec->hasHeader("channel-read-codec-rate"));
    QVERIFY(!codec->hasHeader("Channel-Read-Codec-Nam"));
}

// ---------------------------------------------------------------------------------------------
// How each decoder reads what it is given

void TestEvent::followsLibeslHeaderRules_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QStringList>("entries");   // every entry named `header`, in order
    QTest::addColumn<QByteArray>("lastHeader"); // where a replaced or merged entry went

    const QByteArray plain = "text/event-plain";
    const QByteArray json = "text/event-json";
    const QByteArray setvarArg =
        "a210d645-81c9-4730-9fb8-ef8b4cd23c59 corpus_multi ARRAY::one|:two|:three";
    const QByteArray setvarArgEncoded = QByteArray(setvarArg).replace(' ', "%20");
    const QStringList asLibeslReadsIt = {u"ARRAY:::one|:two|:three"_s};

    QTest::newRow("plain: a second Event-Name replaces the first")
        << plain << QByteArray("Event-Name: COMMAND\nCore-UUID: c\nEvent-Name: PRIVATE_COMMAND\n\n")
        << QByteArray("Event-Name") << QStringList{u"PRIVATE_COMMAND"_s}
        << QByteArray("Event-Name");
    QTest::newRow("json: a second Event-Name replaces the first")
        << json << QByteArray(R"({"Event-Name":"COMMAND","Core-UUID":"c","event-name":"PRIVATE"})")
        << QByteArray("Event-Name") << QStringList{u"PRIVATE"_s} << QByteArray("event-name");
    QTest::newRow("plain: other repeated headers are kept")
        << plain << QByteArray("Event-Name: X\nCore-UUID: a\ncore-uuid: b\n\n")
        << QByteArray("Core-UUID") << QStringList{u"a"_s, u"b"_s} << QByteArray("core-uuid");
    QTest::newRow("plain: an empty value deletes the header")
        << plain << QByteArray("Event-Name: X\nFoo: a\nfoo: b\nFOO: \nBar: c\n\n")
        << QByteArray("Foo") << QStringList{} << QByteArray("Bar");
    QTest::newRow("plain: an empty value after the colon adds nothing")
        << plain << QByteArray("Event-Name: X\nBar: c\nFoo:\n\n") << QByteArray("Foo")
        << QStringList{} << QByteArray("Bar");
    QTest::newRow("json: an empty value deletes the header")
        << json << QByteArray(R"({"Event-Name":"X","Foo":"a","Foo":""})") << QByteArray("Foo")
        << QStringList{} << QByteArray("Event-Name");
    QTest::newRow("plain: ARRAY:: at the start is kept as one entry")
        << plain << QByteArray("Event-Name: X\nFoo: ARRAY%3A%3Aone%7C%3Atwo\n\n")
        << QByteArray("Foo") << QStringList{u"ARRAY::one|:two"_s} << QByteArray("Foo");
    QTest::newRow("plain: ARRAY:: inside a value reads as libesl reads it")
        << plain << "Event-Name: API\nAPI-Command-Argument: " + setvarArgEncoded + "\n\n"
        << QByteArray("API-Command-Argument") << asLibeslReadsIt
        << QByteArray("API-Command-Argument");
    QTest::newRow("json: ARRAY:: inside a value reads as libesl reads it")
        << json << R"({"Event-Name":"API","API-Command-Argument":")" + setvarArg + "\"}"
        << QByteArray("API-Command-Argument") << asLibeslReadsIt
        << QByteArray("API-Command-Argument");
    QTest::newRow("json: an array becomes one ARRAY:: entry")
        << json << QByteArray(R"({"Event-Name":"X","Foo":["one","two","three"]})")
        << QByteArray("Foo") << QStringList{u"ARRAY::one|:two|:three"_s} << QByteArray("Foo");
    QTest::newRow("json: an array of one is a plain value")
        << json << QByteArray(R"({"Event-Name":"X","Foo":["one"]})") << QByteArray("Foo")
        << QStringList{u"one"_s} << QByteArray("Foo");
    QTest::newRow("json: an array merges into an existing header in place")
        << json << QByteArray(R"({"Event-Name":"X","Foo":"zero","Bar":"b","foo":["one","two"]})")
        << QByteArray("Foo") << QStringList{u"ARRAY::zero|:one|:two"_s} << QByteArray("Bar");
    QTest::newRow("json: numbers in an array are kept as text")
        << json << QByteArray(R"({"Event-Name":"X","Foo":[1, -2.5, true]})") << QByteArray("Foo")
        << QStringList{u"ARRAY::1|:-2.5|:true"_s} << QByteArray("Foo");
    QTest::newRow("json: two arrays of the same name merge")
        << json << QByteArray(R"({"Event-Name":"X","Foo":["a","b"],"Foo":["c"]})")
        << QByteArray("Foo") << QStringList{u"ARRAY::a|:b|:c"_s} << QByteArray("Foo");
}

void TestEvent::followsLibeslHeaderRules()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, header);
    QFETCH(QStringList, entries);
    QFETCH(QByteArray, lastHeader);
    const Esl::Expected<Event> event = decodeBody(contentType, body);
    QVERIFY2(event.ok(), why(event).constData());
    QCOMPARE(toStrings(event->headers().values(header)), entries);
    QCOMPARE(event->hasHeader(header), !entries.isEmpty());
    QCOMPARE(event->headers().name(event->headers().size() - 1).toByteArray(), lastHeader);
}

void TestEvent::plainKeepsBadEscapesLiterally_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("%ZZ is not an escape") << QByteArray("a%ZZb") << QByteArray("a%ZZb");
    QTest::newRow("%4 cut short") << QByteArray("a%4") << QByteArray("a%4");
    QTest::newRow("%4 then a letter") << QByteArray("%4g") << QByteArray("%4g");
    QTest::newRow("trailing %") << QByteArray("100%") << QByteArray("100%");
    QTest::newRow("%% then an escape") << QByteArray("%%41") << QByteArray("%A");
    QTest::newRow("+ stays +") << QByteArray("a+b") << QByteArray("a+b");
    QTest::newRow("%2B is +") << QByteArray("a%2Bb") << QByteArray("a+b");
    QTest::newRow("lower-case hex") << QByteArray("%e6%97%a5%3a") << QByteArray("日:");
    QTest::newRow("%25 then hex digits") << QByteArray("%2541") << QByteArray("%41");
}

void TestEvent::plainKeepsBadEscapesLiterally()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, decoded);
    const Esl::Expected<Event> event =
        Event::fromPlain("Event-Name: X\nValue: " + encoded + "\nEvent-Subclass: after\n\n");
    QVERIFY2(event.ok(), why(event).constData());
    QCOMPARE(event->header("Value").toByteArray(), decoded);
    QCOMPARE(event->header("Event-Subclass").toByteArray(), "after");
}

void TestEvent::jsonDecodesEscapesAndKeepsOtherValuesAsText_data()
{
    QTest::addColumn<QByteArray>("json"); // the value as written in the object
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("simple escapes")
        << QByteArray(R"("q\" b\\ s\/ \b\f\n\r\t")") << QByteArray("q\" b\\ s/ \b\f\n\r\t");
    QTest::newRow("\\u of ascii") << QByteArray(R"("\u0041\u007a")") << QByteArray("Az");
    QTest::newRow("\\u of a control character") << QByteArray(R"("a\u0001b")")
                                                << QByteArray("a\x01"
                                                              "b");
    QTest::newRow("\\u of two bytes")
        << QByteArray(R"("S\u00f8ren \u00C6r\u00f8")") << QByteArray("Søren Ærø");
    QTest::newRow("\\u of three bytes") << QByteArray(R"("\u65e5\u672c")") << QByteArray("日本");
    QTest::newRow("surrogate pair") << QByteArray(R"("\ud83d\ude00!")") << QByteArray("😀!");
    QTest::newRow("upper-case surrogate pair")
        << QByteArray(R"("\uD834\uDD1E")") << QByteArray("𝄞");
    QTest::newRow("lone high surrogate at the end")
        << QByteArray(R"("a\ud83d")") << QByteArray("a\xEF\xBF\xBD");
    QTest::newRow("high surrogate then a letter")
        << QByteArray(R"("\ud83dx")") << QByteArray("\xEF\xBF\xBDx");
    QTest::newRow("high surrogate then a non-surrogate escape") << QByteArray(R"("\ud83d\u0041")")
                                                                << QByteArray("\xEF\xBF\xBD"
                                                                              "A");
    QTest::newRow("lone low surrogate") << QByteArray(R"("\ude00b")")
                                        << QByteArray("\xEF\xBF\xBD"
                                                      "b");
    QTest::newRow("raw utf-8") << QByteArray("\"Søren 日本\"") << QByteArray("Søren 日本");
    QTest::newRow("percent is not decoded") << QByteArray(R"("100%20")") << QByteArray("100%20");
    QTest::newRow("integer") << QByteArray("42") << QByteArray("42");
    QTest::newRow("negative fraction with exponent")
        << QByteArray("-1.5e3") << QByteArray("-1.5e3");
    QTest::newRow("true") << QByteArray("true") << QByteArray("true");
    QTest::newRow("false") << QByteArray("false") << QByteArray("false");
    QTest::newRow("null") << QByteArray("null") << QByteArray("null");
    QTest::newRow("nested object kept as its json text")
        << QByteArray(R"({"a": ["b}", 1], "c": {}})") << QByteArray(R"({"a": ["b}", 1], "c": {}})");
    QTest::newRow("spaces around") << QByteArray(" \n\t\"x\" \r\n") << QByteArray("x");
}

void TestEvent::jsonDecodesEscapesAndKeepsOtherValuesAsText()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, value);
    const Esl::Expected<Event> event =
        Event::fromJson("{\"Event-Name\":\"X\",\"Value\":" + json + ",\"After\":\"y\"}");
    QVERIFY2(event.ok(), why(event).constData());
    QCOMPARE(event->header("Value").toByteArray(), value);
    QCOMPARE(event->header("After").toByteArray(), "y");
    QCOMPARE(event->format(), Format::Json);
}

void TestEvent::xmlResolvesEntitiesAndCutsBodyToContentLength()
{
    const QByteArray xml = "<event>\n  <headers>\n"
                           "    <Event-Name>BACKGROUND_JOB</Event-Name>\n"
                           "    <Job-Command-Arg>a &amp; b &lt;c&gt; &quot;d&quot; &#233;"
                           "%20%25</Job-Command-Arg>\n"
                           "    <variable_multi>one</variable_multi>\n"
                           "    <variable_multi>two</variable_multi>\n"
                           "  </headers>\n"
                           "  <Content-Length>8</Content-Length>\n"
                           "  <body>x &amp; &lt;y&gt;\n  </body>\n"
                           "</event>\n";
    const Esl::Expected<Event> event = Event::fromXml(xml);
    QVERIFY2(event.ok(), why(event).constData());
    QCOMPARE(event->format(), Format::Xml);
    QCOMPARE(event->name(), u"BACKGROUND_JOB"_s);
    // Entities first, then percent-decoding (header text is percent-encoded as in plain).
    QCOMPARE(event->text("Job-Command-Arg"), u"a & b <c> \"d\" é %"_s);
    QCOMPARE(event->values("variable_multi"), (QStringList{u"one"_s, u"two"_s}));
    QVERIFY(event->hasBody());
    QCOMPARE(event->body(), QByteArray("x & <y>\n"));

    // The switch writes CR as &#xD; (a raw CR would read as a line end), so CRLF comes through.
    const Esl::Expected<Event> crlf = Event::fromXml(
        "<event><headers><Event-Name>X</Event-Name></headers>"
        "<Content-Length>7</Content-Length><body>a&#xD;\nb&#xD;\n\n  </body></event>");
    QVERIFY2(crlf.ok(), why(crlf).constData());
    QCOMPARE(crlf->body(), QByteArray("a\r\nb\r\n\n"));

    // Without <Content-Length>, the <body> text is taken whole; percent signs stay.
    const Esl::Expected<Event> uncut =
        Event::fromXml("<event><headers><Event-Name>X</Event-Name></headers>"
                       "<body>100%25 &amp;</body></event>");
    QVERIFY2(uncut.ok(), why(uncut).constData());
    QCOMPARE(uncut->body(), QByteArray("100%25 &"));

    // No <body>: no body at all.
    const Esl::Expected<Event> bodiless =
        Event::fromXml("<event><headers><Event-Name>X</Event-Name></headers></event>");
    QVERIFY2(bodiless.ok(), why(bodiless).constData());
    QVERIFY(!bodiless->hasBody());
}

// ---------------------------------------------------------------------------------------------
// Rainy days

void TestEvent::rejectsUndecodableEvent_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("reason"); // a part of the error message

    const QByteArray plain = "text/event-plain";
    const QByteArray json = "text/event-json";
    const QByteArray xml = "text/event-xml";
    const QString notObject = u"the body is not a JSON object"_s;

    QTest::newRow("plain: header line without a colon")
        << plain << QByteArray("Event-Name: X\nno colon here\n\n") << u"without a name and colon"_s;
    QTest::newRow("plain: header line with an empty name")
        << plain << QByteArray("Event-Name: X\n: value\n\n") << u"without a name and colon"_s;
    QTest::newRow("plain: inner Content-Length larger than the body")
        << plain << QByteArray("Event-Name: BACKGROUND_JOB\nContent-Length: 50\n\nshort")
        << u"Content-Length 50 is larger than the 5 bytes left"_s;
    QTest::newRow("plain: inner Content-Length not a number")
        << plain << QByteArray("Event-Name: X\nContent-Length: ten\n\n0123456789")
        << u"Content-Length \"ten\" is not a number"_s;
    QTest::newRow("plain: negative inner Content-Length")
        << plain << QByteArray("Event-Name: X\nContent-Length: -5\n\nabcde")
        << u"Content-Length \"-5\" is not a number"_s;
    QTest::newRow("plain: inner Content-Length with no blank line after it")
        << plain << QByteArray("Event-Name: X\nContent-Length: 3") << u"without a body after it"_s;
    QTest::newRow("plain: no Event-Name")
        << plain << QByteArray("Core-UUID: x\n\n") << u"without an Event-Name"_s;
    QTest::newRow("plain: empty body") << plain << QByteArray() << u"event without headers"_s;
    QTest::newRow("plain: only a blank line")
        << plain << QByteArray("\n") << u"event without headers"_s;

    QTest::newRow("json: an array") << json << QByteArray("[]") << notObject;
    QTest::newRow("json: a string") << json << QByteArray("\"x\"") << notObject;
    QTest::newRow("json: a number") << json << QByteArray("42") << notObject;
    QTest::newRow("json: empty body") << json << QByteArray() << notObject;
    QTest::newRow("json: truncated after a value")
        << json << QByteArray(R"({"Event-Name":"X")") << u"expected ',' or '}' in the object"_s;
    QTest::newRow("json: truncated after a colon")
        << json << QByteArray(R"({"Event-Name":)") << u"expected a value"_s;
    QTest::newRow("json: unterminated string")
        << json << QByteArray(R"({"Event-Name":"X)") << u"unterminated string"_s;
    QTest::newRow("json: unterminated escape")
        << json << QByteArray(R"({"Event-Name":"X\)") << u"unterminated escape"_s;
    QTest::newRow("json: trailing garbage") << json << QByteArray(R"({"Event-Name":"X"} extra)")
                                            << u"text after the end of the object"_s;
    QTest::newRow("json: two objects")
        << json << QByteArray(R"({"Event-Name":"X"}{"Event-Name":"Y"})")
        << u"text after the end of the object"_s;
    QTest::newRow("json: bad escape")
        << json << QByteArray(R"({"Event-Name":"X\q"})") << u"bad escape \\q"_s;
    QTest::newRow("json: bad \\u escape")
        << json << QByteArray(R"({"Event-Name":"\u12G4"})") << u"bad \\u escape"_s;
    QTest::newRow("json: short \\u escape")
        << json << QByteArray(R"({"Event-Name":"\u12)") << u"bad \\u escape"_s;
    QTest::newRow("json: missing colon")
        << json << QByteArray(R"({"Event-Name" "X"})") << u"expected ':' after a key"_s;
    QTest::newRow("json: key that is not a string")
        << json << QByteArray(R"({Event-Name:"X"})") << u"expected a string"_s;
    QTest::newRow("json: misspelt literal")
        << json << QByteArray(R"({"Event-Name":"X","Flag":nul})") << u"unexpected character 'n'"_s;
    QTest::newRow("json: bare word value")
        << json << QByteArray(R"({"Event-Name":X})") << u"unexpected character 'X'"_s;
    QTest::newRow("json: unterminated array")
        << json << QByteArray(R"({"Event-Name":"X","Foo":["a","b")")
        << u"expected ',' or ']' in an array"_s;
    QTest::newRow("json: no Event-Name") << json << QByteArray(R"({"Core-UUID":"x","_body":"y"})")
                                         << u"json event without an Event-Name"_s;
    QTest::newRow("json: empty object")
        << json << QByteArray("{}") << u"json event without an Event-Name"_s;

    QTest::newRow("xml: not well formed")
        << xml << QByteArray("<event><headers><Event-Name>X</Event-Name></headers></evnt>")
        << u"xml event: Opening and ending tag mismatch"_s;
    QTest::newRow("xml: wrong root element")
        << xml << QByteArray("<message><headers><Event-Name>X</Event-Name></headers></message>")
        << u"the root element is not <event>"_s;
    QTest::newRow("xml: element after </event>")
        << xml << QByteArray("<event><headers><Event-Name>X</Event-Name></headers></event><x/>")
        << u"xml event: Extra content at end of document"_s;
    QTest::newRow("xml: text after </event>")
        << xml << QByteArray("<event><headers><Event-Name>X</Event-Name></headers></event>oops")
        << u"xml event: Extra content at end of document"_s;
    QTest::newRow("xml: premature end")
        << xml << QByteArray("<event><headers><Event-Name>X</Event-Name>")
        << u"the document ends before </event>"_s;
    QTest::newRow("xml: <Content-Length> not a number")
        << xml
        << QByteArray("<event><headers><Event-Name>X</Event-Name></headers>"
                      "<Content-Length>ten</Content-Length><body>0123456789</body></event>")
        << u"<Content-Length> is not a number"_s;
    QTest::newRow("xml: negative <Content-Length>")
        << xml
        << QByteArray("<event><headers><Event-Name>X</Event-Name></headers>"
                      "<Content-Length>-1</Content-Length><body>x</body></event>")
        << u"<Content-Length> is not a number"_s;
    QTest::newRow("xml: undefined entity")
        << xml << QByteArray("<event><headers><Event-Name>&bogus;</Event-Name></headers></event>")
        << u"xml event:"_s;
    QTest::newRow("xml: no Event-Name")
        << xml << QByteArray("<event><headers><Core-UUID>x</Core-UUID></headers></event>")
        << u"xml event without an Event-Name"_s;

    QTest::newRow("unknown content type")
        << QByteArray("text/something-new") << QByteArray("Event-Name: X\n\n")
        << u"content type \"text/something-new\" is not an event"_s;
    QTest::newRow("api/response is not an event")
        << QByteArray("api/response") << QByteArray("+OK\n")
        << u"content type \"api/response\" is not an event"_s;
}

void TestEvent::rejectsUndecodableEvent()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, reason);
    const Esl::Expected<Event> event = decodeBody(contentType, body);
    QVERIFY(!event.ok());
    QCOMPARE(event.error().code, Esl::Error::Code::Decode);
    QVERIFY2(event.error().message.contains(reason), qPrintable(event.error().message));
}

void TestEvent::carriesUnknownContentTypeAsMessageNotEvent()
{
    const QList<Esl::Message> messages =
        parseAll("Content-Type: text/something-new\nContent-Length: 18\n\nEvent-Name: X\n\nhi\n"
                 "Content-Type: command/reply\nReply-Text: +OK\n\n");
    QCOMPARE(messages.size(), 2);
    const Esl::Message &message = messages.front();
    QCOMPARE(message.contentType().toByteArray(), "text/something-new");
    QVERIFY(!message.isEvent());
    QVERIFY(message.hasBody());
    QCOMPARE(message.body(), QByteArray("Event-Name: X\n\nhi\n"));

    const Esl::Expected<Event> event = Event::fromMessage(message);
    QVERIFY(!event.ok());
    QCOMPARE(event.error().code, Esl::Error::Code::Decode);
    QVERIFY2(event.error().message.contains(u"text/something-new"_s),
             qPrintable(event.error().message));
    QCOMPARE(messages.back().header("Reply-Text").toByteArray(), "+OK");
}

// ---------------------------------------------------------------------------------------------
// The JSON Lines form

// The expected lines live outside the test macros: moc misreads raw strings inside macro
// arguments.

void TestEvent::jsonLineReplacesInvalidUtf8()
{
    const Esl::Message message = makeMessage(
        {{"Content-Type", "log/data"}, {"User-Data", "Søren \xff\xfe ok \xc3"}}, "caf\xe9\n");
    const QByteArray bad = "\uFFFD"; // one replacement character for each invalid byte
    const QByteArray expected =
        R"({"contentType": "log/data", "headers": [["Content-Type", "log/data"], ["User-Data", )"
        "\"Søren " +
        bad + bad + " ok " + bad + R"("]], "body": "caf)" + bad + R"(\n", "event": null})";
    QCOMPARE(Esl::wire::toJsonLine(message, nullptr), expected);
}

void TestEvent::jsonLineEscapesControlCharacters()
{
    const Esl::Message message = makeMessage({{"Content-Type", "text/event-plain"}},
                                             "Event-Name: X\nValue: a%0Ab%09c%01d%22e%5Cf\n\n");
    const Esl::Expected<Event> event = Event::fromMessage(message);
    QVERIFY2(event.ok(), why(event).constData());
    const QByteArray expected =
        R"({"contentType": "text/event-plain", "headers": [["Content-Type", "text/event-plain"]], )"
        R"("body": null, "event": {"name": "X", "headers": [["Event-Name", "X"], )"
        R"(["Value", "a\nb\tc\u0001d\"e\\f"]], "body": null}})";
    QCOMPARE(Esl::wire::toJsonLine(message, &*event), expected);
}

void TestEvent::jsonLineGivesNullContentTypeWhenThereIsNone()
{
    const Esl::Message message = makeMessage({{"Reply-Text", "+OK\r"}}, "x\x1f");
    const QByteArray expected = R"({"contentType": null, "headers": [["Reply-Text", "+OK\r"]], )"
                                R"("body": "x\u001f", "event": null})";
    QCOMPARE(Esl::wire::toJsonLine(message, nullptr), expected);

    // Present but empty is not missing.
    const QByteArray emptyType = R"({"contentType": "", )";
    QVERIFY(
        Esl::wire::toJsonLine(makeMessage({{"Content-Type", ""}}), nullptr).startsWith(emptyType));
}

// Every real log/data body starts with the switch's time, idle CPU, [LEVEL] and file:line; what
// was logged follows them. Bodies of another shape come back whole.
void TestEvent::logLineMessagesDropTheSwitchsPrefix()
{
    int lines = 0;
    int bare = 0;
    for (const Esl::Message &m : parseAll(readFixture(u"inbound-plain"_s, u".esl"_s))) {
        if (m.contentType() != Esl::ContentType::LogData)
            continue;
        const Esl::LogLine line = Esl::LogLine::fromMessage(m);
        const QString source = u"%1:%2 "_s.arg(line.file).arg(line.line);
        const qsizetype at = line.text.indexOf(source);
        if (line.text.startsWith(u"20"_s)) {
            QVERIFY2(at > 0, qPrintable(line.text));
            QCOMPARE(line.message(), line.text.mid(at + source.size()).trimmed());
            QVERIFY(!line.message().isEmpty());
            ++lines;
        } else {
            // The switch's continuation lines (a dialplan's "Dialplan: ..." trace) have none.
            QCOMPARE(line.message(), line.text.trimmed());
            ++bare;
        }
    }
    QVERIFY2(lines > 50, qPrintable(QString::number(lines)));
    QVERIFY(bare > 0);
    QCOMPARE(Esl::LogLine::messageOf(u"  just text\n"_s), u"just text"_s);
    QCOMPARE(Esl::LogLine::messageOf(u"2026-11-24 13:08:14 no brackets here"_s),
             u"2026-11-24 13:08:14 no brackets here"_s);
    QCOMPARE(Esl::LogLine::messageOf(u"2026-11-24 13:08:14.788900 99.23% [ERR] a.c:1 boom\n"_s),
             u"boom"_s);
}

QTEST_APPLESS_MAIN(TestEvent)
#include "tst_event.moc"
