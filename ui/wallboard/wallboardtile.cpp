#include "ui/wallboard/wallboardtile.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace Ui {

using Monitor::WallboardFigure;
using Monitor::WallboardTile;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kUnknown = u"—"_s;

// The widest text a cell is sized for, whatever it shows: three digits, a wait under ten
// minutes. A wider value (a thousand calls, a wait of 12:05) grows to the left, and is set
// smaller only if the cell cannot hold it.
QString widestOf(WallboardFigure figure)
{
    switch (figure) {
    case WallboardFigure::LongestWait:
        return u"8:88"_s;
    case WallboardFigure::AverageMos:
        return u"8.8"_s;
    default:
        return u"888"_s;
    }
}

// Columns of the number grid for `count` numbers in a w×h area: the arrangement whose cells
// are closest to a number's shape (about 1.6 times as wide as tall).
int gridColumns(int count, double w, double h)
{
    int best = 1;
    double bestScore = 1e9;
    for (int columns = 1; columns <= count; ++columns) {
        const int rows = (count + columns - 1) / columns;
        const double aspect = (w / columns) / (h / rows);
        const double score = std::abs(std::log(aspect / 1.6)) + 0.2 * (rows * columns - count);
        if (score < bestScore) {
            bestScore = score;
            best = columns;
        }
    }
    return best;
}

} // namespace

WallboardTileView::WallboardTileView(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(120, 80);
}

void WallboardTileView::setTile(const WallboardTile &tile, qint64 nowMs)
{
    m_tile = tile;
    m_nowMs = nowMs;
    // The lines of the title bar may be elided: the tooltip holds them whole.
    QStringList lines{m_tile.title, subtitleLine()};
    if (!statusLine().isEmpty())
        lines.append(statusLine());
    lines.removeAll(QString());
    setToolTip(lines.join(u'\n'));
    update();
}

void WallboardTileView::setFigures(const QList<WallboardFigure> &figures)
{
    m_figures = figures;
    update();
}

void WallboardTileView::setDark(bool dark)
{
    m_dark = dark;
    update();
}

void WallboardTileView::setFontScale(double scale)
{
    m_fontScale = scale;
    update();
}

QList<WallboardFigure> WallboardTileView::shownFigures() const
{
    QList<WallboardFigure> shown;
    for (WallboardFigure figure : m_figures) {
        if (m_tile.shows(figure))
            shown.append(figure);
    }
    return shown;
}

QString WallboardTileView::waitText(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, ms) / 1000;
    if (seconds < 3600)
        return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
    const qint64 hours = std::min<qint64>(seconds / 3600, 99);
    return u"%1h%2"_s.arg(hours).arg((seconds / 60) % 60, 2, 10, QChar(u'0'));
}

QString WallboardTileView::valueText(const WallboardTile &tile, WallboardFigure figure)
{
    if (!tile.shows(figure) || (tile.stale && figure != WallboardFigure::ActiveAlerts))
        return kUnknown;
    const Monitor::WallboardNumbers &n = tile.numbers;
    // Counts beyond four digits would not fit the box: a wall says "9999+" rather than overflow.
    const auto count = [](int value) { return value > 9999 ? u"9999+"_s : QString::number(value); };
    switch (figure) {
    case WallboardFigure::LiveCalls:
        return count(n.liveCalls);
    case WallboardFigure::Waiting:
        return n.queuesKnown ? count(n.waiting) : kUnknown;
    case WallboardFigure::LongestWait:
        return n.queuesKnown ? waitText(n.longestWaitMs) : kUnknown;
    case WallboardFigure::AgentsFree:
        return n.queuesKnown ? count(n.agentsFree) : kUnknown;
    case WallboardFigure::CallsPerMinute:
        return count(n.callsPerMinute);
    case WallboardFigure::AverageMos:
        return n.mosLegs > 0 && n.averageMos >= 0 ? QString::number(n.averageMos, 'f', 1)
                                                  : kUnknown;
    case WallboardFigure::ActiveAlerts:
        return count(n.activeAlerts);
    }
    return kUnknown;
}

WallboardTileView::Level WallboardTileView::levelOf(const WallboardTile &tile,
                                                    WallboardFigure figure)
{
    if (valueText(tile, figure) == kUnknown)
        return Level::Unknown;
    const Monitor::WallboardNumbers &n = tile.numbers;
    switch (figure) {
    case WallboardFigure::Waiting:
        return n.waiting > 0 ? Level::Warning : Level::Normal;
    case WallboardFigure::LongestWait:
        return n.longestWaitMs > kLongWaitMs ? Level::Critical
               : n.longestWaitMs > 0         ? Level::Warning
                                             : Level::Normal;
    case WallboardFigure::AverageMos:
        return n.averageMos < kPoorMos   ? Level::Critical
               : n.averageMos < kFairMos ? Level::Warning
                                         : Level::Normal;
    case WallboardFigure::ActiveAlerts:
        return n.activeAlerts > 0 ? Level::Critical : Level::Normal;
    default:
        return Level::Normal;
    }
}

QString WallboardTileView::text(WallboardFigure figure) const
{
    return valueText(m_tile, figure);
}

WallboardTileView::Level WallboardTileView::level(WallboardFigure figure) const
{
    return levelOf(m_tile, figure);
}

QString WallboardTileView::subtitleLine() const
{
    return m_tile.subtitle;
}

QString WallboardTileView::statusLine() const
{
    if (!m_tile.stale)
        return {};
    if (m_tile.unknownSinceMs <= 0)
        return tr("unknown: not connected yet");
    const QDateTime since = QDateTime::fromMSecsSinceEpoch(m_tile.unknownSinceMs);
    const qint64 ago = std::max<qint64>(0, m_nowMs - m_tile.unknownSinceMs);
    return tr("unknown since %1 (%2 ago)").arg(since.toString(u"HH:mm:ss"_s), waitText(ago));
}

QColor WallboardTileView::colourFor(Level level) const
{
    switch (level) {
    case Level::Critical:
        return m_dark ? QColor(0xff, 0x5a, 0x4f) : QColor(0xc6, 0x28, 0x28);
    case Level::Warning:
        return m_dark ? QColor(0xf5, 0xa6, 0x23) : QColor(0xb0, 0x60, 0x00);
    case Level::Unknown:
        return m_dark ? QColor(0x6b, 0x76, 0x80) : QColor(0x9a, 0xa3, 0xab);
    case Level::Normal:
        break;
    }
    return m_dark ? QColor(0xec, 0xf0, 0xf3) : QColor(0x14, 0x18, 0x1c);
}

QFont WallboardTileView::titleFont(double titleHeight) const
{
    QFont f = font();
    f.setBold(true);
    f.setPixelSize(std::max(11, int(titleHeight * 0.46)));
    return f;
}

QFont WallboardTileView::smallFont(double titleHeight) const
{
    QFont f = font();
    f.setPixelSize(std::max(9, int(titleHeight * 0.24)));
    return f;
}

QString WallboardTileView::fittedStatusLine(const QFontMetricsF &metrics, double width) const
{
    const QString full = statusLine();
    if (metrics.horizontalAdvance(full) <= width || m_tile.unknownSinceMs <= 0)
        return metrics.elidedText(full, Qt::ElideRight, width);
    // Since when matters more than the words around it or how long ago.
    const QString time = QDateTime::fromMSecsSinceEpoch(m_tile.unknownSinceMs)
                             .toString(u"HH:mm:ss"_s);
    for (const QString &shorter : {tr("unknown since %1").arg(time), tr("since %1").arg(time)}) {
        if (metrics.horizontalAdvance(shorter) <= width)
            return shorter;
    }
    return metrics.elidedText(time, Qt::ElideRight, width);
}

WallboardTileView::Grid WallboardTileView::grid() const
{
    Grid g;
    g.margin = std::max(3.0, std::min(width(), height()) * 0.02);
    g.card = QRectF(rect()).adjusted(g.margin, g.margin, -g.margin, -g.margin);
    g.titleHeight = std::clamp(g.card.height() * 0.2, 28.0, 120.0) * std::min(m_fontScale, 1.2);
    g.nameHeight = g.titleHeight * 0.62;
    g.lineHeight = g.titleHeight - g.nameHeight;
    if (m_tile.stale)
        g.lineHeight = std::max(g.lineHeight, QFontMetricsF(smallFont(g.titleHeight)).height());
    // A stale tile has a third line (since when it is unknown) under the subtitle: its bar grows
    // by that line rather than dropping the subtitle. Its numbers are dashes, so the smaller body
    // costs nothing a live tile shows; the board's common number size ignores it (see
    // WallboardWindow::equaliseNumbers).
    const double bar = m_tile.stale ? g.nameHeight + 2 * g.lineHeight : g.titleHeight;
    g.body = g.card.adjusted(g.margin, bar, -g.margin, -g.margin);
    const qsizetype count = std::max<qsizetype>(1, shownFigures().size());
    g.columns = gridColumns(int(count), g.body.width(), g.body.height());
    g.rows = int((count + g.columns - 1) / g.columns);
    g.cellWidth = g.body.width() / g.columns;
    g.cellHeight = g.body.height() / g.rows;
    return g;
}

double WallboardTileView::fitNumberSize() const
{
    const Grid g = grid();
    QFont numberFont = font();
    numberFont.setBold(true);
    numberFont.setPixelSize(100);
    const QFontMetricsF at100(numberFont);
    double size = g.cellHeight / (1.0 + kLabelShare * 1.3) * 0.9;
    for (WallboardFigure figure : shownFigures())
        size = std::min(size, (g.cellWidth - 2 * g.margin) * 0.92 /
                                  at100.horizontalAdvance(widestOf(figure)) * 100);
    return std::max(10.0, size);
}

double WallboardTileView::naturalNumberSize() const
{
    const double fit = fitNumberSize();
    return std::max(10.0, std::min(fit, fit * 0.9 * m_fontScale));
}

void WallboardTileView::setNumberSizeCap(double pixels)
{
    if (pixels == m_sizeCap)
        return;
    m_sizeCap = pixels;
    update();
}

void WallboardTileView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor background = m_dark ? QColor(0x0d, 0x11, 0x15) : QColor(0xe4, 0xe8, 0xec);
    const QColor face = m_dark ? QColor(0x1a, 0x21, 0x29) : QColor(0xff, 0xff, 0xff);
    const QColor label = m_dark ? QColor(0x93, 0x9f, 0xab) : QColor(0x55, 0x60, 0x6a);
    p.fillRect(rect(), background);

    const Grid g = grid();
    const double margin = g.margin;
    const QRectF card = g.card;
    QPainterPath shape;
    shape.addRoundedRect(card, margin * 1.5, margin * 1.5);
    p.fillPath(shape, m_tile.stale ? face.darker(m_dark ? 115 : 104) : face);

    // The title bar: the server's colour as a band on the left, the name, the status line.
    const double titleHeight = g.titleHeight;
    const QRectF title(card.left(), card.top(), card.width(), titleHeight);
    const QColor mark = QColor::fromString(m_tile.colour);
    if (mark.isValid())
        p.fillRect(
            QRectF(title.left(), title.top() + margin, margin * 1.6, titleHeight - 2 * margin),
            mark);
    const double textLeft = title.left() + margin * 3.2;
    p.setFont(titleFont(titleHeight));
    p.setPen(colourFor(m_tile.stale ? Level::Unknown : Level::Normal));
    const QRectF nameRect(textLeft, title.top(), title.right() - textLeft - margin, g.nameHeight);
    p.drawText(nameRect, Qt::AlignLeft | Qt::AlignBottom,
               p.fontMetrics().elidedText(m_tile.title, Qt::ElideMiddle, int(nameRect.width())));
    const QFont small = smallFont(titleHeight);
    const QFontMetricsF smallMetrics(small);
    p.setFont(small);
    // Names are elided in the middle: two servers "pbx-east-1" and "pbx-east-2" stay apart.
    p.setPen(!m_tile.stale && m_tile.staleServers > 0 ? colourFor(Level::Warning) : label);
    const QRectF subtitleRect(textLeft, nameRect.bottom(), nameRect.width(), g.lineHeight);
    p.drawText(subtitleRect, Qt::AlignLeft | Qt::AlignTop,
               smallMetrics.elidedText(subtitleLine(), Qt::ElideMiddle, subtitleRect.width()));
    if (m_tile.stale) {
        p.setPen(colourFor(Level::Warning));
        const QRectF statusRect = subtitleRect.translated(0, g.lineHeight);
        p.drawText(statusRect, Qt::AlignLeft | Qt::AlignTop,
                   fittedStatusLine(smallMetrics, statusRect.width()));
    }

    // The numbers: a fixed grid for the figures this tile shows.
    const QList<WallboardFigure> figures = shownFigures();
    if (figures.isEmpty())
        return;
    const QRectF body = g.body;
    const int columns = g.columns;
    const double cellWidth = g.cellWidth;
    const double cellHeight = g.cellHeight;
    // One type size for every number of the tile — and of the board, which caps it at the
    // smallest tile's — as large as the widest value each cell is sized for allows; the label a
    // third of it.
    QFont numberFont = font();
    numberFont.setBold(true);
    double size = naturalNumberSize();
    if (m_sizeCap > 0)
        size = std::max(10.0, std::min(size, m_sizeCap));
    numberFont.setPixelSize(int(size));
    QFont labelFont = font();
    labelFont.setPixelSize(std::max(9, int(size * kLabelShare)));
    const QFontMetricsF metrics(numberFont);
    const QFontMetricsF labelMetrics(labelFont);
    // The digits' own height (cap height), not the font's line: the label sits right under them.
    const double digitHeight = metrics.tightBoundingRect(u"8"_s).height();
    const double groupHeight = digitHeight + labelMetrics.height() * 1.4;
    for (int i = 0; i < figures.size(); ++i) {
        const WallboardFigure figure = figures[i];
        const QRectF cell(body.left() + (i % columns) * cellWidth,
                          body.top() + (i / columns) * cellHeight, cellWidth, cellHeight);
        const QString widest = widestOf(figure);
        const double boxWidth = metrics.horizontalAdvance(widest);
        const double top = cell.center().y() - groupHeight / 2;
        const QRectF box(cell.center().x() - boxWidth / 2, top, boxWidth, digitHeight);
        p.setPen(colourFor(level(figure)));
        const QString value = text(figure);
        const double baseline = box.bottom();
        // Right-aligned in the box, so the units stay put; a dash ("nothing here") centred. A
        // value wider than the cell (rare: see widestOf) is set smaller rather than spill over.
        double width = metrics.horizontalAdvance(value);
        QFont valueFont = numberFont;
        const double room = box.right() - cell.left() - margin;
        if (width > room) {
            valueFont.setPixelSize(std::max(8, int(numberFont.pixelSize() * room / width)));
            width = QFontMetricsF(valueFont).horizontalAdvance(value);
        }
        p.setFont(valueFont);
        const double x = value == kUnknown ? box.center().x() - width / 2 : box.right() - width;
        p.drawText(QPointF(x, baseline), value);
        // The label under the number, on the same right edge: the eye goes down one column.
        p.setFont(labelFont);
        p.setPen(label);
        const QString name = Monitor::WallboardFigures::figureName(figure);
        const double nameWidth = labelMetrics.horizontalAdvance(name);
        const double nameX = std::max(cell.left() + margin, box.right() - nameWidth);
        p.drawText(QPointF(nameX, baseline + labelMetrics.height() * 0.6 + labelMetrics.ascent()),
                   labelMetrics.elidedText(name, Qt::ElideRight, cell.right() - nameX - margin));
    }
}

} // namespace Ui
