#pragma once
// Registered users per sofia profile. (STUB: being written for issue #19.)

#include "panelstore.h"

namespace Monitor {

class RegistrationStore : public PanelStore
{
    Q_OBJECT

public:
    explicit RegistrationStore(QObject *parent = nullptr);
    ~RegistrationStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("registrations"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_sofia"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"sofia::register"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;
};

} // namespace Monitor
