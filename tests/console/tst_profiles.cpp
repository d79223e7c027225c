// Connection profiles: the store's round trip through QSettings, where passwords go with and
// without a keychain, the plain-text-password warning, validation and the conversion for the
// monitor. The keychain is the in-memory one; "no keychain" is it failing as QtKeychain does
// without a Secret Service.

#include "console/profile.h"
#include "console/profilekeychain.h"
#include "console/profiles.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(Console::Profile)

using namespace Console;
using Storage = Console::ProfileStore::PasswordStorage;

class TestProfiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;

    QByteArray fileText() const
    {
        QFile file(m_file);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static Console::Profile sample(const QString &name, const QString &password)
    {
        Console::Profile p;
        p.id = Console::Profile::newId();
        p.name = name;
        p.host = QStringLiteral("192.0.2.10");
        p.port = 8022;
        p.user = QStringLiteral("ops@pbx.example.com");
        p.password = password;
        p.colour = QColor(QStringLiteral("#2a7ab0"));
        p.logLevel = 4;
        p.autoConnect = false;
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
    }
    void init()
    {
        m_file = m_dir.filePath(
            QStringLiteral("%1.ini").arg(QLatin1String(QTest::currentTestFunction())));
    }

    // Happy flows

    void usesTheSwitchboardOrganizationAndApplication()
    {
        const Console::ProfileStore store;
        QVERIFY2(store.settingsFileName().endsWith(QStringLiteral("Switchboard/Switchboard.conf")),
                 qPrintable(store.settingsFileName()));
    }

    void roundTripsProfilesThroughTheSettingsFile()
    {
        Console::MemoryKeychain keychain;
        const QList<Console::Profile> saved = {
            sample(QStringLiteral("pbx1"), QStringLiteral("s3cret")),
            sample(QStringLiteral("lab"), QStringLiteral("ClueCon"))};
        {
            Console::ProfileStore store(m_file, &keychain);
            store.setProfiles(saved);
            QTRY_COMPARE(store.passwordStorage(saved[0].id), Storage::Keychain);
            QTRY_COMPARE(store.passwordStorage(saved[1].id), Storage::Keychain);
        }
        Console::ProfileStore store(m_file, &keychain);
        QSignalSpy ready(&store, &Console::ProfileStore::passwordReady);
        store.load();
        QCOMPARE(store.profiles().size(), 2);
        QVERIFY(store.isPasswordPending(saved[0].id)); // asked, not yet answered
        QTRY_COMPARE(ready.size(), 2);
        QCOMPARE(store.profiles(), saved);
        QCOMPARE(store.keychainState(), Console::ProfileStore::KeychainState::Available);
    }

    void keepsPasswordsOutOfTheSettingsFileWhenTheKeychainWorks()
    {
        Console::MemoryKeychain keychain;
        Console::ProfileStore store(m_file, &keychain);
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("hunter2-xyzzy"));
        store.setProfiles({p});
        QTRY_COMPARE(store.passwordStorage(p.id), Storage::Keychain);
        QCOMPARE(keychain.value(p.id), QStringLiteral("hunter2-xyzzy"));
        QVERIFY(fileText().contains("pbx1"));
        QVERIFY(!fileText().contains("hunter2-xyzzy"));
    }

    void keepsThePasswordForTheSessionWhenNoKeychainWorks()
    {
        Console::MemoryKeychain keychain;
        keychain.setFailure(Console::KeychainResult::Status::Failed,
                            QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY"));
        Console::ProfileStore store(m_file, &keychain);
        QSignalSpy state(&store, &Console::ProfileStore::keychainStateChanged);
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("hunter2-xyzzy"));
        store.setProfiles({p});
        QTRY_COMPARE(store.passwordStorage(p.id), Storage::SessionOnly);
        QCOMPARE(store.password(p.id), QStringLiteral("hunter2-xyzzy"));
        QCOMPARE(state.size(), 1);
        QCOMPARE(store.keychainState(), Console::ProfileStore::KeychainState::Unavailable);
        QVERIFY(store.keychainProblem().contains(QStringLiteral("D-Bus")));
        QVERIFY(!store.storePasswordsInSettings()); // the default
        QVERIFY(!fileText().contains("hunter2-xyzzy"));

        Console::ProfileStore next(m_file, &keychain); // the next session: the password is gone
        next.load();
        QTRY_COMPARE(next.passwordStorage(p.id), Storage::None);
        QCOMPARE(next.password(p.id), QString());
    }

    void writesThePasswordToTheFileOnlyWhenTheOperatorOptsIn()
    {
        Console::MemoryKeychain keychain;
        keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        Console::ProfileStore store(m_file, &keychain);
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("hunter2-xyzzy"));
        store.setProfiles({p});
        QTRY_COMPARE(store.passwordStorage(p.id), Storage::SessionOnly);
        QVERIFY(!fileText().contains("hunter2-xyzzy"));

        store.setStorePasswordsInSettings(true);
        QCOMPARE(store.passwordStorage(p.id), Storage::SettingsFile);
        QVERIFY(fileText().contains("hunter2-xyzzy"));
        {
            Console::ProfileStore next(m_file, &keychain);
            next.load();
            QVERIFY(next.storePasswordsInSettings());
            QCOMPARE(next.password(p.id), QStringLiteral("hunter2-xyzzy"));
            QTRY_COMPARE(next.passwordStorage(p.id), Storage::SettingsFile); // keychain refused
        }
        store.setStorePasswordsInSettings(false);
        QCOMPARE(store.passwordStorage(p.id), Storage::SessionOnly);
        QCOMPARE(store.password(p.id), QStringLiteral("hunter2-xyzzy"));
        QVERIFY(!fileText().contains("hunter2-xyzzy"));
    }

    void optingInBeforeLoadingLeavesTheProfilesAlone()
    {
        Console::MemoryKeychain keychain;
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("pw"));
        {
            Console::ProfileStore store(m_file, &keychain);
            store.setProfiles({p});
        }
        Console::ProfileStore store(m_file, &keychain);
        store.setStorePasswordsInSettings(true);
        store.load();
        QCOMPARE(store.profiles().value(0).name, QStringLiteral("pbx1"));
        QVERIFY(store.storePasswordsInSettings());
    }

    void movesAPasswordFromTheFileIntoTheKeychainOnceOneWorks()
    {
        Console::MemoryKeychain keychain;
        keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("hunter2-xyzzy"));
        {
            Console::ProfileStore store(m_file, &keychain);
            store.setStorePasswordsInSettings(true);
            store.setProfiles({p});
            QTRY_COMPARE(store.passwordStorage(p.id), Storage::SettingsFile);
        }
        QVERIFY(fileText().contains("hunter2-xyzzy"));
        keychain.setFailure(Console::KeychainResult::Status::Ok); // the desktop session came up
        Console::ProfileStore store(m_file, &keychain);
        store.load();
        QTRY_COMPARE(store.passwordStorage(p.id), Storage::Keychain);
        QCOMPARE(keychain.value(p.id), QStringLiteral("hunter2-xyzzy"));
        QVERIFY(!fileText().contains("hunter2-xyzzy"));
    }

    void keepsAPasswordStillBeingReadWhenSavedUntouched()
    {
        Console::MemoryKeychain keychain;
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("from-keychain"));
        {
            Console::ProfileStore store(m_file, &keychain);
            store.setProfiles({p});
            QTRY_COMPARE(store.passwordStorage(p.id), Storage::Keychain);
        }
        Console::ProfileStore store(m_file, &keychain);
        store.load();
        QList<Console::Profile> edited =
            store.profiles(); // as a dialog would: the password not known yet
        QCOMPARE(edited[0].password, QString());
        edited[0].name = QStringLiteral("pbx one");
        store.setProfiles(edited);
        QTRY_COMPARE(store.passwordStorage(p.id), Storage::Keychain);
        QCOMPARE(store.password(p.id), QStringLiteral("from-keychain"));
        QCOMPARE(keychain.value(p.id), QStringLiteral("from-keychain"));
        QCOMPARE(store.profile(p.id)->name, QStringLiteral("pbx one"));
    }

    void aLaterPasswordWinsOverAnEarlierWriteStillUnderWay()
    {
        Console::MemoryKeychain keychain;
        Console::ProfileStore store(m_file, &keychain);
        Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("first"));
        store.setProfiles({p});
        p.password = QStringLiteral("second");
        store.setProfiles({p});
        QTRY_COMPARE(store.passwordStorage(p.id), Storage::Keychain);
        QCOMPARE(store.password(p.id), QStringLiteral("second"));
        QCOMPARE(keychain.value(p.id), QStringLiteral("second"));
    }

    void deletesTheKeychainEntryOfARemovedProfile()
    {
        Console::MemoryKeychain keychain;
        Console::ProfileStore store(m_file, &keychain);
        const Console::Profile a = sample(QStringLiteral("a"), QStringLiteral("pa"));
        const Console::Profile b = sample(QStringLiteral("b"), QStringLiteral("pb"));
        store.setProfiles({a, b});
        QTRY_COMPARE(keychain.size(), 2);
        store.setProfiles({b});
        QTRY_VERIFY(!keychain.contains(a.id));
        QVERIFY(keychain.contains(b.id));
        QCOMPARE(store.profiles().size(), 1);
    }

    void convertsToAServerProfileForTheMonitor()
    {
        const Console::Profile p = sample(QStringLiteral("pbx1"), QStringLiteral("s3cret"));
        const Monitor::ServerProfile server = Console::toServerProfile(p);
        QCOMPARE(server.name, QStringLiteral("pbx1"));
        QCOMPARE(server.connection.host, QStringLiteral("192.0.2.10"));
        QCOMPARE(server.connection.port, quint16(8022));
        QCOMPARE(server.connection.user, QStringLiteral("ops@pbx.example.com"));
        QCOMPARE(server.connection.password, QStringLiteral("s3cret"));
        QCOMPARE(server.logLevel, 4);
    }

    void warnsWhenThePasswordWouldLeaveThisMachine_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("warns");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << false;
        QTest::newRow("127.0.0.53") << QStringLiteral("127.0.0.53") << false;
        QTest::newRow("::1") << QStringLiteral("::1") << false;
        QTest::newRow("[::1]") << QStringLiteral("[::1]") << false;
        QTest::newRow("::ffff:127.0.0.1") << QStringLiteral("::ffff:127.0.0.1") << false;
        QTest::newRow("localhost") << QStringLiteral("localhost") << false;
        QTest::newRow("LocalHost.") << QStringLiteral("LocalHost.") << false;
        QTest::newRow("192.0.2.10") << QStringLiteral("192.0.2.10") << true;
        QTest::newRow("10.0.0.1") << QStringLiteral("10.0.0.1") << true;
        QTest::newRow("2001:db8::1") << QStringLiteral("2001:db8::1") << true;
        QTest::newRow("pbx.example.com") << QStringLiteral("pbx.example.com") << true;
        QTest::newRow("localhost.example.com") << QStringLiteral("localhost.example.com") << true;
    }
    void warnsWhenThePasswordWouldLeaveThisMachine()
    {
        QFETCH(QString, host);
        QFETCH(bool, warns);
        Console::Profile p;
        p.host = host;
        const QString warning = Console::plainTextPasswordWarning(p);
        QCOMPARE(!warning.isEmpty(), warns);
        if (warns) {
            QVERIFY(warning.contains(host));
            QVERIFY(warning.contains(QStringLiteral("unencrypted")));
        }
    }

    // Rainy days

    void refusesWhatCannotBeSent_data()
    {
        QTest::addColumn<Console::Profile>("profile");
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("message");
        Console::Profile good;
        good.name = QStringLiteral("pbx1");
        auto row = [&](const char *name, Console::ProfileField field, const char *message,
                       auto change) {
            Console::Profile p = good;
            change(p);
            QTest::newRow(name) << p << int(field) << QString::fromUtf8(message);
        };
        row("empty host", Console::ProfileField::Host, "host name or address",
            [](Console::Profile &p) { p.host = QStringLiteral(" "); });
        row("port 0", Console::ProfileField::Port, "1 to 65535",
            [](Console::Profile &p) { p.port = 0; });
        row("port 65536", Console::ProfileField::Port, "1 to 65535",
            [](Console::Profile &p) { p.port = 65536; });
        row("CR/LF in the host", Console::ProfileField::Host, "line break",
            [](Console::Profile &p) { p.host = QStringLiteral("pbx\r\nexit"); });
        row("LF in the password", Console::ProfileField::Password, "line break",
            [](Console::Profile &p) { p.password = QStringLiteral("a\napi x"); });
        row("NUL in the name", Console::ProfileField::Name, "control character",
            [](Console::Profile &p) { p.name = QStringLiteral("a") + QChar(0); });
        row("DEL in the user", Console::ProfileField::User, "control character",
            [](Console::Profile &p) { p.user = QStringLiteral("u@d\x7f"); });
        row("user without a domain", Console::ProfileField::User, "user@domain",
            [](Console::Profile &p) { p.user = QStringLiteral("ops"); });
        row("colon in the user", Console::ProfileField::User, "user@domain",
            [](Console::Profile &p) { p.user = QStringLiteral("o:ps@d"); });
        row("empty name", Console::ProfileField::Name, "name",
            [](Console::Profile &p) { p.name.clear(); });
        row("space in the host", Console::ProfileField::Host, "spaces",
            [](Console::Profile &p) { p.host = QStringLiteral("pbx one"); });
    }
    void refusesWhatCannotBeSent()
    {
        QFETCH(Console::Profile, profile);
        QFETCH(int, field);
        QFETCH(QString, message);
        const QList<Console::ProfileProblem> problems = Console::validateProfile(profile);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(int(problems[0].field), field);
        QVERIFY2(problems[0].message.contains(message), qPrintable(problems[0].message));
    }

    void acceptsAPlainProfile()
    {
        Console::Profile p;
        p.name = QStringLiteral("local");
        QVERIFY(Console::validateProfile(p).isEmpty());
        p.user = QStringLiteral("ops@example.com");
        p.password = QStringLiteral("pässwörd with spaces");
        QVERIFY(Console::validateProfile(p).isEmpty());
    }
};

QTEST_MAIN(TestProfiles)
#include "tst_profiles.moc"
