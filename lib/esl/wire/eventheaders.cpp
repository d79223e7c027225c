#include "eventheaders.h"

#include "event.h"

#include <cstring>
#include <vector>

namespace Esl::detail {

namespace {

constexpr QByteArrayView kArray = "ARRAY::";

// libesl recurses here: each part is pushed with esl_event_add_header_string, which sends a part
// that still contains the marker back to esl_event_add_array. A value with the marker deep inside
// ("xxxx…ARRAY::y", 420 KB) took one level per seven bytes and overflowed the stack. The same
// parts come out in the same order from an explicit stack of what is left at each level. More
// than kMaxNesting descents make the event undecodable: no real event has any (the switch writes
// the marker at the start of a value, once), and each descent scans the rest, so the bound also
// keeps a 16 MB value from costing 16 MB times two million scans.
} // namespace

void ArrayPusher::push(QByteArrayView value)
{
    if (!m_joining && m_headers.indexOf(m_name) < 0 && !value.isEmpty() &&
        containsArrayMarker(value))
        split(value);
    else
        append(value);
}

void ArrayPusher::split(QByteArrayView value)
{
    if (value.size() < 8)
        return;
    std::vector<QByteArrayView> levels{value.sliced(7)};
    std::size_t descents = 0; // counted, not the stack's size: a last part leaves no level behind
    while (!levels.empty()) {
        const QByteArrayView rest = levels.back();
        const qsizetype sep = rest.indexOf("|:");
        const QByteArrayView part = sep < 0 ? rest : rest.first(sep);
        if (sep < 0)
            levels.pop_back();
        else
            levels.back() = rest.sliced(sep + 2);
        // push(part), with its recursion into split() made a new level.
        if (!m_joining && m_headers.indexOf(m_name) < 0 && !part.isEmpty() &&
            containsArrayMarker(part)) {
            if (++descents > std::size_t(kMaxNesting)) {
                m_tooDeep = true;
                return;
            }
            if (part.size() >= 8)
                levels.push_back(part.sliced(7));
            continue;
        }
        append(part);
    }
}

void ArrayPusher::append(QByteArrayView value)
{
    if (m_joining) {
        m_joined.append("|:");
        m_joined.append(value.data(), value.size());
        return;
    }
    const qsizetype existing = m_headers.indexOf(m_name);
    if (existing < 0) {
        if (value.isEmpty())
            m_headers.removeAll(m_name);
        else
            m_headers.append(m_name, value);
        return;
    }
    // libesl splits the header's value and joins it again with the new part at every push: a
    // JSON array of a million items made that quadratic. The parts are joined once, here, and
    // every later part appended; finish() stores the result.
    m_joined = "ARRAY::";
    for (const QByteArrayView part : splitArrayValue(m_headers.value(existing))) {
        m_joined.append(part.data(), part.size());
        m_joined.append("|:");
    }
    m_joined.append(value.data(), value.size());
    m_joining = true;
}

void ArrayPusher::finish()
{
    if (!m_joining)
        return;
    m_headers.setValue(m_headers.indexOf(m_name), m_joined);
    m_joining = false;
    m_joined.clear();
}

// Every plain header value is checked, and glibc's memmem sets up a two-way search each call,
// which cost more than decoding the value: look for the "::" with memchr instead (most values
// have no ':' at all) and check the five bytes before.
bool containsArrayMarker(QByteArrayView value)
{
    if (value.size() < kArray.size())
        return false;
    const char *const begin = value.data();
    const char *const last = begin + value.size() - 1; // a ':' here has no second ':' after it
    for (const char *p = begin + 5; p < last; ++p) {
        p = static_cast<const char *>(std::memchr(p, ':', size_t(last - p)));
        if (!p)
            return false;
        if (p[1] == ':' && std::memcmp(p - 5, kArray.data(), 5) == 0)
            return true;
    }
    return false;
}

bool addHeader(HeaderList &headers, QByteArrayView name, QByteArrayView value)
{
    if (isEventName(name))
        headers.removeAll(name);
    if (value.isEmpty()) {
        headers.removeAll(name);
    } else if (containsArrayMarker(value)) {
        ArrayPusher pusher(headers, name);
        pusher.splitAll(value);
        return pusher.ok();
    } else {
        headers.append(name, value);
    }
    return true;
}

bool fixUpLastHeader(HeaderList &headers)
{
    const qsizetype last = headers.size() - 1;
    const QByteArrayView name = headers.name(last);
    const QByteArrayView value = headers.value(last);
    const bool eventName = isEventName(name) && headers.indexOf(name) != last;
    if (!eventName && !value.isEmpty() && !containsArrayMarker(value))
        return true; // the common case: nothing to redo
    const QByteArray nameCopy = name.toByteArray();
    const QByteArray valueCopy = value.toByteArray();
    headers.removeLast();
    return addHeader(headers, nameCopy, valueCopy);
}

} // namespace Esl::detail
