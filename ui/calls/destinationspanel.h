#pragma once
// Transfer destinations at hand: the operator's favourites and the recently used ones. Drop a
// channel (dragged from the calls view) onto one to transfer it there; double-click one to
// transfer the selected channel.

#include "ui/calls/callsmodel.h"

#include <QWidget>

class QListWidget;
class QListWidgetItem;

namespace Ui {

class DestinationsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DestinationsPanel(QWidget *parent = nullptr);

    [[nodiscard]] QListWidget *list() { return m_list; }
    // Favourites first (kept in QSettings), then the recent destinations not among them.
    void reload();
    void addFavourite(const QString &destination);
    void removeFavourite(const QString &destination);
    [[nodiscard]] static QStringList favourites();

Q_SIGNALS:
    // A channel was dropped on a destination, or a destination was activated (empty channels:
    // the calls view's selection is meant).
    void transferRequested(const QList<Monitor::ChannelKey> &channels, const QString &destination);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QListWidget *m_list;
};

} // namespace Ui
