#pragma once
// The phones registered to one switch's sofia profiles (mod_sofia's registrar): user, realm,
// contact, user agent, network address, expiry (absolute, on the switch's clock) and when this
// console saw each one appear or change, so the panel can flash a row that registers and show
// for a moment one that dropped.
//
// Sync: `show registrations as json` (every profile's rows, no user agent), then, for each
// profile those rows name, `sofia xmlstatus profile <name> reg` (the registrar's own table, the
// only listing with the user agent). The profiles come from the rows, not from `sofia
// xmlstatus`: a profile without registrations has nothing to ask. Events: sofia::register
// (a new registration or a renewal), sofia::unregister and sofia::expire (gone);
// sofia::register_attempt counts attempts per user, the FORBIDDEN ones as failed;
// sofia::pre_register comes before the credentials are checked and changes nothing.
//
// A registration is known by its profile and Call-ID. Rows keep the order in which they
// appeared; a renewal updates its row in place.

#include "panelstore.h"
#include "sofialistings.h"

#include <QHash>

namespace Monitor {

class RegistrationStore : public PanelStore
{
    Q_OBJECT

public:
    // How long after the phone's Expires the registrar drops a registration it was not renewed
    // (sofia profile param sip-expires-late-margin, 60 s by default; sofia_reg.c adds it to
    // reg_time + exptime when it writes sip_registrations).
    static constexpr qint64 kLateMarginMs = 60000;
    // Dropped registrations are remembered this long (the panel shows them fading out), at most
    // kMaxDropped of them.
    static constexpr qint64 kDroppedKeepMs = 10000;
    static constexpr int kMaxDropped = 200;
    // At most this many profiles are asked for their user agents in one sync.
    static constexpr int kMaxProfiles = 64;

    struct Dropped
    {
        Sofia::Registration registration;
        qint64 droppedAtMs = 0;
        QString why; // "unregistered", "expired", "gone at re-sync", "flushed"
    };
    struct Attempts
    {
        int attempts = 0;
        int failed = 0;     // auth-result FORBIDDEN
        QString lastResult; // SUCCESS, RENEWED, STALE, FORBIDDEN
        qint64 lastAtMs = 0;
    };

    explicit RegistrationStore(QObject *parent = nullptr);
    ~RegistrationStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("registrations"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_sofia"); }
    [[nodiscard]] QByteArrayList subclasses() const override
    {
        return {"sofia::register", "sofia::unregister", "sofia::expire",
                "sofia::register_attempt", "sofia::pre_register"};
    }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override { return int(m_rows.size()); }

    [[nodiscard]] const QList<Sofia::Registration> &registrations() const { return m_rows; }
    [[nodiscard]] const Sofia::Registration *find(const QString &profile,
                                                  const QString &callId) const;
    // The registrations that went within kDroppedKeepMs before `nowMs`, oldest first.
    [[nodiscard]] QList<Dropped> recentlyDropped(qint64 nowMs) const;
    // Attempts of "user@realm" seen since the last sync.
    [[nodiscard]] Attempts attemptsOf(const QString &aor) const { return m_attempts.value(aor); }

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;

private:
    [[nodiscard]] static QString keyOf(const QString &profile, const QString &callId)
    {
        return profile + u'\n' + callId;
    }
    void finishWith(QList<Sofia::Registration> fresh, const QList<QList<Sofia::Registration>> &detail,
                    qint64 nowMs);
    void replaceWith(QList<Sofia::Registration> fresh, qint64 nowMs);
    bool applyRegister(const Esl::Event &event, qint64 atMs);
    bool applyGone(const Esl::Event &event, qint64 atMs, const QString &why);
    bool applyAttempt(const Esl::Event &event, qint64 atMs);
    void remember(const Sofia::Registration &gone, qint64 atMs, const QString &why);
    void reindex();

    QList<Sofia::Registration> m_rows;
    QHash<QString, qsizetype> m_index; // keyOf() -> position in m_rows
    QList<Dropped> m_dropped;
    QHash<QString, Attempts> m_attempts;
    bool m_everSynced = false;
};

} // namespace Monitor
