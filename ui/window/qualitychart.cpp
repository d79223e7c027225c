#include "ui/window/qualitychart.h"

#include "ui/calls/qualitypresentation.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace Ui {

namespace {

constexpr int kLabelWidthChars = 11; // "Jitter 48 ms"
constexpr int kRangeWidthChars = 10; // "120–480 ms"

QString number(double v, Ui::QualityChart::Series series)
{
    if (series == Ui::QualityChart::Mos) // cut as the column cuts it (qualitypresentation.cpp)
        return QString::number(std::floor(v * 10 + 1e-9) / 10, 'f', 1);
    if (series == Ui::QualityChart::Loss)
        return QString::number(v, 'f', v < 10 ? 1 : 0);
    return QString::number(v, 'f', 0);
}

QString unit(Ui::QualityChart::Series series)
{
    switch (series) {
    case Ui::QualityChart::Loss:
        return QStringLiteral(" %");
    case Ui::QualityChart::Jitter:
    case Ui::QualityChart::Rtt:
        return QStringLiteral(" ms");
    default:
        return {};
    }
}

QString durationText(qint64 ms)
{
    const qint64 s = std::max<qint64>(ms, 0) / 1000;
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QualityChart::QualityChart(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("qualityChart"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void QualityChart::setQuality(const Monitor::LegQuality &quality)
{
    if (quality == m_quality)
        return;
    m_quality = quality;
    setToolTip(QualityPresentation::toolTip(m_quality));
    update();
}

float QualityChart::valueOf(const Monitor::QualitySample &sample, Series series)
{
    switch (series) {
    case Mos:
        return sample.mos;
    case Loss:
        return sample.lossPct;
    case Jitter:
        return sample.jitterMs;
    case Rtt:
        return sample.rttMs;
    case SeriesCount:
        break;
    }
    return -1;
}

double QualityChart::latestOf(const Monitor::LegQuality &q, Series series)
{
    switch (series) {
    case Mos:
        return q.displayMos();
    case Loss:
        return q.worstLossPct();
    case Jitter:
        return q.worstJitterMs();
    case Rtt:
        return q.rttMs >= 0 ? q.rttMs : q.fsRttMs;
    case SeriesCount:
        break;
    }
    return -1;
}

QString QualityChart::latestText(Series series) const
{
    static const char *const names[] = {QT_TR_NOOP("MOS"), QT_TR_NOOP("Loss"),
                                        QT_TR_NOOP("Jitter"), QT_TR_NOOP("RTT")};
    const QString name = tr(names[series]);
    if (series == Mos)
        return name + u' ' + QualityPresentation::mosText(m_quality);
    const double v = latestOf(m_quality, series);
    return v < 0 ? name + QStringLiteral(" —") : name + u' ' + number(v, series) + unit(series);
}

QString QualityChart::rangeText(Series series) const
{
    float low = -1;
    float high = -1;
    for (const Monitor::QualitySample &s : m_quality.history) {
        const float v = valueOf(s, series);
        if (v < 0)
            continue;
        low = low < 0 ? v : std::min(low, v);
        high = std::max(high, v);
    }
    if (low < 0)
        return {};
    return number(low, series) + QStringLiteral("–") + number(high, series) + unit(series);
}

QString QualityChart::spanText() const
{
    const QList<Monitor::QualitySample> &h = m_quality.history;
    if (h.isEmpty())
        return m_quality.final ? tr("final figures at hangup") : tr("no reports yet");
    const QString span = durationText(h.last().ms - h.first().ms);
    return m_quality.final ? tr("the whole call, %1 · %n point(s) · final", nullptr, int(h.size()))
                                 .arg(span)
                           : tr("the last %1 · %n point(s)", nullptr, int(h.size())).arg(span);
}

int QualityChart::knownPoints(Series series) const
{
    return int(std::count_if(m_quality.history.cbegin(), m_quality.history.cend(),
                             [series](const auto &s) { return valueOf(s, series) >= 0; }));
}

bool QualityChart::hasLines(const Monitor::LegQuality &quality)
{
    int points = 0;
    for (const Monitor::QualitySample &s : quality.history) {
        if ((s.mos >= 0 || s.lossPct >= 0 || s.jitterMs >= 0) && ++points >= 2)
            return true;
    }
    return false;
}

int QualityChart::rowHeight() const
{
    return fontMetrics().height() + 4;
}

QSize QualityChart::sizeHint() const
{
    return {fontMetrics().averageCharWidth() * 50, rowHeight() * (SeriesCount + 1) + 4};
}

QSize QualityChart::minimumSizeHint() const
{
    return {fontMetrics().averageCharWidth() * 30, sizeHint().height()};
}

void QualityChart::paintSeries(QPainter &painter, Series series, const QRect &plot) const
{
    const QList<Monitor::QualitySample> &h = m_quality.history;
    if (h.isEmpty() || plot.width() < 4)
        return;
    float low = -1;
    float high = -1;
    for (const Monitor::QualitySample &s : h) {
        if (const float v = valueOf(s, series); v >= 0) {
            low = low < 0 ? v : std::min(low, v);
            high = std::max(high, v);
        }
    }
    if (low < 0)
        return;
    // A flat line sits in the middle; a small range is not blown up into a storm.
    const float minimumRange = series == Mos ? 0.5f : series == Loss ? 1.0f : 5.0f;
    if (high - low < minimumRange) {
        const float mid = (high + low) / 2;
        low = std::max(0.0f, mid - minimumRange / 2);
        high = low + minimumRange;
    }
    const qint64 first = h.first().ms;
    const qint64 span = std::max<qint64>(1, h.last().ms - first);
    const auto x = [&](qint64 ms) {
        return plot.left() + double(ms - first) * (plot.width() - 1) / double(span);
    };
    const auto y = [&](float v) {
        return plot.bottom() - double(v - low) * (plot.height() - 1) / double(high - low);
    };
    QPainterPath path;
    bool open = false; // a gap (an unknown point) breaks the line
    for (const Monitor::QualitySample &s : h) {
        const float v = valueOf(s, series);
        if (v < 0) {
            open = false;
            continue;
        }
        const QPointF p(h.size() == 1 ? plot.right() : x(s.ms), y(v));
        if (open)
            path.lineTo(p);
        else
            path.moveTo(p);
        open = true;
    }
    QColor line = palette().color(QPalette::Highlight);
    if (series == Mos) {
        const QColor graded =
            QualityPresentation::gradeForeground(m_quality.grade(), palette());
        if (graded.isValid())
            line = graded;
    }
    painter.setPen(QPen(line, 1.5));
    painter.drawPath(path);
    // The newest point, so that a single report still shows.
    const float last = valueOf(h.last(), series);
    if (last >= 0) {
        painter.setBrush(line);
        painter.drawEllipse(QPointF(h.size() == 1 ? plot.right() : x(h.last().ms), y(last)), 2, 2);
        painter.setBrush(Qt::NoBrush);
    }
}

void QualityChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int labelWidth = fm.averageCharWidth() * kLabelWidthChars + 6;
    const int rangeWidth = fm.averageCharWidth() * kRangeWidthChars + 6;
    const int row = rowHeight();
    const QColor text = palette().color(QPalette::WindowText);
    QColor quiet = text;
    quiet.setAlphaF(0.65f);
    for (int s = 0; s < SeriesCount; ++s) {
        const auto series = Series(s);
        const QRect band(0, 2 + s * row, width(), row);
        const QRect label(band.left(), band.top(), labelWidth, band.height());
        const QRect range(band.right() - rangeWidth, band.top(), rangeWidth, band.height());
        const QRect plot(label.right() + 4, band.top() + 3, range.left() - label.right() - 8,
                         band.height() - 6);
        QColor labelColour = text;
        if (series == Mos) {
            const QColor graded =
                QualityPresentation::gradeForeground(m_quality.grade(), palette());
            if (graded.isValid())
                labelColour = graded;
        }
        painter.setPen(labelColour);
        painter.drawText(label, Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(latestText(series), Qt::ElideRight, label.width()));
        // A faint baseline, so that an empty series still reads as a row.
        painter.setPen(QPen(quiet, 0.5, Qt::DotLine));
        painter.drawLine(plot.bottomLeft(), plot.bottomRight());
        paintSeries(painter, series, plot);
        painter.setPen(quiet);
        painter.drawText(range, Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(rangeText(series), Qt::ElideLeft, range.width()));
    }
    painter.setPen(quiet);
    const QRect foot(labelWidth + 4, 2 + SeriesCount * row, width() - labelWidth - 4, row);
    painter.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter,
                     fm.elidedText(spanText(), Qt::ElideRight, foot.width()));
}

} // namespace Ui
