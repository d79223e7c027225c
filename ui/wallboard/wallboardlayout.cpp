#include "ui/wallboard/wallboardlayout.h"

#include "console/appsettings.h"

#include <QSettings>

#include <algorithm>

namespace Ui {

namespace {

using namespace Qt::Literals::StringLiterals;
using Monitor::WallboardFigure;
using Monitor::WallboardGrouping;

// Names, not enum numbers, in the settings file: a reordered enum must not change a saved board.
const QList<std::pair<WallboardGrouping, QString>> kGroupings = {
    {WallboardGrouping::Servers, u"servers"_s},
    {WallboardGrouping::Fleets, u"fleets"_s},
    {WallboardGrouping::Queues, u"queues"_s},
    {WallboardGrouping::ServersAndQueues, u"serversAndQueues"_s},
};
const QList<std::pair<WallboardFigure, QString>> kFigures = {
    {WallboardFigure::LiveCalls, u"liveCalls"_s},
    {WallboardFigure::Waiting, u"waiting"_s},
    {WallboardFigure::LongestWait, u"longestWait"_s},
    {WallboardFigure::AgentsFree, u"agentsFree"_s},
    {WallboardFigure::CallsPerMinute, u"callsPerMinute"_s},
    {WallboardFigure::AverageMos, u"averageMos"_s},
    {WallboardFigure::ActiveAlerts, u"activeAlerts"_s},
};

} // namespace

QList<WallboardFigure> WallboardLayout::allFigures()
{
    QList<WallboardFigure> all;
    for (const auto &[figure, name] : kFigures)
        all.append(figure);
    return all;
}

void WallboardLayout::setShown(WallboardFigure figure, bool shown)
{
    if (!shown) {
        if (figures.size() > 1)
            figures.removeAll(figure);
        return;
    }
    if (figures.contains(figure))
        return;
    figures.append(figure);
    std::sort(figures.begin(), figures.end());
}

WallboardLayout WallboardLayout::load()
{
    QSettings settings;
    settings.beginGroup(u"wallboard"_s);
    WallboardLayout layout;
    const QString grouping = settings.value(u"grouping"_s).toString();
    for (const auto &[value, name] : kGroupings) {
        if (name == grouping)
            layout.grouping = value;
    }
    if (settings.contains(u"figures"_s)) {
        const QStringList names = settings.value(u"figures"_s).toStringList();
        QList<WallboardFigure> figures;
        for (const auto &[value, name] : kFigures) {
            if (names.contains(name))
                figures.append(value);
        }
        if (!figures.isEmpty())
            layout.figures = figures;
    }
    layout.columns = std::clamp(settings.value(u"columns"_s, 0).toInt(), 0, kMaxColumns);
    layout.fontScale =
        std::clamp(settings.value(u"fontScale"_s, 1.0).toDouble(), kMinFontScale, kMaxFontScale);
    layout.dark = settings.value(u"dark"_s, true).toBool();
    return layout;
}

void WallboardLayout::save() const
{
    QSettings settings;
    settings.beginGroup(u"wallboard"_s);
    for (const auto &[value, name] : kGroupings) {
        if (value == grouping)
            settings.setValue(u"grouping"_s, name);
    }
    QStringList names;
    for (const auto &[value, name] : kFigures) {
        if (figures.contains(value))
            names.append(name);
    }
    settings.setValue(u"figures"_s, names);
    settings.setValue(u"columns"_s, columns);
    settings.setValue(u"fontScale"_s, fontScale);
    settings.setValue(u"dark"_s, dark);
    settings.endGroup();
    Console::syncPrivately(settings);
}

} // namespace Ui
