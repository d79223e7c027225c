#pragma once
// Why a TCP connection to host:port fails, as an errno value. rabbitmq-c reports every failed
// connect as "a socket error" (it reads SO_ERROR and drops it), so when it fails the worker asks
// once more itself, to tell the operator "connection refused" rather than nothing.

#include <QString>

namespace Amqp::Detail {

// 0 when the connection succeeds now; ETIMEDOUT when nothing answered within timeoutMs.
[[nodiscard]] int probeConnectError(const QString &host, quint16 port, int timeoutMs);

} // namespace Amqp::Detail
