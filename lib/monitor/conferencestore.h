#pragma once
// Conferences and their members on one switch, from mod_conference: synced with one
// `conference json_list`, then following conference::maintenance events (add-member,
// del-member, start/stop-talking, floor-change, mute/deaf/volume/energy changes, lock,
// recording, conference-create/destroy...). Each member event carries the member's whole state
// (conference_member_add_event_data: Hear, Speak, Talking, Floor, Energy-Level...), so the
// store takes the flags from every one of them rather than guessing from the Action.
//
// A member event about a conference or member the store does not know counts as unmatched:
// drift (an event lost before the sync) that the next sync corrects. add-member for an unknown
// conference creates it (the event names it fully) and counts as unmatched too.

#include "conferencelisting.h"
#include "panelstore.h"

#include <map>

namespace Monitor {

class ConferenceStore : public PanelStore
{
    Q_OBJECT

public:
    explicit ConferenceStore(QObject *parent = nullptr);
    ~ConferenceStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("conferences"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_conference"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"conference::maintenance"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override { return int(m_conferences.size()); }

    // By name (without @profile); null when unknown.
    [[nodiscard]] const Conference *conference(const QString &name) const;
    // Every conference, by name.
    [[nodiscard]] QList<const Conference *> conferences() const;
    // Whose member the channel is, if any: the conference's name and the member id.
    [[nodiscard]] std::optional<std::pair<QString, int>> memberOf(const QString &uuid) const;

    // What rows() writes for one conference (eslcat, the panel's tests).
    [[nodiscard]] static QJsonObject toJson(const Conference &conference, qint64 nowMs);

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;

private:
    // Replaces the state with a listing, keeping what the listing cannot say (channel names,
    // profiles) for the members and conferences it still lists.
    void replace(QList<Conference> listed);
    bool applyConferenceAction(Conference &conference, QByteArrayView action,
                               const Esl::Event &event, qint64 nowMs);
    bool applyMemberEvent(const QString &name, QByteArrayView action, const Esl::Event &event,
                          qint64 nowMs);

    std::map<QString, Conference> m_conferences;
};

} // namespace Monitor
