#include "messagedecoder.h"

#include "esl/wire/jsonlines.h"

namespace Eslcat {

std::optional<MessageDecoder::Item> MessageDecoder::next()
{
    if (!m_parser.hasMessage())
        return std::nullopt;
    Item item{m_parser.takeMessage(), std::nullopt, std::nullopt};
    if (item.message.isEvent()) {
        Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(item.message);
        if (event)
            item.event = std::move(event).value();
        else
            item.eventError = event.error();
    }
    return item;
}

QByteArray MessageDecoder::jsonLine(const Item &item)
{
    QByteArray line = Esl::wire::toJsonLine(item.message, item.event ? &*item.event : nullptr);
    line.append('\n');
    return line;
}

} // namespace Eslcat
