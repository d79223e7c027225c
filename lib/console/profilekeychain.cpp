#include "console/profilekeychain.h"

#include <qt6keychain/keychain.h>

#include <type_traits>

namespace Console {

namespace {

KeychainResult resultOf(const QKeychain::Job *job)
{
    KeychainResult result;
    result.message = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = KeychainResult::Status::Ok;
        result.message.clear();
        break;
    case QKeychain::EntryNotFound:
        result.status = KeychainResult::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.status = KeychainResult::Status::NoBackend;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = KeychainResult::Status::Denied;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        result.status = KeychainResult::Status::Failed;
        break;
    }
    return result;
}

// The job deletes itself once finished (autoDelete); it has no parent, so a context that goes
// away mid-call only disconnects `done` and never destroys a job the backend still talks to.
template<typename JobType>
void run(JobType *job, const QString &key, QObject *context, Keychain::Done done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(
        job, &QKeychain::Job::finished, context,
        [done = std::move(done)](QKeychain::Job *finished) {
            KeychainResult result = resultOf(finished);
            if constexpr (std::is_same_v<JobType, QKeychain::ReadPasswordJob>) {
                if (result.ok())
                    result.password =
                        static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
            }
            done(result);
        });
    job->start();
}

} // namespace

SystemKeychain::SystemKeychain(QString service) : m_service(std::move(service)) {}

void SystemKeychain::readPassword(const QString &key, QObject *context, Done done)
{
    run(new QKeychain::ReadPasswordJob(m_service), key, context, std::move(done));
}

void SystemKeychain::writePassword(const QString &key, const QString &password, QObject *context,
                                   Done done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(password);
    run(job, key, context, std::move(done));
}

void SystemKeychain::deletePassword(const QString &key, QObject *context, Done done)
{
    run(new QKeychain::DeletePasswordJob(m_service), key, context, std::move(done));
}

void MemoryKeychain::setFailure(KeychainResult::Status status, const QString &message)
{
    m_failure = status;
    m_failureMessage = message;
}

void MemoryKeychain::answer(QObject *context, Done done, KeychainResult result)
{
    // Queued, like a real keychain: the caller has finished its own bookkeeping first.
    QMetaObject::invokeMethod(
        context, [done = std::move(done), result = std::move(result)] { done(result); },
        Qt::QueuedConnection);
}

void MemoryKeychain::readPassword(const QString &key, QObject *context, Done done)
{
    KeychainResult result;
    if (m_failure != KeychainResult::Status::Ok) {
        result.status = m_failure;
        result.message = m_failureMessage;
    } else if (const auto it = m_entries.constFind(key); it != m_entries.cend()) {
        result.password = *it;
    } else {
        result.status = KeychainResult::Status::NotFound;
        result.message = QStringLiteral("Entry not found");
    }
    answer(context, std::move(done), std::move(result));
}

void MemoryKeychain::writePassword(const QString &key, const QString &password, QObject *context,
                                   Done done)
{
    KeychainResult result;
    if (m_failure != KeychainResult::Status::Ok) {
        result.status = m_failure;
        result.message = m_failureMessage;
    } else {
        m_entries.insert(key, password);
    }
    answer(context, std::move(done), std::move(result));
}

void MemoryKeychain::deletePassword(const QString &key, QObject *context, Done done)
{
    KeychainResult result;
    if (m_failure != KeychainResult::Status::Ok) {
        result.status = m_failure;
        result.message = m_failureMessage;
    } else if (!m_entries.remove(key)) {
        result.status = KeychainResult::Status::NotFound;
    }
    answer(context, std::move(done), std::move(result));
}

} // namespace Console
