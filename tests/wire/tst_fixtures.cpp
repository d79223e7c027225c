// Every capture from the real switch decodes to exactly its expected.jsonl: outer headers, event
// headers in the switch's order, bodies. The schema is the one `eslcat decode` prints.

#include "support/fixtures.h"

#include "esl/wire/event.h"
#include "esl/wire/jsonlines.h"
#include "esl/wire/parser.h"

#include <QTest>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;

class TestFixtures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesEveryMessageExactlyAsExpected_data();
    void decodesEveryMessageExactlyAsExpected();
    void countsWhatTheScenarioDescriptionsSay_data();
    void countsWhatTheScenarioDescriptionsSay();
};

void TestFixtures::decodesEveryMessageExactlyAsExpected_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &scenario : allScenarios())
        QTest::newRow(qPrintable(scenario)) << scenario;
}

void TestFixtures::decodesEveryMessageExactlyAsExpected()
{
    QFETCH(QString, scenario);
    const QList<Esl::Message> messages = parseAll(readFixture(scenario, QStringLiteral(".esl")));
    const QList<QByteArray> expected = expectedLines(scenario);
    QCOMPARE(messages.size(), expected.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const Esl::Message &message = messages[i];
        std::optional<Esl::Event> event;
        if (message.isEvent()) {
            Esl::Expected<Esl::Event> decoded = Esl::Event::fromMessage(message);
            if (!decoded)
                QFAIL(qPrintable(QStringLiteral("message %1: %2").arg(i).arg(decoded.error().toString())));
            event = std::move(decoded).value();
        }
        const QByteArray line = Esl::wire::toJsonLine(message, event ? &*event : nullptr);
        if (line != expected[i]) {
            qWarning("message %lld differs:\n  got      %s\n  expected %s", static_cast<long long>(i),
                     line.left(600).constData(), expected[i].left(600).constData());
        }
        QCOMPARE(line, expected[i]);
    }
}

void TestFixtures::countsWhatTheScenarioDescriptionsSay_data()
{
    // The figures the capture notes (tests/fixtures/NAME.md) give for each scenario.
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("count");
    QTest::newRow("inbound-plain log/data") << u"inbound-plain"_s << u"log/data"_s << 211;
    QTest::newRow("inbound-plain events") << u"inbound-plain"_s << u"text/event-plain"_s << 140;
    QTest::newRow("inbound-plain api") << u"inbound-plain"_s << u"api/response"_s << 14;
    QTest::newRow("inbound-plain replies") << u"inbound-plain"_s << u"command/reply"_s << 13;
    QTest::newRow("outbound events") << u"outbound"_s << u"text/event-plain"_s << 16;
    QTest::newRow("outbound notices") << u"outbound"_s << u"text/disconnect-notice"_s << 2;
    QTest::newRow("load events") << u"load"_s << u"text/event-plain"_s << 3724;
    QTest::newRow("load replies") << u"load"_s << u"command/reply"_s << 43;
}

void TestFixtures::countsWhatTheScenarioDescriptionsSay()
{
    QFETCH(QString, scenario);
    QFETCH(QString, contentType);
    QFETCH(int, count);
    int seen = 0;
    for (const Esl::Message &message : parseAll(readFixture(scenario, QStringLiteral(".esl")))) {
        if (message.contentType() == contentType.toUtf8())
            ++seen;
    }
    QCOMPARE(seen, count);
}

QTEST_APPLESS_MAIN(TestFixtures)
#include "tst_fixtures.moc"
