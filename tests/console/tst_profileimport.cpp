// Importing fs_cli's profiles: the syntax of libesl's config reader, fs_cli's defaults, and a
// report of every line fs_cli would skip or misread — by number — without losing good sections.

#include "console/fscliimport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Console;

class TestProfileImport : public QObject
{
    Q_OBJECT

private:
    static const Console::Profile *find(const Console::FsCliImport &import, const QString &name)
    {
        for (const Console::Profile &p : import.profiles) {
            if (p.name == name)
                return &p;
        }
        return nullptr;
    }

    static QString lines(const Console::FsCliImport &import)
    {
        QStringList out;
        for (const Console::FsCliProblem &problem : import.problems)
            out << QStringLiteral("%1: %2").arg(problem.line).arg(problem.message);
        return out.join(u'\n');
    }

    static bool write(const QString &path, QByteArrayView text)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) &&
               file.write(text.data(), text.size()) == text.size();
    }

private Q_SLOTS:
    // Happy flows

    void readsSeveralSectionsWithFsClisDefaults()
    {
        const Console::FsCliImport import =
            Console::parseFsCliConfig("[default]\n"
                                      "loglevel => info\n"
                                      "\n"
                                      "[pbx1]\n"
                                      "host => 192.0.2.10\n"
                                      "port => 8022\n"
                                      "password => s3cret\n"
                                      "user => ops@pbx1.example.com\n"
                                      "debug => 7\n"
                                      "[quiet]\n"
                                      "host = 127.0.0.1\n"
                                      "quiet = yes\n");
        QVERIFY2(import.problems.isEmpty(), qPrintable(lines(import)));
        QCOMPARE(import.profiles.size(), 3);
        QCOMPARE(import.profiles[0].name, QStringLiteral("default"));
        QCOMPARE(import.profiles[1].name, QStringLiteral("pbx1"));

        const Console::Profile &dft = import.profiles[0];
        QCOMPARE(dft.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(dft.port, 8021);
        QCOMPARE(dft.password, QStringLiteral("ClueCon"));
        QCOMPARE(dft.user, QString());
        QCOMPARE(dft.logLevel, 6);

        const Console::Profile &pbx = import.profiles[1];
        QCOMPARE(pbx.host, QStringLiteral("192.0.2.10"));
        QCOMPARE(pbx.port, 8022);
        QCOMPARE(pbx.password, QStringLiteral("s3cret"));
        QCOMPARE(pbx.user, QStringLiteral("ops@pbx1.example.com"));
        QCOMPARE(pbx.logLevel, 7); // no loglevel: fs_cli sends a bare `log`, which means debug

        QCOMPARE(import.profiles[2].logLevel, -1); // quiet: fs_cli asks for no log lines

        // fs_cli connects to [default] when given no profile name.
        QVERIFY(dft.autoConnect);
        QVERIFY(!pbx.autoConnect);
        QVERIFY(!import.profiles[2].autoConnect);
        for (const Console::Profile &p : import.profiles) {
            QVERIFY(!p.id.isEmpty());
            QVERIFY(p.colour.isValid());
        }
        QVERIFY(import.profiles[0].id != import.profiles[1].id);
    }

    void autoConnectsTheFirstProfileWithoutADefaultOne()
    {
        const Console::FsCliImport import =
            Console::parseFsCliConfig("[a]\nhost=10.0.0.1\n[b]\nhost=10.0.0.2\n");
        QCOMPARE(import.profiles.size(), 2);
        QVERIFY(import.profiles[0].autoConnect);
        QVERIFY(!import.profiles[1].autoConnect);
    }

    void followsTheConfigReadersCommentsAndSeparators()
    {
        const Console::FsCliImport import =
            Console::parseFsCliConfig("# a comment\r\n"
                                      "; another\r\n"
                                      "[pbx]\r\n"
                                      "host=pbx.example.com\r\n"
                                      "  port   =>   8023  \r\n"
                                      "password => pa;ss ;; not ours\r\n"
                                      "#password => commented\r\n"
                                      "loglevel => WARNING\r\n"
                                      "   # indented comment\r\n"
                                      "prompt-color => bold-red\r\n"
                                      "__END__\r\n"
                                      "[never]\r\n"
                                      "host => 10.9.9.9\r\n");
        QVERIFY2(import.problems.isEmpty(), qPrintable(lines(import)));
        QCOMPARE(import.profiles.size(), 1);
        const Console::Profile &p = import.profiles[0];
        QCOMPARE(p.host, QStringLiteral("pbx.example.com"));
        QCOMPARE(p.port, 8023);
        QCOMPARE(p.password, QStringLiteral("pa;ss ;; not ours")); // the first ';' is single
        QCOMPARE(p.logLevel, 4);
        QCOMPARE(p.colour.red() > p.colour.green(), true); // fs_cli's prompt colour: red
    }

    void endsTheLineAtADoubleSemicolon()
    {
        const Console::FsCliImport import =
            Console::parseFsCliConfig("[pbx]\npassword => secret ;; comment\n");
        QCOMPARE(import.profiles.value(0).password, QStringLiteral("secret"));
    }

    void continuesAProfileWhoseHeaderRepeatsTheLastOne()
    {
        // fs_cli starts a new profile only when the category differs from the last key's.
        const Console::FsCliImport import =
            Console::parseFsCliConfig("[a]\nhost=10.0.0.1\n[a]\nport=9000\n");
        QCOMPARE(import.profiles.size(), 1);
        QCOMPARE(import.profiles[0].host, QStringLiteral("10.0.0.1"));
        QCOMPARE(import.profiles[0].port, 9000);
    }

    void readsLogLevelsAsTheSwitchDoes_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("level");
        QTest::newRow("debug") << QStringLiteral("debug") << 7;
        QTest::newRow("ERR") << QStringLiteral("ERR") << 3;
        QTest::newRow("console") << QStringLiteral("console") << 0;
        QTest::newRow("disable") << QStringLiteral("disable") << -1;
        QTest::newRow("5") << QStringLiteral("5") << 5;
        QTest::newRow("9 is still debug") << QStringLiteral("9") << 7;
        QTest::newRow("nonsense") << QStringLiteral("loud") << -2;
    }
    void readsLogLevelsAsTheSwitchDoes()
    {
        QFETCH(QString, value);
        QFETCH(int, level);
        QCOMPARE(Console::fsCliLogLevel(value).value_or(-2), level);
    }

    void readsAFileAndFindsItWhereFsCliLooks()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toLocal8Bit());
        const QString path = QDir(home.path()).filePath(QStringLiteral(".fs_cli_conf"));
        QCOMPARE(Console::fsCliConfigCandidates().value(0), path);
        QCOMPARE(Console::fsCliConfigCandidates().value(1), QStringLiteral("/etc/fs_cli.conf"));
        QVERIFY(write(path, "[lab]\nhost => 198.51.100.7\n"));
        QCOMPARE(Console::fsCliConfigPath(), path);
        const Console::FsCliImport import = Console::readFsCliConfig(path);
        qputenv("HOME", oldHome);
        QCOMPARE(import.path, path);
        QVERIFY(import.error.isEmpty());
        QCOMPARE(import.profiles.size(), 1);
        QCOMPARE(import.profiles[0].host, QStringLiteral("198.51.100.7"));
    }

    // Rainy days

    void reportsMalformedLinesByNumberAndKeepsTheGoodSections()
    {
        const Console::FsCliImport import =
            Console::parseFsCliConfig("host => before-any-section\n" // 1
                                      "[good1]\n"                    // 2
                                      "host => 192.0.2.1\n"          // 3
                                      "this line has no equals\n"    // 4
                                      "port => 99999\n"              // 5
                                      "[good2]\n"                    // 6
                                      "port => eighty\n"             // 7
                                      "loglevel => loud\n"           // 8
                                      "pasword => typo\n"            // 9
                                      "password => fine\n"           // 10
                                      "[empty]\n"                    // 11
                                      "[good1]\n"                    // 12
                                      "host => 10.1.1.1\n"           // 13
                                      "[]\n"                         // 14
                                      "host => nameless\n");         // 15
        QCOMPARE(import.profiles.size(), 2);
        const Console::Profile *good1 = find(import, QStringLiteral("good1"));
        const Console::Profile *good2 = find(import, QStringLiteral("good2"));
        QVERIFY(good1 && good2);
        QCOMPARE(good1->host, QStringLiteral("192.0.2.1")); // the first [good1], as fs_cli uses
        QCOMPARE(good1->port, 8021);                        // the bad port left the default
        QCOMPARE(good2->port, 8021);
        QCOMPARE(good2->logLevel, 7);
        QCOMPARE(good2->password, QStringLiteral("fine"));

        QList<int> numbers;
        for (const Console::FsCliProblem &problem : import.problems)
            numbers << problem.line;
        QCOMPARE(numbers, (QList<int>{1, 4, 5, 7, 8, 9, 11, 12, 14}));
        const QString report = lines(import);
        QVERIFY2(report.contains(QStringLiteral("1: “host” comes before any [profile]")),
                 qPrintable(report));
        QVERIFY(report.contains(QStringLiteral("5: Port “99999” is not a number")));
        QVERIFY(report.contains(QStringLiteral("8: Log level “loud”")));
        QVERIFY(report.contains(QStringLiteral("9: Unknown setting “pasword”")));
        QVERIFY(report.contains(QStringLiteral("11: [empty] has no settings")));
        QVERIFY(report.contains(QStringLiteral("12: [good1] appears again")));
    }

    void saysWhyAFileCannotBeRead()
    {
        const Console::FsCliImport import =
            Console::readFsCliConfig(QStringLiteral("/nonexistent/.fs_cli_conf"));
        QVERIFY(!import.error.isEmpty());
        QVERIFY(import.profiles.isEmpty());
    }
};

QTEST_MAIN(TestProfileImport)
#include "tst_profileimport.moc"
