#pragma once
// Every server's gateways (GatewayStore), one row each, merged in place as RegistrationsModel
// does (rows never move). A loud gateway — out of REGED, failing, or its ping DOWN — is red.

#include "monitor/eventstore.h"
#include "monitor/gatewaystore.h"

#include <QAbstractTableModel>

namespace Monitor {
class Hub;
}

namespace Ui {

class GatewaysModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Server, Profile, Name, State, Ping, LastAnswer, Changed, ColumnCount };

    struct Row
    {
        Monitor::ServerId server = 0;
        QString serverName;
        Monitor::GatewayStore::Entry entry;
        bool loud = false;
        bool stale = false;
        [[nodiscard]] QString key() const;
    };

    explicit GatewaysModel(Monitor::Hub *hub, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void refresh(qint64 nowMs);
    [[nodiscard]] const Row *row(int index) const;
    [[nodiscard]] int loudCount() const;

private:
    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    qint64 m_nowMs = 0;
};

} // namespace Ui
