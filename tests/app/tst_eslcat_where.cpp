// eslcat decode --where and eslcat events --where: only the events and log lines a filter
// expression matches are printed, matched exactly as the console's event log matches its
// records; a bad expression is a usage error (exit status 2) that points at the fault.

#include "esl/logline.h"
#include "esl/wire/event.h"
#include "monitor/eventstore.h"
#include "monitor/filter.h"
#include "support/fixtures.h"
#include "support/scriptedpeer.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int ProcessTimeoutMs = 20000;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run eslcat(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH), arguments);
    Run run;
    if (!process.waitForFinished(ProcessTimeoutMs))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QList<QByteArray> linesOf(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

// The expected decode lines of a capture's events and log lines that `filter` matches, matched
// the way the event log matches them: as records of an EventStore.
QList<QByteArray> matchingLines(const QString &scenario, const Monitor::Filter &filter)
{
    const QList<Esl::Message> messages = parseAll(readFixture(scenario, u".esl"_s));
    const QList<QByteArray> lines = expectedLines(scenario);
    Monitor::EventStore store;
    QList<QByteArray> out;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        Monitor::Sequence seq = 0;
        if (messages[i].isEvent())
            seq = store.append(0, *Esl::Event::fromMessage(messages[i]), 0);
        else if (messages[i].contentType() == Esl::ContentType::LogData)
            seq = store.appendLog(0, Esl::LogLine::fromMessage(messages[i]), 0);
        else
            continue;
        if (filter.matches(*store.record(seq)))
            out.append(lines[i]);
    }
    return out;
}

QString tabsAsSpaces(QString text)
{
    return text.replace(u'\t', u' ');
}

} // namespace

class TestEslcatWhere : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows
    void decodePrintsOnlyTheMatchingEventsAndLogLines_data();
    void decodePrintsOnlyTheMatchingEventsAndLogLines();
    void decodeSummaryCountsOnlyWhatMatches();
    void eventsPrintsOnlyTheMatchingEventsAndRecordsEverything();

    // Rainy days
    void aBadExpressionExitsTwoAndPointsAtTheFault_data();
    void aBadExpressionExitsTwoAndPointsAtTheFault();
    void fortyThousandBracketsAreAUsageErrorNotACrash_data();
    void fortyThousandBracketsAreAUsageErrorNotACrash();
};

void TestEslcatWhere::decodePrintsOnlyTheMatchingEventsAndLogLines_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("none"); // nothing is expected to match
    QTest::newRow("hangups") << u"inbound-plain"_s << u"Event-Name == CHANNEL_HANGUP"_s << false;
    QTest::newRow("notices and worse") << u"inbound-plain"_s << u"Log-Level <= 5"_s << false;
    QTest::newRow("one channel, events and log lines")
        << u"inbound-plain"_s
        << u"Unique-ID == 7ad5180e-7286-49bc-acf0-11020f869586 || "
           "User-Data == 7ad5180e-7286-49bc-acf0-11020f869586"_s
        << false;
    QTest::newRow("json, by regex")
        << u"inbound-json"_s << u"Event-Name ~ \"^channel_(answer|bridge)$\""_s << false;
    QTest::newRow("xml, full text") << u"inbound-xml"_s << u"loopback/9196-a && park"_s << false;
    QTest::newRow("custom events")
        << u"conference-maintenance"_s
        << u"Event-Subclass == \"conference::maintenance\" && Action in {add-member del-member}"_s
        << false;
    QTest::newRow("nothing") << u"outbound"_s << u"Event-Name == NO_SUCH_EVENT"_s << true;
}

void TestEslcatWhere::decodePrintsOnlyTheMatchingEventsAndLogLines()
{
    QFETCH(QString, scenario);
    QFETCH(QString, expression);
    QFETCH(bool, none);
    const Monitor::FilterResult compiled = Monitor::Filter::compile(expression);
    QVERIFY(compiled);
    const QList<QByteArray> expected = matchingLines(scenario, compiled.filter());
    QCOMPARE(expected.isEmpty(), none);
    QVERIFY(expected.size() < expectedLines(scenario).size() / 2);

    const Run run =
        eslcat({u"decode"_s, u"--where"_s, expression, fixturePath(scenario, u".esl"_s)});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.err, QByteArray());
    QCOMPARE(linesOf(run.out), expected);
}

void TestEslcatWhere::decodeSummaryCountsOnlyWhatMatches()
{
    const QString expression = u"Event-Name == CHANNEL_HANGUP || Log-Level == 5"_s;
    const qsizetype count =
        matchingLines(u"inbound-plain"_s, Monitor::Filter::compile(expression).filter()).size();
    const Run run = eslcat({u"decode"_s, u"--summary"_s, u"--where"_s, expression,
                            fixturePath(u"inbound-plain"_s, u".esl"_s)});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith("messages: " + QByteArray::number(count) + '\n'),
             run.out.constData());
    QVERIFY(run.out.contains("\n  CHANNEL_HANGUP "));
    QVERIFY(run.out.contains("\n  log/data "));
    QVERIFY(!run.out.contains("command/reply"));
}

void TestEslcatWhere::eventsPrintsOnlyTheMatchingEventsAndRecordsEverything()
{
    const QString expression = u"Event-Name in {CHANNEL_ANSWER CHANNEL_HANGUP}"_s;
    const Monitor::Filter filter = Monitor::Filter::compile(expression).filter();
    QTemporaryDir dir;
    const QString raw = dir.filePath(u"all.esl"_s);

    // S: the capture's first 120 events; the ones the expression matches are expected.
    const QByteArray bytes = readFixture(u"inbound-plain"_s, u".esl"_s);
    const QList<Esl::Message> messages = parseAll(bytes);
    const QList<QByteArray> lines = expectedLines(u"inbound-plain"_s);
    QByteArray events;
    QList<QByteArray> expected;
    for (qsizetype i = 0, sent = 0; i + 1 < messages.size() && sent < 120; ++i) {
        if (!messages[i].isEvent())
            continue;
        ++sent;
        events += bytes.mid(messages[i].offset(), messages[i + 1].offset() - messages[i].offset());
        if (filter.matches(Monitor::EslEventView(*Esl::Event::fromMessage(messages[i]))))
            expected.append(lines[i]);
    }
    QVERIFY(expected.size() >= 4);

    ScriptedPeer peer;
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH),
                  {u"events"_s, u"--port"_s, QString::number(peer.port()), u"--where"_s, expression,
                   u"--raw"_s, raw});
    QVERIFY(process.waitForStarted());
    QVERIFY(peer.waitForClient(ProcessTimeoutMs));
    peer.send(ScriptedPeer::authRequest());
    QVERIFY(peer.expect("auth ClueCon\n\n", ProcessTimeoutMs));
    peer.send(ScriptedPeer::reply("+OK accepted"));
    // C: the client's own set-up, answered as a switch would, until the subscription.
    for (;;) {
        const QByteArray command = peer.nextCommand(ProcessTimeoutMs);
        QVERIFY2(!command.isEmpty(), qPrintable(peer.lastFailure()));
        if (command.startsWith("api "))
            peer.send(ScriptedPeer::apiResponse("9c54379b-4e81-4b6c-8148-3aa61b4501b8"));
        else
            peer.send(ScriptedPeer::reply("+OK"));
        if (command == "event plain ALL\n\n")
            break;
    }
    peer.send(events);
    QByteArray out;
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += process.readAllStandardOutput();
            return out.count('\n') >= expected.size();
        },
        ProcessTimeoutMs));
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(
        QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, ProcessTimeoutMs));
    QCOMPARE(process.exitCode(), 0);
    out += process.readAllStandardOutput();
    QCOMPARE(linesOf(out), expected);
    // --raw still holds every event the switch sent.
    QFile file(raw);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().endsWith(events));
}

void TestEslcatWhere::aBadExpressionExitsTwoAndPointsAtTheFault_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expression");
    for (const QString &command : {u"decode"_s, u"events"_s}) {
        const auto row = [&](const char *name, const QString &expression) {
            QTest::addRow("%s, %s", qPrintable(command), name) << command << expression;
        };
        row("value missing at the end", u"Event-Name == "_s);
        row("quote never closed", u"Event-Name == \"CHANNEL_"_s);
        row("operator first", u"&& Event-Name == CHANNEL_ANSWER"_s);
        row("bad regex", u"Event-Name ~ \"(unclosed\""_s);
        row("tab before the fault", u"Event-Name\t== x &&"_s);
    }
}

void TestEslcatWhere::aBadExpressionExitsTwoAndPointsAtTheFault()
{
    QFETCH(QString, command);
    QFETCH(QString, expression);
    const Monitor::FilterResult compiled = Monitor::Filter::compile(expression);
    QVERIFY(!compiled);
    const Monitor::FilterError &error = compiled.error();

    // events: no switch listens on port 1; the expression is refused before connecting.
    const Run run =
        command == u"decode"
            ? eslcat({command, u"--where"_s, expression, fixturePath(u"outbound"_s, u".esl"_s)})
            : eslcat({command, u"--port"_s, u"1"_s, u"--where"_s, expression});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QByteArray());
    const QByteArray expected =
        u"eslcat: --where: %1 at character %2\n  %3\n  %4^\n"_s.arg(error.message)
            .arg(error.position + 1)
            .arg(tabsAsSpaces(expression), QString(error.position, u' '))
            .toUtf8();
    QCOMPARE(run.err, expected);
}

void TestEslcatWhere::fortyThousandBracketsAreAUsageErrorNotACrash_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("decode") << u"decode"_s;
    QTest::newRow("events") << u"events"_s;
}

// Brackets nest at most 64 deep (Filter::MaxNesting): the 65th is refused where it stands, and
// only the part of the expression around it is echoed, so the message stays three short lines.
void TestEslcatWhere::fortyThousandBracketsAreAUsageErrorNotACrash()
{
    QFETCH(QString, command);
    const QString expression = QString(40'000, u'(') + u"Event-Name == X"_s;
    const Run run =
        command == u"decode"
            ? eslcat({command, u"--where"_s, expression, fixturePath(u"outbound"_s, u".esl"_s)})
            : eslcat({command, u"--port"_s, u"1"_s, u"--where"_s, expression});
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QByteArray());
    // 50 brackets before the 65th (at character 65), 50 from it on; … where the echo is cut.
    const QByteArray expected = "eslcat: --where: nesting deeper than 64 at character 65\n"
                                "  …" +
                                QByteArray(100, '(') + "…\n  " + QByteArray(51, ' ') + "^\n";
    QCOMPARE(run.err, expected);
}

QTEST_GUILESS_MAIN(TestEslcatWhere)
#include "tst_eslcat_where.moc"
