#pragma once
// The common ground of the event log and the console log: a table over an EventStore that keeps
// no per-row objects. The store is the hub's (the live log, kept current as servers store
// records) or an opened log's (a saved file or a journal session, read once, apart from the live
// records). While every record has a row, a row is its sequence number minus the
// first one shown. With a filter, followed channels or a subclass's own test (accepts()), the
// model keeps the sequences of the matching records in one deque (8 bytes a row), rebuilt when
// the filter changes (a pass over the store, or over the followed channels' index entries) and
// appended to as records arrive.
//
// Arrivals are batched, after Wireshark's PacketListModel: a server's recordStored only starts
// a short timer, and its flush removes what the store dropped (one beginRemoveRows at the top)
// and appends what arrived (one beginInsertRows at the bottom). Stored records never change, so
// there is no dataChanged at all.

#include "monitor/filter.h"
#include "monitor/hub.h"
#include "monitor/openedlog.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QTimer>

#include <deque>
#include <optional>

namespace Ui {

class RecordListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit RecordListModel(Monitor::Hub *hub, QObject *parent = nullptr);
    // Over an opened log's records (not owned; it outlives the model).
    explicit RecordListModel(Monitor::OpenedLog *log, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;

    // The display filter (the empty filter shows everything).
    void setFilter(const Monitor::Filter &filter);
    // Compiles `expression` and applies it; on an error the previous filter stays and the error
    // (with its position) comes back for the window to show while the operator types.
    std::optional<Monitor::FilterError> setFilterText(const QString &expression);
    [[nodiscard]] const Monitor::Filter &filter() const { return m_filter; }
    // The records the rows are of (the hub's, or the opened log's).
    [[nodiscard]] Monitor::EventStore *store() const { return m_store; }

    // Shows only the records of these channels (a call's legs); an empty set shows all again.
    void followChannels(const QSet<QString> &uuids);
    [[nodiscard]] QSet<QString> followedChannels() const;

    // The sequence shown on `row`; kNoSequence outside the rows.
    static constexpr Monitor::Sequence kNoSequence = ~Monitor::Sequence(0);
    [[nodiscard]] Monitor::Sequence sequenceAt(int row) const;
    // The row of a record; -1 when it is not shown (filtered out, dropped, not arrived yet).
    [[nodiscard]] int rowOf(Monitor::Sequence seq) const;
    // The record on `row`, or nothing when the store dropped it since the last flush.
    [[nodiscard]] std::optional<Monitor::EventStore::Record> recordAt(int row) const;

    void setBatchInterval(int ms) { m_batch.setInterval(ms); }
    [[nodiscard]] int batchInterval() const { return m_batch.interval(); }
    // Applies what arrived and what was dropped now, instead of when the batch timer fires.
    void flush();
    // Records were added to the store by something other than a server monitor (an import):
    // picks them up with the next batch.
    void scheduleFlush();

    // What the row mapping takes in memory: 0 while rows map to sequences directly.
    [[nodiscard]] qint64 rowIndexBytes() const;

protected:
    // Whether a stored record has a row. The base checks the followed channels and the filter;
    // subclasses add their own tests (and call rebuild() when those change).
    [[nodiscard]] virtual bool accepts(const Monitor::EventStore::Record &record) const;
    // True when accepts() takes every record: no filter, nothing followed, no test of its own.
    [[nodiscard]] virtual bool acceptsAll() const;
    // Maps the rows anew (one model reset), after a change to what accepts() says.
    void rebuild();

    // The name of the server a record came from (the hub's or the opened log's).
    [[nodiscard]] QString serverName(Monitor::ServerId server) const;

private:
    void watch(Monitor::ServerMonitor *server);
    void removeDropped(Monitor::Sequence first);
    void appendArrived(Monitor::Sequence first, Monitor::Sequence end);
    [[nodiscard]] bool isFollowed(const Monitor::EventStore::Record &record) const;

    void setUp();

    Monitor::Hub *m_hub = nullptr;          // the live log's
    Monitor::OpenedLog *m_opened = nullptr; // or an opened log's
    Monitor::EventStore *m_store = nullptr;
    QTimer m_batch;
    Monitor::Filter m_filter;
    QList<QByteArray> m_followed; // uuids as the store indexes them (UTF-8); a call has a few
    bool m_direct = true;         // rows are the sequences [m_first, m_end)
    Monitor::Sequence m_first = 0;
    Monitor::Sequence m_end = 0;          // one past the last record looked at
    std::deque<Monitor::Sequence> m_rows; // otherwise: the shown sequences, ascending
};

} // namespace Ui
