// The call-control dialogs: what they hand back when the input is good; that every kind of bad
// input (line breaks, NUL, tabs, empty fields, spaces in one-word values, bad digits, causes and
// names) disables OK with a problem naming the field; the transfer's attended mode and recent
// destinations; the DTMF keypad; the uuid_dump viewer on a real dump; the "are you sure?" box.

#include "support/fixtures.h"
#include "ui/calls/dialogs/confirmaction.h"
#include "ui/calls/dialogs/dtmfdialog.h"
#include "ui/calls/dialogs/dumpdialog.h"
#include "ui/calls/dialogs/executedialog.h"
#include "ui/calls/dialogs/hangupdialog.h"
#include "ui/calls/dialogs/originatedialog.h"
#include "ui/calls/dialogs/recorddialog.h"
#include "ui/calls/dialogs/transferdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString kChannel = u"Alice Smith (1000) → 2000"_s;

QPushButton *okButton(const QDialog &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

QString problemText(const QDialog &dialog)
{
    return dialog.findChild<QLabel *>(u"problem"_s)->text();
}

template<typename W> W *field(const QObject &dialog, const QString &name)
{
    W *widget = dialog.findChild<W *>(name);
    if (!widget)
        qWarning("no %s named %s", W::staticMetaObject.className(), qPrintable(name));
    return widget;
}

// Types into a line edit or an editable combo box, whichever `name` is.
void setText(const QObject &dialog, const QString &name, const QString &value)
{
    if (auto *combo = dialog.findChild<QComboBox *>(name))
        combo->setEditText(value);
    else if (auto *edit = field<QLineEdit>(dialog, name))
        edit->setText(value);
}

// The dialog's uuid_dump text from the real capture (api uuid_dump <uuid>, plain).
QString realDump()
{
    for (const QByteArray &line : TestSupport::expectedLines(u"api-bodies"_s)) {
        const QString body = QJsonDocument::fromJson(line).object().value(u"body").toString();
        if (body.startsWith(u"Event-Name: CHANNEL_DATA\n"))
            return body;
    }
    return {};
}

// Answers the next modal message box once it is up: ticks "Don't ask again" if `tick`, then
// clicks Yes or No, and notes in `seen` what the box looked like. Nothing is left behind for a
// later test: the timers die with `scope`.
struct BoxSeen
{
    bool shown = false;
    bool noIsDefault = false;
    bool hasCheckBox = false;
};

void answerNextBox(QObject *scope, QMessageBox::StandardButton answer, bool tick, BoxSeen *seen,
                   int tries = 500)
{
    QTimer::singleShot(0, scope, [=] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            if (tries > 0)
                answerNextBox(scope, answer, tick, seen, tries - 1);
            return;
        }
        seen->shown = true;
        seen->noIsDefault = box->defaultButton() == box->button(QMessageBox::No);
        auto *check = box->findChild<QCheckBox *>(u"dontAskAgain"_s);
        seen->hasCheckBox = check != nullptr;
        if (check && tick)
            check->setChecked(true);
        box->button(answer)->click();
    });
}

} // namespace

class TestActionDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"Switchboard-tests"_s);
        QCoreApplication::setApplicationName(u"tst_actiondialogs"_s);
    }
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    // Happy flows.
    void hangupOffersTheCommonCausesWithNormalClearingFirst();
    void hangupListsTenChannelsAndCountsTheRest();
    void transferHandsBackWhatWasTyped();
    void attendedTransferDisablesTheLegAndDialplan();
    void recentDestinationsCompleteAsTyped();
    void originateBuildsAnExtensionCall();
    void originateBuildsAnApplicationCall();
    void executeOffersRecentAndCommonApplications();
    void executeStartsEmptySoWhatIsTypedIsTheWholeName();
    void executeOffersTheSwitchsApplicationsAndRefusesOthers();
    void keypadAppendsDigits();
    void recordKeepsTheSuggestedPath();

    // Rainy days.
    void badInputDisablesOkAndNamesTheField_data();
    void badInputDisablesOkAndNamesTheField();
    void originateWithoutServersSaysSo();

    // The dump viewer.
    void dumpShowsEveryHeaderDecoded();
    void dumpFilterNarrowsTheRows();
    void dumpCopiesTheRawTextAndSelectedRows();

    // The question before destructive actions.
    void confirmDoesNotAskWhenTurnedOff();
    void confirmYesWithDontAskAgainTurnsTheQuestionOff();
    void confirmNoRefusesAndKeepsAsking();
};

void TestActionDialogs::hangupOffersTheCommonCausesWithNormalClearingFirst()
{
    Ui::HangupDialog dialog({u"Alice (1000)"_s, u"Bob (1001)"_s, u"Carol (1002)"_s});
    QCOMPARE(dialog.windowTitle(), u"Hang up 3 channels"_s);
    QCOMPARE(dialog.cause(), u"NORMAL_CLEARING"_s);
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(problemText(dialog).isEmpty());

    auto *cause = field<QComboBox>(dialog, u"cause"_s);
    QVERIFY(cause->isEditable());
    for (const QString &name :
         {u"USER_BUSY"_s, u"CALL_REJECTED"_s, u"NO_ANSWER"_s, u"NORMAL_TEMPORARY_FAILURE"_s,
          u"ORIGINATOR_CANCEL"_s, u"MANAGER_REQUEST"_s, u"ALLOTTED_TIMEOUT"_s})
        QVERIFY2(cause->findText(name) >= 0, qPrintable(name));
    cause->setCurrentIndex(cause->findText(u"USER_BUSY"_s));
    QCOMPARE(dialog.cause(), u"USER_BUSY"_s);
    QVERIFY(okButton(dialog)->isEnabled());

    Ui::HangupDialog one({u"Alice (1000)"_s});
    QCOMPARE(one.windowTitle(), u"Hang up 1 channel"_s);
}

void TestActionDialogs::hangupListsTenChannelsAndCountsTheRest()
{
    QStringList channels;
    for (int i = 1; i <= 13; ++i)
        channels.append(u"Caller %1"_s.arg(i, 2, 10, QChar(u'0')));
    Ui::HangupDialog dialog(channels);
    const QString list = field<QLabel>(dialog, u"channels"_s)->text();
    QVERIFY(list.contains(u"Caller 01"_s));
    QVERIFY(list.contains(u"Caller 10"_s));
    QVERIFY(!list.contains(u"Caller 11"_s));
    QVERIFY(list.contains(u"and 3 more"_s));
}

void TestActionDialogs::transferHandsBackWhatWasTyped()
{
    Console::AppSettings settings;
    settings.transferDialplan = u"XML"_s;
    settings.transferContext = u"public"_s;
    Ui::TransferDialog dialog(kChannel, settings, {});
    QCOMPARE(dialog.dialplan(), u"XML"_s);
    QCOMPARE(dialog.context(), u"public"_s);
    QVERIFY(!okButton(dialog)->isEnabled()); // no destination yet

    setText(dialog, u"destination"_s, u"1001"_s);
    auto *leg = field<QComboBox>(dialog, u"leg"_s);
    leg->setCurrentIndex(leg->findData(int(Esl::Commands::Leg::B)));
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));
    QCOMPARE(dialog.destination(), u"1001"_s);
    QCOMPARE(dialog.leg(), Esl::Commands::Leg::B);
    QVERIFY(!dialog.attended());

    leg->setCurrentIndex(leg->findData(int(Esl::Commands::Leg::Both)));
    QCOMPARE(dialog.leg(), Esl::Commands::Leg::Both);
}

void TestActionDialogs::attendedTransferDisablesTheLegAndDialplan()
{
    Ui::TransferDialog dialog(kChannel, Console::AppSettings{}, {});
    setText(dialog, u"destination"_s, u"user/3000"_s);
    auto *attended = field<QCheckBox>(dialog, u"attended"_s);
    auto *leg = field<QComboBox>(dialog, u"leg"_s);
    auto *dialplan = field<QLineEdit>(dialog, u"dialplan"_s);
    QVERIFY(leg->isEnabled());

    attended->setChecked(true);
    QVERIFY(dialog.attended());
    QVERIFY(!leg->isEnabled());
    QVERIFY(!dialplan->isEnabled());
    QVERIFY(field<QLineEdit>(dialog, u"context"_s)->isEnabled());
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));

    attended->setChecked(false);
    QVERIFY(leg->isEnabled());
    QVERIFY(dialplan->isEnabled());
}

void TestActionDialogs::recentDestinationsCompleteAsTyped()
{
    const QStringList recent{u"2000"_s, u"1001"_s, u"Operator"_s};
    Ui::TransferDialog dialog(kChannel, Console::AppSettings{}, recent);
    auto *destination = field<QComboBox>(dialog, u"destination"_s);
    QCOMPARE(destination->count(), 3);
    QCompleter *completer = destination->completer();
    QVERIFY(completer);
    QCOMPARE(completer->completionMode(), QCompleter::PopupCompletion);

    QTest::keyClicks(destination->lineEdit(), u"10"_s);
    QCOMPARE(completer->completionPrefix(), u"10"_s);
    QCOMPARE(completer->completionCount(), 1);
    QCOMPARE(completer->currentCompletion(), u"1001"_s);

    destination->lineEdit()->clear();
    QTest::keyClicks(destination->lineEdit(), u"op"_s);
    QCOMPARE(completer->currentCompletion(), u"Operator"_s); // case-insensitive
}

void TestActionDialogs::originateBuildsAnExtensionCall()
{
    Console::AppSettings settings;
    settings.operatorEndpoint = u"user/1000"_s;
    Ui::OriginateDialog dialog({{3, u"pbx1"_s}, {7, u"pbx2"_s}}, settings);
    QCOMPARE(field<QLineEdit>(dialog, u"endpoint"_s)->text(), u"user/1000"_s);
    QCOMPARE(field<QLineEdit>(dialog, u"endpoint"_s)->placeholderText(), u"user/1000"_s);

    auto *server = field<QComboBox>(dialog, u"server"_s);
    server->setCurrentIndex(1);
    setText(dialog, u"destination"_s, u"9196"_s);
    setText(dialog, u"callerIdName"_s, u"Front Desk"_s);
    setText(dialog, u"callerIdNumber"_s, u"3000"_s);
    field<QSpinBox>(dialog, u"timeout"_s)->setValue(30);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));

    QCOMPARE(dialog.server(), Monitor::ServerId(7));
    const Esl::Commands::Originate r = dialog.request();
    QCOMPARE(r.endpoint, u"user/1000"_s);
    QCOMPARE(r.extension, u"9196"_s);
    QCOMPARE(r.dialplan, u"XML"_s);
    QCOMPARE(r.context, u"default"_s);
    QVERIFY(r.application.isEmpty());
    QCOMPARE(r.callerIdName, u"Front Desk"_s);
    QCOMPARE(r.callerIdNumber, u"3000"_s);
    QCOMPARE(r.timeoutSeconds, 30);
    QVERIFY(Esl::Commands::originate(r).ok());
}

void TestActionDialogs::originateBuildsAnApplicationCall()
{
    Ui::OriginateDialog dialog({{1, u"pbx1"_s}}, Console::AppSettings{});
    setText(dialog, u"endpoint"_s, u"user/1000"_s);
    setText(dialog, u"destination"_s, u"9196"_s);
    field<QRadioButton>(dialog, u"toApplication"_s)->setChecked(true);
    QVERIFY(!field<QLineEdit>(dialog, u"destination"_s)->isEnabled());
    QVERIFY(field<QComboBox>(dialog, u"application"_s)->isEnabled());
    QVERIFY(!okButton(dialog)->isEnabled()); // no application chosen yet

    setText(dialog, u"application"_s, u"playback"_s);
    setText(dialog, u"arguments"_s, u"/tmp/hello world.wav"_s);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));
    const Esl::Commands::Originate r = dialog.request();
    QCOMPARE(r.application, u"playback"_s);
    QCOMPARE(r.applicationArgs, u"/tmp/hello world.wav"_s);
    QVERIFY(r.extension.isEmpty());
    QVERIFY(r.dialplan.isEmpty());
    QVERIFY(r.context.isEmpty());
    QCOMPARE(r.timeoutSeconds, 0);
    QCOMPARE(dialog.server(), Monitor::ServerId(1));
}

void TestActionDialogs::executeOffersRecentAndCommonApplications()
{
    Ui::ExecuteDialog dialog(kChannel, {u"my_ivr"_s});
    auto *application = field<QComboBox>(dialog, u"application"_s);
    QCOMPARE(application->itemText(0), u"my_ivr"_s); // the recent ones first
    QVERIFY(dialog.application().isEmpty());
    for (const QString &name : {u"playback"_s, u"bridge"_s, u"park"_s, u"record_session"_s,
                                u"conference"_s, u"valet_park"_s})
        QVERIFY2(application->findText(name) >= 0, qPrintable(name));
    QVERIFY(application->count() >= 25);

    application->setCurrentIndex(application->findText(u"playback"_s));
    setText(dialog, u"arguments"_s, u"ivr/ivr-welcome.wav"_s);
    field<QCheckBox>(dialog, u"eventLock"_s)->setChecked(true);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));
    QCOMPARE(dialog.application(), u"playback"_s);
    QCOMPARE(dialog.arguments(), u"ivr/ivr-welcome.wav"_s);
    QVERIFY(dialog.eventLock());
}

// The real switch got "playbacksleep": the name kept from last time, with what was typed after
// it; it logged "Invalid Application" and hung the caller up.
void TestActionDialogs::executeStartsEmptySoWhatIsTypedIsTheWholeName()
{
    Ui::ExecuteDialog dialog(kChannel, {u"playback"_s});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *application = field<QComboBox>(dialog, u"application"_s);
    QVERIFY(dialog.application().isEmpty());
    QVERIFY(!okButton(dialog)->isEnabled());
    application->setFocus();
    QTest::keyClicks(application->lineEdit(), u"sleep"_s);
    QCOMPARE(dialog.application(), u"sleep"_s);
    QVERIFY(application->lineEdit()->placeholderText().contains(u"playback"_s));
}

void TestActionDialogs::executeOffersTheSwitchsApplicationsAndRefusesOthers()
{
    Ui::ExecuteDialog dialog(kChannel, {u"playback"_s, u"my_gone_app"_s});
    dialog.setApplications({u"sleep"_s, u"playback"_s, u"park"_s, u"valet_park"_s});
    auto *application = field<QComboBox>(dialog, u"application"_s);
    QCOMPARE(application->itemText(0), u"playback"_s);     // recent, and the switch has it
    QCOMPARE(application->findText(u"my_gone_app"_s), -1); // recent, but the switch lacks it
    QVERIFY(application->findText(u"valet_park"_s) >= 0);
    QCOMPARE(application->findText(u"speak"_s), -1); // built in, but not on this switch

    setText(dialog, u"application"_s, u"playbacksleep"_s);
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY2(problemText(dialog).contains(u"no application \"playbacksleep\""_s),
             qPrintable(problemText(dialog)));
    setText(dialog, u"application"_s, u"sleep"_s);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));

    // A switch that could not say leaves the decision to it.
    Ui::ExecuteDialog unknown(kChannel, {});
    unknown.setApplications({});
    setText(unknown, u"application"_s, u"my_own_app"_s);
    QVERIFY2(okButton(unknown)->isEnabled(), qPrintable(problemText(unknown)));
}

void TestActionDialogs::keypadAppendsDigits()
{
    Ui::DtmfDialog dialog(kChannel);
    QVERIFY(!okButton(dialog)->isEnabled());
    for (const QString &key :
         {u"key1"_s, u"key2"_s, u"keyStar"_s, u"keyHash"_s, u"keyA"_s, u"key0"_s, u"keyD"_s})
        QTest::mouseClick(field<QPushButton>(dialog, key), Qt::LeftButton);
    QCOMPARE(dialog.digits(), u"12*#A0D"_s);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));
    QCOMPARE(dialog.findChildren<QPushButton *>(QRegularExpression(u"^key"_s)).size(), 16);

    setText(dialog, u"digits"_s, u"12w34@200"_s);
    QVERIFY2(okButton(dialog)->isEnabled(), qPrintable(problemText(dialog)));
}

void TestActionDialogs::recordKeepsTheSuggestedPath()
{
    const QString path = u"/var/lib/freeswitch/recordings/20260101-120000-abc.wav"_s;
    Ui::RecordDialog dialog(kChannel, path);
    QCOMPARE(field<QLineEdit>(dialog, u"path"_s)->text(), path);
    QCOMPARE(dialog.path(), path);
    QVERIFY(okButton(dialog)->isEnabled());
    setText(dialog, u"path"_s, u"/tmp/other.wav"_s);
    QCOMPARE(dialog.path(), u"/tmp/other.wav"_s);
    QVERIFY(okButton(dialog)->isEnabled());
}

// ---- bad input ---------------------------------------------------------------------------------

void TestActionDialogs::badInputDisablesOkAndNamesTheField_data()
{
    QTest::addColumn<QString>("dialog");
    QTest::addColumn<QString>("setup"); // a check box or radio button to tick first, or empty
    QTest::addColumn<QString>("input"); // the field's objectName
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mentions"); // the problem text names this (case-insensitive)

    const QString cr = u"10\r01"_s, lf = u"10\n01"_s, tab = u"10\t01"_s;
    const QString nul = u"10"_s + QChar(QChar::Null) + u"01"_s;
    const auto row = [](const char *name, const char *dialog, const char *setup, const char *input,
                        const QString &value, const char *mentions) {
        QTest::newRow(name) << QString::fromLatin1(dialog) << QString::fromLatin1(setup)
                            << QString::fromLatin1(input) << value << QString::fromLatin1(mentions);
    };

    row("hangup: empty cause", "hangup", "", "cause", {}, "cause");
    row("hangup: cause in words", "hangup", "", "cause", u"normal clearing"_s, "cause");
    row("hangup: lower-case cause", "hangup", "", "cause", u"normal_clearing"_s, "cause");
    row("hangup: cause with LF", "hangup", "", "cause", u"NORMAL\nCLEARING"_s, "cause");
    row("hangup: cause with NUL", "hangup", "", "cause", u"USER"_s + QChar(QChar::Null), "cause");

    row("transfer: empty destination", "transfer", "", "destination", {}, "destination");
    row("transfer: destination with CR", "transfer", "", "destination", cr, "destination");
    row("transfer: destination with LF", "transfer", "", "destination", lf, "destination");
    row("transfer: destination with NUL", "transfer", "", "destination", nul, "destination");
    row("transfer: destination with a tab", "transfer", "", "destination", tab, "destination");
    row("transfer: destination with a space", "transfer", "", "destination", u"10 01"_s,
        "destination");
    row("transfer: destination like an option", "transfer", "", "destination", u"-both"_s,
        "destination");
    row("transfer: dialplan with a space", "transfer", "", "dialplan", u"X ML"_s, "dialplan");
    row("transfer: context with LF", "transfer", "", "context", u"de\nfault"_s, "context");
    row("transfer: context without a dialplan", "transfer", "", "dialplan", {}, "dialplan");
    row("attended: destination with LF", "transfer", "attended", "destination", lf, "destination");
    row("attended: extension without a context", "transfer", "attended", "context", {}, "context");

    row("originate: empty endpoint", "originate", "", "endpoint", {}, "endpoint");
    row("originate: endpoint with a space", "originate", "", "endpoint", u"user/ 1000"_s,
        "endpoint");
    row("originate: endpoint with CR", "originate", "", "endpoint", u"user/1000\r"_s, "endpoint");
    row("originate: empty destination", "originate", "", "destination", {}, "destination");
    row("originate: destination with a tab", "originate", "", "destination", tab, "destination");
    row("originate: caller id name with a comma", "originate", "", "callerIdName", u"Smith, J"_s,
        "caller ID name");
    row("originate: caller id number with LF", "originate", "", "callerIdNumber", lf,
        "caller ID number");
    row("originate: empty application", "originate", "toApplication", "application", {},
        "application");
    row("originate: application with a space", "originate", "toApplication", "application",
        u"play back"_s, "application");
    row("originate: arguments with ')'", "originate", "toApplication", "arguments", u"a)b"_s,
        "arguments");

    row("execute: empty application", "execute", "", "application", {}, "application");
    row("execute: application with a space", "execute", "", "application", u"play back"_s,
        "application");
    row("execute: application with a slash", "execute", "", "application", u"play/back"_s,
        "application");
    row("execute: application with LF", "execute", "", "application", u"park\n"_s, "application");
    row("execute: arguments with CR", "execute", "", "arguments", u"a\rb"_s, "arguments");
    row("execute: arguments with a tab", "execute", "", "arguments", u"a\tb"_s, "arguments");
    row("execute: arguments with NUL", "execute", "", "arguments", nul, "arguments");

    row("dtmf: empty", "dtmf", "", "digits", {}, "digits");
    row("dtmf: a letter", "dtmf", "", "digits", u"12x"_s, "digits");
    row("dtmf: a space", "dtmf", "", "digits", u"12 34"_s, "digits");
    row("dtmf: LF", "dtmf", "", "digits", u"12\n"_s, "digits");
    row("dtmf: zero duration", "dtmf", "", "digits", u"12@0"_s, "duration");

    row("record: empty path", "record", "", "path", {}, "path");
    row("record: path with a space", "record", "", "path", u"/tmp/my file.wav"_s, "path");
    row("record: path with LF", "record", "", "path", u"/tmp/a\n.wav"_s, "path");
    row("record: path with a tab", "record", "", "path", u"/tmp/a\t.wav"_s, "path");
}

void TestActionDialogs::badInputDisablesOkAndNamesTheField()
{
    QFETCH(QString, dialog);
    QFETCH(QString, setup);
    QFETCH(QString, input);
    QFETCH(QString, value);
    QFETCH(QString, mentions);

    // Each dialog filled in validly first, so only the row's value is wrong.
    std::unique_ptr<Ui::ActionDialog> d;
    if (dialog == u"hangup") {
        d = std::make_unique<Ui::HangupDialog>(QStringList{kChannel});
    } else if (dialog == u"transfer") {
        d = std::make_unique<Ui::TransferDialog>(kChannel, Console::AppSettings{}, QStringList{});
        setText(*d, u"destination"_s, u"1001"_s);
    } else if (dialog == u"originate") {
        Console::AppSettings settings;
        settings.operatorEndpoint = u"user/1000"_s;
        d = std::make_unique<Ui::OriginateDialog>(
            QList<std::pair<Monitor::ServerId, QString>>{{1, u"pbx1"_s}}, settings);
        setText(*d, u"destination"_s, u"9196"_s);
        setText(*d, u"application"_s, u"park"_s);
    } else if (dialog == u"execute") {
        d = std::make_unique<Ui::ExecuteDialog>(kChannel, QStringList{u"park"_s});
        setText(*d, u"application"_s, u"park"_s);
    } else if (dialog == u"dtmf") {
        d = std::make_unique<Ui::DtmfDialog>(kChannel);
        setText(*d, u"digits"_s, u"1234#"_s);
    } else if (dialog == u"record") {
        d = std::make_unique<Ui::RecordDialog>(kChannel, u"/tmp/a.wav"_s);
    }
    QVERIFY(d);
    if (!setup.isEmpty())
        field<QAbstractButton>(*d, setup)->setChecked(true);
    QVERIFY2(okButton(*d)->isEnabled(), qPrintable(problemText(*d)));
    QVERIFY(problemText(*d).isEmpty());

    setText(*d, input, value);
    QVERIFY(!okButton(*d)->isEnabled());
    const QString problem = problemText(*d);
    QCOMPARE(problem, d->problem());
    QVERIFY2(problem.contains(mentions, Qt::CaseInsensitive), qPrintable(problem));
    // Plain words, one line: no control character of the input is echoed back.
    QVERIFY2(std::none_of(problem.cbegin(), problem.cend(),
                          [](QChar c) { return c.category() == QChar::Other_Control; }),
             qPrintable(problem));

    // Clicking a disabled OK, or forcing the accepted signal, does not accept.
    Q_EMIT d->findChild<QDialogButtonBox *>()->accepted();
    QCOMPARE(d->result(), int(QDialog::Rejected));
}

void TestActionDialogs::originateWithoutServersSaysSo()
{
    Console::AppSettings settings;
    settings.operatorEndpoint = u"user/1000"_s;
    Ui::OriginateDialog dialog({}, settings);
    setText(dialog, u"destination"_s, u"9196"_s);
    QVERIFY(!okButton(dialog)->isEnabled());
    QVERIFY2(problemText(dialog).contains(u"server"_s), qPrintable(problemText(dialog)));
}

// ---- DumpDialog --------------------------------------------------------------------------------

void TestActionDialogs::dumpShowsEveryHeaderDecoded()
{
    const QString dump = realDump();
    QVERIFY(!dump.isEmpty());
    Ui::DumpDialog dialog(u"Dump of loopback/9197-a"_s, dump);
    QCOMPARE(dialog.windowTitle(), u"Dump of loopback/9197-a"_s);
    QCOMPARE(dialog.rawText(), dump);

    auto *table = field<QTableWidget>(dialog, u"dumpTable"_s);
    QCOMPARE(table->columnCount(), 2);
    QCOMPARE(table->horizontalHeaderItem(0)->text(), u"Header"_s);
    QCOMPARE(table->horizontalHeaderItem(1)->text(), u"Value"_s);
    QCOMPARE(table->rowCount(), dump.count(u'\n') - 1); // one line per header, then a blank one
    QHash<QString, QString> values;
    for (int row = 0; row < table->rowCount(); ++row)
        values.insert(table->item(row, 0)->text(), table->item(row, 1)->text());
    QCOMPARE(table->item(0, 0)->text(), u"Event-Name"_s);
    QCOMPARE(table->item(0, 1)->text(), u"CHANNEL_DATA"_s);
    QCOMPARE(values.value(u"Unique-ID"_s), u"ff4aa895-8ae9-428c-93c1-88599d6f7aa2"_s);
    QCOMPARE(values.value(u"Caller-Caller-ID-Name"_s), u"Outbound Call"_s);
    QCOMPARE(values.value(u"Event-Date-Local"_s), u"2026-11-24 13:10:42"_s);
    QCOMPARE(values.value(u"FreeSWITCH-IPv6"_s), u"fd00::2"_s);
}

void TestActionDialogs::dumpFilterNarrowsTheRows()
{
    Ui::DumpDialog dialog(u"Dump"_s, realDump());
    auto *table = field<QTableWidget>(dialog, u"dumpTable"_s);
    const auto visibleRows = [table] {
        QList<int> rows;
        for (int row = 0; row < table->rowCount(); ++row) {
            if (!table->isRowHidden(row))
                rows.append(row);
        }
        return rows;
    };
    const qsizetype all = visibleRows().size();
    QCOMPARE(all, table->rowCount());

    field<QLineEdit>(dialog, u"dumpFilter"_s)->setText(u"caller-id-name"_s);
    const QList<int> shown = visibleRows();
    QVERIFY(!shown.isEmpty());
    QVERIFY(shown.size() < all);
    for (int row : shown)
        QVERIFY(table->item(row, 0)->text().contains(u"Caller-ID-Name"_s, Qt::CaseInsensitive));

    // Values count too, decoded: "Outbound Call" is stored as Outbound%20Call.
    field<QLineEdit>(dialog, u"dumpFilter"_s)->setText(u"outbound call"_s);
    QVERIFY(!visibleRows().isEmpty());
    for (int row : visibleRows())
        QVERIFY(table->item(row, 1)->text().contains(u"Outbound Call"_s));

    field<QLineEdit>(dialog, u"dumpFilter"_s)->clear();
    QCOMPARE(visibleRows().size(), all);
}

void TestActionDialogs::dumpCopiesTheRawTextAndSelectedRows()
{
    const QString dump = realDump();
    Ui::DumpDialog dialog(u"Dump"_s, dump);
    QGuiApplication::clipboard()->clear();

    QTest::mouseClick(field<QPushButton>(dialog, u"copyAll"_s), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), dump);

    auto *table = field<QTableWidget>(dialog, u"dumpTable"_s);
    int uniqueId = -1, callerName = -1;
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == u"Unique-ID")
            uniqueId = row;
        if (table->item(row, 0)->text() == u"Caller-Caller-ID-Name")
            callerName = row;
    }
    QVERIFY(uniqueId >= 0 && callerName > uniqueId);
    table->clearSelection();
    table->selectRow(uniqueId);
    table->selectionModel()->select(table->model()->index(callerName, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTest::keySequence(table, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             u"Unique-ID: ff4aa895-8ae9-428c-93c1-88599d6f7aa2\n"
             "Caller-Caller-ID-Name: Outbound Call\n"_s);
}

// ---- confirmAction -----------------------------------------------------------------------------

void TestActionDialogs::confirmDoesNotAskWhenTurnedOff()
{
    Console::AppSettings settings;
    settings.confirmDestructive = false;
    QObject scope;
    BoxSeen seen;
    answerNextBox(&scope, QMessageBox::No, false, &seen); // would answer a box shown by mistake
    QVERIFY(Ui::confirmAction(nullptr, u"Hang up"_s, u"Hang up 2 channels?"_s, settings));
    QVERIFY(!seen.shown);
    QVERIFY(!settings.confirmDestructive);
}

void TestActionDialogs::confirmYesWithDontAskAgainTurnsTheQuestionOff()
{
    Console::AppSettings settings = Console::AppSettings::load();
    QVERIFY(settings.confirmDestructive);
    QObject scope;
    BoxSeen seen;
    answerNextBox(&scope, QMessageBox::Yes, true, &seen);
    QVERIFY(Ui::confirmAction(nullptr, u"Hang up"_s, u"Hang up 2 channels?"_s, settings));
    QVERIFY(seen.shown);
    QVERIFY(seen.hasCheckBox);
    QVERIFY(seen.noIsDefault);
    QVERIFY(!settings.confirmDestructive);
    QVERIFY(!Console::AppSettings::load().confirmDestructive);

    // Yes without the tick: asked, and asked again next time.
    Console::AppSettings again;
    again.save();
    seen = {};
    answerNextBox(&scope, QMessageBox::Yes, false, &seen);
    QVERIFY(Ui::confirmAction(nullptr, u"Hang up"_s, u"Hang up?"_s, again));
    QVERIFY(seen.shown);
    QVERIFY(again.confirmDestructive);
    QVERIFY(Console::AppSettings::load().confirmDestructive);
}

void TestActionDialogs::confirmNoRefusesAndKeepsAsking()
{
    Console::AppSettings settings = Console::AppSettings::load();
    QObject scope;
    BoxSeen seen;
    answerNextBox(&scope, QMessageBox::No, true, &seen);
    QVERIFY(!Ui::confirmAction(nullptr, u"Transfer"_s, u"Transfer the call?"_s, settings));
    QVERIFY(seen.shown);
    QVERIFY(settings.confirmDestructive);
    QVERIFY(Console::AppSettings::load().confirmDestructive);
}

QTEST_MAIN(TestActionDialogs)
#include "tst_actiondialogs.moc"
