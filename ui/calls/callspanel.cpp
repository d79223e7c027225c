#include "ui/calls/callspanel.h"

#include "ui/common/modelroles.h"

#include <QDropEvent>
#include <QHeaderView>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Ui {

CallsPanel::CallsPanel(Monitor::Hub *hub, QWidget *parent)
    : QWidget(parent), m_hub(hub), m_model(hub)
{
    m_proxy.setSortRole(RawValueRole);
    m_proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy.setFilterKeyColumn(-1);
    m_proxy.setRecursiveFilteringEnabled(true);

    // The out-of-step banner sits at the end of the filter's row, which has one fixed height
    // whether it shows or not: a banner above the list pushed the calls down 35 px as it came
    // (and 7 px more or less as its button came and went), under the operator's pointer.
    m_bannerRow = new QWidget(this);
    m_bannerRow->setObjectName(QStringLiteral("outOfStepRow"));
    m_bannerRow->setAttribute(Qt::WA_StyledBackground);
    m_bannerRow->setStyleSheet(QStringLiteral("#outOfStepRow { background: #fff3cd; border: 1px "
                                              "solid #ffe69c; } QLabel { color: #664d03; }"));
    m_banner = new QLabel(m_bannerRow);
    m_banner->setObjectName(QStringLiteral("outOfStepBanner"));
    m_banner->setWordWrap(false);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setMinimumWidth(1); // squeezed by many server names: cut, the tooltip has all
    m_reconnect = new QToolButton(m_bannerRow);
    m_reconnect->setObjectName(QStringLiteral("reconnectNow"));
    m_reconnect->setText(tr("Reconnect now"));
    m_reconnect->setToolTip(tr("Try the servers that are down again at once, without waiting "
                               "for the next attempt"));
    connect(m_reconnect, &QToolButton::clicked, this, [this] {
        for (const Monitor::ServerMonitor *server : m_hub->servers()) {
            if (isDown(server))
                Q_EMIT reconnectRequested(server->id());
        }
    });
    auto *bannerLayout = new QHBoxLayout(m_bannerRow);
    bannerLayout->setContentsMargins(6, 0, 0, 0);
    bannerLayout->setSpacing(6);
    bannerLayout->addWidget(m_banner, 1);
    bannerLayout->addWidget(m_reconnect, 0, Qt::AlignVCenter);
    m_bannerRow->setMaximumWidth(520);
    m_bannerRow->hide();

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("callsFilter"));
    m_filter->setPlaceholderText(tr("Filter calls (name, number, destination, state…)  Ctrl+F"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        beginAdjusting(); // rows filtered out take no one's choice away
        m_proxy.setFilterFixedString(text);
        route();
        endAdjusting();
    });

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

    m_view = new CallsView(this);
    m_view->setObjectName(QStringLiteral("callsView"));
    m_view->setModel(&m_model);
    // Unsorted until the operator clicks a header (and back to unsorted on a third click): the
    // model's own order is the order calls came in, oldest first, which is the longest-running
    // first for live calls. A sort on a column that moves every second (the duration) re-sorts
    // at every tick and costs thousands of rows a re-layout; the operator may still choose it.
    m_view->header()->setSortIndicatorClearable(true);
    m_view->header()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    connect(m_view->header(), &QHeaderView::sortIndicatorChanged, this, &CallsPanel::route);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // Drag a channel onto another to bridge them (the drop is handled in eventFilter).
    m_view->setDragEnabled(true);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::LinkAction);
    m_view->viewport()->setAcceptDrops(true);
    m_view->viewport()->installEventFilter(this);
    // State, duration, caller, destination, answered by first: what an operator scans, and what
    // a narrow view still shows. The state is wide enough for "ended · NORMAL_CLEARING" (the
    // cause is what tells ended rows apart; "ended (NORMAL_CLEARI…" did not) and "unknown since
    // 14:03:27" beside the tree's indentation, the server's bar and the cell's margins.
    const int stateWidth =
        m_view->indentation() + 24 +
        m_view->fontMetrics().horizontalAdvance(QStringLiteral("ended · NORMAL_CLEARING"));
    const int widths[] = {
        std::max(190, stateWidth), 60, 150, 90, 140, 110, 100, 70, 60, 110, 150, 40, 60};
    static_assert(std::size(widths) == CallsModel::FirstHeaderColumn);
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);
    // Quality is the last built-in column (so that saved layouts keep their places) but is read
    // with who answered: shown right after "Answered by", where a 1280-pixel window still has it.
    m_view->header()->moveSection(m_view->header()->visualIndex(CallsModel::Quality),
                                  CallsModel::AnsweredBy + 1);
    // Calls come collapsed, one row each (the call row sums its legs up); the ones the operator
    // opened stay open when their row comes back (a call that split, a filter cleared).
    for (QAbstractItemModel *model : {static_cast<QAbstractItemModel *>(&m_model),
                                      static_cast<QAbstractItemModel *>(&m_proxy)}) {
        connect(model, &QAbstractItemModel::rowsInserted, m_view,
                [this, model](const QModelIndex &parent, int first, int last) {
                    if (m_view->model() != model || parent.isValid() || m_expanded.isEmpty() ||
                        m_model.layout() != CallsModel::Layout::Tree)
                        return;
                    for (int row = first; row <= last; ++row) {
                        const QModelIndex call = model->index(row, 0);
                        if (m_expanded.contains(channelAt(call)))
                            m_view->expand(call);
                    }
                });
        connect(model, &QAbstractItemModel::modelReset, this, [this, model] {
            if (m_view->model() == model && m_adjusting == 0)
                Q_EMIT selectionChanged();
        });
    }
    // Sorted or filtered, the last call on screen is the proxy's to know: repaint what is shown
    // (the visible rows only), so that its legs' durations move and ended legs fade too.
    connect(&m_model, &CallsModel::ticked, this, [this] {
        if (m_view->model() == &m_proxy)
            m_view->viewport()->update();
    });
    followSelection();
    // Calls the operator opened, by key: they stay so when rows come and go through a filter.
    connect(m_view, &QTreeView::expanded, this,
            [this](const QModelIndex &call) { m_expanded.insert(channelAt(call)); });
    connect(m_view, &QTreeView::collapsed, this,
            [this](const QModelIndex &call) { m_expanded.remove(channelAt(call)); });
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
        // The call the menu is for stays while the menu is open, wherever the pointer goes.
        const QModelIndex row = m_view->indexAt(pos);
        m_menuCall = row.isValid()
                         ? Monitor::ChannelKey{Monitor::ServerId(row.data(ServerIdRole).toInt()),
                                               row.data(CallKeyRole).toString()}
                         : Monitor::ChannelKey{};
        updatePins();
        menu.exec(m_view->viewport()->mapToGlobal(pos));
        m_menuCall = {};
        updatePins();
        m_followAction->setEnabled(true);
    });
    connect(&m_model, &CallsModel::aboutToApplyChanges, this, &CallsPanel::beforeChanges);
    connect(&m_model, &CallsModel::changesApplied, this, &CallsPanel::afterChanges);
    connect(m_view, &CallsView::pointerRowsChanged, this, &CallsPanel::updatePins);

    auto *barRow = new QWidget(this);
    auto *bar = new QHBoxLayout(barRow);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_layoutButton);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_bannerRow, 0);
    // As high as the tallest thing it may hold, shown or not: the list below never moves.
    barRow->setFixedHeight(
        std::max({m_layoutButton->sizeHint().height(), m_filter->sizeHint().height(),
                  m_reconnect->sizeHint().height() + 2}));
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(barRow);
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
    beginAdjusting(); // the same channels, selected again on their new rows
    m_model.setLayout(layout);
    m_expanded.clear(); // a reset: every call comes collapsed again
    endAdjusting();
    Q_EMIT layoutChanged(layout);
}

void CallsPanel::followSelection()
{
    const auto changed = [this] {
        if (m_adjusting > 0)
            m_selectionTouched = true;
        else
            noteChoice();
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, changed);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, changed);
}

void CallsPanel::route()
{
    // The view shows the model itself while nothing is sorted or filtered, and goes through the
    // proxy only while something is. Every row the model inserts or removes makes the view's
    // model renumber its persistent indexes (one per expanded call): the proxy's parent() costs
    // hash lookups where the model's costs a pointer, so that with 5,000 calls up each removal
    // took 2-4 ms behind the proxy, and a batch with ten of them stalled the window 30 ms. The
    // proxy is detached meanwhile, so it does not follow every change for nothing.
    const bool wanted =
        m_view->header()->sortIndicatorSection() >= 0 || !m_filter->text().isEmpty();
    if (wanted == (m_view->model() == &m_proxy))
        return;
    beginAdjusting(); // the operator's choice is put back on the new model's rows
    const QSet<Monitor::ChannelKey> expanded = std::exchange(m_expanded, {}); // expand() refills
    QItemSelectionModel *old = m_view->selectionModel();
    if (wanted)
        m_proxy.setSourceModel(&m_model);
    m_view->setModel(wanted ? static_cast<QAbstractItemModel *>(&m_proxy) : &m_model); // sorts
    if (!wanted)
        m_proxy.setSourceModel(nullptr);
    delete old; // setModel() leaves it to whoever set it
    followSelection();
    for (const Monitor::ChannelKey &key : expanded) {
        const QModelIndex source = m_model.callIndexOf(key);
        if (const QModelIndex call = wanted ? m_proxy.mapFromSource(source) : source;
            call.isValid())
            m_view->expand(call); // and back into m_expanded
        else if (m_model.callIndexOf(key).isValid())
            m_expanded.insert(key); // filtered out for now; calls that ended are forgotten
    }
    m_selectionTouched = true; // another selection model
    endAdjusting();
    if (const QModelIndex now = m_view->currentIndex(); now.isValid())
        m_view->scrollTo(now);
    m_view->holdAnchor(); // another model: the row under the pointer is noted afresh
}

QModelIndex CallsPanel::toModel(const QModelIndex &viewIndex) const
{
    return viewIndex.model() == &m_proxy ? m_proxy.mapToSource(viewIndex) : viewIndex;
}

Monitor::ChannelKey CallsPanel::currentChannel() const
{
    return m_model.channelAt(toModel(m_view->currentIndex()));
}

Monitor::ChannelKey CallsPanel::channelAt(const QModelIndex &viewIndex) const
{
    return m_model.channelAt(toModel(viewIndex));
}

QList<Monitor::ChannelKey> CallsPanel::selectedChannels() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex &a, const QModelIndex &b) {
        return m_view->visualRect(a).top() < m_view->visualRect(b).top();
    });
    QList<Monitor::ChannelKey> keys;
    for (const QModelIndex &row : std::as_const(rows)) {
        const Monitor::ChannelKey key = channelAt(row);
        if (key.isValid() && !keys.contains(key))
            keys.append(key);
    }
    return keys;
}

bool CallsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view->viewport())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        const QList<Monitor::ChannelKey> dragged = CallsModel::channelsFromMime(drag->mimeData());
        const Monitor::ChannelKey target = channelAt(m_view->indexAt(drag->position().toPoint()));
        if (!dragged.isEmpty() && (event->type() == QEvent::DragEnter ||
                                   (target.isValid() && !dragged.contains(target)))) {
            drag->setDropAction(Qt::LinkAction);
            drag->accept();
        } else {
            drag->ignore();
        }
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        const QList<Monitor::ChannelKey> dragged = CallsModel::channelsFromMime(drop->mimeData());
        const Monitor::ChannelKey target = channelAt(m_view->indexAt(drop->position().toPoint()));
        if (dragged.isEmpty() || !target.isValid() || dragged.contains(target)) {
            drop->ignore();
            return true;
        }
        drop->setDropAction(Qt::LinkAction);
        drop->accept();
        Q_EMIT channelsDropped(dragged, target);
        return true;
    }
    default:
        return QWidget::eventFilter(watched, event);
    }
}

QStringList CallsPanel::currentCallLegs() const
{
    return m_model.legsOfCall(toModel(m_view->currentIndex()));
}

bool CallsPanel::isDown(const Monitor::ServerMonitor *server)
{
    using State = Monitor::LinkState;
    const State state = server->connectionState();
    return state == State::Reconnecting || state == State::Failed || state == State::Disconnected;
}

void CallsPanel::updateBanner()
{
    QStringList stale;
    bool anyDown = false;
    for (const Monitor::ServerMonitor *server : m_hub->servers()) {
        if (server->isOutOfStep())
            stale.append(server->name());
        anyDown |= isDown(server);
    }
    m_bannerRow->setVisible(!stale.isEmpty());
    m_reconnect->setVisible(anyDown);
    const QString servers = stale.join(QStringLiteral(", "));
    m_banner->setText(tr("Out of step: %1 — may be stale").arg(servers));
    m_bannerRow->setToolTip(
        tr("Out of step: %1 — reconnecting or re-reading the channel list; what you see "
           "may be stale.")
            .arg(servers));
}

} // namespace Ui
