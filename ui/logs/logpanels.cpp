#include "ui/logs/logpanels.h"

#include "ui/common/modelroles.h"
#include "ui/logs/filterhint.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace Ui {

void followNewRows(QTableView *view)
{
    QAbstractItemModel *model = view->model();
    auto *state = new bool(true); // at the bottom when the rows came
    QObject::connect(
        view->verticalScrollBar(), &QScrollBar::valueChanged, view,
        [view, state](int value) { *state = value >= view->verticalScrollBar()->maximum() - 2; });
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, [view, state] {
        if (*state)
            view->scrollToBottom();
    });
    QObject::connect(view, &QObject::destroyed, [state] { delete state; });
}

namespace {

QTableView *recordView(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setHighlightSections(false);
    followNewRows(view);
    return view;
}

// The message beside the filter box: text() is all of it (and the tooltip), the label draws as
// much as its share of the line holds with an ellipsis, and asks for no width of its own, so a
// long message never narrows the box.
class FilterMessage : public QLabel
{
public:
    using QLabel::QLabel;
    [[nodiscard]] QSize minimumSizeHint() const override
    {
        return {0, QLabel::minimumSizeHint().height()};
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setPen(palette().color(foregroundRole()));
        const QRect area = contentsRect();
        painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter,
                         fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
    }
};

} // namespace

EventLogPanel::EventLogPanel(Monitor::Hub *hub, QWidget *parent) : QWidget(parent), m_model(hub)
{
    setObjectName(QStringLiteral("eventLogPanel"));
    build();
}

EventLogPanel::EventLogPanel(Monitor::OpenedLog *log, QWidget *parent)
    : QWidget(parent), m_model(log)
{
    setObjectName(QStringLiteral("openedEventLogPanel"));
    build();
}

void EventLogPanel::build()
{
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("eventFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(
        tr("Filter: Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING, or words…"));
    // Beside the box, not under it: the table does not jump while the operator types. Its share
    // of the line is kept while it is hidden, so the box is as wide with a message as without;
    // a long message is cut at the right with an ellipsis, its start says what and where, and
    // the tooltip has it all.
    m_filterError = new FilterMessage(this);
    m_filterError->setObjectName(QStringLiteral("eventFilterError"));
    m_filterError->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QSizePolicy kept = m_filterError->sizePolicy();
    kept.setRetainSizeWhenHidden(true);
    m_filterError->setSizePolicy(kept);
    m_filterError->hide();
    m_following = new QLabel(this);
    m_following->hide();
    auto *unfollow = new QPushButton(tr("Show all"), this);
    unfollow->hide();
    connect(unfollow, &QPushButton::clicked, this, [this, unfollow] {
        followCall({});
        unfollow->hide();
    });
    m_filterDelay.setSingleShot(true);
    m_filterDelay.setInterval(kFilterDelayMs);
    connect(&m_filterDelay, &QTimer::timeout, this, &EventLogPanel::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, &EventLogPanel::checkFilter);
    // Enter applies at once.
    connect(m_filter, &QLineEdit::returnPressed, this, &EventLogPanel::applyFilter);

    m_view = recordView(&m_model, this);
    m_view->setObjectName(QStringLiteral("eventLogView"));
    const int widths[] = {95, 80, 190, 120, 110, 150};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EventLogPanel::showDetails);

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("eventDetails"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setPlaceholderText(tr("Select an event to see all its headers and its body."));
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("eventLogSplitter"));
    split->addWidget(m_view);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filter, 3);
    bar->addWidget(m_filterError, 2);
    bar->addWidget(m_following);
    bar->addWidget(unfollow);
    connect(&m_model, &QAbstractItemModel::modelReset, unfollow,
            [this, unfollow] { unfollow->setVisible(!m_model.followedChannels().isEmpty()); });
    // A hint about a filter that shows nothing goes once something matches.
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_hinting)
            showMessage({}, false);
    });
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(bar);
    column->addWidget(split, 1);
}

QStringList EventLogPanel::shownCsvColumns() const
{
    const QHeaderView *header = m_view->horizontalHeader();
    QStringList out;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        if (!header->isSectionHidden(column))
            out += m_model.csvColumnsOf(column);
    }
    return out;
}

void EventLogPanel::checkFilter()
{
    // Compiled at every key, to say at once what is wrong; applied (a pass over the store) only
    // once the typing stops.
    m_typedText = m_filter->text();
    m_typed.reset();
    std::optional<Monitor::FilterError> error;
    if (m_typedText.trimmed().isEmpty()) {
        m_typed = Monitor::Filter();
    } else {
        const Monitor::FilterResult result = Monitor::Filter::compile(m_typedText);
        if (result)
            m_typed = result.filter();
        else
            error = result.error();
    }
    if (!error) {
        m_filter->setStyleSheet({});
        // A hint about the applied filter stays until the next one is applied.
        if (!m_hinting)
            showMessage({}, false);
        m_filterDelay.start();
        return;
    }
    m_filterDelay.stop();
    const QString still = m_appliedText.trimmed().isEmpty()
                              ? tr("still showing every event")
                              : tr("still showing %1").arg(m_appliedText.trimmed());
    showMessage(
        tr("%1 (at character %2) — %3").arg(error->message).arg(error->position + 1).arg(still),
        true);
    m_filter->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #dc3545; }"));
}

void EventLogPanel::showMessage(const QString &text, bool error)
{
    m_hinting = !text.isEmpty() && !error;
    m_filterError->setText(text);
    m_filterError->setToolTip(text);
    // An error in red; a hint (the filter is fine, it just matches nothing) in the quiet colour
    // of placeholder text.
    m_filterError->setStyleSheet(error ? QStringLiteral("color: #b02a37;") : QString());
    m_filterError->setForegroundRole(error ? QPalette::WindowText : QPalette::PlaceholderText);
    m_filterError->setVisible(!text.isEmpty());
    m_filterError->update();
}

void EventLogPanel::applyFilter()
{
    m_filterDelay.stop();
    if (!m_typed || m_typedText == m_appliedText)
        return;
    m_model.setFilter(*m_typed);
    m_appliedText = m_typedText;
    // A valid filter that shows nothing: say why, if a typo is the likely reason.
    const Monitor::EventStore *store = m_model.store();
    const bool nothing = m_model.rowCount() == 0 && m_model.followedChannels().isEmpty();
    showMessage(nothing && store ? emptyFilterHint(*store, *m_typed) : QString(), false);
}

void EventLogPanel::followCall(const QStringList &uuids)
{
    m_model.followChannels(QSet<QString>(uuids.cbegin(), uuids.cend()));
    m_following->setVisible(!uuids.isEmpty());
    m_following->setText(tr("Following one call (%n leg(s))", nullptr, int(uuids.size())));
}

void EventLogPanel::showDetails()
{
    const int row = m_view->currentIndex().row();
    const std::optional<Monitor::EventStore::Record> record = m_model.recordAt(row);
    if (!record) {
        m_details->clear();
        return;
    }
    QString text;
    record->forEachSpelledHeader([&](QByteArrayView name, QByteArrayView value) {
        text += QString::fromUtf8(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
        return true;
    });
    const QByteArrayView body = record->body();
    if (!body.isNull())
        text += u'\n' + QString::fromUtf8(body);
    m_details->setPlainText(text);
}

ConsoleLogPanel::ConsoleLogPanel(Monitor::Hub *hub, QWidget *parent)
    : QWidget(parent), m_hub(hub), m_model(hub)
{
    auto *level = new QComboBox(this);
    level->setObjectName(QStringLiteral("consoleLevel"));
    for (int l = 0; l <= 7; ++l)
        level->addItem(tr("%1 and more severe").arg(ConsoleLogModel::levelName(l)), l);
    level->setCurrentIndex(7);
    connect(level, &QComboBox::currentIndexChanged, this,
            [this, level](int) { m_model.setMaximumLevel(level->currentData().toInt()); });
    auto *text = new QLineEdit(this);
    text->setObjectName(QStringLiteral("consoleText"));
    text->setPlaceholderText(tr("Text in the line"));
    text->setClearButtonEnabled(true);
    connect(text, &QLineEdit::textChanged, &m_model, &ConsoleLogModel::setTextFilter);

    m_view = recordView(&m_model, this);
    m_view->setObjectName(QStringLiteral("consoleView"));
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int widths[] = {95, 80, 70, 200, 110};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->setColumnWidth(c, widths[c]);

    // Over the empty view, not a row: it is no log line, and a filter must not hide it.
    m_hint = new QLabel(m_view->viewport());
    m_hint->setObjectName(QStringLiteral("consoleHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    // Prose, not a log line: not the view's fixed-width font.
    m_hint->setFont(QFontDatabase::systemFont(QFontDatabase::GeneralFont));
    m_hint->setAttribute(Qt::WA_TransparentForMouseEvents);
    auto *over = new QVBoxLayout(m_view->viewport());
    over->addWidget(m_hint);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &ConsoleLogPanel::updateHint);
    connect(&m_model, &QAbstractItemModel::rowsRemoved, this, &ConsoleLogPanel::updateHint);
    connect(&m_model, &QAbstractItemModel::modelReset, this, &ConsoleLogPanel::updateHint);
    connect(hub, &Monitor::Hub::serverAdded, this, &ConsoleLogPanel::updateHint);
    connect(hub, &Monitor::Hub::serverRemoved, this, &ConsoleLogPanel::updateHint);
    updateHint();

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(level);
    bar->addWidget(text, 1);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(bar);
    column->addWidget(m_view, 1);
}

void ConsoleLogPanel::updateHint()
{
    m_hint->setVisible(m_model.rowCount() == 0);
    if (m_model.rowCount() > 0)
        return;
    const QList<Monitor::ServerMonitor *> servers = m_hub->servers();
    if (servers.isEmpty()) {
        m_hint->setText(tr("Not connected to any switch."));
        return;
    }
    QStringList lines{m_model.isNarrowed() ? tr("No log lines pass the filters.")
                                           : tr("No log lines yet.")};
    for (const Monitor::ServerMonitor *server : servers) {
        const int level = server->profile().logLevel;
        lines.append(level < 0 ? tr("%1 was asked for no log lines.").arg(server->name())
                               : tr("%1 was asked for %2 (%3) and above.")
                                     .arg(server->name(), ConsoleLogModel::levelName(level),
                                          QString::number(level)));
    }
    lines.append(servers.size() == 1 ? tr("Change it in Servers → Connection profiles.")
                                     : tr("Change them in Servers → Connection profiles."));
    m_hint->setText(lines.join(u'\n'));
}

} // namespace Ui
