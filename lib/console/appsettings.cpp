#include "console/appsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSettings>

namespace Console {

Q_LOGGING_CATEGORY(lcSettings, "ui.settings")

namespace {

constexpr int kMaxRecent = 20;

constexpr QFile::Permissions kGroupOrOther = QFile::ReadGroup | QFile::WriteGroup |
                                             QFile::ExeGroup | QFile::ReadOther |
                                             QFile::WriteOther | QFile::ExeOther;

// "0644": the mode as ls and chmod say it.
QString octal(QFile::Permissions p)
{
    const auto bits = uint(p.toInt());
    const uint mode = ((bits >> 12) & 7) << 6 | ((bits >> 4) & 7) << 3 | (bits & 7);
    return QStringLiteral("0%1").arg(mode, 3, 8, QChar(u'0'));
}

// Creates `fileName` empty and 0600 when it does not exist: the first sync would otherwise
// create it with the umask's mode (0644) and only then could it be tightened.
bool createPrivately(const QString &fileName)
{
    if (QFileInfo::exists(fileName))
        return true;
    QDir().mkpath(QFileInfo(fileName).absolutePath());
    QFile file(fileName);
    return file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                     QFile::ReadOwner | QFile::WriteOwner) ||
           QFileInfo::exists(fileName); // another writer was quicker
}

// Takes group and other bits off; `loudly` says so as a warning (found so at start) rather
// than as a debug line (right after a write of ours, which createPrivately should prevent).
bool tighten(const QString &fileName, bool loudly)
{
    QFile file(fileName);
    const QFile::Permissions old = file.permissions();
    if (!(old & kGroupOrOther))
        return true;
    const QFile::Permissions owner = old & (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (!file.setPermissions(owner)) {
        qCWarning(lcSettings).noquote()
            << "the settings file" << fileName << "has mode" << octal(old)
            << "and could not be made private:" << file.errorString();
        return false;
    }
    if (loudly) {
        qCWarning(lcSettings).noquote()
            << "the settings file" << fileName << "had mode" << octal(old)
            << "(open to other users); it is now" << octal(owner);
    } else {
        qCDebug(lcSettings).noquote() << "made" << fileName << "private again";
    }
    return true;
}

QString key(const char *name)
{
    return QStringLiteral("preferences/") + QLatin1StringView(name);
}

} // namespace

bool secureSettingsFile(const QString &fileName)
{
    if (fileName.isEmpty())
        return true;
    if (!createPrivately(fileName))
        return false;
    return tighten(fileName, true);
}

void syncPrivately(QSettings &settings)
{
    const QString fileName = settings.fileName();
    createPrivately(fileName);
    settings.sync();
    tighten(fileName, false);
}

AppSettings AppSettings::load()
{
    const QSettings s;
    AppSettings a;
    a.endedRetentionSeconds =
        std::clamp(s.value(key("endedRetentionSeconds"), a.endedRetentionSeconds).toInt(), 0, 3600);
    a.confirmDestructive = s.value(key("confirmDestructive"), a.confirmDestructive).toBool();
    a.operatorEndpoint = s.value(key("operatorEndpoint"), a.operatorEndpoint).toString();
    a.recordTemplate = s.value(key("recordTemplate"), a.recordTemplate).toString();
    // The old default named a packaged switch's directory; the switch's own is what it meant.
    if (a.recordTemplate == u"/var/lib/freeswitch/recordings/{date}-{time}-{uuid}.wav")
        a.recordTemplate = AppSettings().recordTemplate;
    a.transferDialplan = s.value(key("transferDialplan"), a.transferDialplan).toString();
    a.transferContext = s.value(key("transferContext"), a.transferContext).toString();
    a.commandTimeoutSeconds =
        std::clamp(s.value(key("commandTimeoutSeconds"), a.commandTimeoutSeconds).toInt(), 1, 600);
    a.journalKeepDays =
        std::clamp(s.value(key("journalKeepDays"), a.journalKeepDays).toInt(), 0, 3650);
    a.journalMaxMegabytes =
        std::clamp(s.value(key("journalMaxMegabytes"), a.journalMaxMegabytes).toInt(), 0, 1 << 20);
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    s.setValue(key("endedRetentionSeconds"), endedRetentionSeconds);
    s.setValue(key("confirmDestructive"), confirmDestructive);
    s.setValue(key("operatorEndpoint"), operatorEndpoint);
    s.setValue(key("recordTemplate"), recordTemplate);
    s.setValue(key("transferDialplan"), transferDialplan);
    s.setValue(key("transferContext"), transferContext);
    s.setValue(key("commandTimeoutSeconds"), commandTimeoutSeconds);
    s.setValue(key("journalKeepDays"), journalKeepDays);
    s.setValue(key("journalMaxMegabytes"), journalMaxMegabytes);
    syncPrivately(s);
}

QStringList AppSettings::recentDestinations()
{
    return QSettings().value(key("recentDestinations")).toStringList();
}

void AppSettings::rememberDestination(const QString &destination)
{
    if (destination.trimmed().isEmpty())
        return;
    QStringList recent = recentDestinations();
    recent.removeAll(destination);
    recent.prepend(destination);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings s;
    s.setValue(key("recentDestinations"), recent);
    syncPrivately(s);
}

Monitor::Journal::Retention journalRetention(const AppSettings &settings)
{
    return {.maxAgeMs = qint64(settings.journalKeepDays) * 24 * 3600 * 1000,
            .maxBytes = qint64(settings.journalMaxMegabytes) * 1024 * 1024};
}

void applyJournalRetention(Monitor::Hub &hub, const AppSettings &settings)
{
    Monitor::Journal *journal = hub.journal();
    QMetaObject::invokeMethod(journal, [journal, retention = journalRetention(settings)] {
        journal->setRetention(retention);
    });
}

} // namespace Console
