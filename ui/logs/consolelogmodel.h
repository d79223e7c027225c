#pragma once
// The switch's console log (log/data records only), coloured by level as fs_cli colours it, but
// in shades that read on a light background (each at least 4.5:1 against white, WCAG AA):
//
//     0 CONSOLE, 1 ALERT, 2 CRIT   dark red, bold   #b00020
//     3 ERR                        red              #d32f2f
//     4 WARNING                    magenta          #a0237f   (fs_cli: magenta)
//     5 NOTICE                     dark cyan        #00838f
//     6 INFO                       green            #2e7d32
//     7 DEBUG                      dark yellow      #8a6d00   (fs_cli's yellow is unreadable)
//
// Filtered by a maximum level, a text searched without regard to case, a call (its legs'
// uuids, via followChannels) and, as the event log, any filter expression. Virtualized and
// batched as RecordListModel describes: a row costs one sequence number.
//
// The Text column shows what was logged: the switch starts each line with its own time, idle
// CPU, level and source ("2026-11-24 13:08:14.788900 99.23% [DEBUG] switch_ivr.c:3575 "), which
// the Time, Level and Source columns already show.

#include "ui/logs/recordlistmodel.h"

#include <QColor>

namespace Ui {

class ConsoleLogModel : public RecordListModel
{
    Q_OBJECT

public:
    enum Column { Time, Server, Level, Source, Channel, Text, ColumnCount };
    Q_ENUM(Column)

    explicit ConsoleLogModel(Monitor::Hub *hub, QObject *parent = nullptr);
    explicit ConsoleLogModel(Monitor::OpenedLog *log, QObject *parent = nullptr);

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // Shows lines of this level and the more severe ones (0..7; 7 shows all).
    void setMaximumLevel(int level);
    [[nodiscard]] int maximumLevel() const { return m_maximumLevel; }
    // Shows lines whose text contains `text`, ignoring case; empty shows all.
    void setTextFilter(const QString &text);
    [[nodiscard]] QString textFilter() const { return m_needle.text(); }
    // Whether any filter hides lines (a level below 7, a text, a call, a filter expression).
    [[nodiscard]] bool isNarrowed() const;

    [[nodiscard]] static QColor levelColor(int level);
    [[nodiscard]] static bool isLevelBold(int level) { return level >= 0 && level <= 2; }
    // "CONSOLE", "ALERT", ... "DEBUG".
    [[nodiscard]] static QString levelName(int level);
    // A log/data body without the switch's console prefix, trimmed; a body without one as it is.
    [[nodiscard]] static QString messageOf(QStringView body);

protected:
    [[nodiscard]] bool accepts(const Monitor::EventStore::Record &record) const override;
    [[nodiscard]] bool acceptsAll() const override { return false; }

private:
    [[nodiscard]] QVariant display(const Monitor::EventStore::Record &record, int column) const;

    int m_maximumLevel = 7;
    Monitor::FoldedNeedle m_needle;
};

} // namespace Ui
