// The checks of what an operator typed for a call action, before any of it is sent.
#include "console/actioninput.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <utility>

namespace Console::ActionInput {

namespace C = Esl::Commands;

namespace {

// The builders want a channel uuid; the checks test everything else against this one.
const QString &dummyUuid()
{
    static const QString uuid = QStringLiteral("00000000-0000-0000-0000-000000000000");
    return uuid;
}

QString text(const char *source)
{
    return QCoreApplication::translate("Console::ActionInput", source);
}

// What is wrong with the characters of a typed value, or empty. `subject` starts the sentence
// and carries its verb ("The destination contains").
QString characterProblem(const QString &value, const QString &subject)
{
    for (const QChar c : value) {
        if (c == u'\r' || c == u'\n' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            return text("%1 a line break; remove it.").arg(subject);
        if (c == QChar::Null)
            return text("%1 a NUL character; remove it.").arg(subject);
        if (c == u'\t')
            return text("%1 a tab; remove it.").arg(subject);
        if (c.category() == QChar::Other_Control)
            return text("%1 a control character; remove it.").arg(subject);
    }
    return {};
}

// The same for a value the switch takes as one word: no spaces either.
QString wordProblem(const QString &value, const QString &subject)
{
    if (QString why = characterProblem(value, subject); !why.isEmpty())
        return why;
    if (std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.isSpace(); }))
        return text("%1 a space; the switch would read it as two values. Remove it.").arg(subject);
    return {};
}

// A value that goes inside originate's {...} block or (...) arguments, where the switch cuts or
// strips some characters.
QString reservedProblem(const QString &value, const QString &subject, QStringView reserved)
{
    for (const QChar c : value) {
        if (reserved.contains(c))
            return text("%1 '%2', which the switch would cut or strip; remove it.").arg(subject, c);
    }
    return {};
}

// A builder's refusal as a sentence, or empty when it built the command. Its messages name the
// field at fault.
QString refusal(const Esl::Expected<QString> &command)
{
    if (command)
        return {};
    QString message = command.error().message;
    if (!message.isEmpty())
        message[0] = message[0].toUpper();
    if (!message.endsWith(u'.'))
        message += u'.';
    return message;
}

QString applicationProblem(const QString &name, const QRegularExpression &pattern,
                           const QString &allowed)
{
    if (name.isEmpty())
        return text("Choose the application to run, like playback.");
    if (QString why = wordProblem(name, text("The application name contains")); !why.isEmpty())
        return why;
    if (!pattern.match(name).hasMatch())
        return text("The application name \"%1\" is not a name; use %2 only.").arg(name, allowed);
    return {};
}

} // namespace

QString hangupCauseProblem(const QString &cause)
{
    if (cause.isEmpty())
        return text("Choose a hangup cause, like NORMAL_CLEARING.");
    if (QString why = wordProblem(cause, text("The hangup cause contains")); !why.isEmpty())
        return why;
    if (!C::uuidKill(dummyUuid(), cause))
        return text("The hangup cause \"%1\" is not a cause name; use capital letters and '_', "
                    "like NORMAL_CLEARING.")
            .arg(cause);
    return {};
}

QString transferProblem(const Transfer &t)
{
    const QString &to = t.destination;
    if (to.isEmpty())
        return text("Enter the destination to transfer to, like 1001.");
    if (QString why = wordProblem(to, text("The destination contains")); !why.isEmpty())
        return why;
    if (QString why = wordProblem(t.context, text("The context contains")); !why.isEmpty())
        return why;
    if (t.attended) {
        // A bare extension is dialled through loopback in the context (CallControl).
        if (!to.contains(u'/') && t.context.isEmpty())
            return text("Enter the context to dial the destination in, like default.");
        return refusal(
            C::uuidTransfer(dummyUuid(), to, C::Leg::A, QStringLiteral("XML"), t.context));
    }
    if (QString why = wordProblem(t.dialplan, text("The dialplan contains")); !why.isEmpty())
        return why;
    return refusal(C::uuidTransfer(dummyUuid(), to, t.leg, t.dialplan, t.context));
}

QString originateProblem(const C::Originate &r, bool toExtension)
{
    if (r.endpoint.isEmpty())
        return text("Enter the endpoint to ring, like user/1000.");
    if (QString why = wordProblem(r.endpoint, text("The endpoint contains")); !why.isEmpty())
        return why;
    if (toExtension) {
        if (r.extension.isEmpty())
            return text("Enter the destination extension, like 1001.");
        const std::pair<const QString &, QString> words[] = {
            {r.extension, text("The destination contains")},
            {r.dialplan, text("The dialplan contains")},
            {r.context, text("The context contains")},
        };
        for (const auto &[value, subject] : words) {
            if (QString why = wordProblem(value, subject); !why.isEmpty())
                return why;
        }
    } else {
        static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_]+$"));
        if (QString why = applicationProblem(r.application, name, text("letters, digits and '_'"));
            !why.isEmpty())
            return why;
        const QString subject = text("The arguments contain");
        if (QString why = characterProblem(r.applicationArgs, subject); !why.isEmpty())
            return why;
        if (QString why = reservedProblem(r.applicationArgs, subject, u")'\\"); !why.isEmpty())
            return why;
    }
    const std::pair<const QString &, QString> callerId[] = {
        {r.callerIdName, text("The caller ID name contains")},
        {r.callerIdNumber, text("The caller ID number contains")},
    };
    for (const auto &[value, subject] : callerId) {
        if (QString why = characterProblem(value, subject); !why.isEmpty())
            return why;
        if (QString why = reservedProblem(value, subject, u",{}'\\"); !why.isEmpty())
            return why;
    }
    return refusal(C::originate(r));
}

QString executeProblem(const QString &application, const QString &arguments,
                       const QStringList &switchApplications)
{
    // CallControl::execute takes '-' too (sendmsg has no argument list to confuse).
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (QString why = applicationProblem(application, name, text("letters, digits, '_' and '-'"));
        !why.isEmpty())
        return why;
    if (!switchApplications.isEmpty() && !switchApplications.contains(application))
        return text("The switch has no application \"%1\"; choose one from the list.")
            .arg(application);
    return characterProblem(arguments, text("The arguments contain"));
}

QString dtmfProblem(const QString &digits)
{
    if (digits.isEmpty())
        return text("Enter the digits to send, like 1234#.");
    if (QString why = wordProblem(digits, text("The digits contain")); !why.isEmpty())
        return why;
    static const QString allowed = QStringLiteral("0123456789*#ABCDabcdwW");
    const qsizetype at = digits.indexOf(u'@');
    for (const QChar c : QStringView(digits).left(at < 0 ? digits.size() : at)) {
        if (!allowed.contains(c))
            return text("The digits hold '%1'; only 0-9, *, #, A-D and w or W (a pause) can be "
                        "sent.")
                .arg(c);
    }
    return refusal(C::uuidSendDtmf(dummyUuid(), digits));
}

QString recordPathProblem(const QString &path)
{
    if (path.isEmpty())
        return text("Enter the path of the recording file on the switch.");
    if (QString why = wordProblem(path, text("The recording path contains")); !why.isEmpty())
        return why;
    return refusal(C::uuidRecord(dummyUuid(), C::RecordAction::Start, path));
}

} // namespace Console::ActionInput
