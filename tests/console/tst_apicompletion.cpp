// The API console's completion without a window: the names offered are the built-in ones plus
// what the chosen switch reported, sorted case-insensitively and each once; only the command word
// (the first, or the one after bgapi) completes; Tab puts in a single match with a space, extends
// several to their common prefix, and otherwise leaves the choice to the operator.

#include "console/apicompletion.h"

#include <QTest>

#include <algorithm>

using Console::ApiCompletion;
using Kind = Console::ApiCompletion::Completion::Kind;
using namespace Qt::Literals::StringLiterals;

class TestApiCompletion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows.
    void offersTheBuiltinNamesBeforeTheSwitchHasSaid();
    void offersWhatEachSwitchReportedSortedAndOnce();
    void onlyTheCommandWordCompletes_data();
    void onlyTheCommandWordCompletes();
    void tabDecidesByHowManyNamesMatch_data();
    void tabDecidesByHowManyNamesMatch();
    void aWholeNameIsFollowedByOneSpace();
    void aCommonPrefixReplacesOnlyTheWord();

    // Rainy days.
    void aForgottenSwitchOffersOnlyTheBuiltinNames();
};

void TestApiCompletion::offersTheBuiltinNamesBeforeTheSwitchHasSaid()
{
    const QStringList builtin = ApiCompletion::builtinCommands();
    for (const QString &name : {u"uuid_kill"_s, u"originate"_s, u"sofia"_s, u"bgapi"_s})
        QVERIFY2(builtin.contains(name), qPrintable(name));
    const ApiCompletion completion;
    QStringList sorted = builtin;
    sorted.sort(Qt::CaseInsensitive);
    QCOMPARE(completion.candidates(1), sorted);
}

void TestApiCompletion::offersWhatEachSwitchReportedSortedAndOnce()
{
    ApiCompletion completion;
    completion.learn(1, {u"switchname"_s, u"status"_s, u"Zap"_s, u"abc"_s});
    completion.learn(2, {u"only_on_two"_s});

    const QStringList one = completion.candidates(1);
    QCOMPARE(one.count(u"status"_s), 1); // built in and reported: offered once
    QVERIFY(one.contains(u"switchname"_s));
    QVERIFY(!one.contains(u"only_on_two"_s)); // another switch's names are not this one's
    QVERIFY(std::is_sorted(one.cbegin(), one.cend(), [](const QString &a, const QString &b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    }));
    QCOMPARE(one.constFirst(), u"abc"_s);
    QCOMPARE(one.constLast(), u"Zap"_s); // case does not sort capitals first

    // What a switch reports replaces what it reported before (a reconnect may reach another).
    completion.learn(1, {u"other"_s});
    QVERIFY(completion.candidates(1).contains(u"other"_s));
    QVERIFY(!completion.candidates(1).contains(u"switchname"_s));
}

void TestApiCompletion::onlyTheCommandWordCompletes_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<bool>("completes");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("end");
    QTest::addColumn<QString>("typed");

    QTest::newRow("the first word") << u"uuid_k"_s << 6 << true << 0 << 6 << u"uuid_k"_s;
    QTest::newRow("the word after bgapi") << u"bgapi orig"_s << 10 << true << 6 << 10 << u"orig"_s;
    QTest::newRow("the cursor inside the first word")
        << u"status now"_s << 3 << true << 0 << 6 << u"sta"_s;
    QTest::newRow("an argument") << u"uuid_kill uuid_k"_s << 16 << false << 0 << 0 << QString();
    QTest::newRow("an argument after bgapi's command")
        << u"bgapi status x"_s << 14 << false << 0 << 0 << QString();
}

void TestApiCompletion::onlyTheCommandWordCompletes()
{
    QFETCH(QString, line);
    QFETCH(int, cursor);
    QFETCH(bool, completes);
    const std::optional<ApiCompletion::Word> word = ApiCompletion::commandWordAt(line, cursor);
    QCOMPARE(word.has_value(), completes);
    if (!completes)
        return;
    QTEST(word->start, "start");
    QTEST(word->end, "end");
    QTEST(word->typed, "typed");
}

void TestApiCompletion::tabDecidesByHowManyNamesMatch_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("text");

    QTest::newRow("one match") << u"uuid_k"_s << Kind::Whole << u"uuid_kill"_s;
    QTest::newRow("one match, typed in capitals") << u"UUID_K"_s << Kind::Whole << u"uuid_kill"_s;
    // uuid_setvar and uuid_setvar_multi.
    QTest::newRow("several sharing more")
        << u"uuid_setv"_s << Kind::CommonPrefix << u"uuid_setvar"_s;
    QTest::newRow("several, nothing to add") << u"uuid_s"_s << Kind::Choose << QString();
    QTest::newRow("none") << u"no_such_command"_s << Kind::Nothing << QString();
}

void TestApiCompletion::tabDecidesByHowManyNamesMatch()
{
    QFETCH(QString, typed);
    const ApiCompletion completion;
    const ApiCompletion::Completion c = ApiCompletion::complete(completion.candidates(1), typed);
    QTEST(c.kind, "kind");
    QTEST(c.text, "text");
}

void TestApiCompletion::aWholeNameIsFollowedByOneSpace()
{
    const QString line = u"uuid_k"_s;
    auto edit =
        ApiCompletion::insertName(line, *ApiCompletion::commandWordAt(line, 6), u"uuid_kill"_s);
    QCOMPARE(edit.line, u"uuid_kill "_s);
    QCOMPARE(edit.cursor, 10);

    // The space already there is reused, and the arguments stay.
    const QString withArgs = u"sta now"_s;
    edit = ApiCompletion::insertName(withArgs, *ApiCompletion::commandWordAt(withArgs, 3),
                                     u"status"_s);
    QCOMPARE(edit.line, u"status now"_s);
    QCOMPARE(edit.cursor, 7);

    const QString background = u"bgapi orig"_s;
    edit = ApiCompletion::insertName(background, *ApiCompletion::commandWordAt(background, 10),
                                     u"originate"_s);
    QCOMPARE(edit.line, u"bgapi originate "_s);
}

void TestApiCompletion::aCommonPrefixReplacesOnlyTheWord()
{
    const QString line = u"uuid_setv x"_s;
    const auto edit =
        ApiCompletion::insertPrefix(line, *ApiCompletion::commandWordAt(line, 9), u"uuid_setvar"_s);
    QCOMPARE(edit.line, u"uuid_setvar x"_s);
    QCOMPARE(edit.cursor, 11); // at the end of the prefix: no space, more may follow
}

void TestApiCompletion::aForgottenSwitchOffersOnlyTheBuiltinNames()
{
    ApiCompletion completion;
    completion.learn(1, {u"switchname"_s});
    completion.forget(1);
    QVERIFY(!completion.candidates(1).contains(u"switchname"_s));
    QCOMPARE(completion.candidates(1), ApiCompletion().candidates(1));
}

QTEST_GUILESS_MAIN(TestApiCompletion)
#include "tst_apicompletion.moc"
