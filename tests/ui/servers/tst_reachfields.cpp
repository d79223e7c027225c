// The profile editor's secure side, offscreen: "Reach the switch" (direct, TLS, SSH tunnel) with
// the Event Socket then "as the SSH server sees it", the plain-text warning offering its fixes,
// the ClueCon warning as it is typed, watch-only (fixed when the administrator set it), TLS and
// SSH fields validated on OK, a profile exported without secrets and imported by a colleague,
// and the trust dialog: a question for an unknown key, no accept button for a changed one.

#include "support/profilesdialogdriver.h"
#include "support/systemsettings.h"

#include "console/profileexchange.h"
#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "ui/servers/profilesdialog.h"
#include "ui/servers/trustdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using TestSupport::addProfile;
using TestSupport::child;
using TestSupport::retype;
using TestSupport::writeSystemWatchOnly;
using Ui::ProfilesDialog;

class TestReachFields : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Console::MemoryKeychain m_keychain;
    std::unique_ptr<Console::ProfileStore> m_store;


private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(u"SwitchboardTest"_s);
        QCoreApplication::setApplicationName(u"tst_reachfields"_s);
        QSettings::setPath(QSettings::NativeFormat, QSettings::SystemScope,
                           m_dir.filePath(u"system"_s));
        QSettings::setPath(QSettings::IniFormat, QSettings::SystemScope,
                           m_dir.filePath(u"system"_s));
        writeSystemWatchOnly(false);
    }
    void init()
    {
        m_keychain = Console::MemoryKeychain();
        m_store = std::make_unique<Console::ProfileStore>(
            m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + u".ini"_s), &m_keychain);
        m_store->load();
    }
    void cleanup()
    {
        m_store.reset();
        writeSystemWatchOnly(false);
    }

    // Happy flows

    void choosingTheTunnelMovesARemoteHostToTheSshServer()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addProfile(dialog, u"pbx1.example.com"_s);
        QVERIFY(child<QLabel>(dialog, "warningLabel")->isVisible());
        QTest::mouseClick(child<QRadioButton>(dialog, "sshRadio"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "sshHostEdit")->text(), u"pbx1.example.com"_s);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), u"127.0.0.1"_s);
        QVERIFY(child<QLineEdit>(dialog, "sshHostEdit")->isVisible());
        // The password now travels inside the tunnel.
        QVERIFY(!child<QLabel>(dialog, "warningLabel")->isVisible());
        bool sawLabel = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            sawLabel |= label->isVisible() && label->text().contains(u"as the SSH server sees it"_s);
        QVERIFY(sawLabel);
        retype(child<QLineEdit>(dialog, "sshUserEdit"), u"ops"_s);
        dialog.accept();
        QCOMPARE(dialog.errorMessage(), QString());
        const Console::Profile p = m_store->profiles().value(0);
        QVERIFY(p.ssh.enabled);
        QVERIFY(!p.tls.enabled);
        QCOMPARE(p.ssh.host, u"pbx1.example.com"_s);
        QCOMPARE(p.ssh.port, quint16(22));
        QCOMPARE(p.ssh.user, u"ops"_s);
        QCOMPARE(p.host, u"127.0.0.1"_s);
        QCOMPARE(p.port, 8021);
    }

    void thePlainTextWarningOffersTheFixes()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addProfile(dialog, u"192.0.2.10"_s);
        auto *useTls = child<QPushButton>(dialog, "useTlsButton");
        QVERIFY(useTls->isVisible());
        QVERIFY(child<QPushButton>(dialog, "useSshButton")->isVisible());
        QTest::mouseClick(useTls, Qt::LeftButton);
        QVERIFY(child<QRadioButton>(dialog, "tlsRadio")->isChecked());
        QVERIFY(child<QLineEdit>(dialog, "tlsCaFileEdit")->isVisible());
        QVERIFY(!child<QLabel>(dialog, "warningLabel")->isVisible());
        QVERIFY(!useTls->isVisible());
        QTest::mouseClick(child<QRadioButton>(dialog, "directRadio"), Qt::LeftButton);
        QVERIFY(child<QLabel>(dialog, "warningLabel")->isVisible());
    }

    void warnsOfClueConAsItIsTyped()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::mouseClick(child<QPushButton>(dialog, "addButton"), Qt::LeftButton);
        auto *clueCon = child<QLabel>(dialog, "defaultPasswordWarning");
        QVERIFY(clueCon->isVisible()); // a new profile starts with the switch's default
        QVERIFY(clueCon->text().contains(u"event_socket.conf.xml"_s));
        retype(child<QLineEdit>(dialog, "passwordEdit"), u"s3cret"_s);
        QVERIFY(!clueCon->isVisible());
        // Over SSH too: anyone on the switch's host can use it.
        QTest::mouseClick(child<QRadioButton>(dialog, "sshRadio"), Qt::LeftButton);
        retype(child<QLineEdit>(dialog, "passwordEdit"), u"ClueCon"_s);
        QVERIFY(clueCon->isVisible());
    }

    void exportsAWatchOnlyProfileWithoutSecretsForAColleague()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addProfile(dialog, u"127.0.0.1"_s);
        auto *watchOnly = child<QCheckBox>(dialog, "watchOnlyCheck");
        QVERIFY(watchOnly->isEnabled());
        watchOnly->setChecked(true);
        const QString file = m_dir.filePath(u"pbx1.switchboard-profiles.json"_s);
        QCOMPARE(dialog.exportCurrentProfile(file), QString());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("s3cret"));

        Console::MemoryKeychain otherKeychain;
        Console::ProfileStore colleague(m_dir.filePath(u"colleague.ini"_s), &otherKeychain);
        colleague.load();
        ProfilesDialog theirs(&colleague);
        QCOMPARE(theirs.importProfilesFile(file), 1);
        QVERIFY(child<QCheckBox>(theirs, "watchOnlyCheck")->isChecked());
        QVERIFY(child<QLineEdit>(theirs, "passwordEdit")->text().isEmpty());
        QCOMPARE(theirs.profiles().value(0).name, u"pbx1"_s);
        QCOMPARE(theirs.importProfilesFile(m_dir.filePath(u"missing.json"_s)), 0);
    }

    void theAdministratorsWatchOnlyIsCheckedAndFixed()
    {
        writeSystemWatchOnly(true);
        ProfilesDialog dialog(m_store.get());
        addProfile(dialog, u"127.0.0.1"_s);
        auto *watchOnly = child<QCheckBox>(dialog, "watchOnlyCheck");
        QVERIFY(watchOnly->isChecked());
        QVERIFY(!watchOnly->isEnabled());
        QVERIFY(watchOnly->text().contains(u"administrator"_s));
        // Not copied into the profile: it is the administrator's, not the operator's.
        QVERIFY(!dialog.profiles().value(0).watchOnly);
    }

    // Rainy days

    void refusesABadPinAndPointsAtIt()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        addProfile(dialog, u"pbx1.example.com"_s);
        QTest::mouseClick(child<QRadioButton>(dialog, "tlsRadio"), Qt::LeftButton);
        retype(child<QLineEdit>(dialog, "tlsPinEdit"), u"sha256//short"_s);
        dialog.accept();
        QVERIFY2(dialog.errorMessage().contains(u"sha256//BASE64"_s),
                 qPrintable(dialog.errorMessage()));
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(dialog, "tlsPinEdit"));
        QVERIFY(m_store->profiles().isEmpty());
    }

    void aChangedKeyHasNoAcceptButton()
    {
        Console::TrustQuestion changed;
        changed.title = u"SSH host key changed — connection refused"_s;
        changed.text = u"Someone may be intercepting the connection."_s;
        std::unique_ptr<QMessageBox> box(Ui::makeTrustDialog(changed, nullptr));
        QVERIFY(!box->findChild<QPushButton *>(u"acceptTrustButton"_s));
        QCOMPARE(box->icon(), QMessageBox::Critical);
        QCOMPARE(box->buttons().size(), 1);

        Console::TrustQuestion unknown = changed;
        unknown.acceptLabel = u"Accept and connect"_s;
        std::unique_ptr<QMessageBox> ask(Ui::makeTrustDialog(unknown, nullptr));
        auto *accept = ask->findChild<QPushButton *>(u"acceptTrustButton"_s);
        QVERIFY(accept);
        QCOMPARE(accept->text(), u"Accept and connect"_s);
        // Enter does not trust a key.
        QVERIFY(ask->defaultButton() != accept);
    }
};

QTEST_MAIN(TestReachFields)
#include "tst_reachfields.moc"
