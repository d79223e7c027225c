#include "ui/calls/destinationspanel.h"

#include "console/appsettings.h"

#include <QDropEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QListWidget>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

const QString kFavourites = QStringLiteral("preferences/favouriteDestinations");
constexpr int kDestinationRole = Qt::UserRole + 1;

} // namespace

DestinationsPanel::DestinationsPanel(QWidget *parent) : QWidget(parent)
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("destinationsList"));
    m_list->setToolTip(tr("Drop a channel here to transfer it; double-click to transfer the "
                          "selected channel"));
    m_list->setDragDropMode(QAbstractItemView::DropOnly);
    m_list->setAcceptDrops(true);
    m_list->viewport()->setAcceptDrops(true);
    m_list->viewport()->installEventFilter(this);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT transferRequested({}, item->data(kDestinationRole).toString());
    });

    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addFavourite"));
    add->setText(tr("+"));
    add->setToolTip(tr("Add a favourite destination"));
    connect(add, &QToolButton::clicked, this, [this] {
        bool ok = false;
        const QString d =
            QInputDialog::getText(this, tr("Add a favourite"), tr("Destination (extension):"),
                                  QLineEdit::Normal, {}, &ok)
                .trimmed();
        if (ok && !d.isEmpty())
            addFavourite(d);
    });
    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("removeFavourite"));
    remove->setText(tr("−"));
    remove->setToolTip(tr("Remove the selected favourite"));
    connect(remove, &QToolButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            removeFavourite(item->data(kDestinationRole).toString());
    });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addStretch(1);
    bar->addWidget(add);
    bar->addWidget(remove);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_list, 1);
    column->addLayout(bar);
    reload();
}

QStringList DestinationsPanel::favourites()
{
    return QSettings().value(kFavourites).toStringList();
}

void DestinationsPanel::addFavourite(const QString &destination)
{
    QStringList f = favourites();
    if (destination.isEmpty() || f.contains(destination))
        return;
    f.append(destination);
    QSettings s;
    s.setValue(kFavourites, f);
    Console::syncPrivately(s);
    reload();
}

void DestinationsPanel::removeFavourite(const QString &destination)
{
    QStringList f = favourites();
    if (f.removeAll(destination) == 0)
        return;
    QSettings s;
    s.setValue(kFavourites, f);
    Console::syncPrivately(s);
    reload();
}

void DestinationsPanel::reload()
{
    m_list->clear();
    const QStringList favs = favourites();
    for (const QString &d : favs) {
        auto *item = new QListWidgetItem(QStringLiteral("★ ") + d, m_list);
        item->setData(kDestinationRole, d);
        item->setToolTip(tr("Favourite: %1").arg(d));
    }
    for (const QString &d : Console::AppSettings::recentDestinations()) {
        if (favs.contains(d))
            continue;
        auto *item = new QListWidgetItem(d, m_list);
        item->setData(kDestinationRole, d);
        item->setToolTip(tr("Recently used: %1").arg(d));
    }
}

bool DestinationsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_list->viewport())
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        const bool channels = !CallsModel::channelsFromMime(drag->mimeData()).isEmpty();
        const bool onItem = m_list->itemAt(drag->position().toPoint()) != nullptr;
        if (channels && (event->type() == QEvent::DragEnter || onItem)) {
            drag->setDropAction(Qt::LinkAction);
            drag->accept();
        } else {
            drag->ignore();
        }
        return true;
    }
    if (event->type() == QEvent::Drop) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QList<Monitor::ChannelKey> channels = CallsModel::channelsFromMime(drop->mimeData());
        QListWidgetItem *item = m_list->itemAt(drop->position().toPoint());
        if (channels.isEmpty() || !item) {
            drop->ignore();
            return true;
        }
        drop->setDropAction(Qt::LinkAction);
        drop->accept();
        Q_EMIT transferRequested(channels, item->data(kDestinationRole).toString());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Ui
