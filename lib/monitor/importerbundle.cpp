// Importer: a call bundle (exporter.h) — one JSON document, read whole (a bundle is one call's
// records), its records filed under the times and servers they name, its channels' snapshots
// returned with the result.

#include "channelsnapshot.h"
#include "importer.h"
#include "importerparts.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace Monitor {

using namespace ImporterParts;

namespace {

constexpr qint64 kProgressEvery = 256;

// The 1-based line of a byte offset.
qint64 lineAt(const QByteArray &data, qint64 offset)
{
    return data.left(offset).count('\n') + 1;
}

} // namespace

void Importer::importCallBundle(QIODevice &in, EventStore &store, Result &result) const
{
    if (!keepGoing(in, 0)) {
        result.error = canceled();
        return;
    }
    const QByteArray data = in.readAll();
    // A fault of the JSON says where it is; one of the bundle's content names the record.
    const auto fail = [&](const QString &what, qint64 offset = -1) {
        result.error = Esl::decodeError(what, offset);
        if (offset >= 0)
            result.line = lineAt(data, offset);
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(parseError.errorString(), parseError.offset);
        return;
    }
    const QJsonObject bundle = document.object();
    if (bundle.value(QLatin1String("format")).toString() !=
        QLatin1String("switchboard-call-bundle")) {
        fail(QStringLiteral("not a call bundle (its \"format\" is not switchboard-call-bundle)"));
        return;
    }
    if (bundle.value(QLatin1String("version")).toInt() != 1) {
        fail(QStringLiteral("a call bundle of version %1; this reads version 1")
                 .arg(bundle.value(QLatin1String("version")).toVariant().toString()));
        return;
    }
    const QJsonArray channels = bundle.value(QLatin1String("channels")).toArray();
    for (qsizetype i = 0; i < channels.size(); ++i) {
        std::optional<Channel> channel = channelOfSnapshot(channels[i].toObject());
        if (!channel) {
            fail(QStringLiteral("channel %1 of the bundle is not a channel snapshot").arg(i + 1));
            return;
        }
        result.channels.append(std::move(*channel));
    }
    const QJsonArray records = bundle.value(QLatin1String("records")).toArray();
    const qint64 total = data.size();
    qint64 lastMs = 0;
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (i % kProgressEvery == 0 && !keepGoing(in, total * i / records.size())) {
            result.error = canceled();
            return;
        }
        const QJsonObject entry = records[i].toObject();
        DecodedRecord record;
        QString fault = entry.value(QLatin1String("message")).isObject()
                            ? recordOfLine(entry.value(QLatin1String("message")).toObject(), record)
                            : QStringLiteral("no \"message\" object");
        if (fault.isEmpty() && record.error)
            fault = QStringLiteral("undecodable event: %1").arg(record.error->message);
        if (!fault.isEmpty()) {
            fail(QStringLiteral("record %1 of the bundle: %2").arg(i + 1).arg(fault));
            return;
        }
        std::optional<qint64> receivedMs;
        if (const QJsonValue ms = entry.value(QLatin1String("ms")); ms.isDouble())
            receivedMs = ms.toInteger();
        else if (const QDateTime time = QDateTime::fromString(
                     entry.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
                 time.isValid())
            receivedMs = time.toMSecsSinceEpoch();
        fileRecord(store, serverNamed(entry.value(QLatin1String("server")).toString()), record,
                   lastMs, result, receivedMs);
    }
    keepGoing(in, total);
}

} // namespace Monitor
