#include "decode.h"

#include "connection.h"
#include "messagedecoder.h"

#include "esl/wire/printable.h"
#include "monitor/recordwire.h"

#include <QFile>
#include <QMap>

#include <algorithm>

namespace Eslcat {

namespace {

constexpr qsizetype MaxNameChars = 100;

struct Counts
{
    qint64 messages = 0;
    qint64 bytes = 0;
    QMap<QString, qint64> contentTypes;
    QMap<QString, qint64> events;
};

class FileDecoder
{
public:
    FileDecoder(const DecodeOptions &options, FILE *out, Counts &counts)
        : m_options(options), m_out(out), m_counts(counts)
    {}

    // An empty string when the whole input decoded; otherwise the error line's text.
    QString run(QFile &file)
    {
        QByteArray buffer(256 * 1024, Qt::Uninitialized);
        for (;;) {
            const qint64 n = file.read(buffer.data(), buffer.size());
            if (n < 0)
                return QStringLiteral("read error: %1").arg(file.errorString());
            if (n == 0)
                break;
            m_decoder.feed(QByteArrayView(buffer.constData(), n));
            if (QString fault = drain(); !fault.isEmpty())
                return fault;
            if (m_decoder.hasError())
                return m_decoder.error().toString();
        }
        m_counts.bytes += m_decoder.bytesFed();
        if (!m_decoder.finish())
            return m_decoder.error().toString();
        return {};
    }

private:
    QString drain()
    {
        while (std::optional<MessageDecoder::Item> item = m_decoder.next()) {
            if (item->eventError) {
                return QStringLiteral("at byte %1: undecodable event: %2")
                    .arg(item->message.offset())
                    .arg(item->eventError->toString());
            }
            if (m_options.where && !passesWhere(*m_options.where, item->message,
                                                item->event ? &*item->event : nullptr))
                continue;
            ++m_counts.messages;
            if (m_options.summary) {
                ++m_counts.contentTypes[QString::fromUtf8(item->message.contentType())];
                if (item->event)
                    ++m_counts.events[item->event->name()];
            } else {
                const QByteArray line = MessageDecoder::jsonLine(*item);
                std::fwrite(line.constData(), 1, size_t(line.size()), m_out);
            }
        }
        return {};
    }

    const DecodeOptions &m_options;
    FILE *m_out;
    Counts &m_counts;
    MessageDecoder m_decoder;
};

void printTable(FILE *out, const char *title, const QMap<QString, qint64> &table)
{
    QList<std::pair<QString, qint64>> rows;
    for (auto it = table.cbegin(); it != table.cend(); ++it)
        rows.append({it.key(), it.value()});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    std::fprintf(out, "%s:\n", title);
    for (const auto &[name, count] : rows) {
        // Names as the input spelled them: a capture can hold any bytes.
        const QByteArray label =
            (name.isEmpty() ? QStringLiteral("(none)")
                            : Esl::wire::printable(name, {.maxChars = MaxNameChars}))
                .toUtf8();
        std::fprintf(out, "  %-40s %10lld\n", label.constData(), static_cast<long long>(count));
    }
}

} // namespace

bool passesWhere(const Monitor::Filter &where, const Esl::Message &message, const Esl::Event *event)
{
    if (event)
        return where.matches(Monitor::EslEventView(*event));
    if (message.contentType() != Esl::ContentType::LogData)
        return false;
    const Esl::Event line = Monitor::eventOf(Esl::LogLine::fromMessage(message));
    return where.matches(Monitor::EslEventView(line));
}

int runDecode(const DecodeOptions &options, FILE *out, FILE *err)
{
    Counts counts;
    int status = 0;
    for (const QString &name : options.files) {
        QFile file;
        bool opened = false;
        if (name == u"-")
            opened = file.open(stdin, QIODevice::ReadOnly);
        else {
            file.setFileName(name);
            opened = file.open(QIODevice::ReadOnly);
        }
        const QString label = name == u"-" ? QStringLiteral("<stdin>") : name;
        if (!opened) {
            printError(err, label + QStringLiteral(": ") + file.errorString());
            status = 1;
            continue;
        }
        // The fault may quote the input (a header value, an event's text): printError escapes it.
        const QString fault = FileDecoder(options, out, counts).run(file);
        if (!fault.isEmpty()) {
            std::fflush(out);
            printError(err, label + QStringLiteral(": ") + fault);
            status = 1;
        }
    }
    if (options.summary) {
        std::fprintf(out, "messages: %lld\nbytes: %lld\n", static_cast<long long>(counts.messages),
                     static_cast<long long>(counts.bytes));
        printTable(out, "content types", counts.contentTypes);
        printTable(out, "events", counts.events);
    }
    std::fflush(out);
    return status;
}

} // namespace Eslcat
