#pragma once
// Help → Keys and filter language (F1): a searchable cheat sheet. The keys are read from the
// window's own actions when it opens (their text, shortcuts and menu), so the sheet cannot drift
// from what the keys do; the API console's function keys come from the console itself. The
// filter language's rows follow lib/monitor/filterparser.h, each with an example the tests
// compile. A box above the list filters both as you type.

#include <QDialog>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace Ui {

class CheatSheet : public QDialog
{
    Q_OBJECT

public:
    // Reads the shortcuts of `window`'s actions.
    explicit CheatSheet(QWidget *window);

    [[nodiscard]] QLineEdit *filterEdit() const { return m_filter; }
    [[nodiscard]] QTreeWidget *list() const { return m_list; }

    struct FilterRow
    {
        QString syntax;
        QString meaning;
        QString example;
    };
    [[nodiscard]] static QList<FilterRow> filterLanguage();

private:
    void addKeys(QWidget *window, QTreeWidgetItem *group);
    void applyFilter(const QString &text);

    QLineEdit *m_filter;
    QTreeWidget *m_list;
};

} // namespace Ui
