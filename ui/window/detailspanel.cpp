#include "ui/window/detailspanel.h"

#include <QHeaderView>
#include <QPushButton>
#include <QVBoxLayout>

namespace Ui {

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
    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("detailsTable"));
    m_table->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setColumnWidth(0, 210);
    auto *column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_title);
    column->addWidget(dumpButton, 0, Qt::AlignLeft);
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
    };
    for (Monitor::ServerMonitor *server : hub->servers())
        watch(server);
    connect(hub, &Monitor::Hub::serverAdded, this, watch);
}

void DetailsPanel::showChannel(const Monitor::ChannelKey &key)
{
    const bool selected = key != m_key;
    m_key = key;
    if (selected)
        m_title->setToolTip(QString());
    refresh();
    // A channel known from the switch's lists alone has no answer time or variables yet: ask
    // for them once per selection (the monitor does not ask again within a few seconds).
    if (selected && key.isValid()) {
        if (Monitor::ServerMonitor *server = m_hub->server(key.server))
            server->refreshChannel(key.uuid);
    }
}

void DetailsPanel::refresh()
{
    const Monitor::ServerMonitor *server = m_hub->server(m_key.server);
    const Monitor::Channel *channel = server ? server->channels()->channel(m_key.uuid) : nullptr;
    if (!channel) {
        m_title->setText(m_key.isValid() ? tr("The channel is gone") : tr("No channel selected"));
        m_table->setRowCount(0);
        return;
    }
    m_title->setText(
        tr("<b>%1</b> · %2 · %3")
            .arg(channel->name.toHtmlEscaped(), channel->displayState(), channel->uuid));
    const Esl::HeaderList &headers = channel->headers;
    m_table->setRowCount(int(headers.size()));
    for (int i = 0; i < headers.size(); ++i) {
        const QString name = QString::fromUtf8(headers.name(i));
        const QString value = QString::fromUtf8(headers.value(i));
        auto *nameItem = m_table->item(i, 0);
        if (!nameItem) {
            m_table->setItem(i, 0, new QTableWidgetItem(name));
            m_table->setItem(i, 1, new QTableWidgetItem(value));
        } else {
            nameItem->setText(name);
            m_table->item(i, 1)->setText(value);
        }
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
            const QList<QByteArray> lines = reply.body().split('\n');
            m_table->setRowCount(0);
            for (const QByteArray &line : lines) {
                const qsizetype colon = line.indexOf(": ");
                if (colon <= 0)
                    continue;
                const int row = m_table->rowCount();
                m_table->insertRow(row);
                m_table->setItem(row, 0, new QTableWidgetItem(QString::fromUtf8(line.left(colon))));
                m_table->setItem(row, 1,
                                 new QTableWidgetItem(QString::fromUtf8(
                                     QByteArray::fromPercentEncoding(line.mid(colon + 2)))));
            }
        });
}

} // namespace Ui
