// Splits captures into seed corpora for the fuzz targets:
//   OUT/fuzz_parser/NAME-NNNN    the bytes of one message exactly as the switch sent them
//   OUT/fuzz_events/NAME-NNNN    one event body behind its format byte ('0' plain, '1' json,
//                                '2' xml: fuzz_events reads that byte modulo 3)
//   OUT/fuzz_events/NAME-NNNN-F  every tenth event cut down to a few headers and written in
//                                format F by the library's own writers
// A whole capture makes a poor seed: libFuzzer mutates small inputs far faster, and one message
// already reaches every branch its neighbours do. The cut-down events give each format a few
// seeds of a hundred bytes or so, where an xml event from the switch is several kilobytes.
//
// Usage: fuzz_make_seeds OUT CAPTURE.esl...

#include "esl/wire/event.h"
#include "esl/wire/parser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <vector>

namespace {

bool writeFile(const QString &path, QByteArrayView bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(bytes.data(), bytes.size()) != bytes.size()) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

char formatByte(QByteArrayView contentType)
{
    if (contentType == Esl::ContentType::EventJson)
        return '1';
    if (contentType == Esl::ContentType::EventXml)
        return '2';
    return '0';
}

std::vector<Esl::Message> parseCapture(const QString &path, QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot read %s: %s\n", qPrintable(path),
                     qPrintable(file.errorString()));
        return {};
    }
    bytes = file.readAll();
    Esl::wire::Parser parser;
    if (!parser.feed(bytes) || !parser.finish()) {
        std::fprintf(stderr, "fuzz_make_seeds: %s: %s\n", qPrintable(path),
                     qPrintable(parser.error().toString()));
        return {};
    }
    std::vector<Esl::Message> messages;
    while (parser.hasMessage())
        messages.push_back(parser.takeMessage());
    return messages;
}

// The first few headers of `event` (Event-Name among them) and at most 32 bytes of its body.
Esl::Event cutDown(const Esl::Event &event)
{
    constexpr qsizetype kHeaders = 4;
    Esl::HeaderList headers;
    headers.append("Event-Name", event.eventName());
    for (qsizetype i = 0; i < event.headers().size() && headers.size() < kHeaders; ++i) {
        if (!Esl::equalsIgnoringCase(event.headers().name(i), "Event-Name"))
            headers.append(event.headers().name(i), event.headers().value(i));
    }
    return Esl::Event(headers, event.body().left(32), event.hasBody(), event.format());
}

bool writeCutDown(const Esl::Message &message, const QDir &eventDir, const QString &name)
{
    const Esl::Expected<Esl::Event> event = Esl::Event::fromMessage(message);
    if (!event)
        return true; // nothing to cut down; the full body is a seed already
    const Esl::Event small = cutDown(*event);
    const char formats[] = {'0', '1', '2'};
    for (const char format : formats) {
        Esl::wire::Parser parser;
        parser.feed(small.toMessage(Esl::Event::Format(format - '0')));
        if (!parser.hasMessage())
            continue;
        QByteArray seed(1, format);
        seed.append(parser.takeMessage().body());
        if (!writeFile(eventDir.filePath(name + u'-' + QLatin1Char(format)), seed))
            return false;
    }
    return true;
}

// Writes the seeds of one capture; false on any failure.
bool split(const QString &capturePath, const QDir &parserDir, const QDir &eventDir)
{
    QByteArray bytes;
    const std::vector<Esl::Message> messages = parseCapture(capturePath, bytes);
    if (messages.empty())
        return false;

    const QString stem = QFileInfo(capturePath).completeBaseName();
    for (size_t i = 0; i < messages.size(); ++i) {
        const Esl::Message &message = messages[i];
        const QString name =
            QStringLiteral("%1-%2").arg(stem).arg(qulonglong(i), 4, 10, QLatin1Char('0'));
        // A message runs up to where the next one starts (any blank lines between included).
        const qint64 start = message.offset();
        const qint64 end = i + 1 < messages.size() ? messages[i + 1].offset() : bytes.size();
        if (!writeFile(parserDir.filePath(name), QByteArrayView(bytes).sliced(start, end - start)))
            return false;
        if (message.isEvent()) {
            QByteArray seed(1, formatByte(message.contentType()));
            seed.append(message.body());
            if (!writeFile(eventDir.filePath(name), seed))
                return false;
            if (i % 10 == 0 && !writeCutDown(message, eventDir, name))
                return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: fuzz_make_seeds OUT CAPTURE.esl...\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    const QString parserPath = out.filePath(QStringLiteral("fuzz_parser"));
    const QString eventPath = out.filePath(QStringLiteral("fuzz_events"));
    if (!QDir().mkpath(parserPath) || !QDir().mkpath(eventPath)) {
        std::fprintf(stderr, "fuzz_make_seeds: cannot create the folders under %s\n", argv[1]);
        return 1;
    }
    for (int i = 2; i < argc; ++i) {
        if (!split(QString::fromLocal8Bit(argv[i]), QDir(parserPath), QDir(eventPath)))
            return 1;
    }
    return 0;
}
