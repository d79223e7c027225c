#include "ui/conferences/conferencespanel.h"

#include "ui/calls/callsmodel.h"
#include "ui/conferences/conferencesmodel.h"

#include "console/watchonlysetting.h"
#include "monitor/bidi.h"
#include "monitor/conferencestore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QApplication>
#include <QDateTime>
#include <QDragMoveEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Ui {

ConferencesPanel::ConferencesPanel(const PanelContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_title(tr("Confere&nces"))
{
    setObjectName(QStringLiteral("conferencespanel"));
    m_model = new ConferencesModel(context.hub, this);
    m_toolbar = new QToolBar(this);
    m_toolbar->setObjectName(QStringLiteral("conferencestoolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->setIconSize(QSize(12, 12));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("conferencesstatus"));
    // Wrapped, never cut: "unknown since HH:MM:SS" must show its time at any width.
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("conferencesview"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setTextElideMode(Qt::ElideMiddle); // the full text is in each row's tooltip
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setAcceptDrops(true);
    m_view->viewport()->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->viewport()->installEventFilter(this);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(ConferencesModel::NameColumn, QHeaderView::Stretch);
    // Fits the ~955 px the tab has at 1280×800 and the ~700 px at 1024×700 without scrolling;
    // the name (and the server beside it) first.
    const int widths[] = {0, 100, 130, 75, 55, 70, 55};
    for (int c = 1; c < ConferencesModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, widths[c]);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    buildActions();

    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(150);
    connect(&m_coalesce, &QTimer::timeout, this, &ConferencesPanel::refreshNow);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this,
            [this] { m_model->tick(QDateTime::currentMSecsSinceEpoch()); });
    m_tick.start();
    m_hold.setSingleShot(true);
    connect(&m_hold, &QTimer::timeout, this, &ConferencesPanel::refreshNow);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ConferencesPanel::showMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (!m_applying)
            noteSelection();
        updateActions();
    });
    // A new conference opens with its members shown.
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (parent.isValid())
                    return;
                for (int r = first; r <= last; ++r)
                    m_view->expand(m_model->index(r, 0));
            });

    if (Monitor::Hub *hub = context.hub) {
        for (Monitor::ServerMonitor *s : hub->servers())
            watchServer(s);
        connect(hub, &Monitor::Hub::serverAdded, this, &ConferencesPanel::watchServer);
        connect(hub, &Monitor::Hub::serverRemoved, this, &ConferencesPanel::scheduleRefresh);
    }
    refreshNow();
}

ConferencesPanel::~ConferencesPanel() = default;

void ConferencesPanel::watchServer(Monitor::ServerMonitor *server)
{
    Monitor::ConferenceStore *store = server->panels()->conferences();
    connect(store, &Monitor::PanelStore::changed, this, &ConferencesPanel::scheduleRefresh);
    connect(store, &Monitor::PanelStore::syncStateChanged, this,
            &ConferencesPanel::scheduleRefresh);
    scheduleRefresh();
}

void ConferencesPanel::scheduleRefresh()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

bool ConferencesPanel::pointerRests() const
{
    return m_view->isVisible() && QApplication::widgetAt(QCursor::pos()) == m_view->viewport();
}

void ConferencesPanel::refreshNow()
{
    m_coalesce.stop();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Rows added or removed above a resting pointer would push the row under it away: hold
    // them (values still change) until the pointer leaves, or for m_holdLimitMs at most.
    const bool hold = pointerRests() && (m_holdSinceMs == 0 || now - m_holdSinceMs < m_holdLimitMs);
    m_applying = true;
    const bool waiting = m_model->refresh(now, !hold);
    m_applying = false;
    if (waiting) {
        if (m_holdSinceMs == 0)
            m_holdSinceMs = now;
        m_hold.start(int(std::max<qint64>(0, m_holdSinceMs + m_holdLimitMs - now)));
    } else {
        m_holdSinceMs = 0;
        m_hold.stop();
    }
    keepSelection();
    updateStatus();
    updateActions();
}

void ConferencesPanel::noteSelection()
{
    m_selected = {};
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid() || !m_view->selectionModel()->isSelected(index.siblingAtColumn(0)))
        return;
    m_selected.server = index.data(ConferencesModel::ServerRole).value<Monitor::ServerId>();
    m_selected.conference = index.data(ConferencesModel::ConferenceRole).toString();
    m_selected.member = index.data(ConferencesModel::MemberIdRole).toInt();
    m_selected.uuid = index.data(ConferencesModel::MemberUuidRole).toString();
}

void ConferencesPanel::keepSelection()
{
    QModelIndex at;
    if (m_selected.server != 0) {
        at = m_model->find(m_selected.server, m_selected.conference, m_selected.member);
        if (at.isValid() && (at.data(ConferencesModel::GoneRole).toBool() ||
                             at.data(ConferencesModel::MemberUuidRole).toString() != m_selected.uuid))
            at = {};
    }
    const QModelIndex current = m_view->currentIndex();
    const bool selected = current.isValid() &&
                          m_view->selectionModel()->isSelected(current.siblingAtColumn(0));
    if (at.isValid() && selected && current.siblingAtColumn(0) == at)
        return;
    m_applying = true;
    if (at.isValid()) {
        m_view->selectionModel()->setCurrentIndex(
            at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    } else {
        // What was selected went (or nothing was): nothing is, not its neighbour.
        m_selected = {};
        m_view->selectionModel()->clear();
    }
    m_applying = false;
}

QString ConferencesPanel::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void ConferencesPanel::updateStatus()
{
    QStringList notes;
    int missing = 0;
    if (m_context.hub) {
        for (Monitor::ServerMonitor *s : m_context.hub->servers()) {
            const Monitor::ConferenceStore *store = s->panels()->conferences();
            switch (store->syncState()) {
            case Monitor::PanelSyncState::ModuleMissing:
                ++missing;
                notes.append(tr("mod_conference is not loaded on %1").arg(s->name()));
                continue;
            case Monitor::PanelSyncState::Failed:
                notes.append(tr("%1: conferences not synced (%2)").arg(s->name(), store->syncError()));
                break;
            default:
                break;
            }
            if (store->isStale()) {
                notes.append(tr("%1: unknown since %2")
                                 .arg(s->name(), QDateTime::fromMSecsSinceEpoch(store->staleSinceMs())
                                                     .toString(QStringLiteral("HH:mm:ss"))));
            }
        }
    }
    // One line per server: a note is never cut in the middle.
    m_status->setText(notes.join(u'\n'));
    m_status->setToolTip(notes.join(u'\n'));
    m_status->setVisible(!notes.isEmpty());
    // Greyed, quiet text: a missing module is a fact, not an error.
    m_status->setEnabled(missing < notes.size() ? true : false);
    // What is live: a stale server's last known conferences are not counted.
    int n = 0;
    if (m_context.hub) {
        for (Monitor::ServerMonitor *s : m_context.hub->servers()) {
            const Monitor::ConferenceStore *store = s->panels()->conferences();
            if (!store->isStale() && store->syncState() != Monitor::PanelSyncState::ModuleMissing)
                n += store->rowCount();
        }
    }
    const QString title = n > 0 ? QStringLiteral("%1 (%2)").arg(m_title).arg(n) : m_title;
    if (title != windowTitle()) {
        setWindowTitle(title);
        Q_EMIT titleChanged(title);
    }
}

bool ConferencesPanel::select(Monitor::ServerId server, const QString &conference, int memberId)
{
    const QModelIndex index = m_model->find(server, conference, memberId);
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    noteSelection();
    return true;
}

ConferencesPanel::Target ConferencesPanel::target() const
{
    Target t;
    const QModelIndex index = m_view->currentIndex();
    const Monitor::Conference *c = m_model->conferenceAt(index);
    if (!c || !m_view->selectionModel()->isSelected(index.siblingAtColumn(0)) ||
        index.data(ConferencesModel::GoneRole).toBool())
        return t;
    t.server = index.data(ConferencesModel::ServerRole).value<Monitor::ServerId>();
    t.conference = c->name;
    t.where = tr("conference %1 on %2").arg(Monitor::isolated(c->name), m_model->serverName(t.server));
    t.who = t.where;
    if (const Monitor::ConferenceMember *m = m_model->memberAt(index)) {
        t.member = m->id;
        t.uuid = m->uuid;
        t.name = m_model->memberName(t.server, *m);
        t.who = tr("#%1 %2 in %3").arg(m->id).arg(t.name, t.where);
    }
    return t;
}

QString ConferencesPanel::goneReason(const Target &t) const
{
    const Monitor::ServerMonitor *server = m_context.hub ? m_context.hub->server(t.server) : nullptr;
    const Monitor::Conference *c =
        server ? server->panels()->conferences()->conference(t.conference) : nullptr;
    if (t.member > 0) {
        const Monitor::ConferenceMember *m = c ? c->member(t.member) : nullptr;
        if (!m || m->uuid != t.uuid)
            return tr("#%1 %2 left %3 — nothing sent").arg(t.member).arg(t.name, t.where);
        return {};
    }
    if (!c)
        return tr("%1 has ended — nothing sent").arg(t.where);
    return {};
}

bool ConferencesPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view->viewport())
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::Leave && m_holdSinceMs != 0)
        QTimer::singleShot(0, this, &ConferencesPanel::refreshNow); // the rows may move now
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        const QList<Monitor::ChannelKey> calls = CallsModel::channelsFromMime(drag->mimeData());
        const QModelIndex at = m_view->indexAt(drag->position().toPoint());
        const bool onConference = m_model->conferenceAt(at) != nullptr;
        // Watch-only: a call on such a server (or a conference on one) takes no drop.
        const bool watchOnly =
            calls.size() == 1 &&
            Console::anyWatchOnly(m_context.hub,
                                  {calls.first().server,
                                   at.data(ConferencesModel::ServerRole).value<Monitor::ServerId>()});
        if (calls.size() == 1 && !watchOnly && (event->type() == QEvent::DragEnter || onConference)) {
            drag->setDropAction(Qt::LinkAction);
            drag->accept();
        } else {
            drag->ignore();
        }
        return true;
    }
    if (event->type() == QEvent::Drop) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QList<Monitor::ChannelKey> calls = CallsModel::channelsFromMime(drop->mimeData());
        const QModelIndex at = m_view->indexAt(drop->position().toPoint());
        const Monitor::Conference *c = m_model->conferenceAt(at);
        const Monitor::ServerId server = at.data(ConferencesModel::ServerRole).value<Monitor::ServerId>();
        if (calls.size() != 1 || !c ||
            Console::anyWatchOnly(m_context.hub, {calls.first().server, server})) {
            drop->ignore();
            return true;
        }
        drop->setDropAction(Qt::LinkAction);
        drop->accept();
        bringIn(calls.first(), server, c->name);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Ui
