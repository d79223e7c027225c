// The event store stays within its limits after every append, whatever the sizes of its records:
// it drops the oldest records first, a chunk at a time, counts every one it drops, and keeps the
// rest intact. A record it cannot keep goes with everything before it.

#include "support/fixtures.h"
#include "support/heap.h"

#include "esl/wire/event.h"
#include "monitor/eventstore.h"

#include <QTest>

#include <limits>

using namespace Qt::Literals::StringLiterals;
using Monitor::EventStore;
using Monitor::Sequence;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

QByteArray channelOf(qint64 n)
{
    return "7f4de4bc-0000-4000-8000-00000000000" + QByteArray::number(n % 3);
}

// `bytes` bytes that say which event they belong to, so that no two events read back alike.
QByteArray bodyOf(qint64 n, qint64 bytes)
{
    QByteArray body(bytes, char('a' + n % 26));
    const QByteArray tag = QByteArray::number(n);
    if (body.size() >= tag.size())
        body.replace(0, tag.size(), tag);
    return body;
}

// Event n on one of three channels, with a body and optionally a header value of those sizes.
Esl::Event bigEvent(qint64 n, qint64 bodyBytes, qint64 headerBytes = 0)
{
    Esl::HeaderList headers;
    headers.append("Event-Name", "CUSTOM");
    headers.append("Unique-ID", channelOf(n));
    headers.appendNumber("Event-Sequence", n);
    if (headerBytes > 0)
        headers.append("variable_blob", bodyOf(n, headerBytes));
    return Esl::Event(std::move(headers), bodyOf(n, bodyBytes), true);
}

// What must hold after each of `appended` appends, or why not: memoryBytes() within maxBytes,
// exactly; every number below firstSequence() dropped and counted, and nothing else.
QString brokenLimit(const EventStore &store, qint64 appended)
{
    if (store.memoryBytes() > store.limits().maxBytes)
        return u"%1 bytes stored, over the limit of %2"_s.arg(store.memoryBytes())
            .arg(store.limits().maxBytes);
    if (store.droppedCount() != qint64(store.firstSequence()) ||
        store.endSequence() != Sequence(appended))
        return u"%1 dropped, records %2 to %3 kept, %4 appended"_s.arg(store.droppedCount())
            .arg(store.firstSequence())
            .arg(store.endSequence())
            .arg(appended);
    if (store.firstSequence() > 0 && store.record(store.firstSequence() - 1))
        return u"record %1 counted as dropped but still there"_s.arg(store.firstSequence() - 1);
    return {};
}

} // namespace

class TestEventStoreLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void dropsTheOldestFirstAndCountsTheDrop();
    void staysWithinItsMemoryLimit();
    void keepsEventsOfSeveralMegabytesWithinTheByteLimit_data();
    void keepsEventsOfSeveralMegabytesWithinTheByteLimit();
    void keepsAMixOfTinyAndHugeEventsWithinTheByteLimit();
    void dropsAnEventLargerThanTheLimitWithEverythingBeforeIt_data();
    void dropsAnEventLargerThanTheLimitWithEverythingBeforeIt();
    void closesAChunkWhenItsPoolReachesTheChunkCap_data();
    void closesAChunkWhenItsPoolReachesTheChunkCap();
    void capsEveryChunkFarBelowFourGiB_data();
    void capsEveryChunkFarBelowFourGiB();

private:
    QList<Esl::Event> m_load;
};

void TestEventStoreLimits::initTestCase()
{
    m_load = TestSupport::fixtureEvents(u"load"_s);
    QCOMPARE(m_load.size(), 3724);
}

void TestEventStoreLimits::dropsTheOldestFirstAndCountsTheDrop()
{
    EventStore store(EventStore::Limits{10000, qint64(1) << 40});
    for (int round = 0; round < 4; ++round) {
        for (const Esl::Event &e : m_load)
            store.append(0, e, round);
    }
    const qint64 total = 4 * m_load.size();
    QVERIFY(store.size() <= 10000);
    QCOMPARE(store.droppedCount() + store.size(), total);
    QVERIFY(store.droppedCount() > 0);
    QCOMPARE(store.firstSequence(), Sequence(store.droppedCount()));
    QVERIFY(!store.record(store.firstSequence() - 1));
    // What is left is the newest, intact.
    const Sequence last = store.endSequence() - 1;
    QVERIFY(store.event(last)->headers() == m_load.last().headers());
    // The channel index forgot the dropped records.
    const auto withChannel =
        std::find_if(m_load.crbegin(), m_load.crend(),
                     [](const Esl::Event &e) { return !e.header("Unique-ID").isEmpty(); });
    const QByteArray uuid = withChannel->header("Unique-ID").toByteArray();
    for (const Sequence seq : store.recordsOfChannel(uuid))
        QVERIFY(seq >= store.firstSequence());
    QVERIFY(!store.recordsOfChannel(uuid).isEmpty());
}

void TestEventStoreLimits::staysWithinItsMemoryLimit()
{
    const qint64 limit = 4 * kMiB;
    EventStore store(EventStore::Limits{qint64(1) << 40, limit});
    qint64 appended = 0;
    for (int round = 0; round < 6; ++round) {
        for (const Esl::Event &e : m_load) {
            store.append(0, e, round);
            const QString broken = brokenLimit(store, ++appended);
            QVERIFY2(broken.isEmpty(), qPrintable(broken));
        }
    }
    QVERIFY(store.droppedCount() > 0);
}

void TestEventStoreLimits::keepsEventsOfSeveralMegabytesWithinTheByteLimit_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("bodyBytes");
    QTest::addColumn<int>("events");
    // The bodies of ~16 MB; 1 MiB bodies against 3 MiB chunks, two to a chunk; 3 MiB
    // bodies against 2 MiB chunks, one to a chunk.
    QTest::newRow("16 MiB bodies, 100 MiB limit") << 100 * kMiB << 16 * kMiB << 24;
    QTest::newRow("1 MiB bodies, 48 MiB limit") << 48 * kMiB << kMiB << 120;
    QTest::newRow("3 MiB bodies, 32 MiB limit") << 32 * kMiB << 3 * kMiB << 40;
}

void TestEventStoreLimits::keepsEventsOfSeveralMegabytesWithinTheByteLimit()
{
    QFETCH(qint64, limit);
    QFETCH(qint64, bodyBytes);
    QFETCH(int, events);
    const qint64 heapBefore = TestSupport::heapInUse();
    EventStore store(EventStore::Limits{qint64(1) << 40, limit});
    for (int n = 0; n < events; ++n) {
        QCOMPARE(store.append(0, bigEvent(n, bodyBytes), n), Sequence(n));
        const QString broken = brokenLimit(store, n + 1);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
    }
    QVERIFY(store.droppedCount() > 0);
    // Chunks go whole, yet what is kept still fills most of the limit.
    QVERIFY2(store.size() * bodyBytes >= limit / 2, qPrintable(QString::number(store.size())));
    // What is kept is the newest, byte for byte, and all the channel index knows of.
    QList<Sequence> ofChannel[3];
    for (Sequence seq = store.firstSequence(); seq < store.endSequence(); ++seq) {
        const std::optional<Esl::Event> back = store.event(seq);
        QVERIFY(back);
        QVERIFY(back->headers() == bigEvent(qint64(seq), 0).headers());
        QVERIFY2(back->body() == bodyOf(qint64(seq), bodyBytes), qPrintable(u"%1"_s.arg(seq)));
        ofChannel[seq % 3].append(seq);
    }
    for (int c = 0; c < 3; ++c)
        QCOMPARE(store.recordsOfChannel(channelOf(c)), ofChannel[c]);
    // The store's count is what the heap holds (glibc's or the sanitizer's own count).
    const qint64 grown = TestSupport::heapInUse() - heapBefore;
    QVERIFY2(grown <= limit + limit / 8,
             qPrintable(u"%1: %2"_s.arg(QLatin1StringView(TestSupport::heapMeasure())).arg(grown)));
}

void TestEventStoreLimits::keepsAMixOfTinyAndHugeEventsWithinTheByteLimit()
{
    const qint64 limit = 24 * kMiB;
    EventStore store(EventStore::Limits{qint64(1) << 40, limit});
    // Every 300th event has a body of 1 to 6 MiB; the others are the load capture's.
    const auto sent = [this](qint64 n) {
        return n % 300 == 299 ? bigEvent(n, (1 + n / 300 % 6) * kMiB) : m_load[n % m_load.size()];
    };
    constexpr qint64 kEvents = 12'000;
    for (qint64 n = 0; n < kEvents; ++n) {
        QCOMPARE(store.append(0, sent(n), n), Sequence(n));
        const QString broken = brokenLimit(store, n + 1);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
    }
    QVERIFY(store.droppedCount() > 0);
    QVERIFY(store.size() > 1000);
    for (Sequence seq = store.firstSequence(); seq < store.endSequence(); ++seq) {
        const Esl::Event expected = sent(qint64(seq));
        const std::optional<Esl::Event> back = store.event(seq);
        QVERIFY(back);
        QVERIFY2(back->headers() == expected.headers(), qPrintable(u"%1"_s.arg(seq)));
        QVERIFY2(back->body() == expected.body(), qPrintable(u"%1"_s.arg(seq)));
    }
}

void TestEventStoreLimits::dropsAnEventLargerThanTheLimitWithEverythingBeforeIt_data()
{
    QTest::addColumn<qint64>("bodyBytes");
    QTest::addColumn<qint64>("headerBytes");
    const qint64 limit = 8 * kMiB;
    QTest::newRow("a body of twice the limit") << 2 * limit << qint64(0);
    QTest::newRow("a body one byte over the limit") << limit + 1 << qint64(0);
    QTest::newRow("a body within the limit, its chunk not") << limit - 64 << qint64(0);
    QTest::newRow("a header value over the limit") << qint64(0) << limit + 1;
}

void TestEventStoreLimits::dropsAnEventLargerThanTheLimitWithEverythingBeforeIt()
{
    QFETCH(qint64, bodyBytes);
    QFETCH(qint64, headerBytes);
    const qint64 limit = 8 * kMiB;
    EventStore store(EventStore::Limits{qint64(1) << 40, limit});
    for (qsizetype i = 0; i < 1000; ++i)
        store.append(0, m_load[i], 0);
    QCOMPARE(store.size(), 1000);
    QCOMPARE(store.append(0, bigEvent(1000, bodyBytes, headerBytes), 0), Sequence(1000));
    // The store keeps an unbroken run of the newest records, and the newest cannot be kept.
    QCOMPARE(store.size(), 0);
    QCOMPARE(store.droppedCount(), 1001);
    const QString broken = brokenLimit(store, 1001);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
    QVERIFY(!store.record(1000));
    QVERIFY(store.recordsOfChannel(channelOf(1000)).isEmpty());
    // It goes on storing.
    QCOMPARE(store.append(0, m_load[0], 0), Sequence(1001));
    QVERIFY(store.event(1001)->headers() == m_load[0].headers());
    QCOMPARE(store.droppedCount(), 1001);
}

void TestEventStoreLimits::closesAChunkWhenItsPoolReachesTheChunkCap_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::newRow("16 MiB limit, 1 MiB chunks") << 16 * kMiB;
    QTest::newRow("64 MiB limit, 4 MiB chunks") << 64 * kMiB;
}

void TestEventStoreLimits::closesAChunkWhenItsPoolReachesTheChunkCap()
{
    QFETCH(qint64, limit);
    EventStore store(EventStore::Limits{qint64(1) << 40, limit});
    QCOMPARE(store.chunkBytes(), std::max(limit / 16, kMiB));
    // Bodies just under half the cap fill a chunk two by two, and chunks are dropped whole.
    const qint64 bodyBytes = store.chunkBytes() / 2 - 64 * 1024;
    for (int n = 0; n < 60; ++n) {
        store.append(0, bigEvent(n, bodyBytes), n);
        QVERIFY2(store.droppedCount() % 2 == 0, qPrintable(QString::number(store.droppedCount())));
        const QString broken = brokenLimit(store, n + 1);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
    }
    QVERIFY(store.droppedCount() > 0);
}

void TestEventStoreLimits::capsEveryChunkFarBelowFourGiB_data()
{
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<qint64>("chunkBytes");
    QTest::newRow("1 KiB") << qint64(1024) << kMiB;
    QTest::newRow("768 MiB, the default") << 768 * kMiB << 48 * kMiB;
    QTest::newRow("4 GiB") << 4096 * kMiB << 256 * kMiB;
    QTest::newRow("1 TiB") << (qint64(1) << 40) << 256 * kMiB;
    QTest::newRow("the largest") << std::numeric_limits<qint64>::max() << 256 * kMiB;
}

void TestEventStoreLimits::capsEveryChunkFarBelowFourGiB()
{
    // A chunk's pool is addressed by 32-bit offsets. A record joins a chunk only while the pool
    // and its body stay under chunkBytes(), at most 256 MiB whatever the limit; only a record's
    // own header values could take the pool from there to 4 GiB, and the store drops such a
    // record rather than let an offset wrap.
    QFETCH(qint64, limit);
    QFETCH(qint64, chunkBytes);
    const EventStore store(EventStore::Limits{1000, limit});
    QCOMPARE(store.chunkBytes(), chunkBytes);
    EventStore changed;
    changed.setLimits({1000, limit});
    QCOMPARE(changed.chunkBytes(), chunkBytes);
}

QTEST_GUILESS_MAIN(TestEventStoreLimits)
#include "tst_eventstorelimits.moc"
