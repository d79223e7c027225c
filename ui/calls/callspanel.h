#pragma once
// The calls view: live calls with their legs (a tree) or a flat channel list, a quick filter,
// and the "out of step" banner while a server's channel list is not trusted. The view shows the
// model itself, and goes through a QSortFilterProxyModel only while a header sorts or the filter
// filters (see route()).

#include "ui/calls/callsmodel.h"

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
    [[nodiscard]] QTreeView *view() { return m_view; }
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

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateBanner();
    void route();
    void followSelection();
    [[nodiscard]] QModelIndex toModel(const QModelIndex &viewIndex) const;

    Monitor::Hub *m_hub;
    CallsModel m_model;
    QSortFilterProxyModel m_proxy;
    QLabel *m_banner;
    QLineEdit *m_filter;
    QToolButton *m_layoutButton;
    QAction *m_followAction;
    QTreeView *m_view;
    QSet<Monitor::ChannelKey> m_collapsed;
};

} // namespace Ui
