// The supervisor panels' common ground: PanelStore's sync (listings replace, a later sync
// supersedes, a missing module is not an error, a failure keeps what was known, stale while
// the link is down), SupervisorPanels' routing of events by subclass, and ServerMonitor
// syncing every store with the channel table.

#include "support/fakeswitchlink.h"

#include "esl/promise.h"
#include "monitor/panelstore.h"
#include "monitor/servermonitor.h"
#include "monitor/supervisorpanels.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using Monitor::PanelStore;
using Monitor::PanelSyncState;
using TestSupport::FakeSwitchLink;

namespace {

// A store of names: `list` answers one name per line; a "name::add" event adds one.
class NameStore : public PanelStore
{
public:
    QStringList names;
    QStringList commands{QStringLiteral("list names")};
    QStringList lookups; // asked after the sync (followUp); their answers are appended

    [[nodiscard]] QString kind() const override { return QStringLiteral("names"); }
    [[nodiscard]] QString module() const override { return QStringLiteral("mod_names"); }
    [[nodiscard]] QByteArrayList subclasses() const override { return {"name::add"}; }
    [[nodiscard]] QList<QJsonObject> rows(qint64) const override
    {
        QList<QJsonObject> out;
        for (const QString &n : names)
            out.append(QJsonObject{{QStringLiteral("name"), n}});
        return out;
    }
    [[nodiscard]] int rowCount() const override { return int(names.size()); }

protected:
    void startSync(qint64 nowMs) override
    {
        request(commands, [this, nowMs](const Replies &replies) {
            QStringList listed;
            for (const Esl::Reply &r : replies) {
                if (r.body().startsWith("garbage")) {
                    failSync(QStringLiteral("not a name list at offset 0"));
                    return;
                }
                listed += QString::fromUtf8(r.body()).split(u'\n', Qt::SkipEmptyParts);
            }
            names = listed;
            finishSync(nowMs);
            followUp(lookups, [this](const Replies &replies) {
                for (const Esl::Reply &r : replies) {
                    if (!r.error())
                        names.append(QString::fromUtf8(r.body()).trimmed());
                }
                notifyChanged();
            });
        });
    }
    bool applyEvent(const Esl::Event &event, qint64) override
    {
        const QString name = event.text("Name");
        if (name.isEmpty()) {
            countUnmatched();
            return false;
        }
        names.append(name);
        return true;
    }
    void clearState() override { names.clear(); }
};

Esl::Event custom(const QByteArray &subclass, const QByteArray &name = {})
{
    Esl::HeaderList h;
    h.append("Event-Name", "CUSTOM");
    h.append("Event-Subclass", subclass);
    if (!name.isEmpty())
        h.append("Name", name);
    return Esl::Event(h, {}, false);
}

PanelStore::Api apiOf(FakeSwitchLink &link)
{
    return [&link](const QString &command) { return link.api(command); };
}

} // namespace

class TestPanelStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listingReplacesAndEventsFollow()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.names = {QStringLiteral("stale")};
        QSignalSpy changed(&store, &PanelStore::changed);
        store.sync(apiOf(link), 1000);
        QCOMPARE(store.syncState(), PanelSyncState::Syncing);
        QCOMPARE(link.sent, QStringList{QStringLiteral("api list names")});
        QVERIFY(link.answerApi(QStringLiteral("list names"), "alice\nbob\n"));
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(store.names, (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        QCOMPARE(store.syncedAtMs(), 1000);
        QVERIFY(!changed.isEmpty());

        QVERIFY(store.apply(custom("name::add", "carol"), 2000));
        QCOMPARE(store.rowCount(), 3);
        QVERIFY(!store.apply(custom("name::add"), 2000));
        QCOMPARE(store.eventsUnmatched(), 1);
        QCOMPARE(store.eventsApplied(), 2);
        QCOMPARE(store.rows(0).last().value(QStringLiteral("name")).toString(),
                 QStringLiteral("carol"));
    }

    void missingModuleIsNotAnError()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.names = {QStringLiteral("left over")};
        store.sync(apiOf(link), 1000);
        QVERIFY(link.answerApi(QStringLiteral("list names"), "-ERR list Command not found!\n"));
        QCOMPARE(store.syncState(), PanelSyncState::ModuleMissing);
        QVERIFY(store.names.isEmpty());
        QCOMPARE(store.syncError(), QStringLiteral("mod_names is not loaded on this switch"));
        QVERIFY(PanelStore::saysCommandNotFound(
            FakeSwitchLink::apiResponse("-ERR conference Command not found!\n")));
        QVERIFY(!PanelStore::saysCommandNotFound(
            FakeSwitchLink::apiResponse("-ERR Conference ctl not found\n")));
    }

    void failureKeepsWhatWasKnown()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.sync(apiOf(link), 1000);
        link.answerApi(QStringLiteral("list names"), "alice\n");
        store.sync(apiOf(link), 2000);
        link.answerApi(QStringLiteral("list names"), "garbage\n");
        QCOMPARE(store.syncState(), PanelSyncState::Failed);
        QCOMPARE(store.syncError(), QStringLiteral("not a name list at offset 0"));
        QCOMPARE(store.names, QStringList{QStringLiteral("alice")});
        QCOMPARE(store.syncedAtMs(), 1000);

        // A transport failure (the link went) fails the sync with the command and the reason.
        store.sync(apiOf(link), 3000);
        link.setState(Monitor::LinkState::Reconnecting);
        QCOMPARE(store.names, QStringList{QStringLiteral("alice")});
        QVERIFY(store.syncState() != PanelSyncState::Synced);
    }

    void followUpsNeverUndoTheListing()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.lookups = {QStringLiteral("look up alice"), QStringLiteral("look up bob")};
        store.sync(apiOf(link), 1000);
        link.answerApi(QStringLiteral("list names"), "alice\nbob\n");
        // Synced on the listing alone; the lookups went out after it.
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        QVERIFY(link.sent.contains(QStringLiteral("api look up bob")));
        link.answerApi(QStringLiteral("look up alice"), "Alice Smith\n");
        QCOMPARE(store.rowCount(), 2); // all the answers, or none
        // The link goes before the second answer: the listing stands, the sync stays done, and
        // the answer that came is taken.
        link.setState(Monitor::LinkState::Reconnecting);
        QCOMPARE(store.names, (QStringList{QStringLiteral("alice"), QStringLiteral("bob"),
                                           QStringLiteral("Alice Smith")}));
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(store.syncedAtMs(), 1000);

        // Answered, failures included: what worked is taken.
        link.goLive();
        store.sync(apiOf(link), 2000);
        link.answerApi(QStringLiteral("list names"), "carol\n");
        link.answerApi(QStringLiteral("look up alice"), "-ERR no such\n");
        link.answerApi(QStringLiteral("look up bob"), "Bob Jones\n");
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(store.names, (QStringList{QStringLiteral("carol"), QStringLiteral("-ERR no such"),
                                           QStringLiteral("Bob Jones")}));
    }

    void laterSyncSupersedes()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.sync(apiOf(link), 1000);
        store.sync(apiOf(link), 2000);
        QCOMPARE(link.sent.size(), 2);
        // The first answer belongs to the superseded sync: dropped.
        link.answerApi(QStringLiteral("list names"), "old\n");
        QCOMPARE(store.syncState(), PanelSyncState::Syncing);
        QVERIFY(store.names.isEmpty());
        link.answerApi(QStringLiteral("list names"), "new\n");
        QCOMPARE(store.syncState(), PanelSyncState::Synced);
        QCOMPARE(store.names, QStringList{QStringLiteral("new")});
    }

    void repliesComeTogetherInOrder()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.commands = {QStringLiteral("list a"), QStringLiteral("list b")};
        store.sync(apiOf(link), 1000);
        // Answered out of order: the store still sees them in the order it asked.
        link.answerApi(QStringLiteral("list b"), "bob\n");
        QCOMPARE(store.syncState(), PanelSyncState::Syncing);
        link.answerApi(QStringLiteral("list a"), "alice\n");
        QCOMPARE(store.names, (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    }

    void staleWhileDownAndAnswersOfTheOldLinkDropped()
    {
        FakeSwitchLink link;
        link.goLive();
        NameStore store;
        store.sync(apiOf(link), 1000);
        link.answerApi(QStringLiteral("list names"), "alice\n");
        store.sync(apiOf(link), 2000);
        store.markStale(2500);
        QVERIFY(store.isStale());
        QCOMPARE(store.staleSinceMs(), 2500);
        QCOMPARE(store.syncState(), PanelSyncState::NotSynced);
        // What the old link answers late is not this link's word.
        link.answerApi(QStringLiteral("list names"), "late\n");
        QCOMPARE(store.names, QStringList{QStringLiteral("alice")});
        store.markStale(9999); // the first moment counts
        QCOMPARE(store.staleSinceMs(), 2500);
        store.sync(apiOf(link), 3000);
        link.answerApi(QStringLiteral("list names"), "bob\n");
        QVERIFY(!store.isStale());
        QCOMPARE(store.names, QStringList{QStringLiteral("bob")});
        store.clear();
        QCOMPARE(store.rowCount(), 0);
        QCOMPARE(store.syncState(), PanelSyncState::NotSynced);
    }

    void panelsRouteBySubclass()
    {
        Monitor::SupervisorPanels panels;
        QCOMPARE(panels.stores().size(), 5);
        for (const QString &kind : Monitor::SupervisorPanels::kinds()) {
            QVERIFY2(panels.store(kind), qPrintable(kind));
            QCOMPARE(panels.store(kind)->kind(), kind);
        }
        QVERIFY(!panels.store(u"calls"));
        // Every store follows at least one subclass, and each subclass reaches only the stores
        // that follow it.
        for (PanelStore *store : panels.stores()) {
            QVERIFY(!store->subclasses().isEmpty());
            for (const QByteArray &subclass : store->subclasses()) {
                QHash<PanelStore *, qint64> before;
                for (PanelStore *s : panels.stores())
                    before.insert(s, s->eventsApplied());
                panels.onEvent(custom(subclass), 1000);
                for (PanelStore *s : panels.stores()) {
                    const bool follows = s->subclasses().contains(subclass);
                    QCOMPARE(s->eventsApplied() - before.value(s), follows ? 1 : 0);
                }
            }
        }
        // A subclass nobody follows, and a plain event, reach no store.
        qint64 total = 0;
        for (PanelStore *s : panels.stores())
            total += s->eventsApplied();
        panels.onEvent(custom("sofia::nothing"), 1000);
        Esl::HeaderList h;
        h.append("Event-Name", "HEARTBEAT");
        panels.onEvent(Esl::Event(h, {}, false), 1000);
        qint64 after = 0;
        for (PanelStore *s : panels.stores())
            after += s->eventsApplied();
        QCOMPARE(after, total);
    }

    void monitorSyncsPanelsWithTheChannelTable()
    {
        auto owned = std::make_unique<FakeSwitchLink>();
        FakeSwitchLink *link = owned.get();
        Monitor::EventStore events;
        Monitor::ServerProfile profile;
        profile.name = QStringLiteral("pbx");
        Monitor::ServerMonitor monitor(1, profile, &events, std::move(owned));
        monitor.start();
        link->goLive();
        // The channel table's listings and each panel's listing went out together.
        QVERIFY(link->sent.contains(QStringLiteral("api show channels as json")));
        const QStringList panelCommands = [&] {
            QStringList out;
            for (const QString &s : link->sent) {
                if (!s.startsWith(QStringLiteral("api show c")))
                    out.append(s.mid(4));
            }
            return out;
        }();
        QVERIFY(!panelCommands.isEmpty());
        // A switch without any of the modules: every store says so, none failed.
        for (const QString &command : panelCommands) {
            link->answerApi(command, "-ERR " + command.section(u' ', 0, 0).toUtf8() +
                                         " Command not found!\n");
        }
        for (PanelStore *store : monitor.panels()->stores()) {
            QVERIFY2(store->syncState() == PanelSyncState::ModuleMissing,
                     qPrintable(store->kind() + u' ' +
                                Monitor::panelSyncStateName(store->syncState())));
            QVERIFY(store->syncError().contains(store->module()));
        }
        // The link drops: every store is last-known since then.
        link->setState(Monitor::LinkState::Reconnecting);
        for (PanelStore *store : monitor.panels()->stores())
            QVERIFY(store->isStale());
        // Back: synced again at once, with the channel table.
        link->sent.clear();
        link->goLive();
        QVERIFY(link->sent.contains(QStringLiteral("api show channels as json")));
        QVERIFY(link->sent.size() > 2);
        for (PanelStore *store : monitor.panels()->stores())
            QCOMPARE(store->syncState(), PanelSyncState::Syncing);
        // Events reach the stores through the monitor.
        PanelStore *conferences = monitor.panels()->store(u"conferences");
        const qint64 applied = conferences->eventsApplied();
        link->deliver(custom("conference::maintenance"));
        QCOMPARE(conferences->eventsApplied(), applied + 1);
    }
};

QTEST_GUILESS_MAIN(TestPanelStore)
#include "tst_panelstore.moc"
