// Seeds for fuzz_panels: what the real switches of tests/fixtures/real2 answered to the
// modules' listing commands and the module events they sent, in fuzz_panels' input form
// ('r' + an api reply body, 'e' + a plain event, parts separated by 0x1e). For each capture:
// each reply body alone, answering every command; all its replies in order; and its replies
// followed by its first CUSTOM events.

#include "seeds.h"

#include "esl/wire/event.h"

#include <QDirIterator>

#include <cstdio>

namespace Seeds {

namespace {

constexpr int kEventsPerSeed = 40;
constexpr int kRepeats = 12; // enough answers for every command of every store's sync

} // namespace

bool writePanelSeeds(const QString &fixtures, const QDir &dir)
{
    const QDir real2(fixtures + QStringLiteral("/real2"));
    const QStringList captures =
        real2.entryList({QStringLiteral("*.esl")}, QDir::Files, QDir::Name);
    if (captures.isEmpty()) {
        std::fprintf(stderr, "fuzz_make_seeds: no captures in %s\n", qPrintable(real2.path()));
        return false;
    }
    for (const QString &name : captures) {
        Capture capture;
        if (!parseCapture(real2.filePath(name), capture))
            return false;
        QByteArray allReplies;
        QByteArray someEvents;
        int replyCount = 0;
        int eventCount = 0;
        for (const Esl::Message &message : capture.messages) {
            const QByteArrayView type = message.header("Content-Type");
            if (type == "api/response") {
                const QByteArray part = 'r' + message.body() + '\x1e';
                QByteArray alone;
                for (int i = 0; i < kRepeats; ++i)
                    alone += part;
                if (!writeFile(dir.filePath(QStringLiteral("%1-reply-%2")
                                                .arg(capture.stem)
                                                .arg(replyCount++)),
                               alone))
                    return false;
                allReplies += part;
            } else if (type == "text/event-plain" && eventCount < kEventsPerSeed) {
                const Esl::Expected<Esl::Event> event = Esl::Event::fromPlain(message.body());
                if (event && event->eventName() == "CUSTOM") {
                    someEvents += 'e' + message.body() + '\x1e';
                    ++eventCount;
                }
            }
        }
        if (!writeFile(dir.filePath(capture.stem + QStringLiteral("-replies")), allReplies) ||
            !writeFile(dir.filePath(capture.stem + QStringLiteral("-events")),
                       allReplies + someEvents))
            return false;
    }
    return true;
}

} // namespace Seeds
