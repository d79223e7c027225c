// Exports write the event log exactly (raw bytes the switch sent, the `eslcat decode` lines of
// the fixtures, RFC 4180 CSV, one JSON document per call), never leave a half file in place of
// a good one, and the importer reads saved logs back, stopping at the first fault with its
// position and keeping what came before.

#include "support/fixtures.h"

#include "esl/logline.h"
#include "esl/wire/event.h"
#include "esl/wire/parser.h"
#include "monitor/channelstore.h"
#include "monitor/exporter.h"
#include "monitor/importer.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace TestSupport;
using Monitor::EventStore;
using Monitor::Exporter;
using Monitor::ExportSelection;
using Monitor::Importer;
using Monitor::Sequence;

namespace {

// The events and log lines of a capture, with their exact bytes and expected JSON lines.
struct Capture
{
    QList<Esl::Message> messages;
    QList<QByteArray> bytes;
    QList<QByteArray> lines;

    explicit Capture(const QString &scenario)
    {
        const QByteArray all = readFixture(scenario, u".esl"_s);
        const QList<Esl::Message> parsed = parseAll(all);
        const QList<QByteArray> expected = expectedLines(scenario);
        for (qsizetype i = 0; i < parsed.size(); ++i) {
            const Esl::Message &m = parsed[i];
            if (!m.isEvent() && m.contentType() != Esl::ContentType::LogData)
                continue;
            const qint64 end = i + 1 < parsed.size() ? parsed[i + 1].offset() : all.size();
            messages.append(m);
            bytes.append(all.mid(m.offset(), end - m.offset()));
            lines.append(expected.value(i));
        }
    }
    [[nodiscard]] QByteArray allBytes() const { return bytes.join(); }
};

// What went wrong, for QVERIFY2 (which builds its message even when the check passes).
template<typename T> QString why(const Esl::Expected<T> &result)
{
    return result ? QString() : result.error().toString();
}

void fill(EventStore &store, const Capture &capture)
{
    for (qsizetype i = 0; i < capture.messages.size(); ++i) {
        const Esl::Message &m = capture.messages[i];
        if (m.isEvent())
            store.append(1, *Esl::Event::fromMessage(m), 1000 + i);
        else
            store.appendLog(1, Esl::LogLine::fromMessage(m), 1000 + i);
    }
}

// The event as it reads back from its plain serialization. The plain decoder applies libesl's
// rules (a second Event-Name replaces the first, an empty value drops the header), so an event
// that arrived as xml carrying what those rules remove comes back without it.
Esl::Event asPlainReadsIt(const Esl::Event &event)
{
    const QList<Esl::Message> back = parseAll(event.toPlainMessage());
    return back.size() == 1 ? Esl::Event::fromMessage(back[0]).value() : Esl::Event();
}

// What those rules act on (and "ARRAY::" inside a value, which libesl splits after its
// first seven bytes).
bool hasLibeslQuirk(const Esl::Event &event)
{
    if (event.headers().values("Event-Name").size() > 1)
        return true;
    for (qsizetype i = 0; i < event.headers().size(); ++i) {
        const QByteArrayView value = event.headers().value(i);
        if (value.isEmpty() || value.indexOf("ARRAY::") > 0)
            return true;
    }
    return false;
}

// The same, seen in the plain bytes the switch sent: decoding changed the event, so writing it
// again cannot give those bytes back.
bool hasLibeslQuirk(const Esl::Message &plainEvent)
{
    return plainEvent.body().count("\nEvent-Name: ") > 0 ||
           plainEvent.body().contains("ARRAY%3A%3A");
}

// Two lines of the decode schema say the same: equal, or an event decoded the same whose
// outer Content-Length differs because decoding changed it (see hasLibeslQuirk).
bool sameDecoding(const QByteArray &line, const QByteArray &expected)
{
    if (line == expected)
        return true;
    const qsizetype at = line.indexOf(", \"event\": {");
    return at > 0 && line.mid(at) == expected.mid(expected.indexOf(", \"event\": {"));
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

QList<QByteArray> linesOf(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

// Two stores hold the same records: headers (names, order, values) and bodies. With
// `asPlain`, b's events are compared as they read back from plain (asPlainReadsIt).
bool sameRecords(const EventStore &a, const EventStore &b, QString *why, bool asPlain = false)
{
    if (a.size() != b.size()) {
        *why = u"%1 records, expected %2"_s.arg(a.size()).arg(b.size());
        return false;
    }
    for (qint64 i = 0; i < a.size(); ++i) {
        const auto x = a.record(a.firstSequence() + Sequence(i));
        const auto y = b.record(b.firstSequence() + Sequence(i));
        const auto ex = a.event(x->sequence());
        auto ey = b.event(y->sequence());
        if (asPlain && y->kind() == Monitor::RecordKind::Event)
            ey = asPlainReadsIt(*ey);
        if (x->kind() != y->kind() || ex->headers() != ey->headers() ||
            ex->hasBody() != ey->hasBody() || ex->body() != ey->body()) {
            *why = u"record %1 differs"_s.arg(i);
            return false;
        }
    }
    return true;
}

void addScenarioRows(bool plainOnly)
{
    QTest::addColumn<QString>("scenario");
    QStringList scenarios{u"inbound-plain"_s, u"outbound"_s, u"conference-maintenance"_s,
                          u"load"_s};
    if (!plainOnly)
        scenarios += {u"inbound-json"_s, u"inbound-xml"_s, u"load-json"_s};
    for (const QString &s : scenarios)
        QTest::newRow(qPrintable(s)) << s;
}

} // namespace

class TestExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Happy flows
    void rawExportIsTheBytesTheSwitchSent_data() { addScenarioRows(true); }
    void rawExportIsTheBytesTheSwitchSent();
    void rawExportParsesBackToTheSameRecords_data() { addScenarioRows(false); }
    void rawExportParsesBackToTheSameRecords();
    void jsonLinesExportIsTheFixtureDecoding_data() { addScenarioRows(true); }
    void jsonLinesExportIsTheFixtureDecoding();
    void importsCapturesDecodingsAndExportsAlike_data() { addScenarioRows(false); }
    void importsCapturesDecodingsAndExportsAlike();
    void csvQuotesCommasQuotesNewlinesAndKeepsUtf8();
    void logLinesWithAwkwardValuesReadBackUnchanged();
    void exportsOnlyWhatTheFilterMatches();
    void exportsSelectedRowsOnceInArrivalOrder();
    void exportsEverythingAboutOneCall();
    void bundlesACallWithItsLogLinesAndSnapshots();
    void reportsProgressUpToTheTotal();

    // Rainy days
    void aCanceledExportLeavesTheGoodFileUntouched();
    void aFailedExportLeavesNoFileBehind();
    void importOfATruncatedCaptureKeepsWhatCameBefore();
    void importOfGarbageSaysWhereItStarts();
    void importOfBadJsonLinesNamesTheLine_data();
    void importOfBadJsonLinesNamesTheLine();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestExporter::rawExportIsTheBytesTheSwitchSent()
{
    QFETCH(QString, scenario);
    const Capture capture(scenario);
    EventStore store;
    fill(store, capture);
    const auto result =
        Exporter(store).write(path(u"raw.esl"_s), Exporter::Format::Raw, ExportSelection::all());
    QVERIFY2(result, qPrintable(why(result)));
    QCOMPARE(result->records, capture.messages.size());
    const QByteArray written = readAll(path(u"raw.esl"_s));
    QCOMPARE(result->bytes, written.size());

    // Byte for byte, but for the events the switch sent with two Event-Name headers (a COMMAND
    // re-fired as PRIVATE_COMMAND): decoding keeps the second, as libesl does.
    QByteArray expected;
    int refired = 0;
    for (qsizetype i = 0; i < capture.messages.size(); ++i) {
        const Esl::Message &m = capture.messages[i];
        QByteArray bytes = capture.bytes[i];
        if (m.isEvent()) {
            const QByteArray again = Esl::Event::fromMessage(m)->toPlainMessage();
            if (again != bytes) {
                QVERIFY2(hasLibeslQuirk(m), qPrintable(u"event %1"_s.arg(i)));
                ++refired;
                bytes = again;
            }
        }
        expected += bytes;
    }
    QVERIFY(refired <= 3);
    QVERIFY(written == expected);
}

void TestExporter::rawExportParsesBackToTheSameRecords()
{
    QFETCH(QString, scenario);
    const Capture capture(scenario);
    EventStore store;
    fill(store, capture);
    QVERIFY(
        Exporter(store).write(path(u"back.esl"_s), Exporter::Format::Raw, ExportSelection::all()));
    const QList<Esl::Message> back = parseAll(readAll(path(u"back.esl"_s)));
    QCOMPARE(back.size(), capture.messages.size());
    for (qsizetype i = 0; i < back.size(); ++i) {
        const Esl::Message &original = capture.messages[i];
        if (original.isEvent()) {
            QCOMPARE(back[i].contentType(), Esl::ContentType::EventPlain);
            const auto event = Esl::Event::fromMessage(back[i]);
            QVERIFY(event);
            const Esl::Event sent = *Esl::Event::fromMessage(original);
            QVERIFY2(event->headers() == asPlainReadsIt(sent).headers(),
                     qPrintable(u"event %1"_s.arg(i)));
            QCOMPARE(event->body(), sent.body());
            // Events come back whole unless libesl's rules had something to act on, which they
            // did on the way in already when the event came as plain or json.
            if (original.contentType() != Esl::ContentType::EventXml)
                QVERIFY2(event->headers() == sent.headers(), qPrintable(u"event %1"_s.arg(i)));
            else if (!event->isEquivalent(sent))
                QVERIFY2(hasLibeslQuirk(sent), qPrintable(u"event %1"_s.arg(i)));
        } else {
            const Esl::LogLine a = Esl::LogLine::fromMessage(back[i]);
            const Esl::LogLine b = Esl::LogLine::fromMessage(original);
            QCOMPARE(a.text, b.text);
            QCOMPARE(a.userData, b.userData);
            QCOMPARE(a.level, b.level);
            QCOMPARE(a.function, b.function);
        }
    }
}

void TestExporter::jsonLinesExportIsTheFixtureDecoding()
{
    QFETCH(QString, scenario);
    const Capture capture(scenario);
    EventStore store;
    fill(store, capture);
    const auto result = Exporter(store).write(path(u"all.jsonl"_s), Exporter::Format::JsonLines,
                                              ExportSelection::all());
    QVERIFY2(result, qPrintable(why(result)));
    const QList<QByteArray> lines = linesOf(readAll(path(u"all.jsonl"_s)));
    QCOMPARE(lines.size(), capture.lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QVERIFY2(sameDecoding(lines[i], capture.lines[i]), lines[i].constData());
        if (lines[i] != capture.lines[i])
            QVERIFY(hasLibeslQuirk(capture.messages[i]));
    }
}

void TestExporter::importsCapturesDecodingsAndExportsAlike()
{
    QFETCH(QString, scenario);
    const Capture capture(scenario);
    EventStore direct;
    fill(direct, capture);
    QString why;

    // The capture as the switch sent it, and its decoding as `eslcat decode` prints it.
    for (const QString &extension : {u".esl"_s, u".expected.jsonl"_s}) {
        EventStore store;
        const Importer::Result result =
            Importer().importFile(fixturePath(scenario, extension), store);
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(result.format,
                 extension == u".esl" ? Importer::Format::Raw : Importer::Format::JsonLines);
        QCOMPARE(result.records(), capture.messages.size());
        QVERIFY(result.skipped > 0); // the replies to the client's commands
        QVERIFY2(sameRecords(store, direct, &why), qPrintable(extension + u": "_s + why));
    }
    // Our own exports: JSON Lines give every record back whole, raw ones as plain reads back.
    for (const Exporter::Format format : {Exporter::Format::Raw, Exporter::Format::JsonLines}) {
        QVERIFY(Exporter(direct).write(path(u"export"_s), format, ExportSelection::all()));
        EventStore store;
        const Importer::Result result = Importer().importFile(path(u"export"_s), store);
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(result.skipped, 0);
        QVERIFY2(sameRecords(store, direct, &why, format == Exporter::Format::Raw),
                 qPrintable(why));
    }
}

void TestExporter::csvQuotesCommasQuotesNewlinesAndKeepsUtf8()
{
    EventStore store;
    Esl::HeaderList headers;
    headers.append("Event-Name", "CUSTOM");
    headers.append("Event-Subclass", "conference::maintenance");
    headers.append("Unique-ID", "u-1");
    headers.append("Caller-Caller-ID-Name", "Doe, \"Jo\"\r\nSøren Ærø 東京");
    headers.append("Empty", "");
    store.append(3, Esl::Event(headers, "body, \"quoted\"", true), 1764000000123);
    Esl::LogLine line;
    line.level = 3;
    line.userData = u"u-1"_s;
    line.text = u"two\nlines"_s;
    store.appendLog(4, line, 1764000000456);

    Exporter exporter(store);
    exporter.setServerNames({{3, u"pbx, main"_s}});
    exporter.setCsvColumns({u"@seq"_s, u"@time"_s, u"@ms"_s, u"@server"_s, u"@kind"_s, u"@name"_s,
                            u"@uuid"_s, u"Caller-Caller-ID-Name"_s, u"Empty"_s, u"No-Such-Header"_s,
                            u"@body"_s});
    QVERIFY(exporter.write(path(u"t.csv"_s), Exporter::Format::Csv, ExportSelection::all()));
    const QByteArray expected =
        "@seq,@time,@ms,@server,@kind,@name,@uuid,Caller-Caller-ID-Name,Empty,No-Such-Header,"
        "@body\r\n"
        "0,2025-11-24T16:00:00.123Z,1764000000123,\"pbx, main\",event,"
        "CUSTOM conference::maintenance,u-1,\"Doe, \"\"Jo\"\"\r\nS\xc3\xb8ren \xc3\x86r\xc3\xb8 "
        "\xe6\x9d\xb1\xe4\xba\xac\",,,\"body, \"\"quoted\"\"\"\r\n"
        "1,2025-11-24T16:00:00.456Z,1764000000456,4,log,ERROR,u-1,,,,\"two\nlines\"\r\n";
    QCOMPARE(readAll(path(u"t.csv"_s)), expected);
}

void TestExporter::logLinesWithAwkwardValuesReadBackUnchanged()
{
    EventStore store;
    Esl::LogLine line;
    line.level = 4;
    line.channel = u"1"_s;
    line.file = u"100%41 sure.c"_s; // "%41" must not turn into "A"
    line.function = u"two\r\nlines"_s;
    line.line = 77;
    line.userData = u"Søren"_s;
    line.text = u"text\nwith\r\nbreaks and 100%"_s;
    store.appendLog(2, line, 5);
    for (const Exporter::Format format : {Exporter::Format::JsonLines, Exporter::Format::Raw}) {
        QVERIFY(Exporter(store).write(path(u"log"_s), format, ExportSelection::all()));
        EventStore back;
        Importer importer;
        importer.setServer(2);
        const Importer::Result result = importer.importFile(path(u"log"_s), back);
        QVERIFY2(result.ok(), qPrintable(result.errorString()));
        QCOMPARE(result.logLines, 1);
        QString why;
        QVERIFY2(sameRecords(back, store, &why), qPrintable(why));
        QCOMPARE(back.record(0)->server(), Monitor::ServerId(2));
    }
    // The frame as the switch writes it, but for what would not read back.
    QCOMPARE(readAll(path(u"log"_s)),
             "Content-Type: log/data\nContent-Length: 26\nLog-Level: 4\nText-Channel: 1\n"
             "Log-File: 100%2541 sure.c\nLog-Func: two%0D%0Alines\nLog-Line: 77\n"
             "User-Data: S\xc3\xb8ren\n\ntext\nwith\r\nbreaks and 100%");
}

void TestExporter::exportsOnlyWhatTheFilterMatches()
{
    const Capture capture(u"inbound-plain"_s);
    EventStore store;
    fill(store, capture);
    const auto compiled =
        Monitor::Filter::compile(u"Event-Name == CHANNEL_ANSWER || Log-Level <= 5"_s);
    QVERIFY(compiled);
    QVERIFY(Exporter(store).write(path(u"f.jsonl"_s), Exporter::Format::JsonLines,
                                  ExportSelection::matching(compiled.filter())));
    QList<QByteArray> expected;
    for (qsizetype i = 0; i < capture.messages.size(); ++i) {
        if (compiled.filter().matches(*store.record(Sequence(i))))
            expected.append(capture.lines[i]);
    }
    QVERIFY(expected.size() > 4);
    QVERIFY(expected.size() < capture.lines.size() / 2);
    const QList<QByteArray> lines = linesOf(readAll(path(u"f.jsonl"_s)));
    QCOMPARE(lines.size(), expected.size());
    for (qsizetype i = 0; i < lines.size(); ++i)
        QVERIFY(sameDecoding(lines[i], expected[i]));
}

void TestExporter::exportsSelectedRowsOnceInArrivalOrder()
{
    const Capture capture(u"outbound"_s);
    EventStore store;
    fill(store, capture);
    const auto result = Exporter(store).write(path(u"rows.jsonl"_s), Exporter::Format::JsonLines,
                                              ExportSelection::rows({5, 2, 9, 2, 100000}));
    QVERIFY(result);
    QCOMPARE(result->records, 3);
    QCOMPARE(linesOf(readAll(path(u"rows.jsonl"_s))),
             (QList<QByteArray>{capture.lines[2], capture.lines[5], capture.lines[9]}));
}

void TestExporter::exportsEverythingAboutOneCall()
{
    const Capture capture(u"inbound-plain"_s);
    EventStore store;
    fill(store, capture);
    // The two legs of the bridged call whose log lines the capture has.
    const QStringList legs{u"7ad5180e-7286-49bc-acf0-11020f869586"_s,
                           u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s};
    QList<QByteArray> expected;
    int logLines = 0;
    for (qsizetype i = 0; i < capture.messages.size(); ++i) {
        const Esl::Message &m = capture.messages[i];
        const QString uuid = m.isEvent() ? Esl::Event::fromMessage(m)->uniqueId()
                                         : Esl::LogLine::fromMessage(m).userData;
        if (legs.contains(uuid)) {
            expected.append(capture.lines[i]);
            logLines += m.isEvent() ? 0 : 1;
        }
    }
    QVERIFY(logLines > 0);
    QVERIFY(Exporter(store).write(path(u"call.jsonl"_s), Exporter::Format::JsonLines,
                                  ExportSelection::channels(legs)));
    const QList<QByteArray> lines = linesOf(readAll(path(u"call.jsonl"_s)));
    QCOMPARE(lines.size(), expected.size());
    for (qsizetype i = 0; i < lines.size(); ++i)
        QVERIFY(sameDecoding(lines[i], expected[i]));
    // Records of another server with the same uuids are not this call's.
    const auto none = Exporter(store).write(path(u"none.jsonl"_s), Exporter::Format::JsonLines,
                                            ExportSelection::channels(legs, 2));
    QCOMPARE(none->records, 0);
}

void TestExporter::bundlesACallWithItsLogLinesAndSnapshots()
{
    const Capture capture(u"inbound-plain"_s);
    EventStore store;
    fill(store, capture);
    Monitor::ChannelStore channels;
    channels.setEndedRetention(std::numeric_limits<qint64>::max() / 2);
    for (const Esl::Message &m : capture.messages) {
        if (m.isEvent()) {
            const Esl::Event e = *Esl::Event::fromMessage(m);
            channels.apply(e, e.timestamp() / 1000);
        }
    }
    const QString leg = u"7ad5180e-7286-49bc-acf0-11020f869586"_s;
    // One originate through loopback/9197 and loopback/9196: one call of four loopback channels.
    const QStringList legs = channels.calls().value(channels.callKeyOf(leg));
    QVERIFY2(legs.size() == 4, qPrintable(legs.join(u' ')));

    Exporter exporter(store);
    exporter.setServerNames({{1, u"pbx1"_s}});
    const auto result = exporter.writeCallBundle(path(u"call.json"_s), legs, &channels);
    QVERIFY2(result, qPrintable(why(result)));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(readAll(path(u"call.json"_s)), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject bundle = doc.object();
    QCOMPARE(bundle[u"format"_s].toString(), u"switchboard-call-bundle"_s);
    QCOMPARE(bundle[u"version"_s].toInt(), 1);
    QCOMPARE(bundle[u"uuids"_s].toArray().size(), 4);
    const QJsonArray snapshots = bundle[u"channels"_s].toArray();
    QCOMPARE(snapshots.size(), 4);
    QCOMPARE(snapshots[0].toObject()[u"uuid"_s].toString(), legs[0]);
    QCOMPARE(snapshots[0].toObject()[u"hangupCause"_s].toString(),
             channels.channel(legs[0])->hangupCause);
    QVERIFY(snapshots[0].toObject()[u"headers"_s].toArray().size() > 50);

    // The records are the call's lines of the decode schema, with their metadata.
    const QJsonArray records = bundle[u"records"_s].toArray();
    QCOMPARE(records.size(), result->records);
    const QList<Sequence> expected = ExportSelection::channels(legs).resolve(store);
    QCOMPARE(records.size(), expected.size());
    int logLines = 0;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QJsonObject record = records[i].toObject();
        QCOMPARE(Sequence(record[u"seq"_s].toInteger()), expected[i]);
        QCOMPARE(record[u"server"_s].toString(), u"pbx1"_s);
        QCOMPARE(record[u"ms"_s].toInteger(), 1000 + qint64(expected[i]));
        const QByteArray line = capture.lines[qsizetype(expected[i])];
        const QJsonObject message = record[u"message"_s].toObject();
        const QJsonObject fixture = QJsonDocument::fromJson(line).object();
        QCOMPARE(message[u"event"_s], fixture[u"event"_s]);
        if (message[u"event"_s].isNull())
            QCOMPARE(message, fixture);
        logLines += record[u"kind"_s].toString() == u"log" ? 1 : 0;
    }
    QVERIFY(logLines > 0);
}

void TestExporter::reportsProgressUpToTheTotal()
{
    const Capture capture(u"load"_s);
    EventStore store;
    fill(store, capture);
    QList<std::pair<qint64, qint64>> calls;
    Exporter exporter(store);
    exporter.setProgress([&](qint64 done, qint64 total) {
        calls.append({done, total});
        return true;
    });
    QVERIFY(exporter.write(path(u"p.csv"_s), Exporter::Format::Csv, ExportSelection::all()));
    QVERIFY(calls.size() > 10);
    QCOMPARE(calls.last(), std::make_pair(store.size(), store.size()));
    for (qsizetype i = 1; i < calls.size(); ++i)
        QVERIFY(calls[i].first > calls[i - 1].first);
}

void TestExporter::aCanceledExportLeavesTheGoodFileUntouched()
{
    const Capture capture(u"load"_s);
    EventStore store;
    fill(store, capture);
    QTemporaryDir dir;
    const QString target = dir.filePath(u"calls.jsonl"_s);
    {
        QFile good(target);
        QVERIFY(good.open(QIODevice::WriteOnly));
        good.write("the good export\n");
    }
    for (const Exporter::Format format :
         {Exporter::Format::JsonLines, Exporter::Format::Raw, Exporter::Format::Csv}) {
        Exporter exporter(store);
        qint64 reached = 0;
        exporter.setProgress([&](qint64 done, qint64 total) {
            reached = done;
            return done < total / 2; // the operator presses Cancel halfway
        });
        const auto result = exporter.write(target, format, ExportSelection::all());
        QVERIFY(!result);
        QCOMPARE(result.error().code, Esl::Error::Code::Canceled);
        QVERIFY(reached >= store.size() / 2 && reached < store.size());
        QCOMPARE(readAll(target), QByteArray("the good export\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{u"calls.jsonl"_s});
    }
}

void TestExporter::aFailedExportLeavesNoFileBehind()
{
    EventStore store;
    store.appendLog(0, Esl::LogLine{}, 0);
    const QString target = path(u"no-such-dir/out.csv"_s);
    const auto result =
        Exporter(store).write(target, Exporter::Format::Csv, ExportSelection::all());
    QVERIFY(!result);
    QCOMPARE(result.error().code, Esl::Error::Code::Transport);
    QVERIFY(result.error().message.contains(target));
    QVERIFY(!QFile::exists(target));
}

void TestExporter::importOfATruncatedCaptureKeepsWhatCameBefore()
{
    const QByteArray all = readFixture(u"inbound-plain"_s, u".esl"_s);
    const QList<Esl::Message> messages = parseAll(all);
    // Cut in the middle of the body of a log line late in the capture.
    qsizetype cut = -1;
    qint64 before = 0;
    for (qsizetype i = messages.size() / 2; i < messages.size(); ++i) {
        if (messages[i].contentType() == Esl::ContentType::LogData) {
            cut = i;
            break;
        }
    }
    QVERIFY(cut > 0);
    for (qsizetype i = 0; i < cut; ++i) {
        before += messages[i].isEvent() || messages[i].contentType() == Esl::ContentType::LogData;
    }
    QByteArray truncated = all.left(messages[cut].offset() + 200);
    QBuffer in(&truncated);
    QVERIFY(in.open(QIODevice::ReadOnly));
    EventStore store;
    const Importer::Result result = Importer().import(in, store);
    QVERIFY(!result.ok());
    QCOMPARE(result.error->code, Esl::Error::Code::Protocol);
    QCOMPARE(result.error->offset, messages[cut].offset());
    QVERIFY2(result.errorString().contains(u"input ended inside a message"_s),
             qPrintable(result.errorString()));
    QCOMPARE(result.records(), before);
    QCOMPARE(store.size(), before);
}

void TestExporter::importOfGarbageSaysWhereItStarts()
{
    const Capture capture(u"outbound"_s);
    QByteArray data = capture.bytes[0] + capture.bytes[1];
    const qint64 garbageAt = data.size();
    data += "this line is not a header\nnor is this\n\n" + capture.bytes[2];
    QBuffer in(&data);
    QVERIFY(in.open(QIODevice::ReadOnly));
    EventStore store;
    const Importer::Result result = Importer().import(in, store);
    QVERIFY(!result.ok());
    QCOMPARE(result.error->offset, garbageAt);
    QCOMPARE(result.records(), 2);
    QCOMPARE(store.size(), 2);

    // An event message whose body is not an event: a decode fault at the message.
    QByteArray bad = capture.bytes[0] + "Content-Length: 9\nContent-Type: text/event-plain\n\n"
                                        "no colon\n";
    QBuffer badIn(&bad);
    QVERIFY(badIn.open(QIODevice::ReadOnly));
    EventStore other;
    const Importer::Result undecodable = Importer().import(badIn, other);
    QCOMPARE(undecodable.error->code, Esl::Error::Code::Decode);
    QCOMPARE(undecodable.error->offset, capture.bytes[0].size());
    QCOMPARE(undecodable.records(), 1);
}

void TestExporter::importOfBadJsonLinesNamesTheLine_data()
{
    QTest::addColumn<QByteArray>("badLine");
    QTest::addColumn<qint64>("column"); // where in the bad line the fault is reported
    QTest::addColumn<QString>("says");
    QTest::newRow("not json") << QByteArray("{\"contentType\": oops}\n") << qint64(16)
                              << u"illegal"_s;
    QTest::newRow("truncated last line")
        << QByteArray("{\"contentType\": \"log/data\", \"headers\": [[\"Log-Le") << qint64(-1)
        << u""_s;
    QTest::newRow("wrong shape")
        << QByteArray("{\"contentType\": \"x\", \"headers\": [[\"a\"]], \"body\": null, "
                      "\"event\": null}\n")
        << qint64(0) << u"\"headers\" is not a list"_s;
    QTest::newRow("not an object") << QByteArray("[1, 2]\n") << qint64(0) << u"not a JSON object"_s;
}

void TestExporter::importOfBadJsonLinesNamesTheLine()
{
    QFETCH(QByteArray, badLine);
    QFETCH(qint64, column);
    QFETCH(QString, says);
    const QList<QByteArray> lines = expectedLines(u"inbound-plain"_s);
    QByteArray data;
    qint64 records = 0;
    for (qsizetype i = 0; i < 40; ++i) {
        data += lines[i] + '\n';
        records += !lines[i].contains("\"event\": null") || lines[i].contains("\"log/data\"");
    }
    const qint64 lineStart = data.size();
    data += badLine;
    if (badLine.endsWith('\n'))
        data += lines[40] + '\n';
    QBuffer in(&data);
    QVERIFY(in.open(QIODevice::ReadOnly));
    EventStore store;
    const Importer::Result result = Importer().import(in, store);
    QVERIFY(!result.ok());
    QCOMPARE(result.format, Importer::Format::JsonLines);
    QCOMPARE(result.line, 41);
    if (column >= 0)
        QCOMPARE(result.error->offset, lineStart + column);
    QVERIFY2(result.errorString().startsWith(u"line 41 (byte "_s) &&
                 result.errorString().contains(says),
             qPrintable(result.errorString()));
    QCOMPARE(result.records(), records);
    QCOMPARE(store.size(), records);
}

QTEST_GUILESS_MAIN(TestExporter)
#include "tst_exporter.moc"
