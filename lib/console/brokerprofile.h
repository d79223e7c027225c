#pragma once
// The RabbitMQ (mod_amqp) side of a connection profile: checking what the operator typed for a
// broker (the URL, which must not hold the password; the switches and events to watch; the
// command key), turning the profile into the options of a Monitor::BrokerConnection, and the
// lists' text form ("vm1, vm2") that the editor shows and the settings file keeps.

#include "console/profile.h"

#include "monitor/brokerconnection.h"

namespace Console {

// The kind's name as the window shows it: "Event Socket", "RabbitMQ (mod_amqp)".
[[nodiscard]] QString profileKindName(ProfileKind kind);

// Why `url` cannot be used for a broker profile (Amqp::ConnectionOptions::fromUrl's error, or a
// password written in it); empty when it can.
[[nodiscard]] QString brokerUrlProblem(const QString &url);
// Every problem of the broker fields, each naming its field.
[[nodiscard]] QList<ProfileProblem> validateBrokerSettings(const BrokerSettings &broker);

// The options a BrokerConnection is made with: the URL's, with `profile.password`, the CA file
// and verification, the switches and events to watch and the command key. Call it with a profile
// that validates.
[[nodiscard]] Monitor::BrokerOptions toBrokerOptions(const Profile &profile);

// "vm1, vm2": names in the order given. splitNames takes commas, spaces or line ends between them
// and drops empty ones and repeats.
[[nodiscard]] QString joinNames(const QStringList &names);
[[nodiscard]] QStringList splitNames(const QString &text);

} // namespace Console
