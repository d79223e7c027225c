// The API console's command line and its keys.
#include "ui/console/commandline.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>

namespace Ui {

int functionKey(const QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods != Qt::NoModifier || event->key() < Qt::Key_F1 || event->key() > Qt::Key_F12)
        return 0;
    return event->key() - Qt::Key_F1 + 1;
}

bool CommandLine::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride && functionKey(static_cast<QKeyEvent *>(event))) {
        event->accept(); // ours, not a window shortcut's (F5 resyncs there)
        return true;
    }
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier) {
            if (popupVisible())
                event->ignore();
            else
                onKey(key);
            return true;
        }
    }
    return QLineEdit::event(event);
}

void CommandLine::keyPressEvent(QKeyEvent *event)
{
    if (popupVisible()) {
        if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter ||
            event->key() == Qt::Key_Escape) {
            event->ignore();
            return;
        }
    } else if (onKey(event)) {
        return;
    }
    QLineEdit::keyPressEvent(event);
}

bool CommandLine::popupVisible() const
{
    return completer && completer->popup() && completer->popup()->isVisible();
}

} // namespace Ui
