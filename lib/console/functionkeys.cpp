// fs_cli's default function keys, and which of them ask before they run.
#include "console/functionkeys.h"

#include "esl/watchonly.h"

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

std::optional<QString> watchOnlyRefusal(int key)
{
    const QString command = commands().value(key - 1);
    if (command.isEmpty() || command.startsWith(u'/'))
        return std::nullopt; // no such key, or fs_cli's own: the console answers it itself
    return Esl::watchOnlyRefusal(QByteArrayLiteral("api ") + command.toUtf8());
}

QString watchOnlyHelp()
{
    QStringList keys;
    QStringList refused;
    const QStringList all = commands();
    for (int i = 0; i < all.size(); ++i) {
        if (watchOnlyRefusal(i + 1))
            refused.append(QStringLiteral("F%1").arg(i + 1));
        else
            keys.append(QStringLiteral("F%1 %2").arg(i + 1).arg(all[i]));
    }
    if (refused.isEmpty())
        return keys.join(QStringLiteral(" · "));
    return QCoreApplication::translate("Console::FunctionKeys", "%1 (watch-only: %2 not sent)")
        .arg(keys.join(QStringLiteral(" · ")), refused.join(QStringLiteral(", ")));
}

} // namespace Console::FunctionKeys
