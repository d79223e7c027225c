#include "ui/window/noticebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

const QString kPending =
    QStringLiteral("background:#e9ecef; color:#343a40; border:1px solid #ced4da;");
const QString kSuccess =
    QStringLiteral("background:#d1e7dd; color:#0f5132; border:1px solid #a3cfbb;");
const QString kFailure =
    QStringLiteral("background:#f8d7da; color:#842029; border:1px solid #f1aeb5;");

} // namespace

NoticeBar::NoticeBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("noticeBar"));
    m_rows = new QVBoxLayout(this);
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(2);
    hide();
}

NoticeBar::Notice &NoticeBar::noticeFor(int id)
{
    auto it = m_notices.find(id);
    if (it != m_notices.end())
        return *it;
    while (m_order.size() >= kMaxShown)
        remove(m_order.first());
    Notice n;
    n.row = new QWidget(this);
    n.row->setObjectName(QStringLiteral("notice"));
    auto *layout = new QHBoxLayout(n.row);
    layout->setContentsMargins(8, 3, 3, 3);
    n.icon = new QLabel(n.row);
    n.icon->setObjectName(QStringLiteral("noticeIcon"));
    n.label = new QLabel(n.row);
    n.label->setTextFormat(Qt::RichText);
    n.label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    n.label->setWordWrap(true);
    auto *close = new QToolButton(n.row);
    close->setAutoRaise(true);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, [this, id] { remove(id); });
    layout->addWidget(n.icon, 0, Qt::AlignTop);
    layout->addWidget(n.label, 1);
    layout->addWidget(close);
    m_rows->addWidget(n.row);
    m_order.append(id);
    show();
    return *m_notices.insert(id, n);
}

void NoticeBar::update(Notice &n, int id, Kind kind, const QString &line, const QString &command)
{
    const QStyle::StandardPixmap icons[] = {QStyle::SP_BrowserReload, QStyle::SP_DialogApplyButton,
                                            QStyle::SP_MessageBoxCritical,
                                            QStyle::SP_MessageBoxInformation};
    const QString colours[] = {kPending, kSuccess, kFailure, kPending};
    const int extent = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    n.icon->setPixmap(style()->standardIcon(icons[int(kind)], nullptr, this).pixmap(extent));
    n.plain = command.isEmpty() ? line : line + u'\n' + command;
    QString html = line.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
    if (!command.isEmpty()) {
        html += QStringLiteral("<br><code>%1</code>")
                    .arg(command.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    }
    n.label->setText(html);
    const bool linger = kind == Kind::Success || kind == Kind::Information;
    n.row->setStyleSheet(
        QStringLiteral("#notice { %1 border-radius: 3px; } QLabel { %1 border: none; }")
            .arg(colours[int(kind)]));
    if (linger) {
        QTimer::singleShot(m_lingerMs, this, [this, id, row = QPointer<QWidget>(n.row)] {
            if (row && m_notices.value(id).row == row)
                remove(id);
        });
    }
}

void NoticeBar::post(const Console::ActionOutcome &o)
{
    Notice &n = noticeFor(o.id);
    const QString server = o.server.isEmpty() ? QString() : o.server + QStringLiteral(": ");
    // The command as sent, every line of it (a sendmsg has several): the README promises it.
    const QString command = o.command.trimmed();
    if (o.pending)
        update(n, o.id, Kind::Pending, server + o.what + QStringLiteral(" …"), command);
    else if (o.ok)
        update(n, o.id, Kind::Success,
               server + o.what + QStringLiteral(" — ") + o.reply.section(u'\n', 0, 0), command);
    else
        update(n, o.id, Kind::Failure, server + o.what + QStringLiteral(" failed: ") + o.reply,
               command);
}

void NoticeBar::postMessage(const QString &text, bool error)
{
    const int id = m_nextMessageId--;
    Notice &n = noticeFor(id);
    update(n, id, error ? Kind::Failure : Kind::Information, text, {});
}

void NoticeBar::remove(int id)
{
    const auto it = m_notices.find(id);
    if (it == m_notices.end())
        return;
    it->row->deleteLater();
    it->row->hide();
    m_notices.erase(it);
    m_order.removeAll(id);
    if (m_order.isEmpty())
        hide();
}

QStringList NoticeBar::texts() const
{
    QStringList out;
    for (int id : m_order)
        out.append(m_notices.value(id).plain);
    return out;
}

} // namespace Ui
