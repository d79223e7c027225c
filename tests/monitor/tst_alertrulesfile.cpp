// The alert rules file (alertrules.h): what the window exports and `eslcat alerts --rules FILE`
// reads. Happy flows: the defaults, a round trip, built-ins the file leaves out added with their
// defaults, unknown fields ignored. Rainy days: every validation error names the rule and the
// field (a bad expression its position), and the bounds hold.

#include "monitor/alertrules.h"
#include "monitor/filter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Monitor;

namespace {

QByteArray fileWith(const QJsonArray &rules)
{
    return QJsonDocument(QJsonObject{{u"version"_s, 1}, {u"rules"_s, rules}}).toJson();
}

QByteArray fileWith(const QJsonObject &rule)
{
    return fileWith(QJsonArray{rule});
}

QJsonObject customRule(const QString &expression)
{
    return QJsonObject{{u"id"_s, u"custom-1"_s},
                       {u"kind"_s, u"custom"_s},
                       {u"expression"_s, expression}};
}

} // namespace

class TestAlertRulesFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyBuiltInRuleIsThereWithItsDefaults();
    void aRulesFileRoundTrips();
    void builtInsTheFileLeavesOutAreAddedAndUnknownFieldsIgnored();
    void refusesWhatItCannotTrust_data();
    void refusesWhatItCannotTrust();
    void aBadExpressionNamesItsPosition();
    void boundsTheFileTheRulesAndTheExpression();
};

void TestAlertRulesFile::everyBuiltInRuleIsThereWithItsDefaults()
{
    const QList<AlertRule> rules = AlertRules::defaults();
    QStringList ids;
    for (const AlertRule &r : rules)
        ids.append(r.id);
    QCOMPARE(ids, (QStringList{u"gateway-down"_s, u"registrations-drop"_s,
                               u"switch-disconnected"_s, u"switch-restarted"_s, u"events-lost"_s,
                               u"queue-waiting"_s, u"quality"_s, u"long-call"_s,
                               u"calls-per-second"_s}));
    for (const AlertRule &r : rules) {
        QVERIFY(r.enabled);
        QVERIFY(!AlertRules::validate(r));
    }
    QCOMPARE(rules[1].param(u"count"_s), 10.0);
    QCOMPARE(rules[1].param(u"minutes"_s), 5.0);
    QCOMPARE(rules[2].param(u"graceSeconds"_s), 10.0);
    QCOMPARE(rules[5].param(u"waiting"_s), 5.0);
    QCOMPARE(rules[5].param(u"waitSeconds"_s), 120.0);
    QCOMPARE(rules[6].param(u"mos"_s), 3.6);
    QCOMPARE(rules[6].param(u"lossPct"_s), 5.0);
    QCOMPARE(rules[7].param(u"hours"_s), 4.0);
    QCOMPARE(rules[8].param(u"rate"_s), 30.0);
    QCOMPARE(rules[8].param(u"windowSeconds"_s), 10.0);
    QCOMPARE(rules[0].severity, AlertSeverity::Critical);
    QVERIFY(rules[0].sound);
}

void TestAlertRulesFile::aRulesFileRoundTrips()
{
    QList<AlertRule> rules = AlertRules::defaults();
    rules[5].params[u"waiting"_s] = 12;
    rules[5].severity = AlertSeverity::Critical;
    rules[7].enabled = false;
    rules[0].params[u"ping"_s] = 0;
    rules.append(AlertRules::custom(1, u"Hangup-Cause == NO_ROUTE_DESTINATION"_s, u"No route"_s));
    rules.append(AlertRules::custom(7, u"Log-Level <= 3 && \"no route\""_s));
    rules.last().params[u"perServer"_s] = 0;
    rules.last().notify = false;
    rules.last().count = AlertCounting::Records;
    for (bool indented : {true, false}) {
        const AlertRulesResult back = AlertRules::fromJson(AlertRules::toJson(rules, indented));
        QVERIFY2(back.ok, qPrintable(back.error.toString()));
        QCOMPARE(back.rules, rules);
    }
}

void TestAlertRulesFile::builtInsTheFileLeavesOutAreAddedAndUnknownFieldsIgnored()
{
    const QJsonObject queue{{u"id"_s, u"queue-waiting"_s},
                            {u"kind"_s, u"queue-waiting"_s},
                            {u"colour"_s, u"red"_s},
                            {u"params"_s, QJsonObject{{u"waiting"_s, 2}, {u"shape"_s, 3}}}};
    QJsonObject custom = customRule(u"Hangup-Cause == NO_ROUTE_DESTINATION"_s);
    custom.insert(u"future"_s, QJsonObject{{u"a"_s, 1}});
    const AlertRulesResult r = AlertRules::fromJson(fileWith(QJsonArray{custom, queue}));
    QVERIFY2(r.ok, qPrintable(r.error.toString()));
    QCOMPARE(r.rules.size(), 10);
    QCOMPARE(r.rules[5].param(u"waiting"_s), 2.0);
    QCOMPARE(r.rules[5].param(u"waitSeconds"_s), 120.0);
    QCOMPARE(r.rules[0], AlertRules::builtIn(AlertKind::GatewayDown));
    QCOMPARE(r.rules[9].id, u"custom-1"_s);
    QCOMPARE(r.rules[9].name, u"Hangup-Cause == NO_ROUTE_DESTINATION"_s);
    QCOMPARE(r.rules[9].param(u"count"_s), 5.0);
    QCOMPARE(r.rules[9].param(u"windowSeconds"_s), 60.0);
    // A file written before "count" existed: channels are counted.
    QCOMPARE(r.rules[9].count, AlertCounting::Channels);
    QJsonObject byRecords = customRule(u"Hangup-Cause == NORMAL_CLEARING"_s);
    byRecords.insert(u"count"_s, u"records"_s);
    const AlertRulesResult records = AlertRules::fromJson(fileWith(byRecords));
    QVERIFY2(records.ok, qPrintable(records.error.toString()));
    QCOMPARE(records.rules.last().count, AlertCounting::Records);
    QVERIFY(AlertRules::toJson(records.rules).contains("\"count\": \"records\""));
}

void TestAlertRulesFile::refusesWhatItCannotTrust_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("error");
    auto rule = [](std::initializer_list<std::pair<QString, QJsonValue>> fields) {
        QJsonObject o;
        for (const auto &[k, v] : fields)
            o.insert(k, v);
        return fileWith(o);
    };
    QTest::newRow("not JSON") << QByteArray("{\"version\":1,") << u"rules file: not JSON"_s;
    QTest::newRow("not an object") << QByteArray("[1]") << u"rules file: not a JSON object"_s;
    QTest::newRow("version 2") << QByteArray(R"({"version":2,"rules":[]})")
                               << u"rules file, version: must be 1"_s;
    QTest::newRow("rules not a list") << QByteArray(R"({"version":1,"rules":{}})")
                                      << u"rules file, rules: is missing or not a list"_s;
    QTest::newRow("a rule not an object") << QByteArray(R"({"version":1,"rules":[3]})")
                                          << u"rule \"#1\": not a JSON object"_s;
    QTest::newRow("no id") << rule({{u"kind"_s, u"quality"_s}})
                           << u"rule \"#1\", id: is missing or not a string"_s;
    QTest::newRow("unknown kind") << rule({{u"id"_s, u"x"_s}, {u"kind"_s, u"weather"_s}})
                                  << u"rule \"x\", kind: unknown kind \"weather\""_s;
    QTest::newRow("built-in with another id")
        << rule({{u"id"_s, u"quality2"_s}, {u"kind"_s, u"quality"_s}})
        << u"rule \"quality2\", id: a quality rule's id must be \"quality\""_s;
    QTest::newRow("custom id") << rule({{u"id"_s, u"mine"_s}, {u"kind"_s, u"custom"_s},
                                        {u"expression"_s, u"a"_s}})
                               << u"rule \"mine\", id: a custom rule's id is custom-<n>"_s;
    QTest::newRow("severity") << rule({{u"id"_s, u"quality"_s}, {u"kind"_s, u"quality"_s},
                                       {u"severity"_s, u"urgent"_s}})
                              << u"rule \"quality\", severity: must be \"critical\", \"warning\" or \"info\""_s;
    QTest::newRow("enabled not a bool")
        << rule({{u"id"_s, u"quality"_s}, {u"kind"_s, u"quality"_s}, {u"enabled"_s, u"yes"_s}})
        << u"rule \"quality\", enabled: must be true or false"_s;
    QTest::newRow("a number as text")
        << rule({{u"id"_s, u"quality"_s}, {u"kind"_s, u"quality"_s},
                 {u"params"_s, QJsonObject{{u"mos"_s, u"3"_s}}}})
        << u"rule \"quality\", params.mos: must be a number"_s;
    QTest::newRow("MOS above 5")
        << rule({{u"id"_s, u"quality"_s}, {u"kind"_s, u"quality"_s},
                 {u"params"_s, QJsonObject{{u"mos"_s, 7}}}})
        << u"rule \"quality\", params.mos: must be a number between 1 and 5"_s;
    QTest::newRow("quality clearing after no report")
        << rule({{u"id"_s, u"quality"_s}, {u"kind"_s, u"quality"_s},
                 {u"params"_s, QJsonObject{{u"clearReports"_s, 0}}}})
        << u"rule \"quality\", params.clearReports: must be a whole number between 1 and 100"_s;
    QTest::newRow("a fraction of a count")
        << rule({{u"id"_s, u"registrations-drop"_s}, {u"kind"_s, u"registrations-drop"_s},
                 {u"params"_s, QJsonObject{{u"count"_s, 2.5}}}})
        << u"rule \"registrations-drop\", params.count: must be a whole number between 1 and 100000"_s;
    QTest::newRow("negative grace")
        << rule({{u"id"_s, u"switch-disconnected"_s}, {u"kind"_s, u"switch-disconnected"_s},
                 {u"params"_s, QJsonObject{{u"graceSeconds"_s, -1}}}})
        << u"rule \"switch-disconnected\", params.graceSeconds: must be a whole number between 0 and 3600"_s;
    QTest::newRow("a flag as a number")
        << rule({{u"id"_s, u"gateway-down"_s}, {u"kind"_s, u"gateway-down"_s},
                 {u"params"_s, QJsonObject{{u"ping"_s, 1}}}})
        << u"rule \"gateway-down\", params.ping: must be true or false"_s;
    QTest::newRow("custom without expression")
        << rule({{u"id"_s, u"custom-2"_s}, {u"kind"_s, u"custom"_s}})
        << u"rule \"custom-2\", expression: is missing or not a string"_s;
    QTest::newRow("blank expression") << fileWith(customRule(u"   "_s))
                                      << u"rule \"custom-1\", expression: is missing"_s;
    QJsonObject countBy = customRule(u"a"_s);
    countBy.insert(u"count"_s, u"calls"_s);
    QTest::newRow("count neither channels nor records")
        << fileWith(countBy) << u"rule \"custom-1\", count: must be \"channels\" or \"records\""_s;
    countBy.insert(u"count"_s, 5);
    QTest::newRow("count as a number")
        << fileWith(countBy) << u"rule \"custom-1\", count: must be \"channels\" or \"records\""_s;
    QTest::newRow("the same id twice")
        << fileWith(QJsonArray{customRule(u"a"_s), customRule(u"b"_s)})
        << u"rule \"custom-1\", id: used twice"_s;
}

void TestAlertRulesFile::refusesWhatItCannotTrust()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, error);
    const AlertRulesResult r = AlertRules::fromJson(file);
    QVERIFY(!r.ok);
    QVERIFY2(r.error.toString().startsWith(error), qPrintable(r.error.toString()));
}

void TestAlertRulesFile::aBadExpressionNamesItsPosition()
{
    const QString expression = u"Hangup-Cause == NO_ROUTE_DESTINATION && (Caller"_s;
    const AlertRulesResult r = AlertRules::fromJson(fileWith(customRule(expression)));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.rule, u"custom-1"_s);
    QCOMPARE(r.error.field, u"expression"_s);
    QCOMPARE(r.error.position, Filter::compile(expression).error().position);
    QVERIFY(r.error.toString().endsWith(u" at %1"_s.arg(r.error.position)));
    const AlertRulesResult late = AlertRules::fromJson(fileWith(customRule(u"a == b )"_s)));
    QVERIFY(!late.ok);
    QCOMPARE(late.error.position, 7);
}

void TestAlertRulesFile::boundsTheFileTheRulesAndTheExpression()
{
    QByteArray huge = fileWith(QJsonArray{});
    huge.insert(1, QByteArray(" \"pad\": \"" + QByteArray(AlertRules::kMaxFileBytes, 'x') + "\","));
    AlertRulesResult r = AlertRules::fromJson(huge);
    QVERIFY(!r.ok);
    QCOMPARE(r.error.toString(), u"rules file: larger than 1048576 bytes"_s);

    QJsonArray many;
    for (int i = 1; i <= AlertRules::kMaxRules + 1; ++i) {
        QJsonObject o = customRule(u"a"_s);
        o.insert(u"id"_s, u"custom-%1"_s.arg(i));
        many.append(o);
    }
    r = AlertRules::fromJson(fileWith(many));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.toString(), u"rules file, rules: more than 200 rules"_s);
    many.removeLast();
    r = AlertRules::fromJson(fileWith(many));
    QVERIFY2(r.ok, qPrintable(r.error.toString()));
    QCOMPARE(r.rules.size(), 9 + AlertRules::kMaxRules);

    r = AlertRules::fromJson(fileWith(customRule(QString(AlertRules::kMaxExpressionLength + 1, u'a'))));
    QVERIFY(!r.ok);
    QCOMPARE(r.error.toString(), u"rule \"custom-1\", expression: longer than 4096 characters"_s);
}

QTEST_GUILESS_MAIN(TestAlertRulesFile)
#include "tst_alertrulesfile.moc"
