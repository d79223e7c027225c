#pragma once
// Valet parking lots and their slots. (STUB: being written for issue #19.)

#include "panelstore.h"

namespace Monitor {

class ParkingStore : public PanelStore
{
    Q_OBJECT

public:
    explicit ParkingStore(QObject *parent = nullptr);
    ~ParkingStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("parking"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_valet_parking"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"valet_parking::info"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;
};

} // namespace Monitor
