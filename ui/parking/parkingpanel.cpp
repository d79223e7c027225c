#include "ui/parking/parkingpanel.h"

#include "console/watchonlysetting.h"
#include "ui/common/controlactions.h"

#include "console/callcontrol.h"
#include "monitor/bidi.h"
#include "monitor/hub.h"
#include "monitor/parkingstore.h"
#include "monitor/servermonitor.h"
#include "ui/calls/callspanel.h"
#include "ui/common/bidielidedelegate.h"
#include "ui/parking/parkingmodel.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Ui {

namespace {
constexpr int kCoalesceMs = 150;
} // namespace

ParkingPanel::ParkingPanel(const PanelContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_model(new ParkingModel(context.hub, this)),
      m_view(new QTreeView(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("parkingpanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_retrieve = toolbar->addAction(tr("&Retrieve…"), this, &ParkingPanel::askRetrieve);
    m_retrieve->setToolTip(tr("Send the parked call to an extension"));
    m_hangup = toolbar->addAction(tr("&Hang up"), this, &ParkingPanel::confirmHangup);
    m_hangup->setToolTip(tr("Hang up the parked call"));
    m_park = toolbar->addAction(tr("Park the selected &call…"), this, &ParkingPanel::askPark);
    m_park->setToolTip(tr("Park the call selected in the calls list in a lot's slot"));
    layout->addWidget(toolbar);
    m_status->setObjectName(QStringLiteral("parkingstatus"));
    m_status->setWordWrap(true);
    m_status->hide();
    layout->addWidget(m_status);
    m_view->setObjectName(QStringLiteral("parkingview"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(true);
    // Long channel ids and names lose their middle (the tooltip has them whole), keeping RTL
    // names in one piece; the columns fit a 1024-pixel window's panel with the channel last.
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setItemDelegate(new BidiElideDelegate(m_view));
    const QFontMetrics metrics = m_view->fontMetrics();
    m_view->setColumnWidth(ParkingModel::SlotColumn,
                           metrics.horizontalAdvance(QStringLiteral("valet_parking_lot")) + 48);
    m_view->setColumnWidth(ParkingModel::CallerColumn,
                           metrics.horizontalAdvance(QStringLiteral("Aleksandra Nowak (+4822123456)")) + 16);
    // As wide as what it says: "0:52" while live, a stale slot's "unknown since 05:37:33 · 0:52"
    // whole (the time must not be cut), and the channel column keeps the rest.
    m_view->header()->setSectionResizeMode(ParkingModel::ParkedForColumn, QHeaderView::ResizeToContents);
    layout->addWidget(m_view, 1);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ParkingPanel::showMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ParkingPanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ParkingPanel::rememberCurrent);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (m_model->slotAt(index))
            askRetrieve();
    });
    // A new lot opens so its calls show.
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parentIndex, int first, int last) {
                if (parentIndex.isValid())
                    return;
                for (int r = first; r <= last; ++r)
                    m_view->expand(m_model->index(r, 0));
            });

    m_flush.setSingleShot(true);
    m_flush.setInterval(kCoalesceMs);
    connect(&m_flush, &QTimer::timeout, this, &ParkingPanel::flush);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this,
            [this] { m_model->tick(QDateTime::currentMSecsSinceEpoch()); });
    m_tick.start();

    if (m_context.hub) {
        for (Monitor::ServerMonitor *server : m_context.hub->servers())
            watch(server);
        connect(m_context.hub, &Monitor::Hub::serverAdded, this, &ParkingPanel::watch);
        connect(m_context.hub, &Monitor::Hub::serverRemoved, this, &ParkingPanel::scheduleFlush);
    }
    if (m_context.calls)
        connect(m_context.calls, &CallsPanel::currentChannelChanged, this,
                &ParkingPanel::updateActions);
    flush();
}

ParkingPanel::~ParkingPanel() = default;

void ParkingPanel::watch(Monitor::ServerMonitor *server)
{
    Monitor::ParkingStore *store = server->panels()->parking();
    connect(store, &Monitor::PanelStore::changed, this, &ParkingPanel::scheduleFlush);
    connect(store, &Monitor::PanelStore::syncStateChanged, this, &ParkingPanel::scheduleFlush);
    scheduleFlush();
}

void ParkingPanel::scheduleFlush()
{
    if (!m_flush.isActive())
        m_flush.start();
}

void ParkingPanel::flush()
{
    m_flush.stop();
    m_model->tick(QDateTime::currentMSecsSinceEpoch());
    m_refreshing = true;
    m_model->refresh();
    m_refreshing = false;
    restoreCurrent();
    QStringList lines;
    if (m_context.hub) {
        for (Monitor::ServerMonitor *server : m_context.hub->servers()) {
            const Monitor::ParkingStore *store = server->panels()->parking();
            if (store->syncState() == Monitor::PanelSyncState::ModuleMissing)
                lines.append(tr("mod_valet_parking is not loaded on %1").arg(server->name()));
            else if (store->syncState() == Monitor::PanelSyncState::Failed)
                lines.append(tr("%1: parking lots not read (%2)").arg(server->name(), store->syncError()));
            // Whole, on a line of its own: a cell would cut the time off.
            if (store->isStale() && store->rowCount() > 0)
                lines.append(tr("%1: parking unknown since %2")
                                 .arg(server->name(),
                                      QDateTime::fromMSecsSinceEpoch(store->staleSinceMs())
                                          .toString(QStringLiteral("HH:mm:ss"))));
        }
    }
    m_status->setText(lines.join(u'\n'));
    m_status->setVisible(!lines.isEmpty());
    updateActions();
    updateTitle();
}

QString ParkingPanel::statusText() const
{
    return m_status->text();
}

void ParkingPanel::updateTitle()
{
    // A stale server's calls are last known, not parked now: not counted.
    const int parked = m_model->liveParkedCount();
    const QString title = parked > 0 ? tr("&Parking (%1)").arg(parked) : tr("&Parking");
    if (title == m_title)
        return;
    m_title = title;
    Q_EMIT titleChanged(title);
}

void ParkingPanel::updateActions()
{
    const ParkingModel::Lot *lot = m_model->lotAt(m_view->currentIndex());
    const bool live = selectedTarget().isValid() && lot && !lot->stale;
    m_retrieve->setEnabled(live);
    m_hangup->setEnabled(live);
    m_park->setEnabled(m_context.calls && m_context.calls->currentChannel().isValid());
    // Watch-only: retrieve and hang up act on the chosen lot's server, park on the chosen call's.
    const Monitor::ChannelKey call =
        m_context.calls ? m_context.calls->currentChannel() : Monitor::ChannelKey{};
    offerControlActions({m_retrieve, m_hangup},
                        lot ? !Console::isWatchOnly(m_context.hub, lot->server)
                            : Console::anyServerTakesControl(m_context.hub));
    offerControlActions({m_park}, call.isValid() ? !Console::isWatchOnly(m_context.hub, call.server)
                                                 : Console::anyServerTakesControl(m_context.hub));
}

void ParkingPanel::rememberCurrent()
{
    if (m_refreshing)
        return; // the model moved rows: the operator chose nothing
    const QModelIndex current = m_view->currentIndex();
    const ParkingModel::Lot *lot = m_model->lotAt(current);
    if (!lot) {
        m_chosen.reset();
        return;
    }
    const ParkingModel::Slot *slot = m_model->slotAt(current);
    m_chosen = Chosen{lot->server, lot->name, slot ? slot->extension : QString(),
                      slot ? slot->uuid : QString()};
}

void ParkingPanel::restoreCurrent()
{
    if (!m_chosen) {
        // Removing rows may have made a neighbour current: nothing was chosen.
        if (m_view->currentIndex().isValid())
            m_view->selectionModel()->clear();
        return;
    }
    const QModelIndex index = m_chosen->uuid.isEmpty()
                                  ? m_model->indexOfLot(m_chosen->server, m_chosen->lot)
                                  : m_model->indexOfCall(m_chosen->server, m_chosen->uuid);
    const ParkingModel::Slot *slot = m_model->slotAt(index);
    const ParkingModel::Lot *lot = m_model->lotAt(index);
    // The same call in the same slot of the same lot; anything else is not what was chosen.
    const bool same = index.isValid() && lot->name == m_chosen->lot &&
                      (m_chosen->uuid.isEmpty() || (slot && slot->extension == m_chosen->extension));
    if (!same) {
        m_chosen.reset();
        m_view->selectionModel()->clear(); // nothing selected: the actions go off
        updateActions();
        return;
    }
    if (m_view->currentIndex() != index || !m_view->selectionModel()->isSelected(index)) {
        m_refreshing = true;
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_refreshing = false;
    }
}

ParkingPanel::Target ParkingPanel::selectedTarget() const
{
    const QModelIndex current = m_view->currentIndex();
    const ParkingModel::Slot *slot = m_model->slotAt(current);
    const ParkingModel::Lot *lot = m_model->lotAt(current);
    if (!slot || !lot)
        return {};
    return Target{lot->server, lot->serverName, lot->name, slot->extension, slot->uuid,
                  slot->caller.isEmpty() ? slot->uuid : slot->caller};
}

bool ParkingPanel::selectSlot(Monitor::ServerId server, const QString &lot, const QString &extension)
{
    const QModelIndex index = m_model->indexOfSlot(server, lot, extension);
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    return true;
}

void ParkingPanel::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (index.isValid())
        m_view->setCurrentIndex(index);
    updateActions();
    QMenu menu(this);
    menu.addAction(m_retrieve);
    menu.addAction(m_hangup);
    menu.addSeparator();
    menu.addAction(m_park);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace Ui
