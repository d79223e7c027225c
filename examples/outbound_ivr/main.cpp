// outbound_ivr: a tiny IVR on the outbound Event Socket. Point a dialplan extension at it
//
//     <extension name="ivr">
//       <condition field="destination_number" expression="^5555$">
//         <action application="socket" data="127.0.0.1:8084 async full"/>
//       </condition>
//     </extension>
//
// and run `outbound_ivr 8084 [fallback-extension] [context]`. Each call is answered, hears a
// tone, is asked for digits (play_and_get_digits keeps them in the channel variable
// ivr_digits) and is transferred to the extension it keyed in — or to the fallback extension
// (1000) when it keyed in nothing. Every step is one sendmsg execute; the next one starts from
// the previous one's future with .then(call, ...), so nothing ever blocks the event loop.

#include "esl/outboundserver.h"

#include <QCoreApplication>
#include <QPromise>
#include <QTextStream>

namespace {

struct Settings
{
    QString fallbackExtension = QStringLiteral("1000");
    QString context = QStringLiteral("default");
};

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

void say(const Esl::OutboundSession *call, const QString &text)
{
    out() << '[' << call->uniqueId().left(8) << "] " << text << Qt::endl;
}

// A future that already holds `result` (Qt 6.4 has no QtFuture::makeReadyValueFuture).
QFuture<Esl::ExecuteResult> alreadyFinished(const Esl::ExecuteResult &result)
{
    QPromise<Esl::ExecuteResult> promise;
    promise.start();
    promise.addResult(result);
    promise.finish();
    return promise.future();
}

// One step of the call: when the previous application succeeded, `next` starts the following
// one; a failure (the caller hung up, an application was refused) is passed along untouched, so
// the steps after it do nothing and the last one reports it.
template<typename Next> auto whenDone(Next next)
{
    return [next](const Esl::ExecuteResult &previous) {
        return previous.ok() ? next(previous) : alreadyFinished(previous);
    };
}

void runCall(Esl::OutboundSession *call, const Settings &settings)
{
    const Esl::Event &channel = call->channelData();
    say(call, QStringLiteral("call from %1 to %2")
                  .arg(channel.text("Caller-Caller-ID-Number"),
                       channel.text("Caller-Destination-Number")));

    call->execute(QStringLiteral("answer"))
        .then(call, whenDone([call](const Esl::ExecuteResult &) {
                  say(call, QStringLiteral("answered; playing a tone"));
                  return call->execute(QStringLiteral("playback"),
                                       QStringLiteral("tone_stream://%(500,0,440)"));
              }))
        .unwrap()
        .then(call, whenDone([call](const Esl::ExecuteResult &) {
                  say(call, QStringLiteral("asking for digits"));
                  // min max tries timeout terminators prompt invalid-prompt variable regexp
                  // digit-timeout
                  return call->execute(QStringLiteral("play_and_get_digits"),
                                       QStringLiteral("1 5 3 5000 # tone_stream://%(100,50,660) "
                                                      "silence_stream://250 ivr_digits \\d+ 3000"));
              }))
        .unwrap()
        .then(call, whenDone([call, settings](const Esl::ExecuteResult &collected) {
                  // The completion event carries the channel's variables.
                  const QString digits = collected.completions().last().variable("ivr_digits");
                  const QString target = digits.isEmpty() ? settings.fallbackExtension : digits;
                  say(call, digits.isEmpty()
                                ? QStringLiteral("no digits; transferring to %1").arg(target)
                                : QStringLiteral("keyed in %1; transferring").arg(digits));
                  return call->execute(QStringLiteral("transfer"),
                                       QStringLiteral("%1 XML %2").arg(target, settings.context));
              }))
        .unwrap()
        .then(call, [call](const Esl::ExecuteResult &transferred) {
            say(call, transferred.ok()
                          ? QStringLiteral("transferred")
                          : QStringLiteral("stopped: %1").arg(transferred.errorText()));
        });
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool ok = false;
    const uint port = args.size() > 1 ? args.at(1).toUInt(&ok) : 0;
    if (!ok || port > 65535) {
        QTextStream(stderr) << "usage: outbound_ivr <port> [fallback-extension] [context]\n";
        return 2;
    }
    Settings settings;
    if (args.size() > 2)
        settings.fallbackExtension = args.at(2);
    if (args.size() > 3)
        settings.context = args.at(3);

    Esl::OutboundServer server;
    if (!server.listen(QHostAddress::LocalHost, quint16(port))) {
        QTextStream(stderr) << "cannot listen on port " << port << ": " << server.errorString()
                            << '\n';
        return 1;
    }
    out() << "waiting for calls on 127.0.0.1:" << server.serverPort() << Qt::endl;

    QObject::connect(&server, &Esl::OutboundServer::sessionReady, &server,
                     [&settings](Esl::OutboundSession *call) {
                         QObject::connect(call, &Esl::OutboundSession::finished, call,
                                          [call] { say(call, QStringLiteral("call over")); });
                         runCall(call, settings);
                     });
    QObject::connect(&server, &Esl::OutboundServer::sessionFailed, &server,
                     [](Esl::OutboundSession *, const Esl::Error &error) {
                         out() << "a call could not be set up: " << error.toString() << Qt::endl;
                     });
    return app.exec();
}
