#pragma once
// The sofia-registrations capture (tests/fixtures/real2) as a transcript: every message the
// switch sent, in order, each api/response paired with the api command of the .sent file that
// asked for it (replies come in the order commands went out). The store tests replay it.

#include "support/fixtures.h"

#include "esl/reply.h"
#include "monitor/panelstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QTest>

namespace TestSupport::SofiaCapture {

inline const QString kScenario = QStringLiteral("real2/sofia-registrations");

struct Step
{
    bool isEvent = false;
    Esl::Event event;
    QString command; // for an api/response: "sofia xmlstatus gateway"
    QByteArray body;
};

// The api commands of the .sent file, in order, without "api " and the blank line.
inline QStringList apiCommands()
{
    QStringList out;
    const QByteArray sent = readFixture(kScenario, QStringLiteral(".sent"));
    for (const QByteArray &line : sent.split('\n')) {
        const qsizetype at = line.indexOf(" SEND ");
        if (line.startsWith('#') || at < 0)
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + line.mid(at + 6) + "]");
        const QString text = doc.array().at(0).toString();
        if (text.startsWith(u"api "))
            out.append(text.mid(4).trimmed());
    }
    return out;
}

inline QList<Step> steps()
{
    const QStringList commands = apiCommands();
    QList<Step> out;
    int api = 0;
    for (const Esl::Message &m : parseAll(readFixture(kScenario, QStringLiteral(".esl")))) {
        if (m.contentType() == "api/response") {
            out.append(Step{false, {}, commands.value(api++), m.body()});
        } else if (m.isEvent()) {
            if (auto e = Esl::Event::fromMessage(m))
                out.append(Step{true, *e, {}, {}});
        }
    }
    return out;
}

// The body the switch answered to the `n`th (from 0) time `command` was sent.
inline QByteArray replyTo(const QString &command, int n = 0)
{
    for (const Step &s : steps()) {
        if (!s.isEvent && s.command == command && n-- == 0)
            return s.body;
    }
    QTest::qFail(qPrintable(QStringLiteral("no reply to %1").arg(command)), __FILE__, __LINE__);
    return {};
}

// `sofia xmlstatus profile internal reg` at the capture's start. The capture asked `sofia status
// profile internal reg` (text) instead; this is the same registration written as mod_sofia.c's
// show_reg_callback_xml writes it (FreeSWITCH 1.10.12), with the values of that text listing.
inline QByteArray profileRegXml()
{
    return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
           "<profile>\n"
           "  <registrations>\n"
           "    <registration>\n"
           "        <call-id>b2f8ea10-95fe-4bf9-b00b-638190cc12b8</call-id>\n"
           "        <user>1000@127.0.0.1</user>\n"
           "        <contact>&quot;&quot; &lt;sip:gw+loopreg@127.0.0.1:5090;transport=udp;"
           "gw=loopreg&gt;</contact>\n"
           "        <agent>FreeSWITCH-mod_sofia/1.10.12-release+git~20240802T210227Z~a88d069d6f~"
           "64bit</agent>\n"
           "        <status>Registered(UDP)(unknown) exp(2026-12-06 17:40:15) expsecs(104)"
           "</status>\n"
           "        <ping-status>Reachable</ping-status>\n"
           "        <ping-time>0.00</ping-time>\n"
           "        <host>vm</host>\n"
           "        <network-ip>127.0.0.1</network-ip>\n"
           "        <network-port>5090</network-port>\n"
           "        <sip-auth-user>1000</sip-auth-user>\n"
           "        <sip-auth-realm>127.0.0.1</sip-auth-realm>\n"
           "        <mwi-account>1000@127.0.0.1</mwi-account>\n"
           "    </registration>\n"
           "  </registrations>\n"
           "</profile>\n";
}

inline Esl::Reply apiReply(const QByteArray &body)
{
    Esl::HeaderList headers;
    headers.append("Content-Type", "api/response");
    headers.append("Content-Length", QByteArray::number(body.size()));
    return Esl::Reply(Esl::Message(std::move(headers), body, true));
}

// A PanelStore::Api answering from a table of command -> body (and recording what was asked).
struct ScriptedApi
{
    QHash<QString, QByteArray> answers;
    QStringList asked;

    Monitor::PanelStore::Api api()
    {
        return [this](const QString &command) {
            asked.append(command);
            QPromise<Esl::Reply> promise;
            promise.start();
            const auto it = answers.constFind(command);
            promise.addResult(it == answers.cend()
                                  ? apiReply("-ERR " + command.toUtf8() + " Command not found!\n")
                                  : apiReply(*it));
            promise.finish();
            return promise.future();
        };
    }
};

} // namespace TestSupport::SofiaCapture
