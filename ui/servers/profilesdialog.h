#pragma once
// Edits the connection profiles: a list (add, duplicate, remove, import from fs_cli) beside
// the form for the selected one. Works on a copy; OK validates every profile — the first
// problem is shown inline and its field takes the focus — and only then hands the list to
// the ProfileStore. While no keychain works, it says so and offers the opt-in to store
// passwords in the settings file; and OK with a typed password that would then be kept only
// until Switchboard quits says so first, saving on the second OK.

#include "console/profile.h"

#include <QDialog>
#include <QRect>
#include <QSet>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace Console {
class ProfileStore;
struct FsCliImport;
} // namespace Console

namespace Ui {

class ProfileEditor;

class ProfilesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ProfilesDialog(Console::ProfileStore *store, QWidget *parent = nullptr);

    [[nodiscard]] QList<Console::Profile> profiles() const;
    // The colours of the servers watched that are no saved profile (the demo): a profile added
    // here gets none of them, nor another profile's.
    void setOtherServersColours(const QList<QColor> &colours) { m_otherColours = colours; }
    // The problem that kept OK from closing the dialog; empty when none.
    [[nodiscard]] QString errorMessage() const;
    // The warning that a typed password will not outlive this session; empty when none.
    [[nodiscard]] QString passwordWarning() const;

    // Imports the profiles of an fs_cli configuration file into the list (not yet stored).
    // Returns how many; the dialog reports skipped lines inline, with their line numbers.
    int importFsCliConfig(const QString &path);
    // Switchboard's own profiles file (Console::exportProfiles), to hand a colleague a profile:
    // imports into the list (not yet stored; the colleague types the passwords), and exports
    // the selected profile without its secrets. Empty on success, else why not.
    int importProfilesFile(const QString &path);
    [[nodiscard]] QString exportCurrentProfile(const QString &path);

    // Lays the dialog out for `room` (the screen's available geometry, or a test's) and takes
    // its size there: "Reach the switch" beside the form when that fits, else below it; never
    // larger than `room`, the profile's fields scrolling instead. The constructor calls it with
    // the parent's screen.
    void fitInto(const QRect &room);

public Q_SLOTS:
    void accept() override;

private:
    void rebuildList(int select);
    void updateItem(int row);
    void onCurrentRowChanged(int row);
    void commitEditor();
    void addProfile();
    void duplicateProfile();
    void removeProfile();
    void chooseFsCliConfig();
    void chooseProfilesFile();
    void chooseExportFile();
    void onPasswordReady(const QString &id);
    void updateKeychainNotice();
    void showError(const QString &message);
    void growToFit();
    // Within the room given to fitInto, and as near as it can to where it was.
    void keepInRoom();
    void refreshEditorSize();
    // `editor` in a scroll area that asks for the editor's whole size (a plain QScrollArea asks
    // for at most 36 by 24 lines) and scrolls only when the room is smaller.
    [[nodiscard]] static QWidget *scrollingEditor(QWidget *editor, QWidget *parent);
    [[nodiscard]] QSize roomForContents() const;
    [[nodiscard]] QString uniqueName(const QString &wanted) const;
    // A colour that no profile in the list and no other server has.
    [[nodiscard]] QColor unusedColour() const;
    [[nodiscard]] bool validateAll();
    // The names of the profiles whose typed password no keychain would keep.
    [[nodiscard]] QStringList passwordsKeptForThisSessionOnly() const;

    Console::ProfileStore *m_store;
    QList<Console::Profile> m_profiles;
    QList<QColor> m_otherColours;
    QSet<QString> m_passwordEdited; // ids whose password the operator typed (or imported)
    int m_current = -1;

    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_duplicate;
    QPushButton *m_remove;
    QPushButton *m_import;
    QPushButton *m_importFile;
    QPushButton *m_export;
    ProfileEditor *m_editor;
    QLabel *m_empty;
    QStackedWidget *m_editorPages; // the editor (scrolling) or, with no profile, m_empty
    QRect m_room;
    QLabel *m_error;
    QLabel *m_importReport;
    QLabel *m_keychainNotice;
    QLabel *m_passwordWarning;
    QCheckBox *m_storeInFile;
    QDialogButtonBox *m_buttons;
};

} // namespace Ui
