#pragma once
// The live channels of every server the hub watches, as a tree of calls or as a flat list of
// channels. A call row sums its call up — its state (the most telling of its legs'), the caller
// and whom they called, who answered, how long it has lasted, its server, a recording dot if any
// leg records — and its children are the legs, for when the operator opens it. The columns come
// in the order an operator scans them: state, duration, caller, destination, answered by, then
// the caller's number and the rest, so that a narrow view still shows what matters.
// A channel is keyed by (server id, uuid); servers the hub adds or removes are followed.
//
// The ChannelStores change thousands of times a second under load, so the model never forwards
// their signals: it notes which channels changed and, on a short timer (100 ms, up to 500 ms with
// 10,000 channels), compares those rows with the stores (after qBittorrent's TransferListModel
// and Wireshark's PacketListModel) — those, and the channels naming them, since a channel's call
// follows the channels it names (its bridge partner, its other leg, its call's first leg). One
// flush removes what went (bottom-up ranges; many scattered ones in one layout change), moves legs
// whose call changed (a bridge, a transfer: remove + insert), inserts new calls where their start
// time puts them (calls of every server are in one order, oldest first: new ones are appended in
// one beginInsertRows, a few older ones inserted run by run, many in one layout change), and sends
// dataChanged for what changed — one full-range signal when more than half the rows did. A
// one-second tick updates the duration column (and the fading of ended rows) of the top-level rows
// in one signal, which repaints the legs between them too, and the legs below the last row (the
// last call's, a faded call's) in one signal each, without touching the rest.
//
// Each server's colour marks its rows: a swatch in the Server column and, while several servers
// are watched, a bar at the start of the first column; calls of all servers are in one order,
// by when they started.
//
// While a server is not live, its live rows are stale: grey, "unknown since HH:MM:SS", their
// durations frozen at that time (IsStaleRole); its zombies and ended rows stay as they are. A leg
// it turns out to have lost meanwhile (a zombie once the link is back) keeps the duration it was
// last known with; and no duration ever goes backwards (an answer time learned after the
// creation time it counted from).
//
// The view may pin calls (the one under a resting pointer, the rows above it, the one whose menu
// is open): a pinned call keeps its row and its legs, even when the store drops an ended leg (the
// model keeps a copy of it, at most kMaxPinnedMs) or a leg moves to another call. When the pin is
// lifted, the next flush catches up.
//
// Cells read the ChannelStore when asked; the model holds only keys and row numbers (and copies of
// the pinned calls' legs). The hub must outlive the model.
//
// The implementation is in seven files: callsmodel.cpp (rows and columns), callsmodelcells.cpp
// (what a leg's cell shows), callsmodelcallrow.cpp (what a call's row shows), callsmodelquality.cpp
// (the Quality column's colours and a call's worst leg), callsmodelupdate.cpp
// (following the stores: the flush), callsmodelrows.cpp (inserting and removing rows in few
// signals) and callsmodeltick.cpp (the tick and the pins).

#include "ui/calls/callpresentation.h"
#include "ui/common/modelroles.h"

#include "console/appsettings.h"

#include "monitor/channelkey.h"
#include "monitor/hub.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QMimeData>
#include <QPixmap>
#include <QSet>
#include <QTimer>

#include <array>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace Ui {

class CallsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Layout { Tree, Flat };
    Q_ENUM(Layout)
    enum Column {
        State,
        Duration,
        CallerName, // "Caller": the name (the number when there is none)
        Destination,
        AnsweredBy, // who picked up: the call's answered leg, a leg's own party when it answered
        CallerNumber,
        Server,
        Direction,
        Codec,
        Application,
        BridgedParty,
        Recording,
        // The leg's MOS coloured by grade (a call's: its worst leg's), the worst figure and every
        // other one in its tooltip; kept once the call ended. Last of the built-in columns, so a
        // header layout saved before it existed keeps its columns' places (callsheaderstate.h).
        Quality,
        FirstHeaderColumn // then the header columns, in the order they were added
    };
    Q_ENUM(Column)

    explicit CallsModel(Monitor::Hub *hub, QObject *parent = nullptr);
    ~CallsModel() override;

    // Where the operator's own phone is (AppSettings::operatorEndpoint, read when asked; the
    // settings must outlive the model): their listen, whisper and barge legs read "You,
    // listening" and so on, in bold (IsOwnLegRole).
    void followSettings(const Console::AppSettings *settings) { m_settings = settings; }

    // Switching resets the model.
    void setLayout(Layout layout);
    [[nodiscard]] Layout layout() const { return m_layout; }

    // A column showing a channel header or variable from the newest full event (e.g.
    // "variable_sip_user_agent"); false when it is already there.
    bool addHeaderColumn(const QString &name);
    bool removeHeaderColumn(const QString &name);
    [[nodiscard]] QStringList headerColumns() const;

    [[nodiscard]] QModelIndex index(int row, int column,
                                    const QModelIndex &parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex &child) const override;
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    // Rows can be dragged (onto another channel to bridge, onto a destination to transfer) as
    // kMimeType: one "<server id> <uuid>" line per channel.
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QStringList mimeTypes() const override;
    [[nodiscard]] QMimeData *mimeData(const QModelIndexList &indexes) const override;
    [[nodiscard]] Qt::DropActions supportedDragActions() const override;
    static constexpr auto kMimeType = "application/x-switchboard-channels";
    [[nodiscard]] static QList<Monitor::ChannelKey> channelsFromMime(const QMimeData *mime);

    // For the window: rows <-> channels. indexOf gives a leg's own row (in the tree, under its
    // call); callIndexOf the call's row (flat: its first leg's). Invalid when not shown (yet).
    [[nodiscard]] QModelIndex indexOf(const Monitor::ChannelKey &key, int column = 0) const;
    [[nodiscard]] QModelIndex callIndexOf(const Monitor::ChannelKey &leg, int column = 0) const;
    // The channel on a row; a call row gives its first leg.
    [[nodiscard]] Monitor::ChannelKey channelAt(const QModelIndex &index) const;
    // The uuids of the legs of the call the row belongs to, first leg first ("Follow this call").
    [[nodiscard]] QStringList legsOfCall(const QModelIndex &index) const;
    // The channel itself, as the store has it now (null once it expired).
    [[nodiscard]] const Monitor::Channel *channel(const QModelIndex &index) const;

    // The shortest interval between batches (default 100 ms); it grows to 500 ms at 10,000
    // channels (a twentieth of a millisecond per channel).
    void setBatchInterval(int ms)
    {
        m_minBatchMs = ms;
        m_batch.setInterval(ms);
    }
    [[nodiscard]] int batchInterval() const { return m_batch.interval(); }
    void setTickInterval(int ms) { m_tick.setInterval(ms); }
    // Applies what the stores changed now, instead of when the batch timer fires.
    void flush();

    // The calls (keyed by server and call key: CallKeyRole) whose rows must stay for now: what
    // the store drops of them is kept from a copy, for at most pinLimit() after it went, and
    // their legs do not move to other calls. Calls no longer pinned catch up at the next flush.
    // The `held` ones among them stay past that limit, for as long as they are pinned: rows
    // above a resting pointer whose going the view could not make up for by scrolling (the list
    // at its top), which would move the row under the pointer.
    void setPinnedCalls(const QSet<Monitor::ChannelKey> &calls,
                        const QSet<Monitor::ChannelKey> &held = {});
    [[nodiscard]] const QSet<Monitor::ChannelKey> &pinnedCalls() const { return m_pinned; }
    [[nodiscard]] const QSet<Monitor::ChannelKey> &heldCalls() const { return m_held; }
    static constexpr qint64 kMaxPinnedMs = 30000;
    void setPinLimit(qint64 ms) { m_pinLimitMs = ms; } // kMaxPinnedMs; shorter in tests
    [[nodiscard]] qint64 pinLimit() const { return m_pinLimitMs; }

Q_SIGNALS:
    // Around every batch of changes to the rows (a flush, a tick, a server forgotten): a view
    // notes what is under the pointer and what is selected before, and puts them back after.
    void aboutToApplyChanges();
    void changesApplied();
    // Once a second, after the durations and fades were announced: a view that shows the calls
    // through a sorting or filtering proxy repaints what it shows (only it knows which call is
    // last on screen, whose legs no ranged signal reaches).
    void ticked();

private:
    struct Call;
    struct Leg
    {
        Monitor::ChannelKey key;
        Call *call = nullptr;
        int row = -1;       // in the flat list
        qint64 startMs = 0; // its channel's creation: the flat list's order
    };
    struct Call
    {
        Monitor::ServerId server = 0;
        QString key; // the uuid of the call's first leg
        QList<Leg *> legs;
        int row = -1;       // among the calls
        qint64 startMs = 0; // its earliest leg's creation: the calls' order
    };
    struct DurationStart
    {
        qint64 ms = 0;
        bool answered = false; // counted from the answer (or, not known, from the creation)
    };
    // The channels a channel names: its Bridge-A/B partner, its Other-Leg and its Call-UUID.
    using Refs = std::array<QString, 3>;
    struct ServerRows
    {
        const Monitor::ChannelStore *store = nullptr;
        std::unordered_map<QString, std::unique_ptr<Leg>> legs;
        std::unordered_map<QString, std::unique_ptr<Call>> calls;
        QSet<QString> changed; // noted since the last flush
        bool dirty = false;
        bool everything = true; // the next flush looks at every channel (a store just watched)
        // Who names whom, as the channels were at the last flush. A channel's call key depends
        // on the channels it names, so when one of those changes, comes or goes, the channels
        // naming it are looked at again although they saw no event themselves.
        QHash<QString, Refs> refs;
        QMultiHash<QString, QString> namedBy;
        QSet<QString> fading; // channels that ended or are zombies: the tick fades their rows
        // Legs of pinned calls as last seen, for when the store drops them; and since when the
        // store no longer has them (kept until the pin goes, at most kMaxPinnedMs).
        QHash<QString, Monitor::Channel> copies;
        QHash<QString, qint64> keptSince;
        // Since when the server's link is not live (0 while it is): its live rows are stale,
        // their durations frozen there.
        qint64 staleSinceMs = 0;
        // Where each leg's duration counts from, as first learned (durationOf()).
        QHash<QString, DurationStart> starts;
        // The legs that were live when the link went, and when it went: one the switch turns
        // out to have lost meanwhile (a zombie) ended, as far as anyone knows, then.
        QHash<QString, qint64> lastKnownAt;
    };
    struct HeaderColumn
    {
        QString name;
        QByteArray header;
    };
    struct Flush; // what one flush found (callsmodelupdate.cpp)

    // Following the hub and the stores (callsmodelupdate.cpp).
    void watch(Monitor::ServerMonitor *server);
    void forget(Monitor::ServerId id);
    void setLive(Monitor::ServerId id, bool live);
    // dataChanged for every row, as the tick sends it (the top level, the last call's legs).
    void announceAllRows(const QList<int> &roles);
    void note(Monitor::ServerId id, const QString &uuid);
    void survey(Monitor::ServerId id, ServerRows &server, Flush &flush);
    static void noteRefs(ServerRows &server, const QString &uuid, const Monitor::Channel *channel);
    void detach(const Flush &flush);
    void attach(const Flush &flush);
    void announceChanges(const Flush &flush);
    void tick();
    // Notes where a channel's duration counts from: a leg seen answering counts from its answer;
    // one already answered when first seen counts from the earliest time it was known by (an
    // answer time that comes later, with a Listen's event or a uuid_dump, would have made its
    // duration jump back by the ringing time).
    static void noteStart(ServerRows &server, const Monitor::Channel &c);
    // The link came back: the durations of the legs that were live stay frozen at the time it
    // went, for those the switch turns out to have lost (zombies); the others go on once the
    // channel list is in step again.
    void noteLastKnown(ServerRows &server);
    void forgetLastKnown(Monitor::ServerId id);
    // How long the channel has lasted, as the Duration column shows it: never backwards.
    [[nodiscard]] qint64 durationOf(const Monitor::Channel &c, Monitor::ServerId server) const;
    // The operator's own listen, whisper or barge leg is listed right under the call it listens
    // to: its call starts, in the calls' order, when that one did. 0 for any other channel, and
    // while the target is not known (the operator's phone still ringing).
    [[nodiscard]] qint64 besideStart(const ServerRows &server, const Monitor::Channel &c) const;
    [[nodiscard]] bool isPinned(const Leg *leg) const;
    // Whether a pinned leg the store dropped may stay (from its copy) a while longer.
    bool keepDropped(ServerRows &server, const Leg *leg);
    void releaseOverduePins();
    // Rows (callsmodelrows.cpp).
    template<typename Row>
    void removeTopRows(std::vector<Row *> &rows, QList<int> doomed, bool announce);
    template<typename Row>
    void removeTopRowsInOneLayoutChange(std::vector<Row *> &rows,
                                        const QList<std::pair<int, int>> &runs);
    // Inserts `fresh` among `rows` (oldest first) where their start times put them.
    template<typename Row>
    void insertInOrder(std::vector<Row *> &rows, std::vector<Row *> fresh, bool announce);
    void removeLegsOf(Call *call, QList<int> rows);
    // Emits dataChanged for the rows in as few ranges as it can; returns the ranges.
    QList<std::pair<int, int>> announceRows(QList<int> rows, const QModelIndex &parent,
                                            int firstColumn, int lastColumn,
                                            const QList<int> &roles);

    // Rows (callsmodel.cpp).
    [[nodiscard]] const Leg *legAt(const QModelIndex &index) const;
    [[nodiscard]] const Call *callAt(const QModelIndex &index) const;
    [[nodiscard]] static const Leg *firstLegOf(const Call *call);
    [[nodiscard]] const Monitor::Channel *channelOf(const Leg *leg) const;
    [[nodiscard]] QList<const Monitor::Channel *> channelsOf(const Call *call) const;
    [[nodiscard]] QModelIndex indexOfLeg(const Leg *leg, int column) const;
    [[nodiscard]] QModelIndex indexOfCall(const Call *call, int column) const;
    [[nodiscard]] const Leg *findLeg(const Monitor::ChannelKey &key) const;
    [[nodiscard]] qint64 retentionOf(Monitor::ServerId id) const;
    // The server's colour: its profile's, else one of Console::profileColour's by its id.
    [[nodiscard]] QColor serverColour(Monitor::ServerId id) const;
    // A narrow bar of that colour, for the first column while several servers are watched.
    [[nodiscard]] QPixmap serverBar(Monitor::ServerId id) const;
    // When the server stopped being live; 0 while it is.
    [[nodiscard]] qint64 staleSince(Monitor::ServerId id) const;
    // "Now" for the server's durations: frozen at staleSince() while it is not live.
    [[nodiscard]] qint64 durationClock(Monitor::ServerId id) const;
    // Cells (callsmodelcells.cpp).
    [[nodiscard]] QVariant cell(const Monitor::Channel &c, Monitor::ServerId server, int column,
                                int role) const;
    [[nodiscard]] QVariant callCell(const Call *call, const Monitor::Channel &first, int column,
                                    int role) const;
    [[nodiscard]] QString text(const Monitor::Channel &c, Monitor::ServerId server,
                               int column) const;
    [[nodiscard]] QVariant raw(const Monitor::Channel &c, Monitor::ServerId server,
                               int column) const;
    [[nodiscard]] QString toolTip(const Monitor::Channel &c, int column) const;
    // The Quality column of a call's row: its worst leg's MOS (callsmodelquality.cpp).
    [[nodiscard]] QVariant callQualityCell(const QList<const Monitor::Channel *> &legs, int role,
                                           bool grey, qreal fade) const;
    // The MOS's colour by grade; grey while its server is not live, fading with the row.
    [[nodiscard]] static QVariant qualityForeground(const Monitor::LegQuality &q, bool grey,
                                                    qreal fade);
    [[nodiscard]] const Monitor::Channel *partnerOf(const Monitor::Channel &c,
                                                    Monitor::ServerId server) const;
    // Who answered the call: its first leg's bridged partner, else the first other leg that
    // answered (it stays so after the call ended); empty while nobody did.
    [[nodiscard]] QString answeredBy(const Call *call) const;
    // Whether the channel is the operator's own phone listening, whispering or barging.
    [[nodiscard]] CallPresentation::OwnLeg ownLeg(const Monitor::Channel &c) const;
    // "Alice <1001> → Bob <2002>": a call in one line, for its tooltip.
    [[nodiscard]] QString summary(const Call *call, const Monitor::Channel &first) const;

    Monitor::Hub *m_hub;
    Layout m_layout = Layout::Tree;
    std::map<Monitor::ServerId, ServerRows> m_servers;
    std::vector<Call *> m_callRows; // the tree's top level
    std::vector<Leg *> m_legRows;   // the flat list
    QList<HeaderColumn> m_headerColumns;
    QSet<Monitor::ChannelKey> m_pinned; // (server, call key)
    QSet<Monitor::ChannelKey> m_held;   // pinned past the limit
    qint64 m_pinLimitMs = kMaxPinnedMs;
    const Console::AppSettings *m_settings = nullptr;
    mutable QHash<Monitor::ServerId, QPixmap> m_serverBars;
    QTimer m_batch;
    QTimer m_tick;
    int m_minBatchMs = 100;
};

} // namespace Ui
