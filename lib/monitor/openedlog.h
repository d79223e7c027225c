#pragma once
// A saved log or a journal session opened for analysis, apart from the live monitor: records in
// an EventStore of its own (so they never mix with live ones, and time in the live log never
// runs backwards), the names of the servers they came from, and what a call bundle said about
// its channels. The window shows each in a view of its own, and frees it when the view closes.

#include "channel.h"
#include "eventstore.h"
#include "importer.h"
#include "journal.h"

#include <QHash>
#include <QString>

namespace Monitor {

class OpenedLog
{
public:
    OpenedLog() = default;
    OpenedLog(const OpenedLog &) = delete;
    OpenedLog &operator=(const OpenedLog &) = delete;

    // Reads a saved log of any kind the Importer knows. Records of a file that names no servers
    // (raw ESL, JSON Lines) are filed under one named after the file; a call bundle's and a
    // CSV's under the servers they name.
    [[nodiscard]] Importer::Result readFile(const QString &path,
                                            const Importer::Progress &progress = {});
    // Loads session `session` of a journal file, its servers' names with it.
    [[nodiscard]] Esl::Expected<Journal::Loaded>
    readJournalSession(const QString &path, qint64 session, const Journal::Progress &progress = {});

    [[nodiscard]] EventStore &store() { return m_store; }
    [[nodiscard]] const EventStore &store() const { return m_store; }
    // The file's name, or "Journal session 3 (2025-11-24 16:00)".
    [[nodiscard]] QString title() const { return m_title; }
    // The file read.
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] const QHash<ServerId, QString> &serverNames() const { return m_servers; }
    // Its name, else its number.
    [[nodiscard]] QString serverName(ServerId server) const;
    // A call bundle's channels (none for other kinds).
    [[nodiscard]] const QList<Channel> &channels() const { return m_channels; }

private:
    ServerId serverNamed(const QString &name);

    EventStore m_store;
    QString m_title;
    QString m_path;
    QHash<ServerId, QString> m_servers;
    QList<Channel> m_channels;
};

} // namespace Monitor
