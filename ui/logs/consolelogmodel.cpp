#include "ui/logs/consolelogmodel.h"

#include "esl/logline.h"

#include "ui/common/modelroles.h"
#include "ui/logs/recordtext.h"

#include <QFont>

namespace Ui {

using Monitor::EventStore;

namespace {

int levelOf(const EventStore::Record &r)
{
    bool ok = false;
    const int level = r.value(RecordText::names().logLevel).toInt(&ok);
    return ok ? level : -1;
}

} // namespace

ConsoleLogModel::ConsoleLogModel(Monitor::Hub *hub, QObject *parent) : RecordListModel(hub, parent)
{
    rebuild();
}

ConsoleLogModel::ConsoleLogModel(Monitor::OpenedLog *log, QObject *parent)
    : RecordListModel(log, parent)
{
    rebuild();
}

int ConsoleLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ConsoleLogModel::setMaximumLevel(int level)
{
    level = std::clamp(level, 0, 7);
    if (level == m_maximumLevel)
        return;
    m_maximumLevel = level;
    rebuild();
}

void ConsoleLogModel::setTextFilter(const QString &text)
{
    if (text == m_needle.text())
        return;
    m_needle = Monitor::FoldedNeedle(text);
    rebuild();
}

bool ConsoleLogModel::isNarrowed() const
{
    return m_maximumLevel < 7 || !m_needle.text().isEmpty() || !followedChannels().isEmpty() ||
           !filter().isEmpty();
}

bool ConsoleLogModel::accepts(const EventStore::Record &r) const
{
    if (r.kind() != Monitor::RecordKind::Log || levelOf(r) > m_maximumLevel)
        return false;
    if (!m_needle.text().isEmpty() && !m_needle.foundIn(r.body()))
        return false;
    return RecordListModel::accepts(r);
}

QColor ConsoleLogModel::levelColor(int level)
{
    switch (level) {
    case 0:
    case 1:
    case 2:
        return QColor(0xb0, 0x00, 0x20);
    case 3:
        return QColor(0xd3, 0x2f, 0x2f);
    case 4:
        return QColor(0xa0, 0x23, 0x7f);
    case 5:
        return QColor(0x00, 0x83, 0x8f);
    case 6:
        return QColor(0x2e, 0x7d, 0x32);
    case 7:
        return QColor(0x8a, 0x6d, 0x00);
    default:
        return {};
    }
}

QString ConsoleLogModel::levelName(int level)
{
    static const char *const names[] = {"CONSOLE", "ALERT",  "CRIT", "ERR",
                                        "WARNING", "NOTICE", "INFO", "DEBUG"};
    return level >= 0 && level <= 7 ? QString::fromLatin1(names[level]) : QString::number(level);
}

QString ConsoleLogModel::messageOf(QStringView body)
{
    return Esl::LogLine::messageOf(body);
}

QVariant ConsoleLogModel::display(const EventStore::Record &r, int column) const
{
    const RecordText::Names &n = RecordText::names();
    switch (column) {
    case Time:
        return RecordText::timeOfDay(r.receivedMs());
    case Server:
        return serverName(r.server());
    case Level:
        return levelName(levelOf(r));
    case Source:
        return QStringLiteral("%1:%2").arg(RecordText::text(r, n.logFile),
                                           RecordText::text(r, n.logLine));
    case Channel:
        return RecordText::shortUuid(RecordText::channelOf(r));
    case Text:
        return messageOf(QString::fromUtf8(r.body()));
    default:
        return {};
    }
}

QVariant ConsoleLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto r = recordAt(index.row());
    if (!r)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(*r, column);
    case RawValueRole:
        if (column == Time)
            return r->receivedMs();
        if (column == Server)
            return int(r->server());
        if (column == Level)
            return levelOf(*r);
        if (column == Channel)
            return RecordText::channelOf(*r);
        return display(*r, column);
    case Qt::ForegroundRole:
        return levelColor(levelOf(*r));
    case Qt::FontRole:
        if (isLevelBold(levelOf(*r))) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Time)
            return RecordText::fullTime(r->receivedMs());
        if (column == Channel)
            return RecordText::channelOf(*r);
        if (column == Source)
            return RecordText::text(*r, RecordText::names().logFunc);
        if (column == Text)
            return display(*r, column);
        return {};
    case ServerIdRole:
        return int(r->server());
    case UuidRole:
        return RecordText::channelOf(*r);
    case SequenceRole:
        return r->sequence();
    case LogLevelRole:
        return levelOf(*r);
    default:
        return {};
    }
}

QVariant ConsoleLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Server:
        return tr("Server");
    case Level:
        return tr("Level");
    case Source:
        return tr("Source");
    case Channel:
        return tr("Channel");
    case Text:
        return tr("Text");
    default:
        return {};
    }
}

} // namespace Ui
