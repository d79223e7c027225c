#pragma once
// The calls view: live calls, one row each that opens to show its legs (calls come collapsed; the
// ones the operator opened stay open), or a flat channel list; a quick filter; and, at the end of
// the filter's row (one fixed height, so that the list never moves), the "out of step" banner
// while a server's channel list is not trusted, with "Reconnect now". The view shows the model
// itself, and goes through a QSortFilterProxyModel only while a header sorts or the filter
// filters (see route()).
//
// Rows do not move under the operator: around every batch of changes the panel keeps the
// selection the operator chose (by channel, so a call that split or was re-bridged stays
// selected, and one filtered out comes back selected; a call whose row went leaves nothing
// selected, never another), the row under a resting pointer where it is (CallsView), and the
// selected row in view when it was; and it pins the calls from the top of the view down to the
// pointer, and the one whose menu is open, so that none of them goes from under it
// (CallsModel::setPinnedCalls).

#include "ui/calls/callsmodel.h"
#include "ui/calls/callssortproxy.h"
#include "ui/calls/callsview.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QToolButton>
#include <QTreeView>
#include <QWidget>

namespace Ui {

class CallsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit CallsPanel(Monitor::Hub *hub, QWidget *parent = nullptr);

    [[nodiscard]] CallsModel *model() { return &m_model; }
    [[nodiscard]] CallsView *view() { return m_view; }
    // The selected row's channel (a call row gives its first leg).
    [[nodiscard]] Monitor::ChannelKey currentChannel() const;
    // The legs of the selected call, for "Follow this call".
    [[nodiscard]] QStringList currentCallLegs() const;
    // Every selected row's channel, in view order, each once (a call row gives its first leg).
    [[nodiscard]] QList<Monitor::ChannelKey> selectedChannels() const;
    // The channel shown on a row of the view (a call row gives its first leg).
    [[nodiscard]] Monitor::ChannelKey channelAt(const QModelIndex &viewIndex) const;
    void setLayout(CallsModel::Layout layout);

Q_SIGNALS:
    void currentChannelChanged(const Monitor::ChannelKey &key);
    void followCallRequested(const QStringList &uuids);
    void layoutChanged(Ui::CallsModel::Layout layout);
    // The right-click menu is being built; others add their actions to it.
    void contextMenuAboutToShow(QMenu *menu);
    // Channels dragged from the view were dropped onto `target`, another channel.
    void channelsDropped(const QList<Monitor::ChannelKey> &dragged,
                         const Monitor::ChannelKey &target);
    // The selection changed (the actions follow what is selected).
    void selectionChanged();
    // "Reconnect now" in the out-of-step banner, once for each server whose link is down (waiting
    // to retry, given up, or disconnected): the window asks its link to try again at once.
    void reconnectRequested(Monitor::ServerId server);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateBanner();
    // Its link waits to retry, gave up, or was disconnected: "Reconnect now" applies to it.
    [[nodiscard]] static bool isDown(const Monitor::ServerMonitor *server);
    void route();
    void followSelection();
    [[nodiscard]] QModelIndex toModel(const QModelIndex &viewIndex) const;
    // The view's row for a channel: its call's row when it is the call's first leg and `call`,
    // else its own row.
    [[nodiscard]] QModelIndex viewRowOf(const Monitor::ChannelKey &key, bool call) const;
    // Around a batch of changes to the rows (CallsModel::aboutToApplyChanges, changesApplied).
    void beforeChanges();
    void afterChanges();
    // Around anything the panel, not the operator, does to the rows (a batch, the filter, a
    // sort through the proxy, the layout): what Qt does to the selection meanwhile (it moves the
    // current row to a neighbour of one removed) is not the operator's choice; afterwards the
    // operator's choice is put back on the rows that show it, and a chosen row that went leaves
    // nothing selected, never another call.
    void beginAdjusting();
    void endAdjusting();
    // The operator changed the selection: it is their choice now.
    void noteChoice();
    // Pins the calls the operator may be about to click (CallsModel::setPinnedCalls).
    void updatePins();

    Monitor::Hub *m_hub;
    CallsModel m_model;
    CallsSortProxy m_proxy; // unknown quality last in both orders
    QWidget *m_bannerRow; // the banner and its button
    QLabel *m_banner;
    QToolButton *m_reconnect;
    QLineEdit *m_filter;
    QToolButton *m_layoutButton;
    QAction *m_followAction;
    CallsView *m_view;
    QSet<Monitor::ChannelKey> m_expanded; // calls the operator opened (by first leg)
    // What the operator selected: each row's channel, and whether it was a call row; and the
    // current row so. It stays their choice while its rows are away (filtered out) and comes back
    // with them.
    QList<std::pair<Monitor::ChannelKey, bool>> m_chosen;
    std::pair<Monitor::ChannelKey, bool> m_chosenCurrent;
    Monitor::ChannelKey m_shown;     // the channel last given to currentChannelChanged
    int m_adjusting = 0;             // beginAdjusting() depth
    bool m_selectionTouched = false; // the selection model changed while adjusting
    bool m_currentWasShown = false;  // the chosen current row was on a row before adjusting
    bool m_currentWasVisible = false;
    Monitor::ChannelKey m_menuCall; // (server, call key) of the row whose menu is open
};

} // namespace Ui
