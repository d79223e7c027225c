#include "conferencecommands.h"

#include "esl/commands.h"

#include <QRegularExpression>

namespace Console::ConferenceCommands {

namespace {

Esl::Error invalid(const QString &message)
{
    return Esl::Error{Esl::Error::Code::InvalidArgument, message, -1};
}

bool hasControl(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// One space-separated argument of the module: present, printable, without whitespace.
std::optional<Esl::Error> checkWord(const QString &value, const QString &what)
{
    if (value.isEmpty())
        return invalid(QStringLiteral("%1 is empty").arg(what));
    if (hasControl(value))
        return invalid(QStringLiteral("%1 contains a control character (CR, LF, …); nothing "
                                      "was sent")
                           .arg(what));
    for (const QChar c : value) {
        if (c.isSpace()) {
            return invalid(QStringLiteral("%1 \"%2\" contains whitespace; mod_conference would "
                                          "split it into several arguments")
                               .arg(what, value));
        }
    }
    return std::nullopt;
}

std::optional<Esl::Error> checkConference(const QString &name)
{
    if (auto error = checkWord(name, QStringLiteral("the conference name")))
        return error;
    // The api finds a conference by its bare name: `ctl@default list` is not found.
    if (name.contains(u'@')) {
        return invalid(QStringLiteral("the conference name \"%1\" has an @profile; the "
                                      "conference command takes the name alone")
                           .arg(name));
    }
    return std::nullopt;
}

std::optional<Esl::Error> checkMember(int id)
{
    if (id <= 0)
        return invalid(QStringLiteral("member id %1 is not a member (ids start at 1)").arg(id));
    return std::nullopt;
}

Esl::Expected<QString> volume(const QString &conference, int memberId, int level,
                              const char *verb)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkMember(memberId))
        return *e;
    if (level < -4 || level > 4)
        return invalid(QStringLiteral("volume %1 is outside -4..4").arg(level));
    return QStringLiteral("conference %1 %2 %3 %4")
        .arg(conference, QLatin1StringView(verb))
        .arg(memberId)
        .arg(level);
}

} // namespace

QString verb(MemberAction action)
{
    switch (action) {
    case MemberAction::Mute:
        return QStringLiteral("mute");
    case MemberAction::Unmute:
        return QStringLiteral("unmute");
    case MemberAction::Deaf:
        return QStringLiteral("deaf");
    case MemberAction::Undeaf:
        return QStringLiteral("undeaf");
    case MemberAction::Kick:
        return QStringLiteral("kick");
    case MemberAction::Hangup:
        return QStringLiteral("hup");
    }
    return {};
}

Esl::Expected<QString> member(const QString &conference, MemberAction action, int memberId)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkMember(memberId))
        return *e;
    return QStringLiteral("conference %1 %2 %3").arg(conference, verb(action)).arg(memberId);
}

Esl::Expected<QString> volumeIn(const QString &conference, int memberId, int level)
{
    return volume(conference, memberId, level, "volume_in");
}

Esl::Expected<QString> volumeOut(const QString &conference, int memberId, int level)
{
    return volume(conference, memberId, level, "volume_out");
}

Esl::Expected<QString> energy(const QString &conference, int memberId, int level)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkMember(memberId))
        return *e;
    if (level < 0 || level > 20000)
        return invalid(QStringLiteral("energy %1 is outside 0..20000").arg(level));
    return QStringLiteral("conference %1 energy %2 %3").arg(conference).arg(memberId).arg(level);
}

Esl::Expected<QString> lock(const QString &conference, bool locked)
{
    if (auto e = checkConference(conference))
        return *e;
    return QStringLiteral("conference %1 %2")
        .arg(conference, locked ? QStringLiteral("lock") : QStringLiteral("unlock"));
}

Esl::Expected<QString> record(const QString &conference, const QString &path)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkWord(path, QStringLiteral("the recording path")))
        return *e;
    return QStringLiteral("conference %1 record %2").arg(conference, path);
}

Esl::Expected<QString> stopRecording(const QString &conference, const QString &path)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkWord(path, QStringLiteral("the recording path")))
        return *e;
    return QStringLiteral("conference %1 norecord %2").arg(conference, path);
}

Esl::Expected<QString> play(const QString &conference, const QString &file, int memberId)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkWord(file, QStringLiteral("the file to play")))
        return *e;
    if (memberId < 0)
        return invalid(QStringLiteral("member id %1 is not a member").arg(memberId));
    QString out = QStringLiteral("conference %1 play %2").arg(conference, file);
    if (memberId > 0)
        out += u' ' + QString::number(memberId);
    return out;
}

Esl::Expected<QString> transferToConference(const QString &conference, int memberId,
                                            const QString &destination)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkMember(memberId))
        return *e;
    if (auto e = checkWord(destination, QStringLiteral("the destination conference")))
        return *e;
    if (destination == conference)
        return invalid(QStringLiteral("the member is already in %1").arg(conference));
    return QStringLiteral("conference %1 transfer %2 %3").arg(conference, destination).arg(memberId);
}

Esl::Expected<QString> transferToExtension(const QString &memberUuid, const QString &extension,
                                           const QString &context)
{
    return Esl::Commands::uuidTransfer(memberUuid, extension, Esl::Commands::Leg::A,
                                       QStringLiteral("XML"), context);
}

Esl::Expected<QString> invite(const QString &conference, const QString &endpoint,
                              const QString &callerIdNumber, const QString &callerIdName)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkWord(endpoint, QStringLiteral("the endpoint to dial")))
        return *e;
    // A dial string names a technology and whom it dials: "user/" alone dials no one.
    const qsizetype slash = endpoint.indexOf(u'/');
    if (slash <= 0 || endpoint.endsWith(u'/'))
        return invalid(QStringLiteral("the endpoint to dial \"%1\" names no one to dial; write "
                                      "it as user/1000 or sofia/gateway/GW/NUMBER")
                           .arg(endpoint));
    QString out = QStringLiteral("conference %1 bgdial %2").arg(conference, endpoint);
    if (!callerIdName.isEmpty() && callerIdNumber.isEmpty())
        return invalid(QStringLiteral("a caller id name needs a caller id number before it"));
    if (!callerIdNumber.isEmpty()) {
        if (auto e = checkWord(callerIdNumber, QStringLiteral("the caller id number")))
            return *e;
        out += u' ' + callerIdNumber;
    }
    if (!callerIdName.isEmpty()) {
        if (auto e = checkWord(callerIdName, QStringLiteral("the caller id name")))
            return *e;
        out += u' ' + callerIdName;
    }
    return out;
}

Esl::Expected<QString> bringIn(const QString &uuid, const QString &conference,
                               const QString &profile)
{
    if (auto e = checkConference(conference))
        return *e;
    if (auto e = checkWord(profile, QStringLiteral("the conference profile")))
        return *e;
    return Esl::Commands::uuidTransfer(uuid, QStringLiteral("conference:%1@%2").arg(conference, profile),
                                       Esl::Commands::Leg::A, QStringLiteral("inline"));
}

std::optional<QString> replyFailure(const QString &reply)
{
    const QString text = reply.trimmed();
    if (text.isEmpty())
        return QStringLiteral("no answer from mod_conference");
    static const QRegularExpression energyLine(QStringLiteral("^Energy \\d+ = -?\\d+$"));
    bool ok = false;
    for (const QString &line : text.split(u'\n')) {
        const QString l = line.trimmed();
        if (l.startsWith(QLatin1String("-ERR")) || l.startsWith(QLatin1String("-USAGE")))
            return l;
        ok = ok || l.startsWith(QLatin1String("+OK")) || l.startsWith(QLatin1String("OK ")) ||
             energyLine.match(l).hasMatch();
    }
    if (!ok)
        return text; // "Conference command 'x' not found.", usage text: not done
    return std::nullopt;
}

} // namespace Console::ConferenceCommands
