#include "eventheaders.h"

#include "event.h"

#include <cstring>

namespace Esl::detail {

namespace {

constexpr QByteArrayView kArray = "ARRAY::";

void addArray(HeaderList &headers, QByteArrayView name, QByteArrayView value)
{
    if (value.size() < 8)
        return;
    QByteArrayView rest = value.sliced(7);
    for (;;) {
        const qsizetype sep = rest.indexOf("|:");
        pushHeader(headers, name, sep < 0 ? rest : rest.first(sep));
        if (sep < 0)
            return;
        rest = rest.sliced(sep + 2);
    }
}

} // namespace

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

void pushHeader(HeaderList &headers, QByteArrayView name, QByteArrayView value)
{
    const qsizetype existing = headers.indexOf(name);
    if (existing < 0) {
        if (value.isEmpty())
            headers.removeAll(name);
        else if (containsArrayMarker(value))
            addArray(headers, name, value);
        else
            headers.append(name, value);
        return;
    }
    QByteArray joined = "ARRAY::";
    for (const QByteArrayView part : splitArrayValue(headers.value(existing))) {
        joined.append(part.data(), part.size());
        joined.append("|:");
    }
    joined.append(value.data(), value.size());
    headers.setValue(existing, joined);
}

void addHeader(HeaderList &headers, QByteArrayView name, QByteArrayView value)
{
    if (isEventName(name))
        headers.removeAll(name);
    if (value.isEmpty())
        headers.removeAll(name);
    else if (containsArrayMarker(value))
        addArray(headers, name, value);
    else
        headers.append(name, value);
}

void fixUpLastHeader(HeaderList &headers)
{
    const qsizetype last = headers.size() - 1;
    const QByteArrayView name = headers.name(last);
    const QByteArrayView value = headers.value(last);
    const bool eventName = isEventName(name) && headers.indexOf(name) != last;
    if (!eventName && !value.isEmpty() && !containsArrayMarker(value))
        return; // the common case: nothing to redo
    const QByteArray nameCopy = name.toByteArray();
    const QByteArray valueCopy = value.toByteArray();
    headers.removeLast();
    addHeader(headers, nameCopy, valueCopy);
}

} // namespace Esl::detail
