#pragma once
// Which events one Event Socket connection gets: mod_event_socket's event_handler() decision as a
// value class. It holds what `event`, `nixevent`, `noevents`, `filter` and `myevents` set up and
// answers passes(event) the way the switch does:
//
// 1. the event's type is subscribed (`event ... ALL` takes everything; a CUSTOM event needs its
//    subclass subscribed too, so a bare `CUSTOM` matches nothing),
// 2. once any filter exists, only an event with a header matching a filter passes. A value
//    written /like this/flags is a PCRE-style search (flags i and s); otherwise it is compared
//    without regard to case. A value prefixed with '-' drops the events it matches, '+' (the
//    default) lets them through; a '-' filter wins over any '+' one,
// 3. with `myevents`, only events of the controlled channel (Unique-ID) pass, plus a
//    BACKGROUND_JOB whose Job-Owner-UUID is that channel.

#include "esl/wire/event.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QSet>

#include <optional>

namespace Sim {

class EventGate
{
public:
    // The names the switch knows (switch_event.c EVENT_NAMES, 1.10.12), ALL last.
    [[nodiscard]] static const QList<QByteArray> &eventNames();
    // switch_name_event: case-insensitive, "SWITCH_EVENT_" prefix allowed. Empty when unknown.
    [[nodiscard]] static QByteArray canonicalName(QByteArrayView name);

    // Subscription. subscribe()/unsubscribe() take one known canonical name each.
    void subscribe(const QByteArray &name);
    void unsubscribe(const QByteArray &name);
    void subscribeSubclass(const QByteArray &subclass);
    void unsubscribeSubclass(const QByteArray &subclass);
    // `event ... ALL` also subscribes every CUSTOM subclass (the switch adds all registered ones).
    void subscribeAllSubclasses() { m_allSubclasses = true; }
    // `noevents`: nothing subscribed, subclasses forgotten.
    void clearSubscriptions();
    [[nodiscard]] bool isSubscribed(QByteArrayView eventName, QByteArrayView subclass) const;

    // Filters, in the order they were added (repeats allowed).
    void addFilter(const QByteArray &header, const QByteArray &value);
    // A null value deletes every filter on the header; otherwise only exact matches.
    void deleteFilter(QByteArrayView header, const std::optional<QByteArray> &value);
    void deleteAllFilters() { m_filters.clear(); }
    [[nodiscard]] qsizetype filterCount() const { return m_filters.size(); }
    [[nodiscard]] bool passesFilters(const Esl::Event &event) const;

    // `myevents`: an empty uuid (no channel found) lets every event with a Unique-ID through,
    // as the switch does.
    void setMyEvents(const QString &uuid);
    [[nodiscard]] bool myEvents() const { return m_myEvents; }
    [[nodiscard]] bool passesMyEvents(const Esl::Event &event) const;

    [[nodiscard]] bool passes(const Esl::Event &event) const;

private:
    struct Filter
    {
        QByteArray header;
        QByteArray value; // as given, with its +/- prefix
        bool positive = true;
        bool isRegex = false;
        QByteArray compared; // the value without its prefix
        QRegularExpression regex;
    };

    bool m_all = false;
    QSet<QByteArray> m_names;
    bool m_allSubclasses = false;
    QSet<QByteArray> m_subclasses;
    QSet<QByteArray> m_removedSubclasses; // nixed after subscribeAllSubclasses()
    QList<Filter> m_filters;
    bool m_myEvents = false;
    QByteArray m_myUuid;
};

} // namespace Sim
