// Monitor::Filter: display-filter expressions over events and log lines. Over every captured
// event, each expression matches exactly the records plain C++ picks out; one hand-built event
// exercises every operator, the precedence rules, case folding beyond ASCII and numbers beyond
// double precision; the canonical form compiles back to itself; and every malformed expression
// is refused with the position of the fault and a reason a person can act on.

#include "support/fixtures.h"

#include "esl/wire/event.h"
#include "monitor/eventview.h"
#include "monitor/filter.h"

#include <QRandomGenerator>
#include <QTest>

#include <functional>

using namespace TestSupport;
using namespace Qt::Literals::StringLiterals;
using Esl::Event;
using Monitor::Filter;

using Predicate = std::function<bool(const Event &)>;
Q_DECLARE_METATYPE(Predicate)

namespace {

Event makeEvent(const QList<std::pair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    Esl::HeaderList list;
    for (const auto &[name, value] : headers)
        list.append(name, value);
    return Event(list, body, !body.isEmpty());
}

// One event that every operator has something to bite on.
Event handBuiltEvent()
{
    return makeEvent({{"Event-Name", "CHANNEL_HANGUP"},
                      {"Hangup-Cause", "USER_BUSY"},
                      {"Caller-Caller-ID-Name", "Søren Ærø"},
                      {"Caller-Caller-ID-Number", "+4512345678"},
                      {"variable_sip_user_agent", "Yealink SIP-T46S 66.86.0.15"},
                      {"Event-Sequence", "4711"},
                      {"Caller-Channel-Answered-Time", "1795525804762647"},
                      {"variable_big", "9007199254740993"},
                      {"variable_rtp_audio_in_mos", "4.45"},
                      {"variable_empty", ""},
                      {"variable_quote", "say \"hi\" \\o/"},
                      {"variable_corpus_multi", "ARRAY::one|:two|:three"},
                      {"variable_city", "STRASSE"},
                      {"variable_hero", "ΣΊΣΥΦΟΣ"},
                      {"variable_garbled", "\xff\xfe abc \xc3 Ærø \xe2\x82"}},
                     "Hello body text");
}

// The error for a failure message (QVERIFY2 builds its message whether or not it fails).
QByteArray why(const Monitor::FilterResult &result)
{
    return result.ok() ? QByteArray() : result.error().toString().toUtf8();
}

bool evaluate(const QString &expression, const Event &event)
{
    const Monitor::FilterResult result = Filter::compile(expression);
    if (!result.ok()) {
        QTest::qFail(qPrintable(result.error().toString()), __FILE__, __LINE__);
        return false;
    }
    return result.filter().matches(Monitor::EslEventView(event));
}

bool folds(QByteArrayView value, const QString &needle)
{
    return QString::fromUtf8(value).contains(needle, Qt::CaseInsensitive);
}

bool anyValueContains(const Event &event, const QString &needle)
{
    for (qsizetype i = 0; i < event.headers().size(); ++i) {
        if (folds(event.headers().value(i), needle))
            return true;
    }
    return folds(event.body(), needle);
}

qint64 number(const Event &event, const char *name)
{
    bool ok = false;
    const qint64 value = event.header(name).toByteArray().toLongLong(&ok);
    return ok ? value : -1;
}

} // namespace

class tst_Filter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Happy flows
    void matchesWhatPlainCodePicksOutOfEveryCapturedEvent_data();
    void matchesWhatPlainCodePicksOutOfEveryCapturedEvent();
    void readsCapturedLogLinesAsRecords_data();
    void readsCapturedLogLinesAsRecords();
    void evaluatesEachOperatorAgainstOneEvent_data();
    void evaluatesEachOperatorAgainstOneEvent();
    void bindsNotTighterThanAndTighterThanOr_data();
    void bindsNotTighterThanAndTighterThanOr();
    void findsWhatANaiveCaseInsensitiveSearchFinds();
    void matchesEverythingWhenEmpty();
    void quickSearchNeedsEveryWordAndTakesAnyText();
    void writesACanonicalFormThatCompilesBackToItself_data();
    void writesACanonicalFormThatCompilesBackToItself();
    void listsTheHeadersItReadsInOrderOfFirstUse();

    void parsesAndEvaluatesNestingUpToTheLimit();
    void evaluatesAChainOfAnyLengthWithoutGoingDeeper();

    // Rainy days
    void refusesABadExpressionWithThePositionAndTheReason_data();
    void refusesABadExpressionWithThePositionAndTheReason();
    void refusesNestingPastTheLimitAtTheBracketOrNotThatGoesPast_data();
    void refusesNestingPastTheLimitAtTheBracketOrNotThatGoesPast();

private:
    QList<Event> m_events;
    QList<Event> m_logLines;
};

void tst_Filter::initTestCase()
{
    // The canonical form prints names as the table first saw them: see them as the switch does.
    for (const char *name : {"Event-Name", "Hangup-Cause", "Caller-Caller-ID-Number"})
        Monitor::HeaderNames::instance().intern(name);
    for (const QString &scenario : allScenarios()) {
        for (const Esl::Message &message : parseAll(readFixture(scenario, u".esl"_s))) {
            if (message.contentType() == Esl::ContentType::LogData)
                m_logLines.append(Event(message.headers(), message.body(), message.hasBody()));
            if (!message.isEvent())
                continue;
            const Esl::Expected<Event> event = Event::fromMessage(message);
            QVERIFY2(event.ok(), qPrintable(scenario));
            m_events.append(event.value());
        }
    }
    QVERIFY(m_events.size() > 2 * 3724);
    QVERIFY(!m_logLines.isEmpty());
}

void tst_Filter::matchesWhatPlainCodePicksOutOfEveryCapturedEvent_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<Predicate>("expected");
    const auto name = [](const Event &e) { return e.header("Event-Name"); };
    // The captures hold no other cause: this one counts nothing, the next one everything.
    QTest::newRow("none-hangups-not-cleared-normally")
        << u"Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING"_s
        << Predicate([=](const Event &e) {
               return name(e) == "CHANNEL_HANGUP" && e.hasHeader("Hangup-Cause") &&
                      e.header("Hangup-Cause") != "NORMAL_CLEARING";
           });
    QTest::newRow("present-header-not-equal")
        << u"Hangup-Cause != USER_BUSY"_s << Predicate([](const Event &e) {
               return e.hasHeader("Hangup-Cause") && e.header("Hangup-Cause") != "USER_BUSY";
           });
    QTest::newRow("names-ignore-case")
        << u"EVENT-NAME == CHANNEL_HANGUP"_s
        << Predicate([=](const Event &e) { return name(e) == "CHANNEL_HANGUP"; });
    QTest::newRow("none-values-keep-case")
        << u"Event-Name == channel_hangup"_s << Predicate([](const Event &) { return false; });
    QTest::newRow("set") << u"Event-Name in {CHANNEL_CREATE, CHANNEL_DESTROY CODEC}"_s
                         << Predicate([=](const Event &e) {
                                return name(e) == "CHANNEL_CREATE" ||
                                       name(e) == "CHANNEL_DESTROY" || name(e) == "CODEC";
                            });
    QTest::newRow("contains") << u"Caller-Caller-ID-Name contains load0"_s
                              << Predicate([](const Event &e) {
                                     return folds(e.header("Caller-Caller-ID-Name"), u"load0"_s);
                                 });
    QTest::newRow("regex") << uR"(Caller-Caller-ID-Number ~ "^200[0-4]$")"_s
                           << Predicate([](const Event &e) {
                                  const QByteArrayView v = e.header("Caller-Caller-ID-Number");
                                  return v.size() == 4 && v.startsWith("200") && v[3] >= '0' &&
                                         v[3] <= '4';
                              });
    QTest::newRow("numeric-range")
        << u"Event-Sequence > 1000 and Event-Sequence <= 2000"_s << Predicate([](const Event &e) {
               return number(e, "Event-Sequence") > 1000 && number(e, "Event-Sequence") <= 2000;
           });
    QTest::newRow("answered") << u"Caller-Channel-Answered-Time > 0"_s
                              << Predicate([](const Event &e) {
                                     return number(e, "Caller-Channel-Answered-Time") > 0;
                                 });
    QTest::newRow("exists") << u"exists Other-Leg-Unique-ID"_s << Predicate([](const Event &e) {
        return e.hasHeader("Other-Leg-Unique-ID");
    });
    QTest::newRow("not-exists") << u"!exists Unique-ID"_s << Predicate([](const Event &e) {
        return !e.hasHeader("Unique-ID");
    });
    QTest::newRow("and-before-or")
        << u"Event-Name == CHANNEL_STATE || Event-Name == CHANNEL_CALLSTATE && "
           u"Channel-Call-State == ACTIVE"_s
        << Predicate([=](const Event &e) {
               return name(e) == "CHANNEL_STATE" || (name(e) == "CHANNEL_CALLSTATE" &&
                                                     e.header("Channel-Call-State") == "ACTIVE");
           });
    QTest::newRow("parentheses")
        << u"(Event-Name == CHANNEL_STATE || Event-Name == CHANNEL_CALLSTATE) && "
           u"Channel-Call-State == ACTIVE"_s
        << Predicate([=](const Event &e) {
               return (name(e) == "CHANNEL_STATE" || name(e) == "CHANNEL_CALLSTATE") &&
                      e.header("Channel-Call-State") == "ACTIVE";
           });
    QTest::newRow("not-keyword")
        << u"not Event-Name == CODEC and Channel-Read-Codec-Name contains l16"_s
        << Predicate([=](const Event &e) {
               return name(e) != "CODEC" && folds(e.header("Channel-Read-Codec-Name"), u"l16"_s);
           });
    QTest::newRow("full-text-word")
        << u"LOOPBACK/9196"_s
        << Predicate([](const Event &e) { return anyValueContains(e, u"loopback/9196"_s); });
    QTest::newRow("full-text-body")
        << uR"("+OK ")"_s
        << Predicate([](const Event &e) { return anyValueContains(e, u"+ok "_s); });
}

void tst_Filter::matchesWhatPlainCodePicksOutOfEveryCapturedEvent()
{
    QFETCH(QString, expression);
    QFETCH(Predicate, expected);
    const Monitor::FilterResult compiled = Filter::compile(expression);
    QVERIFY2(compiled.ok(), why(compiled).constData());
    qsizetype matched = 0;
    qsizetype wanted = 0;
    for (const Event &event : std::as_const(m_events)) {
        matched += compiled.filter().matches(Monitor::EslEventView(event));
        wanted += expected(event);
    }
    QVERIFY(wanted > 0 || QByteArrayView(QTest::currentDataTag()).startsWith("none-"));
    QCOMPARE(matched, wanted);
}

void tst_Filter::readsCapturedLogLinesAsRecords_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<Predicate>("expected");
    QTest::newRow("level") << u"Log-Level <= 6"_s
                           << Predicate([](const Event &e) { return number(e, "Log-Level") <= 6; });
    QTest::newRow("file-and-level")
        << u"Log-File == switch_ivr.c && Log-Level == 7"_s << Predicate([](const Event &e) {
               return e.header("Log-File") == "switch_ivr.c" && e.header("Log-Level") == "7";
           });
    QTest::newRow("function-regex")
        << uR"(Log-Func ~ "^switch_core_state_machine|_park_")"_s << Predicate([](const Event &e) {
               const QByteArrayView f = e.header("Log-Func");
               return f.startsWith("switch_core_state_machine") || f.contains("_park_");
           });
    QTest::newRow("text-of-the-line")
        << uR"("state change")"_s
        << Predicate([](const Event &e) { return anyValueContains(e, u"state change"_s); });
}

void tst_Filter::readsCapturedLogLinesAsRecords()
{
    QFETCH(QString, expression);
    QFETCH(Predicate, expected);
    qsizetype matched = 0;
    qsizetype wanted = 0;
    for (const Event &line : std::as_const(m_logLines)) {
        matched += evaluate(expression, line);
        wanted += expected(line);
    }
    QVERIFY(wanted > 0);
    QCOMPARE(matched, wanted);
}

void tst_Filter::evaluatesEachOperatorAgainstOneEvent_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("expected");
    const QList<std::pair<QString, bool>> rows = {
        {u"Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING"_s, true},
        {u"Event-Name == CHANNEL_HANGUP AND Hangup-Cause == USER_BUSY"_s, true},
        {u"event-name == CHANNEL_HANGUP"_s, true},
        {u"Event-Name == channel_hangup"_s, false},
        {u"Hangup-Cause != USER_BUSY"_s, false},
        {u"No-Such-Header != anything"_s, false},
        {u"!(No-Such-Header == anything)"_s, true},
        {u"exists variable_empty"_s, true},
        {u"variable_empty == \"\""_s, true},
        {u"variable_empty contains \"\""_s, true},
        {u"exists No-Such-Header"_s, false},
        {u"variable_sip_user_agent contains yealink"_s, true},
        {u"variable_sip_user_agent CONTAINS \"sip-t46s 66\""_s, true},
        {u"variable_sip_user_agent contains polycom"_s, false},
        {uR"(variable_quote == "say \"hi\" \\o/")"_s, true},
        {uR"(variable_quote == "say \"hi\" \o/")"_s, true},
        {uR"(variable_quote contains "\"HI\"")"_s, true},
        {uR"(Caller-Caller-ID-Number ~ "^\+45")"_s, true},
        {uR"(Caller-Caller-ID-Number ~ ^\+45)"_s, true},
        {uR"(Caller-Caller-ID-Number matches "^45")"_s, false},
        {u"Event-Name ~ hangup"_s, true},
        {u"Event-Name ~ \"(?-i)hangup\""_s, false},
        {u"Event-Name in {CHANNEL_CREATE CHANNEL_HANGUP}"_s, true},
        {u"Event-Name in {channel_hangup}"_s, false},
        {u"No-Such-Header in {a b}"_s, false},
        {u"variable_corpus_multi contains two"_s, true},
        {u"variable_corpus_multi == two"_s, false},
        {u"Event-Sequence > 4710"_s, true},
        {u"Event-Sequence >= 4711"_s, true},
        {u"Event-Sequence > 4711"_s, false},
        {u"Event-Sequence < 5000"_s, true},
        {u"Event-Sequence <= 4710"_s, false},
        {u"Event-Sequence > 1e3"_s, true},
        {u"Event-Sequence > -1"_s, true},
        {u"Event-Sequence < \"4712\""_s, true},
        {u"Event-Sequence == 4711"_s, true},
        {u"Event-Sequence == 04711"_s, false},
        {u"Caller-Channel-Answered-Time > 1795525804762646"_s, true},
        {u"Caller-Channel-Answered-Time > 1795525804762647"_s, false},
        {u"variable_big > 9007199254740992"_s, true},
        {u"variable_rtp_audio_in_mos > 4.4 && variable_rtp_audio_in_mos < 4.5"_s, true},
        {u"variable_rtp_audio_in_mos >= 4.45"_s, true},
        {u"Event-Name > 5"_s, false},
        {u"No-Such-Header < 5"_s, false},
        {u"yealink"_s, true},
        {u"\"BODY TEXT\""_s, true},
        {u"nowhere-to-be-found"_s, false},
        {u"Hangup-Cause"_s, false}, // names are not searched, only values
        // Beyond ASCII: simple Unicode case folding for contains, search and regexes.
        {u"Caller-Caller-ID-Name contains \"ærø\""_s, true},
        {u"Caller-Caller-ID-Name contains ÆRØ"_s, true},
        {u"Caller-Caller-ID-Name contains \"SØREN ærø\""_s, true},
        {u"Caller-Caller-ID-Name contains aero"_s, false},
        {u"Caller-Caller-ID-Name == \"søren ærø\""_s, false},
        {u"Caller-Caller-ID-Name == \"Søren Ærø\""_s, true},
        {u"Caller-Caller-ID-Name ~ ^søren"_s, true},
        {u"Caller-Caller-ID-Name ~ \"(?-i)^søren\""_s, false},
        {u"ærø"_s, true},
        {u"variable_hero contains σίσυφος"_s, true},
        {u"variable_city contains straße"_s, false},
        {u"variable_garbled contains \"ABC\" && variable_garbled contains ærø"_s, true},
        {u"variable_garbled contains \"€\""_s, false},
    };
    for (const auto &[expression, expected] : rows)
        QTest::newRow(qPrintable(expression)) << expression << expected;
}

void tst_Filter::evaluatesEachOperatorAgainstOneEvent()
{
    QFETCH(QString, expression);
    QFETCH(bool, expected);
    QCOMPARE(evaluate(expression, handBuiltEvent()), expected);
}

void tst_Filter::bindsNotTighterThanAndTighterThanOr_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("expected");
    // T and F are true and false; each row would come out the other way under another binding.
    const QList<std::pair<QString, bool>> rows = {
        {u"T || F && F"_s, true},   {u"F && F || T"_s, true},    {u"!T || T"_s, true},
        {u"!F && F"_s, false},      {u"(T || F) && F"_s, false}, {u"!(T && F)"_s, true},
        {u"!!T"_s, true},           {u"not T or T"_s, true},     {u"T and not T"_s, false},
        {u"((T)) && !(F)"_s, true}, {u"F || F || T"_s, true},    {u"T && T && F"_s, false},
    };
    for (const auto &[expression, expected] : rows) {
        QString text = expression;
        text.replace(u'T', u"exists Event-Name"_s).replace(u'F', u"exists No-Such-Header"_s);
        QTest::newRow(qPrintable(expression)) << text << expected;
    }
}

void tst_Filter::bindsNotTighterThanAndTighterThanOr()
{
    QFETCH(QString, expression);
    QFETCH(bool, expected);
    QCOMPARE(evaluate(expression, handBuiltEvent()), expected);
}

void tst_Filter::findsWhatANaiveCaseInsensitiveSearchFinds()
{
    // Horspool skips are easy to get subtly wrong: compare with the obvious search at random.
    QRandomGenerator random(20261124);
    const QByteArray alphabet = "aAbB-x";
    const auto text = [&](int length) {
        QByteArray out;
        for (int i = 0; i < length; ++i)
            out += alphabet[random.bounded(alphabet.size())];
        return out;
    };
    for (int round = 0; round < 20000; ++round) {
        const QByteArray needle = text(random.bounded(1, 6));
        const QByteArray haystack = text(random.bounded(0, 24));
        const Monitor::FoldedNeedle folded(QString::fromLatin1(needle));
        QVERIFY2(folded.foundIn(haystack) == haystack.toLower().contains(needle.toLower()),
                 needle + " in " + haystack);
    }
}

void tst_Filter::matchesEverythingWhenEmpty()
{
    for (const QString &blank : {u""_s, u"  \t "_s}) {
        const Monitor::FilterResult result = Filter::compile(blank);
        QVERIFY(result.ok());
        QVERIFY(result.filter().isEmpty());
        QVERIFY(result.filter().matches(Monitor::EslEventView(Event())));
        QCOMPARE(result.filter().toString(), QString());
    }
    QVERIFY(Filter().isEmpty());
    QVERIFY(!Filter::compile(u"x"_s).filter().isEmpty());
}

void tst_Filter::quickSearchNeedsEveryWordAndTakesAnyText()
{
    const Filter search = Filter::textSearch(u"  yealink\tSØREN  "_s);
    QCOMPARE(search.toString(), u"yealink && SØREN"_s);
    QVERIFY(search.matches(Monitor::EslEventView(handBuiltEvent())));
    QVERIFY(
        !Filter::textSearch(u"yealink polycom"_s).matches(Monitor::EslEventView(handBuiltEvent())));
    const Filter syntax = Filter::textSearch(u"a && (b \"c"_s);
    QCOMPARE(syntax.toString(), u"a && \"&&\" && \"(b\" && \"\\\"c\""_s);
    QVERIFY(Filter::textSearch(u" \n "_s).isEmpty());
    qsizetype matched = 0;
    qsizetype wanted = 0;
    const Filter load = Filter::textSearch(u"Load07 channel_answer"_s);
    for (const Event &event : std::as_const(m_events)) {
        matched += load.matches(Monitor::EslEventView(event));
        wanted +=
            anyValueContains(event, u"load07"_s) && anyValueContains(event, u"CHANNEL_ANSWER"_s);
    }
    QVERIFY(wanted > 0);
    QCOMPARE(matched, wanted);
}

void tst_Filter::writesACanonicalFormThatCompilesBackToItself_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("canonical");
    const QList<std::pair<QString, QString>> rows = {
        {u"event-name==CHANNEL_HANGUP&&hangup-cause!=NORMAL_CLEARING"_s,
         u"Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING"_s},
        {u"a and b or not c"_s, u"a && b || !c"_s},
        {u"(a || b) && c"_s, u"(a || b) && c"_s},
        {u"a || (b && c)"_s, u"a || b && c"_s},
        {u"a || (b || c)"_s, u"a || (b || c)"_s},
        {u"!(a && b)"_s, u"!(a && b)"_s},
        {u"!Event-Name == X"_s, u"!(Event-Name == X)"_s},
        {u"not exists Event-Name"_s, u"!exists Event-Name"_s},
        {uR"(Caller-Caller-ID-Number matches "^\+45")"_s, uR"(Caller-Caller-ID-Number ~ ^\+45)"_s},
        {uR"(Event-Name ~ "(a|b) c")"_s, uR"(Event-Name ~ "(a|b) c")"_s},
        {uR"(X == "say \"hi\" \\o/")"_s, uR"(X == "say \"hi\" \o/")"_s},
        {uR"(X == "ends in \\")"_s, uR"(X == "ends in \\")"_s},
        {u"X in {A B,C}"_s, u"X in {A, B, C}"_s},
        {u"X contains \"two words\""_s, u"X contains \"two words\""_s},
        {u"\"and\" || \"\""_s, u"\"and\" || \"\""_s},
        {u"X == \"\""_s, u"X == \"\""_s},
        {u"X >= 0010 && X < 1.50"_s, u"X >= 0010 && X < 1.50"_s},
        {u"  Søren  "_s, u"Søren"_s},
    };
    for (const auto &[expression, canonical] : rows)
        QTest::newRow(qPrintable(expression)) << expression << canonical;
}

void tst_Filter::writesACanonicalFormThatCompilesBackToItself()
{
    QFETCH(QString, expression);
    QFETCH(QString, canonical);
    const Monitor::FilterResult first = Filter::compile(expression);
    QVERIFY2(first.ok(), why(first).constData());
    QCOMPARE(first.filter().toString(), canonical);
    const Monitor::FilterResult again = Filter::compile(canonical);
    QVERIFY2(again.ok(), why(again).constData());
    QCOMPARE(again.filter().toString(), canonical);
}

void tst_Filter::listsTheHeadersItReadsInOrderOfFirstUse()
{
    const Monitor::FilterResult result = Filter::compile(
        u"Hangup-Cause != X && (\"free text\" || exists event-name) || hangup-cause in {A} "
        u"|| Caller-Caller-ID-Number ~ ^1"_s);
    QVERIFY2(result.ok(), why(result).constData());
    Monitor::HeaderNames &names = Monitor::HeaderNames::instance();
    const QList<Monitor::NameId> expected = {names.find("Hangup-Cause"), names.find("Event-Name"),
                                             names.find("Caller-Caller-ID-Number")};
    QCOMPARE(result.filter().headers(), expected);
    QVERIFY(Filter::textSearch(u"a b"_s).headers().isEmpty());
}

void tst_Filter::refusesABadExpressionWithThePositionAndTheReason_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<qsizetype>("position");
    QTest::addColumn<QString>("reason");
    const QList<std::tuple<const char *, QString, qsizetype, QString>> rows = {
        {"unclosed-paren", u"(Event-Name == X"_s, 0, u"unclosed '('"_s},
        {"unclosed-outer-paren", u"((A) && B"_s, 0, u"unclosed '('"_s},
        {"unmatched-paren", u"Event-Name == X)"_s, 15, u"unmatched ')'"_s},
        {"and-at-start", u"&& Event-Name == X"_s, 0, u"expected an expression before '&&'"_s},
        {"or-after-paren", u"(|| A)"_s, 1, u"expected an expression before '||'"_s},
        {"dangling-and", u"Event-Name == X &&"_s, 18, u"expected an expression after '&&'"_s},
        {"doubled-or", u"Event-Name == X || || Y"_s, 19, u"expected an expression after '||'"_s},
        {"dangling-keyword", u"A AND"_s, 5, u"expected an expression after 'AND'"_s},
        {"or-before-paren", u"A && (B || )"_s, 11, u"expected an expression after '||'"_s},
        {"lone-not", u"!"_s, 1, u"expected an expression after '!'"_s},
        {"lone-not-keyword", u"not"_s, 3, u"expected an expression after 'not'"_s},
        {"missing-value", u"Event-Name =="_s, 13, u"expected a value after '=='"_s},
        {"operator-for-value", u"Event-Name == && X"_s, 14, u"expected a value after '=='"_s},
        {"missing-needle", u"Event-Name contains"_s, 19, u"expected a value after 'contains'"_s},
        {"bad-quoted-regex", uR"(Caller-Caller-ID-Number ~ "^(45")"_s, 26,
         u"invalid regular expression: missing closing parenthesis (at offset 4"_s},
        {"bad-bare-regex", u"Event-Name ~ [a-"_s, 13, u"invalid regular expression"_s},
        {"second-regex-bad", uR"(A ~ ok && B matches "x{2,1}")"_s, 20,
         u"invalid regular expression"_s},
        {"unterminated-string", u"Event-Name == \"CHANNEL_HANGUP"_s, 14, u"unterminated string"_s},
        {"escaped-last-quote", uR"(A == "x\")"_s, 5, u"unterminated string"_s},
        {"later-unterminated", u"A == \"x\" && \"open"_s, 12, u"unterminated string"_s},
        {"single-equals", u"Event-Name = CHANNEL_HANGUP"_s, 11,
         u"unknown operator '='; use '=='"_s},
        {"perl-match", u"Event-Name =~ X"_s, 11, u"unknown operator '=~'; use '~'"_s},
        {"sql-not-equal", u"Event-Name <> X"_s, 11, u"unknown operator '<>'; use '!='"_s},
        {"single-ampersand", u"A & B"_s, 2, u"unknown operator '&'; use '&&'"_s},
        {"single-bar", u"A | B"_s, 2, u"unknown operator '|'; use '||'"_s},
        {"empty-parens", u"()"_s, 0, u"empty parentheses"_s},
        {"empty-inner-parens", u"A && ()"_s, 5, u"empty parentheses"_s},
        {"word-for-number", u"Event-Sequence < ten"_s, 17, u"expected a number after '<'"_s},
        {"missing-number", u"Event-Sequence >= "_s, 18, u"expected a number after '>='"_s},
        {"half-a-number", u"Event-Sequence > 1e"_s, 17, u"expected a number after '>'"_s},
        {"exists-alone", u"exists"_s, 6, u"expected a header name after 'exists'"_s},
        {"exists-quoted", u"exists \"Unique-ID\""_s, 7, u"expected a header name after 'exists'"_s},
        {"set-without-brace", u"Event-Name in CHANNEL_HANGUP"_s, 14, u"expected '{' after 'in'"_s},
        {"unclosed-set", u"Event-Name in {A, B"_s, 14, u"unclosed '{'"_s},
        {"empty-set", u"Event-Name in {}"_s, 14, u"empty set"_s},
        {"trailing-comma", u"Event-Name in {A, }"_s, 18, u"expected a value after ','"_s},
        {"paren-in-set", u"Event-Name in {A (B)}"_s, 17, u"expected a value or '}'"_s},
        {"missing-operator", u"Event-Name CHANNEL_HANGUP"_s, 11,
         u"expected an operator after 'Event-Name'"_s},
        {"junk-after-comparison", u"Event-Name == A B"_s, 16,
         u"expected '&&' or '||' before 'B'"_s},
        {"chained-comparison", u"Event-Name == A == B"_s, 16,
         u"expected '&&' or '||' before '=='"_s},
        {"junk-after-exists", u"exists A B"_s, 9, u"expected '&&' or '||' before 'B'"_s},
        {"quoted-name", u"\"Event-Name\" == A"_s, 0, u"a header name cannot be quoted"_s},
        {"operator-at-start", u"== A"_s, 0, u"expected a header name before '=='"_s},
        {"keyword-operator-first", u"A && contains B"_s, 5,
         u"expected a header name before 'contains'"_s},
        {"stray-brace", u"A }"_s, 2, u"unexpected '}'"_s},
        {"position-counts-characters", u"Caller-Caller-ID-Name == Søren &&"_s, 33,
         u"expected an expression after '&&'"_s},
    };
    for (const auto &[tag, expression, position, reason] : rows)
        QTest::newRow(tag) << expression << position << reason;
}

void tst_Filter::refusesABadExpressionWithThePositionAndTheReason()
{
    QFETCH(QString, expression);
    QFETCH(qsizetype, position);
    QFETCH(QString, reason);
    const Monitor::FilterResult result = Filter::compile(expression);
    QVERIFY2(!result.ok(), result.ok() ? qPrintable(result.filter().toString()) : "");
    QVERIFY2(result.error().message.contains(reason), qPrintable(result.error().message));
    QCOMPARE(result.error().position, position);
    QVERIFY(result.error().toString().endsWith(u" at %1"_s.arg(position)));
}

void tst_Filter::parsesAndEvaluatesNestingUpToTheLimit()
{
    constexpr int limit = Filter::MaxNesting;
    QCOMPARE(limit, 64);
    const Event event = handBuiltEvent();
    const QString yes = u"Hangup-Cause == USER_BUSY"_s;
    const QList<std::pair<QString, bool>> rows = {
        {QString(limit, u'(') + yes + QString(limit, u')'), true},
        {QString(limit, u'!') + yes, true}, // an even number of negations
        {u"("_s + u"not "_s.repeated(limit - 1) + yes + u")"_s, false},
        {u"!("_s.repeated(limit) + yes + QString(limit, u')'), true}, // `!(` is one level
        {u"(Event-Name == X || "_s.repeated(limit) + yes + QString(limit, u')'), true},
    };
    for (const auto &[expression, expected] : rows) {
        const Monitor::FilterResult result = Filter::compile(expression);
        QVERIFY2(result.ok(), why(result).constData());
        QCOMPARE(result.filter().matches(Monitor::EslEventView(event)), expected);
        const Monitor::FilterResult again = Filter::compile(result.filter().toString());
        QVERIFY2(again.ok(), why(again).constData());
    }
}

// A chain of && or || is as long as the operator likes (a pasted list, a quick search of a
// whole log line): it is one node with many operands, so neither evaluating it nor writing it
// recurses once per term.
void tst_Filter::evaluatesAChainOfAnyLengthWithoutGoingDeeper()
{
    constexpr int terms = 200'000;
    const Event event = handBuiltEvent();
    const QString term = u"Event-Sequence > 1"_s;
    const Monitor::FilterResult all =
        Filter::compile(u"%1 && "_s.arg(term).repeated(terms - 1) + term);
    QVERIFY2(all.ok(), why(all).constData());
    QVERIFY(all.filter().matches(Monitor::EslEventView(event)));
    QCOMPARE(all.filter().toString().size(), (term.size() + 4) * terms - 4);

    const Monitor::FilterResult any =
        Filter::compile(u"Event-Sequence < 1 || "_s.repeated(terms) + u"Event-Sequence == 4711"_s);
    QVERIFY2(any.ok(), why(any).constData());
    QVERIFY(any.filter().matches(Monitor::EslEventView(event)));

    const Filter search = Filter::textSearch(u"yealink "_s.repeated(terms));
    QVERIFY(search.matches(Monitor::EslEventView(event)));
    QVERIFY(search.toString().startsWith(u"yealink && yealink && "_s));
}

void tst_Filter::refusesNestingPastTheLimitAtTheBracketOrNotThatGoesPast_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<qsizetype>("position");
    constexpr int past = Filter::MaxNesting; // 0-based: the 65th of them
    const QString x = u"Event-Name == X"_s;
    QTest::newRow("40,000 brackets") << QString(40'000, u'(') << qsizetype(past);
    QTest::newRow("40,000 brackets closed")
        << QString(40'000, u'(') + x + QString(40'000, u')') << qsizetype(past);
    QTest::newRow("40,000 nots") << u"not "_s.repeated(40'000) + x << qsizetype(4 * past);
    QTest::newRow("40,000 bangs") << QString(40'000, u'!') + x << qsizetype(past);
    // The first `(` and every `!` are a level (a `(` right after `!` is not): the 65th is at 127.
    QTest::newRow("brackets and nots together")
        << u"(!"_s.repeated(20'000) + x << qsizetype(2 * past - 1);
    QTest::newRow("negated brackets") << u"!("_s.repeated(20'000) + x << qsizetype(2 * past);
    QTest::newRow("one past the limit")
        << QString(past + 1, u'(') + x + QString(past + 1, u')') << qsizetype(past);
    QTest::newRow("deep inside an and")
        << u"A == 1 && "_s + QString(past + 1, u'(') + x << qsizetype(10 + past);
}

void tst_Filter::refusesNestingPastTheLimitAtTheBracketOrNotThatGoesPast()
{
    QFETCH(QString, expression);
    QFETCH(qsizetype, position);
    const Monitor::FilterResult result = Filter::compile(expression);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message, u"nesting deeper than 64"_s);
    QCOMPARE(result.error().position, position);
    QCOMPARE(result.error().toString(), u"nesting deeper than 64 at %1"_s.arg(position));
}

QTEST_GUILESS_MAIN(tst_Filter)
#include "tst_filter.moc"
