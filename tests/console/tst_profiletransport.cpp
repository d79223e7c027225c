// How a profile reaches its switch: TLS and SSH fields and watch-only kept in the settings file
// (an older file loads unchanged), the SSH secrets kept like the password (keychain, the
// settings-file opt-in, memory) and never written in clear otherwise, validation of the TLS and
// SSH fields, and the export a colleague imports (never with a secret in it).

#include "console/profile.h"
#include "console/profileexchange.h"
#include "console/profilekeychain.h"
#include "console/profiles.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Console;
using Storage = Console::ProfileStore::PasswordStorage;
using Secret = Console::ProfileStore::SecretKind;

class TestProfileTransport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;
    QString m_readable; // a file that exists and can be read

    QByteArray fileText() const
    {
        QFile file(m_file);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    Profile sshProfile() const
    {
        Profile p;
        p.id = Profile::newId();
        p.name = QStringLiteral("pbx1 via ssh");
        p.password = QStringLiteral("esl-secret-1");
        p.ssh.enabled = true;
        p.ssh.host = QStringLiteral("pbx1.example.com");
        p.ssh.port = 2222;
        p.ssh.user = QStringLiteral("ops");
        p.ssh.keyFile = m_readable;
        p.ssh.keyPassphrase = QStringLiteral("passphrase-xyzzy");
        p.ssh.password = QStringLiteral("ssh-password-plugh");
        p.ssh.knownHostsFile = QStringLiteral("/tmp/known");
        p.ssh.keepaliveSeconds = 30;
        p.watchOnly = true;
        return p;
    }

    Profile tlsProfile() const
    {
        Profile p;
        p.id = Profile::newId();
        p.name = QStringLiteral("pbx2 via stunnel");
        p.host = QStringLiteral("pbx2.example.com");
        p.port = 8022;
        p.password = QStringLiteral("esl-secret-2");
        p.tls.enabled = true;
        p.tls.caFile = m_readable;
        p.tls.pinnedKey = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'k').toBase64());
        p.tls.peerName = QStringLiteral("switch.example.com");
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_readable = m_dir.filePath(QStringLiteral("readable.pem"));
        QFile f(m_readable);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("-----BEGIN CERTIFICATE-----\n");
    }
    void init()
    {
        m_file = m_dir.filePath(
            QStringLiteral("%1.ini").arg(QLatin1String(QTest::currentTestFunction())));
    }

    // Happy flows

    void roundTripsTlsSshAndWatchOnlyWithTheSecretsInTheKeychain()
    {
        MemoryKeychain keychain;
        const QList<Profile> saved{sshProfile(), tlsProfile()};
        {
            ProfileStore store(m_file, &keychain);
            store.setProfiles(saved);
            QTRY_COMPARE(store.secretStorage(saved[0].id, Secret::SshPassword), Storage::Keychain);
            QTRY_COMPARE(store.secretStorage(saved[0].id, Secret::SshKeyPassphrase),
                         Storage::Keychain);
            QTRY_COMPARE(store.passwordStorage(saved[1].id), Storage::Keychain);
        }
        QVERIFY(!fileText().contains("plugh"));
        QVERIFY(!fileText().contains("xyzzy"));
        QVERIFY(!fileText().contains("esl-secret"));
        QCOMPARE(keychain.value(saved[0].id + QStringLiteral("/ssh-password")),
                 QStringLiteral("ssh-password-plugh"));

        ProfileStore store(m_file, &keychain);
        QSignalSpy ready(&store, &ProfileStore::passwordReady);
        store.load();
        QVERIFY(store.isPasswordPending(saved[0].id));
        QTRY_VERIFY(!store.isPasswordPending(saved[0].id) && !store.isPasswordPending(saved[1].id));
        QCOMPARE(store.profiles(), saved);
        // One "ready" per profile once all its secrets are in, not one per secret.
        QCOMPARE(std::count_if(ready.cbegin(), ready.cend(),
                               [&](const QList<QVariant> &args) {
                                   return args.at(0).toString() == saved[0].id;
                               }),
                 1);
    }

    void loadsAFileFromBeforeTlsAndSshUnchanged()
    {
        {
            QSettings old(m_file, QSettings::IniFormat);
            old.beginWriteArray(QStringLiteral("profiles"), 1);
            old.setArrayIndex(0);
            old.setValue(QStringLiteral("id"), QStringLiteral("old-1"));
            old.setValue(QStringLiteral("name"), QStringLiteral("pbx-old"));
            old.setValue(QStringLiteral("host"), QStringLiteral("10.0.0.5"));
            old.setValue(QStringLiteral("port"), 8021);
            old.setValue(QStringLiteral("password"), QStringLiteral("from-file"));
            old.endArray();
        }
        MemoryKeychain keychain;
        ProfileStore store(m_file, &keychain);
        store.load();
        const auto p = store.profile(QStringLiteral("old-1"));
        QVERIFY(p);
        QCOMPARE(p->tls, Esl::TlsOptions());
        QCOMPARE(p->ssh, Esl::SshOptions());
        QVERIFY(!p->watchOnly);
        QCOMPARE(p->password, QStringLiteral("from-file"));
        // Saving it again writes no TLS or SSH key: an older Switchboard sees nothing new.
        store.setProfiles(store.profiles());
        QTRY_COMPARE(store.passwordStorage(QStringLiteral("old-1")), Storage::Keychain);
        QVERIFY(!fileText().contains("ssh"));
        QVERIFY(!fileText().contains("tls"));
        QVERIFY(!fileText().contains("watchOnly"));
    }

    void keepsTheSshSecretsInTheFileOnlyWithTheOptIn()
    {
        MemoryKeychain keychain;
        keychain.setFailure(KeychainResult::Status::NoBackend);
        const Profile p = sshProfile();
        {
            ProfileStore store(m_file, &keychain);
            store.load();
            store.setProfiles({p});
            QTRY_COMPARE(store.secretStorage(p.id, Secret::SshPassword), Storage::SessionOnly);
            QCOMPARE(store.profile(p.id)->ssh.password, QStringLiteral("ssh-password-plugh"));
            QVERIFY(!fileText().contains("plugh"));
            store.setStorePasswordsInSettings(true);
            QCOMPARE(store.secretStorage(p.id, Secret::SshPassword), Storage::SettingsFile);
            QVERIFY(fileText().contains("plugh"));
            QVERIFY(fileText().contains("xyzzy"));
        }
        ProfileStore store(m_file, &keychain);
        store.load();
        QCOMPARE(store.profile(p.id)->ssh.password, QStringLiteral("ssh-password-plugh"));
        QCOMPARE(store.profile(p.id)->ssh.keyPassphrase, QStringLiteral("passphrase-xyzzy"));
        store.setStorePasswordsInSettings(false);
        QVERIFY(!fileText().contains("plugh"));
    }

    void removingAProfileDeletesItsSshSecrets()
    {
        MemoryKeychain keychain;
        ProfileStore store(m_file, &keychain);
        const Profile p = sshProfile();
        store.setProfiles({p});
        QTRY_COMPARE(keychain.size(), 3);
        store.setProfiles({});
        QTRY_COMPARE(keychain.size(), 0);
    }

    void exportsEverythingButTheSecretsAndImportsWithNewIds()
    {
        const QList<Profile> saved{sshProfile(), tlsProfile()};
        const QByteArray json = exportProfiles(saved);
        QVERIFY(!json.contains("plugh"));
        QVERIFY(!json.contains("xyzzy"));
        QVERIFY(!json.contains("esl-secret"));
        const ProfileExchange read = importProfiles(json);
        QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
        QCOMPARE(read.profiles.size(), 2);
        for (int i = 0; i < 2; ++i) {
            Profile expected = saved[i];
            expected.id = read.profiles[i].id;
            expected.password.clear();
            expected.ssh.password.clear();
            expected.ssh.keyPassphrase.clear();
            QCOMPARE(read.profiles[i], expected);
            QVERIFY(read.profiles[i].id != saved[i].id);
        }
        QVERIFY(read.profiles[0].watchOnly); // a watch-only profile to hand a colleague
    }

    // Rainy days

    void importIgnoresSecretsAndRefusesWhatIsNotAProfilesFile()
    {
        const QByteArray withSecret = R"({"format":"switchboard-profiles","version":1,
            "profiles":[{"name":"x","host":"h","password":"sneaky","ssh":{"password":"s2"}}]})";
        const ProfileExchange read = importProfiles(withSecret);
        QCOMPARE(read.profiles.size(), 1);
        QVERIFY(read.profiles[0].password.isEmpty());
        QVERIFY(read.profiles[0].ssh.password.isEmpty());
        QVERIFY(!importProfiles("{]").error.isEmpty());
        QVERIFY(!importProfiles(R"({"profiles":[]})").error.isEmpty());
        QVERIFY(!importProfiles(R"({"format":"switchboard-profiles","version":99})").error.isEmpty());
        QVERIFY(!importProfiles(QByteArray(2 << 20, ' ')).error.isEmpty());
    }

    void refusesBadTransportFields_data()
    {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("say");
        QTest::newRow("missing CA file") << int(ProfileField::TlsCaFile) << "does not exist";
        QTest::newRow("pin not sha256//") << int(ProfileField::TlsPinnedKey) << "sha256//BASE64";
        QTest::newRow("pin of 31 bytes") << int(ProfileField::TlsPinnedKey) << "sha256//BASE64";
        QTest::newRow("peer name with a space") << int(ProfileField::TlsPeerName) << "spaces";
        QTest::newRow("key without certificate") << int(ProfileField::TlsCertificateFile)
                                                 << "client certificate";
        QTest::newRow("no ssh host") << int(ProfileField::SshHost) << "SSH server";
        QTest::newRow("ssh port 0") << int(ProfileField::SshPort) << "65535";
        QTest::newRow("ssh user with a line break") << int(ProfileField::SshUser) << "control";
        QTest::newRow("unreadable key file") << int(ProfileField::SshKeyFile) << "does not exist";
        QTest::newRow("keepalive of a day") << int(ProfileField::SshKeepalive) << "3600";
    }
    void refusesBadTransportFields()
    {
        QFETCH(int, field);
        QFETCH(QString, say);
        Profile p = QByteArray(QTest::currentDataTag()).contains("ssh") ||
                            QByteArray(QTest::currentDataTag()).contains("keepalive") ||
                            QByteArray(QTest::currentDataTag()).contains("key file")
                        ? sshProfile()
                        : tlsProfile();
        QVERIFY(validateProfile(p).isEmpty());
        const QByteArray tag = QTest::currentDataTag();
        if (tag == "missing CA file")
            p.tls.caFile = m_dir.filePath(QStringLiteral("nope.pem"));
        else if (tag == "pin not sha256//")
            p.tls.pinnedKey = QStringLiteral("pin-sha256=\"abc\"");
        else if (tag == "pin of 31 bytes")
            p.tls.pinnedKey = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(31, 'k').toBase64());
        else if (tag == "peer name with a space")
            p.tls.peerName = QStringLiteral("a b");
        else if (tag == "key without certificate")
            p.tls.keyFile = m_readable;
        else if (tag == "no ssh host")
            p.ssh.host = QStringLiteral("  ");
        else if (tag == "ssh port 0")
            p.ssh.port = 0;
        else if (tag == "ssh user with a line break")
            p.ssh.user = QStringLiteral("ops\nexit");
        else if (tag == "unreadable key file")
            p.ssh.keyFile = m_dir.filePath(QStringLiteral("id_nope"));
        else if (tag == "keepalive of a day")
            p.ssh.keepaliveSeconds = 86400;
        const QList<ProfileProblem> problems = validateProfile(p);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(int(problems[0].field), field);
        QVERIFY2(problems[0].message.contains(say), qPrintable(problems[0].message));
    }

    void aTransportThatIsOffIsNotChecked()
    {
        Profile p = tlsProfile();
        p.tls.enabled = false;
        p.tls.caFile = QStringLiteral("/nowhere/ca.pem");
        QVERIFY(validateProfile(p).isEmpty());
    }

    void acceptsOnlyPinsOfThirtyTwoBytes()
    {
        QVERIFY(isPinFormat(QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, '\x01').toBase64())));
        QVERIFY(!isPinFormat(QStringLiteral("sha256//")));
        QVERIFY(!isPinFormat(QStringLiteral("sha256//!!!!")));
        QVERIFY(!isPinFormat(QStringLiteral("sha1//") + QString::fromLatin1(QByteArray(32, '\x01').toBase64())));
    }
};

QTEST_GUILESS_MAIN(TestProfileTransport)
#include "tst_profiletransport.moc"
