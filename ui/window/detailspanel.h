#pragma once
// The selected channel in full, refreshed as events arrive: first what an operator needs (caller
// and callee, state, times, codec, application, recording, the call's other legs; see
// channelfacts.h), then its variables, then the rest of the raw headers of its newest event, each
// under a section title. A filter box narrows the rows to those whose name or value holds its
// text. `uuid_dump` on demand fills the variables and headers with what the switch says now.

#include "ui/calls/callsmodel.h"
#include "ui/window/channelfacts.h"

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
    void fill(const QList<ChannelFact> &facts, const Esl::HeaderList &headers);
    void setRow(int row, const ChannelFact &fact, bool section, const QString &fullName = {});
    void applyFilter();

    Monitor::Hub *m_hub;
    Monitor::ChannelKey m_key;
    QLabel *m_title;
    QLineEdit *m_filter;
    QTableWidget *m_table;
    std::optional<Esl::HeaderList> m_dumped; // uuid_dump's answer for m_key
    QTimer m_tick;
};

} // namespace Ui
