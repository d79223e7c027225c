// event_printer: connects to a switch's Event Socket (inbound mode), subscribes to every event
// and prints each one's name and channel as it arrives. The InboundClient authenticates,
// reconnects with backoff when the link drops and re-subscribes by itself.
//
//     event_printer [host] [port] [password]        (defaults: 127.0.0.1 8021 ClueCon)

#include "esl/inboundclient.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    Esl::ConnectionOptions options;
    if (args.size() > 1)
        options.host = args.at(1);
    if (args.size() > 2) {
        bool ok = false;
        const uint port = args.at(2).toUInt(&ok);
        if (!ok || port == 0 || port > 65535) {
            QTextStream(stderr) << "usage: event_printer [host] [port] [password]\n";
            return 2;
        }
        options.port = quint16(port);
    }
    if (args.size() > 3)
        options.password = args.at(3);

    Esl::InboundClient client(options);
    client.setSubscription(Esl::Subscription{}); // every event, plain

    QTextStream out(stdout);
    QTextStream err(stderr);
    QObject::connect(&client, &Esl::InboundClient::stateChanged, &client,
                     [&err](Esl::InboundClient::State state) {
                         err << "-- " << Esl::InboundClient::stateName(state) << Qt::endl;
                     });
    QObject::connect(
        &client, &Esl::InboundClient::errorOccurred, &client,
        [&err](const Esl::Error &error) { err << "-- " << error.toString() << Qt::endl; });
    QObject::connect(&client, &Esl::InboundClient::eventReceived, &client,
                     [&out](const Esl::Event &event) {
                         const QString channel = event.uniqueId();
                         out << event.name() << ' '
                             << (channel.isEmpty() ? QStringLiteral("-") : channel) << Qt::endl;
                     });
    client.connectToServer();
    return app.exec();
}
