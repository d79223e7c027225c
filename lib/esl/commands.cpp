#include "commands.h"

#include "wire/writer.h"

#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace Esl {

namespace {

// ---- validation --------------------------------------------------------------------------------

Error invalid(QString message)
{
    return Error{Error::Code::InvalidArgument, std::move(message), -1};
}

std::optional<Error> checkLine(const QString &value, QStringView field)
{
    return wire::checkArgument(value.toUtf8(), field);
}

bool hasWhitespace(QStringView value)
{
    return std::any_of(value.begin(), value.end(), [](QChar c) { return c.isSpace(); });
}

std::optional<Error> checkUuid(const QString &value, QStringView field)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"));
    if (auto error = checkLine(value, field))
        return error;
    if (value.isEmpty())
        return invalid(QStringLiteral("%1 is empty").arg(field));
    if (!pattern.match(value).hasMatch()) {
        return invalid(QStringLiteral("%1 \"%2\" is not a channel uuid (8-4-4-4-12 hex digits)")
                           .arg(field, value));
    }
    return std::nullopt;
}

// One space-separated argument to the switch: present, and without whitespace.
std::optional<Error> checkToken(const QString &value, QStringView field)
{
    if (auto error = checkLine(value, field))
        return error;
    if (value.isEmpty())
        return invalid(QStringLiteral("%1 is empty").arg(field));
    if (hasWhitespace(value)) {
        return invalid(QStringLiteral("%1 \"%2\" contains whitespace; the switch would split it "
                                      "into several arguments")
                           .arg(field, value));
    }
    return std::nullopt;
}

std::optional<Error> checkOptionalToken(const QString &value, QStringView field)
{
    return value.isEmpty() ? std::nullopt : checkToken(value, field);
}

std::optional<Error> checkCause(const QString &cause)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Z_]+$"));
    if (auto error = checkLine(cause, u"the hangup cause"))
        return error;
    if (!pattern.match(cause).hasMatch()) {
        return invalid(QStringLiteral("the hangup cause \"%1\" is not a cause name (upper-case "
                                      "letters and '_', like NORMAL_CLEARING)")
                           .arg(cause));
    }
    return std::nullopt;
}

std::optional<Error> checkDigits(const QString &digits)
{
    if (auto error = checkLine(digits, u"the DTMF digits"))
        return error;
    const qsizetype at = digits.indexOf(u'@');
    const QStringView tones = QStringView(digits).left(at < 0 ? digits.size() : at);
    if (tones.isEmpty())
        return invalid(QStringLiteral("the DTMF digits are empty"));
    static const QString allowed = QStringLiteral("0123456789*#ABCDabcdwW");
    for (const QChar c : tones) {
        if (!allowed.contains(c)) {
            return invalid(QStringLiteral("the DTMF digits \"%1\" hold '%2' (allowed: 0-9 * # A-D, "
                                          "w/W pauses, @<ms> duration)")
                               .arg(digits, c));
        }
    }
    static const QRegularExpression duration(QStringLiteral("^[1-9][0-9]{0,5}$"));
    if (at >= 0) {
        if (!duration.match(digits.mid(at + 1)).hasMatch()) {
            return invalid(QStringLiteral("the DTMF duration in \"%1\" is not a positive number "
                                          "of milliseconds")
                               .arg(digits));
        }
    }
    return std::nullopt;
}

// A {k=v,...} value: the switch splits the block at ',' and ends it at the first '}', and strips
// quotes and backslashes once when it splits the command line at spaces and again when it splits
// the block, so those characters cannot be carried through reliably.
std::optional<Error> checkVariable(const QString &name, const QString &value)
{
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9_.-]+$"));
    if (auto error = checkLine(name, u"a channel variable name"))
        return error;
    if (!namePattern.match(name).hasMatch()) {
        return invalid(QStringLiteral("the channel variable name \"%1\" is not a name (letters, "
                                      "digits, '_', '.', '-')")
                           .arg(name));
    }
    if (auto error = checkLine(value, QStringLiteral("channel variable %1").arg(name)))
        return error;
    for (const QChar c : value) {
        if (c == u',' || c == u'{' || c == u'}' || c == u'\'' || c == u'\\') {
            return invalid(QStringLiteral("channel variable %1: the value \"%2\" holds '%3', "
                                          "which the switch cannot take inside {...}")
                               .arg(name, value, c));
        }
    }
    return std::nullopt;
}

// Spaces survive the switch's command-line split inside single quotes, which it then removes.
QString quoted(const QString &value)
{
    return hasWhitespace(value) ? u'\'' + value + u'\'' : value;
}

// The first refusal among checks made in order (all are cheap, so all are evaluated).
std::optional<Error> firstError(std::initializer_list<std::optional<Error>> checks)
{
    for (const std::optional<Error> &check : checks) {
        if (check)
            return check;
    }
    return std::nullopt;
}

} // namespace

namespace Commands {

Expected<QString> uuidKill(const QString &uuid, const QString &cause)
{
    if (auto error = checkUuid(uuid, u"the channel uuid"))
        return *error;
    if (cause.isEmpty())
        return QStringLiteral("uuid_kill ") + uuid;
    if (auto error = checkCause(cause))
        return *error;
    return QStringLiteral("uuid_kill %1 %2").arg(uuid, cause);
}

Expected<QString> uuidTransfer(const QString &uuid, const QString &destination, Leg leg,
                               const QString &dialplan, const QString &context)
{
    if (auto error = firstError({checkUuid(uuid, u"the channel uuid"),
                                 checkToken(destination, u"the transfer destination")}))
        return *error;
    if (destination.startsWith(u'-')) {
        return invalid(QStringLiteral("the transfer destination \"%1\" starts with '-' and would "
                                      "be read as an option")
                           .arg(destination));
    }
    if (auto error = firstError({checkOptionalToken(dialplan, u"the dialplan"),
                                 checkOptionalToken(context, u"the context")}))
        return *error;
    if (!context.isEmpty() && dialplan.isEmpty())
        return invalid(
            QStringLiteral("a context needs a dialplan (the switch reads them in order)"));
    QString out = QStringLiteral("uuid_transfer ") + uuid;
    if (leg == Leg::B)
        out += QStringLiteral(" -bleg");
    else if (leg == Leg::Both)
        out += QStringLiteral(" -both");
    out += u' ' + destination;
    if (!dialplan.isEmpty())
        out += u' ' + dialplan;
    if (!context.isEmpty())
        out += u' ' + context;
    return out;
}

Expected<QString> uuidHold(const QString &uuid, HoldAction action)
{
    if (auto error = checkUuid(uuid, u"the channel uuid"))
        return *error;
    switch (action) {
    case HoldAction::Unhold:
        return QStringLiteral("uuid_hold off ") + uuid;
    case HoldAction::Toggle:
        return QStringLiteral("uuid_hold toggle ") + uuid;
    case HoldAction::Hold:
        break;
    }
    return QStringLiteral("uuid_hold ") + uuid;
}

Expected<QString> uuidPark(const QString &uuid)
{
    if (auto error = checkUuid(uuid, u"the channel uuid"))
        return *error;
    return QStringLiteral("uuid_park ") + uuid;
}

Expected<QString> uuidBridge(const QString &uuid, const QString &otherUuid)
{
    if (auto error = firstError({checkUuid(uuid, u"the channel uuid"),
                                 checkUuid(otherUuid, u"the other channel's uuid")}))
        return *error;
    if (uuid.compare(otherUuid, Qt::CaseInsensitive) == 0)
        return invalid(QStringLiteral("cannot bridge channel %1 to itself").arg(uuid));
    return QStringLiteral("uuid_bridge %1 %2").arg(uuid, otherUuid);
}

Expected<QString> uuidRecord(const QString &uuid, RecordAction action, const QString &path,
                             int limitSeconds)
{
    if (auto error = firstError(
            {checkUuid(uuid, u"the channel uuid"), checkToken(path, u"the recording path")}))
        return *error;
    if (limitSeconds < 0)
        return invalid(QStringLiteral("the recording limit %1 is negative").arg(limitSeconds));
    if (action == RecordAction::Stop) {
        if (limitSeconds > 0)
            return invalid(QStringLiteral("a recording limit only applies when starting"));
        return QStringLiteral("uuid_record %1 stop %2").arg(uuid, path);
    }
    QString out = QStringLiteral("uuid_record %1 start %2").arg(uuid, path);
    if (limitSeconds > 0)
        out += u' ' + QString::number(limitSeconds);
    return out;
}

Expected<QString> uuidSendDtmf(const QString &uuid, const QString &digits)
{
    if (auto error = firstError({checkUuid(uuid, u"the channel uuid"), checkDigits(digits)}))
        return *error;
    return QStringLiteral("uuid_send_dtmf %1 %2").arg(uuid, digits);
}

Expected<QString> uuidDump(const QString &uuid, DumpFormat format)
{
    if (auto error = checkUuid(uuid, u"the channel uuid"))
        return *error;
    return QStringLiteral("uuid_dump ") + uuid +
           (format == DumpFormat::Json ? QStringLiteral(" json") : QString());
}

Expected<QString> uuidExists(const QString &uuid)
{
    if (auto error = checkUuid(uuid, u"the channel uuid"))
        return *error;
    return QStringLiteral("uuid_exists ") + uuid;
}

Expected<QString> uuidBroadcast(const QString &uuid, const QString &application,
                                const QString &arguments)
{
    static const QRegularExpression appName(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (auto error = firstError({checkUuid(uuid, u"the channel uuid"),
                                 checkLine(application, u"the application"),
                                 checkLine(arguments, u"the application arguments")}))
        return *error;
    // No ':' in the name: switch_ivr_broadcast takes the first "::" as the end of it.
    if (!appName.match(application).hasMatch()) {
        return invalid(QStringLiteral("the application \"%1\" is not an application name "
                                      "(letters, digits, _ and -)")
                           .arg(application));
    }
    if (hasWhitespace(arguments)) {
        return invalid(QStringLiteral("the application arguments \"%1\" contain spaces, which "
                                      "uuid_broadcast cannot carry (it splits its line at them)")
                           .arg(arguments));
    }
    for (const QChar c : arguments) {
        if (c == u'\'' || c == u'"' || c == u'\\') {
            return invalid(QStringLiteral("the application arguments \"%1\" hold '%2', which "
                                          "uuid_broadcast would strip")
                               .arg(arguments, c));
        }
    }
    return QStringLiteral("uuid_broadcast %1 %2::%3 aleg").arg(uuid, application, arguments);
}

Expected<QString> originate(const Originate &request)
{
    if (auto error = checkToken(request.endpoint, u"the endpoint"))
        return *error;
    if (request.endpoint.startsWith(u'{')) {
        return invalid(QStringLiteral("the endpoint \"%1\" starts with '{': give channel "
                                      "variables as Originate::variables")
                           .arg(request.endpoint));
    }
    const bool toExtension = !request.extension.isEmpty();
    const bool toApplication = !request.application.isEmpty();
    if (toExtension == toApplication)
        return invalid(QStringLiteral("originate needs either an extension or an application"));

    QString destination;
    if (toExtension) {
        if (auto error = checkToken(request.extension, u"the extension"))
            return *error;
        if (request.extension.startsWith(u'&')) {
            return invalid(QStringLiteral("the extension \"%1\" starts with '&': give an "
                                          "application as Originate::application")
                               .arg(request.extension));
        }
        if (!request.applicationArgs.isEmpty())
            return invalid(QStringLiteral("application arguments need an application"));
        if (auto error = firstError({checkOptionalToken(request.dialplan, u"the dialplan"),
                                     checkOptionalToken(request.context, u"the context")}))
            return *error;
        if (!request.context.isEmpty() && request.dialplan.isEmpty())
            return invalid(QStringLiteral("a context needs a dialplan (the switch reads them in "
                                          "order)"));
        destination = request.extension;
        if (!request.dialplan.isEmpty())
            destination += u' ' + request.dialplan;
        if (!request.context.isEmpty())
            destination += u' ' + request.context;
    } else {
        static const QRegularExpression appName(QStringLiteral("^[A-Za-z0-9_]+$"));
        if (auto error = checkLine(request.application, u"the application"))
            return *error;
        if (!appName.match(request.application).hasMatch()) {
            return invalid(QStringLiteral("the application \"%1\" is not an application name")
                               .arg(request.application));
        }
        if (!request.dialplan.isEmpty() || !request.context.isEmpty())
            return invalid(QStringLiteral("a dialplan and context only apply to an extension"));
        const QString &args = request.applicationArgs;
        if (auto error = checkLine(args, u"the application arguments"))
            return *error;
        for (const QChar c : args) {
            if (c == u')' || c == u'\'' || c == u'\\') {
                return invalid(QStringLiteral("the application arguments \"%1\" hold '%2', which "
                                              "the switch would cut or strip")
                                   .arg(args, c));
            }
        }
        destination = u'&' + request.application;
        if (!args.isEmpty())
            destination += u'(' + quoted(args) + u')';
    }

    if (request.timeoutSeconds < 0)
        return invalid(
            QStringLiteral("the originate timeout %1 is negative").arg(request.timeoutSeconds));
    QList<std::pair<QString, QString>> variables;
    if (!request.callerIdName.isEmpty())
        variables.append({QStringLiteral("origination_caller_id_name"), request.callerIdName});
    if (!request.callerIdNumber.isEmpty())
        variables.append({QStringLiteral("origination_caller_id_number"), request.callerIdNumber});
    if (request.timeoutSeconds > 0)
        variables.append(
            {QStringLiteral("originate_timeout"), QString::number(request.timeoutSeconds)});
    variables += request.variables;

    QStringList block;
    QStringList seen;
    for (const auto &[name, value] : std::as_const(variables)) {
        if (auto error = checkVariable(name, value))
            return *error;
        if (seen.contains(name, Qt::CaseInsensitive)) {
            return invalid(QStringLiteral("channel variable %1 is given twice (the caller id and "
                                          "timeout fields set origination_caller_id_name/_number "
                                          "and originate_timeout)")
                               .arg(name));
        }
        seen.append(name);
        block.append(name + u'=' + quoted(value));
    }
    QString out = QStringLiteral("originate ");
    if (!block.isEmpty())
        out += u'{' + block.join(u',') + u'}';
    return out + request.endpoint + u' ' + destination;
}

Expected<QString> showChannels()
{
    return QStringLiteral("show channels as json");
}

Expected<QString> showCalls()
{
    return QStringLiteral("show calls as json");
}

Expected<QString> status()
{
    return QStringLiteral("status");
}

QFuture<Reply> api(Session &session, const Expected<QString> &command, int timeoutMs)
{
    if (!command)
        return detail::readyFuture(Reply::failure(command.error()));
    return session.api(*command, timeoutMs);
}

QFuture<Reply> api(InboundClient &client, const Expected<QString> &command, int timeoutMs)
{
    if (!command)
        return detail::readyFuture(Reply::failure(command.error()));
    return client.api(*command, timeoutMs);
}

QFuture<JobResult> bgapi(Session &session, const Expected<QString> &command, int timeoutMs)
{
    if (!command)
        return detail::readyFuture(JobResult::failure({}, command.error()));
    return session.bgapi(*command, timeoutMs);
}

QFuture<JobResult> bgapi(InboundClient &client, const Expected<QString> &command, int timeoutMs)
{
    if (!command)
        return detail::readyFuture(JobResult::failure({}, command.error()));
    return client.bgapi(*command, timeoutMs);
}

} // namespace Commands

} // namespace Esl
