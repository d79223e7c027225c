#include "ui/window/noticebar.h"

#include "ui/common/elidedlabel.h"

#include <QClipboard>
#include <QDockWidget>
#include <QFontDatabase>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QPushButton>
#include <QScreen>
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
const QString kSettled =
    QStringLiteral("background:transparent; color:#495057; border:1px solid transparent;");

} // namespace

NoticeBar::NoticeBar(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("noticeBar"));
    setAttribute(Qt::WA_StyledBackground);
    m_icon = new QLabel(this);
    m_icon->setObjectName(QStringLiteral("noticeIcon"));
    m_line = new ElidedLabel(this);
    m_line->setObjectName(QStringLiteral("noticeText"));
    m_line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command = new ElidedLabel(this);
    m_command->setObjectName(QStringLiteral("noticeCommand"));
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_history = new QToolButton(this);
    m_history->setObjectName(QStringLiteral("noticeHistory"));
    m_history->setAutoRaise(true);
    connect(m_history, &QToolButton::clicked, this, &NoticeBar::showHistory);
    m_dismiss = new QToolButton(this);
    m_dismiss->setObjectName(QStringLiteral("noticeDismiss"));
    m_dismiss->setAutoRaise(true);
    m_dismiss->setText(QStringLiteral("✕"));
    m_dismiss->setToolTip(tr("Dismiss"));
    connect(m_dismiss, &QToolButton::clicked, this, &NoticeBar::dismissShown);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 0, 2, 0);
    layout->setSpacing(6);
    layout->addWidget(m_icon);
    layout->addWidget(m_line, 3);
    layout->addWidget(m_command, 2);
    layout->addWidget(m_history);
    layout->addWidget(m_dismiss);
    // One line, always there: a strip that came and went, or grew with its notices, pushed the
    // calls under the operator's pointer down and back up again.
    setFixedHeight(std::max(m_history->sizeHint().height(), fontMetrics().height() + 8));
    showNotice();
}

const NoticeBar::Notice *NoticeBar::shown() const
{
    for (auto it = m_notices.crbegin(); it != m_notices.crend(); ++it) {
        if (!it->dismissed)
            return &*it;
    }
    return nullptr;
}

int NoticeBar::unseenFailures() const
{
    int count = 0;
    for (const Notice &n : m_notices)
        count += n.kind == Kind::Failure && !n.dismissed;
    return count;
}

void NoticeBar::put(int id, Kind kind, const QString &line, const QString &command)
{
    auto it = std::find_if(m_notices.begin(), m_notices.end(),
                           [id](const Notice &n) { return n.id == id; });
    if (it == m_notices.end()) {
        if (m_notices.size() >= kHistory)
            m_notices.removeFirst();
        m_notices.append(Notice{});
        it = m_notices.end() - 1;
        it->id = id;
        it->time = QDateTime::currentDateTime();
    }
    it->kind = kind;
    it->line = line;
    it->command = command;
    it->settled = false;
    it->dismissed = false;
    if (kind == Kind::Success || kind == Kind::Information) {
        QTimer::singleShot(m_lingerMs, this, [this, id, line] {
            for (Notice &n : m_notices) {
                if (n.id == id && n.line == line) {
                    n.settled = true;
                    showNotice();
                }
            }
        });
    }
    showNotice();
}

void NoticeBar::showNotice()
{
    const Notice *n = shown();
    const Kind kind = n ? n->kind : Kind::Information;
    const QStyle::StandardPixmap icons[] = {QStyle::SP_BrowserReload, QStyle::SP_DialogApplyButton,
                                            QStyle::SP_MessageBoxCritical,
                                            QStyle::SP_MessageBoxInformation};
    const QString colours[] = {kPending, kSuccess, kFailure, kPending};
    const int extent = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(n ? style()->standardIcon(icons[int(kind)], nullptr, this).pixmap(extent)
                        : QPixmap());
    if (n) {
        m_line->setFullText(n->line);
        m_command->setFullText(n->command);
    } else {
        m_line->setFullText(tr("What your actions do shows here; the Audit log keeps every "
                               "command sent."));
        m_command->setFullText({});
    }
    const bool settled = !n || n->settled;
    const QString colour = settled ? kSettled : colours[int(kind)];
    const QString text = colour.section(u';', 1, 1).trimmed(); // "color:#…"
    setStyleSheet(QStringLiteral("#noticeBar { %1 border-radius: 3px; } QLabel { %2; border: none; "
                                 "background: transparent; } #noticeCommand { %3; }")
                      .arg(colour, text, settled ? QStringLiteral("color:#6c757d") : text));
    m_dismiss->setVisible(n != nullptr);
    m_dismiss->setEnabled(n != nullptr);
    // Failures behind the one shown are counted on the History button, in red.
    const int failures = unseenFailures() - (n && n->kind == Kind::Failure ? 1 : 0);
    m_history->setText(failures > 0 ? tr("%n failed", nullptr, failures) : tr("History"));
    m_history->setStyleSheet(failures > 0 ? QStringLiteral("QToolButton { color: #b02a37; "
                                                           "font-weight: bold; }")
                                          : QString());
    m_history->setToolTip(tr("The recent notices, with their times (every command sent is in "
                             "the Audit log dock)"));
    m_history->setEnabled(!m_notices.isEmpty());
}

void NoticeBar::dismissShown()
{
    for (auto it = m_notices.rbegin(); it != m_notices.rend(); ++it) {
        if (!it->dismissed) {
            it->dismissed = true;
            break;
        }
    }
    showNotice();
}

void NoticeBar::showHistory()
{
    // A popup of whole lines, wrapped: a menu draws one line per entry, and cut "Record … to
    // /usr/local/freesw…" at 700 px, before the reason a failure had.
    auto *popup = new QFrame(this, Qt::Popup);
    popup->setObjectName(QStringLiteral("noticeHistoryPopup"));
    popup->setAttribute(Qt::WA_DeleteOnClose);
    popup->setFrameShape(QFrame::StyledPanel);
    auto *list = new QListWidget(popup);
    list->setObjectName(QStringLiteral("noticeHistoryList"));
    list->setWordWrap(true);
    list->setTextElideMode(Qt::ElideNone);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setResizeMode(QListView::Adjust);
    list->setFrameShape(QFrame::NoFrame);
    const QStyle::StandardPixmap icons[] = {QStyle::SP_BrowserReload, QStyle::SP_DialogApplyButton,
                                            QStyle::SP_MessageBoxCritical,
                                            QStyle::SP_MessageBoxInformation};
    for (auto it = m_notices.crbegin(); it != m_notices.crend(); ++it) {
        auto *item = new QListWidgetItem(style()->standardIcon(icons[int(it->kind)], nullptr, this),
                                         it->time.toString(QStringLiteral("HH:mm:ss  ")) +
                                             it->plain(),
                                         list);
        // Clicked: the command (else the line) to the clipboard, to paste into the API console.
        item->setData(Qt::UserRole, it->command.isEmpty() ? it->line : it->command);
        item->setToolTip(it->command.isEmpty() ? tr("Click to copy the line")
                                               : tr("Click to copy the command"));
    }
    connect(list, &QListWidget::itemClicked, popup, [popup](QListWidgetItem *item) {
        QGuiApplication::clipboard()->setText(item->data(Qt::UserRole).toString());
        popup->close();
    });
    auto *audit = new QPushButton(tr("Open the &audit log"), popup);
    audit->setObjectName(QStringLiteral("noticeHistoryAudit"));
    audit->setFlat(true);
    connect(audit, &QPushButton::clicked, this, [this, popup] {
        if (auto *window = qobject_cast<QMainWindow *>(this->window())) {
            if (auto *dock = window->findChild<QDockWidget *>(QStringLiteral("auditDock"))) {
                dock->show();
                dock->raise();
            }
        }
        popup->close();
        Q_EMIT auditLogRequested();
    });
    auto *column = new QVBoxLayout(popup);
    column->setContentsMargins(2, 2, 2, 2);
    column->addWidget(list, 1);
    column->addWidget(audit, 0, Qt::AlignLeft);
    // As wide as the strip (at least 600 px) within the screen; as tall as the lines need, up
    // to half the screen.
    const QRect screen = this->screen()->availableGeometry();
    const int width = std::min(std::max(this->width(), 600), screen.width() - 20);
    popup->resize(width, 100);
    popup->layout()->activate();
    int height = 8 + audit->sizeHint().height();
    for (int row = 0; row < list->count(); ++row)
        height += list->sizeHintForRow(row) + 2;
    popup->resize(width, std::clamp(height, 80, screen.height() / 2));
    QPoint at = m_history->mapToGlobal(QPoint(m_history->width(), m_history->height()));
    at.rx() = std::clamp(at.x() - width, screen.left(), screen.right() - width);
    popup->move(at);
    // Looked at: the failures are no longer counted.
    for (Notice &n : m_notices) {
        if (n.kind == Kind::Failure && &n != shown())
            n.dismissed = true;
    }
    showNotice();
    popup->show();
}

void NoticeBar::post(const Console::ActionOutcome &o)
{
    const QString server = o.server.isEmpty() ? QString() : o.server + QStringLiteral(": ");
    // The command as sent, every line of it (a sendmsg has several): the README promises it.
    const QString command = o.command.trimmed();
    if (o.pending) {
        put(o.id, Kind::Pending, server + o.what + QStringLiteral(" …"), command);
    } else if (o.ok) {
        put(o.id, Kind::Success,
            server + o.what + QStringLiteral(" — ") + o.reply.section(u'\n', 0, 0), command);
    } else {
        // The reason first, where the strip has room for it; what the action was after it.
        const QString action = o.action.isEmpty() ? o.what : o.action;
        const QString details = server + o.what;
        if (o.refused()) {
            put(o.id, Kind::Failure,
                tr("%1 refused — %2 · %3").arg(action, failureReason(o.reply), details),
                tr("Nothing was sent: it failed before reaching the switch."));
        } else {
            put(o.id, Kind::Failure,
                tr("%1 failed — %2 · %3").arg(action, failureReason(o.reply), details), command);
        }
    }
}

QString NoticeBar::failureReason(const QString &reply)
{
    // "Nothing sent: the channel has hung up (NORMAL_CLEARING)." reads "the channel has hung up
    // (NORMAL_CLEARING)" after "Record refused —"; a reply of several lines (the -ERR and what
    // the switch logged about the channel) is one line.
    QString reason = reply.trimmed();
    const QString nothingSent = QStringLiteral("Nothing sent: ");
    if (reason.startsWith(nothingSent))
        reason = reason.mid(nothingSent.size());
    reason.replace(u'\n', QStringLiteral(" — "));
    if (reason.endsWith(u'.') && !reason.endsWith(QStringLiteral("..")))
        reason.chop(1);
    if (reason.size() > 1 && reason.at(0).isUpper() && reason.at(1).isLower())
        reason[0] = reason.at(0).toLower();
    return reason.isEmpty() ? tr("no reason given") : reason;
}

void NoticeBar::postMessage(const QString &text, bool error)
{
    put(m_nextMessageId--, error ? Kind::Failure : Kind::Information, text, {});
}

void NoticeBar::postInformation(const QString &text)
{
    postMessage(text, false);
}

bool NoticeBar::shownIsFailure() const
{
    const Notice *n = shown();
    return n && n->kind == Kind::Failure;
}

QStringList NoticeBar::texts() const
{
    QStringList out;
    for (qsizetype i = std::max<qsizetype>(0, m_notices.size() - kMaxShown); i < m_notices.size();
         ++i)
        out.append(m_notices[i].plain());
    return out;
}

QStringList NoticeBar::history() const
{
    QStringList out;
    for (const Notice &n : m_notices)
        out.append(n.time.toString(QStringLiteral("HH:mm:ss  ")) + n.plain());
    return out;
}

} // namespace Ui
