#pragma once
// Everything the monitor receives, on disk: a crash loses at most the last flush interval
// (a second by default) of events and log lines, and a session can be opened again later.
//
// A journal is an SQLite file (through Qt SQL, in WAL mode with synchronous=NORMAL: a committed
// transaction survives the program being killed; only a crash of the whole machine may lose
// the last ones). append() and appendLog() only serialize the record into the block being
// filled and queue it in memory; a full block (64 KiB of records) is compressed as one. A timer
// writes the queue every flush interval, or as soon as the thread's event loop comes to it once
// the queue holds flushRecords() records (a queued call, not a timer: a thread flooded with
// queued records never got to a zero-interval timer, and wrote 200,000 records in one 2.4 s
// transaction), and close() and the destructor write what is left. A flush writes the queue in
// transactions of at most kMaxFlushRecords records each, so that no single write holds the
// thread (and the records not yet on disk) for long. Each open() starts a new session in the
// file; sessions are listed and loaded back into an EventStore with the static functions.
//
// Schema (PRAGMA user_version = 3; files of formats 1 and 2 are migrated when opened for writing,
// and read as they are):
//   sessions(id INTEGER PRIMARY KEY, started_ms INTEGER, note TEXT)
//   servers(session INTEGER, id INTEGER, name TEXT, PRIMARY KEY(session, id))
//   records(session INTEGER, seq INTEGER, server INTEGER, received_ms INTEGER,
//           kind INTEGER (0 event, 1 log line), name TEXT (event name, or the log level's),
//           uuid TEXT (Unique-ID or User-Data), encoding INTEGER, bytes BLOB,
//           block INTEGER, block_start INTEGER, block_length INTEGER, PRIMARY KEY(session, seq))
//   blocks(id INTEGER PRIMARY KEY, session INTEGER, encoding INTEGER, bytes BLOB)
// A record's bytes (see recordwire.h) are, by its encoding: 0, `bytes` as they are; 1, `bytes`
// qCompress'ed (formats 1 and 2 wrote these); 2 (format 3), bytes [block_start, +block_length)
// of block `block`, whose `bytes` are its records one after another, as they are (encoding 0)
// or qCompress'ed (1). `seq` counts the session's records from 0; received_ms is milliseconds
// since the epoch. Files of format 2 and later have auto_vacuum=INCREMENTAL, so that what
// prune() deletes shrinks the file.
//
// With a Retention set (setRetention), the journal applies it when it opens a file and every hour
// after, so that a console left running for weeks keeps a bounded file.
//
// A Journal belongs to the thread that opened it (a Qt SQL connection does). Readers open their
// own connection, so a file can be listed or loaded while a journal is writing it.

#include "eventstore.h"

#include "esl/logline.h"
#include "esl/wire/error.h"
#include "esl/wire/event.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QSqlDatabase;

namespace Monitor {

namespace detail {
class Deflater;
}

class Journal : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        qint64 recordsWritten = 0; // committed, in this session
        qint64 bytesWritten = 0;   // as stored (compressed)
        qint64 rawBytes = 0;       // before compression
        qint64 pending = 0;        // queued, not written yet
        qint64 flushes = 0;        // transactions (a flush of many records takes several)
        qint64 failedFlushes = 0;
        qint64 dropped = 0;     // given up after failed flushes left too many queued
        qint64 lastFlushMs = 0; // when the last transaction committed (epoch ms), 0: never
        qint64 lastFlushUs = 0; // how long it took
        qint64 lastFlushRecords = 0; // at most kMaxFlushRecords
    };

    struct SessionInfo
    {
        qint64 id = 0;
        qint64 startedMs = 0;
        QString note;
        qint64 records = 0;
        qint64 firstMs = 0; // received_ms of the first and last record (0 when empty)
        qint64 lastMs = 0;
        QHash<ServerId, QString> servers;
    };

    struct Loaded
    {
        qint64 events = 0;
        qint64 logLines = 0;
        qint64 undecodable = 0; // records whose bytes did not decode (skipped)
        Sequence first = 0;     // the store's sequences of the loaded records: [first, end)
        Sequence end = 0;
        QHash<ServerId, QString> servers;
    };

    // How much of the past a file keeps. Sessions whose newest record is older than maxAgeMs go
    // first, then the oldest sessions while the file is over maxBytes; the open session is never
    // removed whole, but its oldest records go when it alone is over the size. 0: no bound.
    struct Retention
    {
        qint64 maxAgeMs = 7LL * 24 * 3600 * 1000;
        qint64 maxBytes = 512LL * 1024 * 1024;
    };
    struct Pruned
    {
        qint64 sessions = 0; // removed whole
        qint64 records = 0;  // removed, theirs included
        qint64 bytesBefore = 0;
        qint64 bytesAfter = 0;
    };

    // Called now and then while loading: records done, records in all; false cancels.
    using Progress = std::function<bool(qint64 done, qint64 total)>;

    explicit Journal(QObject *parent = nullptr);
    ~Journal() override;
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    // Opens (or creates) the file and starts a new session in it; returns the session id.
    Esl::Expected<qint64> open(const QString &path, const QString &note = {});
    // Writes what is queued and closes the file.
    void close();
    [[nodiscard]] bool isOpen() const { return m_session > 0; }
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] qint64 session() const { return m_session; }

    // How often the queue is written (ms); 1000 by default.
    void setFlushInterval(int ms);
    [[nodiscard]] int flushInterval() const { return m_timer.interval(); }
    // The most records one transaction writes: a flush of more takes several, one after another.
    static constexpr int kMaxFlushRecords = 2000;
    // How many queued records make a write due before the interval is up; 500 by default.
    void setFlushRecords(int records) { m_flushRecords = std::max(records, 1); }
    [[nodiscard]] int flushRecords() const { return m_flushRecords; }
    // Whether records are stored qCompress'ed (when that makes them smaller); on by default.
    void setCompression(bool on) { m_compress = on; }

    // Queue a record; nothing is written until the next flush. Ignored while closed.
    void append(ServerId server, const QString &serverName, const Esl::Event &event,
                qint64 receivedMs);
    void appendLog(ServerId server, const QString &serverName, const Esl::LogLine &line,
                   qint64 receivedMs);

    // Writes the queue, in transactions of at most kMaxFlushRecords records; flushed() follows
    // each. False when one failed: the records not written stay queued (up to kMaxQueued, the
    // oldest blocks dropped and counted beyond it) for the next try, and lastError() says why.
    static constexpr qint64 kMaxQueued = 200'000;
    void setMaxQueued(qint64 records) { m_maxQueued = std::max<qint64>(records, 0); }
    bool flush();

    // Applies `retention` to the open file, on this journal's thread, after writing the queue.
    // `nowMs` is the clock the age is measured against (tests move it).
    Esl::Expected<Pruned> prune(const Retention &retention, qint64 nowMs);
    // Keeps the file within `retention`: applied now when open, at every open(), and every
    // kRetentionIntervalMs. Without a call, nothing is pruned.
    void setRetention(const Retention &retention);
    [[nodiscard]] std::optional<Retention> retention() const { return m_retention; }
    static constexpr int kRetentionIntervalMs = 3600 * 1000;
    // The file's size in use: its pages minus the free ones (WAL not counted).
    [[nodiscard]] static Esl::Expected<qint64> sizeInUse(const QString &path);

    [[nodiscard]] Stats stats() const;
    [[nodiscard]] std::optional<Esl::Error> lastError() const { return m_lastError; }

    // The sessions of a journal file, oldest first.
    [[nodiscard]] static Esl::Expected<QList<SessionInfo>> sessions(const QString &path);
    // Appends one session's records to `store` (its server ids kept), in their order.
    [[nodiscard]] static Esl::Expected<Loaded>
    load(const QString &path, qint64 session, EventStore &store, const Progress &progress = {});

Q_SIGNALS:
    void flushed(qint64 records); // one transaction's
    void flushFailed(const Esl::Error &error);
    // The retention removed something (or failed: `error` set).
    void pruned(const Monitor::Journal::Pruned &result, const QString &error);

private:
    // A record waiting to be written: its columns, and where its bytes are in its block.
    struct Row
    {
        qint64 seq = 0;
        qint64 receivedMs = 0;
        ServerId server = 0;
        RecordKind kind = RecordKind::Event;
        QString name;
        QString uuid;
        qint64 start = 0;
        qint64 length = 0;
    };
    // Records whose bytes are stored together as one row of `blocks`.
    struct Block
    {
        std::vector<Row> rows;
        QByteArray bytes; // the records one after another; packed once the block is closed
        qint64 rawSize = 0;
        bool compressed = false;
    };
    // A block closes at detail::kBlockBytes or at this many records (small log lines), so that
    // one block always fits in one transaction.
    static constexpr size_t kMaxBlockRecords = 1000;

    void enqueue(ServerId server, const QString &serverName, RecordKind kind, QString name,
                 QByteArrayView uuid, const QByteArray &bytes, qint64 receivedMs);
    void closeBlock();
    // Writes the first `count` closed blocks (and the servers not written yet) in one
    // transaction.
    bool writeBlocks(size_t count);
    bool fail(const QString &what, const QString &why);
    void applyRetention();

    QString m_path;
    QString m_connection; // the QSqlDatabase connection name, unique per journal
    qint64 m_session = 0;
    qint64 m_nextSeq = 0;
    bool m_compress = true;
    QTimer m_timer;
    bool m_flushPosted = false; // a flush() is on its way through the event loop
    QTimer m_retentionTimer;
    std::optional<Retention> m_retention;
    int m_flushRecords = 500;
    qint64 m_maxQueued = kMaxQueued;
    std::deque<Block> m_blocks; // closed, oldest first
    Block m_open;               // being filled
    qint64 m_queued = 0;        // records in both
    std::unique_ptr<detail::Deflater> m_deflater;
    QHash<ServerId, QString> m_serverNames;    // as written
    QHash<ServerId, QString> m_pendingServers; // new or renamed since the last flush
    Stats m_stats;
    std::optional<Esl::Error> m_lastError;
};

} // namespace Monitor
