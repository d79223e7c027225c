#include "callspanel.h"

#include "models/modelroles.h"

#include <QHeaderView>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

CallsPanel::CallsPanel(Monitor::Hub *hub, QWidget *parent)
    : QWidget(parent), m_hub(hub), m_model(hub)
{
    m_proxy.setSourceModel(&m_model);
    m_proxy.setSortRole(RawValueRole);
    m_proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy.setFilterKeyColumn(-1);
    m_proxy.setRecursiveFilteringEnabled(true);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("outOfStepBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; border: "
                                           "1px solid #ffe69c; padding: 4px 8px; }"));
    m_banner->hide();

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("callsFilter"));
    m_filter->setPlaceholderText(tr("Filter calls (name, number, destination, state…)  Ctrl+F"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, &m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_layoutButton = new QToolButton(this);
    m_layoutButton->setObjectName(QStringLiteral("layoutButton"));
    m_layoutButton->setText(tr("Calls"));
    m_layoutButton->setCheckable(true);
    m_layoutButton->setChecked(true);
    m_layoutButton->setToolTip(
        tr("Show calls with their legs, or a flat list of channels (Ctrl+T)"));
    connect(m_layoutButton, &QToolButton::toggled, this, [this](bool calls) {
        setLayout(calls ? CallsModel::Layout::Tree : CallsModel::Layout::Flat);
    });

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("callsView"));
    m_view->setModel(&m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(CallsModel::Duration, Qt::DescendingOrder);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    const int widths[] = {110, 70, 170, 120, 90, 80, 70, 60, 110, 180, 40};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);
    m_view->expandAll();
    connect(&m_proxy, &QAbstractItemModel::rowsInserted, m_view, [this](const QModelIndex &parent) {
        if (!parent.isValid())
            m_view->expandAll();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this] { Q_EMIT currentChannelChanged(currentChannel()); });
    m_followAction = new QAction(tr("&Follow this call in the event log"), this);
    m_followAction->setObjectName(QStringLiteral("followCallAction"));
    m_followAction->setShortcut(QKeySequence(tr("Ctrl+L")));
    m_followAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_followAction, &QAction::triggered, this, [this] {
        const QStringList legs = currentCallLegs();
        if (!legs.isEmpty())
            Q_EMIT followCallRequested(legs);
    });
    m_view->addAction(m_followAction);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        m_followAction->setEnabled(!currentCallLegs().isEmpty());
        menu.addAction(m_followAction);
        Q_EMIT contextMenuAboutToShow(&menu);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
        m_followAction->setEnabled(true);
    });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_layoutButton);
    bar->addWidget(m_filter, 1);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_banner);
    column->addLayout(bar);
    column->addWidget(m_view, 1);

    auto watch = [this](Monitor::ServerMonitor *server) {
        connect(server, &Monitor::ServerMonitor::outOfStepChanged, this, &CallsPanel::updateBanner);
        connect(server, &Monitor::ServerMonitor::connectionStateChanged, this,
                &CallsPanel::updateBanner);
        updateBanner();
    };
    for (Monitor::ServerMonitor *server : hub->servers())
        watch(server);
    connect(hub, &Monitor::Hub::serverAdded, this, watch);
    connect(hub, &Monitor::Hub::serverRemoved, this, &CallsPanel::updateBanner);
}

void CallsPanel::setLayout(CallsModel::Layout layout)
{
    const bool calls = layout == CallsModel::Layout::Tree;
    {
        const QSignalBlocker quiet(m_layoutButton);
        m_layoutButton->setChecked(calls);
    }
    m_layoutButton->setText(calls ? tr("Calls") : tr("Channels"));
    if (m_model.layout() == layout)
        return;
    m_model.setLayout(layout);
    m_view->expandAll();
    Q_EMIT layoutChanged(layout);
}

ChannelKey CallsPanel::currentChannel() const
{
    return m_model.channelAt(m_proxy.mapToSource(m_view->currentIndex()));
}

QStringList CallsPanel::currentCallLegs() const
{
    return m_model.legsOfCall(m_proxy.mapToSource(m_view->currentIndex()));
}

void CallsPanel::updateBanner()
{
    QStringList stale;
    for (const Monitor::ServerMonitor *server : m_hub->servers()) {
        if (server->isOutOfStep())
            stale.append(server->name());
    }
    m_banner->setVisible(!stale.isEmpty());
    m_banner->setText(
        tr("Out of step: %1 — reconnecting or re-reading the channel list; what you see "
           "may be stale.")
            .arg(stale.join(QStringLiteral(", "))));
}

} // namespace Ui
