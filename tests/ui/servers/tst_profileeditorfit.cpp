// The profile editor on a small screen and the fixes an operator's first try found, offscreen:
// the dialog fits 1024×700 with an SSH profile (OK, Cancel and every SSH field reachable) and
// keeps "Reach the switch" beside the form at 1280×800; it does not grow sideways at the first
// Add; going back to Direct after the tunnel moved the host restores the operator's host and
// port; TLS on 8021 gets its hint; the trust dialog's fingerprint is whole on a line of its own.

#include "support/profilesdialogdriver.h"

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/trustquestion.h"
#include "ui/servers/profilesdialog.h"
#include "ui/servers/trustdialog.h"

#include <QAbstractTextDocumentLayout>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace Qt::Literals::StringLiterals;
using TestSupport::addProfile;
using TestSupport::child;
using TestSupport::retype;
using Ui::ProfilesDialog;

class TestProfileEditorFit : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Console::MemoryKeychain m_keychain;
    std::unique_ptr<Console::ProfileStore> m_store;

    static Console::Profile sshProfile()
    {
        Console::Profile p;
        p.id = Console::Profile::newId();
        p.name = u"ssh-pbx-in-the-far-datacentre"_s;
        p.host = u"127.0.0.1"_s;
        p.password = u"s3cret"_s;
        p.ssh.enabled = true;
        p.ssh.host = u"pbx7.datacentre-frankfurt.example.com"_s;
        p.ssh.user = u"operations"_s;
        p.ssh.keyFile = u"/home/operations/.ssh/id_ed25519_switchboard_frankfurt"_s;
        p.ssh.knownHostsFile = u"/home/operations/.ssh/known_hosts"_s;
        p.ssh.keepaliveSeconds = 30;
        return p;
    }
    // Whether `widget` can be brought into view in `dialog` (scrolling the editor if it must).
    static bool reachable(ProfilesDialog &dialog, QWidget *widget)
    {
        auto *scroll = child<QScrollArea>(dialog, "profileEditorScroll");
        if (scroll->isAncestorOf(widget))
            scroll->ensureWidgetVisible(widget, 0, 0);
        const QRect there(widget->mapTo(&dialog, QPoint(0, 0)), widget->size());
        const QRect seen = scroll->isAncestorOf(widget)
                               ? QRect(scroll->viewport()->mapTo(&dialog, QPoint(0, 0)),
                                       scroll->viewport()->size())
                               : dialog.rect();
        return widget->isVisible() && dialog.rect().contains(there) && seen.contains(there);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void init()
    {
        m_keychain = Console::MemoryKeychain();
        m_store = std::make_unique<Console::ProfileStore>(
            m_dir.filePath(QLatin1String(QTest::currentTestFunction()) + u".ini"_s), &m_keychain);
        m_store->load();
    }
    void cleanup() { m_store.reset(); }

    // Happy flows

    void fitsA1024By700ScreenWithAnSshProfile()
    {
        m_store->setProfiles({sshProfile()});
        ProfilesDialog dialog(m_store.get());
        dialog.fitInto(QRect(0, 0, 1024, 700));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(child<QRadioButton>(dialog, "sshRadio")->isChecked());
        QVERIFY2(dialog.width() <= 1024 && dialog.height() <= 700,
                 qPrintable(u"%1×%2"_s.arg(dialog.width()).arg(dialog.height())));
        // Not wider than its room: nothing to scroll sideways to.
        auto *scroll = child<QScrollArea>(dialog, "profileEditorScroll");
        QCOMPARE(scroll->horizontalScrollBar()->maximum(), 0);
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        for (auto which : {QDialogButtonBox::Ok, QDialogButtonBox::Cancel})
            QVERIFY(reachable(dialog, buttons->button(which)));
        for (const char *name : {"nameEdit", "hostEdit", "portEdit", "passwordEdit", "sshRadio",
                                 "sshHostEdit", "sshPortEdit", "sshKeyFileEdit",
                                 "sshKeyFileEditBrowse", "knownHostsEditBrowse",
                                 "sshKeepaliveSpin"})
            QVERIFY2(reachable(dialog, child<QWidget>(dialog, name)), name);
    }

    void keepsTheReachSectionBesideTheFormAt1280By800()
    {
        m_store->setProfiles({sshProfile()});
        ProfilesDialog dialog(m_store.get());
        dialog.fitInto(QRect(0, 0, 1280, 800));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.width() <= 1280 && dialog.height() <= 800);
        auto *reach = child<QWidget>(dialog, "reachGroup");
        auto *name = child<QWidget>(dialog, "nameEdit");
        QVERIFY(reach->mapTo(&dialog, QPoint(0, 0)).x() > name->mapTo(&dialog, QPoint(0, 0)).x());
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(reachable(dialog, buttons->button(QDialogButtonBox::Cancel)));
        QVERIFY(reachable(dialog, child<QWidget>(dialog, "sshKeepaliveSpin")));
    }

    void opensAsWideAsTheFormNeedsRatherThanGrowingAtTheFirstAdd()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.fitInto(QRect(0, 0, 1280, 800));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const int wide = dialog.width();
        addProfile(dialog, u"10.1.2.3"_s);
        QCoreApplication::processEvents();
        QCOMPARE(dialog.width(), wide);
        QTest::mouseClick(child<QPushButton>(dialog, "useSshButton"), Qt::LeftButton);
        QCoreApplication::processEvents();
        QCOMPARE(dialog.width(), wide);
        QVERIFY(dialog.height() <= 800);
    }

    void theEmptyListNamesBothImports()
    {
        ProfilesDialog dialog(m_store.get());
        bool named = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            named |= label->text().startsWith(u"No profile yet"_s) &&
                     label->text().contains(u"fs_cli"_s) &&
                     label->text().contains(u"Import profiles…"_s);
        QVERIFY(named);
    }

    void directAfterTheTunnelRestoresTheHostAndPort()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addProfile(dialog, u"10.1.2.3"_s);
        retype(child<QLineEdit>(dialog, "portEdit"), u"8022"_s);
        QTest::mouseClick(child<QPushButton>(dialog, "useSshButton"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), u"127.0.0.1"_s);
        QCOMPARE(child<QLineEdit>(dialog, "sshHostEdit")->text(), u"10.1.2.3"_s);
        retype(child<QLineEdit>(dialog, "portEdit"), u"8021"_s); // as the SSH server sees it
        QTest::mouseClick(child<QRadioButton>(dialog, "directRadio"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), u"10.1.2.3"_s);
        QCOMPARE(child<QLineEdit>(dialog, "portEdit")->text(), u"8022"_s);
        // And the tunnel again moves it again.
        QTest::mouseClick(child<QRadioButton>(dialog, "sshRadio"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), u"127.0.0.1"_s);
        QTest::mouseClick(child<QRadioButton>(dialog, "tlsRadio"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), u"10.1.2.3"_s);
        dialog.accept();
        QCOMPARE(dialog.errorMessage(), QString());
        QCOMPARE(m_store->profiles().value(0).host, u"10.1.2.3"_s);
        QCOMPARE(m_store->profiles().value(0).port, 8022);
    }

    void aHostTypedInTheTunnelStaysWhenGoingBackToDirect()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addProfile(dialog, u"10.1.2.3"_s);
        QTest::mouseClick(child<QRadioButton>(dialog, "sshRadio"), Qt::LeftButton);
        retype(child<QLineEdit>(dialog, "hostEdit"), u"10.9.9.9"_s);
        QTest::mouseClick(child<QRadioButton>(dialog, "directRadio"), Qt::LeftButton);
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), u"10.9.9.9"_s);
    }

    void tlsOnTheEventSocketsOwnPortGetsAHint()
    {
        ProfilesDialog dialog(m_store.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        addProfile(dialog, u"pbx1.example.com"_s);
        auto *hint = child<QLabel>(dialog, "tlsPortHint");
        QVERIFY(!hint->isVisible());
        QTest::mouseClick(child<QPushButton>(dialog, "useTlsButton"), Qt::LeftButton);
        QVERIFY(hint->isVisible());
        QVERIFY2(hint->text().contains(u"8021 is the Event Socket itself, which has no TLS"_s),
                 qPrintable(hint->text()));
        retype(child<QLineEdit>(dialog, "portEdit"), u"8443"_s);
        QVERIFY(!hint->isVisible());
        retype(child<QLineEdit>(dialog, "portEdit"), u"8021"_s);
        QVERIFY(hint->isVisible());
        // A hint, not a refusal.
        dialog.accept();
        QCOMPARE(dialog.errorMessage(), QString());
        QVERIFY(m_store->profiles().value(0).tls.enabled);
        QCOMPARE(m_store->profiles().value(0).port, 8021);
    }

    void theFingerprintIsWholeOnALineOfItsOwn_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("why");
        QTest::addColumn<QString>("fingerprint");
        QTest::newRow("unknown SSH host key")
            << int(Esl::TrustRequest::Kind::SshHostKey) << int(Esl::TrustRequest::Why::Unknown)
            << u"SHA256:KRwjUg/hA3f0ZqkV8Wcx9yLmP2sTnEo4bRj6uDiXa1c"_s;
        QTest::newRow("changed SSH host key")
            << int(Esl::TrustRequest::Kind::SshHostKey) << int(Esl::TrustRequest::Why::Changed)
            << u"SHA256:KRwjUg/hA3f0ZqkV8Wcx9yLmP2sTnEo4bRj6uDiXa1c"_s;
        QTest::newRow("unknown TLS certificate")
            << int(Esl::TrustRequest::Kind::TlsCertificate)
            << int(Esl::TrustRequest::Why::Unknown)
            << u"sha256//q0m/+Kd8S1fXw3Zb7HcNy2LpV9tRgE4oJu6aWiYsD5M="_s;
    }
    void theFingerprintIsWholeOnALineOfItsOwn()
    {
        QFETCH(int, kind);
        QFETCH(int, why);
        QFETCH(QString, fingerprint);
        Esl::TrustRequest request;
        request.kind = Esl::TrustRequest::Kind(kind);
        request.why = Esl::TrustRequest::Why(why);
        request.host = u"pbx7.datacentre-frankfurt.example.com"_s;
        request.port = 22;
        request.fingerprint = fingerprint;
        request.description = u"ssh-ed25519"_s;
        const Console::TrustQuestion question = Console::trustQuestion(
            request, u"ssh-pbx"_s, u"/home/operations/.ssh/known_hosts"_s, true);
        std::unique_ptr<QMessageBox> box(Ui::makeTrustDialog(question, nullptr));
        box->show();
        QVERIFY(QTest::qWaitForWindowExposed(box.get()));
        QVERIFY2(box->width() <= 1024, qPrintable(QString::number(box->width())));
        QLabel *shown = nullptr;
        for (QLabel *label : box->findChildren<QLabel *>())
            if (label->text().contains(fingerprint))
                shown = label;
        QVERIFY(shown);
        QVERIFY(shown->textInteractionFlags() & Qt::TextSelectableByMouse);
        // Laid out at the label's width, as it is drawn: the fingerprint is one line, alone.
        QTextDocument document;
        document.setDefaultFont(shown->font());
        document.setHtml(shown->text());
        document.setTextWidth(shown->contentsRect().width());
        QVERIFY(document.size().width() > 0); // lays it out
        const QString plain = document.toPlainText();
        const qsizetype at = plain.indexOf(fingerprint);
        QVERIFY2(at >= 0, qPrintable(plain));
        const QTextBlock block = document.findBlock(int(at));
        const QTextLine line = block.layout()->lineForTextPosition(int(at - block.position()));
        QVERIFY(line.isValid());
        QString lineText = block.text().mid(line.textStart(), line.textLength()).trimmed();
        QCOMPARE(lineText.remove(QChar::LineSeparator), fingerprint);
    }
};

QTEST_MAIN(TestProfileEditorFit)
#include "tst_profileeditorfit.moc"
