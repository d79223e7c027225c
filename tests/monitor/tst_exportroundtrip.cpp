// Every export opens again (issue #17, item 8): a file written in any of the formats and read
// back with the Importer gives the records it was written from (JSON Lines, a call bundle and a
// CSV with their servers' names; raw ESL has nowhere to write one); a call bundle carries its
// channels (the live store's, or worked out from the records when the store let them go) and
// opens with them; a CSV has exactly the columns it was given and reads back with those; a file
// name's extension and its format agree, or the name is refused saying why.

#include "support/fixtures.h"

#include "esl/logline.h"
#include "monitor/channelsnapshot.h"
#include "monitor/channelstore.h"
#include "monitor/exporter.h"
#include "monitor/exportfiles.h"
#include "monitor/importer.h"
#include "monitor/openedlog.h"
#include "monitor/recordsummary.h"
#include "monitor/recordwire.h"

#include <QBuffer>
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
using Kind = Monitor::ExportFiles::Kind;

namespace {

// The bridged call of inbound-plain whose log lines the capture has: one originate through
// loopback/9197 and loopback/9196, four loopback channels.
const QString kLeg = u"7ad5180e-7286-49bc-acf0-11020f869586"_s;

// A store with a capture's events and log lines, from two servers (every third record from
// the second), each received a millisecond after the one before; and its channels.
struct Filled
{
    EventStore store;
    Monitor::ChannelStore channels;

    explicit Filled(const QString &scenario)
    {
        channels.setEndedRetention(std::numeric_limits<qint64>::max() / 4);
        const QList<Esl::Message> messages = parseAll(readFixture(scenario, u".esl"_s));
        qint64 ms = 1764000000000;
        int n = 0;
        for (const Esl::Message &m : messages) {
            const Monitor::ServerId server = ++n % 3 == 0 ? 2 : 1;
            if (m.isEvent()) {
                const Esl::Event e = *Esl::Event::fromMessage(m);
                store.append(server, e, ++ms);
                if (server == 1)
                    channels.apply(e, ms);
            } else if (m.contentType() == Esl::ContentType::LogData) {
                store.appendLog(server, Esl::LogLine::fromMessage(m), ++ms);
            }
        }
    }
};

const QHash<Monitor::ServerId, QString> kNames{{1, u"pbx1"_s}, {2, u"pbx, two"_s}};

// The records of `a` (those of `sequences`) and of `b` (all) are the same: kind, headers in
// order, body, and, when `withMeta`, the time received and the server's name.
bool sameRecords(const EventStore &a, const QList<Sequence> &sequences, const Monitor::OpenedLog &b,
                 bool withMeta, QString *why)
{
    if (b.store().size() != sequences.size()) {
        *why = u"%1 records, expected %2"_s.arg(b.store().size()).arg(sequences.size());
        return false;
    }
    for (qsizetype i = 0; i < sequences.size(); ++i) {
        const auto x = a.record(sequences[i]);
        const Sequence other = b.store().firstSequence() + Sequence(i);
        const auto y = b.store().record(other);
        const auto ex = a.event(sequences[i]);
        const auto ey = b.store().event(other);
        if (x->kind() != y->kind() || ex->headers() != ey->headers() || ex->body() != ey->body()) {
            *why = u"record %1 differs"_s.arg(i);
            return false;
        }
        if (withMeta && (x->receivedMs() != y->receivedMs() ||
                         kNames.value(x->server()) != b.serverName(y->server()))) {
            *why = u"record %1: received %2 from %3, read back %4 from %5"_s.arg(i)
                       .arg(x->receivedMs())
                       .arg(kNames.value(x->server()))
                       .arg(y->receivedMs())
                       .arg(b.serverName(y->server()));
            return false;
        }
    }
    return true;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestExportRoundTrip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Happy flows
    void everyFormatOpensAgainWithTheSameRecords_data();
    void everyFormatOpensAgainWithTheSameRecords();
    void aCallBundleCarriesItsChannelsAndOpensWithThem();
    void aCallBundleWorksOutTheChannelsTheLiveStoreLetGo();
    void csvHasExactlyTheColumnsGivenInTheirOrder();
    void csvReadsBackTheColumnsItHas();
    void eachKindIsRecognisedByItsFirstBytes_data();
    void eachKindIsRecognisedByItsFirstBytes();
    void aNameGetsItsFormatsExtension_data();
    void aNameGetsItsFormatsExtension();
    void theCsvChoicesStartWithTheShownColumns();

    // Rainy days
    void aNameWithAnotherFormatsExtensionIsRefusedSayingWhy_data();
    void aNameWithAnotherFormatsExtensionIsRefusedSayingWhy();
    void aBundleOfAnotherShapeSaysWhy_data();
    void aBundleOfAnotherShapeSaysWhy();
    void aCsvCutInsideAQuoteSaysWhere();
    void aCsvRowOfTheWrongWidthSaysWhere();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestExportRoundTrip::everyFormatOpensAgainWithTheSameRecords_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("scenario");
    for (const QString &scenario : {u"inbound-plain"_s, u"outbound"_s}) {
        for (const Kind kind : Monitor::ExportFiles::allKinds()) {
            const QString name = Monitor::ExportFiles::nameOf(kind) + u", "_s + scenario;
            QTest::newRow(qPrintable(name)) << int(kind) << scenario;
        }
    }
}

void TestExportRoundTrip::everyFormatOpensAgainWithTheSameRecords()
{
    QFETCH(int, kind);
    QFETCH(QString, scenario);
    const Filled filled(scenario);
    const EventStore &store = filled.store;
    Exporter exporter(store);
    exporter.setServerNames(kNames);
    const QString file = path(u"out."_s + Monitor::ExportFiles::extensionOf(Kind(kind)));
    QList<Sequence> written;
    bool withMeta = false;
    switch (Kind(kind)) {
    case Kind::CallBundle: {
        // Every record of the capture's channels.
        const QStringList uuids = filled.channels.calls().value(filled.channels.callKeyOf(
            scenario == u"inbound-plain" ? kLeg : filled.channels.channels().first()->uuid));
        QVERIFY(!uuids.isEmpty());
        written = ExportSelection::channels(uuids).resolve(store);
        QVERIFY(exporter.writeCallBundle(file, uuids, &filled.channels));
        withMeta = true;
        break;
    }
    case Kind::Csv:
        // Every column a record has in the capture, and the pseudo-columns that read back:
        // nothing is lost, so the records come back whole.
        {
            QStringList columns{u"@ms"_s, u"@server"_s, u"@kind"_s, u"@body"_s};
            QSet<QString> seen;
            for (Sequence s = store.firstSequence(); s < store.endSequence(); ++s) {
                const Esl::Event e = *store.event(s);
                for (qsizetype h = 0; h < e.headers().size(); ++h) {
                    const QString name = QString::fromUtf8(e.headers().name(h));
                    if (!seen.contains(name.toLower())) {
                        seen.insert(name.toLower());
                        columns.append(name);
                    }
                }
            }
            exporter.setCsvColumns(columns);
        }
        written = ExportSelection::all().resolve(store);
        QVERIFY(exporter.write(file, Exporter::Format::Csv, ExportSelection::all()));
        withMeta = true;
        break;
    default:
        written = ExportSelection::all().resolve(store);
        QVERIFY(exporter.write(file, *Monitor::ExportFiles::exporterFormat(Kind(kind)),
                               ExportSelection::all()));
        break;
    }

    Monitor::OpenedLog opened;
    const Importer::Result result = opened.readFile(file);
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result.skipped, 0);
    QString why;
    if (Kind(kind) == Kind::Csv) {
        // A CSV's headers come back in the order of its columns, not the record's: compare
        // what each record holds, then that writing it again gives the same file.
        QCOMPARE(opened.store().size(), written.size());
        for (qsizetype i = 0; i < written.size(); ++i) {
            const Esl::Event a = *store.event(written[i]);
            const Esl::Event b = *opened.store().event(opened.store().firstSequence() + i);
            for (qsizetype h = 0; h < a.headers().size(); ++h) {
                if (a.headers().value(h).isEmpty())
                    continue; // an empty cell is no header
                QCOMPARE(b.header(a.headers().name(h)), a.header(a.headers().name(h)));
            }
            QCOMPARE(b.body(), a.body());
            QCOMPARE(opened.store().record(opened.store().firstSequence() + i)->receivedMs(),
                     store.record(written[i])->receivedMs());
        }
        Exporter again(opened.store());
        again.setServerNames(opened.serverNames());
        again.setCsvColumns(exporter.csvColumns());
        QVERIFY(again.write(path(u"again.csv"_s), Exporter::Format::Csv, ExportSelection::all()));
        QVERIFY(readAll(path(u"again.csv"_s)) == readAll(file));
    } else {
        QVERIFY2(sameRecords(store, written, opened, withMeta, &why), qPrintable(why));
    }
    if (Kind(kind) == Kind::JsonLines) {
        // Each line names its switch, and each record comes back from it (no time of receipt:
        // the decode schema has none, so the events' own timestamps stand in).
        QCOMPARE(opened.store().size(), written.size());
        for (qsizetype i = 0; i < written.size(); ++i) {
            const auto a = store.record(written[i]);
            const auto b = opened.store().record(opened.store().firstSequence() + Sequence(i));
            QCOMPARE(opened.serverName(b->server()), kNames.value(a->server()));
        }
        QCOMPARE(opened.serverNames().size(), 2);
    }
}

void TestExportRoundTrip::aCallBundleCarriesItsChannelsAndOpensWithThem()
{
    const Filled filled(u"inbound-plain"_s);
    const QStringList legs = filled.channels.calls().value(filled.channels.callKeyOf(kLeg));
    QCOMPARE(legs.size(), 4);
    Exporter exporter(filled.store);
    exporter.setServerNames(kNames);
    QVERIFY(exporter.writeCallBundle(path(u"call.json"_s), legs, &filled.channels, 1));

    Monitor::OpenedLog opened;
    const Importer::Result result = opened.readFile(path(u"call.json"_s));
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result.format, Importer::Format::CallBundle);
    QCOMPARE(opened.channels().size(), 4);
    for (qsizetype i = 0; i < legs.size(); ++i) {
        const Monitor::Channel &back = opened.channels()[i];
        const Monitor::Channel &live = *filled.channels.channel(legs[i]);
        QCOMPARE(back.uuid, legs[i]);
        QCOMPARE(back.name, live.name);
        QCOMPARE(back.callerNumber, live.callerNumber);
        QCOMPARE(back.hangupCause, live.hangupCause);
        QCOMPARE(back.answeredMs, live.answeredMs);
        QCOMPARE(back.ended, live.ended);
        QVERIFY(back.headers == live.headers);
        QCOMPARE(Monitor::snapshotOf(back), Monitor::snapshotOf(live));
    }
    // The records of the call from its server, under their times and its name.
    QString why;
    QVERIFY2(sameRecords(filled.store, ExportSelection::channels(legs, 1).resolve(filled.store),
                         opened, true, &why),
             qPrintable(why));
    QCOMPARE(opened.serverNames().values(), QList<QString>{u"pbx1"_s});
}

void TestExportRoundTrip::aCallBundleWorksOutTheChannelsTheLiveStoreLetGo()
{
    const Filled filled(u"inbound-plain"_s);
    const QStringList legs = filled.channels.calls().value(filled.channels.callKeyOf(kLeg));
    Monitor::ChannelStore emptied; // the live store, after the ended channels expired
    Exporter exporter(filled.store);
    QVERIFY(exporter.writeCallBundle(path(u"late.json"_s), legs, &emptied, 1));
    const QJsonObject bundle = QJsonDocument::fromJson(readAll(path(u"late.json"_s))).object();
    const QJsonArray channels = bundle[u"channels"_s].toArray();
    QCOMPARE(channels.size(), legs.size());
    for (qsizetype i = 0; i < legs.size(); ++i) {
        const Monitor::Channel &live = *filled.channels.channel(legs[i]);
        const QJsonObject snapshot = channels[i].toObject();
        QCOMPARE(snapshot[u"uuid"_s].toString(), legs[i]);
        QCOMPARE(snapshot[u"hangupCause"_s].toString(), live.hangupCause);
        QCOMPARE(snapshot[u"callerNumber"_s].toString(), live.callerNumber);
        QCOMPARE(snapshot[u"createdMs"_s].toInteger(), live.createdMs);
        QVERIFY(!snapshot[u"hangupCause"_s].toString().isEmpty());
    }
}

void TestExportRoundTrip::csvHasExactlyTheColumnsGivenInTheirOrder()
{
    const Filled filled(u"inbound-plain"_s);
    const EventStore &store = filled.store;
    // What the event log shows, with a Hangup-Cause column added.
    const QStringList columns{u"@time"_s,   u"@server"_s,        u"@kind"_s,
                              u"@name"_s,   u"Event-Subclass"_s, u"@uuid"_s,
                              u"@caller"_s, u"@summary"_s,       u"Hangup-Cause"_s};
    Exporter exporter(store);
    exporter.setServerNames(kNames);
    exporter.setCsvColumns(columns);
    QVERIFY(exporter.write(path(u"shown.csv"_s), Exporter::Format::Csv, ExportSelection::all()));
    const QList<QByteArray> rows = readAll(path(u"shown.csv"_s)).split('\n');
    QCOMPARE(rows[0], "@time,@server,@kind,@name,Event-Subclass,@uuid,@caller,@summary,"
                      "Hangup-Cause\r");

    // Every hangup's cause is in its column, and the summary and caller read as the log's.
    Monitor::OpenedLog opened;
    QVERIFY(opened.readFile(path(u"shown.csv"_s)).ok());
    int hangups = 0;
    for (Sequence s = store.firstSequence(); s < store.endSequence(); ++s) {
        const auto record = store.record(s);
        const auto back = opened.store().record(s - store.firstSequence());
        QCOMPARE(Monitor::RecordSummary::callerOf(*back),
                 Monitor::RecordSummary::callerOf(*record));
        const QByteArray cause = store.event(s)->header("Hangup-Cause").toByteArray();
        QCOMPARE(opened.store().event(back->sequence())->header("Hangup-Cause"), cause);
        if (store.event(s)->name() == u"CHANNEL_HANGUP") {
            ++hangups;
            QVERIFY(!cause.isEmpty());
            QCOMPARE(Monitor::RecordSummary::summaryOf(*back),
                     Monitor::RecordSummary::summaryOf(*record));
        }
        if (record->kind() == Monitor::RecordKind::Log)
            QCOMPARE(Monitor::RecordSummary::summaryOf(*back),
                     Monitor::RecordSummary::summaryOf(*record));
    }
    QVERIFY(hangups > 0);
}

void TestExportRoundTrip::csvReadsBackTheColumnsItHas()
{
    const QByteArray csv =
        "\xef\xbb\xbf@ms,@server,@kind,@name,@uuid,@caller,Hangup-Cause,@body\r\n"
        "5,pbx1,event,CUSTOM sofia::register,u-1,\"Doe, Jo <1001>\",,\r\n"
        "6,pbx2,event,CHANNEL_HANGUP,u-1,1001,USER_BUSY,\r\n"
        "7,pbx1,log,WARNING,u-1,,,\"two\nlines, \"\"quoted\"\"\"\n";
    QFile file(path(u"in.csv"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(csv);
    file.close();
    Monitor::OpenedLog opened;
    const Importer::Result result = opened.readFile(file.fileName());
    QVERIFY2(result.ok(), qPrintable(result.errorString()));
    QCOMPARE(result.format, Importer::Format::Csv);
    QCOMPARE(result.events, 2);
    QCOMPARE(result.logLines, 1);
    const EventStore &store = opened.store();
    const Esl::Event custom = *store.event(0);
    QCOMPARE(custom.name(), u"CUSTOM sofia::register"_s);
    QCOMPARE(custom.header("Event-Subclass"), "sofia::register");
    QCOMPARE(custom.header("Caller-Caller-ID-Name"), "Doe, Jo");
    QCOMPARE(custom.header("Caller-Caller-ID-Number"), "1001");
    QVERIFY(!custom.headers().contains("Hangup-Cause")); // an empty cell is no header
    QCOMPARE(store.event(1)->header("Hangup-Cause"), "USER_BUSY");
    QCOMPARE(store.record(1)->receivedMs(), 6);
    QCOMPARE(opened.serverName(store.record(0)->server()), u"pbx1"_s);
    QCOMPARE(opened.serverName(store.record(1)->server()), u"pbx2"_s);
    QCOMPARE(store.record(2)->server(), store.record(0)->server());
    QCOMPARE(store.record(2)->kind(), Monitor::RecordKind::Log);
    QCOMPARE(store.record(2)->body(), "two\nlines, \"quoted\"");
    QCOMPARE(store.event(2)->header("Log-Level"), "4");
    QCOMPARE(store.event(2)->header("User-Data"), "u-1");
}

void TestExportRoundTrip::eachKindIsRecognisedByItsFirstBytes_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("format");
    const auto row = [](const char *tag, QByteArray start, QString name, Importer::Format f) {
        QTest::newRow(tag) << start << name << int(f);
    };
    row("raw ESL", "Content-Length: 12\nContent-Type: text/event-plain\n", u"x.esl"_s,
        Importer::Format::Raw);
    row("JSON Lines", "{\"contentType\": \"text/event-plain\", \"headers\": []}\n", u"x"_s,
        Importer::Format::JsonLines);
    row("a call bundle", "{\"format\": \"switchboard-call-bundle\", \"version\": 1", u"x.esl"_s,
        Importer::Format::CallBundle);
    row("other JSON", "{\"name\": \"switchboard-call-bundle\"}", u"x.json"_s,
        Importer::Format::JsonLines);
    row("CSV by its header", "@time,@server\r\n", u"x.txt"_s, Importer::Format::Csv);
    row("CSV of headers", "Event-Name,Unique-ID\r\n", u"x"_s, Importer::Format::Csv);
    row("CSV by its name", "time\r\n", u"x.CSV"_s, Importer::Format::Csv);
    row("text", "Shopping list\n- milk, eggs\n", u"notes.log"_s, Importer::Format::Raw);
}

void TestExportRoundTrip::eachKindIsRecognisedByItsFirstBytes()
{
    QFETCH(QByteArray, start);
    QFETCH(QString, name);
    QFETCH(int, format);
    QCOMPARE(int(Importer::detect(start, name)), format);
}

void TestExportRoundTrip::aNameGetsItsFormatsExtension_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("written");
    QTest::newRow("its own") << u"/tmp/all.jsonl"_s << int(Kind::JsonLines) << u"/tmp/all.jsonl"_s;
    QTest::newRow("its own, in capitals")
        << u"/tmp/ALL.CSV"_s << int(Kind::Csv) << u"/tmp/ALL.CSV"_s;
    QTest::newRow("none") << u"/tmp/all"_s << int(Kind::Raw) << u"/tmp/all.esl"_s;
    QTest::newRow("a date") << u"/tmp/log.2025-11-24"_s << int(Kind::Csv)
                            << u"/tmp/log.2025-11-24.csv"_s;
    QTest::newRow("a bundle") << u"/tmp/call"_s << int(Kind::CallBundle) << u"/tmp/call.json"_s;
}

void TestExportRoundTrip::aNameGetsItsFormatsExtension()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    QFETCH(QString, written);
    const Monitor::ExportFiles::NameCheck check =
        Monitor::ExportFiles::checkFileName(name, Kind(kind));
    QVERIFY2(check.ok(), qPrintable(check.problem));
    QCOMPARE(check.path, written);
}

void TestExportRoundTrip::theCsvChoicesStartWithTheShownColumns()
{
    const QStringList shown{u"@time"_s, u"@server"_s, u"Hangup-Cause"_s, u"@summary"_s};
    const QStringList choices = Monitor::ExportFiles::csvChoices(shown);
    QCOMPARE(choices.mid(0, shown.size()), shown);
    for (const QString &pseudo : Monitor::ExportFiles::csvPseudoColumns())
        QCOMPARE(choices.count(pseudo), 1);
}

void TestExportRoundTrip::aNameWithAnotherFormatsExtensionIsRefusedSayingWhy_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("says");
    // The file of the issue: a call bundle written as call.esl.
    QTest::newRow("a bundle named .esl")
        << u"/tmp/call.esl"_s << int(Kind::CallBundle)
        << u"“call.esl” ends in .esl, the extension of raw ESL files, but the format chosen is "
           "call bundle. Name it “call.json”, or choose raw ESL."_s;
    QTest::newRow("JSON Lines named .csv")
        << u"/tmp/all.csv"_s << int(Kind::JsonLines) << u"Name it “all.jsonl”, or choose CSV."_s;
    QTest::newRow("CSV named .json")
        << u"/tmp/x.json"_s << int(Kind::Csv) << u"the extension of call bundle files"_s;
}

void TestExportRoundTrip::aNameWithAnotherFormatsExtensionIsRefusedSayingWhy()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    QFETCH(QString, says);
    const Monitor::ExportFiles::NameCheck check =
        Monitor::ExportFiles::checkFileName(name, Kind(kind));
    QVERIFY(!check.ok());
    QVERIFY2(check.problem.contains(says), qPrintable(check.problem));
}

void TestExportRoundTrip::aBundleOfAnotherShapeSaysWhy_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("says");
    QTest::newRow("cut short")
        << QByteArray("{\"format\": \"switchboard-call-bundle\", \"version\": 1,\n\"uuids\": [")
        << u"line 2 (byte "_s;
    QTest::newRow("a later version")
        << QByteArray("{\"format\": \"switchboard-call-bundle\", \"version\": 7}")
        << u"version 7"_s;
    QTest::newRow("a record without its message")
        << QByteArray("{\"format\": \"switchboard-call-bundle\", \"version\": 1, \"records\": "
                      "[{\"seq\": 1}]}")
        << u"record 1 of the bundle: no \"message\" object"_s;
    QTest::newRow("a channel that is not one")
        << QByteArray("{\"format\": \"switchboard-call-bundle\", \"version\": 1, \"channels\": "
                      "[{\"uuid\": 5}]}")
        << u"channel 1 of the bundle"_s;
}

void TestExportRoundTrip::aBundleOfAnotherShapeSaysWhy()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, says);
    QBuffer in(&content);
    QVERIFY(in.open(QIODevice::ReadOnly));
    EventStore store;
    const Importer::Result result = Importer().import(in, store);
    QCOMPARE(result.format, Importer::Format::CallBundle);
    QVERIFY(!result.ok());
    QVERIFY2(result.errorString().contains(says), qPrintable(result.errorString()));
    QCOMPARE(store.size(), 0);
}

void TestExportRoundTrip::aCsvCutInsideAQuoteSaysWhere()
{
    QByteArray csv = "@name,@body\r\nHEARTBEAT,\"fine\"\r\nHEARTBEAT,\"cut";
    QBuffer in(&csv);
    QVERIFY(in.open(QIODevice::ReadOnly));
    EventStore store;
    const Importer::Result result = Importer().import(in, store, u"x.csv"_s);
    QVERIFY(!result.ok());
    QCOMPARE(result.line, 3);
    QVERIFY2(result.errorString().startsWith(u"line 3 (byte 31): input ended inside a quoted"_s),
             qPrintable(result.errorString()));
    QCOMPARE(store.size(), 1); // what came before stays
}

void TestExportRoundTrip::aCsvRowOfTheWrongWidthSaysWhere()
{
    QByteArray csv = "@name,@uuid\nHEARTBEAT,\nCHANNEL_CREATE,u-1,extra\n";
    QBuffer in(&csv);
    QVERIFY(in.open(QIODevice::ReadOnly));
    EventStore store;
    const Importer::Result result = Importer().import(in, store);
    QCOMPARE(result.format, Importer::Format::Csv);
    QVERIFY(!result.ok());
    QCOMPARE(result.line, 3);
    QVERIFY2(result.errorString().contains(u"a row of 3 fields under a header of 2"_s),
             qPrintable(result.errorString()));
    QCOMPARE(store.size(), 1);
}

QTEST_GUILESS_MAIN(TestExportRoundTrip)
#include "tst_exportroundtrip.moc"
