#pragma once
// What the parts of fuzz_make_seeds share: makeseeds.cpp has main() and the seeds of the wire
// targets; deepseeds.cpp the deeply nested inputs; sessionseeds.cpp the session scripts;
// recordseeds.cpp the importer's files and the journal's records; brokerseeds.cpp, panelseeds.cpp,
// qualityseeds.cpp and alertseeds.cpp the seeds of one target each.

#include "esl/wire/message.h"

#include <QByteArray>
#include <QDir>
#include <QString>

#include <vector>

namespace Seeds {

// One capture of tests/fixtures: its bytes and its messages. `path` is NAME.esl; NAME.sent and
// NAME.expected.jsonl lie beside it.
struct Capture
{
    QString path;
    QString stem; // NAME
    QByteArray bytes;
    std::vector<Esl::Message> messages;

    // The bytes of message i as the switch sent them, up to where the next one starts.
    [[nodiscard]] QByteArrayView messageBytes(size_t i) const;
    // A file beside the capture: companion(".sent") is NAME.sent.
    [[nodiscard]] QString companion(const char *suffix) const;
};

struct Dirs
{
    QDir parser;
    QDir events;
    QDir show;
    QDir filter;
    QDir session;
    QDir import;
    QDir journal;
    QDir broker;
};

bool writeFile(const QString &path, QByteArrayView bytes);
// Reads a capture (NAME.esl) into its messages; false with a message on stderr if it cannot.
bool parseCapture(const QString &path, Capture &capture);
// fuzz_panels' seeds, from FIXTURES/real2 (panelseeds.cpp).
bool writePanelSeeds(const QString &fixtures, const QDir &dir);
// fuzz_broker's seeds, from FIXTURES/real-amqp (brokerseeds.cpp).
bool writeBrokerSeeds(const QString &fixtures, const QDir &dir);
// fuzz_quality's seeds, from FIXTURES/real2/sip-call-quality.esl (qualityseeds.cpp).
bool writeQualitySeeds(const QString &fixtures, const QDir &dir);
// fuzz_alerts' seeds, from the captures of FIXTURES and FIXTURES/real2, and rules files
// (alertseeds.cpp).
bool writeAlertSeeds(const QString &fixtures, const QDir &dir);

// deepseeds.cpp: nesting past any limit the decoders and the filter parser may set.
bool writeDeepSeeds(const Dirs &dirs);
// sessionseeds.cpp: the capture replayed against the commands of NAME.sent, and (once) a few
// hand-made scripts.
bool writeSessionSeeds(const Capture &capture, const QDir &dir);
bool writeMadeSessionSeeds(const QDir &dir);
// recordseeds.cpp: slices of the capture as raw ESL and JSON Lines files, and as journal records.
bool writeRecordSeeds(const Capture &capture, const QDir &importDir, const QDir &journalDir);
bool writeMadeRecordSeeds(const QDir &journalDir);

} // namespace Seeds
