#pragma once
// Whether what an operator typed for a call action can be sent, and if not, why: one sentence in
// the operator's words naming the field at fault, or an empty string when the values can be
// used. The call-action dialogs (ui/calls/dialogs) show it as typing goes on and keep OK disabled
// while there is one; CallControl sends what passes.
//
// Each check runs the Esl::Commands builder the action will use (with a dummy channel uuid), so
// the argument rules live in one place, and adds what a builder lacks (an empty field, a control
// character anywhere, a space in a one-word value). These come first and catch the usual mistakes
// in plainer words than the builder's.

#include "esl/commands.h"

#include <QString>
#include <QStringList>

namespace Console::ActionInput {

// uuid_kill's cause: a name from the switch's cause table, like NORMAL_CLEARING.
[[nodiscard]] QString hangupCauseProblem(const QString &cause);

// A blind transfer (uuid_transfer) or an attended one (att_xfer, which has no leg or dialplan).
struct Transfer
{
    QString destination;
    Esl::Commands::Leg leg = Esl::Commands::Leg::A;
    QString dialplan;
    QString context;
    bool attended = false;
};
[[nodiscard]] QString transferProblem(const Transfer &transfer);

// `toExtension`: the answered call goes to request.extension; otherwise it runs
// request.application. The request holds only the fields of its kind.
[[nodiscard]] QString originateProblem(const Esl::Commands::Originate &request, bool toExtension);

// An application run on a channel (sendmsg execute). `switchApplications`: the names the switch
// has, or empty while it has not said; a name not among them is refused.
[[nodiscard]] QString executeProblem(const QString &application, const QString &arguments,
                                     const QStringList &switchApplications);

// uuid_send_dtmf's digits: 0-9 * # A-D, w and W pauses, an optional @<ms> tone length.
[[nodiscard]] QString dtmfProblem(const QString &digits);

// uuid_record's path, on the switch's own disk.
[[nodiscard]] QString recordPathProblem(const QString &path);

} // namespace Console::ActionInput
