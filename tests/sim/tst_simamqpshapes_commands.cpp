// tst_simamqpshapes: api commands taken from TAP.Commands, and their replies.

#include "simamqpshapes.h"

#include "sim/amqpcommands.h"
#include "sim/amqpformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

Sim::SwitchConfig emptySwitch()
{
    Sim::SwitchConfig config;
    config.hostname = u"sim-01"_s;
    config.initialCalls = 0;
    config.heartbeatIntervalMs = 0;
    return config;
}

Amqp::Message command(const QByteArray &body, const QByteArray &contentType = "text/plain",
                      bool replyExchange = true, bool replyKey = true)
{
    Amqp::Message m;
    m.exchange = "TAP.Commands";
    m.routingKey = "switchboard.sim-01.api";
    m.contentType = contentType;
    m.body = body;
    if (replyExchange)
        m.headers.append({"x-fs-api-resp-exchange", "console.replies", -1});
    if (replyKey)
        m.headers.append({"x-fs-api-resp-key", "reply-1", -1});
    return m;
}

QJsonObject replyObject(const Amqp::Message &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

} // namespace

void TestSimAmqpShapes::answersTheCapturedCommandsAsTheSwitchDid()
{
    // Every command of the capture, as it was published, to a simulated switch: the same
    // decision to answer, the same reply properties and body layout, the same `command` and
    // `status`, and the same output where it does not depend on the switch's calls.
    const QList<TestSupport::CapturedCommand> captured = TestSupport::capturedCommands();
    QCOMPARE(captured.size(), 14);
    const QRegularExpression shape(TestSupport::replyBodyPattern());
    QVERIFY(shape.isValid());
    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    int replies = 0;
    for (const TestSupport::CapturedCommand &c : captured) {
        const Sim::AmqpCommands::Outcome outcome = commands.handle(c.published);
        QCOMPARE(outcome.executed, c.published.contentType != "application/json");
        QCOMPARE(outcome.reply.has_value(), !c.replies.isEmpty());
        if (c.replies.isEmpty())
            continue;
        ++replies;
        const Amqp::Message &real = c.replies.front().message;
        QVERIFY2(shape.match(QString::fromUtf8(real.body)).hasMatch(), real.body.constData());
        const Amqp::Message &sim = *outcome.reply;
        QVERIFY2(shape.match(QString::fromUtf8(sim.body)).hasMatch(), sim.body.constData());
        QCOMPARE(sim.exchange, real.exchange);
        QCOMPARE(sim.routingKey, real.routingKey);
        QCOMPARE(sim.contentType, "text/json");
        QCOMPARE(c.replies.front().properties.keys(), QStringList{u"content_type"_s});
        QVERIFY(sim.headers.isEmpty());
        QCOMPARE(sim.timestamp, -1);
        const QJsonObject realReply = replyObject(real);
        const QJsonObject simReply = replyObject(sim);
        QCOMPARE(simReply[u"command"], realReply[u"command"]);
        // The simulated switch has no mod_conference api: there it is an unknown command.
        if (c.published.body.startsWith("conference ")) {
            QCOMPARE(sim.body, "{\n\t\"output\":\t\"INVALID COMMAND!\\n\",\n\t\"command\":\t"
                               "\"conference amqp list\",\n\t\"status\":\t1\n}");
            continue;
        }
        QCOMPARE(simReply[u"status"], realReply[u"status"]);
        const QString name =
            c.published.body.startsWith("echo") ? u"echo"_s : QString::fromUtf8(c.published.body);
        if (name == u"echo" || name == u"nosuchcommand" ||
            name == u"uuid_kill 00000000-0000-0000-0000-000000000000")
            QCOMPARE(sim.body, real.body);
    }
    QCOMPARE(replies, 11);
}

void TestSimAmqpShapes::bgapiAnswersAJobUuidAndTheResultComesAsBackgroundJob()
{
    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    QList<Esl::Event> jobs;
    connect(&sw, &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) {
        if (e->event().eventName() == "BACKGROUND_JOB")
            jobs.append(e->event());
    });
    const Sim::AmqpCommands::Outcome outcome = commands.handle(command("bgapi status"));
    QVERIFY(outcome.reply);
    const QRegularExpression answer(
        u"^\\+OK Job-UUID: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\n$"_s);
    const QRegularExpressionMatch match = answer.match(QString::fromUtf8(outcome.output));
    QVERIFY2(match.hasMatch(), outcome.output.constData());
    QCOMPARE(outcome.status, 0);
    QCOMPARE(replyObject(*outcome.reply)[u"command"].toString(), u"bgapi status"_s);
    QTRY_COMPARE(jobs.size(), 1);
    QCOMPARE(jobs.front().jobUuid(), match.captured(1));
    QCOMPARE(jobs.front().text("Job-Command"), u"status"_s);
    QVERIFY(jobs.front().body().startsWith("UP "));
    // The BACKGROUND_JOB goes out on TAP.Events with the body in `_body`, as captured.
    const Amqp::Message published = Sim::AmqpFormat::eventMessage(jobs.front());
    QCOMPARE(published.routingKey, "FreeSWITCH.sim-01.BACKGROUND_JOB..");
    QVERIFY(published.body.contains(",\"Content-Length\":\""));
    QVERIFY(published.body.endsWith("\\n\"}"));
    QVERIFY(published.body.contains(",\"_body\":\"UP "));

    // bgapi uuid:<job> picks the Job-UUID; bgapi with nothing to run is refused.
    const QByteArray chosen = "0b0c5a1e-0000-4000-8000-00000000000a";
    QCOMPARE(commands.handle(command("bgapi uuid:" + chosen + " version")).output,
             "+OK Job-UUID: " + chosen + '\n');
    QTRY_COMPARE(jobs.size(), 2);
    QCOMPARE(jobs.back().jobUuid(), QString::fromUtf8(chosen));
    QCOMPARE(commands.handle(command("bgapi")).output, "-ERR Invalid syntax\n");
}

void TestSimAmqpShapes::bgapiFiresItsApiEventBeforeTheJobRuns()
{
    // The capture: a bgapi from the command queue ran through switch_api_execute, which fires
    // an API event for it (API-Command bgapi, the rest as its argument) before the job's own.
    QStringList captured;
    for (const TestSupport::CapturedMessage &c : std::as_const(m_events)) {
        const Esl::Event e = *Esl::Event::fromJson(c.message.body);
        if (e.eventName() == "API" && e.text("API-Command-Argument").startsWith(u"status"))
            captured.append(e.text("API-Command") + u'|' + e.text("API-Command-Argument"));
        if (e.eventName() == "API" && e.text("API-Command") == u"status")
            captured.append(u"status"_s);
    }
    const qsizetype bgapi = captured.indexOf(u"bgapi|status"_s);
    QVERIFY(bgapi >= 0);
    QCOMPARE(captured.value(bgapi + 1), u"status"_s);

    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    QStringList fired;
    connect(&sw, &Sim::Switch::eventFired, this, [&](const Sim::FiredEventPtr &e) {
        const Esl::Event &event = e->event();
        if (event.eventName() == "API")
            fired.append(event.text("API-Command") + u'|' + event.text("API-Command-Argument"));
        else if (event.eventName() == "BACKGROUND_JOB")
            fired.append(u"job "_s + event.text("Job-Command"));
    });
    QVERIFY(commands.handle(command("bgapi status")).output.startsWith("+OK Job-UUID: "));
    QTRY_COMPARE(fired, (QStringList{u"bgapi|status"_s, u"status|"_s, u"job status"_s}));
    // A bgapi the module refuses still went through switch_api_execute.
    fired.clear();
    QCOMPARE(commands.handle(command("bgapi")).output, "-ERR Invalid syntax\n");
    QCOMPARE(fired, QStringList{u"bgapi|"_s});
}

void TestSimAmqpShapes::aContentTypeOtherThanTextPlainIsIgnored()
{
    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    int apiEvents = 0;
    connect(&sw, &Sim::Switch::eventFired, this,
            [&](const Sim::FiredEventPtr &e) { apiEvents += e->event().eventName() == "API"; });
    const Sim::AmqpCommands::Outcome ignored =
        commands.handle(command("echo json content type", "application/json"));
    QVERIFY(!ignored.executed);
    QVERIFY(!ignored.reply);
    QVERIFY(ignored.output.isEmpty());
    // No content_type counts as text/plain; the module compares the first ten bytes only,
    // in any case.
    QVERIFY(commands.handle(command("echo none", "")).reply);
    QVERIFY(commands.handle(command("echo upper", "TEXT/PLAIN")).reply);
    QVERIFY(commands.handle(command("echo charset", "text/plain; charset=utf-8")).reply);
    QVERIFY(!commands.handle(command("echo short", "text/plai")).executed);
    QVERIFY(!commands.handle(command("echo json", "text/json")).executed);
    // Only the three that ran reached the switch (each fires its API event).
    QTRY_COMPARE(apiEvents, 3);
    QTest::qWait(20);
    QCOMPARE(apiEvents, 3);
}

void TestSimAmqpShapes::aLongCommandRunsAsItsFirst10239Bytes()
{
    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    const QByteArray body = "echo " + QByteArray(12000, 'x');
    QCOMPARE(body.size(), 12005);
    const Sim::AmqpCommands::Outcome outcome = commands.handle(command(body));
    QCOMPARE(outcome.command, body.left(10239));
    QCOMPARE(outcome.output, QByteArray(10239 - 5, 'x'));
    const QJsonObject reply = replyObject(*outcome.reply);
    QCOMPARE(reply[u"command"].toString().size(), 10239);
    // The capture's own 12005-byte command was answered the same way.
    for (const TestSupport::CapturedCommand &c : TestSupport::capturedCommands()) {
        if (c.published.body.size() == 12005) {
            QCOMPARE(replyObject(c.replies.front().message)[u"command"].toString().size(), 10239);
            const Amqp::Message reply = *commands.handle(c.published).reply;
            QCOMPARE(reply.body, c.replies.front().message.body);
            QCOMPARE(reply.routingKey, c.replies.front().message.routingKey);
        }
    }
    // The buffer is filled with snprintf("%.*s"): a NUL byte ends the command too.
    QCOMPARE(commands.handle(command(QByteArray("echo before\0after", 17))).command, "echo before");
}

void TestSimAmqpShapes::repliesOnlyWhenBothReplyHeadersAreSet()
{
    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    const Sim::AmqpCommands::Outcome both = commands.handle(command("echo both"));
    QVERIFY(both.reply);
    QCOMPARE(both.reply->exchange, "console.replies");
    QCOMPARE(both.reply->routingKey, "reply-1");
    QCOMPARE(both.reply->body,
             "{\n\t\"output\":\t\"both\",\n\t\"command\":\t\"echo both\",\n\t\"status\":\t0\n}");
    for (const auto &[exchange, key] : {std::pair{true, false}, {false, true}, {false, false}}) {
        const Sim::AmqpCommands::Outcome outcome =
            commands.handle(command("echo one", "text/plain", exchange, key));
        QVERIFY(outcome.executed); // still run, silently
        QCOMPARE(outcome.output, "one");
        QVERIFY(!outcome.reply);
    }
    // Other headers are ignored, the order of the two does not matter.
    Amqp::Message reversed = command("echo reversed");
    std::swap(reversed.headers[0], reversed.headers[1]);
    reversed.headers.append({"x-other", "ignored", -1});
    const Sim::AmqpCommands::Outcome outcome = commands.handle(reversed);
    QVERIFY(outcome.reply);
    QCOMPARE(outcome.reply->routingKey, "reply-1");
    QCOMPARE(outcome.reply->exchange, "console.replies");
}

void TestSimAmqpShapes::commandsSplitAtDoubleSemicolonsAndStopAtALineEnd()
{
    // switch_console_execute: ";;" separates commands run into one reply; a command ends at its
    // first line end; an unknown one says INVALID COMMAND! and fails the whole line if last.
    Sim::Switch sw(emptySwitch());
    Sim::AmqpCommands commands(&sw);
    int status = -1;
    QCOMPARE(commands.execute("echo one;;echo two", &status), "onetwo");
    QCOMPARE(status, 0);
    QCOMPARE(commands.execute("  echo first line\nsecond line", &status), "first line");
    QCOMPARE(commands.execute("echo a;;nosuchcommand", &status), "aINVALID COMMAND!\n");
    QCOMPARE(status, 1);
    QCOMPARE(commands.execute("nosuchcommand;;echo b", &status), "INVALID COMMAND!\nb");
    QCOMPARE(status, 0);
    QCOMPARE(commands.execute("", &status), "INVALID COMMAND!\n");
    QCOMPARE(status, 1);
    // At most 128 commands: the last keeps the rest of the line.
    QByteArray many;
    for (int i = 0; i < 130; ++i)
        many += "echo " + QByteArray::number(i) + ";;";
    const QByteArray output = commands.execute(many, &status);
    QVERIFY(output.startsWith("0123"));
    QVERIFY2(output.endsWith("126127;;echo 128;;echo 129;;"), output.right(40).constData());
}
