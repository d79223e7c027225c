// The event log model over the hub's EventStore: rows appear in arrival order a batch at a time,
// a filter shows exactly the records it matches, a bad expression says where it went wrong,
// following a call shows its records only, records the store drops leave from the top, each
// kind of record gets a telling summary, and a hundred thousand rows cost no per-row objects.

#include "support/uisim.h"

#include "ui/common/modelroles.h"
#include "ui/logs/eventlogmodel.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Monitor::Hub;
using Monitor::Sequence;
using TestSupport::kTester;
using TestSupport::kWait;
using TestSupport::UiSim;
using Ui::EventLogModel;

namespace {

Esl::Event makeEvent(const QList<std::pair<QByteArray, QByteArray>> &headers,
                     const QByteArray &body = {})
{
    Esl::HeaderList list;
    for (const auto &[name, value] : headers)
        list.append(name, value);
    return Esl::Event(list, body, !body.isNull());
}

Esl::Event channelEvent(const QByteArray &name, const QByteArray &uuid)
{
    return makeEvent({{"Event-Name", name},
                      {"Unique-ID", uuid},
                      {"Caller-Caller-ID-Name", "Ann"},
                      {"Caller-Caller-ID-Number", "1001"}});
}

qint64 countMatching(const Monitor::EventStore &store, const Monitor::Filter &filter)
{
    qint64 n = 0;
    store.forEach(store.firstSequence(), store.endSequence(),
                  [&](const Monitor::EventStore::Record &r) {
                      n += filter.matches(r);
                      return true;
                  });
    return n;
}

QString text(const EventLogModel &model, int row, int column)
{
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

} // namespace

class TestEventLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsRecordsInArrivalOrderAfterTheBatch();
    void aFilterShowsExactlyTheMatchingRecords();
    void aBadExpressionSaysWhereItWentWrong();
    void followingACallShowsItsRecordsOnly();
    void recordsTheStoreDropsLeaveFromTheTop_data();
    void recordsTheStoreDropsLeaveFromTheTop();
    void summarisesEachKindOfRecord_data();
    void summarisesEachKindOfRecord();
    void showsAHeaderAsAColumn();
    void aHundredThousandRecordsNeedNoPerRowObjects();
};

void TestEventLogModel::showsRecordsInArrivalOrderAfterTheBatch()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    EventLogModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const Monitor::EventStore *store = hub.store();
    QCOMPARE(model.rowCount(), int(store->size())); // what was there before the model
    const QString a = sim.call(u"Ann"_s, u"1001"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return m->channels()->channel(a) && !m->channels()->channel(a)->bridgedTo.isEmpty();
        },
        kWait));
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == int(store->size()); }, kWait));
    QVERIFY(model.rowCount() > 20);
    QVERIFY2(inserted.count() < model.rowCount() / 4, "rows come in batches, not one by one");
    for (int row = 0; row < model.rowCount(); ++row) {
        const Sequence seq = model.sequenceAt(row);
        QCOMPARE(seq, store->firstSequence() + Sequence(row));
        QCOMPARE(model.rowOf(seq), row);
        const auto e = store->event(seq);
        const auto r = store->record(seq);
        QCOMPARE(text(model, row, EventLogModel::Event),
                 r->kind() == Monitor::RecordKind::Log ? u"log"_s : e->name());
        QCOMPARE(text(model, row, EventLogModel::Server), u"pbx1"_s);
        QCOMPARE(model.data(model.index(row, EventLogModel::Time), Ui::RawValueRole).toLongLong(),
                 r->receivedMs());
    }
    QVERIFY(QRegularExpression(u"^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d$"_s)
                .match(text(model, 0, EventLogModel::Time))
                .hasMatch());
    const int create = model.rowOf(hub.store()->recordsOfChannel(a.toUtf8()).first());
    QCOMPARE(text(model, create, EventLogModel::Event), u"CHANNEL_CREATE"_s);
    QCOMPARE(text(model, create, EventLogModel::Caller), u"Ann <1001>"_s);
    QCOMPARE(text(model, create, EventLogModel::Channel), a.left(8) + QChar(0x2026));
    QCOMPARE(model.data(model.index(create, EventLogModel::Channel), Qt::ToolTipRole).toString(),
             a);
    QCOMPARE(model.sequenceAt(model.rowCount()), EventLogModel::kNoSequence);
    QCOMPARE(model.rowOf(store->endSequence()), -1);
}

void TestEventLogModel::aFilterShowsExactlyTheMatchingRecords()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    EventLogModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    sim.call(u"Ann"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 2; }, kWait));
    const QString expression = u"Event-Name == CHANNEL_CALLSTATE"_s;
    const Monitor::Filter filter = Monitor::Filter::compile(expression).filter();
    // Both legs ringing. The call's events come with its log lines, over several reads: the
    // second leg's may still be on their way when the monitor knows of both legs.
    QVERIFY(QTest::qWaitFor([&] { return countMatching(*hub.store(), filter) >= 2; }, kWait));
    QCOMPARE(model.setFilterText(expression), std::nullopt);
    QCOMPARE(model.rowCount(), int(countMatching(*hub.store(), filter)));
    QVERIFY(model.rowCount() >= 2);
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(text(model, row, EventLogModel::Event), u"CHANNEL_CALLSTATE"_s);
        QVERIFY(text(model, row, EventLogModel::Summary).contains(u" → "_s));
        QCOMPARE(model.rowOf(model.sequenceAt(row)), row);
    }
    // Records arriving under the filter join it, the others do not.
    const QString b = sim.call(u"Bea"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCount() == 4; }, kWait));
    QVERIFY(QTest::qWaitFor(
        [&] {
            model.flush();
            return model.rowCount() == int(countMatching(*hub.store(), filter));
        },
        kWait));
    QVERIFY(model.rowIndexBytes() > 0);
    // Back to everything.
    QCOMPARE(model.setFilterText(QString()), std::nullopt);
    QCOMPARE(model.rowCount(), int(hub.store()->size()));
    QCOMPARE(model.rowIndexBytes(), 0);
}

void TestEventLogModel::aBadExpressionSaysWhereItWentWrong()
{
    Hub hub;
    EventLogModel model(&hub);
    QVERIFY(!model.setFilterText(u"Event-Name == HEARTBEAT"_s));
    const QString bad = u"Event-Name == HEARTBEAT && (Unique-ID"_s;
    const std::optional<Monitor::FilterError> error = model.setFilterText(bad);
    QVERIFY(error);
    QCOMPARE(error->position, Monitor::Filter::compile(bad).error().position);
    QVERIFY(error->position > 20);
    QVERIFY(!error->message.isEmpty());
    // The last good filter stays.
    QCOMPARE(model.filter().toString(), u"Event-Name == HEARTBEAT"_s);
}

void TestEventLogModel::followingACallShowsItsRecordsOnly()
{
    UiSim sim;
    Hub hub;
    Monitor::ServerMonitor *m = sim.watch(hub, u"pbx1"_s);
    QVERIFY(m);
    EventLogModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    const QString a = sim.call(u"Ann"_s);
    sim.call(u"Other"_s);
    QVERIFY(QTest::qWaitFor([&] { return m->channels()->liveCallCount() == 2; }, kWait));
    QVERIFY(
        QTest::qWaitFor([&] { return !m->channels()->channel(a)->bridgedTo.isEmpty(); }, kWait));
    const QString b = m->channels()->channel(a)->bridgedTo;
    model.followChannels({a, b});
    QCOMPARE(model.followedChannels(), (QSet<QString>{a, b}));
    QList<Sequence> expected =
        hub.store()->recordsOfChannel(a.toUtf8()) + hub.store()->recordsOfChannel(b.toUtf8());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(model.rowCount(), int(expected.size()));
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.sequenceAt(row), expected.at(row));
        const QString uuid = model.data(model.index(row, 0), Ui::UuidRole).toString();
        QVERIFY(uuid == a || uuid == b);
    }
    // What the call does next joins; a filter narrows it further.
    sim.sw->api(u"uuid_hold "_s + a);
    QVERIFY(QTest::qWaitFor(
        [&] {
            return model.rowCount() > expected.size() &&
                   text(model, model.rowCount() - 1, EventLogModel::Channel).startsWith(a.left(8));
        },
        kWait));
    QCOMPARE(model.setFilterText(u"Event-Name == CHANNEL_HOLD"_s), std::nullopt);
    QCOMPARE(model.rowCount(), 1);
    model.followChannels({});
    model.setFilter({});
    QCOMPARE(model.rowCount(), int(hub.store()->size()));
}

void TestEventLogModel::recordsTheStoreDropsLeaveFromTheTop_data()
{
    QTest::addColumn<QString>("filter");
    QTest::newRow("every record") << QString();
    QTest::newRow("filtered") << u"Event-Name == CHANNEL_STATE"_s;
}

void TestEventLogModel::recordsTheStoreDropsLeaveFromTheTop()
{
    QFETCH(QString, filter);
    Hub hub;
    Monitor::EventStore *store = hub.store();
    store->setLimits({5000, qint64(64) * 1024 * 1024});
    EventLogModel model(&hub);
    QCOMPARE(model.setFilterText(filter), std::nullopt);
    QAbstractItemModelTester tester(&model, kTester);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    const QByteArray names[] = {"CHANNEL_STATE", "CHANNEL_EXECUTE"};
    const Monitor::Filter compiled = Monitor::Filter::compile(filter).filter();
    int appended = 0;
    const auto append = [&](int count) {
        for (int i = 0; i < count; ++i, ++appended)
            store->append(1, channelEvent(names[appended % 2], "u"), appended);
        model.scheduleFlush();
        return QTest::qWaitFor(
            [&] { return model.rowCount() == int(countMatching(*store, compiled)); }, kWait);
    };
    QVERIFY(append(4000));
    QCOMPARE(store->droppedCount(), 0);
    QCOMPARE(model.sequenceAt(0), Sequence(0));
    QVERIFY(append(8000));
    QVERIFY(store->droppedCount() > 0);
    QVERIFY(!removed.isEmpty());
    for (const auto &args : removed)
        QCOMPARE(args.at(1).toInt(), 0); // always from the top
    QVERIFY(model.sequenceAt(0) >= store->firstSequence());
    QVERIFY(model.sequenceAt(0) < store->firstSequence() + 2);
    QVERIFY(model.sequenceAt(model.rowCount() - 1) >= store->endSequence() - 2);
}

void TestEventLogModel::summarisesEachKindOfRecord_data()
{
    QTest::addColumn<Esl::Event>("event");
    QTest::addColumn<QString>("summary");
    QTest::newRow("call state") << makeEvent({{"Event-Name", "CHANNEL_CALLSTATE"},
                                              {"Original-Channel-Call-State", "RINGING"},
                                              {"Channel-Call-State", "ACTIVE"}})
                                << u"RINGING → ACTIVE"_s;
    QTest::newRow("hangup") << makeEvent({{"Event-Name", "CHANNEL_HANGUP"},
                                          {"Hangup-Cause", "USER_BUSY"}})
                            << u"USER_BUSY"_s;
    QTest::newRow("execute") << makeEvent({{"Event-Name", "CHANNEL_EXECUTE"},
                                           {"Application", "playback"},
                                           {"Application-Data", "/tmp/a.wav"}})
                             << u"playback(/tmp/a.wav)"_s;
    QTest::newRow("background job")
        << makeEvent({{"Event-Name", "BACKGROUND_JOB"}, {"Job-Command", "originate"}},
                     "\n+OK 1234\nmore\n")
        << u"+OK 1234"_s;
    QTest::newRow("api") << makeEvent({{"Event-Name", "API"},
                                       {"API-Command", "uuid_kill"},
                                       {"API-Command-Argument", "abc"}})
                         << u"uuid_kill abc"_s;
    QTest::newRow("dtmf") << makeEvent({{"Event-Name", "DTMF"}, {"DTMF-Digit", "5"}})
                          << u"digit 5"_s;
}

void TestEventLogModel::summarisesEachKindOfRecord()
{
    QFETCH(Esl::Event, event);
    QFETCH(QString, summary);
    Hub hub;
    EventLogModel model(&hub);
    hub.store()->append(3, event, 0);
    model.flush();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(text(model, 0, EventLogModel::Summary), summary);
    QCOMPARE(text(model, 0, EventLogModel::Server), u"server 3"_s);
}

void TestEventLogModel::showsAHeaderAsAColumn()
{
    Hub hub;
    EventLogModel model(&hub);
    QAbstractItemModelTester tester(&model, kTester);
    Esl::LogLine line;
    line.level = 4;
    line.text = u"a log line\n"_s;
    line.userData = u"uuid-1"_s;
    hub.store()->appendLog(1, line, 0);
    hub.store()->append(1,
                        makeEvent({{"Event-Name", "CUSTOM"},
                                   {"Event-Subclass", "sofia::register"},
                                   {"variable_sip_user_agent", "Yealink"}}),
                        0);
    model.flush();
    QVERIFY(model.addHeaderColumn(u"variable_sip_user_agent"_s));
    QVERIFY(!model.addHeaderColumn(u"VARIABLE_SIP_USER_AGENT"_s));
    const int column = EventLogModel::FirstHeaderColumn;
    QCOMPARE(model.columnCount(), column + 1);
    QCOMPARE(text(model, 0, EventLogModel::Event), u"log"_s);
    QCOMPARE(text(model, 0, EventLogModel::Summary), u"a log line"_s);
    QCOMPARE(model.data(model.index(0, 0), Ui::LogLevelRole).toInt(), 4);
    QCOMPARE(text(model, 1, EventLogModel::Subclass), u"sofia::register"_s);
    QCOMPARE(text(model, 1, column), u"Yealink"_s);
    QCOMPARE(model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString(),
             u"variable_sip_user_agent"_s);
    QVERIFY(model.removeHeaderColumn(u"variable_sip_user_agent"_s));
    QCOMPARE(model.columnCount(), int(EventLogModel::FirstHeaderColumn));
}

void TestEventLogModel::aHundredThousandRecordsNeedNoPerRowObjects()
{
    Hub hub;
    EventLogModel model(&hub);
    constexpr int kRecords = 100'000;
    for (int i = 0; i < kRecords; ++i)
        hub.store()->append(1, channelEvent(i % 2 ? "CHANNEL_STATE" : "CHANNEL_EXECUTE", "u"), i);
    model.scheduleFlush();
    QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == kRecords; }, kWait));
    QCOMPARE(model.rowIndexBytes(), 0); // rows are sequence numbers; nothing per row
    QCOMPARE(text(model, kRecords - 1, EventLogModel::Event), u"CHANNEL_STATE"_s);
    QCOMPARE(model.setFilterText(u"Event-Name == CHANNEL_STATE"_s), std::nullopt);
    QCOMPARE(model.rowCount(), kRecords / 2);
    QCOMPARE(model.rowIndexBytes(), qint64(kRecords / 2 * sizeof(Sequence)));
}

QTEST_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
