#pragma once
// The uuid_dump viewer: a channel's dump as a table of headers and values (values decoded by
// console/channeldump.h), with a filter and row copying. Not modal by itself: show() it to keep it
// open beside the window.

#include <QDialog>
#include <QString>

class QLineEdit;
class QTableWidget;

namespace Ui {

class DumpDialog : public QDialog
{
    Q_OBJECT

public:
    DumpDialog(const QString &title, const QString &dumpText, QWidget *parent = nullptr);

    // The dump exactly as the switch sent it.
    [[nodiscard]] const QString &rawText() const { return m_raw; }
    // The selected visible rows as "Name: value" lines, values decoded, each ending in '\n'.
    [[nodiscard]] QString selectedText() const;
    void copyAll() const;
    void copySelection() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter(const QString &text);

    QString m_raw;
    QLineEdit *m_filter;
    QTableWidget *m_table;
};

} // namespace Ui
