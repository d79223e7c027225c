#include "valetcommands.h"

#include <QCoreApplication>

namespace Console::ValetCommands {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ValetCommands", text);
}

Esl::Error refused(const QString &why)
{
    return Esl::Error{Esl::Error::Code::InvalidArgument, why};
}

bool hasControl(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
            c == u'\u2028' || c == u'\u2029')
            return true;
    }
    return false;
}

// Characters the command line or the inline dialplan would read as syntax: spaces split words,
// quotes group them, a comma ends an inline application, a backslash escapes.
bool hasSyntax(const QString &text)
{
    for (const QChar c : text) {
        if (c.isSpace() || c == u'\'' || c == u'"' || c == u',' || c == u'\\')
            return true;
    }
    return false;
}

} // namespace

std::optional<QString> checkUuid(const QString &uuid)
{
    if (uuid.isEmpty())
        return tr("No call is chosen.");
    if (uuid.size() > 128)
        return tr("The call's id is too long.");
    for (const QChar c : uuid) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-')
            return tr("The call's id may hold only letters, digits and '-'.");
    }
    return std::nullopt;
}

std::optional<QString> checkExtension(const QString &extension)
{
    if (extension.isEmpty())
        return tr("Say which extension takes the call.");
    if (extension.size() > 64)
        return tr("The extension is longer than 64 characters.");
    if (hasControl(extension))
        return tr("The extension holds a control character.");
    if (hasSyntax(extension))
        return tr("The extension may not hold spaces, quotes, commas or backslashes.");
    return std::nullopt;
}

std::optional<QString> checkLot(const QString &lot)
{
    if (lot.isEmpty())
        return tr("Say which lot.");
    if (lot.size() > 128)
        return tr("The lot's name is longer than 128 characters.");
    if (hasControl(lot))
        return tr("The lot's name holds a control character.");
    if (hasSyntax(lot))
        return tr("A lot's name may not hold spaces, quotes, commas or backslashes "
                  "(valet_park splits its argument at spaces).");
    // valet_info prints the name unescaped: these would make its XML unreadable.
    if (lot.contains(u'<') || lot.contains(u'>') || lot.contains(u'&'))
        return tr("A lot's name may not hold <, > or & (valet_info would list it as broken "
                  "XML).");
    return std::nullopt;
}

std::optional<QString> checkSlot(const QString &slot)
{
    if (slot.isEmpty())
        return tr("Say which slot.");
    if (slot.size() > 9)
        return tr("A slot is a number of at most 9 digits.");
    for (const QChar c : slot) {
        if (c < u'0' || c > u'9')
            return tr("A slot is a number (the extension callers dial to reach it).");
    }
    return std::nullopt;
}

Esl::Expected<QString> retrieve(const QString &parkedUuid, const QString &extension,
                                const QString &context)
{
    if (auto why = checkUuid(parkedUuid))
        return refused(*why);
    if (auto why = checkExtension(extension))
        return refused(*why);
    if (auto why = checkExtension(context))
        return refused(tr("Context: %1").arg(*why));
    return QStringLiteral("uuid_transfer %1 %2 XML %3").arg(parkedUuid, extension, context);
}

Esl::Expected<QString> hangup(const QString &parkedUuid)
{
    if (auto why = checkUuid(parkedUuid))
        return refused(*why);
    return QStringLiteral("uuid_kill %1").arg(parkedUuid);
}

Esl::Expected<QString> park(const QString &uuid, const QString &lot, const QString &slot)
{
    if (auto why = checkUuid(uuid))
        return refused(*why);
    if (auto why = checkLot(lot))
        return refused(*why);
    if (auto why = checkSlot(slot))
        return refused(*why);
    return QStringLiteral("uuid_transfer %1 'valet_park:%2 %3' inline").arg(uuid, lot, slot);
}

std::optional<QString> replyFailure(const QString &reply)
{
    const QString text = reply.trimmed();
    if (text.startsWith(QLatin1String("+OK")))
        return std::nullopt;
    if (text.contains(QLatin1String("No such channel")))
        return tr("The call is gone (%1)").arg(text);
    if (text.isEmpty())
        return tr("The switch answered nothing");
    return text;
}

} // namespace Console::ValetCommands
