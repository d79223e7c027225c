// The Conferences panel's commands: what each builder sends, what it refuses and why, and how
// the module's replies (the real texts of real2/conference-control) read as success or failure.

#include "console/conferencecommands.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
namespace C = Console::ConferenceCommands;

class TestConferenceCommands : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsTheCommandsTheSwitchReceived();
    void refusesWhatTheModuleWouldMisread_data();
    void refusesWhatTheModuleWouldMisread();
    void readsTheRealReplies_data();
    void readsTheRealReplies();
};

void TestConferenceCommands::buildsTheCommandsTheSwitchReceived()
{
    // The commands of the capture's .sent, built again.
    QCOMPARE(*C::member(u"ctl"_s, C::MemberAction::Mute, 1), u"conference ctl mute 1"_s);
    QCOMPARE(*C::member(u"ctl"_s, C::MemberAction::Unmute, 1), u"conference ctl unmute 1"_s);
    QCOMPARE(*C::member(u"ctl"_s, C::MemberAction::Deaf, 2), u"conference ctl deaf 2"_s);
    QCOMPARE(*C::member(u"ctl"_s, C::MemberAction::Undeaf, 2), u"conference ctl undeaf 2"_s);
    QCOMPARE(*C::member(u"ctl"_s, C::MemberAction::Kick, 2), u"conference ctl kick 2"_s);
    QCOMPARE(*C::member(u"ctl"_s, C::MemberAction::Hangup, 4), u"conference ctl hup 4"_s);
    QCOMPARE(*C::volumeIn(u"ctl"_s, 1, 2), u"conference ctl volume_in 1 2"_s);
    QCOMPARE(*C::volumeOut(u"ctl"_s, 2, -1), u"conference ctl volume_out 2 -1"_s);
    QCOMPARE(*C::energy(u"ctl"_s, 3, 300), u"conference ctl energy 3 300"_s);
    QCOMPARE(*C::lock(u"ctl"_s, true), u"conference ctl lock"_s);
    QCOMPARE(*C::lock(u"ctl"_s, false), u"conference ctl unlock"_s);
    QCOMPARE(*C::record(u"ctl"_s, u"/srv/freeswitch/2/recordings/corpus-ctl.wav"_s),
             u"conference ctl record /srv/freeswitch/2/recordings/corpus-ctl.wav"_s);
    QCOMPARE(*C::stopRecording(u"ctl"_s), u"conference ctl norecord all"_s);
    QCOMPARE(*C::play(u"ctl"_s, u"tone_stream://%(500,0,880)"_s),
             u"conference ctl play tone_stream://%(500,0,880)"_s);
    QCOMPARE(*C::play(u"ctl"_s, u"/tmp/a.wav"_s, 3), u"conference ctl play /tmp/a.wav 3"_s);
    QCOMPARE(*C::transferToConference(u"ctl"_s, 2, u"other"_s), u"conference ctl transfer other 2"_s);
    const QString uuid = u"463cb401-ca9c-4ad9-acc6-f1885c193c76"_s;
    QCOMPARE(*C::transferToExtension(uuid, u"1000"_s),
             u"uuid_transfer 463cb401-ca9c-4ad9-acc6-f1885c193c76 1000 XML default"_s);
    QCOMPARE(*C::invite(u"ctl"_s, u"user/1000"_s), u"conference ctl bgdial user/1000"_s);
    QCOMPARE(*C::invite(u"ctl"_s, u"user/1000"_s, u"3000"_s, u"Operator"_s),
             u"conference ctl bgdial user/1000 3000 Operator"_s);
    QCOMPARE(*C::bringIn(uuid, u"3001"_s),
             u"uuid_transfer 463cb401-ca9c-4ad9-acc6-f1885c193c76 conference:3001@default inline"_s);
}

void TestConferenceCommands::refusesWhatTheModuleWouldMisread_data()
{
    QTest::addColumn<Esl::Expected<QString>>("command");
    QTest::addColumn<QString>("reason");
    QTest::newRow("LF in the name") << C::lock(u"ctl\nhupall"_s, true) << u"control character"_s;
    QTest::newRow("space in the name") << C::lock(u"my conf"_s, true) << u"whitespace"_s;
    QTest::newRow("@profile") << C::lock(u"ctl@default"_s, true) << u"@profile"_s;
    QTest::newRow("empty name") << C::lock(QString(), true) << u"empty"_s;
    QTest::newRow("member 0") << C::member(u"ctl"_s, C::MemberAction::Mute, 0) << u"ids start at 1"_s;
    QTest::newRow("volume 5") << C::volumeIn(u"ctl"_s, 1, 5) << u"-4..4"_s;
    QTest::newRow("volume -5") << C::volumeOut(u"ctl"_s, 1, -5) << u"-4..4"_s;
    QTest::newRow("energy -1") << C::energy(u"ctl"_s, 1, -1) << u"0..20000"_s;
    QTest::newRow("path with space") << C::record(u"ctl"_s, u"/tmp/a b.wav"_s) << u"whitespace"_s;
    QTest::newRow("file with CR") << C::play(u"ctl"_s, u"a.wav\r"_s) << u"control character"_s;
    QTest::newRow("same conference") << C::transferToConference(u"ctl"_s, 1, u"ctl"_s)
                                     << u"already in ctl"_s;
    QTest::newRow("not a uuid") << C::transferToExtension(u"1234"_s, u"1000"_s) << u"not a channel uuid"_s;
    QTest::newRow("endpoint with space") << C::invite(u"ctl"_s, u"user/1000 &park"_s) << u"whitespace"_s;
    QTest::newRow("endpoint naming no one") << C::invite(u"ctl"_s, u"user/"_s) << u"names no one"_s;
    QTest::newRow("endpoint without technology") << C::invite(u"ctl"_s, u"1000"_s) << u"names no one"_s;
    QTest::newRow("name without number") << C::invite(u"ctl"_s, u"user/1000"_s, {}, u"Op"_s)
                                         << u"needs a caller id number"_s;
    QTest::newRow("drag into a@b") << C::bringIn(u"463cb401-ca9c-4ad9-acc6-f1885c193c76"_s, u"a@b"_s)
                                   << u"@profile"_s;
}

void TestConferenceCommands::refusesWhatTheModuleWouldMisread()
{
    QFETCH(Esl::Expected<QString>, command);
    QFETCH(QString, reason);
    QVERIFY(!command);
    QVERIFY2(command.error().message.contains(reason), qPrintable(command.error().message));
}

void TestConferenceCommands::readsTheRealReplies_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<bool>("ok");
    QTest::newRow("mute") << u"+OK mute 1\n"_s << true;
    QTest::newRow("volume in") << u"+OK Volume IN 1 = 2\n"_s << true;
    QTest::newRow("energy without +OK") << u"Energy 3 = 300\n"_s << true;
    QTest::newRow("lock") << u"+OK ctl locked\n"_s << true;
    QTest::newRow("record") << u"+OK Record file /srv/freeswitch/2/recordings/corpus-ctl.wav\n"_s << true;
    QTest::newRow("norecord") << u"Stopped recording file /srv/freeswitch/2/recordings/corpus-ctl.wav\n+OK Stopped recording 0 files\n"_s << true;
    QTest::newRow("play") << u"+OK (play) Playing file tone_stream://%(500,0,880)\n"_s << true;
    QTest::newRow("mute all") << u"+OK mute 4\n+OK mute 3\n+OK mute 2\n+OK mute 1\n"_s << true;
    QTest::newRow("kick") << u"+OK kicked 2\n"_s << true;
    QTest::newRow("bgdial") << u"+OK Job-UUID: 0b4a1f66-9124-4e7b-ba71-4a517ca4eaab\n"_s << true;
    QTest::newRow("no such member") << u"-ERR Non-Existant ID 9999\n"_s << false;
    QTest::newRow("no such conference") << u"-ERR Conference nosuchconf not found\n"_s << false;
    QTest::newRow("unknown subcommand") << u"Conference command 'x' not found.\n"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestConferenceCommands::readsTheRealReplies()
{
    QFETCH(QString, reply);
    QFETCH(bool, ok);
    const auto failure = C::replyFailure(reply);
    QCOMPARE(!failure.has_value(), ok);
    if (failure && reply.startsWith(u"-ERR"))
        QCOMPARE(*failure, reply.trimmed()); // the switch's text, as the notice shows it
}

QTEST_GUILESS_MAIN(TestConferenceCommands)
#include "tst_conferencecommands.moc"
