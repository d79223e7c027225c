// The honest warnings: a password in clear to a remote host (not through TLS or SSH), the
// default password ClueCon over any transport, a FreeSWITCH before 1.11.2; and the versions as
// switches spell them.

#include "console/securitywarnings.h"

#include <QTest>

using namespace Console;
using Kind = Console::SecurityWarning::Kind;

class TestSecurityWarnings : public QObject
{
    Q_OBJECT

    static QList<Kind> kinds(const QList<SecurityWarning> &warnings)
    {
        QList<Kind> out;
        for (const SecurityWarning &w : warnings)
            out.append(w.kind);
        return out;
    }

private Q_SLOTS:
    void parsesVersionsAsSwitchesSpellThem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("minor");
        QTest::addColumn<int>("patch");
        QTest::newRow("HEARTBEAT") << "1.10.12-release+git~20240802T210227Z~a88d069d6f~64bit" << 1
                                   << 10 << 12;
        QTest::newRow("release~64bit") << "1.10.12-release~64bit" << 1 << 10 << 12;
        QTest::newRow("bare") << "1.11.2" << 1 << 11 << 2;
        QTest::newRow("dev") << "1.10.7-dev+git~20210822T014151Z~4ea9ab6c4b~64bit" << 1 << 10 << 7;
        QTest::newRow("version api") << "FreeSWITCH Version 1.10.12-release+git~20240802T210227Z"
                                        "~a88d069d6f~64bit (git a88d069 2024-08-02 21:02:27Z 64bit)"
                                     << 1 << 10 << 12;
    }
    void parsesVersionsAsSwitchesSpellThem()
    {
        QFETCH(QString, text);
        QFETCH(int, major);
        QFETCH(int, minor);
        QFETCH(int, patch);
        const auto v = parseSwitchVersion(text);
        QVERIFY(v);
        QCOMPARE(*v, (SwitchVersion{major, minor, patch}));
    }

    void noVersionInNonsense()
    {
        QVERIFY(!parseSwitchVersion(u"FreeSWITCH"));
        QVERIFY(!parseSwitchVersion(u""));
        QVERIFY(!parseSwitchVersion(QString(100000, u'9')));
    }

    void warnsOfASwitchBefore1_11_2()
    {
        const QString w = crashableVersionWarning(QStringLiteral("1.10.12-release~64bit"));
        QVERIFY(w.contains(QStringLiteral("FreeSWITCH 1.10.12")));
        QVERIFY(w.contains(QStringLiteral("Content-Length")));
        QVERIFY(w.contains(QStringLiteral("1.11.2")));
        QVERIFY(w.contains(QStringLiteral("upgrade")));
        QVERIFY(!crashableVersionWarning(QStringLiteral("1.10.7-dev+git~x")).isEmpty());
        QVERIFY(crashableVersionWarning(QStringLiteral("1.11.2")).isEmpty());
        QVERIFY(crashableVersionWarning(QStringLiteral("1.12.0-release")).isEmpty());
        QVERIFY(crashableVersionWarning(QString()).isEmpty()); // not known yet: no guess
    }

    void warnsOfTheDefaultPasswordOverAnyTransport()
    {
        Profile p;
        p.password = QStringLiteral("ClueCon");
        p.ssh.enabled = true;
        p.ssh.host = QStringLiteral("pbx1");
        QCOMPARE(kinds(profileWarnings(p)), QList<Kind>{Kind::DefaultPassword});
        QVERIFY(profileWarnings(p).at(0).text.contains(QStringLiteral("event_socket.conf.xml")));
        p.password = QStringLiteral("cluecon-but-longer");
        QVERIFY(profileWarnings(p).isEmpty());
    }

    void thePlainTextWarningGoesWhenTlsOrSshCarriesThePassword()
    {
        Profile p;
        p.host = QStringLiteral("192.0.2.10");
        p.password = QStringLiteral("s3cret");
        QCOMPARE(kinds(profileWarnings(p)), QList<Kind>{Kind::PlainTextPassword});
        p.tls.enabled = true;
        QVERIFY(profileWarnings(p).isEmpty());
        p.tls.enabled = false;
        p.ssh.enabled = true;
        QVERIFY(profileWarnings(p).isEmpty());
        p.ssh.enabled = false;
        p.host = QStringLiteral("127.0.0.1");
        QVERIFY(profileWarnings(p).isEmpty());
    }

    void aServerHasAllThreeInOrder()
    {
        Monitor::ServerProfile s;
        s.connection.host = QStringLiteral("pbx.example.com");
        s.connection.password = QStringLiteral("ClueCon");
        QCOMPARE(kinds(serverWarnings(s, QStringLiteral("1.10.12-release~64bit"))),
                 (QList<Kind>{Kind::PlainTextPassword, Kind::DefaultPassword,
                              Kind::CrashableVersion}));
        s.connection.ssh.enabled = true;
        s.connection.password = QStringLiteral("x");
        QCOMPARE(kinds(serverWarnings(s, QStringLiteral("1.11.2"))), QList<Kind>{});
    }

    void aBrokerProfileHasNone()
    {
        Profile p;
        p.kind = ProfileKind::Broker;
        p.password = QStringLiteral("ClueCon");
        QVERIFY(profileWarnings(p).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecurityWarnings)
#include "tst_securitywarnings.moc"
