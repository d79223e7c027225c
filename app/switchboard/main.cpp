// switchboard: the desktop console. `switchboard --demo` starts an in-process simulated switch
// with steady traffic and connects to it, so a new user sees live calls within seconds; the saved
// profiles marked "connect at start" connect beside it (Console::ServerConnections).

#include "console/appsettings.h"
#include "console/profile.h"
#include "console/profiles.h"
#include "console/serverconnections.h"
#include "ui/window/mainwindow.h"

#include "sim/eventsocketserver.h"
#include "sim/simswitch.h"
#include "sim/traffic.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

struct Demo
{
    explicit Demo(double callsPerSecond, quint32 seed, int initialCalls)
    {
        Sim::SwitchConfig config;
        config.initialCalls = initialCalls;
        config.hostname = QStringLiteral("demo-pbx");
        config.heartbeatIntervalMs = 5000;
        config.ringMs = 1500;
        config.answerDelayMs = 800;
        sw = std::make_unique<Sim::Switch>(config);
        server = std::make_unique<Sim::EventSocketServer>(sw.get());
        server->listen(QHostAddress::LocalHost, 0);
        Sim::TrafficProfile profile;
        profile.callsPerSecond = callsPerSecond;
        profile.meanDurationMs = 45000;
        profile.minDurationMs = 8000;
        profile.seed = seed;
        profile.supervisor = true; // conferences, the queue, registrations, parked calls
        // Call quality: RTCP on most calls, a few whose caller's audio degrades for a while.
        profile.rtcpShare = 0.6;
        profile.degradedShare = 0.1;
        traffic = std::make_unique<Sim::TrafficGenerator>(sw.get(), profile);
        // A few calls are up before the window opens.
        for (int i = 0; i < 6; ++i)
            traffic->placeCall();
        traffic->start();
    }
    std::unique_ptr<Sim::Switch> sw;
    std::unique_ptr<Sim::EventSocketServer> server;
    std::unique_ptr<Sim::TrafficGenerator> traffic;
};

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("A console for FreeSWITCH operators."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"),
                      QStringLiteral("Start with a simulated switch producing steady traffic.")});
    parser.addOption({QStringLiteral("calls-per-second"),
                      QStringLiteral("Demo traffic: new calls per second."), QStringLiteral("R"),
                      QStringLiteral("0.5")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Demo traffic: the seed."),
                      QStringLiteral("S"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("initial-calls"),
                      QStringLiteral("Demo switch: calls already up when it starts."),
                      QStringLiteral("N"), QStringLiteral("4")});
}

void nameApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("Switchboard"));
    QCoreApplication::setOrganizationName(QStringLiteral("Switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
}

// --help, --version and a bad option are answered before the GUI starts: QApplication aborts
// where there is no display, and neither needs one. Returns the exit status when done.
std::optional<int> answerWithoutGui(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    nameApplication();
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "switchboard: %s\nTry 'switchboard --help'.\n",
                     qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
                    qPrintable(QCoreApplication::applicationVersion()));
        return 0;
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char **argv)
{
    if (const std::optional<int> status = answerWithoutGui(argc, argv))
        return *status;

    QApplication app(argc, argv);
    nameApplication();
    QApplication::setDesktopFileName(QStringLiteral("switchboard"));
    // Before anything reads or writes it: the settings file may hold a password.
    Console::secureSettingsFile(QSettings().fileName());

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);

    Monitor::Hub hub;
    Console::ProfileStore profiles;
    profiles.load();
    Console::ServerConnections servers(&hub, &profiles);
    std::unique_ptr<Demo> demo;
    if (parser.isSet(QStringLiteral("demo"))) {
        demo = std::make_unique<Demo>(parser.value(QStringLiteral("calls-per-second")).toDouble(),
                                      parser.value(QStringLiteral("seed")).toUInt(),
                                      parser.value(QStringLiteral("initial-calls")).toInt());
        Monitor::ServerProfile profile;
        profile.name = QStringLiteral("demo-pbx");
        // No colour: ServerConnections gives it one that no saved profile has.
        profile.connection.port = demo->server->serverPort();
        profile.logLevel = 6;
        servers.addUnsavedServer(profile);
    }

    // Everything received goes to a journal, so a crash loses at most the last second and the
    // session can be opened again later.
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (QDir().mkpath(dataDir)) {
        const auto journal = hub.startJournal(dataDir + QStringLiteral("/journal.sqlite"),
                                              demo ? QStringLiteral("demo") : QString());
        if (!journal)
            qWarning("switchboard: no journal: %s", qPrintable(journal.error().message));
        else
            Console::applyJournalRetention(hub, Console::AppSettings::load());
    }

    Ui::MainWindow window(&servers);
    if (demo)
        window.setWindowTitle(QObject::tr("Switchboard — demo"));
    window.showAtStart();
    // After the window is up: a profile without a stored password asks for it over the window.
    servers.connectAtStart();
    return QApplication::exec();
}
