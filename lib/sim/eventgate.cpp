#include "eventgate.h"

namespace Sim {

const QList<QByteArray> &EventGate::eventNames()
{
    static const QList<QByteArray> names = {
        "CUSTOM",
        "CLONE",
        "CHANNEL_CREATE",
        "CHANNEL_DESTROY",
        "CHANNEL_STATE",
        "CHANNEL_CALLSTATE",
        "CHANNEL_ANSWER",
        "CHANNEL_HANGUP",
        "CHANNEL_HANGUP_COMPLETE",
        "CHANNEL_EXECUTE",
        "CHANNEL_EXECUTE_COMPLETE",
        "CHANNEL_HOLD",
        "CHANNEL_UNHOLD",
        "CHANNEL_BRIDGE",
        "CHANNEL_UNBRIDGE",
        "CHANNEL_PROGRESS",
        "CHANNEL_PROGRESS_MEDIA",
        "CHANNEL_OUTGOING",
        "CHANNEL_PARK",
        "CHANNEL_UNPARK",
        "CHANNEL_APPLICATION",
        "CHANNEL_ORIGINATE",
        "CHANNEL_UUID",
        "API",
        "LOG",
        "INBOUND_CHAN",
        "OUTBOUND_CHAN",
        "STARTUP",
        "SHUTDOWN",
        "PUBLISH",
        "UNPUBLISH",
        "TALK",
        "NOTALK",
        "SESSION_CRASH",
        "MODULE_LOAD",
        "MODULE_UNLOAD",
        "DTMF",
        "MESSAGE",
        "PRESENCE_IN",
        "NOTIFY_IN",
        "PRESENCE_OUT",
        "PRESENCE_PROBE",
        "MESSAGE_WAITING",
        "MESSAGE_QUERY",
        "ROSTER",
        "CODEC",
        "BACKGROUND_JOB",
        "DETECTED_SPEECH",
        "DETECTED_TONE",
        "PRIVATE_COMMAND",
        "HEARTBEAT",
        "TRAP",
        "ADD_SCHEDULE",
        "DEL_SCHEDULE",
        "EXE_SCHEDULE",
        "RE_SCHEDULE",
        "RELOADXML",
        "NOTIFY",
        "PHONE_FEATURE",
        "PHONE_FEATURE_SUBSCRIBE",
        "SEND_MESSAGE",
        "RECV_MESSAGE",
        "REQUEST_PARAMS",
        "CHANNEL_DATA",
        "GENERAL",
        "COMMAND",
        "SESSION_HEARTBEAT",
        "CLIENT_DISCONNECTED",
        "SERVER_DISCONNECTED",
        "SEND_INFO",
        "RECV_INFO",
        "RECV_RTCP_MESSAGE",
        "SEND_RTCP_MESSAGE",
        "CALL_SECURE",
        "NAT",
        "RECORD_START",
        "RECORD_STOP",
        "PLAYBACK_START",
        "PLAYBACK_STOP",
        "CALL_UPDATE",
        "FAILURE",
        "SOCKET_DATA",
        "MEDIA_BUG_START",
        "MEDIA_BUG_STOP",
        "CONFERENCE_DATA_QUERY",
        "CONFERENCE_DATA",
        "CALL_SETUP_REQ",
        "CALL_SETUP_RESULT",
        "CALL_DETAIL",
        "DEVICE_STATE",
        "TEXT",
        "SHUTDOWN_REQUESTED",
        "ALL",
    };
    return names;
}

QByteArray EventGate::canonicalName(QByteArrayView name)
{
    for (const QByteArray &known : eventNames()) {
        if (Esl::equalsIgnoringCase(name, known))
            return known;
        if (name.size() > 13 && Esl::equalsIgnoringCase(name.sliced(13), known))
            return known;
    }
    return {};
}

void EventGate::subscribe(const QByteArray &name)
{
    if (name == "ALL") {
        m_all = true;
        for (const QByteArray &known : eventNames())
            m_names.insert(known);
        return;
    }
    m_names.insert(name);
}

void EventGate::unsubscribe(const QByteArray &name)
{
    if (name == "ALL") {
        m_all = false;
        m_names.clear();
        return;
    }
    // Taking one type out of ALL leaves every other type subscribed one by one.
    if (m_all) {
        m_all = false;
        for (const QByteArray &known : eventNames()) {
            if (known != "ALL")
                m_names.insert(known);
        }
    }
    m_names.remove(name);
}

void EventGate::subscribeSubclass(const QByteArray &subclass)
{
    m_subclasses.insert(subclass);
    m_removedSubclasses.remove(subclass);
}

void EventGate::unsubscribeSubclass(const QByteArray &subclass)
{
    m_subclasses.remove(subclass);
    m_removedSubclasses.insert(subclass);
}

void EventGate::clearSubscriptions()
{
    m_all = false;
    m_names.clear();
    m_allSubclasses = false;
    m_subclasses.clear();
    m_removedSubclasses.clear();
}

bool EventGate::isSubscribed(QByteArrayView eventName, QByteArrayView subclass) const
{
    if (m_all)
        return true;
    const QByteArray name = eventName.toByteArray();
    if (!m_names.contains(name))
        return false;
    if (name != "CUSTOM" || subclass.isEmpty())
        return true;
    const QByteArray sub = subclass.toByteArray();
    return m_subclasses.contains(sub) || (m_allSubclasses && !m_removedSubclasses.contains(sub));
}

void EventGate::addFilter(const QByteArray &header, const QByteArray &value)
{
    Filter filter;
    filter.header = header;
    filter.value = value;
    qsizetype i = 0;
    for (; i < value.size(); ++i) {
        if (value[i] == '+')
            filter.positive = true;
        else if (value[i] == '-')
            filter.positive = false;
        else if (value[i] != ' ')
            break;
    }
    filter.compared = value.mid(i);
    // The switch looks at the value as given: "-/re/" is compared as text, not as a regex.
    if (value.startsWith('/')) {
        const qsizetype close = filter.compared.lastIndexOf('/');
        if (close > 0) {
            filter.isRegex = true;
            QRegularExpression::PatternOptions options;
            const QByteArray flags = filter.compared.mid(close + 1);
            if (flags.contains('i'))
                options |= QRegularExpression::CaseInsensitiveOption;
            if (flags.contains('s'))
                options |= QRegularExpression::DotMatchesEverythingOption;
            filter.regex =
                QRegularExpression(QString::fromUtf8(filter.compared.mid(1, close - 1)), options);
        } else {
            // "missing ending '/' delimeter": the switch's regex never matches.
            filter.isRegex = true;
            filter.regex = QRegularExpression(QStringLiteral("(?!)"));
        }
    }
    m_filters.append(std::move(filter));
}

void EventGate::deleteFilter(QByteArrayView header, const std::optional<QByteArray> &value)
{
    m_filters.removeIf([&](const Filter &filter) {
        return Esl::equalsIgnoringCase(filter.header, header) &&
               (!value || value->isEmpty() || filter.value == *value);
    });
}

bool EventGate::passesFilters(const Esl::Event &event) const
{
    if (m_filters.isEmpty())
        return true;
    bool send = false;
    for (const Filter &filter : m_filters) {
        const QByteArrayView value = event.header(filter.header);
        if (value.isNull())
            continue;
        if (send && filter.positive)
            continue;
        const bool matches =
            filter.isRegex
                ? filter.regex.isValid() && filter.regex.match(QString::fromUtf8(value)).hasMatch()
                : Esl::equalsIgnoringCase(value, filter.compared);
        if (!matches)
            continue;
        if (!filter.positive)
            return false;
        send = true;
    }
    return send;
}

void EventGate::setMyEvents(const QString &uuid)
{
    m_myEvents = true;
    m_myUuid = uuid.toUtf8();
}

bool EventGate::passesMyEvents(const Esl::Event &event) const
{
    if (!m_myEvents)
        return true;
    const QByteArrayView uuid = event.header("Unique-ID");
    bool send = !uuid.isNull() && (m_myUuid.isEmpty() || uuid == m_myUuid);
    if (!m_myUuid.isEmpty() && event.header("Job-Owner-UUID") == m_myUuid)
        send = true;
    return send;
}

bool EventGate::passes(const Esl::Event &event) const
{
    return isSubscribed(event.eventName(), event.subclass()) && passesFilters(event) &&
           passesMyEvents(event);
}

} // namespace Sim
