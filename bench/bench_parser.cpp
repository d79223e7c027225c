// How fast the wire layer turns a capture into messages and events. Each run feeds the whole
// capture, already in memory, to a fresh Parser in 64 KiB pieces (what a socket read hands a
// Session), takes every message as it completes and, in decode mode, decodes every event with
// Event::fromMessage. Frame mode stops after the framing, so the two costs can be told apart.
// Single-threaded; prints the best and the median run per capture and mode. On a machine shared
// with other work, --cpu-time times the runs by the process's CPU time instead of the wall clock.
//
// There is no xml load capture (the switch was asked for plain and json); "xml:load.esl" stands
// for load.esl with every event re-serialized as text/event-xml the way switch_event_xmlize
// writes it (Event::toXmlMessage), so the three formats carry the same events.
//
// Usage: bench_parser [--mode frame|decode|both] [--seconds S | --iterations N] [--chunk BYTES]
//                     [--cpu-time] [[xml:]capture.esl...]
//        (default: load.esl, load-json.esl and xml:load.esl from the build's fixtures)

#include "esl/wire/event.h"
#include "esl/wire/parser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

namespace {

enum class Mode { Frame, Decode };

struct Options
{
    std::vector<Mode> modes;
    double seconds = 2.0; // per capture and mode, when no iteration count is given
    int iterations = 0;
    qsizetype chunk = 64 * 1024;
    bool cpuTime = false;
    QStringList captures;
};

struct Run
{
    double seconds = 0;
    qint64 messages = 0;
    qint64 events = 0;
    qint64 undecodable = 0;
    quint64 checksum = 0; // what the run touched, so that nothing can be optimized away
    QString error;
};

double now(bool cpuTime)
{
    if (cpuTime)
        return double(std::clock()) / CLOCKS_PER_SEC;
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Not inlined, so that a profiler can count exactly the runs:
//   valgrind --tool=callgrind --toggle-collect='*runOnce*' bench_parser --iterations 1 ...
[[gnu::noinline]] Run runOnce(const QByteArray &capture, Mode mode, const Options &options)
{
    Run run;
    const qsizetype chunk = options.chunk;
    const double start = now(options.cpuTime);
    Esl::wire::Parser parser;
    auto drain = [&] {
        while (parser.hasMessage()) {
            const Esl::Message message = parser.takeMessage();
            ++run.messages;
            if (!message.isEvent()) {
                run.checksum += quint64(message.headers().size() + message.body().size());
                continue;
            }
            ++run.events;
            if (mode == Mode::Frame) {
                run.checksum += quint64(message.headers().size() + message.body().size());
                continue;
            }
            const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
            if (!event) {
                ++run.undecodable;
                continue;
            }
            run.checksum +=
                quint64(event->headers().size() + event->body().size() + event->eventName().size());
        }
    };
    const QByteArrayView bytes(capture);
    for (qsizetype pos = 0; pos < bytes.size(); pos += chunk) {
        parser.feed(bytes.sliced(pos, std::min(chunk, bytes.size() - pos)));
        drain();
    }
    parser.finish();
    drain();
    run.seconds = now(options.cpuTime) - start;
    if (parser.hasError())
        run.error = parser.error().toString();
    return run;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void printRow(const char *label, double seconds, const Run &shape, qsizetype bytes)
{
    std::printf("    %-6s %10.3f ms %12.0f messages/s %12.0f events/s %9.1f MB/s\n", label,
                seconds * 1e3, double(shape.messages) / seconds, double(shape.events) / seconds,
                double(bytes) / 1e6 / seconds);
}

// Returns false when the capture does not frame and decode cleanly.
bool bench(const QString &name, const QByteArray &capture, Mode mode, const Options &options)
{
    // The first run warms the caches and the allocator, checks the capture and sets the count.
    const Run first = runOnce(capture, mode, options);
    if (!first.error.isEmpty() || first.undecodable) {
        std::fprintf(stderr, "bench_parser: %s: %s (%lld undecodable events)\n", qPrintable(name),
                     qPrintable(first.error), qlonglong(first.undecodable));
        return false;
    }
    const int runs =
        options.iterations > 0
            ? options.iterations
            : int(std::clamp(std::ceil(options.seconds / first.seconds), 5.0, 100000.0));

    std::vector<double> times;
    times.reserve(size_t(runs));
    quint64 checksum = 0;
    for (int i = 0; i < runs; ++i) {
        const Run run = runOnce(capture, mode, options);
        times.push_back(run.seconds);
        checksum += run.checksum;
    }

    std::printf("%s  [%s]  %lld bytes, %lld messages, %lld events, %d runs (checksum %llu)\n",
                qPrintable(name), mode == Mode::Frame ? "frame" : "decode",
                qlonglong(capture.size()), qlonglong(first.messages), qlonglong(first.events), runs,
                qulonglong(checksum));
    printRow("best", *std::min_element(times.begin(), times.end()), first, capture.size());
    printRow("median", median(times), first, capture.size());
    return true;
}

// The capture with each event message replaced by its text/event-xml form; other messages keep
// their bytes. Empty when the capture does not frame or decode.
QByteArray asXmlCapture(const QByteArray &capture)
{
    Esl::wire::Parser parser;
    parser.feed(capture);
    if (!parser.finish())
        return {};
    QByteArray out;
    out.reserve(capture.size() + capture.size() / 4);
    std::vector<Esl::Message> messages;
    while (parser.hasMessage())
        messages.push_back(parser.takeMessage());
    for (size_t i = 0; i < messages.size(); ++i) {
        const Esl::Message &message = messages[i];
        if (!message.isEvent()) {
            const qint64 end = i + 1 < messages.size() ? messages[i + 1].offset() : capture.size();
            out.append(capture.constData() + message.offset(), qsizetype(end - message.offset()));
            continue;
        }
        const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
        if (!event)
            return {};
        out.append(event->toXmlMessage());
    }
    return out;
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
    }
    return QStringLiteral("unknown");
}

bool parseOptions(const QCoreApplication &app, Options &options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Frames (and decodes) captures with the wire layer and prints messages/s, events/s and "
        "MB/s (10^6 bytes) for the best and the median run."));
    parser.addHelpOption();
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  QStringLiteral("frame, decode or both (default both)."),
                                  QStringLiteral("mode"), QStringLiteral("both"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("Time to spend per capture and mode "
                                                    "(default 2); sets the number of runs."),
                                     QStringLiteral("seconds"), QStringLiteral("2"));
    const QCommandLineOption iterations(QStringLiteral("iterations"),
                                        QStringLiteral("Number of runs (overrides --seconds)."),
                                        QStringLiteral("n"));
    const QCommandLineOption chunk(QStringLiteral("chunk"),
                                   QStringLiteral("Bytes per feed() call (default 65536)."),
                                   QStringLiteral("bytes"), QStringLiteral("65536"));
    const QCommandLineOption cpuTime(
        QStringLiteral("cpu-time"),
        QStringLiteral("Time runs by CPU time (std::clock) rather than the wall clock."));
    parser.addOptions({mode, seconds, iterations, chunk, cpuTime});
    parser.addPositionalArgument(
        QStringLiteral("captures"),
        QStringLiteral("Capture files (.esl); xml:FILE re-serializes FILE's events as "
                       "text/event-xml. Default: load.esl, load-json.esl and xml:load.esl in %1.")
            .arg(QStringLiteral(SWITCHBOARD_LOAD_FIXTURES)),
        QStringLiteral("[[xml:]capture.esl...]"));
    parser.process(app);

    const QString modeText = parser.value(mode);
    if (modeText == u"frame" || modeText == u"both")
        options.modes.push_back(Mode::Frame);
    if (modeText == u"decode" || modeText == u"both")
        options.modes.push_back(Mode::Decode);
    bool secondsOk = false;
    bool chunkOk = false;
    bool iterationsOk = !parser.isSet(iterations);
    options.seconds = parser.value(seconds).toDouble(&secondsOk);
    options.chunk = parser.value(chunk).toLongLong(&chunkOk);
    if (parser.isSet(iterations))
        options.iterations = parser.value(iterations).toInt(&iterationsOk);
    if (options.modes.empty() || !secondsOk || options.seconds <= 0 || !chunkOk ||
        options.chunk <= 0 || !iterationsOk ||
        (parser.isSet(iterations) && options.iterations <= 0)) {
        std::fprintf(stderr, "bench_parser: bad option; see --help\n");
        return false;
    }

    options.cpuTime = parser.isSet(cpuTime);
    options.captures = parser.positionalArguments();
    if (options.captures.isEmpty()) {
        const QString dir = QStringLiteral(SWITCHBOARD_LOAD_FIXTURES);
        options.captures = {dir + QStringLiteral("/load.esl"),
                            dir + QStringLiteral("/load-json.esl"),
                            QStringLiteral("xml:") + dir + QStringLiteral("/load.esl")};
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Options options;
    if (!parseOptions(app, options))
        return 2;

    std::printf("bench_parser: %s build, Qt %s, CPU %s, %lld-byte pieces, %s time\n",
                SWITCHBOARD_BUILD_TYPE, qVersion(), qPrintable(cpuModel()),
                qlonglong(options.chunk), options.cpuTime ? "CPU" : "wall-clock");
#ifndef NDEBUG
    std::printf("bench_parser: assertions are on; these figures do not represent a release\n");
#endif
    bool ok = true;
    for (const QString &capturePath : options.captures) {
        const bool xml = capturePath.startsWith(u"xml:");
        const QString path = xml ? capturePath.sliced(4) : capturePath;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "bench_parser: cannot read %s: %s\n", qPrintable(path),
                         qPrintable(file.errorString()));
            ok = false;
            continue;
        }
        QByteArray capture = file.readAll();
        QString name = QFileInfo(path).fileName();
        if (xml) {
            capture = asXmlCapture(capture);
            name += QStringLiteral(" as xml");
            if (capture.isEmpty()) {
                std::fprintf(stderr, "bench_parser: %s does not decode\n", qPrintable(path));
                ok = false;
                continue;
            }
        }
        for (const Mode mode : options.modes)
            ok = bench(name, capture, mode, options) && ok;
    }
    return ok ? 0 : 1;
}
