// What the Parking panel's actions do: Retrieve…, Hang up and Park the selected call… ask
// what they need, then act on the call they were opened for (taken when the dialog opens,
// checked again at OK: a call gone by then is refused, nothing sent) through
// CallControl::serverCommand. (parkingpanel.cpp builds the panel and keeps its rows.)
#include "ui/parking/parkingpanel.h"

#include "console/appsettings.h"
#include "console/callcontrol.h"
#include "console/valetcommands.h"
#include "monitor/bidi.h"
#include "monitor/hub.h"
#include "monitor/parkingstore.h"
#include "monitor/servermonitor.h"
#include "ui/calls/callspanel.h"
#include "ui/calls/dialogs/confirmaction.h"
#include "ui/parking/parkingdialogs.h"
#include "ui/parking/parkingmodel.h"
#include "ui/window/noticebar.h"

#include <QPointer>
#include <QTreeView>

namespace Ui {

QString ParkingPanel::describe(const Target &target)
{
    return tr("%1 (slot %2 of %3 on %4)")
        .arg(target.caller, target.extension, Monitor::isolated(target.lot),
             Monitor::isolated(target.serverName));
}

std::optional<QString> ParkingPanel::goneReason(const Target &target) const
{
    if (!target.isValid())
        return tr("No parked call is selected — nothing sent");
    const Monitor::ServerMonitor *server = m_context.hub ? m_context.hub->server(target.server) : nullptr;
    if (!server)
        return tr("%1 is no longer watched — nothing sent").arg(target.serverName);
    const Monitor::ParkedCall *now = server->panels()->parking()->slot(target.lot, target.extension);
    const Monitor::Channel *channel = server->channels()->channel(target.uuid);
    // Gone from its slot, or hung up with its exit event still to come.
    if (!now || now->uuid != target.uuid || (channel && channel->ended))
        return tr("%1 left slot %2 — nothing sent").arg(target.caller, target.extension);
    return std::nullopt;
}

QFuture<Console::ActionOutcome> ParkingPanel::posted(QFuture<Console::ActionOutcome> future)
{
    if (m_context.notices) {
        // No context object: Qt 6.4 aborts when a continuation's context is gone, and the panel
        // may go before the switch answers. The guard skips the notice then. (CallControl
        // finishes its futures on the GUI thread, so this runs there.)
        QPointer<NoticeBar> notices = m_context.notices;
        future.then([notices](const Console::ActionOutcome &o) {
            if (notices)
                notices->post(o);
        });
    }
    return future;
}

QFuture<Console::ActionOutcome> ParkingPanel::retrieveSelected(const QString &extension)
{
    return retrieve(selectedTarget(), extension);
}

QFuture<Console::ActionOutcome> ParkingPanel::hangupSelected()
{
    return hangup(selectedTarget());
}

QFuture<Console::ActionOutcome> ParkingPanel::retrieve(const Target &target, const QString &extension)
{
    Esl::Expected<QString> command = Console::ValetCommands::retrieve(target.uuid, extension);
    if (const auto gone = goneReason(target))
        command = Esl::Error{Esl::Error::Code::InvalidArgument, *gone};
    return posted(m_context.control->serverCommand(
        target.server, tr("Retrieve"), tr("Retrieve %1 to %2").arg(describe(target), extension),
        command, Console::ValetCommands::replyFailure));
}

QFuture<Console::ActionOutcome> ParkingPanel::hangup(const Target &target)
{
    Esl::Expected<QString> command = Console::ValetCommands::hangup(target.uuid);
    if (const auto gone = goneReason(target))
        command = Esl::Error{Esl::Error::Code::InvalidArgument, *gone};
    return posted(m_context.control->serverCommand(target.server, tr("Hang up"),
                                                   tr("Hang up %1").arg(describe(target)), command,
                                                   Console::ValetCommands::replyFailure));
}

QString ParkingPanel::describeCall(const Monitor::ChannelKey &call) const
{
    const Monitor::ServerMonitor *server = m_context.hub ? m_context.hub->server(call.server) : nullptr;
    const Monitor::Channel *c = server ? server->channels()->channel(call.uuid) : nullptr;
    if (!c)
        return call.uuid;
    QString who = ParkingModel::callerText(c->callerName, c->callerNumber);
    if (who.isEmpty())
        who = c->name.isEmpty() ? c->uuid : Monitor::isolated(c->name);
    if (!c->destination.isEmpty())
        who += QStringLiteral(" → ") + Monitor::isolated(c->destination);
    return tr("%1 on %2").arg(who, Monitor::isolated(server->name()));
}

QFuture<Console::ActionOutcome> ParkingPanel::parkCall(const Monitor::ChannelKey &call,
                                                       const QString &lot, const QString &slot)
{
    const QString what = describeCall(call);
    Esl::Expected<QString> command = Console::ValetCommands::park(call.uuid, lot, slot);
    // The call the dialog was opened for hung up meanwhile: park nothing else in its place.
    if (command && !m_context.control->liveChannel(call))
        command = Esl::Error{Esl::Error::Code::InvalidArgument,
                             tr("%1 hung up — nothing sent").arg(what)};
    // The store knows the slot is taken: valet_park there would bridge the two calls.
    if (command) {
        if (Monitor::ServerMonitor *server = m_context.hub->server(call.server)) {
            if (const Monitor::ParkedCall *p = server->panels()->parking()->slot(lot, slot)) {
                const QString who = p->callerName.isEmpty() ? p->uuid : p->callerName;
                command = Esl::Error{Esl::Error::Code::InvalidArgument,
                                     tr("Slot %1 of %2 is taken by %3").arg(slot, lot, who)};
            }
        }
    }
    return posted(m_context.control->serverCommand(call.server, tr("Park"),
                                                   tr("Park %1 in %2 slot %3").arg(what, lot, slot),
                                                   command, Console::ValetCommands::replyFailure));
}

void ParkingPanel::askRetrieve()
{
    // The call is taken now; OK acts on it, whatever is selected by then.
    const Target target = selectedTarget();
    if (!target.isValid())
        return;
    RetrieveDialog dialog(describe(target), this);
    if (dialog.exec() == QDialog::Accepted)
        retrieve(target, dialog.extension());
}

void ParkingPanel::confirmHangup()
{
    const Target target = selectedTarget();
    if (!target.isValid())
        return;
    Console::AppSettings settings = Console::AppSettings::load();
    if (confirmAction(this, tr("Hang up"), tr("Hang up %1?").arg(describe(target)), settings))
        hangup(target);
}

void ParkingPanel::askPark()
{
    if (!m_context.calls)
        return;
    const Monitor::ChannelKey call = m_context.calls->currentChannel();
    if (!call.isValid() || !m_context.hub)
        return;
    Monitor::ServerMonitor *server = m_context.hub->server(call.server);
    if (!server)
        return;
    QPointer<Monitor::ParkingStore> store = server->panels()->parking();
    QStringList lots;
    for (const Monitor::ParkingLot &l : store->lots())
        lots.append(l.name);
    // The lot selected in the tree first.
    if (const ParkingModel::Lot *l = m_model->lotAt(m_view->currentIndex());
        l && l->server == call.server) {
        lots.removeAll(l->name);
        lots.prepend(l->name);
    }
    const auto taken = [store](const QString &lot, const QString &slot) -> std::optional<QString> {
        const Monitor::ParkedCall *p = store ? store->slot(lot, slot) : nullptr;
        if (!p)
            return std::nullopt;
        return p->callerName.isEmpty() ? p->uuid : QStringLiteral("%1 (%2)").arg(p->callerName, p->callerNumber);
    };
    const auto freeSlot = [store](const QString &lot) {
        // The vanilla lot's slots are 6001-6099; another lot: after its highest.
        int n = lot == u"valet_parking_lot" ? 6001 : 1;
        const Monitor::ParkingLot *l = store ? store->lot(lot) : nullptr;
        if (l && lot != u"valet_parking_lot" && !l->slots.isEmpty())
            n = l->slots.last().extension.toInt() + 1;
        while (l && store->slot(lot, QString::number(n)) && n < 1000000)
            ++n;
        return QString::number(n);
    };
    ParkDialog dialog(describeCall(call), lots, taken, freeSlot, this);
    if (dialog.exec() == QDialog::Accepted)
        parkCall(call, dialog.lot(), dialog.slot());
}

} // namespace Ui
