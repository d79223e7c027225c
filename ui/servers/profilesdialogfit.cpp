// ProfilesDialog on the screen it has: the editor scrolls inside a dialog never larger than the
// screen's available geometry, "Reach the switch" goes under the form when beside it would not
// fit (1024 px), and a dialog that grows stays where the operator can reach its OK and Cancel.
// Split from profilesdialog.cpp, which builds the dialog and edits the list.

#include "ui/servers/profilesdialog.h"

#include "ui/servers/profileeditor.h"

#include <QCoreApplication>
#include <QLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>

#include <algorithm>

namespace Ui {

namespace {

class EditorScrollArea : public QScrollArea
{
public:
    using QScrollArea::QScrollArea;

    [[nodiscard]] QSize sizeHint() const override
    {
        if (!widget())
            return QScrollArea::sizeHint();
        const int frame = 2 * frameWidth();
        // Room for the vertical bar too: where it appears, the fields must not be cut sideways.
        const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
        const QSize content = widget()->sizeHint();
        return {content.width() + frame + bar, content.height() + frame};
    }

    // As narrow as the editor can be (the dialog's stretch must not squeeze it sideways), as
    // low as a few lines: the height is what scrolls.
    [[nodiscard]] QSize minimumSizeHint() const override
    {
        if (!widget())
            return QScrollArea::minimumSizeHint();
        const int frame = 2 * frameWidth();
        const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
        return {widget()->minimumSizeHint().width() + frame + bar,
                6 * fontMetrics().height() + frame};
    }

protected:
    bool event(QEvent *event) override
    {
        // The editor's layout changed (SSH chosen, a warning shown): its size reaches the
        // dialog's layout only through ours.
        if (event->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QScrollArea::event(event);
    }
};

// A layout's invalidate() leaves the layouts nested in it with their cached sizes.
void invalidateAll(QLayout *layout)
{
    layout->invalidate();
    for (int i = 0; i < layout->count(); ++i) {
        if (QLayout *nested = layout->itemAt(i)->layout())
            invalidateAll(nested);
    }
}

} // namespace

QWidget *ProfilesDialog::scrollingEditor(QWidget *editor, QWidget *parent)
{
    auto *scroll = new EditorScrollArea(parent);
    scroll->setObjectName(QStringLiteral("profileEditorScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(editor);
    return scroll;
}

void ProfilesDialog::refreshEditorSize()
{
    // Each layout caches its items' sizes: the editor's new size reaches the dialog's only once
    // every widget between them says its geometry changed. Qt passes it on only between
    // visible widgets (and never out of a scroll area): before the dialog is shown, a page the
    // reach section switched to would still count at its old size.
    QList<QWidget *> inside = m_editor->findChildren<QWidget *>();
    inside.append(m_editor);
    for (QWidget *w : std::as_const(inside)) {
        if (w->layout())
            invalidateAll(w->layout());
        w->updateGeometry();
    }
    for (QWidget *w = m_editorPages->widget(0); w && w != this; w = w->parentWidget()) {
        if (w->layout())
            invalidateAll(w->layout());
        w->updateGeometry();
    }
    invalidateAll(layout());
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

QSize ProfilesDialog::roomForContents() const
{
    if (m_room.isEmpty())
        return {QWIDGETSIZE_MAX, QWIDGETSIZE_MAX}; // not placed yet: the constructor's
    // The window manager's frame is outside the widget's size: known once shown, else a title
    // bar's worth.
    QSize frame = frameGeometry().size() - size();
    if (!isVisible() || frame.isEmpty())
        frame = QSize(0, style()->pixelMetric(QStyle::PM_TitleBarHeight));
    return (m_room.size() - frame).expandedTo(QSize(0, 0));
}

void ProfilesDialog::fitInto(const QRect &room)
{
    m_room = room;
    const auto layOut = [this](bool beside) {
        m_editor->setReachBeside(beside);
        refreshEditorSize();
    };
    layOut(true);
    const QSize contents = roomForContents();
    if (sizeHint().width() > contents.width())
        layOut(false);
    resize(sizeHint().boundedTo(contents).expandedTo(minimumSizeHint()));
    keepInRoom();
}

void ProfilesDialog::growToFit()
{
    // As wide as the form needs, so that no label or check box is cut ("Connect when
    // Switchboard starts" was, when the dialog opened with no profile and so no form). Rows just
    // shown or hidden (another kind of profile) reach the outer layouts only through posted
    // layout requests: take them first.
    refreshEditorSize();
    const QSize contents = roomForContents();
    const int wide = std::min(std::max(width(), sizeHint().width()), contents.width());
    // Wrapped labels make the layout height-for-width, and then Qt sets no minimum height on
    // the window: a notice that appears would squeeze the form instead of growing the dialog.
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(wide)
                                                     : layout()->totalSizeHint().height();
    const QSize size(std::max(wide, width()),
                     std::min(std::max(height(), needed), contents.height()));
    if (size != this->size()) {
        resize(size);
        keepInRoom();
    }
}

void ProfilesDialog::keepInRoom()
{
    if (!isVisible() || m_room.isEmpty())
        return; // QDialog centres it on its parent when shown, within the screen
    QRect frame = frameGeometry();
    frame.moveLeft(std::clamp(frame.left(), m_room.left(),
                              std::max(m_room.left(), m_room.right() + 1 - frame.width())));
    frame.moveTop(std::clamp(frame.top(), m_room.top(),
                             std::max(m_room.top(), m_room.bottom() + 1 - frame.height())));
    if (frame.topLeft() != frameGeometry().topLeft())
        move(frame.topLeft());
}

} // namespace Ui
