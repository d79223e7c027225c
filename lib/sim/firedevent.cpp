#include "firedevent.h"

namespace Sim {

const QByteArray &FiredEvent::bytes(Esl::Event::Format format) const
{
    std::optional<QByteArray> &slot = m_bytes[size_t(format)];
    if (!slot)
        slot = m_event.toMessage(format);
    return *slot;
}

} // namespace Sim
