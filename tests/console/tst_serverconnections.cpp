// Connecting, disconnecting and reconnecting switches while the console runs, without a window:
// saved profiles against simulated switches on 127.0.0.1, the demo switch beside them, a new
// profile offered for connecting, Reconnect now skipping the backoff, and a profile whose
// password no keychain kept: asked for at connect (through the injected prompt), and the cause
// named when it is not given or is refused.

#include "console/profilekeychain.h"
#include "console/profiles.h"
#include "console/serverconnections.h"

#include "support/uisim.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Console::ServerStatus;
using Storage = Console::ProfileStore::PasswordStorage;
using TestSupport::kWait;

namespace {

Console::Profile profileFor(const TestSupport::UiSim &sim, const QString &name,
                            bool autoConnect = true)
{
    Console::Profile p;
    p.id = Console::Profile::newId();
    p.name = name;
    p.host = u"127.0.0.1"_s;
    p.port = sim.server->serverPort();
    p.password = u"ClueCon"_s;
    p.autoConnect = autoConnect;
    return p;
}

// The switch goes away and comes back later on the same port, as a restarted one would.
struct Outage
{
    explicit Outage(TestSupport::UiSim &sim) : sim(sim), port(sim.server->serverPort())
    {
        sim.server->close();
        sim.server->dropAll();
    }
    bool restart() { return sim.server->listen(QHostAddress::LocalHost, port); }

    TestSupport::UiSim &sim;
    quint16 port;
};

} // namespace

class TestServerConnections : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;
    Console::MemoryKeychain m_keychain;

    // A store with `saved` in it, their passwords in the keychain.
    std::unique_ptr<Console::ProfileStore> storeWith(const QList<Console::Profile> &saved)
    {
        auto store = std::make_unique<Console::ProfileStore>(m_file, &m_keychain);
        store->setProfiles(saved);
        for (const Console::Profile &p : saved) {
            if (!QTest::qWaitFor([&] { return store->passwordStorage(p.id) == Storage::Keychain; },
                                 kWait))
                return nullptr;
        }
        return store;
    }
    static bool waitFor(const Console::ServerConnections &c, const Console::ServerEntry &e,
                        ServerStatus status)
    {
        return QTest::qWaitFor([&] { return c.status(c.entryOfProfile(e.profileId)) == status; },
                               kWait);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void init()
    {
        m_file = m_dir.filePath(u"%1.ini"_s.arg(QLatin1String(QTest::currentTestFunction())));
        m_keychain = Console::MemoryKeychain();
    }

    // Happy flows

    void connectsDisconnectsAndConnectsAgain()
    {
        TestSupport::UiSim sim;
        const Console::Profile east = profileFor(sim, u"east"_s);
        const auto store = storeWith({east});
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        Console::ServerEntry entry = connections.entryOfProfile(east.id);
        QCOMPARE(connections.status(entry), ServerStatus::NotConnected);
        QVERIFY(connections.entries().contains(entry));

        QVERIFY(connections.connectProfile(east.id));
        QVERIFY(waitFor(connections, entry, ServerStatus::Live));
        entry = connections.entryOfProfile(east.id);
        QVERIFY(entry.server != 0);
        QCOMPARE(hub.servers().size(), 1);
        QCOMPARE(hub.server(entry.server)->name(), u"east"_s);

        connections.disconnectServer(entry);
        QCOMPARE(connections.status(entry), ServerStatus::Disconnected);
        QVERIFY(QTest::qWaitFor([&] { return sim.server->connectionCount() == 0; }, kWait));

        QVERIFY(connections.connectServer(entry));
        QVERIFY(waitFor(connections, entry, ServerStatus::Live));
        QCOMPARE(hub.servers().size(), 1); // the same server, connected again
        QCOMPARE(connections.entryOfProfile(east.id).server, entry.server);
    }

    void theDemoSwitchConnectsBesideTheSavedProfiles()
    {
        TestSupport::UiSim saved;
        TestSupport::UiSim demo;
        TestSupport::UiSim manual;
        const Console::Profile east = profileFor(saved, u"east"_s);
        const Console::Profile west = profileFor(manual, u"west"_s, false);
        const auto store = storeWith({east, west});
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        Monitor::ServerProfile demoProfile = demo.profile(u"demo-pbx"_s);
        demoProfile.colour = u"#1f8a70"_s;
        Monitor::ServerMonitor *pbx = connections.addUnsavedServer(demoProfile);
        connections.connectAtStart();

        QVERIFY(QTest::qWaitFor([&] { return pbx->link()->isLive(); }, kWait));
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));
        // Not marked "connect at start": listed, not connected.
        QCOMPARE(connections.status(connections.entryOfProfile(west.id)),
                 ServerStatus::NotConnected);
        QStringList names;
        for (const Console::ServerEntry &e : connections.entries())
            names.append(e.name);
        QCOMPARE(names, (QStringList{u"east"_s, u"west"_s, u"demo-pbx"_s}));
        QVERIFY(connections.entryOfServer(pbx->id()).profileId.isEmpty());
        QCOMPARE(connections.entryOfServer(pbx->id()).colour, QColor(u"#1f8a70"_s));
    }

    void serversWithoutAColourGetOnesNobodyElseHas()
    {
        // Two saved profiles without a colour, one in the palette's first blue, and the demo.
        TestSupport::UiSim a;
        TestSupport::UiSim b;
        TestSupport::UiSim c;
        TestSupport::UiSim demo;
        Console::Profile blue = profileFor(a, u"blue"_s);
        blue.colour = Console::serverPalette().constFirst();
        const Console::Profile plain = profileFor(b, u"plain"_s);
        const Console::Profile other = profileFor(c, u"other"_s);
        const auto store = storeWith({blue, plain, other});
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        Monitor::ServerProfile demoProfile = demo.profile(u"demo-pbx"_s);
        demoProfile.colour.clear();
        Monitor::ServerMonitor *pbx = connections.addUnsavedServer(demoProfile);
        connections.connectAtStart();
        QVERIFY(waitFor(connections, connections.entryOfProfile(plain.id), ServerStatus::Live));

        QList<QColor> colours;
        for (const Console::ServerEntry &e : connections.entries()) {
            QVERIFY2(e.colour.isValid(), qPrintable(e.name));
            for (const QColor &seen : std::as_const(colours))
                QVERIFY2(!Console::coloursLookAlike(e.colour, seen),
                         qPrintable(e.name + u" "_s + e.colour.name() + u" like "_s + seen.name()));
            colours.append(e.colour);
        }
        QCOMPARE(colours.size(), 4);
        QCOMPARE(colours.constFirst(), blue.colour); // a chosen colour is kept
        // The colour given reaches the monitor (the calls' row bars and the charts read it there).
        const Console::ServerEntry plainEntry = connections.entryOfProfile(plain.id);
        QCOMPARE(QColor::fromString(hub.server(plainEntry.server)->profile().colour),
                 plainEntry.colour);
        QCOMPARE(QColor::fromString(pbx->profile().colour),
                 connections.entryOfServer(pbx->id()).colour);
        // Saving the profiles again changes nobody's colour, and reconnects nobody.
        const Monitor::ServerMonitor *before = hub.server(plainEntry.server);
        store->setProfiles(store->profiles());
        QCOMPARE(connections.entryOfProfile(plain.id).colour, plainEntry.colour);
        QCOMPARE(hub.server(connections.entryOfProfile(plain.id).server), before);
    }

    void aNewProfileIsOfferedAndConnects()
    {
        TestSupport::UiSim sim;
        const auto store = storeWith({});
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        QSignalSpy offered(&connections, &Console::ServerConnections::profilesAdded);
        const Console::Profile east = profileFor(sim, u"east"_s);
        store->setProfiles({east});
        QCOMPARE(offered.size(), 1);
        QCOMPARE(offered.first().first().toStringList(), QStringList{east.id});
        // Editing it again is no new profile.
        Console::Profile renamed = east;
        renamed.name = u"east-1"_s;
        store->setProfiles({renamed});
        QCOMPARE(offered.size(), 1);

        QVERIFY(connections.connectProfile(east.id));
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));
        QCOMPARE(hub.servers().first()->name(), u"east-1"_s);
    }

    void anEditedProfileIsAppliedAndARemovedOneDropped()
    {
        TestSupport::UiSim first;
        TestSupport::UiSim second;
        Console::Profile east = profileFor(first, u"east"_s);
        const auto store = storeWith({east});
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        connections.connectAtStart();
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));

        east.port = second.server->serverPort(); // moved to another switch, and recoloured
        east.colour = QColor(u"#c0392b"_s);
        store->setProfiles({east});
        QVERIFY(QTest::qWaitFor([&] { return second.server->connectionCount() == 1; }, kWait));
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));
        QCOMPARE(hub.servers().size(), 1);
        QCOMPARE(hub.servers().first()->profile().colour, u"#c0392b"_s);
        QVERIFY(QTest::qWaitFor([&] { return first.server->connectionCount() == 0; }, kWait));

        store->setProfiles({});
        QVERIFY(hub.servers().isEmpty());
        QVERIFY(connections.entries().isEmpty());
    }

    void reconnectNowSkipsTheBackoff()
    {
        TestSupport::UiSim sim;
        const Console::Profile east = profileFor(sim, u"east"_s);
        const auto store = storeWith({east});
        QVERIFY(store);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        connections.setReconnectDelays(60000, 60000); // the next try is 45 s away or more
        connections.connectAtStart();
        const auto entry = [&] { return connections.entryOfProfile(east.id); };
        QVERIFY(waitFor(connections, entry(), ServerStatus::Live));

        Outage outage(sim);
        QVERIFY(waitFor(connections, entry(), ServerStatus::Down));
        QVERIFY(connections.downSince(entry()) > 0);
        QVERIFY(!connections.problem(entry()).isEmpty());
        QVERIFY(outage.restart());
        QVERIFY(connections.reconnectServer(entry()));
        QVERIFY(waitFor(connections, entry(), ServerStatus::Live));
        QCOMPARE(connections.downSince(entry()), 0);
        QVERIFY(connections.problem(entry()).isEmpty());
    }

    void f5RetriesEveryServerThatIsDown()
    {
        TestSupport::UiSim sim;
        Monitor::Hub hub;
        Monitor::ServerProfile profile = sim.profile(u"pbx"_s);
        profile.connection.reconnectMinMs = 60000;
        profile.connection.reconnectMaxMs = 60000;
        Console::ServerConnections connections(&hub);
        Monitor::ServerMonitor *pbx = connections.addUnsavedServer(profile);
        const Console::ServerEntry entry = connections.entryOfServer(pbx->id());
        QVERIFY(QTest::qWaitFor([&] { return connections.status(entry) == ServerStatus::Live; },
                                kWait));
        Outage outage(sim);
        QVERIFY(QTest::qWaitFor([&] { return connections.status(entry) == ServerStatus::Down; },
                                kWait));
        QVERIFY(outage.restart());
        connections.retryDown();
        QVERIFY(QTest::qWaitFor([&] { return pbx->link()->isLive(); }, kWait));
    }

    // Rainy days: no keychain

    void aPasswordNoKeychainTookIsAskedForAtConnect()
    {
        TestSupport::UiSim sim;
        const Console::Profile east = profileFor(sim, u"east"_s);
        m_keychain.setFailure(Console::KeychainResult::Status::NoBackend,
                              u"The name org.freedesktop.secrets was not provided"_s);
        {
            Console::ProfileStore store(m_file, &m_keychain);
            Monitor::Hub hub;
            Console::ServerConnections connections(&hub, &store);
            QSignalSpy notKept(&connections, &Console::ServerConnections::passwordNotKept);
            store.setProfiles({east});
            // Saved, and said at once that it will not survive a restart.
            QVERIFY(QTest::qWaitFor([&] { return notKept.size() == 1; }, kWait));
            QCOMPARE(notKept.first().first().toString(), east.id);
            QVERIFY2(notKept.first().at(1).toString().contains(u"only until Switchboard quits"_s),
                     qPrintable(notKept.first().at(1).toString()));
        }

        // The next start: nothing stored, so the prompt is asked, with why.
        Console::ProfileStore store(m_file, &m_keychain);
        store.load();
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, &store);
        QList<Console::PasswordRequest> asked;
        connections.setPasswordPrompt([&](const Console::PasswordRequest &request) {
            asked.append(request);
            return std::optional<QString>(u"ClueCon"_s);
        });
        connections.connectAtStart();
        QVERIFY(QTest::qWaitFor([&] { return asked.size() == 1; }, kWait));
        QCOMPARE(asked.first().profileId, east.id);
        QCOMPARE(asked.first().address, u"127.0.0.1:%1"_s.arg(sim.server->serverPort()));
        QVERIFY2(asked.first().why.contains(u"no desktop keychain"_s),
                 qPrintable(asked.first().why));
        QVERIFY2(asked.first().why.contains(u"org.freedesktop.secrets"_s),
                 qPrintable(asked.first().why));
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));
        // Used for this session: a reconnect does not ask again.
        connections.reconnectServer(connections.entryOfProfile(east.id));
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));
        QCOMPARE(asked.size(), 1);
    }

    void noPasswordGivenIsNamedNotCalledAWrongOne()
    {
        TestSupport::UiSim sim;
        Console::Profile east = profileFor(sim, u"east"_s);
        east.password.clear();
        m_keychain.setFailure(Console::KeychainResult::Status::NoBackend);
        Console::ProfileStore store(m_file, &m_keychain);
        store.setProfiles({east});
        store.load(); // the keychain is asked, and fails
        QTRY_COMPARE(store.keychainState(), Console::ProfileStore::KeychainState::Unavailable);
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, &store);
        int asked = 0;
        connections.setPasswordPrompt([&](const Console::PasswordRequest &) {
            ++asked;
            return std::optional<QString>();
        });
        QVERIFY(!connections.connectProfile(east.id));
        QCOMPARE(asked, 1);
        const Console::ServerEntry entry = connections.entryOfProfile(east.id);
        QCOMPARE(connections.status(entry), ServerStatus::NotConnected);
        const QString problem = connections.problem(entry);
        QVERIFY2(problem.contains(u"no password was given"_s), qPrintable(problem));
        QVERIFY2(problem.contains(u"no desktop keychain"_s), qPrintable(problem));
        QVERIFY2(!problem.contains(u"wrong password"_s), qPrintable(problem));
        QVERIFY(hub.servers().isEmpty()); // nothing was sent to the switch
        QCOMPARE(sim.server->stats().accepted, 0);

        // Without a prompt at all, the same cause.
        connections.setPasswordPrompt({});
        QVERIFY(!connections.connectProfile(east.id));
        QVERIFY2(connections.problem(entry).contains(u"No password is stored for “east”"_s),
                 qPrintable(connections.problem(entry)));
    }

    void aRefusedTypedPasswordSaysSoAndIsAskedAgain()
    {
        TestSupport::UiSim sim;
        Console::Profile east = profileFor(sim, u"east"_s);
        east.password.clear();
        const auto store = storeWith({});
        QVERIFY(store);
        store->setProfiles({east});
        Monitor::Hub hub;
        Console::ServerConnections connections(&hub, store.get());
        QStringList answers{u"guess"_s, u"ClueCon"_s};
        int asked = 0;
        connections.setPasswordPrompt([&](const Console::PasswordRequest &) {
            return std::optional<QString>(answers.at(asked++));
        });
        QVERIFY(connections.connectProfile(east.id));
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Failed));
        const QString problem = connections.problem(connections.entryOfProfile(east.id));
        QVERIFY2(problem.contains(u"wrong password"_s), qPrintable(problem));
        QVERIFY2(problem.contains(u"typed at connect"_s), qPrintable(problem));
        QVERIFY2(problem.contains(u"No password is stored"_s), qPrintable(problem));

        QVERIFY(connections.reconnectServer(connections.entryOfProfile(east.id)));
        QCOMPARE(asked, 2);
        QVERIFY(waitFor(connections, connections.entryOfProfile(east.id), ServerStatus::Live));
    }
};

QTEST_MAIN(TestServerConnections)
#include "tst_serverconnections.moc"
