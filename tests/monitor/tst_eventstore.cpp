// The event store keeps every record exactly, in order, compactly, and finds a channel's records
// without a scan. What it drops to stay within its limits is in tst_eventstorelimits.cpp.

#include "support/fixtures.h"

#include "esl/logline.h"
#include "esl/wire/event.h"
#include "monitor/eventstore.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::EventStore;
using Monitor::Sequence;

class TestEventStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void givesBackEveryEventExactly_data();
    void givesBackEveryEventExactly();
    void looksUpHeadersByNameIgnoringCase();
    void keepsLogLinesWithTheirLogHeaders();
    void findsEverythingAboutAChannel();
    void isCompact();
    void visitsRangesInOrder();

private:
    QList<Esl::Event> m_load;
};

void TestEventStore::initTestCase()
{
    m_load = TestSupport::fixtureEvents(u"load"_s);
    QCOMPARE(m_load.size(), 3724);
}

void TestEventStore::givesBackEveryEventExactly_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &s : {u"inbound-plain"_s, u"inbound-json"_s, u"inbound-xml"_s, u"outbound"_s,
                             u"conference-maintenance"_s, u"load"_s})
        QTest::newRow(qPrintable(s)) << s;
}

void TestEventStore::givesBackEveryEventExactly()
{
    QFETCH(QString, scenario);
    const QList<Esl::Event> events = TestSupport::fixtureEvents(scenario);
    EventStore store;
    for (qsizetype i = 0; i < events.size(); ++i)
        QCOMPARE(store.append(Monitor::ServerId(i % 3), events[i], 1000 + i), Sequence(i));
    QCOMPARE(store.size(), events.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        const std::optional<Esl::Event> back = store.event(Sequence(i));
        QVERIFY(back);
        QVERIFY2(back->headers() == events[i].headers(), qPrintable(u"record %1"_s.arg(i)));
        QCOMPARE(back->hasBody(), events[i].hasBody());
        QCOMPARE(back->body(), events[i].body());
        const auto record = store.record(Sequence(i));
        QCOMPARE(record->receivedMs(), 1000 + i);
        QCOMPARE(record->server(), Monitor::ServerId(i % 3));
        QCOMPARE(record->kind(), Monitor::RecordKind::Event);
        QCOMPARE(record->headerCount(), int(events[i].headers().size()));
    }
    QVERIFY(!store.record(Sequence(events.size())));
}

void TestEventStore::looksUpHeadersByNameIgnoringCase()
{
    EventStore store;
    for (const Esl::Event &e : m_load)
        store.append(0, e, 0);
    auto &names = Monitor::HeaderNames::instance();
    // A CODEC event has both Channel-Read-Codec-Name and channel-read-codec-name.
    for (qsizetype i = 0; i < m_load.size(); ++i) {
        const Esl::Event &e = m_load[i];
        const auto record = store.record(Sequence(i));
        QCOMPARE(record->value(names.intern("EVENT-NAME")), e.eventName());
        QCOMPARE(record->value(names.intern("unique-id")), e.header("Unique-ID"));
        QVERIFY(record->value(names.intern("No-Such-Header")).isNull());
        if (e.eventName() == "CODEC")
            QCOMPARE(record->value(names.intern("channel-read-codec-name")),
                     e.header("Channel-Read-Codec-Name"));
    }
}

void TestEventStore::keepsLogLinesWithTheirLogHeaders()
{
    EventStore store;
    Esl::LogLine line;
    line.level = 3;
    line.channel = u"1"_s;
    line.file = u"switch_ivr.c"_s;
    line.function = u"switch_ivr_park"_s;
    line.line = 1002;
    line.userData = u"a210d645-81c9-4730-9fb8-ef8b4cd23c59"_s;
    line.text = u"Søren parked the call\n"_s;
    const Sequence seq = store.appendLog(7, line, 42);
    const auto record = store.record(seq);
    QCOMPARE(record->kind(), Monitor::RecordKind::Log);
    QCOMPARE(record->server(), Monitor::ServerId(7));
    auto &names = Monitor::HeaderNames::instance();
    QCOMPARE(record->value(names.intern("Log-Level")), "3");
    QCOMPARE(record->value(names.intern("Log-Func")), "switch_ivr_park");
    QCOMPARE(record->body(), u"Søren parked the call\n"_s.toUtf8());
    QCOMPARE(store.recordsOfChannel("a210d645-81c9-4730-9fb8-ef8b4cd23c59"), QList<Sequence>{seq});
}

void TestEventStore::findsEverythingAboutAChannel()
{
    EventStore store;
    QHash<QByteArray, QList<Sequence>> expected;
    for (const Esl::Event &e : m_load) {
        const Sequence seq = store.append(0, e, 0);
        if (!e.header("Unique-ID").isEmpty())
            expected[e.header("Unique-ID").toByteArray()].append(seq);
    }
    // 160 channels, and the loopback legs' UUIDs from before origination_uuid renamed them.
    QCOMPARE(expected.size(), 240);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QCOMPARE(store.recordsOfChannel(it.key()), it.value());
    QVERIFY(store.recordsOfChannel("nope").isEmpty());
}

void TestEventStore::isCompact()
{
    EventStore store;
    qint64 raw = 0;
    for (int round = 0; round < 3; ++round) {
        for (const Esl::Event &e : m_load) {
            store.append(0, e, 0);
            raw += e.toPlainMessage().size();
        }
    }
    const double perEvent = double(store.memoryBytes()) / double(store.size());
    qInfo("%.0f bytes per stored event (%.0f on the wire)", perEvent, double(raw) / store.size());
    // The plain load events are ~2,800 bytes on the wire; stored, a fraction of that.
    QVERIFY2(perEvent < 500, qPrintable(QString::number(perEvent)));
}

void TestEventStore::visitsRangesInOrder()
{
    EventStore store;
    for (int round = 0; round < 3; ++round) {
        for (const Esl::Event &e : m_load)
            store.append(0, e, 0);
    }
    Sequence expected = 5000;
    store.forEach(5000, 9000, [&](const EventStore::Record &r) {
        if (r.sequence() != expected)
            return false;
        ++expected;
        return true;
    });
    QCOMPARE(expected, Sequence(9000));
    int visited = 0;
    store.forEach(0, store.endSequence(),
                  [&](const EventStore::Record &) { return ++visited < 10; });
    QCOMPARE(visited, 10);
}

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
