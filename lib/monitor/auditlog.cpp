#include "auditlog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Monitor {

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODateWithMs);
}

QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (field.contains(',') || field.contains('"') || field.contains('\n') ||
        field.contains('\r')) {
        field.replace("\"", "\"\"");
        field = '"' + field + '"';
    }
    return field;
}

QString writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return file.errorString();
    }
    return file.commit() ? QString() : file.errorString();
}

} // namespace

AuditLog::AuditLog(QObject *parent) : QObject(parent) {}

int AuditLog::begin(const QString &server, const QString &command, qint64 timeMs)
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.server = server;
    entry.command = command;
    m_entries.append(entry);
    const int index = int(m_entries.size()) - 1;
    m_rows.append(Row{false, index});
    m_rowOfEntry.append(int(m_rows.size()) - 1);
    Q_EMIT entryAdded(index);
    Q_EMIT rowAdded(m_rowOfEntry.constLast());
    return index;
}

void AuditLog::refuse(const QString &server, const QString &action, const QString &reason,
                      qint64 timeMs)
{
    AuditEntry entry;
    entry.timeMs = timeMs;
    entry.finishedMs = timeMs;
    entry.server = server;
    entry.command = action;
    entry.reply = reason;
    entry.refused = true;
    m_refusals.append(entry);
    m_rows.append(Row{true, int(m_refusals.size()) - 1});
    Q_EMIT rowAdded(int(m_rows.size()) - 1);
}

const AuditEntry &AuditLog::row(int row) const
{
    const Row &r = m_rows.at(row);
    return r.refused ? m_refusals.at(r.index) : m_entries.at(r.index);
}

void AuditLog::finish(int index, bool ok, const QString &reply, qint64 timeMs)
{
    if (index < 0 || index >= m_entries.size())
        return;
    AuditEntry &entry = m_entries[index];
    entry.ok = ok;
    entry.reply = reply;
    entry.finishedMs = timeMs;
    Q_EMIT entryFinished(index);
    Q_EMIT rowFinished(m_rowOfEntry.at(index));
}

QString AuditLog::exportCsv(const QString &path) const
{
    QByteArray out = "time,server,command,ok,reply\r\n";
    for (int i = 0; i < rowCount(); ++i) {
        const AuditEntry &e = row(i);
        out += csvField(isoTime(e.timeMs)) + ',' + csvField(e.server) + ',' + csvField(e.command) +
               ',' +
               (e.refused           ? "refused"
                : e.finishedMs == 0 ? "pending"
                : e.ok              ? "yes"
                                    : "no") +
               ',' + csvField(e.reply) + "\r\n";
    }
    return writeAtomically(path, out);
}

QString AuditLog::exportJsonLines(const QString &path) const
{
    QByteArray out;
    for (int i = 0; i < rowCount(); ++i) {
        const AuditEntry &e = row(i);
        QJsonObject o{
            {QStringLiteral("time"), isoTime(e.timeMs)},    {QStringLiteral("server"), e.server},
            {QStringLiteral("command"), e.command},         {QStringLiteral("ok"), e.ok},
            {QStringLiteral("pending"), e.finishedMs == 0}, {QStringLiteral("reply"), e.reply}};
        if (e.refused)
            o.insert(QStringLiteral("refused"), true); // nothing was sent
        out += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    }
    return writeAtomically(path, out);
}

} // namespace Monitor
