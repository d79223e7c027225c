#pragma once
// The registrations of every server's RegistrationStore, one row each, plus the ones that just
// dropped (greyed, for RegistrationStore::kDroppedKeepMs). refresh() merges the stores' state in
// place: rows never move — a new one is appended, a gone one removed — so a resting pointer or a
// selection stays on the same registration. A row that registered or changed in the last
// kFlashMs is highlighted (the flash).

#include "monitor/eventstore.h"
#include "monitor/sofialistings.h"

#include <QAbstractTableModel>

namespace Monitor {
class Hub;
}

namespace Ui {

class RegistrationsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Server, Profile, User, Contact, Agent, Network, Expires, Status, ColumnCount };
    static constexpr qint64 kFlashMs = 3000;

    struct Row
    {
        Monitor::ServerId server = 0;
        QString serverName;
        Monitor::Sofia::Registration registration;
        QString dropped; // why it went; empty while registered
        bool stale = false;
        [[nodiscard]] QString key() const;
    };

    explicit RegistrationsModel(Monitor::Hub *hub, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // Reads the stores again (coalesced by the panel) at `nowMs`.
    void refresh(qint64 nowMs);
    [[nodiscard]] const Row *row(int index) const;
    [[nodiscard]] int liveCount() const;

private:
    Monitor::Hub *m_hub;
    QList<Row> m_rows;
    qint64 m_nowMs = 0;
};

} // namespace Ui
