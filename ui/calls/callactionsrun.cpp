// What each call action does when triggered: asks what it needs, then hands the command to
// CallControl (callactions.cpp builds the actions and keeps them enabled or not).
#include "ui/calls/callactions.h"

#include "console/watchonlysetting.h"

#include "console/switchfacts.h"
#include "monitor/bidi.h"
#include "ui/calls/actiondialogs.h"
#include "ui/calls/callspanel.h"
#include "ui/window/noticebar.h"

#include <QMenu>
#include <QPointer>
#include <QTimer>
#include <QToolBar>

namespace Ui {

namespace C = Esl::Commands;

namespace {

QString listOf(const Console::CallControl *control, const QList<Monitor::ChannelKey> &keys)
{
    QStringList names;
    for (const Monitor::ChannelKey &k : keys.first(std::min<qsizetype>(keys.size(), 10)))
        names.append(QStringLiteral("  • ") + control->describe(k));
    if (keys.size() > 10)
        names.append(QObject::tr("  … and %1 more").arg(keys.size() - 10));
    return names.join(u'\n');
}

} // namespace

void CallActions::doHangup()
{
    const QList<Monitor::ChannelKey> keys = selection();
    if (keys.isEmpty())
        return;
    if (!confirm(tr("Hang up"), tr("Hang up %n channel(s)?\n\n%1", nullptr, int(keys.size()))
                                    .arg(listOf(m_control, keys))))
        return;
    for (const Monitor::ChannelKey &k : keys)
        m_control->hangup(k);
}

void CallActions::doHangupWithCause()
{
    const QList<Monitor::ChannelKey> keys = selection();
    if (keys.isEmpty())
        return;
    QStringList names;
    for (const Monitor::ChannelKey &k : keys)
        names.append(m_control->describe(k));
    HangupDialog dialog(names, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (!confirm(tr("Hang up"),
                 tr("Hang up %n channel(s) with %1?\n\n%2", nullptr, int(keys.size()))
                     .arg(dialog.cause(), listOf(m_control, keys))))
        return;
    for (const Monitor::ChannelKey &k : keys)
        m_control->hangup(k, dialog.cause());
}

void CallActions::doTransfer()
{
    const QList<Monitor::ChannelKey> keys = selection(true);
    if (keys.isEmpty())
        return;
    const Monitor::ChannelKey key = keys.first();
    TransferDialog dialog(m_control->describe(key), *m_settings,
                          Console::AppSettings::recentDestinations(), m_window);
    // An attended transfer runs att_xfer on the channel: through sendmsg execute, or where the
    // link has none (a broker), through uuid_broadcast, an api command.
    if (const Monitor::ServerMonitor *server = m_hub->server(key.server);
        server && !server->link()->can(Monitor::Capability::Execute) &&
        !server->link()->can(Monitor::Capability::Api)) {
        dialog.disableAttended(tr("Attended transfer runs att_xfer on the channel: %1")
                                   .arg(server->link()->unavailable(Monitor::Capability::Api)
                                            .message));
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    // The dialog was the question: it names the channel, the operator typed where to and
    // pressed Transfer. A second "are you sure?" (which defaulted to No) made a blind transfer
    // ask twice; drops and double-clicks, which happen by accident, still ask once.
    const QString destination = dialog.destination();
    Console::AppSettings::rememberDestination(destination);
    if (dialog.attended())
        m_control->attendedTransfer(key, destination, dialog.context());
    else
        m_control->transfer(key, destination, dialog.leg(), dialog.dialplan(), dialog.context());
}

void CallActions::transferTo(QList<Monitor::ChannelKey> channels, const QString &destination)
{
    if (channels.isEmpty())
        channels = selection(true);
    if (channels.isEmpty())
        return;
    if (refusedAsWatchOnly(channels))
        return;
    if (!confirm(tr("Transfer"),
                 tr("Transfer %n channel(s) to %1?\n\n%2", nullptr, int(channels.size()))
                     .arg(destination, listOf(m_control, channels))))
        return;
    Console::AppSettings::rememberDestination(destination);
    for (const Monitor::ChannelKey &k : channels)
        m_control->transfer(k, destination, C::Leg::A, m_settings->transferDialplan,
                            m_settings->transferContext);
}

void CallActions::bridgeDropped(const QList<Monitor::ChannelKey> &dragged,
                                const Monitor::ChannelKey &target)
{
    if (dragged.size() != 1) {
        m_notices->postMessage(tr("Drag one channel onto another to bridge them."), true);
        return;
    }
    if (refusedAsWatchOnly({dragged.first(), target}))
        return;
    if (!confirm(tr("Bridge"),
                 tr("Bridge %1 with %2?")
                     .arg(m_control->describe(dragged.first()), m_control->describe(target))))
        return;
    m_control->bridge(dragged.first(), target);
}

void CallActions::doHold()
{
    const QList<Monitor::ChannelKey> keys = selection();
    bool allHeld = !keys.isEmpty();
    for (const Monitor::ChannelKey &k : keys) {
        const Monitor::Channel *c = m_control->liveChannel(k);
        allHeld &= c && c->held;
    }
    for (const Monitor::ChannelKey &k : keys)
        m_control->hold(k, allHeld ? C::HoldAction::Unhold : C::HoldAction::Hold);
}

void CallActions::doPark()
{
    for (const Monitor::ChannelKey &k : selection())
        m_control->park(k);
}

void CallActions::doBridge()
{
    const QList<Monitor::ChannelKey> keys = m_calls->selectedChannels();
    if (keys.size() != 2) {
        m_notices->postMessage(tr("Select exactly two channels to bridge."), true);
        return;
    }
    m_control->bridge(keys[0], keys[1]);
}

void CallActions::doRecord()
{
    const QList<Monitor::ChannelKey> keys = selection(true);
    if (keys.isEmpty())
        return;
    const Monitor::ChannelKey key = keys.first();
    const Monitor::Channel *c = m_control->liveChannel(key);
    if (c && c->isRecording()) {
        m_control->stopRecording(key);
        return;
    }
    using Fact = Console::SwitchFacts::Fact;
    if (!m_settings->recordTemplate.contains(u"{recordings_dir}") ||
        m_facts->knows(key.server, Fact::RecordingsDir)) {
        openRecordDialog(key);
        return;
    }
    // The switch's recordings_dir, asked once per connection; the dialog opens when it answers,
    // or after a moment without it (the packaged default then).
    auto *wait = new QObject(this);
    const auto open = [this, wait, key] {
        if (wait->property("done").toBool())
            return;
        wait->setProperty("done", true);
        wait->deleteLater();
        openRecordDialog(key);
    };
    connect(m_facts, &Console::SwitchFacts::learned, wait,
            [key, open](Monitor::ServerId id, Fact fact) {
                if (id == key.server && fact == Fact::RecordingsDir)
                    open();
            });
    QTimer::singleShot(2000, wait, open);
    m_facts->request(key.server, Fact::RecordingsDir);
    if (!m_hub->server(key.server) || !m_hub->server(key.server)->link()->isLive())
        open();
}

void CallActions::openRecordDialog(const Monitor::ChannelKey &key)
{
    RecordDialog dialog(m_control->describe(key),
                        m_control->expandRecordTemplate(m_settings->recordTemplate, key,
                                                        m_facts->recordingsDir(key.server)),
                        m_window);
    if (dialog.exec() == QDialog::Accepted)
        m_control->startRecording(key, dialog.path());
}

void CallActions::doDtmf()
{
    const QList<Monitor::ChannelKey> keys = selection(true);
    if (keys.isEmpty())
        return;
    DtmfDialog dialog(m_control->describe(keys.first()), m_window);
    if (dialog.exec() == QDialog::Accepted)
        m_control->sendDtmf(keys.first(), dialog.digits());
}

void CallActions::doListen()
{
    doEavesdrop(Console::CallControl::Eavesdrop::Listen);
}

void CallActions::doWhisper()
{
    doEavesdrop(Console::CallControl::Eavesdrop::Whisper);
}

void CallActions::doBarge()
{
    doEavesdrop(Console::CallControl::Eavesdrop::Barge);
}

void CallActions::doEavesdrop(Console::CallControl::Eavesdrop mode)
{
    const QList<Monitor::ChannelKey> keys = selection(true);
    if (!keys.isEmpty())
        m_control->eavesdrop(keys.first(), mode, m_settings->operatorEndpoint);
}

void CallActions::doOriginate()
{
    // A watch-only server is not offered: the call would only be refused after the dialog.
    QList<std::pair<Monitor::ServerId, QString>> servers;
    for (const Monitor::ServerMonitor *s : m_hub->servers()) {
        if (s->link()->can(Monitor::Capability::Bgapi) && !Console::isWatchOnly(*s))
            servers.append({s->id(), s->name()});
    }
    if (servers.isEmpty()) {
        m_notices->postMessage(tr("No server to call from: connect one first."), true);
        return;
    }
    OriginateDialog dialog(servers, *m_settings, m_window);
    if (dialog.exec() == QDialog::Accepted)
        m_control->originate(dialog.server(), dialog.request());
}

void CallActions::doExecute()
{
    const QList<Monitor::ChannelKey> keys = selection(true);
    if (keys.isEmpty())
        return;
    const Monitor::ChannelKey key = keys.first();
    ExecuteDialog dialog(m_control->describe(key), m_recentApplications, m_window);
    // The switch's own applications, asked once per connection: a name it lacks is refused in
    // the dialog, since the switch would hang the caller up.
    using Fact = Console::SwitchFacts::Fact;
    connect(m_facts, &Console::SwitchFacts::learned, &dialog,
            [this, &dialog, key](Monitor::ServerId id, Fact fact) {
                if (id == key.server && fact == Fact::Applications)
                    dialog.setApplications(m_facts->names(id, fact));
            });
    if (m_facts->knows(key.server, Fact::Applications))
        dialog.setApplications(m_facts->names(key.server, Fact::Applications));
    else
        m_facts->request(key.server, Fact::Applications);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_recentApplications.removeAll(dialog.application());
    m_recentApplications.prepend(dialog.application());
    m_control->execute(keys.first(), dialog.application(), dialog.arguments(), dialog.eventLock());
}

void CallActions::doDump()
{
    const QList<Monitor::ChannelKey> keys = selection(true);
    if (keys.isEmpty())
        return;
    const QString title = tr("Channel variables — %1").arg(m_control->describe(keys.first()));
    // No context object: Qt 6.4 asserts when a continuation's context is gone, and the window
    // may close before the switch answers. The guard skips the dialog then.
    m_control->dump(keys.first())
        .then([self = QPointer(this), title](const Console::ActionOutcome &o) {
            if (!self || !o.ok)
                return; // the notice bar says why
            auto *dialog = new DumpDialog(title, o.reply, self->m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
        });
}

bool CallActions::refusedAsWatchOnly(const QList<Monitor::ChannelKey> &channels)
{
    QList<Monitor::ServerId> servers;
    for (const Monitor::ChannelKey &k : channels)
        servers.append(k.server);
    if (!Console::anyWatchOnly(m_hub, servers))
        return false;
    // A drop has no action to hide: say why nothing happens, and send nothing.
    m_notices->postMessage(tr("Watch-only: nothing is sent that would change a call on this "
                              "server."),
                           true);
    return true;
}

} // namespace Ui
