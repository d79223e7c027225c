#pragma once
// eslcat through a RabbitMQ broker (mod_amqp, issue #18): `events`, `api` and `calls` given
// --amqp URL watch and steer the switches publishing to that broker instead of one Event Socket.
// The same monitor code as the window (BrokerConnection, one ServerMonitor per switch), the same
// output as over the Event Socket.

#include "monitorview.h"

#include "monitor/brokerconnection.h"
#include "monitor/filter.h"

#include <QCommandLineParser>
#include <QStringList>

#include <cstdio>
#include <optional>

namespace Eslcat {

struct AmqpOptions
{
    Amqp::ConnectionOptions connection;
    QStringList switches;   // --switch: the hostnames to watch (and to sync at once)
    QString commandKey;     // --command-key: a key, or a template with <hostname>
    int timeoutMs = 10000;  // per command
    int waitMs = 20000;     // calls --once without --switch: one HEARTBEAT interval
    bool watch = false;     // calls --watch
    QStringList commands;   // api
    QStringList events;     // events: Event-Names (empty: all)
    std::optional<Monitor::Filter> where;
};

// --amqp URL, --switch HOST (repeatable), --command-key KEY, and for calls --wait S.
void addAmqpOptions(QCommandLineParser &parser, bool withWait);
[[nodiscard]] bool wantsAmqp(const QCommandLineParser &parser);
// The options given; a usage error printed (and nullopt) when the URL or a value is bad.
[[nodiscard]] std::optional<AmqpOptions> amqpOptionsOrReport(const QCommandLineParser &parser);
// What a BrokerConnection is to watch for these options.
[[nodiscard]] Monitor::BrokerOptions brokerOptions(const AmqpOptions &options);

// eslcat api --amqp URL --switch HOST COMMAND...: exit statuses as over the Event Socket.
int runAmqpApi(const AmqpOptions &options, FILE *out, FILE *err);
// eslcat events --amqp URL [--switch HOST]... [EVENT...]: one JSON line per event (the decode
// schema; FreeSWITCH-Hostname says which switch) until SIGINT/SIGTERM.
int runAmqpEvents(const AmqpOptions &options, FILE *out, FILE *err);
// eslcat calls --amqp URL [--switch HOST]... [--once | --watch]: every switch's calls, one JSON
// object per call per line with the hostname as "server".
// `view`: what is printed of each switch (the calls; a panel's store: panelView()).
int runAmqpCalls(const AmqpOptions &options, FILE *out, FILE *err,
                 const MonitorView &view = callsView());

} // namespace Eslcat
