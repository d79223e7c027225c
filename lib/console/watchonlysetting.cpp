#include "watchonlysetting.h"

#include <QCoreApplication>
#include <QSettings>

namespace Console {

bool systemWatchOnly()
{
    const QSettings system(QSettings::SystemScope, QCoreApplication::organizationName(),
                           QCoreApplication::applicationName());
    return system.value(QStringLiteral("watchOnly"), false).toBool();
}

} // namespace Console
