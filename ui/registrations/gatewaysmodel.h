#pragma once
// Every server's gateways (GatewayStore), one row each, in order of server, profile and name,
// merged in place as RegistrationsModel does (SteadyRows: no row moves under a resting pointer;
// a gateway that went meanwhile stays struck out until the pointer leaves). A loud gateway — out
// of REGED, failing, or its ping DOWN — is red. A stale server's rows are greyed, never red, and
// their "s ago" stops at the moment its link went.

#include "monitor/eventstore.h"
#include "monitor/gatewaystore.h"

#include <QAbstractTableModel>
#include <QColor>

namespace Monitor {
class Hub;
}

namespace Ui {

class GatewaysModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // What matters first: which trunk, is it up, does it answer.
    enum Column { Name, State, Ping, LastAnswer, Changed, Profile, Server, ColumnCount };

    struct Row
    {
        Monitor::ServerId server = 0;
        QString serverName;
        QColor colour; // the server's
        Monitor::GatewayStore::Entry entry;
        bool loud = false;
        bool stale = false;
        bool gone = false;  // deleted while the pointer rested above it: struck out, no actions
        qint64 clockMs = 0; // now, or when its server's link went
        QString order;      // server, profile, name (SteadyRows)
        [[nodiscard]] QString key() const;
    };

    explicit GatewaysModel(Monitor::Hub *hub, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void refresh(qint64 nowMs, int pinnedRows = 0);
    [[nodiscard]] const Row *row(int index) const;
    [[nodiscard]] int rowOf(const QString &key) const;
    [[nodiscard]] int loudCount() const;

private:
    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    qint64 m_nowMs = 0;
    bool m_severalServers = false;
};

} // namespace Ui
