#pragma once
// One switch's sofia gateways (the trunks it registers to): state, ping status, the last
// REGISTER answer, when the state or ping last changed, and whether the gateway is "loud" — it
// left REGED, its registration is failing, or its ping went DOWN — which the panel shows in red
// and counts in its tab's title.
//
// Sync: `sofia xmlstatus gateway` (every profile's gateways, XML). Events: sofia::gateway_state
// (Gateway, State, Ping-Status, and after a REGISTER answer Status and Phrase),
// sofia::gateway_add (after a rescan) and sofia::gateway_delete (after killgw, which first
// fires State DOWN). A gateway is known by its name: mod_sofia looks gateways up by name alone
// (sofia_reg_find_gateway), and gateway_state carries no profile.

#include "panelstore.h"
#include "sofialistings.h"

#include <QHash>

namespace Monitor {

class GatewayStore : public PanelStore
{
    Q_OBJECT

public:
    struct Entry
    {
        Sofia::Gateway gateway;
        bool wasReged = false;  // it has been REGED since this console knew it
        bool pingWasUp = false; // its ping has been UP since
        bool failing = false;   // FAILED/FAIL_WAIT/TIMEOUT/EXPIRED seen, not REGED since
    };

    explicit GatewayStore(QObject *parent = nullptr);
    ~GatewayStore() override;

    [[nodiscard]] QString kind() const override { return QStringLiteral("gateways"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_sofia"); }
    [[nodiscard]] QByteArrayList subclasses() const override
    {
        return {"sofia::gateway_state", "sofia::gateway_add", "sofia::gateway_delete"};
    }
    [[nodiscard]] QList<QJsonObject> rows(qint64 nowMs) const override;
    [[nodiscard]] int rowCount() const override { return int(m_entries.size()); }

    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }
    [[nodiscard]] const Entry *find(const QString &name) const;
    // Left REGED (other than its REGISTER on the way back), failing, or its ping went DOWN.
    [[nodiscard]] static bool isLoud(const Entry &entry);
    [[nodiscard]] int loudCount() const;

protected:
    void startSync(qint64 nowMs) override;
    bool applyEvent(const Esl::Event &event, qint64 nowMs) override;
    void clearState() override;

private:
    void replaceWith(QList<Sofia::Gateway> fresh, qint64 nowMs);
    static void noteState(Entry &entry);
    bool applyState(const Esl::Event &event, qint64 atMs);
    Entry *findOrAdd(const QString &name);
    void reindex();

    QList<Entry> m_entries; // in the order they appeared
    QHash<QString, qsizetype> m_index;
    bool m_everSynced = false;
};

} // namespace Monitor
