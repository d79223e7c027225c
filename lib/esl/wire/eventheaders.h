#pragma once
// How libesl builds an event from the lines of text/event-plain and the keys of text/event-json.
// The fixtures' expected decodings are libesl's, quirks included, so the plain and json decoders
// add every header through here:
//  - a second Event-Name replaces the first (the switch re-fires a COMMAND event as
//    PRIVATE_COMMAND carrying both header sets);
//  - an empty value deletes the header instead of adding it;
//  - a value that contains "ARRAY::" anywhere is split on "|:" after skipping its first seven
//    bytes (esl_event_add_array), and the parts are pushed onto the header, merging with an
//    existing header of the same name. "ARRAY::a|:b" therefore round-trips, and a value such as
//    "<uuid> var ARRAY::one|:two" comes out as libesl shows it.

#include "headerlist.h"
#include "printable.h"

namespace Esl::detail {

// Pushes values onto one header as ESL_STACK_PUSH does, each in turn (the items of a json
// array), without recursion and in linear time: call finish() after the last.
class ArrayPusher
{
public:
    ArrayPusher(HeaderList &headers, QByteArrayView name) : m_headers(headers), m_name(name) {}
    void push(QByteArrayView value);
    // esl_event_add_array: the parts of "ARRAY::a|:b" pushed in turn, then finish().
    void splitAll(QByteArrayView value)
    {
        split(value);
        finish();
    }
    void finish();
    // False once a value nested the marker deeper than any event has (the header is left as it
    // was before that value): the event is undecodable.
    [[nodiscard]] bool ok() const { return !m_tooDeep; }
    static constexpr int kMaxNesting = 16;

private:
    void split(QByteArrayView value);
    void append(QByteArrayView value);

    HeaderList &m_headers;
    QByteArrayView m_name;
    QByteArray m_joined; // the header's value while parts are pushed onto an existing one
    bool m_joining = false;
    bool m_tooDeep = false;
};

// Adds a decoded value as esl_event_add_header_string(ESL_STACK_BOTTOM) does. False: the value
// nests the array marker too deep (ArrayPusher::ok).
[[nodiscard]] bool addHeader(HeaderList &headers, QByteArrayView name, QByteArrayView value);
// The last entry was appended as-is; redo it the libesl way if it needs any of the rules above.
[[nodiscard]] bool fixUpLastHeader(HeaderList &headers);
// Whether "ARRAY::" occurs anywhere in `value` (the third rule).
[[nodiscard]] bool containsArrayMarker(QByteArrayView value);

// The decode error's text for a value that nests the marker too deep.
[[nodiscard]] inline QString arrayTooDeep(QByteArrayView name)
{
    return QStringLiteral("header %1: ARRAY:: nested more than %2 levels deep")
        .arg(wire::printable(name, {.maxChars = 64}))
        .arg(ArrayPusher::kMaxNesting);
}

[[nodiscard]] inline bool isEventName(QByteArrayView name)
{
    return name.size() == 10 && equalsIgnoringCase(name, "Event-Name");
}

} // namespace Esl::detail
