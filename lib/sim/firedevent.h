#pragma once
// An event the simulated switch fired. Every listener that wants it gets the same bytes, so each
// format is serialized once, on first use, and shared.

#include "esl/wire/event.h"

#include <QByteArray>

#include <array>
#include <memory>
#include <optional>

namespace Sim {

class FiredEvent
{
public:
    explicit FiredEvent(Esl::Event event) : m_event(std::move(event)) {}

    [[nodiscard]] const Esl::Event &event() const { return m_event; }
    // The whole message as the switch sends it in `format`.
    [[nodiscard]] const QByteArray &bytes(Esl::Event::Format format) const;

private:
    Esl::Event m_event;
    mutable std::array<std::optional<QByteArray>, 3> m_bytes;
};

using FiredEventPtr = std::shared_ptr<const FiredEvent>;

} // namespace Sim
