// QueuesPanel: the actions and their menus (queuespanel.h). Every command is built and checked
// by Console::CallCenterCommands and sent through CallControl::serverCommand (audited, at most
// once, timed out); the outcome goes to the notice strip. Each acts on a captured Target, and
// refuses, unsent, when that target went meanwhile.

#include "ui/callcenter/queuespanel.h"

#include "ui/callcenter/queuestablemodel.h"
#include "ui/window/noticebar.h"

#include "console/callcentercommands.h"
#include "console/callcontrol.h"
#include "monitor/bidi.h"
#include "monitor/callcenterstore.h"
#include "monitor/hub.h"
#include "monitor/servermonitor.h"

#include <QDateTime>
#include <QMenu>
#include <QTableView>

namespace Ui {

namespace CC = Console::CallCenterCommands;

namespace {

bool isWaiting(const Monitor::CallCenterMember &m)
{
    return m.state == u"Waiting" || m.state == u"Trying";
}

} // namespace

QueuesPanel::Target QueuesPanel::agentTarget() const
{
    Target t;
    const Monitor::ServerMonitor *server = selectedServer();
    if (!server || m_agent.isEmpty())
        return t;
    t.server = server->id();
    t.serverName = server->name();
    t.queue = m_queue.section(u' ', 1);
    t.agent = m_agent;
    t.who = Monitor::isolated(m_agent);
    return t;
}

QueuesPanel::Target QueuesPanel::memberTarget() const
{
    Target t;
    const Monitor::ServerMonitor *server = selectedServer();
    const Monitor::CallCenterMember *m = member(m_member);
    if (!server || !m)
        return t;
    t.server = server->id();
    t.serverName = server->name();
    t.queue = m_queue.section(u' ', 1);
    t.member = m->uuid;
    t.session = m->sessionUuid;
    const QString name = m->cidName.isEmpty() ? m->cidNumber : m->cidName;
    t.who = m->cidNumber.isEmpty() || m->cidNumber == name
                ? Monitor::isolated(name)
                : tr("%1 (%2)").arg(Monitor::isolated(name), Monitor::isolated(m->cidNumber));
    return t;
}

QString QueuesPanel::gone(const Target &t, bool waitingOnly) const
{
    const Monitor::CallCenterStore *store = storeOf(t.server);
    if (!store)
        return tr("%1 is no longer watched").arg(t.serverName);
    if (store->isStale())
        return tr("the link to %1 is down").arg(t.serverName);
    const Monitor::CallCenterQueue *q = store->queue(t.queue);
    if (!q)
        return tr("%1 is gone from %2").arg(Monitor::isolated(t.queue), t.serverName);
    if (!t.agent.isEmpty()) {
        if (!store->agents().contains(t.agent))
            return tr("%1 is gone from %2").arg(t.who, t.serverName);
        return {};
    }
    for (const Monitor::CallCenterMember &m : q->members) {
        if (m.uuid != t.member)
            continue;
        // Still its channel, still in the queue (a pick: still waiting for an agent).
        const bool there = !m.sessionUuid.isEmpty() && m.sessionUuid == t.session &&
                           m.state != u"Abandoned" && (!waitingOnly || isWaiting(m));
        if (there)
            return {};
        if (m.state == u"Answered")
            return tr("%1 was answered by %2").arg(t.who, Monitor::isolated(m.servingAgent));
        break;
    }
    return tr("%1 left %2").arg(t.who, Monitor::isolated(t.queue));
}

bool QueuesPanel::inOtherQueue(const Target &t) const
{
    const Monitor::CallCenterStore *store = storeOf(t.server);
    if (!store)
        return false;
    for (const Monitor::CallCenterTier &tier : store->allTiers()) {
        if (tier.agent == t.agent && tier.queue != t.queue)
            return true;
    }
    return false;
}

void QueuesPanel::refuse(const Target &target, const QString &action, const QString &what,
                         const QString &why)
{
    send(target, action, what,
         Esl::Error{Esl::Error::Code::InvalidArgument, tr("%1 — nothing sent").arg(why), -1},
         false);
}

void QueuesPanel::send(const Target &target, const QString &action, const QString &what,
                       const Esl::Expected<QString> &command, bool resyncAfter,
                       std::function<void()> onSuccess)
{
    if (!m_context.control || target.isEmpty())
        return;
    QFuture<Console::ActionOutcome> f = m_context.control->serverCommand(
        target.server, action, what, command, CC::replyCheck());
    // No context object for the continuation: the panel may be gone when the switch answers.
    f.then([self = QPointer(this), notices = QPointer(m_context.notices),
            monitor = QPointer(m_context.hub ? m_context.hub->server(target.server) : nullptr),
            resyncAfter, onSuccess](const Console::ActionOutcome &o) {
        if (notices)
            notices->post(o);
        if (!o.ok || !self)
            return;
        // mod_callcenter fires no event for a tier added or deleted: the store lists again.
        if (resyncAfter && monitor) {
            Monitor::SwitchLink *link = monitor->link();
            monitor->panels()->callCenter()->sync(
                [link](const QString &c) { return link->api(c); },
                QDateTime::currentMSecsSinceEpoch());
        }
        if (onSuccess)
            onSuccess();
    });
}

void QueuesPanel::setStatus(const Target &target, const QString &status)
{
    const QString what = tr("Set %1 %2 on %3").arg(target.who, status, target.serverName);
    if (target.isEmpty())
        return;
    if (const QString why = gone(target); !why.isEmpty())
        return refuse(target, tr("Agent status"), what, why);
    send(target, tr("Agent status"), what, CC::setAgentStatus(target.agent, status), false);
}

void QueuesPanel::logIn(const Target &target, int level, int position, bool setAvailable)
{
    if (target.isEmpty())
        return;
    const QString what =
        tr("Log %1 in to %2 on %3").arg(target.who, Monitor::isolated(target.queue), target.serverName);
    if (const QString why = gone(target); !why.isEmpty())
        return refuse(target, tr("Log in to queue"), what, why);
    // A FOP2 user expects a logged-in agent to take calls: a Logged Out agent in a tier is
    // offered none, so the dialog offers to make it Available once the tier is there.
    std::function<void()> thenAvailable;
    if (setAvailable) {
        thenAvailable = [self = QPointer(this), target] {
            if (self)
                self->setStatus(target, QStringLiteral("Available"));
        };
    }
    send(target, tr("Log in to queue"), what,
         CC::addTier(target.queue, target.agent, level, position), true, thenAvailable);
}

void QueuesPanel::logOut(const Target &target, bool setLoggedOut)
{
    if (target.isEmpty())
        return;
    const QString what = tr("Log %1 out of %2 on %3")
                             .arg(target.who, Monitor::isolated(target.queue), target.serverName);
    if (const QString why = gone(target); !why.isEmpty())
        return refuse(target, tr("Log out of queue"), what, why);
    std::function<void()> thenLoggedOut;
    if (setLoggedOut) {
        thenLoggedOut = [self = QPointer(this), target] {
            if (self)
                self->setStatus(target, QStringLiteral("Logged Out"));
        };
    }
    send(target, tr("Log out of queue"), what, CC::deleteTier(target.queue, target.agent), true,
         thenLoggedOut);
}

void QueuesPanel::pick(const Target &target, const QString &extension, const QString &context)
{
    if (target.isEmpty())
        return;
    const QString what = tr("Pick %1 waiting in %2 to %3")
                             .arg(target.who, Monitor::isolated(target.queue), extension);
    if (const QString why = gone(target, true); !why.isEmpty())
        return refuse(target, tr("Pick member"), what, why);
    send(target, tr("Pick member"), what, CC::pickMember(target.session, extension, context),
         false);
}

void QueuesPanel::hangUp(const Target &target)
{
    if (target.isEmpty())
        return;
    const QString what =
        tr("Hang up %1 waiting in %2").arg(target.who, Monitor::isolated(target.queue));
    if (const QString why = gone(target); !why.isEmpty())
        return refuse(target, tr("Hang up member"), what, why);
    send(target, tr("Hang up member"), what, CC::hangupMember(target.session), false);
}

void QueuesPanel::setSelectedAgentStatus(const QString &status)
{
    setStatus(agentTarget(), status);
}

void QueuesPanel::logInSelectedAgent(int level, int position, bool setAvailable)
{
    logIn(agentTarget(), level, position, setAvailable);
}

void QueuesPanel::logOutSelectedAgent(bool setLoggedOut)
{
    logOut(agentTarget(), setLoggedOut);
}

void QueuesPanel::pickSelectedMember(const QString &extension, const QString &context)
{
    pick(memberTarget(), extension, context);
}

void QueuesPanel::hangUpSelectedMember()
{
    hangUp(memberTarget());
}

void QueuesPanel::showMemberMenu(const QPoint &pos)
{
    const QModelIndex index = m_memberView->indexAt(pos);
    if (!index.isValid())
        return;
    m_memberView->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_pickAction);
    menu.addAction(m_hangUpAction);
    menu.exec(m_memberView->viewport()->mapToGlobal(pos));
}

void QueuesPanel::showAgentMenu(const QPoint &pos)
{
    const QModelIndex index = m_agentView->indexAt(pos);
    if (!index.isValid())
        return;
    m_agentView->setCurrentIndex(index);
    QMenu menu(this);
    menu.addMenu(m_statusMenu);
    menu.addAction(m_logInAction);
    menu.addAction(m_logOutAction);
    menu.exec(m_agentView->viewport()->mapToGlobal(pos));
}

} // namespace Ui
