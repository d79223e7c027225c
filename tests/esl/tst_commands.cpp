// The typed api commands: the exact text of every builder, a refusal for every argument that
// could break the command line, and the `show ... as json` / `status` readers on the bodies of a
// real switch (tests/fixtures/api-bodies).

#include "esl/commands.h"
#include "support/fixtures.h"

#include <QBuffer>
#include <QTest>

using namespace Esl;
using namespace Esl::Commands;

namespace {

const QString U = QStringLiteral("ff4aa895-8ae9-428c-93c1-88599d6f7aa2");
const QString V = QStringLiteral("64f9a209-4393-47b7-9680-62a152084d86");

// What a builder gave, as text a test row can hold: the command, or "ERROR <code>: <message>".
QString outcome(const Expected<QString> &built)
{
    if (built)
        return *built;
    return QStringLiteral("ERROR %1: %2").arg(int(built.error().code)).arg(built.error().message);
}

Originate originateTo(const QString &endpoint, const QString &extension)
{
    Originate request;
    request.endpoint = endpoint;
    request.extension = extension;
    return request;
}

Originate originateApp(const QString &endpoint, const QString &application, const QString &args)
{
    Originate request;
    request.endpoint = endpoint;
    request.application = application;
    request.applicationArgs = args;
    return request;
}

template<typename Change> Originate with(Originate request, Change change)
{
    change(request);
    return request;
}

// The api/response bodies of the capture, in the order the commands were sent.
QList<QByteArray> apiBodies()
{
    QList<QByteArray> bodies;
    for (const Message &message : TestSupport::parseAll(
             TestSupport::readFixture(QStringLiteral("api-bodies"), QStringLiteral(".esl")))) {
        if (message.contentType() == ContentType::ApiResponse)
            bodies.append(message.body());
    }
    return bodies;
}

// Indexes into apiBodies(): ten originates come first (see api-bodies.sent).
constexpr int ShowChannelsBody = 10;
constexpr int ShowCallsBody = 11;
constexpr int ShowDetailedCallsBody = 12;
constexpr int ShowRegistrationsBody = 17;
constexpr int StatusBody = 18;

} // namespace

class TestCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Happy flows
    void buildsTheExactCommandText_data();
    void buildsTheExactCommandText();
    void readsShowChannelsInTheSwitchsColumnOrder();
    void readsShowCallsWithTheBridgedLegsColumns();
    void readsShowDetailedCalls();
    void readsAnEmptyShowWithoutRowsKey();
    void decodesEscapesAndKeepsUnsortedKeys();
    void keepsTheFirstOfARepeatedColumnInTheHash();
    void readsTheStatusText();
    void sendsABuiltCommandThroughTheSession();

    // Rainy days
    void refusesArgumentsThatWouldBreakTheCommand_data();
    void refusesArgumentsThatWouldBreakTheCommand();
    void rejectsMalformedShowBodies_data();
    void rejectsMalformedShowBodies();
    void rejectsATextThatIsNotStatus();
    void failsARefusedCommandAtOnceWithoutWritingIt();
    void failsARefusedCommandOnAnInboundClient();
};

void TestCommands::buildsTheExactCommandText_data()
{
    QTest::addColumn<QString>("built");
    QTest::addColumn<QString>("expected");

    auto row = [](const char *name, const Expected<QString> &built, const QString &expected) {
        QTest::newRow(name) << outcome(built) << expected;
    };
    row("uuid_kill", uuidKill(U), u"uuid_kill "_qs + U);
    row("uuid_kill with a cause", uuidKill(U, QStringLiteral("USER_BUSY")),
        u"uuid_kill "_qs + U + u" USER_BUSY"_qs);
    row("uuid_transfer", uuidTransfer(U, QStringLiteral("1000")),
        u"uuid_transfer "_qs + U + u" 1000"_qs);
    row("uuid_transfer the b leg with dialplan and context",
        uuidTransfer(U, QStringLiteral("1000"), Leg::B, QStringLiteral("XML"),
                     QStringLiteral("default")),
        u"uuid_transfer "_qs + U + u" -bleg 1000 XML default"_qs);
    row("uuid_transfer both legs with a dialplan",
        uuidTransfer(U, QStringLiteral("9197"), Leg::Both, QStringLiteral("XML")),
        u"uuid_transfer "_qs + U + u" -both 9197 XML"_qs);
    row("uuid_transfer to a dialplan expression", uuidTransfer(U, QStringLiteral("*98"), Leg::A),
        u"uuid_transfer "_qs + U + u" *98"_qs);
    row("uuid_hold", uuidHold(U), u"uuid_hold "_qs + U);
    row("uuid_hold off", uuidHold(U, HoldAction::Unhold), u"uuid_hold off "_qs + U);
    row("uuid_hold toggle", uuidHold(U, HoldAction::Toggle), u"uuid_hold toggle "_qs + U);
    row("uuid_park", uuidPark(U), u"uuid_park "_qs + U);
    row("uuid_bridge", uuidBridge(U, V), u"uuid_bridge "_qs + U + u' ' + V);
    row("uuid_record start", uuidRecord(U, RecordAction::Start, QStringLiteral("/tmp/call.wav")),
        u"uuid_record "_qs + U + u" start /tmp/call.wav"_qs);
    row("uuid_record start with a limit",
        uuidRecord(U, RecordAction::Start, QStringLiteral("/tmp/call.wav"), 60),
        u"uuid_record "_qs + U + u" start /tmp/call.wav 60"_qs);
    row("uuid_record stop", uuidRecord(U, RecordAction::Stop, QStringLiteral("/tmp/call.wav")),
        u"uuid_record "_qs + U + u" stop /tmp/call.wav"_qs);
    row("uuid_record stop all", uuidRecord(U, RecordAction::Stop, QStringLiteral("all")),
        u"uuid_record "_qs + U + u" stop all"_qs);
    row("uuid_send_dtmf with pauses and a duration", uuidSendDtmf(U, QStringLiteral("12w34#@250")),
        u"uuid_send_dtmf "_qs + U + u" 12w34#@250"_qs);
    row("uuid_send_dtmf letters and star", uuidSendDtmf(U, QStringLiteral("ABCD*dW0")),
        u"uuid_send_dtmf "_qs + U + u" ABCD*dW0"_qs);
    row("uuid_dump", uuidDump(U), u"uuid_dump "_qs + U);
    row("uuid_dump json", uuidDump(U, DumpFormat::Json), u"uuid_dump "_qs + U + u" json"_qs);
    row("uuid_exists", uuidExists(U), u"uuid_exists "_qs + U);
    row("uuid in upper case", uuidExists(U.toUpper()), u"uuid_exists "_qs + U.toUpper());
    row("uuid_broadcast an application without arguments", uuidBroadcast(U, QStringLiteral("park")),
        u"uuid_broadcast "_qs + U + u" park:: aleg"_qs);
    row("uuid_broadcast an attended transfer",
        uuidBroadcast(U, QStringLiteral("att_xfer"), QStringLiteral("loopback/3000/default")),
        u"uuid_broadcast "_qs + U + u" att_xfer::loopback/3000/default aleg"_qs);
    row("uuid_broadcast arguments holding '::'",
        uuidBroadcast(U, QStringLiteral("playback"), QStringLiteral("tone_stream://%(500,0,440)")),
        u"uuid_broadcast "_qs + U + u" playback::tone_stream://%(500,0,440) aleg"_qs);
    row("originate to an extension",
        originate(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197"))),
        QStringLiteral("originate user/1000 9197"));
    row("originate with caller id, timeout, dialplan and context",
        originate(
            with(originateTo(QStringLiteral("sofia/gateway/gw/5551234"), QStringLiteral("9197")),
                 [](Originate &o) {
                     o.dialplan = QStringLiteral("XML");
                     o.context = QStringLiteral("default");
                     o.callerIdName = QStringLiteral("John Doe");
                     o.callerIdNumber = QStringLiteral("+15551234");
                     o.timeoutSeconds = 30;
                     o.variables = {{QStringLiteral("ignore_early_media"), QStringLiteral("true")}};
                 })),
        QStringLiteral("originate {origination_caller_id_name='John Doe',origination_caller_id_"
                       "number=+15551234,originate_timeout=30,ignore_early_media=true}sofia/"
                       "gateway/gw/5551234 9197 XML default"));
    // Byte for byte what api-bodies.sent shows the capture tool sending.
    row("originate as in the capture",
        originate(
            with(originateApp(QStringLiteral("loopback/9197/default"), QStringLiteral("bridge"),
                              u"{origination_uuid="_qs + V + u"}loopback/9196/default"_qs),
                 [](Originate &o) {
                     o.variables = {
                         {QStringLiteral("origination_uuid"), U},
                         {QStringLiteral("origination_caller_id_name"), QStringLiteral("Api00")},
                         {QStringLiteral("origination_caller_id_number"), QStringLiteral("3000")}};
                 })),
        u"originate {origination_uuid="_qs + U +
            u",origination_caller_id_name=Api00,origination_caller_id_number=3000}loopback/"_qs
            u"9197/default &bridge({origination_uuid="_qs +
            V + u"}loopback/9196/default)"_qs);
    row("originate to eavesdrop",
        originate(originateApp(QStringLiteral("user/1001"), QStringLiteral("eavesdrop"), U)),
        u"originate user/1001 &eavesdrop("_qs + U + u')');
    row("originate to an application without arguments",
        originate(originateApp(QStringLiteral("user/1001"), QStringLiteral("park"), {})),
        QStringLiteral("originate user/1001 &park"));
    row("originate quotes application arguments with spaces",
        originate(originateApp(QStringLiteral("user/1001"), QStringLiteral("playback"),
                               QStringLiteral("/tmp/a b.wav"))),
        QStringLiteral("originate user/1001 &playback('/tmp/a b.wav')"));
    row("originate to several endpoints at once",
        originate(originateTo(QStringLiteral("[leg_timeout=10]user/1000,user/1001"),
                              QStringLiteral("9197"))),
        QStringLiteral("originate [leg_timeout=10]user/1000,user/1001 9197"));
    row("show channels", showChannels(), QStringLiteral("show channels as json"));
    row("show calls", showCalls(), QStringLiteral("show calls as json"));
    row("status", status(), QStringLiteral("status"));
}

void TestCommands::buildsTheExactCommandText()
{
    QFETCH(QString, built);
    QFETCH(QString, expected);
    QCOMPARE(built, expected);
}

void TestCommands::refusesArgumentsThatWouldBreakTheCommand_data()
{
    QTest::addColumn<QString>("built");
    QTest::addColumn<QString>("mentions");

    auto row = [](const char *name, const Expected<QString> &built, const QString &mentions) {
        QTest::newRow(name) << outcome(built) << mentions;
    };
    const QString spaced = QStringLiteral("ff4aa895 8ae9-428c-93c1-88599d6f7aa2");
    row("empty uuid", uuidKill({}), QStringLiteral("the channel uuid is empty"));
    row("uuid with a space", uuidKill(spaced), QStringLiteral("is not a channel uuid"));
    row("uuid too short", uuidPark(QStringLiteral("ff4aa895")),
        QStringLiteral("is not a channel uuid"));
    row("uuid smuggling a second command", uuidKill(U + u"\n\napi hupall"_qs),
        QStringLiteral("the channel uuid contains a LF character"));
    row("uuid with a CR", uuidHold(U + u'\r', HoldAction::Toggle),
        QStringLiteral("the channel uuid contains a CR character"));
    row("uuid with a NUL", uuidDump(U + QChar(0)),
        QStringLiteral("the channel uuid contains a NUL character"));
    row("lower-case hangup cause", uuidKill(U, QStringLiteral("normal_clearing")),
        QStringLiteral("is not a cause name"));
    row("hangup cause with a space", uuidKill(U, QStringLiteral("NORMAL CLEARING")),
        QStringLiteral("is not a cause name"));
    row("hangup cause with a CR", uuidKill(U, QStringLiteral("NORMAL_CLEARING\r")),
        QStringLiteral("the hangup cause contains a CR character"));
    row("empty transfer destination", uuidTransfer(U, {}),
        QStringLiteral("the transfer destination is empty"));
    row("transfer destination with a space", uuidTransfer(U, QStringLiteral("1000 XML")),
        QStringLiteral("the transfer destination \"1000 XML\" contains whitespace"));
    row("transfer destination with a tab", uuidTransfer(U, QStringLiteral("1000\tXML")),
        QStringLiteral("contains whitespace"));
    row("transfer destination smuggling a command",
        uuidTransfer(U, QStringLiteral("1000\n\napi hupall")),
        QStringLiteral("the transfer destination contains a LF character"));
    row("transfer destination read as an option", uuidTransfer(U, QStringLiteral("-both")),
        QStringLiteral("would be read as an option"));
    row("dialplan with a space",
        uuidTransfer(U, QStringLiteral("1000"), Leg::A, QStringLiteral("X ML")),
        QStringLiteral("the dialplan \"X ML\" contains whitespace"));
    row("context without a dialplan",
        uuidTransfer(U, QStringLiteral("1000"), Leg::A, {}, QStringLiteral("default")),
        QStringLiteral("a context needs a dialplan"));
    row("context with a NUL",
        uuidTransfer(U, QStringLiteral("1000"), Leg::A, QStringLiteral("XML"),
                     QStringLiteral("def") + QChar(0)),
        QStringLiteral("the context contains a NUL character"));
    row("broadcast arguments with a space",
        uuidBroadcast(U, QStringLiteral("playback"), QStringLiteral("say:hello world")),
        QStringLiteral("contain spaces, which uuid_broadcast cannot carry"));
    row("broadcast arguments with a tab",
        uuidBroadcast(U, QStringLiteral("playback"), QStringLiteral("a\tb")),
        QStringLiteral("contain spaces"));
    row("broadcast arguments with a quote",
        uuidBroadcast(U, QStringLiteral("set"), QStringLiteral("x='y'")),
        QStringLiteral("which uuid_broadcast would strip"));
    row("broadcast arguments with a backslash",
        uuidBroadcast(U, QStringLiteral("set"), QStringLiteral("x=a\\b")),
        QStringLiteral("which uuid_broadcast would strip"));
    row("broadcast arguments smuggling a command",
        uuidBroadcast(U, QStringLiteral("park"), QStringLiteral("x\n\napi hupall")),
        QStringLiteral("the application arguments"));
    row("broadcast application name with '::'",
        uuidBroadcast(U, QStringLiteral("park::x"), {}),
        QStringLiteral("is not an application name"));
    row("broadcast without an application", uuidBroadcast(U, {}),
        QStringLiteral("is not an application name"));
    row("broadcast to something that is not a uuid",
        uuidBroadcast(QStringLiteral("1000"), QStringLiteral("park")),
        QStringLiteral("is not a channel uuid"));
    row("bridge a channel to itself", uuidBridge(U, U.toUpper()), QStringLiteral("to itself"));
    row("bridge to something that is not a uuid", uuidBridge(U, QStringLiteral("1000")),
        QStringLiteral("the other channel's uuid \"1000\" is not a channel uuid"));
    row("recording path with a space",
        uuidRecord(U, RecordAction::Start, QStringLiteral("/tmp/my call.wav")),
        QStringLiteral("the recording path \"/tmp/my call.wav\" contains whitespace"));
    row("empty recording path", uuidRecord(U, RecordAction::Start, {}),
        QStringLiteral("the recording path is empty"));
    row("negative recording limit",
        uuidRecord(U, RecordAction::Start, QStringLiteral("/tmp/a.wav"), -1),
        QStringLiteral("is negative"));
    row("recording limit when stopping",
        uuidRecord(U, RecordAction::Stop, QStringLiteral("/tmp/a.wav"), 60),
        QStringLiteral("only applies when starting"));
    row("no DTMF digits", uuidSendDtmf(U, {}), QStringLiteral("the DTMF digits are empty"));
    row("only a DTMF duration", uuidSendDtmf(U, QStringLiteral("@100")),
        QStringLiteral("the DTMF digits are empty"));
    row("a letter that is no DTMF digit", uuidSendDtmf(U, QStringLiteral("12x")),
        QStringLiteral("hold 'x'"));
    row("DTMF digits with a space", uuidSendDtmf(U, QStringLiteral("12 34")),
        QStringLiteral("hold ' '"));
    row("DTMF duration that is no number", uuidSendDtmf(U, QStringLiteral("12@abc")),
        QStringLiteral("is not a positive number"));
    row("DTMF duration of zero", uuidSendDtmf(U, QStringLiteral("12@0")),
        QStringLiteral("is not a positive number"));
    row("DTMF digits with a LF", uuidSendDtmf(U, QStringLiteral("12\n")),
        QStringLiteral("the DTMF digits contains a LF character"));
    row("originate without an endpoint", originate(originateTo({}, QStringLiteral("9197"))),
        QStringLiteral("the endpoint is empty"));
    row("originate endpoint with a space",
        originate(originateTo(QStringLiteral("user/1000 9197"), QStringLiteral("9197"))),
        QStringLiteral("the endpoint \"user/1000 9197\" contains whitespace"));
    row("originate endpoint with its own variable block",
        originate(originateTo(QStringLiteral("{a=b}user/1000"), QStringLiteral("9197"))),
        QStringLiteral("give channel variables as Originate::variables"));
    row("originate to neither extension nor application",
        originate(originateTo(QStringLiteral("user/1000"), {})),
        QStringLiteral("either an extension or an application"));
    row("originate to both extension and application",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) { o.application = QStringLiteral("park"); })),
        QStringLiteral("either an extension or an application"));
    row("originate extension written as an application",
        originate(originateTo(QStringLiteral("user/1000"), QStringLiteral("&park()"))),
        QStringLiteral("give an application as Originate::application"));
    row("originate dialplan with an application",
        originate(with(originateApp(QStringLiteral("user/1000"), QStringLiteral("park"), {}),
                       [](Originate &o) { o.dialplan = QStringLiteral("XML"); })),
        QStringLiteral("only apply to an extension"));
    row("originate application arguments with ')'",
        originate(originateApp(QStringLiteral("user/1000"), QStringLiteral("playback"),
                               QStringLiteral("tone_stream://%(251,0,1004)"))),
        QStringLiteral("hold ')'"));
    row("originate application name with a space",
        originate(originateApp(QStringLiteral("user/1000"), QStringLiteral("play back"), {})),
        QStringLiteral("is not an application name"));
    row("originate variable value with a comma",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) {
                           o.variables = {{QStringLiteral("x"), QStringLiteral("a,b")}};
                       })),
        QStringLiteral("channel variable x: the value \"a,b\" holds ','"));
    row("originate variable value with a brace",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) {
                           o.variables = {{QStringLiteral("x"), QStringLiteral("a}b")}};
                       })),
        QStringLiteral("holds '}'"));
    row("originate caller id name with a comma",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) { o.callerIdName = QStringLiteral("Doe, John"); })),
        QStringLiteral("channel variable origination_caller_id_name"));
    row("originate caller id name with a LF",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) { o.callerIdName = QStringLiteral("John\nDoe"); })),
        QStringLiteral("channel variable origination_caller_id_name contains a LF character"));
    row("originate variable name with '='",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) {
                           o.variables = {{QStringLiteral("a=b"), QStringLiteral("c")}};
                       })),
        QStringLiteral("the channel variable name \"a=b\" is not a name"));
    row("originate variable given twice",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) {
                           o.callerIdName = QStringLiteral("Api");
                           o.variables = {{QStringLiteral("origination_caller_id_name"),
                                           QStringLiteral("Other")}};
                       })),
        QStringLiteral("is given twice"));
    row("originate negative timeout",
        originate(with(originateTo(QStringLiteral("user/1000"), QStringLiteral("9197")),
                       [](Originate &o) { o.timeoutSeconds = -5; })),
        QStringLiteral("the originate timeout -5 is negative"));
}

void TestCommands::refusesArgumentsThatWouldBreakTheCommand()
{
    QFETCH(QString, built);
    QFETCH(QString, mentions);
    const QString prefix = QStringLiteral("ERROR %1: ").arg(int(Error::Code::InvalidArgument));
    QVERIFY2(built.startsWith(prefix), qPrintable(built));
    QVERIFY2(built.contains(mentions), qPrintable(built));
}

void TestCommands::readsShowChannelsInTheSwitchsColumnOrder()
{
    const QList<QByteArray> bodies = apiBodies();
    QCOMPARE(bodies.size(), 21);
    const Expected<ShowResult> show = ShowResult::fromJson(bodies[ShowChannelsBody]);
    QVERIFY2(show, qPrintable(show ? QString() : show.error().toString()));
    // 10 calls over loopback: each call is 4 channels (both loopback ends of both legs).
    QCOMPARE(show->rowCount, 40);
    QCOMPARE(show->rows.size(), 40);
    const QStringList expectedColumns = {u"uuid"_qs,
                                         u"direction"_qs,
                                         u"created"_qs,
                                         u"created_epoch"_qs,
                                         u"name"_qs,
                                         u"state"_qs,
                                         u"cid_name"_qs,
                                         u"cid_num"_qs,
                                         u"ip_addr"_qs,
                                         u"dest"_qs,
                                         u"application"_qs,
                                         u"application_data"_qs,
                                         u"dialplan"_qs,
                                         u"context"_qs,
                                         u"read_codec"_qs,
                                         u"read_rate"_qs,
                                         u"read_bit_rate"_qs,
                                         u"write_codec"_qs,
                                         u"write_rate"_qs,
                                         u"write_bit_rate"_qs,
                                         u"secure"_qs,
                                         u"hostname"_qs,
                                         u"presence_id"_qs,
                                         u"presence_data"_qs,
                                         u"accountcode"_qs,
                                         u"callstate"_qs,
                                         u"callee_name"_qs,
                                         u"callee_num"_qs,
                                         u"callee_direction"_qs,
                                         u"call_uuid"_qs,
                                         u"sent_callee_name"_qs,
                                         u"sent_callee_num"_qs,
                                         u"initial_cid_name"_qs,
                                         u"initial_cid_num"_qs,
                                         u"initial_ip_addr"_qs,
                                         u"initial_dest"_qs,
                                         u"initial_dialplan"_qs,
                                         u"initial_context"_qs};
    QCOMPARE(show->columns(), expectedColumns);
    for (const ShowResult::Row &row : show->rows)
        QCOMPARE(row.size(), expectedColumns.size());

    const QHash<QString, QString> first = show->rowHash(0);
    QCOMPARE(first.value(u"uuid"_qs), U);
    QCOMPARE(first.value(u"name"_qs), u"loopback/9197-a"_qs);
    QCOMPARE(first.value(u"application_data"_qs),
             u"{origination_uuid="_qs + V + u"}loopback/9196/default"_qs);
    QCOMPARE(first.value(u"callee_name"_qs), u"Api00"_qs);
    QCOMPARE(first.value(u"secure"_qs), QString(u""_qs));
    QVERIFY(show->rowHash(40).isEmpty());
}

void TestCommands::readsShowCallsWithTheBridgedLegsColumns()
{
    const Expected<ShowResult> show = ShowResult::fromJson(apiBodies()[ShowCallsBody]);
    QVERIFY2(show, qPrintable(show ? QString() : show.error().toString()));
    // 30 rows: the 10 bridged calls (A leg with its B leg's b_* columns) and the 20 loopback
    // ends that are not bridged to anything, whose b_* columns are empty.
    QCOMPARE(show->rowCount, 30);
    QCOMPARE(show->rows.size(), 30);
    const QStringList columns = show->columns();
    QCOMPARE(columns.first(), u"uuid"_qs);
    QCOMPARE(columns.last(), u"call_created_epoch"_qs);
    const qsizetype bUuid = columns.indexOf(u"b_uuid"_qs);
    QVERIFY(bUuid > 0);
    QCOMPARE(columns.at(bUuid - 1), u"sent_callee_num"_qs);
    QCOMPARE(columns.at(bUuid + 1), u"b_direction"_qs);
    QCOMPARE(columns.size(), 41);

    const QList<std::pair<QString, QString>> pairs = {
        {U, V},
        {u"1f72455d-338c-4ad0-8284-9c32c18af526"_qs, u"7a9673d2-880d-4efb-aa0b-21f092954bc7"_qs},
        {u"ee92fd74-da3a-49da-bf28-b909b5840977"_qs, u"eb92ad34-d2a4-432a-94a0-fdd0bade6889"_qs}};
    int bridged = 0;
    QHash<QString, QString> bLegOf;
    for (qsizetype i = 0; i < show->rows.size(); ++i) {
        QCOMPARE(show->rows[i].size(), 41);
        const QHash<QString, QString> row = show->rowHash(i);
        if (!row.value(u"b_uuid"_qs).isEmpty()) {
            ++bridged;
            bLegOf.insert(row.value(u"uuid"_qs), row.value(u"b_uuid"_qs));
            QCOMPARE(row.value(u"b_name"_qs), u"loopback/9196-a"_qs);
        } else {
            QVERIFY(row.value(u"b_name"_qs).isEmpty());
        }
    }
    QCOMPARE(bridged, 10);
    for (const auto &[a, b] : pairs)
        QCOMPARE(bLegOf.value(a), b);
}

void TestCommands::readsShowDetailedCalls()
{
    const Expected<ShowResult> show = ShowResult::fromJson(apiBodies()[ShowDetailedCallsBody]);
    QVERIFY2(show, qPrintable(show ? QString() : show.error().toString()));
    QCOMPARE(show->rowCount, 30);
    QVERIFY(show->columns().contains(u"b_application_data"_qs));
    QCOMPARE(show->rowHash(0).value(u"b_uuid"_qs), V);
}

void TestCommands::readsAnEmptyShowWithoutRowsKey()
{
    const QByteArray body = apiBodies()[ShowRegistrationsBody];
    QCOMPARE(body, QByteArray("{\"row_count\": 0}\n"));
    const Expected<ShowResult> show = ShowResult::fromJson(body);
    QVERIFY(show);
    QCOMPARE(show->rowCount, 0);
    QVERIFY(show->rows.isEmpty());
    QVERIFY(show->columns().isEmpty());

    const Expected<ShowResult> explicitlyEmpty =
        ShowResult::fromJson(R"({"row_count":0,"rows":[]})");
    QVERIFY(explicitlyEmpty);
    QCOMPARE(explicitlyEmpty->rows.size(), 0);
}

void TestCommands::decodesEscapesAndKeepsUnsortedKeys()
{
    const Expected<ShowResult> show = ShowResult::fromJson(
        R"( {"rows": [ {"zeta": "a\"b\\c\/d\u00e9\ud83d\ude00\n", "alpha": 7, "mid": null,)"
        R"( "flag": true} ], "extra": {"nested": [1, {"x": []}]}, "row_count": 1 } )");
    QVERIFY2(show, qPrintable(show ? QString() : show.error().toString()));
    QCOMPARE(show->rowCount, 1);
    QCOMPARE(show->columns(), (QStringList{u"zeta"_qs, u"alpha"_qs, u"mid"_qs, u"flag"_qs}));
    const ShowResult::Row &row = show->rows.first();
    QCOMPARE(row[0].second, QString(u"a\"b\\c/d\u00e9\U0001F600\n"_qs));
    QCOMPARE(row[1].second, u"7"_qs);
    QCOMPARE(row[2].second, QString());
    QCOMPARE(row[3].second, u"true"_qs);
}

void TestCommands::keepsTheFirstOfARepeatedColumnInTheHash()
{
    const Expected<ShowResult> show =
        ShowResult::fromJson(R"({"row_count":1,"rows":[{"a":"first","b":"x","a":"second"}]})");
    QVERIFY(show);
    QCOMPARE(show->rows.first().size(), 3);
    QCOMPARE(show->rowHash(0).value(u"a"_qs), u"first"_qs);
}

void TestCommands::readsTheStatusText()
{
    const Expected<SwitchStatus> status =
        SwitchStatus::fromText(QString::fromUtf8(apiBodies()[StatusBody]));
    QVERIFY2(status, qPrintable(status ? QString() : status.error().toString()));
    QCOMPARE(status->uptimeMs, 44'840);
    QCOMPARE(status->sessionsSinceStartup, 360);
    QCOMPARE(status->sessions, 40);
    QCOMPARE(status->sessionsPeak, 160);
    QCOMPARE(status->maxSessions, 1000);
    QVERIFY(status->ready);

    const Expected<SwitchStatus> long_ = SwitchStatus::fromText(
        u"UP 1 year, 2 days, 3 hours, 4 minutes, 5 seconds, 6 milliseconds, 7 microseconds\n"_qs);
    QVERIFY(long_);
    QCOMPARE(long_->uptimeMs, ((367LL * 24 + 3) * 60 + 4) * 60'000 + 5'006);
    QCOMPARE(long_->sessions, -1);
    QVERIFY(!long_->ready);
}

void TestCommands::rejectsATextThatIsNotStatus()
{
    const Expected<SwitchStatus> status = SwitchStatus::fromText(u"-ERR no reply\n"_qs);
    QVERIFY(!status);
    QCOMPARE(status.error().code, Error::Code::Decode);

    // What fuzz_show found: years that overflow the sum in milliseconds. Refused with where.
    const Expected<SwitchStatus> overflow = SwitchStatus::fromText(
        u"UP 04294967296 years, 0 days, 0 hours, 6 minutes, 7 seconds, 596 milliseconds, "
        "945 microseconds\n"_qs);
    QVERIFY(!overflow);
    QCOMPARE(overflow.error().code, Error::Code::Decode);
    QVERIFY2(overflow.error().message.contains(u"out of range"_qs),
             qPrintable(overflow.error().message));
    QCOMPARE(overflow.error().offset, 3); // where the years begin
    const Expected<SwitchStatus> digits = SwitchStatus::fromText(
        u"UP 0 years, 0 days, 0 hours, 0 minutes, 0 seconds, 99999999999999999999999 "
        "milliseconds\n"_qs);
    QVERIFY(!digits);
}

void TestCommands::rejectsMalformedShowBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");

    const QByteArray real = apiBodies()[ShowChannelsBody];
    QTest::newRow("an -ERR reply") << QByteArray("-ERR no reply\n") << u"not a JSON object"_qs;
    QTest::newRow("empty") << QByteArray() << u"not a JSON object"_qs;
    QTest::newRow("an array") << QByteArray("[]") << u"not a JSON object"_qs;
    QTest::newRow("the real body cut short") << real.left(real.size() / 2) << u"show json"_qs;
    QTest::newRow("the real body with trailing data") << real + "}" << u"trailing data"_qs;
    QTest::newRow("no row_count") << QByteArray(R"({"rows":[]})") << u"no row_count"_qs;
    QTest::newRow("row_count as a string")
        << QByteArray(R"({"row_count":"0"})") << u"expected a number"_qs;
    QTest::newRow("negative row_count") << QByteArray(R"({"row_count":-1})") << u"not a count"_qs;
    QTest::newRow("fractional row_count")
        << QByteArray(R"({"row_count":1.5,"rows":[{}]})") << u"not a count"_qs;
    QTest::newRow("fewer rows than row_count")
        << QByteArray(R"({"row_count":2,"rows":[{"a":"b"}]})") << u"row_count is 2 but"_qs;
    QTest::newRow("rows but row_count 0")
        << QByteArray(R"({"row_count":0,"rows":[{"a":"b"}]})") << u"row_count is 0 but"_qs;
    QTest::newRow("rows missing for a count")
        << QByteArray(R"({"row_count":3})") << u"row_count is 3 but there are 0"_qs;
    QTest::newRow("rows not an array")
        << QByteArray(R"({"row_count":1,"rows":{"a":"b"}})") << u"rows is not an array"_qs;
    QTest::newRow("a row that is a string")
        << QByteArray(R"({"row_count":1,"rows":["x"]})") << u"a row is not an object"_qs;
    QTest::newRow("a nested value in a row")
        << QByteArray(R"({"row_count":1,"rows":[{"a":{"b":"c"}}]})")
        << u"not a string or a number"_qs;
    QTest::newRow("an unterminated string")
        << QByteArray(R"({"row_count":1,"rows":[{"a":"b)") << u"unterminated string"_qs;
    QTest::newRow("a bad escape") << QByteArray(R"({"row_count":1,"rows":[{"a":"\q"}]})")
                                  << u"bad escape"_qs;
    QTest::newRow("a missing colon") << QByteArray(R"({"row_count" 1})") << u"show json"_qs;
}

void TestCommands::rejectsMalformedShowBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    const Expected<ShowResult> show = ShowResult::fromJson(body);
    QVERIFY(!show);
    QCOMPARE(show.error().code, Error::Code::Decode);
    QVERIFY2(show.error().message.contains(mentions), qPrintable(show.error().toString()));
}

void TestCommands::sendsABuiltCommandThroughTheSession()
{
    QBuffer wire;
    QVERIFY(wire.open(QIODevice::ReadWrite));
    Session session;
    session.setDevice(&wire);
    const QFuture<Reply> kill = Commands::uuidKill(session, U, QStringLiteral("USER_BUSY"));
    const QFuture<Reply> hold = Commands::uuidHold(session, U, HoldAction::Toggle);
    const QFuture<JobResult> call =
        Commands::originate(session, originateTo(QStringLiteral("user/1000"), u"9197"_qs));
    QVERIFY(!kill.isFinished());
    QCOMPARE(session.pendingReplies(), 3);
    const QByteArray written = wire.data();
    QVERIFY2(written.startsWith("api uuid_kill " + U.toUtf8() +
                                " USER_BUSY\n\napi uuid_hold toggle " + U.toUtf8() +
                                "\n\nbgapi originate user/1000 9197\nJob-UUID: "),
             written.constData());
    session.close();
    QVERIFY(kill.isFinished());
    QCOMPARE(kill.result().error()->code, Error::Code::Disconnected);
}

void TestCommands::failsARefusedCommandAtOnceWithoutWritingIt()
{
    QBuffer wire;
    QVERIFY(wire.open(QIODevice::ReadWrite));
    Session session;
    session.setDevice(&wire);

    const QFuture<Reply> kill = Commands::uuidKill(session, U + u"\n\napi hupall"_qs);
    QVERIFY(kill.isFinished());
    QCOMPARE(kill.result().error()->code, Error::Code::InvalidArgument);
    QVERIFY(kill.result().errorText().contains(u"LF"_qs));

    const QFuture<Reply> transfer = Commands::uuidTransfer(session, U, u"1000 XML"_qs);
    QVERIFY(transfer.isFinished());
    QCOMPARE(transfer.result().error()->code, Error::Code::InvalidArgument);

    const QFuture<JobResult> call =
        Commands::originate(session, originateTo(u"user/1000"_qs, QString()));
    QVERIFY(call.isFinished());
    QCOMPARE(call.result().error()->code, Error::Code::InvalidArgument);

    QCOMPARE(session.pendingReplies(), 0);
    QCOMPARE(session.pendingJobs(), 0);
    QVERIFY(wire.data().isEmpty());
}

void TestCommands::failsARefusedCommandOnAnInboundClient()
{
    InboundClient client;
    const QFuture<Reply> park = Commands::uuidPark(client, u"not-a-uuid"_qs);
    QVERIFY(park.isFinished());
    QCOMPARE(park.result().error()->code, Error::Code::InvalidArgument);
    // A valid command is refused too while not connected, but as Disconnected.
    const QFuture<Reply> channels = Commands::showChannels(client);
    QVERIFY(channels.isFinished());
    QCOMPARE(channels.result().error()->code, Error::Code::Disconnected);
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
