#include "ui/alerts/alertsettings.h"

#include "console/appsettings.h"
#include "monitor/alertengine.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSettings>
#include <QStandardPaths>

namespace Ui {

Q_LOGGING_CATEGORY(lcAlertSettings, "ui.alerts")

namespace {

const QString kRules = QStringLiteral("alerts/rules");
const QString kSounds = QStringLiteral("alerts/sounds");
const QString kSilenced = QStringLiteral("alerts/silenced");

} // namespace

AlertSettings AlertSettings::load()
{
    const QSettings s;
    AlertSettings a;
    const QByteArray text = s.value(kRules).toString().toUtf8();
    if (!text.isEmpty()) {
        const Monitor::AlertRulesResult read = Monitor::AlertRules::fromJson(text);
        if (read.ok)
            a.rules = read.rules;
        else
            qCWarning(lcAlertSettings).noquote()
                << "the stored alert rules do not read; the defaults apply:" << read.error.toString();
    }
    a.sounds = s.value(kSounds, a.sounds).toBool();
    const QJsonObject silenced =
        QJsonDocument::fromJson(s.value(kSilenced).toString().toUtf8()).object();
    for (auto it = silenced.constBegin(); it != silenced.constEnd(); ++it) {
        // Stored as text: a JSON number would round kUntilUnsilenced through a double.
        bool ok = false;
        const qint64 until = it.value().toString().toLongLong(&ok);
        if (ok && until > 0 && a.silencedUntil.size() < Monitor::AlertRules::kMaxRules)
            a.silencedUntil.insert(it.key(), until);
    }
    return a;
}

void AlertSettings::save() const
{
    QSettings s;
    s.setValue(kRules, QString::fromUtf8(Monitor::AlertRules::toJson(rules, false)));
    s.setValue(kSounds, sounds);
    QJsonObject silenced;
    for (auto it = silencedUntil.constBegin(); it != silencedUntil.constEnd(); ++it)
        silenced.insert(it.key(), QString::number(it.value()));
    s.setValue(kSilenced, QString::fromUtf8(QJsonDocument(silenced).toJson(QJsonDocument::Compact)));
    Console::syncPrivately(s);
}

void AlertSettings::applyTo(Monitor::AlertEngine &engine, qint64 nowMs) const
{
    engine.setRules(rules);
    for (const Monitor::AlertRule &rule : rules)
        engine.silence(rule.id, silencedUntil.value(rule.id, 0) > nowMs ? silencedUntil.value(rule.id) : 0);
}

void AlertSettings::forgetEndedSilences(qint64 nowMs)
{
    for (auto it = silencedUntil.begin(); it != silencedUntil.end();) {
        if (it.value() <= nowMs)
            it = silencedUntil.erase(it);
        else
            ++it;
    }
}

QString alertJournalPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/alerts.jsonl");
}

} // namespace Ui
