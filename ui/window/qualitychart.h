#pragma once
// A leg's audio quality over the call so far, small enough to sit above the channel details: one
// sparkline each for the MOS, the loss, the jitter and the round trip (LegQuality::history), each
// with its newest value on the left and its lowest and highest on the right, and the span of time
// the lines cover underneath. Painted with QPainter: four short lines need no chart framework.

#include "monitor/callquality.h"

#include <QWidget>

namespace Ui {

class QualityChart : public QWidget
{
    Q_OBJECT

public:
    explicit QualityChart(QWidget *parent = nullptr);

    void setQuality(const Monitor::LegQuality &quality);
    [[nodiscard]] const Monitor::LegQuality &quality() const { return m_quality; }

    enum Series { Mos, Loss, Jitter, Rtt, SeriesCount };
    // What a series' row reads: "MOS 4.3", "2.1–4.4", "last 2:14"; for tests and tooltips.
    [[nodiscard]] QString latestText(Series series) const;
    [[nodiscard]] QString rangeText(Series series) const;
    [[nodiscard]] QString spanText() const;
    // The points of a series that are known.
    [[nodiscard]] int knownPoints(Series series) const;
    // Whether `quality` has a line worth drawing: at least two points with an estimated MOS, a
    // loss or a jitter. FreeSWITCH's mediaStats figures alone (its MOS, counters) make none.
    [[nodiscard]] static bool hasLines(const Monitor::LegQuality &quality);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    [[nodiscard]] static float valueOf(const Monitor::QualitySample &sample, Series series);
    [[nodiscard]] static double latestOf(const Monitor::LegQuality &q, Series series);
    [[nodiscard]] int rowHeight() const;
    void paintSeries(QPainter &painter, Series series, const QRect &plot) const;

    Monitor::LegQuality m_quality;
};

} // namespace Ui
