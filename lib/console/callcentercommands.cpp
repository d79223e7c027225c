#include "callcentercommands.h"

#include "esl/commands.h"

#include <optional>

namespace Console::CallCenterCommands {

namespace {

Esl::Error invalid(const QString &message)
{
    return Esl::Error{Esl::Error::Code::InvalidArgument, message, -1};
}

// A queue or agent name as one word of callcenter_config's command line.
std::optional<Esl::Error> checkName(const QString &value, const QString &what)
{
    if (value.isEmpty())
        return invalid(QStringLiteral("the %1 is empty").arg(what));
    if (value.size() > 255)
        return invalid(QStringLiteral("the %1 is longer than 255 characters").arg(what));
    for (const QChar c : value) {
        if (c.category() == QChar::Other_Control || c == QChar(0x2028) || c == QChar(0x2029))
            return invalid(QStringLiteral("the %1 holds a control character").arg(what));
        if (c.isSpace())
            return invalid(
                QStringLiteral("the %1 \"%2\" holds a space: callcenter_config would split it")
                    .arg(what, value));
        if (c == u'\'' || c == u'\\')
            return invalid(QStringLiteral("the %1 \"%2\" holds %3, which callcenter_config reads "
                                          "as quoting")
                               .arg(what, value, QString(c)));
    }
    return std::nullopt;
}

// One of the module's own words, quoted as the module un-quotes it when it has a space.
Esl::Expected<QString> word(const QString &value, const QStringList &allowed, const QString &what)
{
    for (const QString &a : allowed) {
        if (a == value)
            return value.contains(u' ') ? u'\'' + value + u'\'' : value;
    }
    return invalid(QStringLiteral("\"%1\" is not an %2 mod_callcenter knows (%3)")
                       .arg(value.left(40), what, allowed.join(QStringLiteral(", "))));
}

} // namespace

QStringList agentStatuses()
{
    return {QStringLiteral("Logged Out"), QStringLiteral("Available"),
            QStringLiteral("Available (On Demand)"), QStringLiteral("On Break")};
}

QStringList agentStates()
{
    return {QStringLiteral("Waiting"), QStringLiteral("Receiving"),
            QStringLiteral("In a queue call"), QStringLiteral("Idle"), QStringLiteral("Reserved")};
}

QStringList tierStates()
{
    return {QStringLiteral("Ready"), QStringLiteral("Offering"), QStringLiteral("Active Inbound"),
            QStringLiteral("No Answer"), QStringLiteral("Standby")};
}

Esl::Expected<QString> setAgentStatus(const QString &agent, const QString &status)
{
    if (auto e = checkName(agent, QStringLiteral("agent name")))
        return *e;
    const auto value = word(status, agentStatuses(), QStringLiteral("agent status"));
    if (!value)
        return value.error();
    return QStringLiteral("callcenter_config agent set status %1 %2").arg(agent, *value);
}

Esl::Expected<QString> setAgentState(const QString &agent, const QString &state)
{
    if (auto e = checkName(agent, QStringLiteral("agent name")))
        return *e;
    const auto value = word(state, agentStates(), QStringLiteral("agent state"));
    if (!value)
        return value.error();
    return QStringLiteral("callcenter_config agent set state %1 %2").arg(agent, *value);
}

Esl::Expected<QString> addTier(const QString &queue, const QString &agent, int level, int position)
{
    if (auto e = checkName(queue, QStringLiteral("queue name")))
        return *e;
    if (auto e = checkName(agent, QStringLiteral("agent name")))
        return *e;
    if (level < 1 || level > 1000000)
        return invalid(QStringLiteral("the level must be a number from 1 to 1000000"));
    if (position < 1 || position > 1000000)
        return invalid(QStringLiteral("the position must be a number from 1 to 1000000"));
    return QStringLiteral("callcenter_config tier add %1 %2 %3 %4")
        .arg(queue, agent)
        .arg(level)
        .arg(position);
}

Esl::Expected<QString> deleteTier(const QString &queue, const QString &agent)
{
    if (auto e = checkName(queue, QStringLiteral("queue name")))
        return *e;
    if (auto e = checkName(agent, QStringLiteral("agent name")))
        return *e;
    return QStringLiteral("callcenter_config tier del %1 %2").arg(queue, agent);
}

Esl::Expected<QString> setTierState(const QString &queue, const QString &agent,
                                    const QString &state)
{
    if (auto e = checkName(queue, QStringLiteral("queue name")))
        return *e;
    if (auto e = checkName(agent, QStringLiteral("agent name")))
        return *e;
    const auto value = word(state, tierStates(), QStringLiteral("tier state"));
    if (!value)
        return value.error();
    return QStringLiteral("callcenter_config tier set state %1 %2 %3").arg(queue, agent, *value);
}

Esl::Expected<QString> pickMember(const QString &sessionUuid, const QString &extension,
                                  const QString &context)
{
    if (sessionUuid.isEmpty())
        return invalid(QStringLiteral("the member has no channel any more (it left the queue)"));
    if (extension.isEmpty())
        return invalid(QStringLiteral("the extension is empty"));
    return Esl::Commands::uuidTransfer(sessionUuid, extension, Esl::Commands::Leg::A,
                                       QStringLiteral("XML"), context);
}

Esl::Expected<QString> hangupMember(const QString &sessionUuid)
{
    if (sessionUuid.isEmpty())
        return invalid(QStringLiteral("the member has no channel any more (it left the queue)"));
    return Esl::Commands::uuidKill(sessionUuid, QStringLiteral("MANAGER_REQUEST"));
}

std::optional<QString> checkReply(const QString &reply)
{
    const QString text = reply.trimmed();
    if (text == u"+OK" || text.startsWith(u"+OK "))
        return std::nullopt;
    return text.isEmpty() ? QStringLiteral("the switch answered nothing") : text;
}

CallControl::ReplyCheck replyCheck()
{
    return [](const QString &reply) { return checkReply(reply); };
}

} // namespace Console::CallCenterCommands
