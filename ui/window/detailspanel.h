#pragma once
// The selected channel in full: every header and variable of its newest event, refreshed as
// events arrive, and `uuid_dump` on demand.

#include "ui/calls/callsmodel.h"

#include <QLabel>
#include <QTableWidget>
#include <QWidget>

namespace Ui {

class DetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPanel(Monitor::Hub *hub, QWidget *parent = nullptr);
    void showChannel(const Monitor::ChannelKey &key);
    [[nodiscard]] QTableWidget *table() { return m_table; }

private:
    void refresh();
    void dump();

    Monitor::Hub *m_hub;
    Monitor::ChannelKey m_key;
    QLabel *m_title;
    QTableWidget *m_table;
};

} // namespace Ui
