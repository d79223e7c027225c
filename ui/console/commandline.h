#pragma once
// The API console's command line: a line edit that hands its keys to the console first (history,
// Tab completion, function keys), and that claims F1–F12 before the window's shortcuts (F5
// resyncs there). While the completion popup is open, Tab, Enter and Escape are left to the
// completer (it forwards them here before acting on them).

#include <QLineEdit>

#include <functional>

class QCompleter;
class QKeyEvent;

namespace Ui {

// F1..F12 without modifiers: 1..12; anything else 0.
[[nodiscard]] int functionKey(const QKeyEvent *event);

class CommandLine : public QLineEdit
{
public:
    using QLineEdit::QLineEdit;

    std::function<bool(QKeyEvent *)> onKey; // true: handled
    QCompleter *completer = nullptr;

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    [[nodiscard]] bool popupVisible() const;
};

} // namespace Ui
