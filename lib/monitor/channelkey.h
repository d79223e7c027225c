#pragma once
// A channel across servers: the server the hub knows it by and its uuid. What the window, call
// control and the stores name a channel by.

#include "monitor/eventstore.h"

#include <QHashFunctions>
#include <QString>

namespace Monitor {

struct ChannelKey
{
    ServerId server = 0;
    QString uuid;

    [[nodiscard]] bool isValid() const { return server != 0 && !uuid.isEmpty(); }
    friend bool operator==(const ChannelKey &, const ChannelKey &) = default;
    friend size_t qHash(const ChannelKey &key, size_t seed = 0)
    {
        return qHashMulti(seed, key.server, key.uuid);
    }
};

} // namespace Monitor
