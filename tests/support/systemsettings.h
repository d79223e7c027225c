#pragma once
// QSettings for a test of its own: the system and user scopes redirected into a temporary folder,
// so that no /etc/xdg file of this machine decides (console/watchonlysetting.h reads the
// system-wide watch-only switch there), and that switch written.

#include <QCoreApplication>
#include <QSettings>
#include <QTemporaryDir>

namespace TestSupport {

// Both scopes, for both formats, into `dir`'s system/ and user/.
inline void redirectSettings(const QTemporaryDir &dir)
{
    for (QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat}) {
        QSettings::setPath(format, QSettings::SystemScope, dir.filePath(QStringLiteral("system")));
        QSettings::setPath(format, QSettings::UserScope, dir.filePath(QStringLiteral("user")));
    }
}

// `watchOnly=` in the system-wide file of this organisation and application.
inline void writeSystemWatchOnly(bool on)
{
    QSettings system(QSettings::SystemScope, QCoreApplication::organizationName(),
                     QCoreApplication::applicationName());
    system.setValue(QStringLiteral("watchOnly"), on);
    system.sync();
}

} // namespace TestSupport
