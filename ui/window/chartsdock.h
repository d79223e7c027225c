#pragma once
// Live charts, one above the other so that they fit a narrow dock: concurrent calls, and the
// calls started over the last minute (a rate that does not flicker; see Monitor::Statistics),
// per server in the server's colour, over the last minutes on a time axis. While a server is not
// live its line stops: the gap says "not known", where a flat line would claim "no calls".

#include "monitor/hub.h"

#include <QHash>
#include <QWidget>

#include <functional>

class QChart;
class QLineSeries;

namespace Ui {

class ChartsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPanel(Monitor::Hub *hub, QWidget *parent = nullptr);

    using Colours = std::function<QColor(Monitor::ServerId)>;

    [[nodiscard]] QChart *callsChart() const { return m_calls; }
    [[nodiscard]] QChart *rateChart() const { return m_rate; }
    // Where a server's colour comes from (the window: the one its status item has); by default
    // one of a distinct set.
    void setColours(Colours colours) { m_colours = std::move(colours); }
    [[nodiscard]] QColor colourOf(Monitor::ServerId id) const;

protected:
    void showEvent(QShowEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    using Lines = QHash<Monitor::ServerId, QList<QLineSeries *>>;
    // Redraws every server's lines; only while the panel is on screen (a hundred servers' lines
    // cost the GUI thread tens of ms a second, for a tab nobody looks at), else when it shows or
    // is painted again (a dock behind another tab stays "visible" to Qt, with nothing on screen).
    void update();
    // Draws `segments` (runs of live samples) of `server` as that many lines of `chart`.
    void draw(QChart *chart, Lines &lines, const Monitor::ServerMonitor *server,
              const QList<QList<QPointF>> &segments);
    void forget(Monitor::ServerId id);

    Monitor::Hub *m_hub;
    QChart *m_calls;
    QChart *m_rate;
    Lines m_callLines;
    Lines m_rateLines;
    Colours m_colours;
    bool m_stale = false; // samples came while hidden
};

} // namespace Ui
