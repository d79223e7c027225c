// fs_cli's default function keys, and which of them ask before they run.
#include "console/functionkeys.h"

#include <QCoreApplication>

namespace Console::FunctionKeys {

QStringList commands()
{
    return {QStringLiteral("help"),
            QStringLiteral("status"),
            QStringLiteral("show channels"),
            QStringLiteral("show calls"),
            QStringLiteral("sofia status"),
            QStringLiteral("reloadxml"),
            QStringLiteral("/log console"),
            QStringLiteral("/log debug"),
            QStringLiteral("sofia status profile internal"),
            QStringLiteral("fsctl pause"),
            QStringLiteral("fsctl resume"),
            QStringLiteral("version")};
}

QString question(int key)
{
    const auto tr = [](const char *source) {
        return QCoreApplication::translate("Console::FunctionKeys", source);
    };
    // fs_cli runs these at a touch; here they change every call of the switch, so they ask.
    const QString command = commands().value(key - 1);
    if (command == u"fsctl pause")
        return tr("F10 sends \"fsctl pause\": the switch refuses every new call until it is "
                  "resumed (F11). Calls up now go on.");
    if (command.startsWith(u"fsctl ") || command.startsWith(u"shutdown"))
        return tr("F%1 sends \"%2\", which changes the whole switch.").arg(key).arg(command);
    return {};
}

QString help()
{
    QStringList keys;
    const QStringList all = commands();
    for (int i = 0; i < all.size(); ++i)
        keys.append(QStringLiteral("F%1 %2").arg(i + 1).arg(all[i]));
    return keys.join(QStringLiteral(" · "));
}

} // namespace Console::FunctionKeys
