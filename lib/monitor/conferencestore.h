#pragma once
// Conferences and their members, from mod_conference. (STUB: being written for issue #19.)

#include "panelstore.h"

namespace Monitor {

class ConferenceStore : public PanelStore
{
    Q_OBJECT

public:
    explicit ConferenceStore(QObject *parent = nullptr);
    ~ConferenceStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("conferences"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_conference"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"conference::maintenance"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;
};

} // namespace Monitor
