#pragma once
// What the Importer's readers share (importer.cpp, importerbundle.cpp, importercsv.cpp): filing
// a record with the time it was (probably) received, and reading one message of the
// `eslcat decode` schema. Not part of the library's face.

#include "importer.h"
#include "recordwire.h"

#include <QJsonObject>

#include <optional>

namespace Monitor::ImporterParts {

[[nodiscard]] Esl::Error canceled();

// Files the record, or counts it as skipped. Under `receivedMs` when the file says when it was
// received; otherwise an event under its Event-Date-Timestamp and a log line under the time of
// the record before it (`lastMs`, which this keeps).
void fileRecord(EventStore &store, ServerId server, const DecodedRecord &record, qint64 &lastMs,
                Importer::Result &result, std::optional<qint64> receivedMs = {});

// One message of the decode schema as a record; an error message when it is not one.
[[nodiscard]] QString recordOfLine(const QJsonObject &object, DecodedRecord &record);

} // namespace Monitor::ImporterParts
