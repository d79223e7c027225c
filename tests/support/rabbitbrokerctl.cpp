// What the tests ask of a running RabbitBroker: rabbitmqctl against its node, vhosts and users,
// and the tail of its log for failure messages.

#include "support/rabbitbroker.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace TestSupport {

namespace {
constexpr qint64 logTailBytes = 64 * 1024;
}

QString RabbitBroker::ctlPathBeside(const QString &serverPath)
{
    return QFileInfo(serverPath).dir().filePath(QStringLiteral("rabbitmqctl"));
}

QString RabbitBroker::tailOf(const QString &path, int lines)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    file.seek(qMax<qint64>(0, file.size() - logTailBytes));
    QStringList all = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return all.join(u'\n');
}

QString RabbitBroker::ctl(const QStringList &arguments, int timeoutMs) const
{
    QProcess process;
    configure(process);
    process.start(ctlPathBeside(m_serverPath),
                  QStringList{QStringLiteral("--node"), m_nodeName, QStringLiteral("--quiet")} +
                      arguments);
    const QString command = QStringLiteral("rabbitmqctl ") + arguments.join(u' ');
    if (!process.waitForStarted(10000)) {
        m_lastError = QStringLiteral("cannot run %1: %2").arg(command, process.errorString());
        return {};
    }
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        m_lastError = QStringLiteral("%1 did not finish within %2 ms").arg(command).arg(timeoutMs);
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_lastError = QStringLiteral("%1 failed (exit code %2): %3")
                          .arg(command)
                          .arg(process.exitCode())
                          .arg(QString::fromUtf8(process.readAllStandardError() +
                                                 process.readAllStandardOutput())
                                   .trimmed());
        return {};
    }
    QString output = QString::fromUtf8(process.readAllStandardOutput());
    return output.isNull() ? QStringLiteral("") : output;
}

bool RabbitBroker::addVhost(const QString &vhost)
{
    if (ctl({QStringLiteral("add_vhost"), vhost}).isNull()) {
        // Already there is fine: callers ask for a vhost to exist, not to be new.
        const QString listed =
            ctl({QStringLiteral("list_vhosts"), QStringLiteral("--no-table-headers")});
        if (listed.isNull() || !listed.split(u'\n').contains(vhost))
            return false;
    }
    return !ctl({QStringLiteral("set_permissions"), QStringLiteral("-p"), vhost,
                 QStringLiteral("guest"), QStringLiteral(".*"), QStringLiteral(".*"),
                 QStringLiteral(".*")})
                .isNull();
}

bool RabbitBroker::addUser(const QString &user, const QString &password, const QString &vhost)
{
    if (!addVhost(vhost))
        return false;
    if (ctl({QStringLiteral("add_user"), user, password}).isNull() &&
        ctl({QStringLiteral("change_password"), user, password}).isNull())
        return false;
    return !ctl({QStringLiteral("set_permissions"), QStringLiteral("-p"), vhost, user,
                 QStringLiteral(".*"), QStringLiteral(".*"), QStringLiteral(".*")})
                .isNull();
}

QString RabbitBroker::logTail(int lines) const
{
    const QDir logs(QDir(m_dir.path()).filePath(QStringLiteral("log")));
    const QString log = tailOf(logs.filePath(m_nodeName + QStringLiteral(".log")), lines);
    const QString output = tailOf(logs.filePath(QStringLiteral("stdout.log")), lines);
    QStringList parts;
    if (!log.isEmpty())
        parts << QStringLiteral("the node's log ends:\n") + log;
    if (!output.isEmpty())
        parts << QStringLiteral("its standard output ends:\n") + output;
    return parts.isEmpty() ? QStringLiteral("(the broker wrote no log)") : parts.join(u'\n');
}

} // namespace TestSupport
