#include "ui/window/openedlogwindow.h"

#include "ui/logs/logpanels.h"
#include "ui/window/filecommands.h"

#include "monitor/recordsummary.h"

#include <QDateTime>
#include <QDir>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>

namespace Ui {

namespace {

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("hh:mm:ss"))
                  : QString();
}

} // namespace

OpenedLogWindow::OpenedLogWindow(std::unique_ptr<Monitor::OpenedLog> log, const QString &outcome,
                                 QWidget *parent)
    : QMainWindow(parent, Qt::Window), m_log(std::move(log))
{
    setObjectName(QStringLiteral("openedLogWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    // The main window's closing ends the program; an opened log left open must not keep it
    // running without one.
    setAttribute(Qt::WA_QuitOnClose, false);
    setWindowTitle(tr("%1 — Switchboard").arg(m_log->title()));
    setWindowIcon(QIcon(QStringLiteral(":/switchboard.png")));

    m_panel = new EventLogPanel(m_log.get(), this);
    if (m_log->channels().isEmpty()) {
        setCentralWidget(m_panel);
    } else {
        auto *split = new QSplitter(Qt::Vertical, this);
        split->addWidget(channelsView());
        split->addWidget(m_panel);
        split->setStretchFactor(0, 1);
        split->setStretchFactor(1, 4);
        setCentralWidget(split);
    }
    buildMenus();
    addColumnMenu();

    auto *source = new QLabel(QDir::toNativeSeparators(m_log->path()), this);
    source->setObjectName(QStringLiteral("openedLogSource"));
    source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *summary = new QLabel(outcome, this);
    summary->setObjectName(QStringLiteral("openedLogOutcome"));
    statusBar()->addWidget(summary, 1);
    statusBar()->addPermanentWidget(source);
    resize(1100, 640);
}

OpenedLogWindow::~OpenedLogWindow() = default;

void OpenedLogWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    const auto records = [this] { return RecordSource{&m_log->store(), m_log->serverNames()}; };
    exportMenu->addAction(tr("&All events…"), this, [this, records] {
        exportRecords(this, records(), Monitor::ExportSelection::all(), tr("all events"),
                      m_panel->shownCsvColumns());
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("openedExportAllAction"));
    exportMenu->addAction(
        tr("&Filtered events…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this, records] {
            exportRecords(this, records(),
                          Monitor::ExportSelection::matching(m_panel->model()->filter()),
                          tr("the filtered events"), m_panel->shownCsvColumns());
        });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("openedExportFilteredAction"));
    exportMenu->addAction(tr("&Selected events…"), this, [this, records] {
        QList<Monitor::Sequence> rows;
        for (const QModelIndex &i : m_panel->view()->selectionModel()->selectedRows())
            rows.append(m_panel->model()->sequenceAt(i.row()));
        exportRecords(this, records(), Monitor::ExportSelection::rows(rows),
                      tr("the selected events"), m_panel->shownCsvColumns());
    });
    exportMenu->actions().constLast()->setObjectName(QStringLiteral("openedExportSelectedAction"));
    file->addSeparator();
    file->addAction(tr("&Close"), QKeySequence::Close, this, &QWidget::close)
        ->setObjectName(QStringLiteral("closeOpenedLogAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Filter &events"), QKeySequence(tr("Ctrl+E")), this,
                    [this] { m_panel->filterEdit()->setFocus(); });
}

// Any header as a column, as in the live event log: right-click a column title.
void OpenedLogWindow::addColumnMenu()
{
    QHeaderView *header = m_panel->view()->horizontalHeader();
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint &at) {
        EventLogModel *model = m_panel->model();
        QMenu menu(this);
        menu.addAction(tr("Add a column from a header…"), this, [this, model] {
            bool ok = false;
            const QString name =
                QInputDialog::getText(this, tr("Add a column"),
                                      tr("Header or variable name (e.g. variable_sip_user_agent):"),
                                      QLineEdit::Normal, {}, &ok);
            if (ok && !name.trimmed().isEmpty())
                model->addHeaderColumn(name.trimmed());
        });
        const QStringList added = model->headerColumns();
        for (const QString &name : added)
            menu.addAction(tr("Remove column %1").arg(name), this,
                           [model, name] { model->removeHeaderColumn(name); });
        menu.exec(header->mapToGlobal(at));
    });
}

QTableWidget *OpenedLogWindow::channelsView()
{
    const QList<Monitor::Channel> &channels = m_log->channels();
    m_channels = new QTableWidget(int(channels.size()), 8, this);
    m_channels->setObjectName(QStringLiteral("bundleChannels"));
    m_channels->setHorizontalHeaderLabels({tr("Channel"), tr("Caller"), tr("Callee"), tr("State"),
                                           tr("Hangup cause"), tr("Created"), tr("Answered"),
                                           tr("Hung up")});
    m_channels->verticalHeader()->hide();
    m_channels->verticalHeader()->setDefaultSectionSize(m_channels->fontMetrics().height() + 6);
    m_channels->setWordWrap(false);
    m_channels->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_channels->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_channels->horizontalHeader()->setStretchLastSection(true);
    for (int r = 0; r < channels.size(); ++r) {
        const Monitor::Channel &c = channels[r];
        const QString callee = c.calleeNumber.isEmpty()
                                   ? c.destination
                                   : Monitor::RecordSummary::caller(c.calleeName, c.calleeNumber);
        const QStringList cells{c.name,
                                Monitor::RecordSummary::caller(c.callerName, c.callerNumber),
                                callee,
                                c.displayState(),
                                c.hangupCause,
                                timeText(c.createdMs),
                                timeText(c.answeredMs),
                                timeText(c.hungUpMs)};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells[col]);
            if (col == 0)
                item->setToolTip(c.uuid);
            m_channels->setItem(r, col, item);
        }
    }
    m_channels->resizeColumnsToContents();
    // Following a channel narrows the records to its own.
    connect(m_channels, &QTableWidget::currentCellChanged, this, [this](int row) {
        const QList<Monitor::Channel> &all = m_log->channels();
        if (row >= 0 && row < all.size())
            m_panel->followCall({all[row].uuid});
    });
    return m_channels;
}

} // namespace Ui
