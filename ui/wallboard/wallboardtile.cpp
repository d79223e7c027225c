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

// The widest text a cell may have to hold: the number box is sized for it, whatever it shows.
QString widestOf(WallboardFigure figure)
{
    switch (figure) {
    case WallboardFigure::LongestWait:
        return u"88:88"_s;
    case WallboardFigure::AverageMos:
        return u"8.8"_s;
    default:
        return u"8888"_s;
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
        const double score = std::abs(std::log(aspect / 1.6)) + 0.05 * (rows * columns - count);
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

QString WallboardTileView::statusLine() const
{
    if (!m_tile.stale) {
        if (m_tile.kind == WallboardTile::Kind::Fleet || m_tile.staleServers == 0)
            return m_tile.subtitle;
    }
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

void WallboardTileView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor background = m_dark ? QColor(0x0d, 0x11, 0x15) : QColor(0xe4, 0xe8, 0xec);
    const QColor face = m_dark ? QColor(0x1a, 0x21, 0x29) : QColor(0xff, 0xff, 0xff);
    const QColor label = m_dark ? QColor(0x93, 0x9f, 0xab) : QColor(0x55, 0x60, 0x6a);
    p.fillRect(rect(), background);

    const double margin = std::max(3.0, std::min(width(), height()) * 0.02);
    const QRectF card = QRectF(rect()).adjusted(margin, margin, -margin, -margin);
    QPainterPath shape;
    shape.addRoundedRect(card, margin * 1.5, margin * 1.5);
    p.fillPath(shape, m_tile.stale ? face.darker(m_dark ? 115 : 104) : face);

    // The title bar: the server's colour as a band on the left, the name, the status line.
    const double titleHeight = std::clamp(card.height() * 0.2, 28.0, 120.0) * m_fontScale;
    const QRectF title(card.left(), card.top(), card.width(), titleHeight);
    const QColor mark = QColor::fromString(m_tile.colour);
    if (mark.isValid())
        p.fillRect(
            QRectF(title.left(), title.top() + margin, margin * 1.6, titleHeight - 2 * margin),
            mark);
    const double textLeft = title.left() + margin * 3.2;
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPixelSize(std::max(11, int(titleHeight * 0.46)));
    p.setFont(titleFont);
    p.setPen(colourFor(m_tile.stale ? Level::Unknown : Level::Normal));
    const QRectF nameRect(textLeft, title.top(), title.right() - textLeft - margin,
                          titleHeight * 0.62);
    p.drawText(nameRect, Qt::AlignLeft | Qt::AlignBottom,
               p.fontMetrics().elidedText(m_tile.title, Qt::ElideMiddle, int(nameRect.width())));
    QFont smallFont = font();
    smallFont.setPixelSize(std::max(9, int(titleHeight * 0.24)));
    p.setFont(smallFont);
    p.setPen(m_tile.stale || m_tile.staleServers > 0 ? colourFor(Level::Warning) : label);
    const QRectF statusRect(textLeft, nameRect.bottom(), nameRect.width(),
                            titleHeight - nameRect.height());
    p.drawText(statusRect, Qt::AlignLeft | Qt::AlignTop,
               p.fontMetrics().elidedText(statusLine(), Qt::ElideRight, int(statusRect.width())));

    // The numbers: a fixed grid for the figures this tile shows.
    const QList<WallboardFigure> figures = shownFigures();
    if (figures.isEmpty())
        return;
    const QRectF body = card.adjusted(margin, titleHeight, -margin, -margin);
    const int columns = gridColumns(int(figures.size()), body.width(), body.height());
    const int rows = int((figures.size() + columns - 1) / columns);
    const double cellWidth = body.width() / columns;
    const double cellHeight = body.height() / rows;
    QFont numberFont = font();
    numberFont.setBold(true);
    QFont labelFont = font();
    labelFont.setPixelSize(std::max(9, int(cellHeight * 0.13 * m_fontScale)));
    for (int i = 0; i < figures.size(); ++i) {
        const WallboardFigure figure = figures[i];
        const QRectF cell(body.left() + (i % columns) * cellWidth,
                          body.top() + (i / columns) * cellHeight, cellWidth, cellHeight);
        const double labelHeight = QFontMetricsF(labelFont).height() * 1.2;
        const QRectF numberArea = cell.adjusted(margin, 0, -margin, -labelHeight);
        // The type as large as the widest value allows in this cell: the box does not depend
        // on what is shown.
        const QString widest = widestOf(figure);
        numberFont.setPixelSize(100);
        const double at100 = QFontMetricsF(numberFont).horizontalAdvance(widest);
        const double byWidth = numberArea.width() * 0.92 / at100 * 100;
        const double byHeight = numberArea.height() * 0.78;
        const int size = std::max(10, int(std::min(byWidth, byHeight * m_fontScale)));
        numberFont.setPixelSize(size);
        const QFontMetricsF metrics(numberFont);
        const double boxWidth = std::min(numberArea.width(), metrics.horizontalAdvance(widest));
        const QRectF box(numberArea.center().x() - boxWidth / 2, numberArea.top(), boxWidth,
                         numberArea.height());
        p.setFont(numberFont);
        p.setPen(colourFor(level(figure)));
        const QString value = text(figure);
        // A dash stands for no number: centred, it reads as "nothing here" rather than a digit.
        const Qt::Alignment align =
            value == kUnknown ? Qt::AlignCenter : Qt::AlignRight | Qt::AlignVCenter;
        p.drawText(box, align | Qt::TextDontClip, value);
        p.setFont(labelFont);
        p.setPen(label);
        p.drawText(QRectF(cell.left(), numberArea.bottom(), cell.width(), labelHeight),
                   Qt::AlignHCenter | Qt::AlignTop, Monitor::WallboardFigures::figureName(figure));
    }
}

} // namespace Ui
