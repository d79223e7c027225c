#include "sofiacommands.h"

namespace Console::SofiaCommands {

namespace {

Esl::Error invalid(const QString &message)
{
    return Esl::Error{Esl::Error::Code::InvalidArgument, message, -1};
}

// mod_sofia splits its command line on spaces (switch_separate_string): a name holding one
// would be read as two arguments; control characters would end the api command itself.
std::optional<Esl::Error> checkName(const QString &value, const QString &field)
{
    if (value.isEmpty())
        return invalid(QStringLiteral("%1 is empty").arg(field));
    if (value.size() > 256)
        return invalid(QStringLiteral("%1 is longer than 256 characters").arg(field));
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control || c == u'\x7f')
            return invalid(QStringLiteral("%1 holds a control character").arg(field));
        if (c.isSpace())
            return invalid(QStringLiteral("%1 \"%2\" holds a space; mod_sofia would read it as "
                                          "two words")
                               .arg(field, value));
    }
    return std::nullopt;
}

} // namespace

Esl::Expected<QString> registerGateway(const QString &profile, const QString &gateway)
{
    if (auto e = checkName(profile, QStringLiteral("the profile")))
        return *e;
    if (auto e = checkName(gateway, QStringLiteral("the gateway")))
        return *e;
    // "all" re-registers every gateway of the profile: a different action, not this one.
    if (gateway.compare(u"all", Qt::CaseInsensitive) == 0)
        return invalid(QStringLiteral("the gateway \"all\" would re-register every gateway"));
    return QStringLiteral("sofia profile %1 register %2").arg(profile, gateway);
}

Esl::Expected<QString> killGateway(const QString &profile, const QString &gateway)
{
    if (auto e = checkName(profile, QStringLiteral("the profile")))
        return *e;
    if (auto e = checkName(gateway, QStringLiteral("the gateway")))
        return *e;
    if (gateway == u"_all_")
        return invalid(QStringLiteral("the gateway \"_all_\" would kill every gateway"));
    return QStringLiteral("sofia profile %1 killgw %2").arg(profile, gateway);
}

Esl::Expected<QString> rescan(const QString &profile)
{
    if (auto e = checkName(profile, QStringLiteral("the profile")))
        return *e;
    return QStringLiteral("sofia profile %1 rescan").arg(profile);
}

Esl::Expected<QString> flushRegistration(const QString &profile, const QString &target,
                                         bool reboot)
{
    if (auto e = checkName(profile, QStringLiteral("the profile")))
        return *e;
    QString command = QStringLiteral("sofia profile %1 flush_inbound_reg").arg(profile);
    if (!target.isEmpty()) {
        if (auto e = checkName(target, QStringLiteral("the Call-ID or user@host")))
            return *e;
        // cmd_profile reads a lone "reboot" as the flag, not as a Call-ID.
        if (target.compare(u"reboot", Qt::CaseInsensitive) == 0)
            return invalid(QStringLiteral("\"reboot\" is read as the reboot flag, not a Call-ID"));
        command += u' ' + target;
    }
    if (reboot)
        command += QStringLiteral(" reboot");
    return command;
}

QString status()
{
    return QStringLiteral("sofia status");
}

std::optional<QString> checkProfileReply(const QString &reply)
{
    const QString text = reply.trimmed();
    // The last line carries the verdict: rescan's "+OK scan complete" follows "Reload XML [..]".
    const QString last = text.section(u'\n', -1).trimmed();
    if (last.startsWith(u"+OK"))
        return std::nullopt;
    if (text.isEmpty())
        return QStringLiteral("the switch answered nothing");
    return text;
}

std::optional<QString> checkStatusReply(const QString &reply)
{
    const QString text = reply.trimmed();
    if (text.startsWith(u"Invalid") || text.startsWith(u"-ERR") || text.isEmpty())
        return text.isEmpty() ? QStringLiteral("the switch answered nothing") : text;
    return std::nullopt;
}

} // namespace Console::SofiaCommands
