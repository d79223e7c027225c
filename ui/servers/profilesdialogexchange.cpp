// ProfilesDialog's own profiles files: Export… writes the selected profile without its secrets
// (Console::exportProfiles), for a colleague — a watch-only one if Watch-only is ticked — and
// Import profiles… adds a file's profiles to the list, the passwords left for the colleague to
// type, the names and colours made unique as for any new profile.

#include "console/profileexchange.h"
#include "ui/servers/profilesdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>

namespace Ui {

namespace {

QString filter()
{
    return ProfilesDialog::tr("Switchboard profiles (*.switchboard-profiles.json *.json);;All "
                              "files (*)");
}

} // namespace

void ProfilesDialog::chooseProfilesFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import profiles"),
                                                      QDir::homePath(), filter());
    if (!path.isEmpty())
        importProfilesFile(path);
}

void ProfilesDialog::chooseExportFile()
{
    if (m_current < 0)
        return;
    commitEditor();
    QString name = m_profiles.at(m_current).name.trimmed();
    name.replace(u'/', u'-');
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export “%1”").arg(m_profiles.at(m_current).name),
        QDir::home().filePath(name + QStringLiteral(".switchboard-profiles.json")), filter());
    if (path.isEmpty())
        return;
    const QString error = exportCurrentProfile(path);
    m_importReport->setText(
        error.isEmpty() ? tr("Exported “%1” to %2, without its passwords.")
                              .arg(m_profiles.at(m_current).name, QDir::toNativeSeparators(path))
                        : tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), error));
    m_importReport->setVisible(true);
    growToFit();
}

QString ProfilesDialog::exportCurrentProfile(const QString &path)
{
    commitEditor();
    if (m_current < 0)
        return tr("no profile is selected");
    return Console::writeProfilesFile(path, {m_profiles.at(m_current)});
}

int ProfilesDialog::importProfilesFile(const QString &path)
{
    commitEditor();
    const Console::ProfileExchange read = Console::readProfilesFile(path);
    if (!read.error.isEmpty()) {
        m_importReport->setText(
            tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), read.error));
        m_importReport->setVisible(true);
        growToFit();
        return 0;
    }
    const int first = int(m_profiles.size());
    for (Console::Profile p : read.profiles) {
        p.name = uniqueName(p.name.trimmed().isEmpty() ? tr("Imported server") : p.name);
        if (!p.colour.isValid() || std::any_of(m_profiles.cbegin(), m_profiles.cend(),
                                               [&p](const Console::Profile &other) {
                                                   return Console::coloursLookAlike(p.colour,
                                                                                    other.colour);
                                               }))
            p.colour = unusedColour();
        m_profiles.append(p);
    }
    if (!read.profiles.isEmpty())
        rebuildList(first);
    m_importReport->setText(tr("Imported %n profile(s) from %1; type their passwords.", nullptr,
                               int(read.profiles.size()))
                                .arg(QDir::toNativeSeparators(path)));
    m_importReport->setVisible(true);
    growToFit();
    return int(read.profiles.size());
}

} // namespace Ui
