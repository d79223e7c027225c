#pragma once
// The Conferences panel's tree: every server's conferences, each with its members below it.
// It holds a copy of what the stores had at the last refresh() and applies the difference row
// by row (a conference or member that stays keeps its row; new ones go at the end; gone ones
// are removed), so a selection and the row under a resting pointer survive updates and
// nothing is reordered on an event. Stale stores (link down) grey their rows.

#include "monitor/conferencelisting.h"
#include "monitor/hub.h"

#include <QAbstractItemModel>

namespace Ui {

class ConferencesModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, StateColumn, TalkingColumn, EnergyColumn, VolumeColumn,
                  TimeColumn, ServerColumn, ColumnCount };
    enum Role {
        ServerRole = Qt::UserRole + 1, // Monitor::ServerId
        ConferenceRole,                // the conference's name
        MemberIdRole,                  // 0 on a conference row
        MemberUuidRole,
        StaleRole,                     // bool
    };

    explicit ConferencesModel(Monitor::Hub *hub, QObject *parent = nullptr);

    // Brings the rows in line with the stores; `nowMs` for the running times.
    void refresh(qint64 nowMs);
    // Only the time column (a second went by).
    void tick(qint64 nowMs);

    [[nodiscard]] int conferenceCount() const { return int(m_rows.size()); }
    // The conference row (and the member row below it when memberId > 0), or invalid.
    [[nodiscard]] QModelIndex find(Monitor::ServerId server, const QString &conference,
                                   int memberId = 0) const;
    // The conference of a row (a member row gives its own); null when invalid.
    [[nodiscard]] const Monitor::Conference *conferenceAt(const QModelIndex &index) const;
    [[nodiscard]] const Monitor::ConferenceMember *memberAt(const QModelIndex &index) const;

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
        bool stale = false;
        Monitor::Conference conference;
    };
    [[nodiscard]] int rowOfKey(quintptr key) const;
    [[nodiscard]] QVariant conferenceData(const Row &row, int column, int role) const;
    [[nodiscard]] QVariant memberData(const Row &row, const Monitor::ConferenceMember &m,
                                      int column, int role) const;
    void updateMembers(int row, const Monitor::Conference &next);

    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    quintptr m_nextKey = 1;
    qint64 m_nowMs = 0;
};

// "1:05", "2:03:04": how long.
[[nodiscard]] QString conferenceDuration(qint64 ms);

} // namespace Ui
