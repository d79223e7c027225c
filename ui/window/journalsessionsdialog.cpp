#include "ui/window/journalsessionsdialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Ui {

namespace {

enum Column { Started, Note, Records, Servers, Span, ColumnCount };

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
}

// "16:00:02 – 17:45:10", or with dates when it spans days.
QString spanText(const Monitor::Journal::SessionInfo &s)
{
    if (s.records == 0)
        return QObject::tr("no records");
    const QDateTime first = QDateTime::fromMSecsSinceEpoch(s.firstMs);
    const QDateTime last = QDateTime::fromMSecsSinceEpoch(s.lastMs);
    const QString format = first.date() == last.date() ? QStringLiteral("hh:mm:ss")
                                                       : QStringLiteral("yyyy-MM-dd hh:mm:ss");
    return first.toString(format) + QStringLiteral(" – ") + last.toString(format);
}

} // namespace

JournalSessionsDialog::JournalSessionsDialog(const QString &path,
                                             const QList<Monitor::Journal::SessionInfo> &sessions,
                                             QWidget *parent)
    : QDialog(parent), m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("journalSessionsDialog"));
    setWindowTitle(tr("Open a journal session"));
    auto *where = new QLabel(tr("Sessions kept in %1 — each start of Switchboard is one.")
                                 .arg(QDir::toNativeSeparators(path)),
                             this);
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_list->setObjectName(QStringLiteral("journalSessions"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels(
        {tr("Started"), tr("Note"), tr("Records"), tr("Servers"), tr("Records from – to")});
    QList<Monitor::Journal::SessionInfo> newestFirst = sessions;
    std::reverse(newestFirst.begin(), newestFirst.end());
    const QLocale locale;
    for (const Monitor::Journal::SessionInfo &s : std::as_const(newestFirst)) {
        QStringList servers = s.servers.values();
        servers.sort();
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(Started, timeText(s.startedMs));
        item->setText(Note, s.note);
        item->setText(Records, locale.toString(s.records));
        item->setTextAlignment(Records, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(Servers, servers.join(QStringLiteral(", ")));
        item->setText(Span, spanText(s));
        item->setData(Started, Qt::UserRole, s.id);
        if (s.records == 0)
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled); // nothing to open
    }
    for (int c = 0; c < ColumnCount; ++c)
        m_list->resizeColumnToContents(c);
    for (int r = 0; r < m_list->topLevelItemCount(); ++r) {
        if (m_list->topLevelItem(r)->flags() & Qt::ItemIsEnabled) {
            m_list->setCurrentItem(m_list->topLevelItem(r));
            break;
        }
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    QPushButton *open = buttons->button(QDialogButtonBox::Open);
    open->setEnabled(session() > 0);
    connect(m_list, &QTreeWidget::currentItemChanged, open,
            [this, open] { open->setEnabled(session() > 0); });
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        if (session() > 0)
            accept();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *column = new QVBoxLayout(this);
    column->addWidget(where);
    column->addWidget(m_list, 1);
    column->addWidget(buttons);
    resize(720, 360);
}

qint64 JournalSessionsDialog::session() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return 0;
    return item->data(Started, Qt::UserRole).toLongLong();
}

} // namespace Ui
