#include "appsettings.h"

#include <QSettings>

namespace Ui {

namespace {

constexpr int kMaxRecent = 20;

QString key(const char *name)
{
    return QStringLiteral("preferences/") + QLatin1StringView(name);
}

} // namespace

AppSettings AppSettings::load()
{
    const QSettings s;
    AppSettings a;
    a.endedRetentionSeconds =
        std::clamp(s.value(key("endedRetentionSeconds"), a.endedRetentionSeconds).toInt(), 0, 3600);
    a.confirmDestructive = s.value(key("confirmDestructive"), a.confirmDestructive).toBool();
    a.operatorEndpoint = s.value(key("operatorEndpoint"), a.operatorEndpoint).toString();
    a.recordTemplate = s.value(key("recordTemplate"), a.recordTemplate).toString();
    a.transferDialplan = s.value(key("transferDialplan"), a.transferDialplan).toString();
    a.transferContext = s.value(key("transferContext"), a.transferContext).toString();
    a.commandTimeoutSeconds =
        std::clamp(s.value(key("commandTimeoutSeconds"), a.commandTimeoutSeconds).toInt(), 1, 600);
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
    QSettings().setValue(key("recentDestinations"), recent);
}

} // namespace Ui
