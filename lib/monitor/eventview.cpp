#include "eventview.h"

namespace Monitor {

QByteArrayView EslEventView::value(NameId name) const
{
    const QByteArray text = HeaderNames::instance().name(name);
    if (text.isEmpty())
        return {};
    const QByteArrayView found = m_event.headers().value(text);
    // A present header with an empty value must still read as present.
    return found.isNull() ? QByteArrayView() : (found.isEmpty() ? QByteArrayView("", 0) : found);
}

void EslEventView::forEachHeader(const std::function<bool(NameId, QByteArrayView)> &visit) const
{
    const Esl::HeaderList &headers = m_event.headers();
    HeaderNames &names = HeaderNames::instance();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (!visit(names.intern(headers.name(i)), headers.value(i)))
            return;
    }
}

} // namespace Monitor
