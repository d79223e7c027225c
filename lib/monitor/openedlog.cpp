#include "openedlog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>

namespace Monitor {

ServerId OpenedLog::serverNamed(const QString &name)
{
    for (auto it = m_servers.cbegin(); it != m_servers.cend(); ++it) {
        if (it.value() == name)
            return it.key();
    }
    const ServerId id = ServerId(m_servers.size() + 1);
    m_servers.insert(id, name);
    return id;
}

QString OpenedLog::serverName(ServerId server) const
{
    const QString name = m_servers.value(server);
    return name.isEmpty() ? QString::number(server) : name;
}

Importer::Result OpenedLog::readFile(const QString &path, const Importer::Progress &progress)
{
    m_path = path;
    m_title = QFileInfo(path).fileName();
    Importer importer;
    importer.setServerNamer(
        [this](const QString &name) { return serverNamed(name.isEmpty() ? m_title : name); });
    importer.setProgress(progress);
    Importer::Result result = importer.importFile(path, m_store);
    m_channels = result.channels;
    return result;
}

Esl::Expected<Journal::Loaded> OpenedLog::readJournalSession(const QString &path, qint64 session,
                                                             const Journal::Progress &progress)
{
    m_path = path;
    m_title = QCoreApplication::translate("Monitor::OpenedLog", "Journal session %1").arg(session);
    if (const auto sessions = Journal::sessions(path)) {
        for (const Journal::SessionInfo &info : *sessions) {
            if (info.id != session)
                continue;
            m_title +=
                QStringLiteral(" (%1)").arg(QDateTime::fromMSecsSinceEpoch(info.startedMs)
                                                .toString(QStringLiteral("yyyy-MM-dd hh:mm")));
            // Named before loading: a load that is canceled keeps what it read, named too.
            m_servers = info.servers;
        }
    }
    return Journal::load(path, session, m_store, progress);
}

} // namespace Monitor
