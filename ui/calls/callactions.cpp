#include "ui/calls/callactions.h"

#include "console/switchfacts.h"
#include "console/watchonlysetting.h"
#include "monitor/bidi.h"
#include "ui/calls/actiondialogs.h"
#include "ui/calls/callspanel.h"
#include "ui/common/controlactions.h"
#include "ui/window/noticebar.h"

#include <QMenu>
#include <QPointer>
#include <QTimer>
#include <QToolBar>

namespace Ui {

namespace C = Esl::Commands;

namespace {

// The servers among `servers` whose link has no sendmsg: an application runs there through
// uuid_broadcast (api), if the link carries api at all.
QList<Monitor::ServerId> withoutSendmsg(const Monitor::Hub *hub,
                                        const QList<Monitor::ServerId> &servers)
{
    QList<Monitor::ServerId> out;
    for (Monitor::ServerId id : servers) {
        const Monitor::ServerMonitor *server = hub->server(id);
        if (server && !server->link()->can(Monitor::Capability::Execute))
            out.append(id);
    }
    return out;
}

} // namespace

CallActions::CallActions(Monitor::Hub *hub, Console::CallControl *control, CallsPanel *calls,
                         NoticeBar *notices, Console::AppSettings *settings, QWidget *window)
    : QObject(window), m_hub(hub), m_control(control), m_calls(calls), m_notices(notices),
      m_settings(settings), m_window(window), m_facts(new Console::SwitchFacts(hub, this))
{
    hangup = make(tr("&Hang up"), "hangupAction", QKeySequence(Qt::Key_Delete),
                  tr("Hang up the selected channels"), &CallActions::doHangup);
    hangupWithCause = make(tr("Hang up with &cause…"), "hangupWithCauseAction",
                           QKeySequence(Qt::SHIFT | Qt::Key_Delete),
                           tr("Choose the hangup cause, then hang up the selected channels"),
                           &CallActions::doHangupWithCause);
    transfer = make(tr("&Transfer…"), "transferAction", QKeySequence(tr("Ctrl+Shift+T")),
                    tr("Transfer the selected channel to another extension (blind or attended)"),
                    &CallActions::doTransfer);
    hold = make(tr("H&old"), "holdAction", QKeySequence(tr("Ctrl+H")),
                tr("Put the selected channels on hold, or take them off"), &CallActions::doHold);
    park = make(tr("&Park"), "parkAction", QKeySequence(tr("Ctrl+P")),
                tr("Park the selected channels"), &CallActions::doPark);
    bridge = make(tr("&Bridge"), "bridgeAction", QKeySequence(tr("Ctrl+B")),
                  tr("Bridge the two selected channels (or drag one onto the other)"),
                  &CallActions::doBridge);
    record = make(tr("&Record"), "recordAction", QKeySequence(tr("Ctrl+R")),
                  tr("Start or stop recording the selected channel"), &CallActions::doRecord);
    dtmf = make(tr("Send &DTMF…"), "dtmfAction", QKeySequence(tr("Ctrl+D")),
                tr("Send DTMF digits to the selected channel"), &CallActions::doDtmf);
    listen = make(tr("&Listen"), "listenAction", QKeySequence(tr("Ctrl+Shift+L")),
                  tr("Listen to the call from your own phone"), &CallActions::doListen);
    whisper = make(tr("&Whisper"), "whisperAction", QKeySequence(tr("Ctrl+Shift+W")),
                   tr("Speak to the selected channel only, from your own phone"),
                   &CallActions::doWhisper);
    barge = make(tr("B&arge in"), "bargeAction", QKeySequence(tr("Ctrl+Shift+B")),
                 tr("Join the call from your own phone"), &CallActions::doBarge);
    originate = make(tr("&New call…"), "originateAction", QKeySequence(tr("Ctrl+N")),
                     tr("Place a call (originate)"), &CallActions::doOriginate, false);
    execute =
        make(tr("Run &application…"), "executeAction", QKeySequence(tr("Ctrl+Shift+X")),
             tr("Run a dialplan application on the selected channel"), &CallActions::doExecute);
    dump = make(tr("Channel &variables (uuid_dump)…"), "dumpAction", QKeySequence(tr("Ctrl+I")),
                tr("Show everything the switch knows about the selected channel"),
                &CallActions::doDump);

    // The operator's own listen, whisper and barge legs read as theirs in the calls view.
    m_calls->model()->followSettings(m_settings);
    connect(m_calls, &CallsPanel::selectionChanged, this, &CallActions::updateEnabled);
    connect(m_calls, &CallsPanel::channelsDropped, this, &CallActions::bridgeDropped);
    connect(m_control, &Console::CallControl::started, m_notices, &NoticeBar::post);
    connect(m_control, &Console::CallControl::finished, m_notices, &NoticeBar::post);
    // Held / recording change with events, not only with the selection.
    connect(m_calls->model(), &QAbstractItemModel::dataChanged, this, &CallActions::updateEnabled);
    updateEnabled();
}

QAction *CallActions::make(const QString &text, const char *name, const QKeySequence &keys,
                           const QString &tip, void (CallActions::*slot)(), bool viewOnly)
{
    auto *a = new QAction(text, this);
    a->setObjectName(QLatin1StringView(name));
    a->setShortcut(keys);
    const QString toolTip =
        QStringLiteral("%1 (%2)").arg(tip, keys.toString(QKeySequence::NativeText));
    a->setToolTip(toolTip);
    m_toolTips.insert(a, toolTip);
    a->setStatusTip(tip);
    if (viewOnly) {
        // Works where the calls are, so Delete in a filter box stays a Delete.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_calls->view()->addAction(a);
    } else {
        a->setShortcutContext(Qt::WindowShortcut);
        m_window->addAction(a);
    }
    connect(a, &QAction::triggered, this, slot);
    m_all.append(a);
    return a;
}

QList<QAction *> CallActions::actions() const
{
    return m_all;
}

void CallActions::addToMenu(QMenu *menu) const
{
    menu->addActions({hangup, hangupWithCause, transfer});
    menu->addSeparator();
    menu->addActions({hold, park, bridge, record, dtmf});
    menu->addSeparator();
    menu->addActions({listen, whisper, barge});
    menu->addSeparator();
    menu->addActions({originate, execute, dump});
}

void CallActions::addToToolBar(QToolBar *bar) const
{
    bar->addActions({originate, hangup, transfer, hold, park, bridge, record, listen});
}

void CallActions::addToContextMenu(QMenu *menu) const
{
    menu->addSeparator();
    addToMenu(menu);
}

QString CallActions::whyNot(const QList<Monitor::ServerId> &servers,
                            Monitor::Capability capability) const
{
    for (Monitor::ServerId id : servers) {
        const Monitor::ServerMonitor *server = m_hub->server(id);
        if (server && !server->link()->can(capability)) {
            return tr("Not available on %1: %2")
                .arg(Monitor::isolated(server->name()),
                     server->link()->unavailable(capability).message);
        }
    }
    return {};
}

void CallActions::setAvailable(QAction *action, bool enabled, const QString &whyNot)
{
    action->setEnabled(enabled && whyNot.isEmpty());
    action->setToolTip(whyNot.isEmpty() ? m_toolTips.value(action) : whyNot);
}

void CallActions::updateEnabled()
{
    const QList<Monitor::ChannelKey> keys = m_calls->selectedChannels();
    bool anyLive = false;
    bool allHeld = !keys.isEmpty();
    bool anyRecording = false;
    QList<Monitor::ServerId> servers;
    for (const Monitor::ChannelKey &k : keys) {
        const Monitor::Channel *c = m_control->liveChannel(k);
        anyLive |= c != nullptr;
        allHeld &= c && c->held;
        anyRecording |= c && c->isRecording();
        if (!servers.contains(k.server))
            servers.append(k.server);
    }
    // What the selected channels' links cannot carry is off, and its tooltip says why.
    using Monitor::Capability;
    const QString noApi = whyNot(servers, Capability::Api);
    for (QAction *a : {hangup, hangupWithCause, transfer, hold, park, record, dtmf})
        setAvailable(a, anyLive, noApi);
    const QString noBgapi = whyNot(servers, Capability::Bgapi);
    for (QAction *a : {listen, whisper, barge})
        setAvailable(a, anyLive, noBgapi);
    // Without sendmsg an application goes through uuid_broadcast, which needs api; the tooltip
    // says what that costs.
    const QList<Monitor::ServerId> broadcast = withoutSendmsg(m_hub, servers);
    const QString noRun = whyNot(broadcast, Capability::Api);
    setAvailable(execute, anyLive, noRun);
    if (noRun.isEmpty() && !broadcast.isEmpty()) {
        const Monitor::ServerMonitor *server = m_hub->server(broadcast.first());
        execute->setToolTip(
            tr("%1\nOn %2 it goes through uuid_broadcast (%3 has no sendmsg): the switch "
               "reports that it queued the application, not when it completes, and the "
               "arguments cannot contain spaces.")
                .arg(m_toolTips.value(execute), Monitor::isolated(server->name()),
                     server->link()->kind()));
    }
    const QString noDump = whyNot(servers, Capability::ChannelDump);
    setAvailable(dump, anyLive, noDump.isEmpty() ? noApi : noDump);
    setAvailable(bridge, keys.size() == 2, noApi);
    // A call can be placed from any server that is not watch-only and whose link carries bgapi.
    QList<Monitor::ServerId> all;
    bool anyCanCall = false;
    for (const Monitor::ServerMonitor *s : m_hub->servers()) {
        if (Console::isWatchOnly(*s))
            continue;
        all.append(s->id());
        anyCanCall |= s->link()->can(Capability::Bgapi);
    }
    setAvailable(originate, !all.isEmpty(),
                 all.isEmpty() || anyCanCall ? QString() : whyNot(all, Capability::Bgapi));
    hold->setText(allHeld ? tr("Unh&old") : tr("H&old"));
    record->setText(anyRecording ? tr("Stop &recording") : tr("&Record"));
    // Watch-only: what would change a call is absent (menus, toolbar, context menu, shortcuts)
    // for a selection on a watch-only server, and everywhere under the system-wide setting;
    // uuid_dump only reads and stays.
    offerControlActions({hangup, hangupWithCause, transfer, hold, park, bridge, record, dtmf,
                         listen, whisper, barge, execute},
                        !Console::anyWatchOnly(m_hub, servers) &&
                            Console::anyServerTakesControl(m_hub));
    offerControlActions({originate}, Console::anyServerTakesControl(m_hub));
}

QList<Monitor::ChannelKey> CallActions::selection(bool one)
{
    QList<Monitor::ChannelKey> keys = m_calls->selectedChannels();
    if (keys.isEmpty()) {
        m_notices->postMessage(tr("Select a channel in the calls view first."), true);
        return {};
    }
    if (one && keys.size() > 1)
        keys = {m_calls->currentChannel().isValid() ? m_calls->currentChannel() : keys.first()};
    return keys;
}

bool CallActions::confirm(const QString &title, const QString &text)
{
    return confirmAction(m_window, title, text, *m_settings);
}

} // namespace Ui
