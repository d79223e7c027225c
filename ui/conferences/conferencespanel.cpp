#include "ui/conferences/conferencespanel.h"

#include "ui/calls/callsmodel.h"
#include "ui/conferences/conferencesmodel.h"

#include "monitor/conferencestore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

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
    m_status->setWordWrap(false);
    m_status->setVisible(false);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("conferencesview"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
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
    const int widths[] = {0, 150, 80, 60, 90, 70, 110};
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
    connect(m_view, &QWidget::customContextMenuRequested, this, &ConferencesPanel::showMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConferencesPanel::updateActions);
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

void ConferencesPanel::refreshNow()
{
    m_coalesce.stop();
    m_model->refresh(QDateTime::currentMSecsSinceEpoch());
    updateStatus();
    updateActions();
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
    m_status->setText(notes.join(QStringLiteral(" · ")));
    m_status->setToolTip(notes.join(u'\n'));
    m_status->setVisible(!notes.isEmpty());
    // Greyed, quiet text: a missing module is a fact, not an error.
    m_status->setEnabled(missing < notes.size() ? true : false);
    const int n = m_model->conferenceCount();
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
    return true;
}

ConferencesPanel::Target ConferencesPanel::target() const
{
    Target t;
    const QModelIndex index = m_view->currentIndex();
    const Monitor::Conference *c = m_model->conferenceAt(index);
    if (!c || !m_view->selectionModel()->isSelected(index.siblingAtColumn(0)))
        return t;
    t.server = index.data(ConferencesModel::ServerRole).value<Monitor::ServerId>();
    t.conference = c->name;
    t.who = c->name;
    if (const Monitor::ConferenceMember *m = m_model->memberAt(index)) {
        t.member = m->id;
        t.uuid = m->uuid;
        t.who = tr("#%1 %2 in %3").arg(m->id).arg(m->callerIdName, c->name);
    }
    return t;
}

bool ConferencesPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view->viewport())
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        const QList<Monitor::ChannelKey> calls = CallsModel::channelsFromMime(drag->mimeData());
        const QModelIndex at = m_view->indexAt(drag->position().toPoint());
        const bool onConference = m_model->conferenceAt(at) != nullptr;
        if (calls.size() == 1 && (event->type() == QEvent::DragEnter || onConference)) {
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
        if (calls.size() != 1 || !c) {
            drop->ignore();
            return true;
        }
        drop->setDropAction(Qt::LinkAction);
        drop->accept();
        bringIn(calls.first(), at.data(ConferencesModel::ServerRole).value<Monitor::ServerId>(),
                c->name);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Ui
