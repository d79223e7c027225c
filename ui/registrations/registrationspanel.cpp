#include "ui/registrations/registrationspanel.h"

#include "console/watchonlysetting.h"
#include "ui/common/controlactions.h"

#include "ui/common/bidielidedelegate.h"
#include "ui/registrations/gatewaysmodel.h"
#include "ui/registrations/registrationsmodel.h"

#include "monitor/gatewaystore.h"
#include "monitor/hub.h"
#include "monitor/registrationstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QAction>
#include <QApplication>
#include <QCursor>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace Ui {

namespace {

QTableView *makeView(QAbstractItemModel *model, QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    view->setWordWrap(false);
    // URIs and user agents keep both ends ("sip:1001@…:5062"); the tooltip has the whole.
    view->setTextElideMode(Qt::ElideMiddle);
    view->setItemDelegate(new BidiElideDelegate(view));
    view->viewport()->setMouseTracking(true);
    return view;
}

// Widths that fit what the column usually holds, and its title, in the view's font: at 1280×800
// (the panel about 950 px wide beside the channel details) a registration's user, expiry, agent,
// network and status are in view, and at 1024×700 (about 765 px) the first four.
void sizeColumns(QTableView *view, const QList<std::pair<int, QString>> &samples)
{
    const QFontMetrics fm = view->fontMetrics();
    for (const auto &[column, sample] : samples) {
        const QString title = view->model()->headerData(column, Qt::Horizontal).toString();
        view->horizontalHeader()->resizeSection(
            column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title)) + 14);
    }
}

// The rows from the top down to the one under a resting pointer (all of them when it rests below
// the last one); 0 when the pointer is not on the view.
int pinnedRows(const QTableView *view)
{
    const QPoint global = QCursor::pos();
    if (!view->isVisible() || QApplication::widgetAt(global) != view->viewport())
        return 0;
    const QModelIndex under = view->indexAt(view->viewport()->mapFromGlobal(global));
    return under.isValid() ? under.row() + 1 : view->model()->rowCount();
}

} // namespace

RegistrationsPanel::RegistrationsPanel(const PanelContext &context, QWidget *parent)
    : QWidget(parent), m_context(context),
      m_registrations(new RegistrationsModel(context.hub, this)),
      m_gateways(new GatewaysModel(context.hub, this))
{
    setObjectName(QStringLiteral("registrationspanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);

    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setIconSize({12, 12});
    m_reregister = bar->addAction(tr("Re-register"), this, [this] { reregisterGateway(); });
    m_reregister->setToolTip(tr("sofia profile <profile> register <gateway>"));
    m_kill = bar->addAction(tr("Kill gateway…"), this, [this] { killGateway(); });
    m_kill->setToolTip(tr("sofia profile <profile> killgw <gateway>"));
    m_rescan = bar->addAction(tr("Rescan profile"), this, [this] { rescanProfile(); });
    m_rescan->setToolTip(tr("sofia profile <profile> rescan: adds the gateways its XML has"));
    bar->addSeparator();
    m_flush = bar->addAction(tr("Flush registration…"), this, [this] { flushRegistration(false); });
    m_flush->setToolTip(tr("sofia profile <profile> flush_inbound_reg <call-id>"));
    m_reboot = new QAction(tr("Flush and reboot the phone…"), this);
    connect(m_reboot, &QAction::triggered, this, [this] { flushRegistration(true); });
    bar->addSeparator();
    m_sofiaStatus = bar->addAction(tr("sofia status"), this, [this] { showSofiaStatus(); });
    layout->addWidget(bar);
    // A line of its own, wrapped: in the toolbar a narrow window cut "unknown since 05:37:33"
    // before the time.
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("registrationsStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setContentsMargins(4, 0, 4, 0);
    m_status->hide();
    layout->addWidget(m_status);

    m_registrationsView = makeView(m_registrations, this, QStringLiteral("registrationsView"));
    m_gatewaysView = makeView(m_gateways, this, QStringLiteral("gatewaysView"));
    m_registrationsView->setColumnHidden(RegistrationsModel::Server, true);
    m_gatewaysView->setColumnHidden(GatewaysModel::Server, true);
    // (" ++": room for the server's colour bar when there are several.)
    sizeColumns(m_registrationsView, {{RegistrationsModel::User, QStringLiteral("1001@127.0.0.1 ++")},
                                      {RegistrationsModel::Expires, QStringLiteral("10:00")},
                                      {RegistrationsModel::Agent, QStringLiteral("Yealink SIP-T46U")},
                                      {RegistrationsModel::Network, QStringLiteral("10.0.0.25:5060 udp")},
                                      {RegistrationsModel::Status, QStringLiteral("Registered(UDP)")},
                                      {RegistrationsModel::Contact, QStringLiteral("sip:1001@10.0.0.25:5062")},
                                      {RegistrationsModel::Profile, QStringLiteral("internal")},
                                      {RegistrationsModel::Server, QStringLiteral("branch-office")}});
    sizeColumns(m_gatewaysView, {{GatewaysModel::Name, QStringLiteral("carrier")},
                                 {GatewaysModel::State, tr("%1 (retry: %2)").arg(u"FAIL_WAIT", u"30s")},
                                 {GatewaysModel::Ping, QStringLiteral("DOWN")},
                                 {GatewaysModel::LastAnswer, QStringLiteral("503 Service")},
                                 {GatewaysModel::Changed, QStringLiteral("12:00:00 (999 s ago)")},
                                 {GatewaysModel::Profile, QStringLiteral("external")},
                                 {GatewaysModel::Server, QStringLiteral("branch-office")}});
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_registrationsView);
    split->addWidget(m_gatewaysView);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    m_registrationMenu = new QMenu(this);
    m_registrationMenu->addAction(m_flush);
    m_registrationMenu->addAction(m_reboot);
    m_registrationMenu->addSeparator();
    m_registrationMenu->addAction(m_sofiaStatus);
    m_gatewayMenu = new QMenu(this);
    m_gatewayMenu->addActions({m_reregister, m_kill, m_rescan});
    m_gatewayMenu->addSeparator();
    m_gatewayMenu->addAction(m_sofiaStatus);
    connect(m_registrationsView, &QWidget::customContextMenuRequested, this, [this](QPoint at) {
        if (m_registrationsView->indexAt(at).isValid())
            m_registrationMenu->popup(m_registrationsView->viewport()->mapToGlobal(at));
    });
    connect(m_gatewaysView, &QWidget::customContextMenuRequested, this, [this](QPoint at) {
        if (m_gatewaysView->indexAt(at).isValid())
            m_gatewayMenu->popup(m_gatewaysView->viewport()->mapToGlobal(at));
    });
    connect(m_registrationsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RegistrationsPanel::noteSelection);
    connect(m_gatewaysView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RegistrationsPanel::noteSelection);

    // Store changes come in bursts: one refresh per burst.
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(150);
    connect(&m_coalesce, &QTimer::timeout, this, &RegistrationsPanel::refresh);
    // The countdowns and the flashes move each second.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &RegistrationsPanel::refresh);
    m_tick.start();

    if (Monitor::Hub *hub = m_context.hub) {
        for (Monitor::ServerMonitor *m : hub->servers())
            watch(m);
        connect(hub, &Monitor::Hub::serverAdded, this, [this](Monitor::ServerMonitor *m) {
            watch(m);
            scheduleRefresh();
        });
        connect(hub, &Monitor::Hub::serverRemoved, this, &RegistrationsPanel::scheduleRefresh);
    }
    refresh();
}

RegistrationsPanel::~RegistrationsPanel() = default;

void RegistrationsPanel::watch(Monitor::ServerMonitor *server)
{
    Monitor::SupervisorPanels *panels = server->panels();
    connect(panels->registrations(), &Monitor::PanelStore::changed, this,
            &RegistrationsPanel::scheduleRefresh);
    connect(panels->gateways(), &Monitor::PanelStore::changed, this,
            &RegistrationsPanel::scheduleRefresh);
}

void RegistrationsPanel::scheduleRefresh()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

QString RegistrationsPanel::statusLine() const
{
    return m_status->text();
}

void RegistrationsPanel::refresh()
{
    if (!m_context.hub)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_refreshing = true;
    m_registrations->refresh(now, pinnedRows(m_registrationsView));
    m_gateways->refresh(now, pinnedRows(m_gatewaysView));
    m_refreshing = false;
    restoreSelection();
    const QList<Monitor::ServerMonitor *> servers = m_context.hub->servers();
    m_registrationsView->setColumnHidden(RegistrationsModel::Server, servers.size() < 2);
    m_gatewaysView->setColumnHidden(GatewaysModel::Server, servers.size() < 2);

    QStringList notes;
    for (Monitor::ServerMonitor *m : servers) {
        const Monitor::GatewayStore *gateways = m->panels()->gateways();
        const Monitor::RegistrationStore *registrations = m->panels()->registrations();
        if (gateways->syncState() == Monitor::PanelSyncState::ModuleMissing) {
            notes.append(tr("mod_sofia is not loaded on %1").arg(m->name()));
        } else if (gateways->isStale() || registrations->isStale()) {
            const qint64 since = std::max(gateways->staleSinceMs(), registrations->staleSinceMs());
            notes.append(tr("%1: unknown since %2")
                             .arg(m->name(), QDateTime::fromMSecsSinceEpoch(since).toString(
                                                 QStringLiteral("HH:mm:ss"))));
        } else {
            for (const Monitor::PanelStore *s :
                 {static_cast<const Monitor::PanelStore *>(registrations),
                  static_cast<const Monitor::PanelStore *>(gateways)}) {
                if (s->syncState() == Monitor::PanelSyncState::Failed)
                    notes.append(tr("%1: %2 not read: %3").arg(m->name(), s->kind(), s->syncError()));
            }
        }
    }
    m_status->setText(notes.join(QStringLiteral(" · ")));
    m_status->setVisible(!notes.isEmpty());

    QString title = tr("&Registrations");
    if (const int n = m_registrations->liveCount(); n > 0)
        title += QStringLiteral(" (%1)").arg(n);
    if (const int down = m_gateways->loudCount(); down > 0)
        title += down == 1 ? tr(" ⚠ 1 gateway down") : tr(" ⚠ %1 gateways down").arg(down);
    if (title != m_title) {
        m_title = title;
        Q_EMIT titleChanged(title);
    }
    updateActions();
}

void RegistrationsPanel::noteSelection()
{
    if (!m_refreshing) {
        const QModelIndexList registrations = m_registrationsView->selectionModel()->selectedRows();
        const RegistrationsModel::Row *r =
            registrations.isEmpty() ? nullptr : m_registrations->row(registrations.first().row());
        m_selectedRegistration = r ? r->key() : QString();
        const QModelIndexList gateways = m_gatewaysView->selectionModel()->selectedRows();
        const GatewaysModel::Row *g = gateways.isEmpty() ? nullptr : m_gateways->row(gateways.first().row());
        m_selectedGateway = g ? g->key() : QString();
    }
    updateActions();
}

void RegistrationsPanel::restoreSelection()
{
    // While rows went, the view moved the current row, and with it the selection, to a
    // neighbour: the operator chose the one that went, so nothing is selected now.
    const auto restore = [this](QTableView *view, QString &key, int row) {
        QItemSelectionModel *selection = view->selectionModel();
        const QModelIndexList rows = selection->selectedRows();
        if (row < 0) {
            key.clear();
            if (!rows.isEmpty() || selection->currentIndex().isValid()) {
                m_refreshing = true;
                selection->clear(); // also the current index: a key press must not pick a neighbour
                m_refreshing = false;
            }
            return;
        }
        if (rows.size() == 1 && rows.first().row() == row)
            return;
        m_refreshing = true;
        selection->setCurrentIndex(view->model()->index(row, 0),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_refreshing = false;
    };
    restore(m_registrationsView, m_selectedRegistration,
            m_selectedRegistration.isEmpty() ? -1 : m_registrations->rowOf(m_selectedRegistration));
    restore(m_gatewaysView, m_selectedGateway,
            m_selectedGateway.isEmpty() ? -1 : m_gateways->rowOf(m_selectedGateway));
}

void RegistrationsPanel::updateActions()
{
    const GatewaysModel::Row *selectedGateway = [&]() -> const GatewaysModel::Row * {
        const QModelIndexList rows = m_gatewaysView->selectionModel()->selectedRows();
        return rows.isEmpty() ? nullptr : m_gateways->row(rows.first().row());
    }();
    const RegistrationsModel::Row *selectedRegistration = [&]() -> const RegistrationsModel::Row * {
        const QModelIndexList rows = m_registrationsView->selectionModel()->selectedRows();
        return rows.isEmpty() ? nullptr : m_registrations->row(rows.first().row());
    }();
    const bool gateway = selectedGateway && !selectedGateway->gone;
    const bool registration = selectedRegistration && selectedRegistration->dropped.isEmpty();
    m_reregister->setEnabled(gateway);
    m_kill->setEnabled(gateway);
    m_rescan->setEnabled(gateway);
    m_flush->setEnabled(registration);
    m_reboot->setEnabled(registration);
    m_sofiaStatus->setEnabled(m_context.hub && !m_context.hub->servers().isEmpty());
    // Watch-only: gateways and registrations of a watch-only server are not touched; sofia
    // status only reads and stays.
    const auto offeredFor = [this](const auto *row) {
        return row ? !Console::isWatchOnly(m_context.hub, row->server)
                   : Console::anyServerTakesControl(m_context.hub);
    };
    offerControlActions({m_reregister, m_kill, m_rescan}, offeredFor(selectedGateway));
    offerControlActions({m_flush, m_reboot}, offeredFor(selectedRegistration));
}

} // namespace Ui
