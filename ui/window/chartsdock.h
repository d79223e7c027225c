#pragma once
// Live charts: concurrent calls and calls per second, per server, over the last minutes.

#include "monitor/hub.h"

#include <QHash>
#include <QWidget>

class QChart;
class QLineSeries;
class QValueAxis;

namespace Ui {

class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPanel(Monitor::Hub *hub, QWidget *parent = nullptr);

private:
    void update();

    Monitor::Hub *m_hub;
    QChart *m_calls;
    QChart *m_rate;
    QHash<Monitor::ServerId, QLineSeries *> m_callSeries;
    QHash<Monitor::ServerId, QLineSeries *> m_rateSeries;
};

} // namespace Ui
