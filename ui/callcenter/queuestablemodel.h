#pragma once
// One of the Queues panel's three tables (queues, waiting members, agents): rows keyed by
// identity ("server queue", a member's uuid, an agent's name), updated in place from the
// stores. A refresh changes the cells that changed, appends rows that are new and removes rows
// that are gone; it never resets the model or reorders what stays, so the list does not move
// under a resting pointer and the selection keeps its row.

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

namespace Ui {

class QueuesTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    struct Row
    {
        QString key;
        QStringList cells;
        QColor colour;        // the text colour of the row's status cell (invalid: none)
        int colourColumn = -1;
        bool grey = false;    // last known only (the link is down), or an abandoned member
        QColor swatch;        // the server's colour, shown in the first cell (invalid: none)
        QString tip;
    };

    explicit QueuesTableModel(QStringList headers, QObject *parent = nullptr);

    // The key of each row (Qt::UserRole).
    static constexpr int KeyRole = Qt::UserRole;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // Columns whose cells elide in a narrow view: their tooltip starts with the whole text.
    void setFullTextColumns(QList<int> columns) { m_fullText = std::move(columns); }

    // Makes the model show `rows` (keys unique), keeping the rows that stay where they are.
    void update(const QList<Row> &rows);
    [[nodiscard]] int rowOf(const QString &key) const;
    [[nodiscard]] QString keyAt(int row) const;

private:
    QStringList m_headers;
    QList<Row> m_rows;
    QList<int> m_fullText;
};

} // namespace Ui
