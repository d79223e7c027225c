#include "messagecodec.h"

#include <limits>

namespace Amqp::Detail {

QByteArray fieldText(const amqp_field_value_t &value)
{
    switch (value.kind) {
    case AMQP_FIELD_KIND_UTF8:
    case AMQP_FIELD_KIND_BYTES:
        return toByteArray(value.value.bytes);
    case AMQP_FIELD_KIND_BOOLEAN: return QByteArray::number(value.value.boolean ? 1 : 0);
    case AMQP_FIELD_KIND_I8: return QByteArray::number(value.value.i8);
    case AMQP_FIELD_KIND_U8: return QByteArray::number(value.value.u8);
    case AMQP_FIELD_KIND_I16: return QByteArray::number(value.value.i16);
    case AMQP_FIELD_KIND_U16: return QByteArray::number(value.value.u16);
    case AMQP_FIELD_KIND_I32: return QByteArray::number(value.value.i32);
    case AMQP_FIELD_KIND_U32: return QByteArray::number(value.value.u32);
    case AMQP_FIELD_KIND_I64: return QByteArray::number(qint64(value.value.i64));
    case AMQP_FIELD_KIND_U64:
    case AMQP_FIELD_KIND_TIMESTAMP: return QByteArray::number(quint64(value.value.u64));
    case AMQP_FIELD_KIND_F32: return QByteArray::number(double(value.value.f32));
    case AMQP_FIELD_KIND_F64: return QByteArray::number(value.value.f64);
    case AMQP_FIELD_KIND_DECIMAL: {
        QByteArray digits = QByteArray::number(value.value.decimal.value);
        const int places = value.value.decimal.decimals;
        if (places == 0 || places > 10)
            return digits;
        if (digits.size() <= places)
            digits.prepend(QByteArray(places - digits.size() + 1, '0'));
        digits.insert(digits.size() - places, '.');
        return digits;
    }
    case AMQP_FIELD_KIND_VOID: return QByteArray("");
    case AMQP_FIELD_KIND_TABLE: return QByteArray("(table)");
    case AMQP_FIELD_KIND_ARRAY: return QByteArray("(array)");
    default: return QByteArray("(unknown)");
    }
}

void readProperties(const amqp_basic_properties_t &properties, Message *out)
{
    if (properties._flags & AMQP_BASIC_CONTENT_TYPE_FLAG)
        out->contentType = toByteArray(properties.content_type);
    if ((properties._flags & AMQP_BASIC_TIMESTAMP_FLAG)
        && properties.timestamp <= quint64(std::numeric_limits<qint64>::max()))
        out->timestamp = qint64(properties.timestamp);
    if (!(properties._flags & AMQP_BASIC_HEADERS_FLAG))
        return;
    const amqp_table_t &table = properties.headers;
    out->headers.reserve(table.num_entries);
    for (int i = 0; i < table.num_entries; ++i) {
        const amqp_table_entry_t &entry = table.entries[i];
        Header header;
        header.name = toByteArray(entry.key);
        if (entry.value.kind == AMQP_FIELD_KIND_TIMESTAMP
            && entry.value.value.u64 <= quint64(std::numeric_limits<qint64>::max()))
            header.timestamp = qint64(entry.value.value.u64);
        else
            header.text = fieldText(entry.value);
        out->headers.append(std::move(header));
    }
}

PublishProperties::PublishProperties(const Message &message)
{
    if (!message.contentType.isEmpty()) {
        m_properties._flags |= AMQP_BASIC_CONTENT_TYPE_FLAG;
        m_properties.content_type = bytesOf(message.contentType);
    }
    if (message.timestamp >= 0) {
        m_properties._flags |= AMQP_BASIC_TIMESTAMP_FLAG;
        m_properties.timestamp = quint64(message.timestamp);
    }
    if (message.headers.isEmpty())
        return;
    m_entries.resize(size_t(message.headers.size()));
    for (qsizetype i = 0; i < message.headers.size(); ++i) {
        const Header &h = message.headers[i];
        amqp_table_entry_t &entry = m_entries[size_t(i)];
        entry.key = bytesOf(h.name);
        if (h.isTimestamp()) {
            entry.value.kind = AMQP_FIELD_KIND_TIMESTAMP;
            entry.value.value.u64 = quint64(h.timestamp);
        } else {
            entry.value.kind = AMQP_FIELD_KIND_UTF8;
            entry.value.value.bytes = bytesOf(h.text);
        }
    }
    m_properties._flags |= AMQP_BASIC_HEADERS_FLAG;
    m_properties.headers.num_entries = int(m_entries.size());
    m_properties.headers.entries = m_entries.data();
}

} // namespace Amqp::Detail
