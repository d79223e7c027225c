#pragma once
// The Conferences panel's tree: every server's conferences, each with its members below it.
// It holds a copy of what the stores had at the last refresh() and applies the difference row
// by row (a conference or member that stays keeps its row; new ones go at the end; gone ones
// are removed), so nothing is reordered on an event. While the operator's pointer rests on
// the view the panel asks for values only (refresh(now, false)): rows are neither added nor
// removed under the pointer, a gone one stays struck out until the structure may change.
// Stale stores (link down) grey their rows and freeze their times at the moment the link went.

#include "monitor/conferencelisting.h"
#include "monitor/hub.h"

#include <QAbstractItemModel>
#include <QColor>
#include <QSet>

namespace Ui {

class ConferencesModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    // The server beside the name, where it is seen: two switches both have a "3100".
    enum Column { NameColumn, ServerColumn, StateColumn, TalkingColumn, EnergyColumn,
                  VolumeColumn, TimeColumn, ColumnCount };
    enum Role {
        ServerRole = Qt::UserRole + 1, // Monitor::ServerId
        ConferenceRole,                // the conference's name
        MemberIdRole,                  // 0 on a conference row
        MemberUuidRole,
        StaleRole,                     // bool
        GoneRole,                      // bool: no longer in the store, kept while the pointer rests
    };

    explicit ConferencesModel(Monitor::Hub *hub, QObject *parent = nullptr);

    // Brings the rows in line with the stores; `nowMs` for the running times. With `structure`
    // false only values change (no row added or removed); returns whether rows are waiting to
    // be added or removed.
    bool refresh(qint64 nowMs, bool structure = true);
    // Only the time column (a second went by).
    void tick(qint64 nowMs);

    [[nodiscard]] int conferenceCount() const { return int(m_rows.size()); }
    // The conference row (and the member row below it when memberId > 0), or invalid.
    [[nodiscard]] QModelIndex find(Monitor::ServerId server, const QString &conference,
                                   int memberId = 0) const;
    // The conference of a row (a member row gives its own); null when invalid.
    [[nodiscard]] const Monitor::Conference *conferenceAt(const QModelIndex &index) const;
    [[nodiscard]] const Monitor::ConferenceMember *memberAt(const QModelIndex &index) const;
    // Who a member is, as the operator knows them: "Bo Chen (5550781)"; for a leg the switch
    // dialled (an invite), whom it dialled rather than the conference's own caller id. Names
    // isolated (right-to-left text keeps to itself).
    [[nodiscard]] QString memberName(Monitor::ServerId server,
                                     const Monitor::ConferenceMember &m) const;
    [[nodiscard]] QString serverName(Monitor::ServerId server) const;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row
    {
        quintptr key = 0; // stable: member rows name their conference by it
        Monitor::ServerId server = 0;
        QString serverName;
        QColor colour;
        bool stale = false;
        qint64 staleSinceMs = 0;
        bool gone = false;      // the conference ended; the row waits for the structure
        QSet<int> goneMembers;  // members that left; their rows wait likewise
        Monitor::Conference conference;
    };
    struct Listed;
    [[nodiscard]] int rowOfKey(quintptr key) const;
    [[nodiscard]] const Row *rowOf(const QModelIndex &index) const;
    // The clock a row's times run on: now, or the moment its link went down.
    [[nodiscard]] qint64 clockOf(const Row &row) const;
    [[nodiscard]] QVariant conferenceData(const Row &row, int column, int role) const;
    [[nodiscard]] QVariant memberData(const Row &row, const Monitor::ConferenceMember &m,
                                      int column, int role) const;
    [[nodiscard]] QVariant commonData(const Row &row, bool gone, int column, int role) const;
    // Returns whether members wait to be added or removed.
    bool updateMembers(int row, const Monitor::Conference &next, bool structure);

    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    quintptr m_nextKey = 1;
    qint64 m_nowMs = 0;
    int m_servers = 0; // servers with conferences shown: the colour bars show from two on
};

// "1:05", "2:03:04": how long.
[[nodiscard]] QString conferenceDuration(qint64 ms);

} // namespace Ui
