#pragma once
// The selected channel in full, refreshed as events arrive: first what an operator needs (caller
// and callee, state, times, codec, application, recording, the call's other legs; see
// channelfacts.h), then its variables, then the rest of the raw headers of its newest event, each
// under a section title. A filter box narrows the rows to those whose name or value holds its
// text. `uuid_dump` on demand fills the variables and headers with what the switch says now.
//
// A leg whose audio quality is known also shows a Quality section (every figure, qualityfacts.h)
// and, above the table where no scrolling hides it, a small chart of the call so far
// (qualitychart.h). While the panel shows a live leg it asks the switch for its media statistics
// (ServerMonitor::refreshQuality: mediaStats) every kQualityPollMs — for that leg only, never for
// the others, and no more once it ended or another one is shown. A failed request is said quietly
// under the chart.

#include "ui/calls/callsmodel.h"
#include "ui/window/channelfacts.h"
#include "ui/window/qualitychart.h"

#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QTimer>
#include <QWidget>

#include <optional>

namespace Ui {

class DetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPanel(Monitor::Hub *hub, QWidget *parent = nullptr);
    void showChannel(const Monitor::ChannelKey &key);
    [[nodiscard]] QTableWidget *table() { return m_table; }
    [[nodiscard]] QLineEdit *filterEdit() { return m_filter; }
    [[nodiscard]] QualityChart *qualityChart() { return m_chart; }
    [[nodiscard]] QLabel *qualityError() { return m_qualityError; }

    // A little over the monitor's own limit, so that no request is turned away as too soon.
    static constexpr int kQualityPollMs = int(Monitor::ServerMonitor::kQualityRefreshMs) + 100;
    void setQualityPollInterval(int ms) { m_qualityPoll.setInterval(ms); } // shorter in tests
    [[nodiscard]] bool isPollingQuality() const { return m_qualityPoll.isActive(); }

    // A row of the table: a section title, or a name and its value.
    static constexpr int kSectionRole = Qt::UserRole + 1;
    // A row's name as the switch spells it ("variable_read_codec" for "read_codec" under
    // Variables); the filter matches it.
    static constexpr int kFullNameRole = Qt::UserRole + 2;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    void dump();
    // Fills the table: the facts, then `headers` split into variables and the rest.
    void fill(const QList<ChannelFact> &facts, const QList<ChannelFact> &quality,
              const Esl::HeaderList &headers);
    // Asks for the shown leg's media statistics, if it is live and carries media; stops asking
    // once it is gone.
    void pollQuality();
    void showQuality(const Monitor::Channel *channel);
    void setRow(int row, const ChannelFact &fact, bool section, const QString &fullName = {});
    void applyFilter();

    Monitor::Hub *m_hub;
    Monitor::ChannelKey m_key;
    QLabel *m_title;
    QLineEdit *m_filter;
    QTableWidget *m_table;
    QualityChart *m_chart;
    QLabel *m_qualityError;
    QTimer m_qualityPoll;
    std::optional<Esl::HeaderList> m_dumped; // uuid_dump's answer for m_key
    QTimer m_tick;
};

} // namespace Ui
