#include "ui/window/detailspanel.h"

#include "ui/calls/callpresentation.h"
#include "ui/common/bidielidedelegate.h"
#include "ui/window/channelfacts.h"
#include "ui/window/detailsnames.h"
#include "ui/window/qualityfacts.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

const QString kVariablePrefix = QStringLiteral("variable_");

} // namespace

DetailsPanel::DetailsPanel(Monitor::Hub *hub, QWidget *parent) : QWidget(parent), m_hub(hub)
{
    m_title = new QLabel(tr("No channel selected"), this);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dumpButton = new QPushButton(tr("&Dump (uuid_dump)"), this);
    dumpButton->setObjectName(QStringLiteral("dumpButton"));
    dumpButton->setToolTip(tr("Ask the switch for the channel's full data now"));
    connect(dumpButton, &QPushButton::clicked, this, &DetailsPanel::dump);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("detailsFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter the rows: codec, sip_, 1001…"));
    connect(m_filter, &QLineEdit::textChanged, this, &DetailsPanel::applyFilter);
    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("detailsTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // Long values differ at their ends (sofia/internal/…@127.0.0.1, uuids). Names are shortened
    // word by word instead (detailsnames.h): cut in the middle, Channel-Read-Codec-Name and
    // Channel-Write-Codec-Name both read "Channe…c-Name".
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setItemDelegate(new BidiElideDelegate(m_table));
    m_table->setItemDelegateForColumn(0, new DetailsNameDelegate(m_table));
    m_table->setColumnWidth(0, 170);
    m_table->viewport()->installEventFilter(this);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(dumpButton);
    bar->addWidget(m_filter, 1);
    m_chart = new QualityChart(this);
    m_chart->hide(); // until something is known of the leg's audio
    m_qualityError = new QLabel(this);
    m_qualityError->setObjectName(QStringLiteral("qualityError"));
    m_qualityError->setTextFormat(Qt::PlainText);
    m_qualityError->setEnabled(false); // quiet: greyed, as a note rather than an alarm
    m_qualityError->hide();
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_title);
    column->addLayout(bar);
    column->addWidget(m_chart);
    column->addWidget(m_qualityError);
    column->addWidget(m_table, 1);

    auto watch = [this](Monitor::ServerMonitor *server) {
        connect(server->channels(), &Monitor::ChannelStore::channelChanged, this,
                [this, id = server->id()](const QString &uuid) {
                    if (id == m_key.server && uuid == m_key.uuid)
                        refresh();
                });
        connect(server, &Monitor::ServerMonitor::channelRefreshed, this,
                [this, id = server->id()](const QString &uuid, const QString &error) {
                    if (id == m_key.server && uuid == m_key.uuid && !error.isEmpty())
                        m_title->setToolTip(tr("uuid_dump failed: %1").arg(error));
                });
        connect(server, &Monitor::ServerMonitor::qualityRefreshed, this,
                [this, id = server->id()](const QString &uuid, const QString &error) {
                    if (id != m_key.server || uuid != m_key.uuid)
                        return;
                    // "mediaStats: Session does not exist": said once, under the chart.
                    const QString text = error.isEmpty() || error.startsWith(u"mediaStats")
                                             ? error
                                             : tr("mediaStats: %1").arg(error);
                    m_qualityError->setText(text);
                    m_qualityError->setToolTip(text);
                    m_qualityError->setVisible(!text.isEmpty());
                });
    };
    for (Monitor::ServerMonitor *server : hub->servers())
        watch(server);
    connect(hub, &Monitor::Hub::serverAdded, this, watch);
    // How long the call has been talking goes on between events.
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        const Monitor::ServerMonitor *server = m_hub->server(m_key.server);
        const Monitor::Channel *c = server ? server->channels()->channel(m_key.uuid) : nullptr;
        if (c && c->answeredMs > 0 && c->hungUpMs == 0 && isVisible())
            refresh();
    });
    m_tick.start();
    // Precise: a coarse timer may fire a little early, and the monitor would turn away every
    // other request as too soon (it allows one per kQualityRefreshMs).
    m_qualityPoll.setTimerType(Qt::PreciseTimer);
    m_qualityPoll.setInterval(kQualityPollMs);
    connect(&m_qualityPoll, &QTimer::timeout, this, &DetailsPanel::pollQuality);
}

bool DetailsPanel::eventFilter(QObject *watched, QEvent *event)
{
    // Names take two fifths of a narrow dock, so that the values keep room to be read.
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        m_table->setColumnWidth(0, std::clamp(m_table->viewport()->width() * 2 / 5, 80, 210));
    return QWidget::eventFilter(watched, event);
}

void DetailsPanel::showChannel(const Monitor::ChannelKey &key)
{
    const bool selected = key != m_key;
    m_key = key;
    if (selected) {
        m_title->setToolTip(QString());
        m_dumped.reset();
        m_qualityError->clear();
        m_qualityError->hide();
        m_qualityPoll.stop(); // the leg shown before is no longer asked about
    }
    refresh();
    // A channel known from the switch's lists alone has no answer time or variables yet: ask
    // for them once per selection (the monitor does not ask again within a few seconds).
    if (selected && key.isValid()) {
        if (Monitor::ServerMonitor *server = m_hub->server(key.server))
            server->refreshChannel(key.uuid);
        m_qualityPoll.start();
        pollQuality();
    }
}

void DetailsPanel::pollQuality()
{
    Monitor::ServerMonitor *server = m_hub->server(m_key.server);
    const Monitor::Channel *c = server ? server->channels()->channel(m_key.uuid) : nullptr;
    if (!c || c->ended || c->zombie || c->isLoopback()) {
        // Gone, or a loopback leg (no media of its own): nothing more to ask.
        m_qualityPoll.stop();
        return;
    }
    // Not while the dock is closed or still ringing (no RTP yet); the timer goes on, so the
    // figures come back when it shows again.
    if (!isVisible() || !CallPresentation::hasAnswered(*c))
        return;
    server->refreshQuality(m_key.uuid);
}

void DetailsPanel::showQuality(const Monitor::Channel *channel)
{
    const bool known = channel && channel->quality.known();
    if (known)
        m_chart->setQuality(channel->quality);
    // The figures are in the table; the chart only when it has a line to draw.
    m_chart->setVisible(known && QualityChart::hasLines(channel->quality));
    if (channel && (channel->ended || channel->zombie))
        m_qualityPoll.stop();
}

void DetailsPanel::refresh()
{
    const Monitor::ServerMonitor *server = m_hub->server(m_key.server);
    const Monitor::Channel *channel = server ? server->channels()->channel(m_key.uuid) : nullptr;
    if (!channel) {
        m_title->setText(m_key.isValid() ? tr("The channel is gone") : tr("No channel selected"));
        m_table->setRowCount(0);
        showQuality(nullptr);
        m_qualityPoll.stop();
        return;
    }
    m_title->setText(
        tr("<b>%1</b> · %2 · %3")
            .arg(channel->name.toHtmlEscaped(), channel->displayState(), channel->uuid));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    fill(channelFacts(*channel, *server->channels(), server->name(), now),
         qualityFacts(channel->quality, now), m_dumped ? *m_dumped : channel->headers);
    showQuality(channel);
}

void DetailsPanel::setRow(int row, const ChannelFact &fact, bool section, const QString &fullName)
{
    QTableWidgetItem *nameItem = m_table->item(row, 0);
    QTableWidgetItem *valueItem = m_table->item(row, 1);
    if (!nameItem) {
        nameItem = new QTableWidgetItem;
        valueItem = new QTableWidgetItem;
        m_table->setItem(row, 0, nameItem);
        m_table->setItem(row, 1, valueItem);
    }
    nameItem->setText(fact.name);
    nameItem->setData(kFullNameRole, fullName.isEmpty() ? fact.name : fullName);
    // The whole name, whatever the column's width shortened it to.
    nameItem->setToolTip(section ? QString() : nameItem->data(kFullNameRole).toString());
    valueItem->setText(fact.value);
    valueItem->setToolTip(!fact.tooltip.isEmpty()  ? fact.tooltip
                          : fact.value.size() > 40 ? fact.value
                                                   : QString());
    nameItem->setData(kSectionRole, section);
    QFont font = m_table->font();
    font.setBold(section);
    nameItem->setFont(font);
    const QBrush shade = section ? palette().brush(QPalette::Mid) : QBrush();
    nameItem->setBackground(shade);
    valueItem->setBackground(shade);
    if (section)
        m_table->setSpan(row, 0, 1, 2);
}

void DetailsPanel::fill(const QList<ChannelFact> &facts, const QList<ChannelFact> &quality,
                        const Esl::HeaderList &headers)
{
    QList<ChannelFact> variables;
    QList<ChannelFact> rest;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QString name = QString::fromUtf8(headers.name(i));
        const QString value = QString::fromUtf8(headers.value(i));
        // Under "Variables", without the prefix every one of them has.
        if (name.startsWith(kVariablePrefix))
            variables.append({name.mid(kVariablePrefix.size()), value, {}});
        else
            rest.append({name, value, {}});
    }
    const QList<std::pair<QString, QList<ChannelFact>>> sections{
        {tr("The call"), facts},
        {tr("Quality"), quality},
        {tr("Variables (%1)").arg(variables.size()), variables},
        {m_dumped ? tr("uuid_dump (%1)").arg(rest.size())
                  : tr("Event headers (%1)").arg(rest.size()),
         rest},
    };
    int rows = 0;
    for (const auto &section : sections)
        rows += section.second.isEmpty() ? 0 : 1 + int(section.second.size());
    m_table->clearSpans();
    m_table->setRowCount(rows);
    int row = 0;
    for (const auto &[title, entries] : sections) {
        if (entries.isEmpty())
            continue;
        setRow(row++, {title, {}, {}}, true);
        const bool variable = &entries == &sections[2].second;
        for (const ChannelFact &entry : entries)
            setRow(row++, entry, false, variable ? kVariablePrefix + entry.name : QString());
    }
    applyFilter();
}

void DetailsPanel::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    // Rows bottom-up, so that a section title knows whether a row under it is left.
    bool anyUnder = false;
    for (int row = m_table->rowCount() - 1; row >= 0; --row) {
        const QTableWidgetItem *name = m_table->item(row, 0);
        if (name && name->data(kSectionRole).toBool()) {
            m_table->setRowHidden(row, !anyUnder);
            anyUnder = false;
            continue;
        }
        const bool shown =
            text.isEmpty() ||
            (name && name->data(kFullNameRole).toString().contains(text, Qt::CaseInsensitive)) ||
            m_table->item(row, 1)->text().contains(text, Qt::CaseInsensitive);
        m_table->setRowHidden(row, !shown);
        anyUnder = anyUnder || shown;
    }
}

void DetailsPanel::dump()
{
    if (!m_key.isValid())
        return;
    const Monitor::ChannelKey key = m_key;
    m_hub->api(key.server, QStringLiteral("uuid_dump %1").arg(key.uuid))
        .then(this, [this, key](const Esl::Reply &reply) {
            if (key != m_key)
                return;
            if (!reply.ok()) {
                m_title->setText(tr("uuid_dump failed: %1").arg(reply.errorText().toHtmlEscaped()));
                return;
            }
            // "Name: value" lines, percent-encoded as the switch writes events.
            Esl::HeaderList dumped;
            const QList<QByteArray> lines = reply.body().split('\n');
            for (const QByteArray &line : lines) {
                const qsizetype colon = line.indexOf(": ");
                if (colon > 0)
                    dumped.append(line.left(colon),
                                  QByteArray::fromPercentEncoding(line.mid(colon + 2)));
            }
            m_dumped = std::move(dumped);
            refresh();
        });
}

} // namespace Ui
