// ConferencesPanel's questions before an action: a level, a file, a destination, an endpoint.
// Each takes its target when it opens and names it; OK acts on that target whatever is selected
// by then (and is refused, with nothing sent, when the target has gone meanwhile). Answers are
// checked as they are typed with the command's own builder (conferenceaskdialog.h).

#include "ui/conferences/conferencespanel.h"

#include "ui/conferences/conferenceaskdialog.h"
#include "ui/conferences/conferencesmodel.h"

#include "console/conferencecommands.h"

#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QTreeView>

namespace Ui {

namespace C = Console::ConferenceCommands;

namespace {

template<typename Builder>
QString problemOf(const Builder &command)
{
    return command ? QString() : command.error().message;
}

} // namespace

void ConferencesPanel::askVolume(bool in)
{
    const Target t = target();
    const Monitor::ConferenceMember *m = m_model->memberAt(m_view->currentIndex());
    if (t.member <= 0 || !m)
        return;
    ConferenceAskDialog dialog(in ? tr("Volume in") : tr("Volume out"), t.who, this);
    QSpinBox *level = dialog.addNumber(in ? tr("How loud %1 is heard (-4..4):").arg(t.name)
                                          : tr("How loud %1 hears the conference (-4..4):").arg(t.name),
                                       in ? m->volumeIn : m->volumeOut, -4, 4);
    if (dialog.exec() == QDialog::Accepted)
        setVolume(t, in, level->value());
}

void ConferencesPanel::askEnergy()
{
    const Target t = target();
    const Monitor::ConferenceMember *m = m_model->memberAt(m_view->currentIndex());
    if (t.member <= 0 || !m)
        return;
    ConferenceAskDialog dialog(tr("Energy"), t.who, this);
    QSpinBox *level = dialog.addNumber(tr("Energy threshold for %1 (0..20000; the louder, the "
                                          "less background noise is heard):")
                                           .arg(t.name),
                                       m->energy, 0, 20000, 50);
    if (dialog.exec() == QDialog::Accepted)
        setEnergy(t, level->value());
}

void ConferencesPanel::askTransfer()
{
    const Target t = target();
    if (t.member <= 0)
        return;
    ConferenceAskDialog dialog(tr("Transfer"), tr("Transfer %1").arg(t.who), this);
    auto *toConference = new QRadioButton(tr("To another conference"), &dialog);
    auto *toExtension = new QRadioButton(tr("To an extension (XML default)"), &dialog);
    auto *conferences = new QComboBox(&dialog);
    conferences->setObjectName(QStringLiteral("conferenceAskDestination"));
    conferences->setEditable(true);
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex i = m_model->index(r, 0);
        if (i.data(ConferencesModel::ServerRole).value<Monitor::ServerId>() == t.server &&
            i.data(ConferencesModel::ConferenceRole).toString() != t.conference)
            conferences->addItem(i.data(ConferencesModel::ConferenceRole).toString());
    }
    auto *extension = new QLineEdit(&dialog);
    extension->setObjectName(QStringLiteral("conferenceAskExtension"));
    toConference->setChecked(true);
    dialog.addRow(toConference, conferences);
    dialog.addRow(toExtension, extension);
    connect(conferences, &QComboBox::currentTextChanged, &dialog, &ConferenceAskDialog::recheck);
    connect(extension, &QLineEdit::textChanged, &dialog, [&] {
        toExtension->setChecked(true);
        dialog.recheck();
    });
    connect(toConference, &QRadioButton::toggled, &dialog, &ConferenceAskDialog::recheck);
    dialog.setCheck([&] {
        return toConference->isChecked()
                   ? problemOf(C::transferToConference(t.conference, t.member,
                                                       conferences->currentText().trimmed()))
                   : problemOf(C::transferToExtension(t.uuid, extension->text().trimmed()));
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (toConference->isChecked())
        transferToConference(t, conferences->currentText().trimmed());
    else
        transferToExtension(t, extension->text().trimmed());
}

void ConferencesPanel::askRecord()
{
    Target t = target();
    const Monitor::Conference *c = m_model->conferenceAt(m_view->currentIndex());
    if (!c || t.conference.isEmpty())
        return;
    if (c->isRecording()) {
        stopRecording();
        return;
    }
    t.member = 0;
    const QString start = QStringLiteral("/var/lib/freeswitch/recordings/%1-%2.wav")
                              .arg(t.conference, QDateTime::currentDateTime().toString(
                                                     QStringLiteral("yyyyMMdd-HHmmss")));
    ConferenceAskDialog dialog(tr("Record"), tr("Record %1").arg(t.where), this);
    QLineEdit *path = dialog.addText(tr("Record to (a path on the switch):"), start);
    dialog.setCheck([&] { return problemOf(C::record(t.conference, path->text().trimmed())); });
    if (dialog.exec() == QDialog::Accepted)
        startRecording(t, path->text().trimmed());
}

void ConferencesPanel::askPlay()
{
    const Target t = target();
    if (t.conference.isEmpty())
        return;
    ConferenceAskDialog dialog(tr("Play"),
                               t.member > 0 ? tr("Play to %1").arg(t.who) : tr("Play in %1").arg(t.where),
                               this);
    QLineEdit *file = dialog.addText(tr("File or stream (on the switch):"),
                                     QStringLiteral("tone_stream://%(500,0,880)"));
    dialog.setCheck([&] { return problemOf(C::play(t.conference, file->text().trimmed())); });
    if (dialog.exec() == QDialog::Accepted)
        play(t, file->text().trimmed(), t.member > 0);
}

void ConferencesPanel::askInvite()
{
    const Target t = target();
    if (t.conference.isEmpty())
        return;
    ConferenceAskDialog dialog(tr("Invite"), tr("Invite into %1").arg(t.where), this);
    QLineEdit *endpoint = dialog.addText(tr("Endpoint to dial (user/1000, sofia/gateway/gw/0123…):"),
                                         QStringLiteral("user/"));
    dialog.setCheck([&] { return problemOf(C::invite(t.conference, endpoint->text().trimmed())); });
    if (dialog.exec() == QDialog::Accepted)
        invite(t, endpoint->text().trimmed());
}

} // namespace Ui
