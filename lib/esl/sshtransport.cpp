// Scaffold: to be replaced (issue #21). Fails every attempt, saying so.

#include "transport.h"

#include "inboundclient.h"

#include <QTimer>

namespace Esl {

namespace {

class StubSshTransport final : public Transport
{
public:
    using Transport::Transport;
    void open(const ConnectionOptions &) override
    {
        QTimer::singleShot(0, this, [this] {
            Q_EMIT failed(Error{Error::Code::Transport,
                                QStringLiteral("SSH is not built in yet"), -1},
                          false);
        });
    }
    void abort() override {}
    [[nodiscard]] QIODevice *device() const override { return nullptr; }
    [[nodiscard]] QString describe() const override { return QStringLiteral("SSH"); }
};

} // namespace

std::unique_ptr<Transport> makeSshTransport(QObject *parent)
{
    return std::make_unique<StubSshTransport>(parent);
}

std::optional<Error> acceptSshHostKey(const SshOptions &, const TrustRequest &)
{
    return Error{Error::Code::InvalidArgument, QStringLiteral("SSH is not built in yet"), -1};
}

} // namespace Esl
