// The commands that choose what a connection gets besides replies: event, nixevent, noevents,
// filter, myevents, log and nolog — parse_command's texts and semantics (see eventgate.h).

#include "listener.h"

#include "commandtext.h"

namespace Sim {

using namespace CommandText;

namespace {

// switch_log_str2level: a number (clamped) or a level name; 64 (SWITCH_LOG_INVALID) otherwise.
int logLevel(const QByteArray &text)
{
    constexpr int invalid = 64;
    QByteArrayView digits = text;
    if (digits.startsWith('-') || digits.startsWith('+'))
        digits = digits.sliced(1);
    const bool number = std::all_of(digits.begin(), digits.end(),
                                    [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
    if (number) {
        const int x = cAtoi(text);
        return x > invalid ? invalid - 1 : x < 0 ? 0 : x;
    }
    static const char *const names[] = {"DISABLE", "CONSOLE", "ALERT", "CRIT", "ERR",
                                        "WARNING", "NOTICE",  "INFO",  "DEBUG"};
    for (int x = 0; x < int(std::size(names)); ++x) {
        if (Esl::equalsIgnoringCase(text, names[x]))
            return x - 1;
    }
    return invalid;
}

QByteArray formatName(Esl::Event::Format format)
{
    switch (format) {
    case Esl::Event::Format::Plain:
        return "plain";
    case Esl::Event::Format::Json:
        return "json";
    case Esl::Event::Format::Xml:
        return "xml";
    }
    return "invalid";
}

std::optional<Esl::Event::Format> parseFormat(QByteArrayView word)
{
    if (Esl::equalsIgnoringCase(word, "xml"))
        return Esl::Event::Format::Xml;
    if (Esl::equalsIgnoringCase(word, "plain"))
        return Esl::Event::Format::Plain;
    if (Esl::equalsIgnoringCase(word, "json"))
        return Esl::Event::Format::Json;
    return std::nullopt;
}

// The events `myevents` subscribes to.
constexpr const char *kMyEvents[] = {
    "CHANNEL_ANSWER",
    "CHANNEL_APPLICATION",
    "CHANNEL_BRIDGE",
    "CHANNEL_CREATE",
    "CHANNEL_DATA",
    "CHANNEL_DESTROY",
    "CHANNEL_EXECUTE",
    "CHANNEL_EXECUTE_COMPLETE",
    "CHANNEL_HANGUP",
    "CHANNEL_HANGUP_COMPLETE",
    "CHANNEL_ORIGINATE",
    "CHANNEL_UUID",
    "CHANNEL_OUTGOING",
    "CHANNEL_PARK",
    "CHANNEL_PROGRESS",
    "CHANNEL_PROGRESS_MEDIA",
    "CHANNEL_STATE",
    "CHANNEL_UNBRIDGE",
    "CHANNEL_UNPARK",
    "DETECTED_SPEECH",
    "DTMF",
    "NOTALK",
    "TALK",
};

} // namespace

QByteArray Listener::filter(const QByteArray &line)
{
    auto [name, value] = splitFirst(skipSpaces(line.mid(7)));
    if (Esl::equalsIgnoringCase(name, "delete") && value) {
        const auto [header, headerValue] = splitFirst(*value);
        if (Esl::equalsIgnoringCase(header, "all"))
            m_gate.deleteAllFilters();
        else
            m_gate.deleteFilter(header, headerValue);
        return "+OK filter deleted. [" + header + "][" + headerValue.value_or(QByteArray()) + ']';
    }
    if (!value)
        return QByteArrayLiteral("-ERR invalid syntax");
    if (Esl::equalsIgnoringCase(name, "add")) {
        std::tie(name, value) = splitFirst(*value);
        if (!value) // the switch adds nothing and prints the missing value as glibc does
            return "+OK filter added. [" + name + "]=[(null)]";
    }
    // An empty value deletes the header's filters, as adding an empty header to an event does.
    if (value->isEmpty())
        m_gate.deleteFilter(name, std::nullopt);
    else
        m_gate.addFilter(name, *value);
    return "+OK filter added. [" + name + "]=[" + *value + ']';
}

QByteArray Listener::myevents(const QByteArray &line)
{
    if (m_gate.myEvents())
        return QByteArrayLiteral("-ERR aready enabled.");
    QByteArray formatSource = line;
    if (m_sessionUuid.isEmpty()) {
        const auto [uuid, format] = splitFirst(line.mid(9));
        if (m_switch->hasChannel(QString::fromUtf8(uuid)))
            m_sessionUuid = QString::fromUtf8(uuid);
        else if (format)
            return QByteArrayLiteral("-ERR invalid uuid");
        // The switch cut the line after the uuid before it looks for a format: a format given
        // after a uuid is ignored.
        formatSource = line.left(9 + uuid.size());
    }
    for (const char *name : kMyEvents)
        m_gate.subscribe(name);
    m_gate.setMyEvents(m_sessionUuid);
    m_eventsEnabled = true;
    if (formatSource.contains("xml") || formatSource.contains("XML"))
        m_format = Esl::Event::Format::Xml;
    if (formatSource.contains("json") || formatSource.contains("JSON"))
        m_format = Esl::Event::Format::Json;
    return QByteArrayLiteral("+OK Events Enabled");
}

QByteArray Listener::log(const QByteArray &line)
{
    if (!m_allowLog)
        return QByteArrayLiteral("-ERR permission denied");
    const QByteArray levelText = splitFirst(skipSpaces(line.mid(3))).first;
    const int level = levelText.isEmpty() ? 7 : logLevel(levelText);
    if (level == 64)
        return QByteArrayLiteral("-ERR invalid log level");
    m_logLevel = level;
    m_logEnabled = true;
    connect(m_switch, &Switch::logged, this, &Listener::onLogged, Qt::UniqueConnection);
    return "+OK log level " + levelText + " [" + QByteArray::number(level) + ']';
}

QByteArray Listener::event(const QByteArray &line)
{
    int keys = 0;
    bool custom = false;
    const QList<QByteArray> words = keywords(line, 5);
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QByteArray &word = words[i];
        if (i == 0) {
            if (const auto format = parseFormat(word)) {
                m_format = *format;
                continue;
            }
        }
        if (custom) {
            if (m_restrictEvents && !m_allowedSubclasses.contains(word))
                return QByteArrayLiteral("-ERR permission denied");
            m_gate.subscribeSubclass(word);
            continue;
        }
        const QByteArray name = EventGate::canonicalName(word);
        if (name.isEmpty())
            continue;
        if (m_restrictEvents && !m_allowedEvents.contains(name) && !m_allEventsAllowed)
            return QByteArrayLiteral("-ERR permission denied");
        ++keys;
        m_gate.subscribe(name);
        if (name == "ALL") {
            if (!m_restrictEvents)
                m_gate.subscribeAllSubclasses();
            for (const QByteArray &subclass : std::as_const(m_allowedSubclasses))
                m_gate.subscribeSubclass(subclass);
        }
        custom = custom || name == "CUSTOM";
    }
    if (!keys)
        return QByteArrayLiteral("-ERR no keywords supplied");
    m_eventsEnabled = true;
    return "+OK event listener enabled " + formatName(m_format);
}

QByteArray Listener::nixevent(const QByteArray &line)
{
    int keys = 0;
    bool custom = false;
    for (const QByteArray &word : keywords(line, 8)) {
        if (custom) {
            m_gate.unsubscribeSubclass(word);
            continue;
        }
        const QByteArray name = EventGate::canonicalName(word);
        if (name.isEmpty())
            continue;
        ++keys;
        if (name == "CUSTOM")
            custom = true;
        else
            m_gate.unsubscribe(name);
    }
    if (!keys)
        return QByteArrayLiteral("-ERR no keywords supplied");
    m_eventsEnabled = true;
    return QByteArrayLiteral("+OK events nixed");
}

QByteArray Listener::noevents()
{
    flushQueued(Kind::Event);
    if (!m_eventsEnabled)
        return QByteArrayLiteral("-ERR not listening for events");
    m_eventsEnabled = false;
    m_gate.clearSubscriptions();
    return QByteArrayLiteral("+OK no longer listening for events");
}

QByteArray Listener::nolog()
{
    flushQueued(Kind::Log);
    if (!m_logEnabled)
        return QByteArrayLiteral("-ERR not loging");
    m_logEnabled = false;
    disconnect(m_switch, &Switch::logged, this, &Listener::onLogged);
    return QByteArrayLiteral("+OK no longer logging");
}

} // namespace Sim
