#pragma once
// mod_sofia's listing replies, parsed: `show registrations as json` (mod_commands over the
// core's registrations table), `sofia xmlstatus profile <name> reg` (the registrar's own table,
// the only listing with the user agent) and `sofia xmlstatus gateway [<name>]`. Plain value
// types and functions, no QObject: the stores, the simulator's tests and the fuzz cases call
// them alike.
//
// Every parser is bounded (PanelStore::kMaxRows rows, a body of at most kMaxListingBytes) and
// iterative (QXmlStreamReader is read as a flat token stream; JSON is at most two levels deep
// here), and answers a clear reason when the body is not what a real switch sends.

#include "esl/wire/error.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Monitor::Sofia {

inline constexpr qsizetype kMaxListingBytes = 32 * 1024 * 1024;

// One registration of the registrar (mod_sofia's sip_registrations, the core's registrations).
struct Registration
{
    QString profile; // the sofia profile that took it ("internal")
    QString user;    // the registered user (reg_user, to-user)
    QString realm;   // its domain (realm, to-host)
    QString callId;  // the REGISTER's Call-ID: the registration's identity
    QString contact; // the contact URI, without display name or angle brackets
    QString userAgent;
    QString networkIp;
    QString networkPort;
    QString networkProto; // "udp", "tcp", "tls", "ws", "wss"
    QString status;       // "Registered(UDP)"
    QString pingStatus;   // "Reachable" (from xmlstatus only)
    QString hostname;     // the switch that holds it
    qint64 expiresAtMs = 0; // when the registrar drops it, ms since the epoch (its clock)
    qint64 changedAtMs = 0; // when this console saw it appear or change; 0: before the first sync

    [[nodiscard]] QString aor() const { return user + u'@' + realm; }
};

// One gateway (a sofia_gateway_t).
struct Gateway
{
    QString name; // unique across profiles (sofia_reg_find_gateway looks them up by name alone)
    QString profile;
    QString proxy;
    QString to; // register_to: what `sofia status` shows as Data
    QString username;
    QString realm;
    QString state;      // sofia_state_names: UNREGED TRYING REGISTER REGED UNREGISTER FAILED
                        // FAIL_WAIT EXPIRED NOREG DOWN TIMEOUT
    QString pingStatus; // "UP" / "DOWN" (xmlstatus <status>, the event's Ping-Status)
    QString status;     // the last REGISTER answer's code ("503"), from events only
    QString phrase;     // and its phrase ("Service Unavailable")
    QString pingTime;   // ms, as the switch writes it ("1.76")
    QString retry;      // "5s" or "NEVER" while failing (xmlstatus <retry>)
    qint64 upSinceMs = 0;   // from uptime-usec while the gateway is UP
    qint64 changedAtMs = 0; // its state or ping last changed; 0: not known (before a sync)
    int callsIn = 0;
    int callsOut = 0;
    int failedCallsIn = 0;
    int failedCallsOut = 0;
};

// The body of `show registrations as json`. Empty is `{"row_count": 0}` (with a space and no
// rows key); a row's url is "sofia/<profile>/<contact>" and its expires is epoch seconds.
[[nodiscard]] Esl::Expected<QList<Registration>> parseRegistrationsJson(QByteArrayView body);

// The body of `sofia xmlstatus profile <name> reg`: <profile><registrations><registration>…
// ("Invalid Profile!" when there is no such profile). Its status reads
// "Registered(UDP)(unknown) exp(2026-12-06 17:40:15) expsecs(104)": expiresAtMs is nowMs plus
// expsecs (the local-time exp() names no zone).
[[nodiscard]] Esl::Expected<QList<Registration>> parseProfileRegistrationsXml(
    QByteArrayView body, const QString &profile, qint64 nowMs);

// The body of `sofia xmlstatus gateway` (<gateways><gateway>…) or `sofia xmlstatus gateway
// NAME` (one <gateway> with no enclosing element; "Invalid Gateway!" when unknown).
[[nodiscard]] Esl::Expected<QList<Gateway>> parseGatewaysXml(QByteArrayView body, qint64 nowMs);

// "Registered(UDP)" -> "udp"; "" when there is no transport in it.
[[nodiscard]] QString protoOfStatus(const QString &status);
// `"" <sip:1000@host;transport=udp>` -> "sip:1000@host;transport=udp".
[[nodiscard]] QString bareContact(const QString &contact);
// Whether `name` can stand in a sofia command line as one word (profile and gateway names).
[[nodiscard]] bool isPlainName(QStringView name);

} // namespace Monitor::Sofia
