#include "ui/window/chartsdock.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

namespace Ui {

namespace {

QChart *makeChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("hh:mm:ss"));
    x->setTickCount(4);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.1f"));
    y->setTickCount(5);
    y->setMin(0);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

} // namespace

ChartsPanel::ChartsPanel(Monitor::Hub *hub, QWidget *parent) : QWidget(parent), m_hub(hub)
{
    m_calls = makeChart(tr("Concurrent calls"));
    m_rate = makeChart(tr("Calls per second"));
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    for (QChart *chart : {m_calls, m_rate}) {
        auto *view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(220, 180);
        row->addWidget(view);
    }
    connect(hub->statistics(), &Monitor::Statistics::sampled, this, &ChartsPanel::update);
}

void ChartsPanel::update()
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = 0;
    double maxCalls = 1;
    double maxRate = 1;
    for (Monitor::ServerMonitor *server : m_hub->servers()) {
        const auto &series = m_hub->statistics()->series(server->id());
        if (series.empty())
            continue;
        for (auto [chart, lines] :
             {std::pair{m_calls, &m_callSeries}, std::pair{m_rate, &m_rateSeries}}) {
            QLineSeries *line = lines->value(server->id());
            if (!line) {
                line = new QLineSeries;
                line->setName(server->name());
                chart->addSeries(line);
                for (QAbstractAxis *axis : chart->axes())
                    line->attachAxis(axis);
                lines->insert(server->id(), line);
            }
            QList<QPointF> points;
            points.reserve(qsizetype(series.size()));
            for (const Monitor::Sample &s : series) {
                const double value = chart == m_calls ? s.calls : s.callsPerSecond;
                points.append(QPointF(double(s.timeMs), value));
                (chart == m_calls ? maxCalls : maxRate) =
                    std::max(chart == m_calls ? maxCalls : maxRate, value);
            }
            line->replace(points);
        }
        first = std::min(first, series.front().timeMs);
        last = std::max(last, series.back().timeMs);
    }
    if (last == 0)
        return;
    for (auto [chart, max] : {std::pair{m_calls, maxCalls}, std::pair{m_rate, maxRate}}) {
        chart->axes(Qt::Horizontal)
            .first()
            ->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
        auto *y = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).first());
        y->setRange(0, std::max(1.0, max * 1.15));
        y->applyNiceNumbers();
        y->setLabelFormat(y->max() >= 8 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    }
}

} // namespace Ui
