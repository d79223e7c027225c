// mod_loopback in the simulated switch: `loopback/<exten>[/<context>[/<dialplan>]]` makes two
// channels, `loopback/<exten>-a` (outbound, the leg the dialler gets) and `loopback/<exten>-b`
// (inbound, which runs <exten> in the dialplan). Each names the other in other_loopback_leg_uuid
// and says which it is in loopback_leg; an -a leg dialled by another channel carries its uuid in
// loopback_from_uuid (and its -b in other_loopback_from_uuid). The pair has no Other-Leg headers
// between its two halves, as in the real captures: only a bridge gives a loopback leg an
// Other-Leg. When one half hangs up the other follows with the same cause. The event order is
// that of tests/fixtures/inbound-plain.esl (FreeSWITCH 1.10.12).

#include "channel.h"
#include "simids.h"
#include "simswitch.h"

#include <QSet>
#include <QUuid>

namespace Sim {

namespace {

bool isUp(const Channel *c)
{
    return c && c->callState != u"HANGUP";
}

} // namespace

bool Switch::isLoopback(const QString &endpoint)
{
    return endpoint.startsWith(QStringLiteral("loopback/"));
}

Channel *Switch::loopbackPairOf(const Channel &channel) const
{
    const QString other = channel.variable("other_loopback_leg_uuid");
    return other.isEmpty() ? nullptr : this->channel(other);
}

std::shared_ptr<Channel> Switch::newLoopbackPair(Channel *caller, const QString &endpoint,
                                                 const QString &uuid,
                                                 const QHash<QString, QString> &variables)
{
    const QStringList parts = endpoint.split(u'/');
    const QString exten = parts.value(1);
    const QString context = parts.value(2).isEmpty() ? QStringLiteral("default") : parts[2];
    const QString dialplan = parts.value(3).isEmpty() ? QStringLiteral("xml") : parts[3];
    const QString aName = QStringLiteral("loopback/%1-a").arg(exten);
    std::shared_ptr<Channel> a = caller ? newOutboundChannel(*caller, aName, exten, uuid)
                                        : newChannel(uuid, aName, QStringLiteral("outbound"));
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        a->setVariable(it.key().toUtf8(), it.value());
    CallerProfile &p = a->profile;
    p.destination = p.calleeIdName = p.calleeIdNumber = exten;
    p.context = context;
    p.dialplan = dialplan;
    p.source = QStringLiteral("mod_loopback");
    a->state = QStringLiteral("CS_INIT");
    if (caller)
        a->setVariable("loopback_from_uuid", caller->uuid);

    // The -b leg: a clone of the -a leg's caller profile, entering the dialplan.
    auto b = newChannel({}, QStringLiteral("loopback/%1-b").arg(exten), QStringLiteral("inbound"));
    const QString bUuid = b->uuid;
    b->profile = p;
    b->profile.direction = b->profile.logicalDirection = QStringLiteral("inbound");
    b->profile.uniqueId = bUuid;
    b->profile.channelName = b->name;
    b->codec = a->codec = QStringLiteral("L16");
    b->codecBitRate = a->codecBitRate = 128000;
    for (Channel *leg : {a.get(), b.get()}) {
        leg->setVariable("read_codec", leg->codec);
        leg->setVariable("write_codec", leg->codec);
    }
    // The -b leg gets the originate's origination_* variables too.
    for (auto it = variables.cbegin(); it != variables.cend(); ++it) {
        if (it.key().startsWith(QStringLiteral("origination_")))
            b->setVariable(it.key().toUtf8(), it.value());
    }
    a->setVariable("other_loopback_leg_uuid", bUuid);
    a->setVariable("loopback_leg", QStringLiteral("A"));
    b->setVariable("other_loopback_leg_uuid", a->uuid);
    if (caller)
        b->setVariable("other_loopback_from_uuid", caller->uuid);
    b->setVariable("loopback_leg", QStringLiteral("B"));
    return a;
}

void Switch::announceLoopbackPair(Channel &a)
{
    Channel *b = loopbackPairOf(a);
    if (!b)
        return;
    fireChannelEvent("CHANNEL_OUTGOING", a, {}, {}, false);
    fireChannelEvent("CHANNEL_CREATE", a);
    fireChannelEvent("CHANNEL_ORIGINATE", a);
    setState(a, QStringLiteral("CS_ROUTING"));
    setState(a, QStringLiteral("CS_CONSUME_MEDIA"));
    b->state = QStringLiteral("CS_INIT");
    fireChannelEvent("CHANNEL_STATE", *b, {}, {}, false);
    fireChannelEvent("CHANNEL_CREATE", *b);
    setCallState(*b, QStringLiteral("RINGING"));
    setState(*b, QStringLiteral("CS_ROUTING"));
    b->hitDialplan = true;
    setState(*b, QStringLiteral("CS_EXECUTE"));
}

void Switch::answerLoopbackPair(Channel &a)
{
    Channel *b = loopbackPairOf(a);
    if (!isUp(b) || !isUp(&a))
        return;
    // The -b leg's extension answers, which answers the -a leg first; then it runs what the
    // dialplan has there: a module's application on its extensions, a tone on 9197, echo
    // anywhere else.
    const QString bUuid = b->uuid;
    const PendingApp answerApp{QStringLiteral("answer"), QString(), freshUuid(), 1};
    Esl::HeaderList post;
    post.append("Application", "answer");
    post.append("Application-UUID", answerApp.eventUuid.toUtf8());
    fireChannelEvent("CHANNEL_EXECUTE", *b, {}, post);
    answer(a);
    if (Channel *again = channel(bUuid); isUp(again)) {
        answer(*again);
        Esl::HeaderList done;
        done.append("Application", "answer");
        done.append("Application-Response", "_none_");
        done.append("Application-UUID", answerApp.eventUuid.toUtf8());
        fireChannelEvent("CHANNEL_EXECUTE_COMPLETE", *again, {}, done);
        // An extension of a module's (a conference, the queue, a parking slot) runs its
        // application, as `originate loopback/6001/default` parks in the capture.
        if (routeToModule(*again, again->profile.destination, QStringLiteral("XML")))
            return;
        const bool tone = again->profile.destination == u"9197";
        const PendingApp extension{
            tone ? QStringLiteral("playback") : QStringLiteral("echo"),
            tone ? QStringLiteral("{loops=-1}tone_stream://%(251,0,1004)") : QString(), freshUuid(),
            1};
        again->application = extension.application;
        again->applicationData = extension.argument;
        m_backgroundApp.insert(bUuid, extension);
        Esl::HeaderList start;
        start.append("Application", extension.application.toUtf8());
        if (!extension.argument.isEmpty())
            start.append("Application-Data", extension.argument.toUtf8());
        start.append("Application-UUID", extension.eventUuid.toUtf8());
        fireChannelEvent("CHANNEL_EXECUTE", *again, {}, start);
    }
}

QString Switch::newLoopbackBLeg(Channel &a, const QString &dialString, const QString &bUuid,
                                const QString &jobUuid)
{
    const QString aUuid = a.uuid;
    a.application = QStringLiteral("bridge");
    a.applicationData = dialString;
    startBackgroundApp(aUuid, PendingApp{a.application, a.applicationData, freshUuid(), 1});
    // An answered channel that originates waits for the ring (CF_ORIGINATOR: RING_WAIT).
    if (a.answerState == u"answered")
        setCallState(a, QStringLiteral("RING_WAIT"));
    QString endpoint = dialString;
    if (endpoint.startsWith(u'{'))
        endpoint = endpoint.mid(endpoint.indexOf(u'}') + 1);
    QHash<QString, QString> variables;
    if (!bUuid.isEmpty())
        variables.insert(QStringLiteral("origination_uuid"), bUuid);
    const auto x = newLoopbackPair(&a, endpoint, bUuid, variables);
    markOriginated(*x, endpoint);
    announceLoopbackPair(*x);
    const QString xUuid = x->uuid;
    a.otherUuid = xUuid;
    a.otherType = QStringLiteral("originatee");
    if (!jobUuid.isEmpty())
        m_pendingJobs.insert(aUuid, jobUuid);
    QTimer::singleShot(m_config.ringMs, this, [this, aUuid, xUuid] {
        Channel *a = channel(aUuid);
        Channel *x = channel(xUuid);
        if (!isUp(a) || !isUp(x))
            return;
        answerLoopbackPair(*x);
        if (!isUp(channel(xUuid)) || !isUp(channel(aUuid)))
            return;
        if (a->callState == u"RING_WAIT")
            setCallState(*a, QStringLiteral("ACTIVE"));
        answer(*a);
        markOriginateSucceeded(*a, *x);
        bridge(*a, *x);
        if (const QString job = m_pendingJobs.take(aUuid); !job.isEmpty())
            fireBackgroundJob(job, QStringLiteral("originate"), {}, "+OK " + aUuid.toUtf8() + '\n');
    });
    return xUuid;
}

bool Switch::inOneLoopbackChain(const QString &x, const QString &y) const
{
    // The channels x reaches through loopback pairs and bridges.
    QSet<QString> seen{x};
    QList<QString> todo{x};
    bool loopback = false;
    while (!todo.isEmpty()) {
        const Channel *c = channel(todo.takeLast());
        if (!c)
            continue;
        const Channel *pair = loopbackPairOf(*c);
        loopback = loopback || pair;
        for (const Channel *next : {pair, static_cast<const Channel *>(channel(c->bridgedUuid))}) {
            if (next && !seen.contains(next->uuid)) {
                seen.insert(next->uuid);
                todo.append(next->uuid);
            }
        }
    }
    return loopback && seen.contains(y);
}

} // namespace Sim
