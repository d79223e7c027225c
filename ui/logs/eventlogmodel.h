#pragma once
// The event log: every stored event and log line, from every server, in arrival order, as a
// table virtualized over the hub's EventStore (see RecordListModel for how rows map to records
// and how arrivals are batched). A million records cost no per-row objects; a filter costs one
// sequence number per matching row.
//
// Columns: time (received, local hh:mm:ss.zzz), server, event name ("log" for log lines),
// subclass, channel (a short uuid; the full one in the tooltip), caller, a one-line summary, then
// any header the operator added as a column (addHeaderColumn). RawValueRole gives sortable
// values: the time in ms, the server id, full uuids, header values as text.

#include "ui/logs/recordlistmodel.h"

#include "monitor/headernames.h"

namespace Ui {

class EventLogModel : public RecordListModel
{
    Q_OBJECT

public:
    enum Column { Time, Server, Event, Subclass, Channel, Caller, Summary, FirstHeaderColumn };
    Q_ENUM(Column)

    explicit EventLogModel(Monitor::Hub *hub, QObject *parent = nullptr);
    explicit EventLogModel(Monitor::OpenedLog *log, QObject *parent = nullptr);

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // A column showing a header's value (e.g. "variable_sip_user_agent"); false when it is
    // already there.
    bool addHeaderColumn(const QString &name);
    bool removeHeaderColumn(const QString &name);
    [[nodiscard]] QStringList headerColumns() const;
    // The CSV columns (Monitor::Exporter) that hold what `column` shows: @time for Time, @kind
    // and @name for Event, @caller for Caller, a header column's name for it, ...
    [[nodiscard]] QStringList csvColumnsOf(int column) const;

private:
    struct HeaderColumn
    {
        QString name;
        Monitor::NameId id = Monitor::kNoName;
    };
    [[nodiscard]] QVariant display(const Monitor::EventStore::Record &record, int column) const;
    [[nodiscard]] QVariant raw(const Monitor::EventStore::Record &record, int column) const;

    QList<HeaderColumn> m_headerColumns;
};

} // namespace Ui
