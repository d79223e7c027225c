#pragma once
// What a filter expression (and anything else that reads stored records) sees of one event or
// log line: its headers by name id, in order, and its body. The event store hands out views of
// its compact records; EslEventView adapts a decoded Esl::Event (eslcat --where, imports).
//
// Log lines are records too, with the headers of their log/data frame: Log-Level, Text-Channel,
// Log-File, Log-Func, Log-Line, User-Data, and the line as body.

#include "headernames.h"

#include "esl/wire/event.h"

#include <QByteArrayView>

#include <functional>

namespace Monitor {

class EventView
{
public:
    virtual ~EventView() = default;
    // The first value of the header, or a null view when it is missing.
    [[nodiscard]] virtual QByteArrayView value(NameId name) const = 0;
    // Every header in order; stops when `visit` returns false.
    virtual void forEachHeader(const std::function<bool(NameId, QByteArrayView)> &visit) const = 0;
    [[nodiscard]] virtual QByteArrayView body() const = 0;

    [[nodiscard]] bool has(NameId name) const { return !value(name).isNull(); }
};

class EslEventView final : public EventView
{
public:
    explicit EslEventView(const Esl::Event &event) : m_event(event) {}

    [[nodiscard]] QByteArrayView value(NameId name) const override;
    void forEachHeader(const std::function<bool(NameId, QByteArrayView)> &visit) const override;
    [[nodiscard]] QByteArrayView body() const override { return m_event.body(); }

private:
    const Esl::Event &m_event;
};

} // namespace Monitor
