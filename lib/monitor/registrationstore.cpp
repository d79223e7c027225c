#include "registrationstore.h"

#include "esl/wire/event.h"

#include <QSet>

namespace Monitor {

namespace {

// When the switch fired the event (its clock, as the expiries are), or when it arrived.
qint64 eventMs(const Esl::Event &event, qint64 nowMs)
{
    const qint64 micros = event.timestamp();
    return micros > 0 ? micros / 1000 : nowMs;
}

// Whether a renewal changed what a person reads as "the phone moved" (worth a flash).
bool movedFrom(const Sofia::Registration &was, const Sofia::Registration &now)
{
    return was.contact != now.contact || was.networkIp != now.networkIp ||
           was.networkPort != now.networkPort;
}

} // namespace

RegistrationStore::RegistrationStore(QObject *parent) : PanelStore(parent) {}

RegistrationStore::~RegistrationStore() = default;

const Sofia::Registration *RegistrationStore::find(const QString &profile,
                                                   const QString &callId) const
{
    const auto it = m_index.constFind(keyOf(profile, callId));
    return it == m_index.cend() ? nullptr : &m_rows[*it];
}

QList<RegistrationStore::Dropped> RegistrationStore::recentlyDropped(qint64 nowMs) const
{
    QList<Dropped> out;
    for (const Dropped &d : m_dropped) {
        if (nowMs - d.droppedAtMs <= kDroppedKeepMs)
            out.append(d);
    }
    return out;
}

QList<QJsonObject> RegistrationStore::rows(qint64 nowMs) const
{
    QList<QJsonObject> out;
    out.reserve(m_rows.size());
    for (const Sofia::Registration &r : m_rows) {
        const Attempts attempts = m_attempts.value(r.aor());
        out.append(QJsonObject{
            {QStringLiteral("profile"), r.profile},
            {QStringLiteral("user"), r.user},
            {QStringLiteral("realm"), r.realm},
            {QStringLiteral("contact"), r.contact},
            {QStringLiteral("userAgent"), r.userAgent},
            {QStringLiteral("networkIp"), r.networkIp},
            {QStringLiteral("networkPort"), r.networkPort},
            {QStringLiteral("networkProto"), r.networkProto},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("callId"), r.callId},
            {QStringLiteral("expiresAtMs"), r.expiresAtMs},
            {QStringLiteral("expiresInSeconds"),
             r.expiresAtMs > 0 ? (r.expiresAtMs - nowMs) / 1000 : 0},
            {QStringLiteral("changedAtMs"), r.changedAtMs},
            {QStringLiteral("hostname"), r.hostname},
            {QStringLiteral("failedAttempts"), attempts.failed},
        });
    }
    return out;
}

void RegistrationStore::startSync(qint64 nowMs)
{
    request(QStringLiteral("show registrations as json"), [this, nowMs](const Esl::Reply &reply) {
        auto parsed = Sofia::parseRegistrationsJson(QByteArrayView(reply.body()));
        if (!parsed) {
            failSync(parsed.error().message);
            return;
        }
        QStringList profiles;
        QSet<QString> seen;
        for (const Sofia::Registration &r : *parsed) {
            // A name that is not one word cannot be asked about safely; its rows keep no agent.
            if (!Sofia::isPlainName(r.profile) || seen.contains(r.profile))
                continue;
            seen.insert(r.profile);
            profiles.append(r.profile);
        }
        if (profiles.size() > kMaxProfiles) {
            failSync(tr("the registrations name %1 sofia profiles, more than the %2 asked about")
                         .arg(profiles.size())
                         .arg(kMaxProfiles));
            return;
        }
        QStringList commands;
        for (const QString &p : std::as_const(profiles))
            commands.append(QStringLiteral("sofia xmlstatus profile %1 reg").arg(p));
        request(commands, [this, nowMs, profiles, fresh = *parsed](const Replies &replies) {
            QList<QList<Sofia::Registration>> detail;
            for (qsizetype i = 0; i < replies.size(); ++i) {
                auto one = Sofia::parseProfileRegistrationsXml(QByteArrayView(replies[i].body()),
                                                               profiles[i], nowMs);
                if (!one) {
                    failSync(one.error().message);
                    return;
                }
                detail.append(*one);
            }
            finishWith(fresh, detail, nowMs);
        });
    });
}

void RegistrationStore::finishWith(QList<Sofia::Registration> fresh,
                                   const QList<QList<Sofia::Registration>> &detail, qint64 nowMs)
{
    // The registrar's table adds what the core's lacks: the user agent and the ping status.
    QHash<QString, const Sofia::Registration *> byKey;
    for (const auto &list : detail) {
        for (const Sofia::Registration &r : list)
            byKey.insert(keyOf(r.profile, r.callId), &r);
    }
    for (Sofia::Registration &r : fresh) {
        if (const Sofia::Registration *more = byKey.value(keyOf(r.profile, r.callId))) {
            r.userAgent = more->userAgent;
            r.pingStatus = more->pingStatus;
            if (!more->status.isEmpty())
                r.status = more->status;
        }
    }
    replaceWith(std::move(fresh), nowMs);
    m_attempts.clear();
    m_everSynced = true;
    finishSync(nowMs);
}

void RegistrationStore::replaceWith(QList<Sofia::Registration> fresh, qint64 nowMs)
{
    QHash<QString, qsizetype> freshIndex;
    for (qsizetype i = 0; i < fresh.size(); ++i)
        freshIndex.insert(keyOf(fresh[i].profile, fresh[i].callId), i);
    QList<Sofia::Registration> next;
    next.reserve(fresh.size());
    QList<bool> taken(fresh.size(), false);
    // The rows it had stay where they were; the listing's word replaces their content.
    for (const Sofia::Registration &old : std::as_const(m_rows)) {
        const auto it = freshIndex.constFind(keyOf(old.profile, old.callId));
        if (it == freshIndex.cend()) {
            remember(old, nowMs, tr("gone at re-sync"));
            continue;
        }
        Sofia::Registration r = fresh[*it];
        taken[*it] = true;
        r.changedAtMs = movedFrom(old, r) ? nowMs : old.changedAtMs;
        next.append(std::move(r));
    }
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        if (taken[i])
            continue;
        Sofia::Registration r = std::move(fresh[i]);
        r.changedAtMs = m_everSynced ? nowMs : 0; // the first listing is no news
        next.append(std::move(r));
    }
    m_rows = std::move(next);
    reindex();
}

bool RegistrationStore::applyEvent(const Esl::Event &event, qint64 nowMs)
{
    const QByteArrayView subclass = event.subclass();
    const qint64 at = eventMs(event, nowMs);
    if (subclass == "sofia::register")
        return applyRegister(event, at);
    if (subclass == "sofia::unregister")
        return applyGone(event, at, tr("unregistered"));
    if (subclass == "sofia::expire")
        return applyGone(event, at, tr("expired"));
    if (subclass == "sofia::register_attempt")
        return applyAttempt(event, at);
    return false; // sofia::pre_register: before authentication, nothing is registered yet
}

bool RegistrationStore::applyRegister(const Esl::Event &event, qint64 atMs)
{
    Sofia::Registration r;
    r.profile = event.text("profile-name");
    r.callId = event.text("call-id");
    if (r.callId.isEmpty()) {
        countUnmatched();
        return false;
    }
    // sip_registrations.sip_user is the To user, sip_host the registration's host.
    r.user = event.text("to-user");
    if (r.user.isEmpty())
        r.user = event.text("from-user");
    r.realm = event.text("to-host");
    if (r.realm.isEmpty())
        r.realm = event.text("realm");
    r.contact = Sofia::bareContact(event.text("contact"));
    r.userAgent = event.text("user-agent");
    r.networkIp = event.text("network-ip");
    r.networkPort = event.text("network-port");
    r.status = event.text("status");
    r.networkProto = Sofia::protoOfStatus(r.status);
    bool ok = false;
    const qint64 expires = event.text("expires").toLongLong(&ok);
    r.expiresAtMs = ok && expires > 0 ? atMs + expires * 1000 + kLateMarginMs : 0;
    const QString key = keyOf(r.profile, r.callId);
    if (const auto it = m_index.constFind(key); it != m_index.cend()) {
        Sofia::Registration &was = m_rows[*it];
        r.hostname = was.hostname;
        r.pingStatus = was.pingStatus;
        r.changedAtMs = movedFrom(was, r) ? atMs : was.changedAtMs;
        was = std::move(r);
        return true;
    }
    if (m_rows.size() >= kMaxRows) {
        countUnmatched(); // beyond the bound: the next sync says what there is
        return false;
    }
    r.hostname = event.text("FreeSWITCH-Hostname");
    r.changedAtMs = atMs;
    m_index.insert(key, m_rows.size());
    m_rows.append(std::move(r));
    return true;
}

bool RegistrationStore::applyGone(const Esl::Event &event, qint64 atMs, const QString &why)
{
    const auto it = m_index.constFind(keyOf(event.text("profile-name"), event.text("call-id")));
    if (it == m_index.cend()) {
        countUnmatched();
        return false;
    }
    const qsizetype at = *it;
    remember(m_rows[at], atMs, why);
    m_rows.removeAt(at);
    reindex();
    return true;
}

bool RegistrationStore::applyAttempt(const Esl::Event &event, qint64 atMs)
{
    QString user = event.text("to-user");
    if (user.isEmpty())
        user = event.text("from-user");
    const QString aor = user + u'@' + event.text("to-host");
    if (!m_attempts.contains(aor) && m_attempts.size() >= kMaxRows)
        return false;
    Attempts &a = m_attempts[aor];
    ++a.attempts;
    a.lastResult = event.text("auth-result");
    a.lastAtMs = atMs;
    if (a.lastResult != u"FORBIDDEN")
        return false;
    ++a.failed;
    return true;
}

void RegistrationStore::remember(const Sofia::Registration &gone, qint64 atMs, const QString &why)
{
    m_dropped.append(Dropped{gone, atMs, why});
    while (m_dropped.size() > kMaxDropped)
        m_dropped.removeFirst();
}

void RegistrationStore::reindex()
{
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_index.insert(keyOf(m_rows[i].profile, m_rows[i].callId), i);
}

void RegistrationStore::clearState()
{
    m_rows.clear();
    m_index.clear();
    m_dropped.clear();
    m_attempts.clear();
    m_everSynced = false;
}

} // namespace Monitor
