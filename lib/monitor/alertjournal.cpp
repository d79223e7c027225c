#include "alertjournal.h"

#include "alertengine.h"
#include "alertexport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include <map>

namespace Monitor {

bool AlertJournal::open(const QString &path, qint64 maxBytes)
{
    m_file.close();
    m_path = path;
    m_maxBytes = std::max<qint64>(4096, maxBytes);
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        m_error = QStringLiteral("%1: %2").arg(path, m_file.errorString());
        return false;
    }
    m_error.clear();
    return true;
}

void AlertJournal::append(const char *event, const Alert &alert, qint64 atMs)
{
    if (!m_file.isOpen())
        return;
    const QJsonObject line{{QStringLiteral("at"), alertTime(atMs)},
                           {QStringLiteral("atMs"), double(atMs)},
                           {QStringLiteral("event"), QString::fromLatin1(event)},
                           {QStringLiteral("alert"), alertToJson(alert)}};
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    if (m_file.size() > 0 && m_file.size() + bytes.size() > m_maxBytes)
        rotate();
    if (m_file.write(bytes) != bytes.size())
        m_error = QStringLiteral("%1: %2").arg(m_path, m_file.errorString());
    m_file.flush();
}

void AlertJournal::rotate()
{
    m_file.close();
    const QString older = m_path + QStringLiteral(".1");
    QFile::remove(older);
    QFile::rename(m_path, older);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append))
        m_error = QStringLiteral("%1: %2").arg(m_path, m_file.errorString());
}

QList<Alert> AlertJournal::read(const QString &path, int max)
{
    std::map<quint64, Alert> byId;
    for (const QString &name : {path + QStringLiteral(".1"), path}) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine(kMaxLineBytes);
            if (!line.endsWith('\n') && !file.atEnd()) {
                // Longer than the bound: skip the rest of it.
                while (!file.atEnd() && !file.readLine(kMaxLineBytes).endsWith('\n')) {
                }
                continue;
            }
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            Alert alert;
            if (!doc.isObject() || !alertFromJson(doc.object().value(u"alert").toObject(), &alert))
                continue;
            byId[alert.id] = alert;
            while (int(byId.size()) > std::max(1, max))
                byId.erase(byId.begin());
        }
    }
    QList<Alert> out;
    for (auto &[id, alert] : byId)
        out.append(std::move(alert));
    return out;
}

// The engine's side.

bool AlertEngine::setJournal(const QString &path, qint64 maxBytes)
{
    if (path.isEmpty()) {
        m_journal.reset();
        return true;
    }
    auto journal = std::make_unique<AlertJournal>();
    const bool ok = journal->open(path, maxBytes);
    m_journal = std::move(journal);
    return ok;
}

QString AlertEngine::journalError() const
{
    return m_journal ? m_journal->error() : QString();
}

void AlertEngine::journal(const char *what, const Alert &alert, qint64 atMs)
{
    if (m_journal)
        m_journal->append(what, alert, atMs);
}

int AlertEngine::loadJournal(const QString &path)
{
    int loaded = 0;
    for (Alert &alert : AlertJournal::read(path, m_maxAlerts)) {
        m_nextId = std::max(m_nextId, alert.id + 1);
        if (m_alerts.count(alert.id) > 0 || !makeRoom())
            continue;
        if (alert.isActive()) {
            // Whatever was wrong then is this session's to find again.
            alert.state = AlertState::Cleared;
            alert.clearedMs = std::max({alert.lastMs, alert.firedMs, alert.acknowledgedMs});
        }
        m_alerts.emplace(alert.id, alert);
        ++loaded;
    }
    return loaded;
}

} // namespace Monitor
