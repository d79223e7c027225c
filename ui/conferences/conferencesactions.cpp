// ConferencesPanel's actions: the toolbar, the right-click menu and what each sends
// (Console::ConferenceCommands), through CallControl::serverCommand.

#include "ui/conferences/conferencespanel.h"

#include "ui/calls/dialogs/confirmaction.h"
#include "ui/conferences/conferencesmodel.h"
#include "ui/window/noticebar.h"

#include "console/appsettings.h"
#include "console/watchonlysetting.h"
#include "ui/common/controlactions.h"

#include "console/conferencecommands.h"
#include "esl/promise.h"

#include <QMenu>
#include <QPointer>
#include <QToolBar>
#include <QTreeView>

namespace Ui {

namespace C = Console::ConferenceCommands;

void ConferencesPanel::buildActions()
{
    struct Spec
    {
        const char *name;
        QString text;
        QString tip;
        std::function<void()> run;
    };
    const QList<Spec> specs{
        {"confMute", tr("Mute"), tr("Mute or unmute the member (conference NAME mute|unmute ID)"),
         [this] { toggleMute(); }},
        {"confDeaf", tr("Deaf"), tr("Make the member deaf, or hear again (deaf|undeaf)"),
         [this] { toggleDeaf(); }},
        {"confVolume", tr("Volume…"), tr("The member's volume in or out, -4..4"),
         [this] { askVolume(true); }},
        {"confEnergy", tr("Energy…"), tr("The member's energy threshold (conference NAME energy ID N)"),
         [this] { askEnergy(); }},
        {"confTransfer", tr("Transfer…"), tr("Move the member to another conference or an extension"),
         [this] { askTransfer(); }},
        {"confKick", tr("Kick"), tr("Kick the member out (conference NAME kick ID); asks first"),
         [this] { confirmKick(); }},
        {"confHangup", tr("Hang up"), tr("Hang up the member's call (conference NAME hup ID); asks first"),
         [this] { confirmHangup(); }},
        {"confLock", tr("Lock"), tr("Lock or unlock the conference"), [this] { toggleLock(); }},
        {"confRecord", tr("Record…"), tr("Start recording the conference, or stop it (norecord all)"),
         [this] { askRecord(); }},
        {"confPlay", tr("Play…"), tr("Play a file to the conference (or to the selected member)"),
         [this] { askPlay(); }},
        {"confInvite", tr("Invite…"), tr("Dial out and bring the answer into the conference (bgdial)"),
         [this] { askInvite(); }},
    };
    for (const Spec &s : specs) {
        auto *action = new QAction(s.text, this);
        action->setObjectName(QLatin1StringView(s.name));
        action->setToolTip(s.tip);
        action->setStatusTip(s.tip);
        connect(action, &QAction::triggered, this, s.run);
        m_toolbar->addAction(action);
        m_actions.insert(action->objectName(), action);
    }
    // Every action here is removed for a watch-only selection: the bar keeps its height.
    keepToolBarHeight(m_toolbar);
    auto *volumeOut = new QAction(tr("Volume out…"), this);
    volumeOut->setObjectName(QStringLiteral("confVolumeOut"));
    connect(volumeOut, &QAction::triggered, this, [this] { askVolume(false); });
    m_actions.insert(volumeOut->objectName(), volumeOut);
    m_actions.value(QStringLiteral("confVolume"))->setText(tr("Volume in…"));
    updateActions();
}

void ConferencesPanel::updateActions()
{
    const Target t = target();
    const bool member = t.member > 0;
    const bool conference = !t.conference.isEmpty();
    const Monitor::ConferenceMember *m = m_model->memberAt(m_view->currentIndex());
    const Monitor::Conference *c = m_model->conferenceAt(m_view->currentIndex());
    for (const char *name : {"confMute", "confDeaf", "confVolume", "confVolumeOut", "confEnergy",
                             "confTransfer", "confKick", "confHangup"})
        m_actions.value(QLatin1StringView(name))->setEnabled(member);
    for (const char *name : {"confLock", "confRecord", "confPlay", "confInvite"})
        m_actions.value(QLatin1StringView(name))->setEnabled(conference);
    m_actions.value(QStringLiteral("confMute"))->setText(m && !m->canSpeak ? tr("Unmute") : tr("Mute"));
    m_actions.value(QStringLiteral("confDeaf"))->setText(m && !m->canHear ? tr("Undeaf") : tr("Deaf"));
    m_actions.value(QStringLiteral("confLock"))->setText(c && c->locked ? tr("Unlock") : tr("Lock"));
    m_actions.value(QStringLiteral("confRecord"))
        ->setText(c && c->isRecording() ? tr("Stop recording") : tr("Record…"));
    // Watch-only: every action here changes a conference, so none is offered for one on a
    // watch-only server (nor, with nothing chosen, when no server takes control).
    const bool offered = t.server != 0 ? !Console::isWatchOnly(m_context.hub, t.server)
                                       : Console::anyServerTakesControl(m_context.hub);
    offerControlActions(m_actions.values(), offered);
}

void ConferencesPanel::showMenu(const QPoint &pos)
{
    const QModelIndex at = m_view->indexAt(pos);
    if (!at.isValid())
        return;
    select(at.data(ConferencesModel::ServerRole).value<Monitor::ServerId>(),
           at.data(ConferencesModel::ConferenceRole).toString(),
           at.data(ConferencesModel::MemberIdRole).toInt());
    QMenu menu(this);
    if (target().member > 0) {
        for (const char *name : {"confMute", "confDeaf", "confVolume", "confVolumeOut",
                                 "confEnergy", "confTransfer", "confKick", "confHangup"})
            menu.addAction(m_actions.value(QLatin1StringView(name)));
        menu.addSeparator();
    }
    for (const char *name : {"confLock", "confRecord", "confPlay", "confInvite"})
        menu.addAction(m_actions.value(QLatin1StringView(name)));
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QFuture<Console::ActionOutcome> ConferencesPanel::refuse(const QString &action, const QString &why)
{
    Console::ActionOutcome o;
    o.action = action;
    o.what = action;
    o.reply = why;
    if (m_context.notices)
        m_context.notices->post(o);
    return Esl::detail::readyFuture(o);
}

QFuture<Console::ActionOutcome> ConferencesPanel::send(const Target &t, const QString &action,
                                                       const QString &what,
                                                       const Esl::Expected<QString> &command)
{
    if (!m_context.control)
        return refuse(action, tr("no call control"));
    // The target the operator asked about, or nothing: never whatever took its place.
    if (const QString gone = goneReason(t); !gone.isEmpty())
        return refuse(action, gone);
    QFuture<Console::ActionOutcome> f = m_context.control->serverCommand(
        t.server, action, what, command, [](const QString &reply) { return C::replyFailure(reply); });
    // No context object: the panel may be gone when the switch answers.
    f.then([notices = QPointer(m_context.notices)](const Console::ActionOutcome &o) {
        if (notices)
            notices->post(o);
    });
    // The panel changes with the module's events; nothing is polled after an action.
    return f;
}

namespace {

constexpr int kMute = 0, kDeaf = 1, kKick = 2, kHangup = 3;

} // namespace

QFuture<Console::ActionOutcome> ConferencesPanel::memberAction(const Target &t, int which)
{
    static const char *const names[] = {"Mute", "Deaf", "Kick", "Hang up"};
    if (t.member <= 0)
        return refuse(tr(names[which]), tr("Select a conference member first."));
    const Monitor::ConferenceMember *m =
        m_model->memberAt(m_model->find(t.server, t.conference, t.member));
    C::MemberAction verb = C::MemberAction::Kick;
    QString action;
    switch (which) {
    case kMute: {
        const bool unmute = m && !m->canSpeak;
        verb = unmute ? C::MemberAction::Unmute : C::MemberAction::Mute;
        action = unmute ? tr("Unmute") : tr("Mute");
        break;
    }
    case kDeaf: {
        const bool undeaf = m && !m->canHear;
        verb = undeaf ? C::MemberAction::Undeaf : C::MemberAction::Deaf;
        action = undeaf ? tr("Undeaf") : tr("Deaf");
        break;
    }
    case kKick:
        action = tr("Kick");
        break;
    default:
        verb = C::MemberAction::Hangup;
        action = tr("Hang up");
        break;
    }
    return send(t, action, tr("%1 %2").arg(action, t.who), C::member(t.conference, verb, t.member));
}

QFuture<Console::ActionOutcome> ConferencesPanel::toggleMute()
{
    return memberAction(target(), kMute);
}

QFuture<Console::ActionOutcome> ConferencesPanel::toggleDeaf()
{
    return memberAction(target(), kDeaf);
}

QFuture<Console::ActionOutcome> ConferencesPanel::kick()
{
    return memberAction(target(), kKick);
}

QFuture<Console::ActionOutcome> ConferencesPanel::hangUp()
{
    return memberAction(target(), kHangup);
}

void ConferencesPanel::confirmKick()
{
    const Target t = target();
    if (t.member <= 0)
        return;
    Console::AppSettings settings = Console::AppSettings::load();
    if (confirmAction(this, tr("Kick"),
                      tr("Kick #%1 %2 out of %3?").arg(t.member).arg(t.name, t.where), settings))
        memberAction(t, kKick);
}

void ConferencesPanel::confirmHangup()
{
    const Target t = target();
    if (t.member <= 0)
        return;
    Console::AppSettings settings = Console::AppSettings::load();
    if (confirmAction(this, tr("Hang up"),
                      tr("Hang up the call of #%1 %2 in %3?").arg(t.member).arg(t.name, t.where),
                      settings))
        memberAction(t, kHangup);
}

QFuture<Console::ActionOutcome> ConferencesPanel::setVolume(bool in, int level)
{
    return setVolume(target(), in, level);
}

QFuture<Console::ActionOutcome> ConferencesPanel::setVolume(const Target &t, bool in, int level)
{
    const QString action = in ? tr("Volume in") : tr("Volume out");
    if (t.member <= 0)
        return refuse(action, tr("Select a conference member first."));
    return send(t, action, tr("%1 of %2 to %3").arg(action, t.who).arg(level),
                in ? C::volumeIn(t.conference, t.member, level)
                   : C::volumeOut(t.conference, t.member, level));
}

QFuture<Console::ActionOutcome> ConferencesPanel::setEnergy(int level)
{
    return setEnergy(target(), level);
}

QFuture<Console::ActionOutcome> ConferencesPanel::setEnergy(const Target &t, int level)
{
    if (t.member <= 0)
        return refuse(tr("Energy"), tr("Select a conference member first."));
    return send(t, tr("Energy"), tr("Energy of %1 to %2").arg(t.who).arg(level),
                C::energy(t.conference, t.member, level));
}

QFuture<Console::ActionOutcome> ConferencesPanel::transferToConference(const QString &destination)
{
    return transferToConference(target(), destination);
}

QFuture<Console::ActionOutcome> ConferencesPanel::transferToConference(const Target &t,
                                                                       const QString &destination)
{
    if (t.member <= 0)
        return refuse(tr("Transfer"), tr("Select a conference member first."));
    return send(t, tr("Transfer"), tr("Move %1 to conference %2").arg(t.who, destination),
                C::transferToConference(t.conference, t.member, destination));
}

QFuture<Console::ActionOutcome> ConferencesPanel::transferToExtension(const QString &extension)
{
    return transferToExtension(target(), extension);
}

QFuture<Console::ActionOutcome> ConferencesPanel::transferToExtension(const Target &t,
                                                                      const QString &extension)
{
    if (t.member <= 0)
        return refuse(tr("Transfer"), tr("Select a conference member first."));
    return send(t, tr("Transfer"), tr("Transfer %1 to %2").arg(t.who, extension),
                C::transferToExtension(t.uuid, extension));
}

QFuture<Console::ActionOutcome> ConferencesPanel::toggleLock()
{
    const Target t = target();
    const Monitor::Conference *c = m_model->conferenceAt(m_view->currentIndex());
    if (!c || t.conference.isEmpty())
        return refuse(tr("Lock"), tr("Select a conference first."));
    const bool lock = !c->locked;
    return send(t, lock ? tr("Lock") : tr("Unlock"),
                (lock ? tr("Lock %1") : tr("Unlock %1")).arg(t.where), C::lock(t.conference, lock));
}

QFuture<Console::ActionOutcome> ConferencesPanel::startRecording(const QString &path)
{
    return startRecording(target(), path);
}

QFuture<Console::ActionOutcome> ConferencesPanel::startRecording(const Target &t, const QString &path)
{
    if (t.conference.isEmpty())
        return refuse(tr("Record"), tr("Select a conference first."));
    return send(t, tr("Record"), tr("Record %1 to %2").arg(t.where, path),
                C::record(t.conference, path));
}

QFuture<Console::ActionOutcome> ConferencesPanel::stopRecording()
{
    Target t = target();
    if (t.conference.isEmpty())
        return refuse(tr("Stop recording"), tr("Select a conference first."));
    t.member = 0; // the conference's recording, whoever is selected in it
    return send(t, tr("Stop recording"), tr("Stop recording %1").arg(t.where),
                C::stopRecording(t.conference));
}

QFuture<Console::ActionOutcome> ConferencesPanel::play(const QString &file, bool toMember)
{
    return play(target(), file, toMember);
}

QFuture<Console::ActionOutcome> ConferencesPanel::play(const Target &given, const QString &file,
                                                       bool toMember)
{
    Target t = given;
    if (t.conference.isEmpty())
        return refuse(tr("Play"), tr("Select a conference first."));
    if (!toMember)
        t.member = 0;
    return send(t, tr("Play"),
                t.member ? tr("Play %1 to %2").arg(file, t.who) : tr("Play %1 in %2").arg(file, t.where),
                C::play(t.conference, file, t.member));
}

QFuture<Console::ActionOutcome> ConferencesPanel::invite(const QString &endpoint)
{
    return invite(target(), endpoint);
}

QFuture<Console::ActionOutcome> ConferencesPanel::invite(const Target &given, const QString &endpoint)
{
    Target t = given;
    if (t.conference.isEmpty())
        return refuse(tr("Invite"), tr("Select a conference first."));
    t.member = 0; // into the conference, whoever is selected in it
    return send(t, tr("Invite"), tr("Invite %1 into %2").arg(endpoint, t.where),
                C::invite(t.conference, endpoint));
}

QFuture<Console::ActionOutcome> ConferencesPanel::bringIn(const Monitor::ChannelKey &call,
                                                          Monitor::ServerId server,
                                                          const QString &conference)
{
    if (call.server != server)
        return refuse(tr("Into conference"),
                      tr("The call is on another switch than %1; drag it onto a conference of "
                         "its own switch.")
                          .arg(conference));
    Target t;
    t.server = server;
    t.conference = conference;
    const QString who = m_context.control ? m_context.control->describe(call) : call.uuid;
    return send(t, tr("Into conference"), tr("Bring %1 into %2").arg(who, conference),
                C::bringIn(call.uuid, conference));
}

} // namespace Ui
