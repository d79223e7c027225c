#include "ui/window/chartsdock.h"

#include "console/profile.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <QTimer>
#include <QVBoxLayout>

namespace Ui {

namespace {

QChart *makeChart(const QString &title, const QString &yTitle)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("HH:mm:ss"));
    x->setTickCount(3);
    // A real range from the start: laid out with the axis's default one, Qt 6.4 gives the time
    // axis no room and never makes some when the range changes, so it showed no times at all.
    const QDateTime now = QDateTime::currentDateTime();
    x->setRange(now.addSecs(-60), now);
    auto *y = new QValueAxis;
    y->setTitleText(yTitle);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTickCount(5);
    y->setMin(0);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

// Runs of samples taken while the server was live: one line each.
template<typename Value>
QList<QList<QPointF>> liveRuns(const std::deque<Monitor::Sample> &series, Value value, double *max)
{
    QList<QList<QPointF>> runs;
    bool open = false;
    for (const Monitor::Sample &s : series) {
        if (!s.live) {
            open = false;
            continue;
        }
        if (!open)
            runs.append(QList<QPointF>());
        open = true;
        const double v = value(s);
        runs.last().append(QPointF(double(s.timeMs), v));
        *max = std::max(*max, v);
    }
    return runs;
}

} // namespace

ChartsPanel::ChartsPanel(Monitor::Hub *hub, QWidget *parent) : QWidget(parent), m_hub(hub)
{
    m_calls = makeChart(tr("Concurrent calls"), tr("calls up"));
    m_rate = makeChart(tr("Calls started"), tr("per minute (last 60 s)"));
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    for (auto [chart, name] : {std::pair{m_calls, "callsChart"}, std::pair{m_rate, "rateChart"}}) {
        auto *view = new QChartView(chart, this);
        view->setObjectName(QLatin1StringView(name));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(180, 140);
        column->addWidget(view);
    }
    connect(hub->statistics(), &Monitor::Statistics::sampled, this, &ChartsPanel::update);
    connect(hub, &Monitor::Hub::serverRemoved, this, &ChartsPanel::forget);
}

QColor ChartsPanel::colourOf(Monitor::ServerId id) const
{
    return m_colours ? m_colours(id) : Console::profileColour(int(id) - 1);
}

void ChartsPanel::draw(QChart *chart, Lines &lines, const Monitor::ServerMonitor *server,
                       const QList<QList<QPointF>> &segments)
{
    QList<QLineSeries *> &list = lines[server->id()];
    const QColor colour = colourOf(server->id());
    // At least one line, even with nothing to draw: it holds the server's legend entry.
    const qsizetype wanted = std::max<qsizetype>(1, segments.size());
    while (list.size() < wanted) {
        auto *line = new QLineSeries;
        line->setName(server->name());
        QPen pen(colour);
        pen.setWidthF(2);
        line->setPen(pen);
        chart->addSeries(line);
        for (QAbstractAxis *axis : chart->axes())
            line->attachAxis(axis);
        // One legend entry per server: the first run's.
        if (!list.isEmpty()) {
            for (QLegendMarker *marker : chart->legend()->markers(line))
                marker->setVisible(false);
        }
        list.append(line);
    }
    while (list.size() > wanted) {
        QLineSeries *line = list.takeLast();
        chart->removeSeries(line);
        delete line;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        QLineSeries *line = list.at(i);
        if (line->color() != colour) // the profile was recoloured
            line->setColor(colour);
        line->replace(i < segments.size() ? segments.at(i) : QList<QPointF>());
    }
}

void ChartsPanel::forget(Monitor::ServerId id)
{
    for (auto [chart, lines] :
         {std::pair{m_calls, &m_callLines}, std::pair{m_rate, &m_rateLines}}) {
        for (QLineSeries *line : lines->take(id)) {
            chart->removeSeries(line);
            delete line;
        }
    }
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        QTimer::singleShot(0, this, &ChartsPanel::update);
}

void ChartsPanel::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    if (m_stale)
        QTimer::singleShot(0, this, &ChartsPanel::update);
}

void ChartsPanel::update()
{
    if (!isVisible() || visibleRegion().isEmpty()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    const std::deque<Monitor::Sample> &total = m_hub->statistics()->total();
    if (total.empty())
        return;
    double maxCalls = 1;
    double maxRate = 1;
    for (const Monitor::ServerMonitor *server : m_hub->servers()) {
        const auto &series = m_hub->statistics()->series(server->id());
        draw(m_calls, m_callLines, server,
             liveRuns(
                 series, [](const Monitor::Sample &s) { return double(s.calls); }, &maxCalls));
        draw(m_rate, m_rateLines, server,
             liveRuns(
                 series, [](const Monitor::Sample &s) { return double(s.callsLastMinute); },
                 &maxRate));
    }
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(total.front().timeMs);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(std::max(
        total.back().timeMs, total.front().timeMs + 1000)); // a range, even at the first sample
    for (auto [chart, max] : {std::pair{m_calls, maxCalls}, std::pair{m_rate, maxRate}}) {
        chart->axes(Qt::Horizontal).first()->setRange(first, last);

        auto *y = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).first());
        y->setRange(0, std::max(4.0, max * 1.15));
        y->applyNiceNumbers();
    }
}

} // namespace Ui
