#pragma once
// Access to the captured FreeSWITCH traffic in tests/fixtures (see its README).

#include "esl/wire/event.h"
#include "esl/wire/message.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace TestSupport {

// The small scenarios (all but the load captures).
[[nodiscard]] QStringList smallScenarios();
// Every scenario, the load captures included.
[[nodiscard]] QStringList allScenarios();

// The path of NAME.ext; load captures resolve to the unpacked copies in the build tree.
[[nodiscard]] QString fixturePath(const QString &scenario, const QString &extension);
// The whole file; fails the running test (and returns empty) when it cannot be read.
[[nodiscard]] QByteArray readFixture(const QString &scenario, const QString &extension);
// The lines of NAME.expected.jsonl, without their newlines.
[[nodiscard]] QList<QByteArray> expectedLines(const QString &scenario);

// Parses a whole byte stream in one piece; the test fails if the parser reports an error.
[[nodiscard]] QList<Esl::Message> parseAll(const QByteArray &bytes);
// Every event of NAME.esl, decoded (messages that are not events, or do not decode, left out).
[[nodiscard]] QList<Esl::Event> fixtureEvents(const QString &scenario);

} // namespace TestSupport
