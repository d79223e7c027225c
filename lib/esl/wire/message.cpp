#include "message.h"

namespace Esl {

bool Message::isEvent() const
{
    const QByteArrayView type = contentType();
    return type == ContentType::EventPlain || type == ContentType::EventJson ||
           type == ContentType::EventXml;
}

} // namespace Esl
