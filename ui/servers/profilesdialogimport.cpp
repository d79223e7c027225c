// ProfilesDialog's import of fs_cli's profiles: the file chooser, and the report of what was
// imported and which lines were skipped.

#include "console/fscliimport.h"
#include "ui/servers/profilesdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QLabel>

#include <algorithm>

namespace Ui {

void ProfilesDialog::chooseFsCliConfig()
{
    QString start = Console::fsCliConfigPath();
    if (start.isEmpty())
        start = QDir::homePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import from fs_cli"), start,
        tr("fs_cli configuration (.fs_cli_conf fs_cli.conf *.conf);;All files (*)"), nullptr,
        QFileDialog::DontResolveSymlinks);
    if (!path.isEmpty())
        importFsCliConfig(path);
}

int ProfilesDialog::importFsCliConfig(const QString &path)
{
    commitEditor();
    const Console::FsCliImport import = Console::readFsCliConfig(path);
    QStringList report;
    if (!import.error.isEmpty()) {
        report << tr("Could not read %1: %2").arg(QDir::toNativeSeparators(path), import.error);
    } else {
        report << tr("Imported %n profile(s) from %1.", nullptr, int(import.profiles.size()))
                      .arg(QDir::toNativeSeparators(path));
        for (const Console::FsCliProblem &problem : import.problems)
            report << tr("Line %1: %2").arg(problem.line).arg(problem.message);
    }
    const int first = int(m_profiles.size());
    for (Console::Profile p : import.profiles) {
        p.name = uniqueName(p.name);
        // fs_cli's prompt colour when no other server has it; else one nobody has.
        const bool clash = std::any_of(m_profiles.cbegin(), m_profiles.cend(),
                                       [&p](const Console::Profile &other) {
                                           return Console::coloursLookAlike(p.colour, other.colour);
                                       }) ||
                           std::any_of(m_otherColours.cbegin(), m_otherColours.cend(),
                                       [&p](const QColor &other) {
                                           return Console::coloursLookAlike(p.colour, other);
                                       });
        if (!p.colour.isValid() || clash)
            p.colour = unusedColour();
        m_passwordEdited.insert(p.id);
        m_profiles.append(p);
    }
    if (!import.profiles.isEmpty())
        rebuildList(first);
    m_importReport->setText(report.join(u'\n'));
    m_importReport->setVisible(true);
    growToFit();
    return int(import.profiles.size());
}

} // namespace Ui
