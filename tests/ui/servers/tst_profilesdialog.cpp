// The profiles dialog driven as an operator would: fields filled with QTest, OK refused with a
// message while something is wrong, and the list handed to the store once it is right.

#include "support/profilesdialogdriver.h"

#include "console/profiles.h"
#include "ui/servers/profilesdialog.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace Ui;
using TestSupport::child;
using TestSupport::retype;
using Storage = Console::ProfileStore::PasswordStorage;

class TestProfilesDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Console::MemoryKeychain m_keychain;
    std::unique_ptr<Console::ProfileStore> m_store;


    // Opens the dialog, adds a profile and types a valid one into it.
    static void addValidProfile(ProfilesDialog &dialog)
    {
        QTest::mouseClick(child<QPushButton>(dialog, "addButton"), Qt::LeftButton);
        retype(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("pbx1"));
        retype(child<QLineEdit>(dialog, "hostEdit"), QStringLiteral("127.0.0.1"));
        retype(child<QLineEdit>(dialog, "portEdit"), QStringLiteral("8022"));
        retype(child<QLineEdit>(dialog, "passwordEdit"), QStringLiteral("s3cret"));
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_keychain = Console::MemoryKeychain();
        const QString file = m_dir.filePath(
            QStringLiteral("%1.ini").arg(QLatin1String(QTest::currentTestFunction())));
        m_store = std::make_unique<Console::ProfileStore>(file, &m_keychain);
        m_store->load();
    }
    void cleanup() { m_store.reset(); }

    // Happy flows

    void storesTheProfilesOnAccept()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        QTest::keyClick(child<QLineEdit>(dialog, "passwordEdit"), Qt::Key_Return); // Enter: OK
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());

        const QList<Console::Profile> stored = m_store->profiles();
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored[0].name, QStringLiteral("pbx1"));
        QCOMPARE(stored[0].host, QStringLiteral("127.0.0.1"));
        QCOMPARE(stored[0].port, 8022);
        QCOMPARE(stored[0].password, QStringLiteral("s3cret"));
        QVERIFY(stored[0].colour.isValid());
        QTRY_COMPARE(m_store->passwordStorage(stored[0].id), Storage::Keychain);
        QCOMPARE(m_keychain.value(stored[0].id), QStringLiteral("s3cret"));
    }

    void escapeLeavesTheStoreAlone()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        QTest::keyClick(child<QLineEdit>(dialog, "hostEdit"), Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(m_store->profiles().isEmpty());
    }

    void duplicatesAndRemovesProfiles()
    {
        ProfilesDialog dialog(m_store.get());
        addValidProfile(dialog);
        QTest::mouseClick(child<QPushButton>(dialog, "duplicateButton"), Qt::LeftButton);
        QList<Console::Profile> profiles = dialog.profiles();
        QCOMPARE(profiles.size(), 2);
        QCOMPARE(profiles[1].name, QStringLiteral("pbx1 copy"));
        QCOMPARE(profiles[1].port, 8022);
        QCOMPARE(profiles[1].password, QStringLiteral("s3cret"));
        QVERIFY(profiles[0].id != profiles[1].id);
        QTest::mouseClick(child<QPushButton>(dialog, "removeButton"), Qt::LeftButton);
        QCOMPARE(dialog.profiles().size(), 1);
        QCOMPARE(dialog.profiles()[0].name, QStringLiteral("pbx1"));
    }

    void showsThePlainTextWarningForARemoteHost()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        auto *warning = child<QLabel>(dialog, "warningLabel");
        QVERIFY(!warning->isVisible());
        retype(child<QLineEdit>(dialog, "hostEdit"), QStringLiteral("192.0.2.10"));
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QStringLiteral("192.0.2.10")));
        retype(child<QLineEdit>(dialog, "hostEdit"), QStringLiteral("localhost"));
        QVERIFY(!warning->isVisible());
    }

    void everyFieldHasItsOwnMnemonic()
    {
        ProfilesDialog dialog(m_store.get());
        addValidProfile(dialog);
        QHash<QString, QString> buddies;
        QStringList texts;
        for (const QLabel *label : dialog.findChildren<QLabel *>()) {
            if (label->buddy()) {
                buddies.insert(label->text(), label->buddy()->objectName());
                texts << label->text();
            }
        }
        for (const QAbstractButton *button : dialog.findChildren<QAbstractButton *>())
            texts << button->text();
        QHash<QChar, QString> keys;
        for (const QString &text : std::as_const(texts)) {
            const qsizetype amp = text.indexOf(u'&');
            if (amp < 0 || amp + 1 >= text.size())
                continue;
            const QChar key = text.at(amp + 1).toLower();
            QVERIFY2(!keys.contains(key), qPrintable(text + QStringLiteral(" vs ") + keys[key]));
            keys.insert(key, text);
        }
        QVERIFY(keys.size() >= 14);
        QCOMPARE(buddies.value(QStringLiteral("&Host:")), QStringLiteral("hostEdit"));
        QCOMPARE(buddies.value(QStringLiteral("&Port:")), QStringLiteral("portEdit"));
        QCOMPARE(buddies.value(QStringLiteral("Pass&word:")), QStringLiteral("passwordEdit"));
        QCOMPARE(buddies.value(QStringLiteral("Pr&ofiles:")), QStringLiteral("profileList"));
    }

    void tabsThroughTheFormInReadingOrder()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        addValidProfile(dialog);
        child<QLineEdit>(dialog, "nameEdit")->setFocus();
        QStringList order;
        for (int i = 0; i < 8; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            order << QApplication::focusWidget()->objectName();
        }
        QCOMPARE(order, (QStringList{
                            QStringLiteral("hostEdit"), QStringLiteral("portEdit"),
                            QStringLiteral("userEdit"), QStringLiteral("passwordEdit"),
                            QStringLiteral("showPasswordButton"), QStringLiteral("colourButton"),
                            QStringLiteral("logLevelCombo"), QStringLiteral("autoConnectCheck")}));
    }

    void fillsInAPasswordTheKeychainDeliversLate()
    {
        m_store->setProfiles({[] {
            Console::Profile p;
            p.id = QStringLiteral("p1");
            p.name = QStringLiteral("pbx1");
            p.password = QStringLiteral("from-keychain");
            return p;
        }()});
        QTRY_COMPARE(m_store->passwordStorage(QStringLiteral("p1")), Storage::Keychain);
        m_store->load(); // the next start: the keychain answers after the dialog opened
        ProfilesDialog dialog(m_store.get());
        auto *password = child<QLineEdit>(dialog, "passwordEdit");
        QCOMPARE(password->text(), QString());
        QTRY_COMPARE(password->text(), QStringLiteral("from-keychain"));
    }

    void importsFromFsCliAndReportsSkippedLines()
    {
        const QString path = m_dir.filePath(QStringLiteral("fs_cli.conf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[default]\nhost => 127.0.0.1\nbogus line\n[pbx2]\nhost => 192.0.2.20\n");
        file.close();
        ProfilesDialog dialog(m_store.get());
        QCOMPARE(dialog.importFsCliConfig(path), 2);
        QCOMPARE(child<QListWidget>(dialog, "profileList")->count(), 2);
        QCOMPARE(child<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("default"));
        const QString report = child<QLabel>(dialog, "importReport")->text();
        QVERIFY2(report.contains(QStringLiteral("Line 3:")), qPrintable(report));
        dialog.accept();
        QCOMPARE(m_store->profiles().size(), 2);
        QCOMPARE(m_store->profiles()[1].host, QStringLiteral("192.0.2.20"));
        QCOMPARE(m_store->profiles()[1].password, QStringLiteral("ClueCon"));
    }

    void offersToStorePasswordsInTheFileWithoutAKeychain()
    {
        m_keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *optIn = child<QCheckBox>(dialog, "storeInFileCheck");
        addValidProfile(dialog);
        QVERIFY(!optIn->isChecked());
        QTest::keyClick(child<QLineEdit>(dialog, "passwordEdit"), Qt::Key_Return);
        QTRY_COMPARE(m_store->keychainState(), Console::ProfileStore::KeychainState::Unavailable);

        ProfilesDialog again(m_store.get());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        optIn = child<QCheckBox>(again, "storeInFileCheck");
        QVERIFY(optIn->isVisible());
        QVERIFY(child<QLabel>(again, "keychainNotice")->text().contains(QStringLiteral("until")));
        optIn->setChecked(true);
        again.accept();
        QVERIFY(m_store->storePasswordsInSettings());
        const QString id = m_store->profiles().value(0).id;
        QCOMPARE(m_store->passwordStorage(id), Storage::SettingsFile);
    }

    void warnsBeforeKeepingATypedPasswordForThisSessionOnly()
    {
        // A keychain that is known not to work (it failed to read an earlier profile).
        m_keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        Console::Profile old;
        old.id = Console::Profile::newId();
        old.name = QStringLiteral("old");
        m_store->setProfiles({old});
        m_store->load();
        QTRY_COMPARE(m_store->keychainState(), Console::ProfileStore::KeychainState::Unavailable);

        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTest::mouseClick(ok, Qt::LeftButton);
        // Not saved yet: said first, with the way out.
        QVERIFY(dialog.isVisible());
        QCOMPARE(m_store->profiles().size(), 1);
        QVERIFY2(dialog.passwordWarning().contains(QStringLiteral("“pbx1”")),
                 qPrintable(dialog.passwordWarning()));
        QVERIFY(dialog.passwordWarning().contains(QStringLiteral("only until Switchboard quits")));
        QVERIFY(child<QLabel>(dialog, "passwordWarning")->isVisible());
        // The second OK saves, for this session.
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_store->profiles().size(), 2);
        const QString id = m_store->profiles().at(1).id;
        QTRY_COMPARE(m_store->passwordStorage(id), Storage::SessionOnly);
    }

    void noWarningWhenTheSettingsFileKeepsThePassword()
    {
        m_keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        Console::Profile old;
        old.id = Console::Profile::newId();
        old.name = QStringLiteral("old");
        m_store->setProfiles({old});
        m_store->load();
        QTRY_COMPARE(m_store->keychainState(), Console::ProfileStore::KeychainState::Unavailable);

        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        child<QCheckBox>(dialog, "storeInFileCheck")->setChecked(true);
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.passwordWarning().isEmpty());
        QTRY_COMPARE(m_store->passwordStorage(m_store->profiles().at(1).id), Storage::SettingsFile);
    }

    // Rainy days

    void refusesAnInvalidPortWithAMessage()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        auto *port = child<QLineEdit>(dialog, "portEdit");
        retype(port, QStringLiteral("70000"));
        QTest::keyClick(port, Qt::Key_Return);
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.errorMessage().contains(QStringLiteral("1 to 65535")),
                 qPrintable(dialog.errorMessage()));
        QCOMPARE(QApplication::focusWidget(), port);
        QVERIFY(m_store->profiles().isEmpty());

        retype(port, QStringLiteral("8021"));
        QTest::keyClick(port, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_store->profiles().value(0).port, 8021);
    }

    void refusesALineBreakInTheHost()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addValidProfile(dialog);
        auto *host = child<QLineEdit>(dialog, "hostEdit");
        host->setText(QStringLiteral("127.0.0.1\r\napi fsctl shutdown")); // as if pasted
        QVERIFY(host->text().contains(u'\n'));
        QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY2(dialog.errorMessage().contains(QStringLiteral("line break")),
                 qPrintable(dialog.errorMessage()));
        QCOMPARE(QApplication::focusWidget(), host);
        QVERIFY(m_store->profiles().isEmpty());
    }

    void refusesTwoProfilesWithTheSameName()
    {
        ProfilesDialog dialog(m_store.get());
        addValidProfile(dialog);
        addValidProfile(dialog);
        dialog.accept();
        QVERIFY2(dialog.errorMessage().contains(QStringLiteral("already called")),
                 qPrintable(dialog.errorMessage()));
        QVERIFY(m_store->profiles().isEmpty());
    }
};

QTEST_MAIN(TestProfilesDialog)
#include "tst_profilesdialog.moc"
