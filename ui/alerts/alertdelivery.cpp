#include "ui/alerts/alertdelivery.h"

#include "monitor/alertengine.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>
#include <QSystemTrayIcon>

namespace Ui {

namespace {

class SystemTray : public AlertTray
{
public:
    explicit SystemTray(QObject *parent)
    {
        if (!QSystemTrayIcon::isSystemTrayAvailable())
            return;
        m_base = QIcon(QStringLiteral(":/switchboard.png"));
        if (m_base.isNull())
            m_base = QApplication::windowIcon();
        m_icon = new QSystemTrayIcon(m_base, parent);
        m_icon->setToolTip(QApplication::translate("AlertDelivery", "Switchboard"));
        QObject::connect(m_icon, &QSystemTrayIcon::activated, m_icon,
                         [this](QSystemTrayIcon::ActivationReason reason) {
                             if (reason != QSystemTrayIcon::Context && activated)
                                 activated();
                         });
        QObject::connect(m_icon, &QSystemTrayIcon::messageClicked, m_icon, [this] {
            if (activated)
                activated();
        });
        m_icon->show();
    }
    [[nodiscard]] bool isAvailable() const override
    {
        return m_icon && QSystemTrayIcon::isSystemTrayAvailable();
    }
    void showMessage(const QString &title, const QString &text, bool critical) override
    {
        if (m_icon)
            m_icon->showMessage(title, text,
                                critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning);
    }
    void showCounts(int notCleared, int unacknowledged) override
    {
        if (!m_icon)
            return;
        m_icon->setToolTip(notCleared == 0
                               ? QApplication::translate("AlertDelivery", "Switchboard")
                               : QApplication::translate("AlertDelivery", "Switchboard — %n alert(s)",
                                                         nullptr, notCleared));
        m_icon->setIcon(unacknowledged > 0 ? badged(unacknowledged) : m_base);
    }

private:
    // The icon with a red disc and the count in its corner: seen from across the desk.
    [[nodiscard]] QIcon badged(int count) const
    {
        QPixmap pixmap = m_base.pixmap(64, 64);
        if (pixmap.isNull()) {
            pixmap = QPixmap(64, 64);
            pixmap.fill(Qt::transparent);
        }
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(QColor(200, 30, 30));
        p.setPen(QPen(Qt::white, 3));
        const QRectF disc(24, 24, 38, 38);
        p.drawEllipse(disc);
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(count > 9 ? 18 : 24);
        p.setFont(f);
        p.drawText(disc, Qt::AlignCenter, count > 99 ? QStringLiteral("99+") : QString::number(count));
        return QIcon(pixmap);
    }

    QSystemTrayIcon *m_icon = nullptr;
    QIcon m_base;
};

} // namespace

std::unique_ptr<AlertTray> makeSystemTray(QObject *parent)
{
    return std::make_unique<SystemTray>(parent);
}

AlertDelivery::AlertDelivery(Monitor::AlertEngine *engine, std::unique_ptr<AlertTray> tray,
                             QObject *parent)
    : QObject(parent), m_engine(engine),
      m_tray(tray ? std::move(tray) : makeSystemTray(this)), m_play([] { QApplication::beep(); })
{
    m_tray->activated = [this] { Q_EMIT raiseRequested(); };
    connect(m_engine, &Monitor::AlertEngine::notify, this, &AlertDelivery::deliver);
    // The badge follows the engine a moment after it changes (a storm is one repaint).
    m_counts.setSingleShot(true);
    m_counts.setInterval(200);
    connect(&m_counts, &QTimer::timeout, this, &AlertDelivery::updateCounts);
    const auto later = [this] {
        if (!m_counts.isActive())
            m_counts.start();
    };
    connect(m_engine, &Monitor::AlertEngine::alertRaised, this, later);
    connect(m_engine, &Monitor::AlertEngine::alertChanged, this, later);
    connect(m_engine, &Monitor::AlertEngine::alertCleared, this, later);
    connect(m_engine, &Monitor::AlertEngine::alertsRemoved, this, later);
    updateCounts();
}

AlertDelivery::~AlertDelivery() = default;

void AlertDelivery::updateCounts()
{
    int notCleared = 0;
    int unacknowledged = 0;
    for (const Monitor::Alert &a : m_engine->alerts()) {
        notCleared += a.isActive() ? 1 : 0;
        unacknowledged += a.state == Monitor::AlertState::Active ? 1 : 0;
    }
    m_tray->showCounts(notCleared, unacknowledged);
    if (notCleared == m_notCleared && unacknowledged == m_unacknowledged)
        return;
    m_notCleared = notCleared;
    m_unacknowledged = unacknowledged;
    Q_EMIT countsChanged(notCleared, unacknowledged);
}

void AlertDelivery::deliver(const Monitor::Alert &alert, const Monitor::AlertNotice &notice)
{
    AlertDeliveryRecord r;
    r.alertId = alert.id;
    r.title = notice.title;
    r.text = notice.text;
    r.summary = notice.summary;
    r.count = notice.count;
    // The engine decided; what it decided about may have changed since (a notice handed on
    // later, a silence set in between). A summary stands for others than its alert: it goes.
    QString quiet;
    if (!notice.summary) {
        const Monitor::Alert *now = m_engine->alert(alert.id);
        if (alert.silenced || m_engine->isSilenced(alert.ruleId, alert.server, m_engine->now()))
            quiet = QStringLiteral("silenced");
        else if (now && now->state == Monitor::AlertState::Acknowledged)
            quiet = QStringLiteral("acknowledged");
    }
    if (!quiet.isEmpty()) {
        r.noTray = r.noSound = quiet;
    } else {
        if (m_tray->isAvailable()) {
            m_tray->showMessage(notice.title, notice.text,
                                alert.severity == Monitor::AlertSeverity::Critical);
            r.tray = true;
        } else {
            r.noTray = QStringLiteral("no system tray");
            r.window = true;
        }
        if (!notice.sound) {
            r.noSound = QStringLiteral("not for this rule");
        } else if (!m_sounds) {
            r.noSound = QStringLiteral("sounds off");
        } else {
            if (m_play)
                m_play();
            r.sound = true;
        }
    }
    m_records.append(r);
    while (m_records.size() > kKeptRecords)
        m_records.removeFirst();
    if (r.window) {
        // The count in the title must be today's before the window shows the notice.
        updateCounts();
        Q_EMIT windowNotice(r.title, r.text);
    }
    Q_EMIT delivered(r);
}

} // namespace Ui
