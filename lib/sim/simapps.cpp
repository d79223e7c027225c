// The dialplan applications `sendmsg execute` can run on a simulated channel: one at a time per
// channel, in the order sent, each announced by CHANNEL_EXECUTE and closed by
// CHANNEL_EXECUTE_COMPLETE with the client's Event-UUID as Application-UUID.

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QUuid>

namespace Sim {

bool Switch::execute(const QString &uuid, const QString &application, const QString &argument,
                     const QString &eventUuid, int loops, bool /*eventLock*/)
{
    if (!hasChannel(uuid))
        return false;
    // Applications run one after another on the channel, in the order they were sent.
    std::deque<PendingApp> &queue = m_appQueues[uuid];
    queue.push_back(PendingApp{application, argument, eventUuid.isEmpty() ? freshUuid() : eventUuid,
                               std::max(1, loops)});
    if (queue.size() == 1 && !m_runningApp.contains(uuid))
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
    return true;
}

void Switch::runNextApp(const QString &uuid)
{
    Channel *c = channel(uuid);
    auto it = m_appQueues.find(uuid);
    if (!c || it == m_appQueues.end() || it->empty() || m_runningApp.contains(uuid))
        return;
    PendingApp app = it->front();
    static const QStringList known{QStringLiteral("answer"),
                                   QStringLiteral("pre_answer"),
                                   QStringLiteral("ring_ready"),
                                   QStringLiteral("playback"),
                                   QStringLiteral("sleep"),
                                   QStringLiteral("set"),
                                   QStringLiteral("export"),
                                   QStringLiteral("unset"),
                                   QStringLiteral("park"),
                                   QStringLiteral("hangup"),
                                   QStringLiteral("transfer"),
                                   QStringLiteral("bridge"),
                                   QStringLiteral("record_session"),
                                   QStringLiteral("stop_record_session"),
                                   QStringLiteral("play_and_get_digits"),
                                   QStringLiteral("read"),
                                   QStringLiteral("echo"),
                                   QStringLiteral("log"),
                                   QStringLiteral("info"),
                                   QStringLiteral("eavesdrop"),
                                   QStringLiteral("three_way"),
                                   QStringLiteral("socket"),
                                   QStringLiteral("hold"),
                                   QStringLiteral("unhold"),
                                   QStringLiteral("send_dtmf"),
                                   QStringLiteral("respond")};
    if (!known.contains(app.application)) {
        // As the switch: an error in the log, and no CHANNEL_EXECUTE at all.
        it->pop_front();
        log(LogEntry{3, QStringLiteral("switch_core_session.c"),
                     QStringLiteral("switch_core_session_execute_application_get_flags"), 2846,
                     uuid, "Invalid Application " + app.application.toUtf8() + "\n"});
        runNextApp(uuid);
        return;
    }
    m_runningApp.insert(uuid, app);
    c->application = app.application;
    c->applicationData = app.argument;
    c->setVariable("current_application", app.application);
    if (!app.argument.isEmpty())
        c->setVariable("current_application_data", app.argument);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *c, {}, post);
    const int ms = runApp(*c, app);
    if (ms < 0) {
        // It runs until the channel moves on; the next application may start meanwhile.
        m_runningApp.remove(uuid);
        startBackgroundApp(uuid, app);
        auto queue = m_appQueues.find(uuid);
        if (queue != m_appQueues.end() && !queue->empty()) {
            queue->pop_front();
            if (!queue->empty())
                QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        }
        return;
    }
    QTimer::singleShot(ms, this, [this, uuid, app] {
        Channel *c = channel(uuid);
        if (!c || m_runningApp.value(uuid).eventUuid != app.eventUuid)
            return;
        QString response = QStringLiteral("_none_");
        if (app.application == u"playback")
            response = QStringLiteral("FILE PLAYED");
        if (app.application == u"playback") {
            Esl::HeaderList post;
            post.append("Playback-File-Path", app.argument.toUtf8());
            post.append("Playback-Status", "done");
            post.append("loops", QByteArray::number(app.loops));
            fireChannelEvent("PLAYBACK_STOP", *c, {}, post, true, false);
        }
        completeApp(uuid, app, response);
    });
}

int Switch::runApp(Channel &c, const PendingApp &app)
{
    const QString &name = app.application;
    const QString &arg = app.argument;
    if (name == u"answer" || name == u"pre_answer" || name == u"ring_ready") {
        if (name == u"answer")
            answer(c);
        return 20;
    }
    if (name == u"playback") {
        Esl::HeaderList post;
        post.append("Playback-File-Path", arg.toUtf8());
        post.append("loops", QByteArray::number(app.loops));
        fireChannelEvent("PLAYBACK_START", c, {}, post, true, false);
        return arg.startsWith(QStringLiteral("tone_stream://")) ? 500 : 1000;
    }
    if (name == u"sleep")
        return std::clamp(arg.toInt(), 0, 60000);
    if (name == u"set" || name == u"export") {
        c.setVariable(arg.section(u'=', 0, 0).toUtf8(), arg.section(u'=', 1));
        return 0;
    }
    if (name == u"unset") {
        c.removeVariable(arg.toUtf8());
        return 0;
    }
    if (name == u"park") {
        park(c);
        return -1;
    }
    if (name == u"echo" || name == u"eavesdrop" || name == u"three_way" || name == u"socket") {
        if (name == u"socket") {
            const QString target = arg.section(u' ', 0, 0);
            const QString uuid = c.uuid;
            Q_EMIT outboundSocketRequested(uuid, target.section(u':', 0, 0),
                                           quint16(target.section(u':', 1, 1).toUInt()));
        }
        return -1;
    }
    if (name == u"hangup") {
        const QString uuid = c.uuid;
        const QString cause = arg.isEmpty() ? QStringLiteral("NORMAL_CLEARING") : arg;
        QTimer::singleShot(0, this, [this, uuid, cause] { hangupChannel(uuid, cause); });
        return -1;
    }
    if (name == u"transfer") {
        const QString uuid = c.uuid;
        const QStringList parts = arg.split(u' ', Qt::SkipEmptyParts);
        QTimer::singleShot(0, this, [this, uuid, parts] {
            if (Channel *ch = channel(uuid))
                transfer(*ch, parts.value(0), parts.value(1), parts.value(2));
        });
        return 0;
    }
    if (name == u"bridge") {
        newBLeg(c, arg.section(u'/', -1).section(u'@', 0, 0), {}, {});
        return -1;
    }
    if (name == u"record_session") {
        startRecording(c, arg.section(u' ', 0, 0));
        return 0;
    }
    if (name == u"stop_record_session") {
        stopRecording(c, arg);
        return 0;
    }
    if (name == u"hold" || name == u"unhold") {
        hold(c, name == u"hold");
        return 0;
    }
    if (name == u"send_dtmf") {
        sendDtmf(c, arg);
        return 100;
    }
    if (name == u"log") {
        log(LogEntry{6, QStringLiteral("mod_dptools.c"), QStringLiteral("log_function"), 1790,
                     c.uuid, arg.section(u' ', 1).toUtf8() + '\n'});
        return 0;
    }
    // play_and_get_digits / read: prompt, wait for digits that never come, time out.
    return 1500;
}

void Switch::completeApp(const QString &uuid, const PendingApp &app, const QString &response)
{
    Channel *c = channel(uuid);
    if (!c)
        return;
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-Response", response.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    c->setVariable("current_application_response", response);
    if (m_runningApp.value(uuid).eventUuid == app.eventUuid)
        m_runningApp.remove(uuid);
    fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *c, {}, post);
    auto it = m_appQueues.find(uuid);
    if (it == m_appQueues.end() || it->empty())
        return;
    PendingApp &front = it->front();
    if (--front.loops > 0) {
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
        return;
    }
    it->pop_front();
    if (!it->empty())
        QTimer::singleShot(0, this, [this, uuid] { runNextApp(uuid); });
}

void Switch::startBackgroundApp(const QString &uuid, const PendingApp &app)
{
    finishBackgroundApp(uuid, QStringLiteral("_none_"));
    m_backgroundApp.insert(uuid, app);
    if (app.application != u"bridge")
        return; // runNextApp already announced it
    Channel *c = channel(uuid);
    if (!c)
        return;
    c->setVariable("current_application", app.application);
    c->setVariable("current_application_data", app.argument);
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *c, {}, post);
}

void Switch::finishBackgroundApp(const QString &uuid, const QString &response)
{
    const auto it = m_backgroundApp.find(uuid);
    if (it == m_backgroundApp.end())
        return;
    const PendingApp app = *it;
    m_backgroundApp.erase(it);
    Channel *c = channel(uuid);
    if (!c)
        return;
    Esl::HeaderList post;
    post.append("Application", app.application.toUtf8());
    if (!app.argument.isEmpty())
        post.append("Application-Data", app.argument.toUtf8());
    post.append("Application-Response", response.toUtf8());
    post.append("Application-UUID", app.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *c, {}, post);
}

} // namespace Sim
