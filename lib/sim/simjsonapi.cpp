// `api json <request>`: mod_commands.c json_function and the json apis it dispatches to through
// switch_loadable_module.c switch_json_api_execute (FreeSWITCH 1.10.12):
//
// - no argument: "-ERR No JSON supplied.\n"; not JSON: "-ERR Parse error.\n";
// - otherwise the request itself comes back, printed by cJSON (compact, its keys in the order
//   given), with "status" ("success" or "error"), for an error "message", and "response" added
//   after them, and a newline;
// - a command it does not know, or a request without "data": "Invalid request or non-existant
//   command" with a null response;
// - mediaStats (json_stats_function): {"audio":{...}} for a channel with an RTP session, {} for
//   one without (loopback/* has no media handle; a SIP leg not answered yet has no RTP session),
//   {"response":"Session does not exist"} for an unknown uuid and {"response":"INVALID INPUT"}
//   without one, both with status error and "The command returned an error".

#include "channel.h"
#include "simrtp.h"
#include "simswitch.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Sim {

namespace {

// The request as cJSON_PrintUnformatted prints what it parsed: the same text without the
// whitespace between tokens.
QByteArray compact(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            out += c;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            out += c;
        }
    }
    return out;
}

// The request with members added at its end (cJSON_AddItemToObject appends).
QByteArray withMembers(const QByteArray &request, const QByteArray &members)
{
    QByteArray out = request.left(request.size() - 1); // without its closing brace
    if (out.size() > 1)
        out += ',';
    return out + members + "}\n";
}

} // namespace

QByteArray Switch::jsonApi(const QString &requestText)
{
    if (requestText.isEmpty())
        return "-ERR No JSON supplied.\n";
    const QByteArray raw = requestText.toUtf8();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(raw, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return "-ERR Parse error.\n";
    const QJsonObject request = document.object();
    const QString command = request.value(QStringLiteral("command")).toString();

    if (command == u"status") {
        QJsonObject sessions{
            {QStringLiteral("count"),
             QJsonObject{{QStringLiteral("total"), double(m_sessionsSinceStartup)},
                         {QStringLiteral("active"), double(m_channels.size())},
                         {QStringLiteral("peak"), double(m_peakSessions)},
                         {QStringLiteral("limit"), double(m_config.maxSessions)}}}};
        QJsonObject response{
            {QStringLiteral("systemStatus"), QStringLiteral("ready")},
            {QStringLiteral("uptime"), QJsonObject{{QStringLiteral("msec"), double(uptimeMs())}}},
            {QStringLiteral("version"),
             QStringLiteral("1.10.12-release git a88d069 2024-08-02 21:02:27Z 64bit")},
            {QStringLiteral("sessions"), sessions}};
        QJsonObject reply{{QStringLiteral("command"), QStringLiteral("status")},
                          {QStringLiteral("data"), request.value(QStringLiteral("data"))},
                          {QStringLiteral("status"), QStringLiteral("success")},
                          {QStringLiteral("response"), response}};
        return QJsonDocument(reply).toJson(QJsonDocument::Compact);
    }

    const QByteArray echoed = compact(raw);
    if (command != u"mediaStats" || !request.contains(QStringLiteral("data"))) {
        return withMembers(echoed, R"("status":"error","message":"Invalid request or )"
                                   R"(non-existant command","response":null)");
    }
    const QJsonValue uuidValue = request.value(QStringLiteral("data"))
                                     .toObject()
                                     .value(QStringLiteral("uuid"));
    const QString uuid = uuidValue.isString() ? uuidValue.toString() : QString();
    const QByteArray failed = R"("status":"error","message":"The command returned an error",)";
    if (uuid.isEmpty())
        return withMembers(echoed, failed + R"("response":{"response":"INVALID INPUT"})");
    Channel *c = channel(uuid);
    if (!c)
        return withMembers(echoed, failed + R"("response":{"response":"Session does not exist"})");
    // json_stats_function runs switch_core_media_set_stats first: the variables change too.
    m_rtp->setStats(*c);
    const QByteArray audio = m_rtp->audioJson(uuid);
    return withMembers(echoed, R"("status":"success","response":{)" +
                                   (audio.isEmpty() ? QByteArray() : "\"audio\":" + audio) +
                                   '}');
}

} // namespace Sim
