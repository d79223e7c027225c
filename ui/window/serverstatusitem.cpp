#include "ui/window/serverstatusitem.h"

#include <QEvent>
#include <QStyleOptionToolButton>
#include <QStylePainter>

namespace Ui {

ServerStatusItem::ServerStatusItem(QWidget *parent) : QToolButton(parent)
{
    // It may be given less than its whole sentence needs: shownText() then sheds parts.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ServerStatusItem::setSentence(const ServerItemText &sentence, const QString &details)
{
    const QString whole = sentence.whole();
    const bool sameParts = sentence.name == m_sentence.name && sentence.kept == m_sentence.kept &&
                           sentence.extras.size() == m_sentence.extras.size();
    m_sentence = sentence;
    m_details = details;
    if (text() != whole) {
        setText(whole);
        setAccessibleName(whole);
    }
    if (!sameParts)
        updateGeometry(); // the minimum moved
    updateTip();
}

int ServerStatusItem::textWidth(const QString &form) const
{
    return fontMetrics().size(Qt::TextShowMnemonic, form).width();
}

int ServerStatusItem::overhead() const
{
    return sizeHint().width() - textWidth(text());
}

bool ServerStatusItem::fits(const QString &form) const
{
    return textWidth(form) + overhead() <= width();
}

QString ServerStatusItem::shownText() const
{
    const QString whole = text();
    if (fits(whole))
        return whole;
    for (qsizetype shed = m_sentence.extras.size() - 1; shed >= 0; --shed) {
        const QString form = m_sentence.name + m_sentence.kept +
                             QStringList(m_sentence.extras.mid(0, shed)).join(QString());
        if (fits(form))
            return form;
    }
    // Only the name is left to give: it keeps what room the state and channels leave.
    const int room = width() - overhead() - textWidth(m_sentence.kept);
    return fontMetrics().elidedText(m_sentence.name, Qt::ElideRight, qMax(0, room)) +
           m_sentence.kept;
}

QSize ServerStatusItem::minimumSizeHint() const
{
    // The state and channels with the name's first letter: less would say nothing of which.
    const QString least = m_sentence.name.left(1) + QStringLiteral("…") + m_sentence.kept;
    QSize size = sizeHint();
    size.setWidth(qMin(size.width(), textWidth(least) + overhead()));
    return size;
}

void ServerStatusItem::paintEvent(QPaintEvent *)
{
    // QToolButton's own painting with the form that fits in place of the whole sentence.
    QStylePainter painter(this);
    QStyleOptionToolButton option;
    initStyleOption(&option);
    option.text = shownText();
    painter.drawComplexControl(QStyle::CC_ToolButton, option);
}

void ServerStatusItem::resizeEvent(QResizeEvent *event)
{
    QToolButton::resizeEvent(event);
    updateTip();
}

void ServerStatusItem::changeEvent(QEvent *event)
{
    QToolButton::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateTip();
}

void ServerStatusItem::updateTip()
{
    // Shortened, the item says the rest where the pointer rests on it.
    const QString whole = text();
    const bool shortened = shownText() != whole;
    QString tip = m_details;
    if (shortened)
        tip = m_details.isEmpty() ? whole : whole + u'\n' + m_details;
    if (toolTip() != tip)
        setToolTip(tip);
}

} // namespace Ui
