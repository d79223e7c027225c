// The data behind the call-action dialogs' lists: hangup causes and known applications.
#include "console/actionchoices.h"

#include <algorithm>

namespace Console {

namespace {

// Names from FreeSWITCH's cause table (switch_channel.c), the ones an operator picks.
constexpr HangupCause kCauses[] = {
    {"NORMAL_CLEARING", "The call ended normally"},
    {"USER_BUSY", "The called party is busy"},
    {"CALL_REJECTED", "The call was refused"},
    {"NO_ANSWER", "Nobody answered"},
    {"NO_USER_RESPONSE", "The phone did not respond"},
    {"NORMAL_TEMPORARY_FAILURE", "A temporary failure; the caller may try again"},
    {"ORIGINATOR_CANCEL", "The caller gave up"},
    {"MANAGER_REQUEST", "Ended by an operator or a manager command"},
    {"ALLOTTED_TIMEOUT", "The call ran out of its allotted time"},
    {"UNALLOCATED_NUMBER", "The number does not exist"},
    {"DESTINATION_OUT_OF_ORDER", "The destination cannot be reached"},
    {"SUBSCRIBER_ABSENT", "The called party is not available"},
    {"MEDIA_TIMEOUT", "No audio arrived"},
    {"SYSTEM_SHUTDOWN", "The switch is shutting down"},
};

constexpr KnownApplication kApplications[] = {
    {"answer", ""},
    {"pre_answer", ""},
    {"ring_ready", ""},
    {"playback", "<file>"},
    {"say", "<language> <type> <method> <text>"},
    {"speak", "<engine>|<voice>|<text>"},
    {"phrase", "<macro>,<data>"},
    {"gentones", "<tones>"},
    {"set", "<name>=<value>"},
    {"export", "<name>=<value>"},
    {"unset", "<name>"},
    {"bridge", "<dial string>"},
    {"transfer", "<extension> [<dialplan> <context>]"},
    {"att_xfer", "<dial string>"},
    {"park", ""},
    {"valet_park", "<lot> <slot>"},
    {"hangup", "[<cause>]"},
    {"sleep", "<milliseconds>"},
    {"record_session", "<path>"},
    {"stop_record_session", "<path>"},
    {"echo", ""},
    {"conference", "<name>[@<profile>]"},
    {"fifo", "<queue> in|out"},
    {"voicemail", "<profile> <domain> <user>"},
    {"send_dtmf", "<digits>"},
    {"eavesdrop", "<uuid>|all"},
    {"info", ""},
    {"log", "<level> <message>"},
    {"lua", "<script> [<arguments>]"},
};

} // namespace

std::span<const HangupCause> hangupCauses()
{
    return kCauses;
}

std::span<const KnownApplication> knownApplications()
{
    return kApplications;
}

const KnownApplication *knownApplication(QStringView name)
{
    const auto *known =
        std::find_if(std::begin(kApplications), std::end(kApplications),
                     [&](const KnownApplication &a) { return name == QLatin1StringView(a.name); });
    return known == std::end(kApplications) ? nullptr : known;
}

ApplicationChoices builtinApplicationChoices(const QStringList &recent)
{
    ApplicationChoices choices{recent, {}};
    for (const KnownApplication &app : kApplications) {
        const QString name = QLatin1StringView(app.name);
        if (!recent.contains(name))
            choices.rest.append(name);
    }
    return choices;
}

ApplicationChoices switchApplicationChoices(const QStringList &recent,
                                            const QStringList &switchNames)
{
    ApplicationChoices choices;
    for (const QString &name : recent) {
        if (switchNames.contains(name))
            choices.recent.append(name);
    }
    QStringList sorted = switchNames;
    sorted.sort(Qt::CaseInsensitive);
    for (const QString &name : std::as_const(sorted)) {
        if (!choices.recent.contains(name))
            choices.rest.append(name);
    }
    return choices;
}

} // namespace Console
