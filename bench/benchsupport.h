#pragma once
// What the benchmarks share: the process's resident memory, thread CPU clocks, the time a thread
// waited for a CPU, a capture's events, and numbers as the README writes them.

#include "esl/wire/event.h"
#include "esl/wire/parser.h"

#include <QFile>
#include <QList>
#include <QLocale>
#include <QString>

#include <time.h>

#include <cstdio>

namespace Bench {

inline qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

inline qint64 cpuNs(clockid_t clock)
{
    timespec t{};
    clock_gettime(clock, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// How long the calling thread has waited, runnable, for a CPU (ns): what a shared machine's other
// work took from it.
inline qint64 runqueueWaitNs()
{
    QFile stat(QStringLiteral("/proc/thread-self/schedstat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = stat.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() : 0;
}

// The events of a capture, decoded (`who` names the program in the error message).
inline QList<Esl::Event> loadEvents(const QString &path, const char *who)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "%s: cannot read %s\n", who, qPrintable(path));
        return {};
    }
    Esl::wire::Parser parser;
    parser.feed(file.readAll());
    QList<Esl::Event> events;
    while (parser.hasMessage()) {
        const Esl::Message m = parser.takeMessage();
        if (m.isEvent()) {
            if (auto e = Esl::Event::fromMessage(m))
                events.append(*e);
        }
    }
    return events;
}

inline QString num(double value, int decimals = 0)
{
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

inline QString mib(qint64 kib)
{
    return num(double(kib) / 1024.0) + QStringLiteral(" MiB");
}

} // namespace Bench
