// ConferencesPanel's questions before an action: a level, a file, a destination, an endpoint.
// Each answer is checked with the command's own builder before anything is sent; a bad one is
// asked again with the reason.

#include "ui/conferences/conferencespanel.h"

#include "ui/conferences/conferencesmodel.h"

#include "console/conferencecommands.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QRadioButton>
#include <QTreeView>

namespace Ui {

namespace C = Console::ConferenceCommands;

namespace {

// Asks for one word until the builder takes it (or the operator cancels).
QString askWord(QWidget *parent, const QString &title, const QString &label, const QString &start,
                const std::function<Esl::Expected<QString>(const QString &)> &check)
{
    QString text = start;
    for (;;) {
        bool ok = false;
        text = QInputDialog::getText(parent, title, label, QLineEdit::Normal, text, &ok).trimmed();
        if (!ok)
            return {};
        const Esl::Expected<QString> command = check(text);
        if (command)
            return text;
        QMessageBox::warning(parent, title, command.error().message);
    }
}

} // namespace

void ConferencesPanel::askVolume(bool in)
{
    const Monitor::ConferenceMember *m = m_model->memberAt(m_view->currentIndex());
    if (!m)
        return;
    bool ok = false;
    const int level = QInputDialog::getInt(
        this, in ? tr("Volume in") : tr("Volume out"),
        in ? tr("How loud %1 is heard (-4..4):").arg(m->callerIdName)
           : tr("How loud %1 hears the conference (-4..4):").arg(m->callerIdName),
        in ? m->volumeIn : m->volumeOut, -4, 4, 1, &ok);
    if (ok)
        setVolume(in, level);
}

void ConferencesPanel::askEnergy()
{
    const Monitor::ConferenceMember *m = m_model->memberAt(m_view->currentIndex());
    if (!m)
        return;
    bool ok = false;
    const int level = QInputDialog::getInt(
        this, tr("Energy"), tr("Energy threshold for %1 (0..20000; the louder, the less "
                               "background noise is heard):")
                                .arg(m->callerIdName),
        m->energy, 0, 20000, 50, &ok);
    if (ok)
        setEnergy(level);
}

void ConferencesPanel::askTransfer()
{
    const Target t = target();
    if (t.member <= 0)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Transfer %1").arg(t.who));
    auto *toConference = new QRadioButton(tr("To another conference"), &dialog);
    auto *toExtension = new QRadioButton(tr("To an extension (XML default)"), &dialog);
    auto *conferences = new QComboBox(&dialog);
    conferences->setEditable(true);
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex i = m_model->index(r, 0);
        if (i.data(ConferencesModel::ServerRole).value<Monitor::ServerId>() == t.server &&
            i.data(ConferencesModel::ConferenceRole).toString() != t.conference)
            conferences->addItem(i.data(ConferencesModel::ConferenceRole).toString());
    }
    auto *extension = new QLineEdit(&dialog);
    auto *error = new QLabel(&dialog);
    error->setWordWrap(true);
    toConference->setChecked(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto *form = new QFormLayout(&dialog);
    form->addRow(toConference, conferences);
    form->addRow(toExtension, extension);
    form->addRow(error);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const auto command = toConference->isChecked()
                                 ? C::transferToConference(t.conference, t.member,
                                                           conferences->currentText().trimmed())
                                 : C::transferToExtension(t.uuid, extension->text().trimmed());
        if (!command) {
            error->setText(command.error().message);
            return;
        }
        dialog.accept();
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (toConference->isChecked())
        transferToConference(conferences->currentText().trimmed());
    else
        transferToExtension(extension->text().trimmed());
}

void ConferencesPanel::askRecord()
{
    const Target t = target();
    const Monitor::Conference *c = m_model->conferenceAt(m_view->currentIndex());
    if (!c)
        return;
    if (c->isRecording()) {
        stopRecording();
        return;
    }
    const QString start = QStringLiteral("/var/lib/freeswitch/recordings/%1-%2.wav")
                              .arg(t.conference, QDateTime::currentDateTime().toString(
                                                     QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = askWord(this, tr("Record %1").arg(t.conference),
                                 tr("Record to (a path on the switch):"), start,
                                 [&](const QString &p) { return C::record(t.conference, p); });
    if (!path.isEmpty())
        startRecording(path);
}

void ConferencesPanel::askPlay()
{
    const Target t = target();
    if (t.conference.isEmpty())
        return;
    const QString who = t.member > 0 ? t.who : t.conference;
    const QString file = askWord(this, tr("Play to %1").arg(who),
                                 tr("File or stream (on the switch):"),
                                 QStringLiteral("tone_stream://%(500,0,880)"),
                                 [&](const QString &f) { return C::play(t.conference, f); });
    if (!file.isEmpty())
        play(file, t.member > 0);
}

void ConferencesPanel::askInvite()
{
    const Target t = target();
    if (t.conference.isEmpty())
        return;
    const QString endpoint = askWord(this, tr("Invite into %1").arg(t.conference),
                                     tr("Endpoint to dial (user/1000, sofia/gateway/gw/0123…):"),
                                     QStringLiteral("user/"),
                                     [&](const QString &e) { return C::invite(t.conference, e); });
    if (!endpoint.isEmpty())
        invite(endpoint);
}

} // namespace Ui
