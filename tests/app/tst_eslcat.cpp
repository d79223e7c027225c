// eslcat decode, driven as a user would: a process with files, stdin, and broken input.

#include "support/fixtures.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run eslcat(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(ESLCAT_PATH), arguments);
    if (!process.waitForStarted())
        return {};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QByteArray expectedFile(const QString &scenario)
{
    return readFixture(scenario, QStringLiteral(".expected.jsonl"));
}

// A byte a terminal acts on (C0 but the final newline, DEL, the UTF-8 of a C1 control).
bool hasControlBytes(QByteArrayView text)
{
    if (text.endsWith('\n'))
        text.chop(1);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = uchar(text[i]);
        if (c < 0x20 || c == 0x7f ||
            (c == 0xc2 && i + 1 < text.size() && uchar(text[i + 1]) < 0xa0))
            return true;
    }
    return false;
}

} // namespace

class TestEslcat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void decodePrintsTheExpectedJsonLines_data();
    void decodePrintsTheExpectedJsonLines();
    void decodeReadsStandardInputForADash();
    void decodeConcatenatesSeveralFiles();
    void summaryCountsContentTypesAndEventNames();
    void malformedInputPrintsWhatCameBeforeAndNamesTheOffset();
    void aFileEndingMidMessageIsReportedAsIncomplete();
    void anUndecodableEventStopsWithItsOffset();
    void aMissingFileIsAnError();
    void anUnknownCommandIsAUsageError();
    void eachSubcommandsHelpNamesItInTheUsageLine_data();
    void eachSubcommandsHelpNamesItInTheUsageLine();
    void anUnknownOptionOfASubcommandIsAUsageError();

    // Hostile input: what eslcat prints must not drive the terminal it prints on.
    void aHalfMegabyteNegativeLengthIsOneShortLine();
    void terminalEscapesInTheInputAreShownEscapedOnStderr();
    void jsonLinesEscapeControlCharactersInValues();
    void theSummaryShowsNamesFromTheInputEscaped();

private:
    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }
    QTemporaryDir m_dir;
};

void TestEslcat::decodePrintsTheExpectedJsonLines_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &scenario : allScenarios())
        QTest::newRow(qPrintable(scenario)) << scenario;
}

void TestEslcat::decodePrintsTheExpectedJsonLines()
{
    QFETCH(QString, scenario);
    const Run run = eslcat({u"decode"_s, fixturePath(scenario, u".esl"_s)});
    QCOMPARE(run.err, QByteArray());
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out == expectedFile(scenario));
}

void TestEslcat::decodeReadsStandardInputForADash()
{
    const Run run = eslcat({u"decode"_s, u"-"_s}, readFixture(u"outbound"_s, u".esl"_s));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, expectedFile(u"outbound"_s));
}

void TestEslcat::decodeConcatenatesSeveralFiles()
{
    const Run run = eslcat({u"decode"_s, fixturePath(u"auth-fail"_s, u".esl"_s),
                            fixturePath(u"outbound"_s, u".esl"_s)});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, expectedFile(u"auth-fail"_s) + expectedFile(u"outbound"_s));
}

void TestEslcat::summaryCountsContentTypesAndEventNames()
{
    const Run run =
        eslcat({u"decode"_s, u"--summary"_s, fixturePath(u"inbound-plain"_s, u".esl"_s)});
    QCOMPARE(run.exitCode, 0);
    const QString text = QString::fromUtf8(run.out);
    // The counts inbound-plain.md gives: 380 messages, 211 log/data, 140 events, ...
    QVERIFY2(text.contains(u"messages: 380"), qPrintable(text));
    QVERIFY(text.contains(QRegularExpression(u"log/data\\s+211"_s)));
    QVERIFY(text.contains(QRegularExpression(u"text/event-plain\\s+140"_s)));
    QVERIFY(text.contains(QRegularExpression(u"api/response\\s+14"_s)));
    QVERIFY(text.contains(QRegularExpression(u"command/reply\\s+13"_s)));
    QVERIFY(text.contains(QRegularExpression(u"BACKGROUND_JOB\\s+2"_s)));
    QVERIFY(text.contains(QRegularExpression(u"bytes: 447003"_s)));
    QVERIFY(!text.contains(u"\"contentType\""));
}

void TestEslcat::malformedInputPrintsWhatCameBeforeAndNamesTheOffset()
{
    const QByteArray good = "Content-Type: auth/request\n\n"
                            "Content-Type: command/reply\nReply-Text: +OK accepted\n\n";
    const QByteArray bad = "Content-Type: api/response\nContent-Length: 12abc\n\nwhatever";
    const QString path = writeFile(u"bad.esl"_s, good + bad);
    const Run run = eslcat({u"decode"_s, path});
    QVERIFY(run.exitCode != 0);
    QCOMPARE(run.out.count('\n'), 2);
    QVERIFY(run.out.startsWith("{\"contentType\": \"auth/request\""));
    const QString err = QString::fromUtf8(run.err);
    QCOMPARE(err.count(u'\n'), 1);
    // The fault is found at the blank line that ends the bad header block.
    const qsizetype blankLine = good.size() + bad.indexOf("\n\n") + 1;
    QVERIFY2(err.contains(QStringLiteral("at byte %1").arg(blankLine)), qPrintable(err));
    QVERIFY2(err.contains(u"not a number"), qPrintable(err));
}

void TestEslcat::aFileEndingMidMessageIsReportedAsIncomplete()
{
    const QByteArray whole = readFixture(u"outbound"_s, u".esl"_s);
    const QList<Esl::Message> messages = parseAll(whole);
    QVERIFY(messages.size() > 5);
    // Cut the fifth message in the middle of its body.
    const qint64 start = messages[4].offset();
    const qint64 cut = messages[5].offset() - 10;
    const QString path = writeFile(u"cut.esl"_s, whole.left(cut));
    const Run run = eslcat({u"decode"_s, path});
    QVERIFY(run.exitCode != 0);
    QCOMPARE(run.out.count('\n'), 4);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("at byte %1").arg(start)), qPrintable(err));
    QVERIFY2(err.contains(u"input ended inside a message"), qPrintable(err));
}

void TestEslcat::anUndecodableEventStopsWithItsOffset()
{
    const QByteArray good = "Content-Type: auth/request\n\n";
    const QByteArray body = "{\"Event-Name\": \"HEARTBEAT\",";
    const QByteArray bad = "Content-Length: " + QByteArray::number(body.size()) +
                           "\nContent-Type: text/event-json\n\n" + body;
    const Run run = eslcat({u"decode"_s, writeFile(u"json.esl"_s, good + bad)});
    QVERIFY(run.exitCode != 0);
    QCOMPARE(run.out.count('\n'), 1);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("at byte %1").arg(good.size())), qPrintable(err));
    QVERIFY2(err.contains(u"json"), qPrintable(err));
}

void TestEslcat::aMissingFileIsAnError()
{
    const Run run = eslcat({u"decode"_s, m_dir.filePath(u"nope.esl"_s)});
    QVERIFY(run.exitCode != 0);
    QVERIFY(run.out.isEmpty());
    QVERIFY(run.err.contains("nope.esl"));
}

void TestEslcat::anUnknownCommandIsAUsageError()
{
    const Run run = eslcat({u"frobnicate"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("unknown command"));
    QVERIFY(run.err.contains("decode"));
}

void TestEslcat::eachSubcommandsHelpNamesItInTheUsageLine_data()
{
    QTest::addColumn<QString>("command");
    for (const char *command : {"decode", "api", "events", "calls", "sim"})
        QTest::newRow(command) << QString::fromLatin1(command);
}

void TestEslcat::eachSubcommandsHelpNamesItInTheUsageLine()
{
    QFETCH(QString, command);
    const Run run = eslcat({command, u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    const QString usage = QString::fromUtf8(run.out.left(run.out.indexOf('\n')));
    QVERIFY2(usage.startsWith(u"Usage: "_s), qPrintable(usage));
    QVERIFY2(usage.contains(u"eslcat "_s + command + u" [options]"_s), qPrintable(usage));
}

void TestEslcat::anUnknownOptionOfASubcommandIsAUsageError()
{
    for (const QString &command : {u"decode"_s, u"sim"_s}) {
        const Run run = eslcat({command, u"--no-such-option"_s});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no-such-option"), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }
}

void TestEslcat::aHalfMegabyteNegativeLengthIsOneShortLine()
{
    const QByteArray good = "Content-Type: command/reply\nReply-Text: +OK\n\n";
    const QByteArray bad =
        "Content-Type: api/response\nContent-Length: -" + QByteArray(500'000, '0') + "1\n\n";
    const Run run = eslcat({u"decode"_s, u"-"_s}, good + bad);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out.count('\n'), 1);
    const QByteArray expected =
        "eslcat: <stdin>: at byte " + QByteArray::number(good.size() + bad.size() - 1) +
        ": negative Content-Length \"-" + QByteArray(63, '0') + "…\" (500002 bytes)\n";
    QCOMPARE(run.err, expected);
    QVERIFY(run.err.size() < 200);
}

void TestEslcat::terminalEscapesInTheInputAreShownEscapedOnStderr()
{
    // ESC ] 0 ; ... BEL retitles the terminal, CR moves back over the line, ESC [ 2 J clears
    // the screen, CSI as a C1 control does what ESC [ does.
    const QByteArray bad =
        "Content-Type: api/response\nContent-Length: 1\x1b]0;pwned\x07\r\x1b[2J\xc2\x9b"
        "2J\n\n";
    const Run run = eslcat({u"decode"_s, u"-"_s}, bad);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err, "eslcat: <stdin>: at byte " + QByteArray::number(bad.size() - 1) +
                          ": Content-Length \"1\\e]0;pwned\\a\\r\\e[2J\\u{9b}2J\" is not a "
                          "number\n");
    QVERIFY(!hasControlBytes(run.err));
}

void TestEslcat::jsonLinesEscapeControlCharactersInValues()
{
    const QByteArray event = "Event-Name: CUSTOM\nX-Title: a\x1b]0;pwned\x07"
                             "b\rc\x01"
                             "d\n\n";
    const QByteArray bytes =
        "Content-Type: text/event-plain\nContent-Length: " + QByteArray::number(event.size()) +
        "\n\n" + event;
    const Run run = eslcat({u"decode"_s, u"-"_s}, bytes);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(R"(["X-Title", "a\u001b]0;pwned\u0007b\rc\u0001d"])"),
             run.out.constData());
    QVERIFY(!hasControlBytes(run.out));
}

void TestEslcat::theSummaryShowsNamesFromTheInputEscaped()
{
    const QByteArray event = "Event-Name: EVIL\x1b[2J\n\n";
    const QByteArray bytes = "Content-Type: evil/type\x07\n\n"
                             "Content-Type: text/event-plain\nContent-Length: " +
                             QByteArray::number(event.size()) + "\n\n" + event;
    const Run run = eslcat({u"decode"_s, u"--summary"_s, u"-"_s}, bytes);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("  evil/type\\a "), run.out.constData());
    QVERIFY2(run.out.contains("  EVIL\\e[2J "), run.out.constData());
    QVERIFY(!run.out.contains('\x1b'));
    QVERIFY(!run.out.contains('\x07'));
}

QTEST_GUILESS_MAIN(TestEslcat)
#include "tst_eslcat.moc"
