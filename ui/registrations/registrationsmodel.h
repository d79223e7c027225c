#pragma once
// The registrations of every server's RegistrationStore, one row each, plus the ones that just
// dropped (struck out, for RegistrationStore::kDroppedKeepMs). Rows are in order of server,
// profile and user; refresh() merges the stores' state in place (SteadyRows): a new row goes to
// its place, a gone one is removed, but no row moves under a resting pointer — rows down to it
// neither go nor let a new one in above them until the pointer leaves. A row that registered or
// changed in the last kFlashMs is highlighted (the flash). A stale server's rows are greyed and
// their countdowns stop at the moment its link went (staleSinceMs).

#include "monitor/eventstore.h"
#include "monitor/sofialistings.h"

#include <QAbstractTableModel>
#include <QColor>

namespace Monitor {
class Hub;
}

namespace Ui {

class RegistrationsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // What matters first: who, until when, on what, from where.
    enum Column { User, Expires, Agent, Network, Status, Contact, Profile, Server, ColumnCount };
    static constexpr qint64 kFlashMs = 3000;

    struct Row
    {
        Monitor::ServerId server = 0;
        QString serverName;
        QColor colour; // the server's (its profile's, or the palette's n-th)
        Monitor::Sofia::Registration registration;
        QString dropped; // why it went; empty while registered
        bool stale = false;
        qint64 clockMs = 0; // the time its countdown is read at: now, or when its link went
        QString order;      // server, profile, user (SteadyRows)
        [[nodiscard]] QString key() const;
    };

    explicit RegistrationsModel(Monitor::Hub *hub, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // Reads the stores again (coalesced by the panel) at `nowMs`; the first `pinnedRows` rows
    // stay where they are (the rows down to a resting pointer).
    void refresh(qint64 nowMs, int pinnedRows = 0);
    [[nodiscard]] const Row *row(int index) const;
    // The row of Row::key() `key`, or -1.
    [[nodiscard]] int rowOf(const QString &key) const;
    // Registered phones of live servers (a stale server's are not known to be there).
    [[nodiscard]] int liveCount() const;

private:
    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    qint64 m_nowMs = 0;
    bool m_severalServers = false;
};

} // namespace Ui
