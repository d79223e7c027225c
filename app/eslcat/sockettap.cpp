#include "sockettap.h"

namespace Eslcat {

SocketTap::SocketTap(Esl::InboundClient *client, QObject *parent) : QObject(parent)
{
    Esl::Session *session = client->session();
    connect(session, &Esl::Session::stateChanged, this, [this](Esl::Session::State state) {
        if (state == Esl::Session::State::Open)
            Q_EMIT streamStarted();
    });
    connect(session, &Esl::Session::dataReceived, this,
            [this](QByteArrayView chunk) { Q_EMIT bytesReceived(chunk.toByteArray()); });
}

} // namespace Eslcat
