#pragma once
// A switch reached over its Event Socket: a SwitchLink over one Esl::InboundClient, which
// connects, logs in, subscribes, reconnects with backoff and probes a silent switch. It can do
// everything a link can (api, bgapi, sendmsg execute, log lines, uuid_dump), and it reads and
// decodes on its owner's thread (see switchlink.h).
//
// It is also where a bgapi's or a sendmsg's acknowledgement is noticed: the switch answers
// commands in order, so a command just queued is acknowledged once as many replies have come as
// were pending with it (see watchAcknowledgement). The Session keeps one timeout for the
// acknowledgement and the result together; callers that want to bound only the first (a ringing
// phone or a long playback may take minutes, a silent switch must not) pass `accepted`.
//
// The only file of lib/monitor that names the Event Socket client: the rest of the monitor sees
// a SwitchLink.

#include "switchlink.h"

#include "esl/inboundclient.h"

namespace Monitor {

class EslSwitchLink : public SwitchLink
{
    Q_OBJECT

public:
    EslSwitchLink(const Esl::ConnectionOptions &options, const Esl::Subscription &subscription,
                  QObject *parent = nullptr);
    ~EslSwitchLink() override;

    [[nodiscard]] QString kind() const override;
    [[nodiscard]] QString describe() const override;
    [[nodiscard]] Capabilities capabilities() const override;
    [[nodiscard]] LinkState state() const override;
    [[nodiscard]] QString coreUuid() const override { return m_client.coreUuid(); }
    [[nodiscard]] Esl::Error lastError() const override { return m_client.lastError(); }
    [[nodiscard]] qint64 nextAttemptAt() const override { return m_client.nextAttemptAt(); }

    void start() override;
    void stop() override;
    void reconnectNow() override;

    // The raw client, for tests and benches that watch the wire (the Session's messages, why
    // events may have been missed). The monitor and the window use the SwitchLink only.
    [[nodiscard]] Esl::InboundClient *client() { return &m_client; }
    // The client under `link` when it is an Event Socket link, else null.
    [[nodiscard]] static Esl::InboundClient *clientOf(SwitchLink *link);

    [[nodiscard]] static LinkState linkState(Esl::InboundClient::State state);

Q_SIGNALS:
    // The transport needs the operator's decision (an unknown SSH host key, a certificate
    // nobody vouches for, or one that changed): the client's InboundClient::trustRequired.
    void trustRequired(const Esl::TrustRequest &request);

protected:
    QFuture<Esl::Reply> sendApi(const QString &command, int timeoutMs) override;
    QFuture<Esl::JobResult> sendBgapi(const QString &command, int timeoutMs,
                                      const Accepted &accepted) override;
    QFuture<Esl::ExecuteResult> sendExecute(const QString &application, const QString &argument,
                                            const Esl::ExecuteOptions &options,
                                            const Accepted &accepted) override;

private:
    // Calls `accepted` when the command just queued (whose result is `result`) is acknowledged;
    // the future returned finishes with `result`'s value.
    template<typename T>
    QFuture<T> watchAcknowledgement(QFuture<T> result, const Accepted &accepted);

    Esl::InboundClient m_client;
};

} // namespace Monitor
