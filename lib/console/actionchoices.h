#pragma once
// What the call-action dialogs offer to pick from, as data: the hangup causes an operator uses
// (names from FreeSWITCH's cause table, with what each means to people), the dialplan
// applications commonly run on a channel with the shape of their arguments, and the order an
// application list puts names in. The dialogs (ui/calls/dialogs) show these; nothing here needs
// a widget.

#include <QString>
#include <QStringList>
#include <QStringView>

#include <span>

namespace Console {

struct HangupCause
{
    const char *name;    // as the switch spells it: NORMAL_CLEARING
    const char *meaning; // in the operator's words, untranslated
};

// The causes an operator picks, NORMAL_CLEARING (the default) first.
[[nodiscard]] std::span<const HangupCause> hangupCauses();

// A dialplan application an operator commonly runs.
struct KnownApplication
{
    const char *name;
    const char *arguments; // "" when it needs none
};

[[nodiscard]] std::span<const KnownApplication> knownApplications();
// The known application called `name`, or null.
[[nodiscard]] const KnownApplication *knownApplication(QStringView name);

// An application list in the order it is offered: what the operator ran recently first (the list
// shows a separator after them), then the rest.
struct ApplicationChoices
{
    QStringList recent;
    QStringList rest;
};

// Before the switch has said what it has: every recent name, then the known applications not
// among them, in the known list's order.
[[nodiscard]] ApplicationChoices builtinApplicationChoices(const QStringList &recent);
// Once it has: the recent names it has, then its other names sorted case-insensitively. A recent
// name the switch lacks is not offered: running it would hang the caller up.
[[nodiscard]] ApplicationChoices switchApplicationChoices(const QStringList &recent,
                                                          const QStringList &switchNames);

} // namespace Console
