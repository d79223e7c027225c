#include "ui/servers/profilesdialog.h"

#include "console/profiles.h"
#include "ui/servers/profileeditor.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Ui {

namespace {

QLabel *noticeLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setVisible(false);
    return label;
}

} // namespace

ProfilesDialog::ProfilesDialog(Console::ProfileStore *store, QWidget *parent)
    : QDialog(parent), m_store(store), m_profiles(store->profiles()), m_list(new QListWidget(this)),
      m_add(new QPushButton(tr("&Add"), this)),
      m_duplicate(new QPushButton(tr("&Duplicate"), this)),
      m_remove(new QPushButton(tr("&Remove"), this)),
      m_import(new QPushButton(tr("&Import from fs_cli…"), this)),
      m_importFile(new QPushButton(tr("Import profiles…"), this)),
      m_export(new QPushButton(tr("Export…"), this)),
      m_editor(new ProfileEditor(this)), m_empty(new QLabel(this)),
      m_error(noticeLabel(QStringLiteral("errorLabel"), this)),
      m_importReport(noticeLabel(QStringLiteral("importReport"), this)),
      m_keychainNotice(noticeLabel(QStringLiteral("keychainNotice"), this)),
      m_passwordWarning(noticeLabel(QStringLiteral("passwordWarning"), this)),
      m_storeInFile(new QCheckBox(tr("S&tore passwords in the settings file (unencrypted)"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Connection Profiles"));
    m_list->setObjectName(QStringLiteral("profileList"));
    m_add->setObjectName(QStringLiteral("addButton"));
    m_duplicate->setObjectName(QStringLiteral("duplicateButton"));
    m_remove->setObjectName(QStringLiteral("removeButton"));
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setToolTip(tr("Read the profiles of fs_cli's ~/.fs_cli_conf or /etc/fs_cli.conf"));
    m_importFile->setObjectName(QStringLiteral("importProfilesButton"));
    m_importFile->setToolTip(tr("Read profiles exported by Switchboard (Export…)"));
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setToolTip(tr("Save the selected profile to a file for a colleague, without its "
                            "passwords (tick Watch-only first to hand over a read-only one)"));
    m_storeInFile->setObjectName(QStringLiteral("storeInFileCheck"));
    m_storeInFile->setChecked(store->storePasswordsInSettings());
    m_empty->setText(tr("No profile yet. Add one, import fs_cli's, or use Import profiles… for a file "
                       "exported by Switchboard."));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    {
        QPalette palette = m_error->palette();
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
        m_error->setPalette(palette);
        palette.setColor(QPalette::WindowText, QColor(0x99, 0x74, 0x04));
        m_passwordWarning->setPalette(palette);
    }
    const int em = fontMetrics().horizontalAdvance(u'M');
    m_list->setMinimumWidth(em * 12);
    m_list->setIconSize(QSize(em, em));

    auto *listLabel = new QLabel(tr("Pr&ofiles:"), this);
    listLabel->setBuddy(m_list);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_duplicate);
    listButtons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->addWidget(listLabel);
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);
    left->addWidget(m_import);
    auto *exchange = new QHBoxLayout;
    exchange->addWidget(m_importFile);
    exchange->addWidget(m_export);
    left->addLayout(exchange);

    auto *group = new QGroupBox(tr("Profile"), this);
    auto *groupLayout = new QVBoxLayout(group);
    // At least 30 em, and more when the form needs it: a minimum width set on the group itself
    // would override its layout's, and cut the form's widest rows.
    groupLayout->addStrut(em * 30);
    // One stack for the form and the words shown with no profile: the dialog opens as large as
    // the form needs, rather than growing (off the screen) at the first Add.
    m_editorPages = new QStackedWidget(group);
    m_editorPages->addWidget(scrollingEditor(m_editor, m_editorPages));
    m_editorPages->addWidget(m_empty);
    groupLayout->addWidget(m_editorPages, 1);

    auto *top = new QHBoxLayout;
    top->addLayout(left, 2);
    top->addWidget(group, 3);

    auto *root = new QVBoxLayout(this);
    root->addLayout(top, 1);
    root->addWidget(m_error);
    root->addWidget(m_passwordWarning);
    root->addWidget(m_importReport);
    root->addWidget(m_keychainNotice);
    root->addWidget(m_storeInFile);
    root->addWidget(m_buttons);

    setTabOrder(m_list, m_add);
    setTabOrder(m_add, m_duplicate);
    setTabOrder(m_duplicate, m_remove);
    setTabOrder(m_remove, m_import);
    setTabOrder(m_import, m_importFile);
    setTabOrder(m_importFile, m_export);
    setTabOrder(m_export, m_editor->firstField());
    setTabOrder(m_editor->lastField(), m_storeInFile);
    setTabOrder(m_storeInFile, m_buttons->button(QDialogButtonBox::Ok));
    setTabOrder(m_buttons->button(QDialogButtonBox::Ok),
                m_buttons->button(QDialogButtonBox::Cancel));

    connect(m_list, &QListWidget::currentRowChanged, this, &ProfilesDialog::onCurrentRowChanged);
    connect(m_add, &QPushButton::clicked, this, &ProfilesDialog::addProfile);
    connect(m_duplicate, &QPushButton::clicked, this, &ProfilesDialog::duplicateProfile);
    connect(m_remove, &QPushButton::clicked, this, &ProfilesDialog::removeProfile);
    connect(m_import, &QPushButton::clicked, this, &ProfilesDialog::chooseFsCliConfig);
    connect(m_importFile, &QPushButton::clicked, this, &ProfilesDialog::chooseProfilesFile);
    connect(m_export, &QPushButton::clicked, this, &ProfilesDialog::chooseExportFile);
    connect(m_editor, &ProfileEditor::edited, this, [this] {
        commitEditor();
        updateItem(m_current);
    });
    connect(m_editor, &ProfileEditor::warningChanged, this, &ProfilesDialog::growToFit);
    connect(m_storeInFile, &QCheckBox::toggled, this, &ProfilesDialog::updateKeychainNotice);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ProfilesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ProfilesDialog::reject);
    connect(store, &Console::ProfileStore::passwordReady, this, &ProfilesDialog::onPasswordReady);
    connect(store, &Console::ProfileStore::keychainStateChanged, this,
            &ProfilesDialog::updateKeychainNotice);

    rebuildList(m_profiles.isEmpty() ? -1 : 0);
    updateKeychainNotice();
    if (m_profiles.isEmpty())
        m_add->setFocus();
    else
        m_list->setFocus();
    const QWidget *onScreen = parent ? parent : this;
    fitInto(onScreen->screen()->availableGeometry());
}

QList<Console::Profile> ProfilesDialog::profiles() const
{
    return m_profiles;
}

QString ProfilesDialog::errorMessage() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString ProfilesDialog::passwordWarning() const
{
    return m_passwordWarning->isHidden() ? QString() : m_passwordWarning->text();
}

QStringList ProfilesDialog::passwordsKeptForThisSessionOnly() const
{
    QStringList names;
    if (m_store->keychainState() != Console::ProfileStore::KeychainState::Unavailable ||
        m_storeInFile->isChecked())
        return names;
    for (const Console::Profile &p : m_profiles) {
        if (m_passwordEdited.contains(p.id) && !p.password.isEmpty())
            names.append(tr("“%1”").arg(p.name.trimmed()));
    }
    return names;
}

void ProfilesDialog::accept()
{
    if (!validateAll())
        return;
    // Said before it happens, once: a password lost at the next start was found only then, as
    // a "wrong password" from the switch.
    const QStringList sessionOnly = passwordsKeptForThisSessionOnly();
    const QString warning =
        sessionOnly.isEmpty()
            ? QString()
            : tr("No desktop keychain is available: the password of %1 will be kept only until "
                 "Switchboard quits, and asked for when it connects after that. Tick “Store "
                 "passwords in the settings file” to keep it there (unencrypted), or press OK "
                 "again to keep it for this session only.")
                  .arg(sessionOnly.join(tr(", ")));
    if (!warning.isEmpty() && warning != passwordWarning()) {
        m_passwordWarning->setText(warning);
        m_passwordWarning->setVisible(true);
        growToFit();
        return;
    }
    m_store->setStorePasswordsInSettings(m_storeInFile->isChecked());
    m_store->setProfiles(m_profiles);
    QDialog::accept();
}

void ProfilesDialog::rebuildList(int select)
{
    m_current = -1; // the editor's content is committed already, or belongs to a removed row
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    for (int row = 0; row < m_profiles.size(); ++row) {
        m_list->addItem(QString());
        updateItem(row);
    }
    m_list->setCurrentRow(select);
    onCurrentRowChanged(m_list->currentRow());
}

void ProfilesDialog::updateItem(int row)
{
    QListWidgetItem *item = m_list->item(row);
    if (!item)
        return;
    const Console::Profile &p = m_profiles.at(row);
    item->setText(p.name.trimmed().isEmpty() ? tr("(no name)") : p.name);
    item->setIcon(profileSwatch(p.colour, m_list->iconSize().width()));
    item->setToolTip(p.isBroker() ? p.broker.url : QStringLiteral("%1:%2").arg(p.host).arg(p.port));
}

void ProfilesDialog::onCurrentRowChanged(int row)
{
    commitEditor();
    m_current = row >= 0 && row < m_profiles.size() ? row : -1;
    const bool has = m_current >= 0;
    m_editorPages->setCurrentIndex(has ? 0 : 1);
    m_duplicate->setEnabled(has);
    m_remove->setEnabled(has);
    m_export->setEnabled(has);
    if (!has)
        return;
    const Console::Profile &p = m_profiles.at(m_current);
    m_editor->setProfile(p, !m_passwordEdited.contains(p.id) && m_store->isPasswordPending(p.id));
    growToFit(); // the form was hidden while the list was empty: the dialog may be too narrow
}

void ProfilesDialog::commitEditor()
{
    if (m_current < 0 || m_current >= m_profiles.size())
        return;
    m_profiles[m_current] = m_editor->profile();
    if (m_editor->passwordEdited())
        m_passwordEdited.insert(m_profiles.at(m_current).id);
}

QColor ProfilesDialog::unusedColour() const
{
    QList<QColor> taken = m_otherColours;
    for (const Console::Profile &p : m_profiles)
        taken.append(p.colour);
    return Console::unusedColour(taken);
}

void ProfilesDialog::addProfile()
{
    commitEditor();
    Console::Profile p;
    p.id = Console::Profile::newId();
    p.name = uniqueName(tr("New server"));
    p.password = QStringLiteral("ClueCon"); // the switch's default, as in event_socket.conf
    p.colour = unusedColour();
    m_passwordEdited.insert(p.id);
    m_profiles.append(p);
    rebuildList(int(m_profiles.size()) - 1);
    m_editor->focusField(Console::ProfileField::Name);
}

void ProfilesDialog::duplicateProfile()
{
    if (m_current < 0)
        return;
    commitEditor();
    Console::Profile p = m_profiles.at(m_current);
    p.id = Console::Profile::newId(); // a new keychain entry, too
    p.name = uniqueName(tr("%1 copy").arg(p.name));
    p.colour = unusedColour();
    m_passwordEdited.insert(p.id);
    m_profiles.insert(m_current + 1, p);
    rebuildList(m_current + 1);
    m_editor->focusField(Console::ProfileField::Name);
}

void ProfilesDialog::removeProfile()
{
    if (m_current < 0)
        return;
    const int row = m_current;
    m_current = -1; // nothing to commit: the row goes
    m_profiles.removeAt(row);
    rebuildList(std::min(row, int(m_profiles.size()) - 1));
    m_list->setFocus();
}

void ProfilesDialog::onPasswordReady(const QString &id)
{
    if (m_passwordEdited.contains(id))
        return;
    for (int row = 0; row < m_profiles.size(); ++row) {
        if (m_profiles.at(row).id != id)
            continue;
        Console::Profile &p = m_profiles[row];
        p.password = m_store->password(id);
        p.ssh.password = m_store->secret(id, Console::ProfileStore::SecretKind::SshPassword);
        p.ssh.keyPassphrase =
            m_store->secret(id, Console::ProfileStore::SecretKind::SshKeyPassphrase);
        if (row == m_current)
            m_editor->setSecretsFromKeychain(p);
    }
}

void ProfilesDialog::updateKeychainNotice()
{
    const bool unavailable =
        m_store->keychainState() == Console::ProfileStore::KeychainState::Unavailable;
    const bool show = unavailable || m_storeInFile->isChecked();
    m_storeInFile->setVisible(show);
    m_keychainNotice->setVisible(show);
    if (!show)
        return;
    const QString why = m_store->keychainProblem().isEmpty()
                            ? QString()
                            : tr(" (%1)").arg(m_store->keychainProblem());
    QString text = unavailable ? tr("No desktop keychain is available%1. ").arg(why)
                               : tr("The desktop keychain works; passwords go there. ");
    if (m_storeInFile->isChecked())
        text += tr("Without a keychain, passwords are stored unencrypted in %1: anyone who can "
                   "read that file can read them.")
                    .arg(QDir::toNativeSeparators(m_store->settingsFileName()));
    else
        text += tr("Passwords are kept only until Switchboard quits, unless you store them in "
                   "the settings file.");
    m_keychainNotice->setText(text);
    growToFit();
}

void ProfilesDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    growToFit();
}

QString ProfilesDialog::uniqueName(const QString &wanted) const
{
    const auto taken = [this](const QString &name) {
        return std::any_of(m_profiles.cbegin(), m_profiles.cend(), [&](const Console::Profile &p) {
            return p.name.trimmed().compare(name.trimmed(), Qt::CaseInsensitive) == 0;
        });
    };
    QString name = wanted;
    for (int n = 2; taken(name); ++n)
        name = QStringLiteral("%1 (%2)").arg(wanted).arg(n);
    return name;
}

bool ProfilesDialog::validateAll()
{
    commitEditor();
    QSet<QString> names;
    for (int row = 0; row < m_profiles.size(); ++row) {
        const Console::Profile &p = m_profiles.at(row);
        QList<Console::ProfileProblem> problems = Console::validateProfile(p);
        const QString key = p.name.trimmed().toCaseFolded();
        if (problems.isEmpty() && names.contains(key))
            problems.append({Console::ProfileField::Name,
                             tr("Another profile is already called “%1”.").arg(p.name.trimmed())});
        names.insert(key);
        if (problems.isEmpty())
            continue;
        m_list->setCurrentRow(row);
        const QString label = p.name.trimmed().isEmpty() ? tr("This profile") : p.name.trimmed();
        showError(tr("%1: %2").arg(label, problems.first().message));
        m_editor->focusField(problems.first().field);
        return false;
    }
    showError(QString());
    return true;
}

} // namespace Ui
