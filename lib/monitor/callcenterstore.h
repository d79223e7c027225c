#pragma once
// Call-center queues, agents, tiers and waiting members, from mod_callcenter. (STUB: being written for issue #19.)

#include "panelstore.h"

namespace Monitor {

class CallCenterStore : public PanelStore
{
    Q_OBJECT

public:
    explicit CallCenterStore(QObject *parent = nullptr);
    ~CallCenterStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("queues"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_callcenter"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"callcenter::info"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;
};

} // namespace Monitor
