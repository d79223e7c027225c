#pragma once
// Routing keys as FreeSWITCH's mod_amqp writes them, so that a consumer can bind to exactly what
// a switch publishes (mod_amqp_utils.c amqp_util_encode, mod_amqp_producer.c, mod_amqp_logging.c).
//
//  - Events (TAP.Events): the producer's format_fields joined with '.'; Switchboard documents
//    the sample profile's `#FreeSWITCH,FreeSWITCH-Hostname,Event-Name,Event-Subclass,Unique-ID`,
//    so a key has exactly five parts and four dots: `FreeSWITCH.vm.CHANNEL_CREATE..<uuid>`,
//    `FreeSWITCH.vm.CUSTOM.conference%3A%3Amaintenance.<uuid>`. A missing header is an empty
//    part. The whole key is cut at 255 bytes.
//  - Log lines (TAP.Logging): `HOSTNAME.USERDATA.LEVEL.FILE`, FILE with its dots turned into
//    underscores and USERDATA `(null)` for a line without a session; these parts are not
//    escaped by mod_amqp.
//
// Escaping of one header value: A-Z a-z 0-9 - ~ _ are kept, '.' becomes %2E, ' ' becomes '+',
// every other byte %XX (upper-case hex); a value that is exactly "#" or "*" is kept as is.

#include <QByteArray>
#include <QByteArrayView>

namespace Amqp {

inline constexpr int maxRoutingKeyLength = 255;

[[nodiscard]] QByteArray escapeKeyPart(QByteArrayView value);

// The event key for the five fields above (empty views for missing headers), cut at 255 bytes.
[[nodiscard]] QByteArray eventRoutingKey(QByteArrayView hostname, QByteArrayView eventName,
                                         QByteArrayView subclass, QByteArrayView uniqueId);

// The five parts of an event key, unescaped where mod_amqp escaped them; false when the key does
// not have the FreeSWITCH.<host>.<event>.<subclass>.<uuid> shape.
struct EventKey
{
    QByteArray prefix; // "FreeSWITCH"
    QByteArray hostname;
    QByteArray eventName;
    QByteArray subclass;
    QByteArray uniqueId;
};
[[nodiscard]] bool parseEventRoutingKey(QByteArrayView key, EventKey *out);
[[nodiscard]] QByteArray unescapeKeyPart(QByteArrayView part);

// A binding key that matches the events of one switch (empty hostname: every switch) and one
// event name (empty: every event), e.g. "FreeSWITCH.vm.CHANNEL_ANSWER.#" or "FreeSWITCH.*.#".
[[nodiscard]] QByteArray eventBindingKey(QByteArrayView hostname = {},
                                         QByteArrayView eventName = {});

// `vm.<uuid>.NOTICE.switch_channel_c`; an empty uuid is written `(null)`.
[[nodiscard]] QByteArray logRoutingKey(QByteArrayView hostname, QByteArrayView uuid,
                                       QByteArrayView level, QByteArrayView file);
// The binding key for every log line of one switch (empty: of every switch): "vm.#" / "#".
[[nodiscard]] QByteArray logBindingKey(QByteArrayView hostname = {});

// The command routing key Switchboard asks each switch's mod_amqp command profile to bind:
// `switchboard.<escaped hostname>.api`.
[[nodiscard]] QByteArray commandRoutingKey(QByteArrayView hostname);

} // namespace Amqp
