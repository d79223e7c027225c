#pragma once
// What an inbound client asks the switch for: the event format, the event names (ALL, names,
// CUSTOM subclasses), filters and the log level. InboundClient applies it after every
// authentication, so a reconnect gets exactly the same stream back.
//
// The client needs some events for its own bookkeeping (BACKGROUND_JOB resolves bgapi,
// CHANNEL_EXECUTE_COMPLETE and CHANNEL_HANGUP_COMPLETE resolve execute). commands() asks for them
// too, and lets them through any filters; passes() then tells which events the user asked for,
// so the others are used for correlation without being shown.

#include "wire/event.h"

#include <QByteArrayList>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Esl {

struct Subscription
{
    Event::Format format = Event::Format::Plain;
    // "ALL", event names, or "CUSTOM <subclass>" entries. Empty: no events beyond those the
    // client needs itself.
    QStringList events = {QStringLiteral("ALL")};
    // Header/value pairs; once any exists, only events with a matching header pass. A value
    // written /like this/ is a regular expression, as in mod_event_socket.
    QList<std::pair<QString, QString>> filters;
    int logLevel = -1; // 0..7 for `log <level>`, -1 for none

    // The commands to send, in order, right after authentication.
    [[nodiscard]] QByteArrayList commands() const;
    // Whether the user asked for this event (as opposed to the client needing it).
    [[nodiscard]] bool passes(const Event &event) const;

    [[nodiscard]] static QByteArray formatName(Event::Format format);
    friend bool operator==(const Subscription &, const Subscription &) = default;
};

} // namespace Esl
