#pragma once
// Sofia gateways with their state and ping status. (STUB: being written for issue #19.)

#include "panelstore.h"

namespace Monitor {

class GatewayStore : public PanelStore
{
    Q_OBJECT

public:
    explicit GatewayStore(QObject *parent = nullptr);
    ~GatewayStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("gateways"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_sofia"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"sofia::gateway_state"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;
};

} // namespace Monitor
