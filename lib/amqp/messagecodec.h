#pragma once
// Amqp::Message to and from rabbitmq-c's basic properties. Reading copies everything out of the
// library's buffers (they are recycled after each message); header values become text, one
// level deep: a nested table or array is named, never walked, so no input drives recursion here.

#include "message.h"

#include <amqp.h>

#include <vector>

namespace Amqp::Detail {

// Fills content type, timestamp and headers of `out` from a header frame's properties.
void readProperties(const amqp_basic_properties_t &properties, Message *out);

// The text of one header value ("(table)" / "(array)" for nested ones).
[[nodiscard]] QByteArray fieldText(const amqp_field_value_t &value);

// Basic properties for publishing `message`; points into `message`, which must outlive it.
class PublishProperties
{
public:
    explicit PublishProperties(const Message &message);
    [[nodiscard]] const amqp_basic_properties_t *get() const { return &m_properties; }

private:
    amqp_basic_properties_t m_properties{};
    std::vector<amqp_table_entry_t> m_entries;
};

[[nodiscard]] inline amqp_bytes_t bytesOf(const QByteArray &data)
{
    return amqp_bytes_t{size_t(data.size()), const_cast<char *>(data.constData())};
}

[[nodiscard]] inline QByteArray toByteArray(amqp_bytes_t bytes)
{
    return QByteArray(static_cast<const char *>(bytes.bytes), qsizetype(bytes.len));
}

} // namespace Amqp::Detail
