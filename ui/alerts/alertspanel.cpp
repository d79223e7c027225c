#include "ui/alerts/alertspanel.h"

#include "ui/alerts/alertsmodel.h"
#include "ui/common/bidielidedelegate.h"

#include "monitor/alertengine.h"
#include "monitor/alertexport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QCursor>
#include <QFileDialog>
#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace Ui {

namespace {

constexpr qint64 kMinute = 60'000;

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

AlertsPanel::AlertsPanel(Monitor::AlertEngine *engine, Monitor::Hub *hub, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_model(new AlertsModel(engine, hub, this))
{
    setObjectName(QStringLiteral("alertspanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);

    auto *bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setIconSize({12, 12});
    m_acknowledge = bar->addAction(tr("Acknowledge"), this, [this] { acknowledgeSelected(); });
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeAlertAction"));
    m_acknowledge->setShortcut(Qt::Key_Space);
    m_acknowledge->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_acknowledge->setToolTip(tr("Seen: no longer counted as needing you (Space)"));
    addAction(m_acknowledge);

    m_silenceMenu = new QMenu(tr("Silence this rule"), this);
    const QList<std::pair<QString, qint64>> periods{{tr("for 15 minutes"), 15 * kMinute},
                                                    {tr("for 1 hour"), 60 * kMinute},
                                                    {tr("for 4 hours"), 240 * kMinute},
                                                    {tr("until I unsilence it"), 0}};
    for (const auto &[text, ms] : periods) {
        QAction *a = m_silenceMenu->addAction(text, this, [this, ms] { silenceSelectedRule(ms); });
        m_silences.append(a);
    }
    m_silenceMenu->addSeparator();
    m_unsilence = m_silenceMenu->addAction(tr("Unsilence this rule"), this,
                                           [this] { unsilenceSelectedRule(); });
    auto *silence = new QToolButton(bar);
    silence->setObjectName(QStringLiteral("silenceAlertButton"));
    silence->setText(tr("Silence"));
    silence->setToolTip(tr("No notices and no sound from this rule for a while; its alerts are "
                           "still listed"));
    silence->setMenu(m_silenceMenu);
    silence->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(silence);

    m_goTo = bar->addAction(tr("Go to"), this, [this] { goToSelected(); });
    m_goTo->setObjectName(QStringLiteral("goToAlertAction"));
    m_goTo->setToolTip(tr("The call, queue, gateway or server it is about (Enter, double-click)"));
    m_records = bar->addAction(tr("Show records"), this, [this] { showRecordsOfSelected(); });
    m_records->setObjectName(QStringLiteral("showAlertRecordsAction"));
    m_records->setToolTip(tr("The events that triggered it"));
    bar->addSeparator();
    m_export = bar->addAction(tr("Export…"), this, [this] { askExport(); });
    m_export->setObjectName(QStringLiteral("exportAlertsAction"));
    m_clearCleared = bar->addAction(tr("Clear cleared"), this, [this] { clearCleared(); });
    m_clearCleared->setObjectName(QStringLiteral("clearClearedAlertsAction"));
    m_clearCleared->setToolTip(tr("Removes the alerts that have cleared from the list"));
    bar->addSeparator();
    m_filter = new QComboBox(bar);
    m_filter->setObjectName(QStringLiteral("alertsFilter"));
    m_filter->addItems({tr("All alerts"), tr("Active only")});
    connect(m_filter, &QComboBox::currentIndexChanged, this,
            [this](int index) { setActiveOnly(index == 1); });
    bar->addWidget(m_filter);
    layout->addWidget(bar);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("alertsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->setWordWrap(false);
    m_view->setItemDelegate(new BidiElideDelegate(m_view));
    m_view->viewport()->setMouseTracking(true);
    // What says most first; at 1024 px severity to message are in sight. Active rows are bold:
    // widths are measured in bold, room left for the severity's dot and the server's bar.
    QFont bold = m_view->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    const QList<std::pair<int, QString>> widths{
        {AlertsModel::Severity, QStringLiteral("■ critical")},
        {AlertsModel::Rule, QStringLiteral("Poor call quality")},
        {AlertsModel::State, QStringLiteral("acknowledged")},
        {AlertsModel::Server, QStringLiteral("| demo-pbx")},
        {AlertsModel::Subject, QStringLiteral("carrier-b1")},
        {AlertsModel::Message, QStringLiteral("Gateway backup on demo-pbx is DOWN")},
        {AlertsModel::Count, QStringLiteral("9999")},
        {AlertsModel::Fired, QStringLiteral("00:00:00")},
        {AlertsModel::Last, QStringLiteral("00:00:00")},
        {AlertsModel::Cleared, QStringLiteral("00:00:00")}};
    for (const auto &[column, sample] : widths) {
        const QString title = m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        m_view->horizontalHeader()->resizeSection(
            column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title)) + 22);
    }
    layout->addWidget(m_view, 1);

    m_menu = new QMenu(this);
    m_menu->addAction(m_acknowledge);
    m_menu->addMenu(m_silenceMenu);
    m_menu->addAction(m_goTo);
    m_menu->addAction(m_records);
    m_menu->addSeparator();
    m_menu->addAction(m_export);
    m_menu->addAction(m_clearCleared);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](QPoint at) {
        if (m_view->indexAt(at).isValid())
            m_menu->popup(m_view->viewport()->mapToGlobal(at));
    });
    connect(m_view, &QAbstractItemView::activated, this, [this] { goToSelected(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsPanel::noteSelection);

    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &AlertsPanel::refresh);
    connect(m_engine, &Monitor::AlertEngine::alertRaised, this, &AlertsPanel::scheduleRefresh);
    connect(m_engine, &Monitor::AlertEngine::alertChanged, this, &AlertsPanel::scheduleRefresh);
    connect(m_engine, &Monitor::AlertEngine::alertCleared, this, &AlertsPanel::scheduleRefresh);
    connect(m_engine, &Monitor::AlertEngine::alertsRemoved, this, &AlertsPanel::scheduleRefresh);
    refresh();
}

AlertsPanel::~AlertsPanel() = default;

void AlertsPanel::scheduleRefresh()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void AlertsPanel::setActiveOnly(bool on)
{
    if (m_model->activeOnly() == on)
        return;
    m_model->setActiveOnly(on);
    {
        const QSignalBlocker quiet(m_filter);
        m_filter->setCurrentIndex(on ? 1 : 0);
    }
    refresh();
}

void AlertsPanel::refresh()
{
    m_coalesce.stop();
    m_refreshing = true;
    m_model->refresh(pinnedRows(m_view));
    m_refreshing = false;
    restoreSelection();
    updateTitle();
    updateActions();
}

void AlertsPanel::updateTitle()
{
    int notCleared = 0;
    bool unacknowledged = false;
    for (const Monitor::Alert &a : m_engine->alerts()) {
        notCleared += a.isActive() ? 1 : 0;
        unacknowledged = unacknowledged || a.state == Monitor::AlertState::Active;
    }
    QString title = tr("&Alerts");
    if (notCleared > 0)
        title += QStringLiteral(" (%1)").arg(notCleared);
    if (unacknowledged)
        title += QStringLiteral(" ⚠");
    if (title != m_title) {
        m_title = title;
        Q_EMIT titleChanged(title);
    }
}

std::optional<Monitor::Alert> AlertsPanel::selectedAlert() const
{
    if (m_selected == 0)
        return std::nullopt;
    if (const Monitor::Alert *a = m_engine->alert(m_selected))
        return *a;
    return std::nullopt;
}

void AlertsPanel::selectAlert(quint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    m_view->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(m_model->index(row, 0));
}

void AlertsPanel::noteSelection()
{
    if (!m_refreshing) {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        const AlertsModel::Row *r = rows.isEmpty() ? nullptr : m_model->row(rows.first().row());
        m_selected = r && !r->gone ? r->alert.id : 0;
    }
    updateActions();
}

void AlertsPanel::restoreSelection()
{
    // While rows went, the view moved the selection to a neighbour: the operator chose the one
    // that went, so nothing is selected now.
    QItemSelectionModel *selection = m_view->selectionModel();
    const int row = m_selected == 0 ? -1 : m_model->rowOf(m_selected);
    const QModelIndexList rows = selection->selectedRows();
    m_refreshing = true;
    if (row < 0) {
        m_selected = 0;
        if (!rows.isEmpty() || selection->currentIndex().isValid())
            selection->clear();
    } else if (rows.size() != 1 || rows.first().row() != row) {
        selection->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::ClearAndSelect |
                                                               QItemSelectionModel::Rows);
    }
    m_refreshing = false;
}

void AlertsPanel::updateActions()
{
    const std::optional<Monitor::Alert> a = selectedAlert();
    m_acknowledge->setEnabled(a && a->state == Monitor::AlertState::Active);
    const bool silenced = a && m_engine->isSilenced(a->ruleId, Monitor::kAllServers, m_engine->now());
    for (QAction *s : std::as_const(m_silences))
        s->setEnabled(a.has_value());
    m_unsilence->setEnabled(silenced);
    m_goTo->setEnabled(a.has_value());
    m_records->setEnabled(a && !a->records.isEmpty());
    m_export->setEnabled(m_model->rowCount() > 0);
    m_clearCleared->setEnabled(m_engine->size() > m_engine->activeCount());
}

bool AlertsPanel::acknowledgeSelected()
{
    const std::optional<Monitor::Alert> a = selectedAlert();
    const bool done = a && m_engine->acknowledge(a->id);
    if (done)
        refresh();
    return done;
}

void AlertsPanel::silenceSelectedRule(qint64 durationMs)
{
    const std::optional<Monitor::Alert> a = selectedAlert();
    if (!a)
        return;
    const qint64 until = durationMs > 0 ? m_engine->now() + durationMs
                                        : std::numeric_limits<qint64>::max();
    m_engine->silence(a->ruleId, until);
    Q_EMIT ruleSilenced(a->ruleId, until);
    updateActions();
}

void AlertsPanel::unsilenceSelectedRule()
{
    const std::optional<Monitor::Alert> a = selectedAlert();
    if (!a)
        return;
    m_engine->unsilence(a->ruleId);
    Q_EMIT ruleSilenced(a->ruleId, 0);
    updateActions();
}

void AlertsPanel::goToSelected()
{
    if (const std::optional<Monitor::Alert> a = selectedAlert())
        Q_EMIT goToRequested(*a);
}

void AlertsPanel::showRecordsOfSelected()
{
    if (const std::optional<Monitor::Alert> a = selectedAlert(); a && !a->records.isEmpty())
        Q_EMIT showRecordsRequested(*a);
}

bool AlertsPanel::exportTo(const QString &path, QString *error) const
{
    QList<Monitor::Alert> shown;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (const Monitor::Alert *a = m_engine->alert(m_model->row(i)->alert.id))
            shown.append(*a);
    }
    const bool json = path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(json ? Monitor::alertsToJson(shown) : Monitor::alertsToCsv(shown)) < 0 ||
        !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void AlertsPanel::askExport()
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export alerts"), QStringLiteral("alerts.csv"),
        tr("CSV (*.csv);;JSON (*.json)"), &filter);
    if (path.isEmpty())
        return;
    QString target = path;
    if (!target.contains(u'.'))
        target += filter.contains(QStringLiteral("json")) ? QStringLiteral(".json")
                                                           : QStringLiteral(".csv");
    QString error;
    if (!exportTo(target, &error))
        QMessageBox::warning(this, tr("Export alerts"),
                             tr("Could not write %1: %2").arg(target, error));
}

int AlertsPanel::clearCleared()
{
    const int n = m_engine->removeCleared();
    refresh();
    return n;
}

} // namespace Ui
