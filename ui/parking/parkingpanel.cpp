#include "ui/parking/parkingpanel.h"

#include "console/callcontrol.h"
#include "console/valetcommands.h"
#include "monitor/hub.h"
#include "monitor/parkingstore.h"
#include "monitor/servermonitor.h"
#include "ui/calls/callspanel.h"
#include "ui/parking/parkingdialogs.h"
#include "ui/parking/parkingmodel.h"
#include "ui/window/noticebar.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
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
    m_view->setColumnWidth(ParkingModel::SlotColumn, 180);
    m_view->setColumnWidth(ParkingModel::CallerColumn, 260);
    m_view->setColumnWidth(ParkingModel::ParkedForColumn, 110);
    layout->addWidget(m_view, 1);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ParkingPanel::showMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ParkingPanel::updateActions);
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
    m_model->refresh();
    QStringList lines;
    if (m_context.hub) {
        for (Monitor::ServerMonitor *server : m_context.hub->servers()) {
            const Monitor::ParkingStore *store = server->panels()->parking();
            if (store->syncState() == Monitor::PanelSyncState::ModuleMissing)
                lines.append(tr("mod_valet_parking is not loaded on %1").arg(server->name()));
            else if (store->syncState() == Monitor::PanelSyncState::Failed)
                lines.append(tr("%1: parking lots not read (%2)").arg(server->name(), store->syncError()));
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
    const int parked = m_model->parkedCount();
    const QString title = parked > 0 ? tr("&Parking (%1)").arg(parked) : tr("&Parking");
    if (title == m_title)
        return;
    m_title = title;
    Q_EMIT titleChanged(title);
}

void ParkingPanel::updateActions()
{
    const Monitor::ChannelKey parked = selectedParked();
    const ParkingModel::Lot *lot = m_model->lotAt(m_view->currentIndex());
    const bool live = parked.isValid() && lot && !lot->stale;
    m_retrieve->setEnabled(live);
    m_hangup->setEnabled(live);
    m_park->setEnabled(m_context.calls && m_context.calls->currentChannel().isValid());
}

Monitor::ChannelKey ParkingPanel::selectedParked(QString *what) const
{
    const QModelIndex current = m_view->currentIndex();
    const ParkingModel::Slot *slot = m_model->slotAt(current);
    const ParkingModel::Lot *lot = m_model->lotAt(current);
    if (!slot || !lot)
        return {};
    if (what)
        *what = tr("%1 (slot %2 of %3)")
                    .arg(slot->caller.isEmpty() ? slot->uuid : slot->caller, slot->extension, lot->name);
    return Monitor::ChannelKey{lot->server, slot->uuid};
}

bool ParkingPanel::selectSlot(Monitor::ServerId server, const QString &lot, const QString &extension)
{
    const QModelIndex index = m_model->indexOfSlot(server, lot, extension);
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    return true;
}

QFuture<Console::ActionOutcome> ParkingPanel::posted(QFuture<Console::ActionOutcome> future)
{
    if (m_context.notices) {
        QPointer<NoticeBar> notices = m_context.notices;
        future.then(this, [notices](const Console::ActionOutcome &o) {
            if (notices)
                notices->post(o);
        });
    }
    return future;
}

QFuture<Console::ActionOutcome> ParkingPanel::retrieveSelected(const QString &extension)
{
    QString what;
    const Monitor::ChannelKey parked = selectedParked(&what);
    return posted(m_context.control->serverCommand(
        parked.server, tr("Retrieve"), tr("Retrieve %1 to %2").arg(what, extension),
        Console::ValetCommands::retrieve(parked.uuid, extension),
        Console::ValetCommands::replyFailure));
}

QFuture<Console::ActionOutcome> ParkingPanel::hangupSelected()
{
    QString what;
    const Monitor::ChannelKey parked = selectedParked(&what);
    return posted(m_context.control->serverCommand(parked.server, tr("Hang up"),
                                                   tr("Hang up %1").arg(what),
                                                   Console::ValetCommands::hangup(parked.uuid),
                                                   Console::ValetCommands::replyFailure));
}

QFuture<Console::ActionOutcome> ParkingPanel::parkCall(const Monitor::ChannelKey &call,
                                                       const QString &lot, const QString &slot)
{
    const QString what = m_context.control->describe(call);
    Esl::Expected<QString> command = Console::ValetCommands::park(call.uuid, lot, slot);
    // The store knows the slot is taken: valet_park there would bridge the two calls.
    if (command) {
        if (Monitor::ServerMonitor *server = m_context.hub->server(call.server)) {
            if (const Monitor::ParkedCall *p = server->panels()->parking()->slot(lot, slot)) {
                const QString who = p->callerName.isEmpty() ? p->uuid : p->callerName;
                command = Esl::Error{Esl::Error::Code::InvalidArgument,
                                     tr("Slot %1 of %2 is taken by %3").arg(slot, lot, who)};
            }
        }
    }
    return posted(m_context.control->serverCommand(call.server, tr("Park"),
                                                   tr("Park %1 in %2 slot %3").arg(what, lot, slot),
                                                   command, Console::ValetCommands::replyFailure));
}

void ParkingPanel::askRetrieve()
{
    QString what;
    if (!selectedParked(&what).isValid())
        return;
    RetrieveDialog dialog(what, this);
    if (dialog.exec() == QDialog::Accepted)
        retrieveSelected(dialog.extension());
}

void ParkingPanel::confirmHangup()
{
    QString what;
    if (!selectedParked(&what).isValid())
        return;
    if (QMessageBox::question(this, tr("Hang up"), tr("Hang up %1?").arg(what)) == QMessageBox::Yes)
        hangupSelected();
}

void ParkingPanel::askPark()
{
    if (!m_context.calls)
        return;
    const Monitor::ChannelKey call = m_context.calls->currentChannel();
    if (!call.isValid() || !m_context.hub)
        return;
    Monitor::ServerMonitor *server = m_context.hub->server(call.server);
    if (!server)
        return;
    QPointer<Monitor::ParkingStore> store = server->panels()->parking();
    QStringList lots;
    for (const Monitor::ParkingLot &l : store->lots())
        lots.append(l.name);
    // The lot selected in the tree first.
    if (const ParkingModel::Lot *l = m_model->lotAt(m_view->currentIndex());
        l && l->server == call.server) {
        lots.removeAll(l->name);
        lots.prepend(l->name);
    }
    const auto taken = [store](const QString &lot, const QString &slot) -> std::optional<QString> {
        const Monitor::ParkedCall *p = store ? store->slot(lot, slot) : nullptr;
        if (!p)
            return std::nullopt;
        return p->callerName.isEmpty() ? p->uuid : QStringLiteral("%1 (%2)").arg(p->callerName, p->callerNumber);
    };
    const auto freeSlot = [store](const QString &lot) {
        // The vanilla lot's slots are 6001-6099; another lot: after its highest.
        int n = lot == u"valet_parking_lot" ? 6001 : 1;
        const Monitor::ParkingLot *l = store ? store->lot(lot) : nullptr;
        if (l && lot != u"valet_parking_lot" && !l->slots.isEmpty())
            n = l->slots.last().extension.toInt() + 1;
        while (l && store->slot(lot, QString::number(n)) && n < 1000000)
            ++n;
        return QString::number(n);
    };
    ParkDialog dialog(m_context.control->describe(call), lots, taken, freeSlot, this);
    if (dialog.exec() == QDialog::Accepted)
        parkCall(call, dialog.lot(), dialog.slot());
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
