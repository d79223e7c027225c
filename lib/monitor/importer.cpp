#include "importer.h"

#include "importerparts.h"
#include "recordwire.h"

#include "esl/wire/parser.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Monitor {

using namespace ImporterParts;

namespace {

constexpr qint64 kChunkBytes = 256 * 1024;

} // namespace

QString Importer::Result::errorString() const
{
    if (!error)
        return {};
    if (line > 0)
        return QStringLiteral("line %1 (byte %2): %3")
            .arg(line)
            .arg(error->offset)
            .arg(error->message);
    return error->toString();
}

bool Importer::keepGoing(const QIODevice &in, qint64 done) const
{
    return !m_progress || m_progress(done, in.isSequential() ? 0 : in.size());
}

Importer::Result Importer::importFile(const QString &path, EventStore &store) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Result result;
        result.first = result.end = store.endSequence();
        result.error = Esl::Error{Esl::Error::Code::Transport,
                                  QStringLiteral("%1: %2").arg(path, file.errorString()), -1};
        return result;
    }
    return import(file, store, QFileInfo(path).fileName());
}

Importer::Format Importer::detect(QByteArrayView start, const QString &fileName)
{
    start = start.trimmed();
    if (start.startsWith('{')) {
        // The bundle's first member, as the Exporter writes it; whitespace may differ.
        static const QRegularExpression bundle(
            QStringLiteral(R"(^\{\s*"format"\s*:\s*"switchboard-call-bundle")"));
        return bundle.match(QString::fromUtf8(start.first(std::min<qsizetype>(start.size(), 200))))
                       .hasMatch()
                   ? Format::CallBundle
                   : Format::JsonLines;
    }
    if (fileName.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive))
        return Format::Csv;
    const qsizetype end = start.indexOf('\n');
    const QByteArrayView first = end < 0 ? start : start.first(end);
    const qsizetype comma = first.indexOf(',');
    const qsizetype colon = first.indexOf(':');
    if (first.startsWith('@') || (comma > 0 && (colon < 0 || comma < colon)))
        return Format::Csv;
    return Format::Raw;
}

ServerId Importer::serverNamed(const QString &name) const
{
    return m_namer ? m_namer(name) : m_server;
}

Importer::Result Importer::import(QIODevice &in, EventStore &store, const QString &fileName) const
{
    Result result;
    result.first = store.endSequence();
    result.format = m_format;
    if (result.format == Format::Detect)
        result.format = detect(in.peek(4096), fileName);
    switch (result.format) {
    case Format::JsonLines:
        importJsonLines(in, store, result);
        break;
    case Format::CallBundle:
        importCallBundle(in, store, result);
        break;
    case Format::Csv:
        importCsv(in, store, result);
        break;
    case Format::Detect:
    case Format::Raw:
        importRaw(in, store, result);
        break;
    }
    result.end = store.endSequence();
    return result;
}

void Importer::importRaw(QIODevice &in, EventStore &store, Result &result) const
{
    Esl::wire::Parser parser;
    QByteArray buffer(kChunkBytes, Qt::Uninitialized);
    const ServerId server = serverNamed({});
    qint64 lastMs = 0;
    bool ended = false;
    while (!ended) {
        if (!keepGoing(in, parser.bytesFed())) {
            result.error = canceled();
            return;
        }
        const qint64 n = in.read(buffer.data(), buffer.size());
        if (n < 0) {
            result.error =
                Esl::Error{Esl::Error::Code::Transport, in.errorString(), parser.bytesFed()};
            return;
        }
        if (n == 0) {
            parser.finish();
            ended = true;
        } else {
            parser.feed(QByteArrayView(buffer.constData(), n));
        }
        while (parser.hasMessage()) {
            const Esl::Message message = parser.takeMessage();
            const DecodedRecord record = decodeRecord(message);
            if (record.error) {
                result.error = Esl::decodeError(
                    QStringLiteral("undecodable event: %1").arg(record.error->message),
                    message.offset());
                return;
            }
            fileRecord(store, server, record, lastMs, result);
        }
        if (parser.hasError()) {
            result.error = parser.error();
            return;
        }
    }
    keepGoing(in, parser.bytesFed());
}

void Importer::importJsonLines(QIODevice &in, EventStore &store, Result &result) const
{
    // A server per name, asked once; the file's own only when a line names none (asking makes
    // it a server of the opened log).
    QHash<QString, ServerId> named;
    qint64 lastMs = 0;
    qint64 offset = 0;
    qint64 lineNumber = 0;
    while (!in.atEnd()) {
        if ((lineNumber & 255) == 0 && !keepGoing(in, offset)) {
            result.error = canceled();
            return;
        }
        const QByteArray line = in.readLine();
        const qint64 lineStart = offset;
        offset += line.size();
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
        QString fault;
        qint64 faultAt = lineStart;
        DecodedRecord record;
        if (parseError.error != QJsonParseError::NoError) {
            fault = parseError.errorString();
            faultAt += parseError.offset;
        } else if (!document.isObject()) {
            fault = QStringLiteral("not a JSON object");
        } else {
            fault = recordOfLine(document.object(), record);
        }
        // The switch an export of ours names (its "server"); the file's otherwise.
        ServerId server = 0;
        if (fault.isEmpty()) {
            const QString name = document.object().value(QLatin1String("server")).toString();
            auto it = named.constFind(name);
            if (it == named.cend())
                it = named.insert(name, serverNamed(name));
            server = *it;
        }
        if (fault.isEmpty() && record.error)
            fault = QStringLiteral("undecodable event: %1").arg(record.error->message);
        if (!fault.isEmpty()) {
            result.error = Esl::decodeError(fault, faultAt);
            result.line = lineNumber;
            return;
        }
        fileRecord(store, server, record, lastMs, result);
    }
    keepGoing(in, offset);
}

} // namespace Monitor
