#include "ui/common/elidedlabel.h"

#include "monitor/bidi.h"

#include <QResizeEvent>

namespace Ui {

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_text = text;
    setToolTip(text.contains(u'\n') || fontMetrics().horizontalAdvance(text) > width() ? text
                                                                                       : QString());
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {0, fontMetrics().height()};
}

QSize ElidedLabel::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(m_text.section(u'\n', 0, 0)), fontMetrics().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::elide()
{
    // One line: a reply of several lines shows its first, the tooltip has them all.
    QString line = m_text;
    line.replace(u'\n', QStringLiteral("  ⏎ "));
    const QString shown = Monitor::keepIsolatesBalanced(
        line, fontMetrics().elidedText(line, Qt::ElideRight, std::max(width(), 0)));
    if (shown != text())
        setText(shown);
    if (shown != line && toolTip().isEmpty())
        setToolTip(m_text);
}

} // namespace Ui
