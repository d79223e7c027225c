#include "simvalet.h"

#include "channel.h"
#include "separatewords.h"
#include "simids.h"
#include "simswitch.h"

#include <QRegularExpression>

namespace Sim {

namespace {

const QString kHoldMusic = QStringLiteral("tone_stream://%(2000,4000,440,480);loops=-1");
constexpr int kMaxAutoScan = 100000; // next_id counts on without bound when max is 0

} // namespace

SimValet::SimValet(Switch *sw) : Module(sw)
{
    connect(&m_traffic, &QTimer::timeout, this, &SimValet::trafficTick);
}

SimValet::~SimValet() = default;

bool SimValet::answersApi(QStringView command) const
{
    return command == u"valet_info";
}

QByteArray SimValet::api(const QString &command, const QString &rest)
{
    Q_UNUSED(command)
    return valetInfo(rest.trimmed());
}

QByteArray SimValet::valetInfo(const QString &lotName) const
{
    // valet_info_function: every lot (or the one whose name matches without case), the slots
    // not timed out; the name printed as it is, unescaped.
    QByteArray out = "<lots>\n";
    for (const auto &[name, lot] : m_lots) {
        if (!lotName.isEmpty() && lotName.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        out += "  <lot name=\"" + name.toUtf8() + "\">\n";
        for (auto it = lot.slots.cbegin(); it != lot.slots.cend(); ++it)
            out += "    <extension uuid=\"" + it->uuid.toUtf8() + "\">" + it.key().toUtf8() +
                   "</extension>\n";
        out += "  </lot>\n";
    }
    return out + "</lots>\n";
}

bool SimValet::runsApp(QStringView application) const
{
    return application == u"valet_park";
}

std::optional<std::pair<QString, QString>> SimValet::route(const QString &exten) const
{
    if (exten == u"6100")
        return std::pair{QStringLiteral("valet_park"), QStringLiteral("corpus_lot auto in 6101 6109")};
    static const QRegularExpression slot(QStringLiteral("^((?!6000)60\\d{2})$"));
    if (slot.match(exten).hasMatch())
        return std::pair{QStringLiteral("valet_park"), QStringLiteral("valet_parking_lot ") + exten};
    return std::nullopt;
}

void SimValet::usage()
{
    sw()->log(LogEntry{3, QStringLiteral("mod_valet_parking.c"),
                       QStringLiteral("valet_parking_function"), 0, {},
                       "Usage: <lotname> <extension>|[ask [<min>] [<max>] [<to>] [<prompt>]|auto "
                       "in [min] [max]]\n"});
}

int SimValet::runApp(Channel &channel, const QString &, const QString &argument)
{
    // The vanilla 60XX extension answers first; a call transferred inline may not be.
    if (channel.answerState != u"answered")
        sw()->answer(channel);
    const QStringList argv = separateWords(argument, 6);
    if (argv.size() < 2) {
        usage();
        return 0;
    }
    const QString lotName = argv[0];
    QString ext = argv[1];
    Lot &lot = m_lots[lotName]; // valet_find_lot(name, SWITCH_TRUE)
    if (ext.compare(u"auto", Qt::CaseInsensitive) == 0) {
        if (argv.size() < 5) {
            usage();
            return 0;
        }
        const QString io = argv[2].toLower();
        int min = argv[3].toInt();
        const int max = argv[4].toInt();
        min = min > 0 ? min : 1;
        if (io == u"in") {
            // next_id: the first number from min with no token, while i < max (or max is 0).
            for (int i = min; (i < max || max == 0) && i < min + kMaxAutoScan; ++i) {
                if (!lot.slots.contains(QString::number(i)))
                    return park(channel, lotName, QString::number(i));
            }
        } else if (io == u"out") {
            // find_longest: the slot parked longest within [min, max].
            QString longest;
            qint64 since = 0;
            for (auto it = lot.slots.cbegin(); it != lot.slots.cend(); ++it) {
                const int n = it.key().toInt();
                if (n >= min && n <= max && !it->bridged && (longest.isEmpty() || it->startMs < since)) {
                    longest = it.key();
                    since = it->startMs;
                }
            }
            if (!longest.isEmpty())
                return retrieve(channel, lotName, longest, lot.slots[longest]);
        } else {
            usage();
            return 0;
        }
        sw()->log(LogEntry{3, QStringLiteral("mod_valet_parking.c"),
                           QStringLiteral("valet_parking_function"), 0, channel.uuid,
                           channel.name.toUtf8() + " lot is " + (io == u"in" ? "full" : "empty") +
                               ".\n"});
        return 0;
    }
    const auto taken = lot.slots.find(ext);
    if (taken != lot.slots.end() && !taken->bridged && taken->uuid != channel.uuid &&
        sw()->channel(taken->uuid))
        return retrieve(channel, lotName, ext, *taken);
    return park(channel, lotName, ext);
}

int SimValet::park(Channel &channel, const QString &lotName, const QString &ext)
{
    Lot &lot = m_lots[lotName];
    lot.slots.insert(ext, Token{channel.uuid, QDateTime::currentMSecsSinceEpoch(), false});
    QString music = channel.variable("valet_hold_music");
    if (music.isEmpty())
        music = channel.variable("hold_music");
    if (music.isEmpty())
        music = kHoldMusic;
    channel.setVariable("inline_destination",
                        QStringLiteral("set:valet_ticket=%1,set:valet_hold_music=%2,sleep:1000,"
                                       "valet_park:%3 %4")
                            .arg(channel.uuid, music, lotName, ext));
    fireInfo(channel, lotName, ext, "hold", "valet_parking_function", 684);
    firePresence(lotName, ext, true, false);
    channel.setVariable("valet_lot_extension", ext);
    Esl::HeaderList post;
    post.append("Playback-File-Type", music.section(u':', 0, 0).toUtf8());
    post.append("Playback-File-Path", music.toUtf8());
    sw()->fireChannelEvent("PLAYBACK_START", channel, {}, post, true, false);
    return -1; // the hold music plays until the channel leaves (appEnded)
}

int SimValet::retrieve(Channel &channel, const QString &lotName, const QString &ext, Token &token)
{
    Channel *parked = sw()->channel(token.uuid);
    if (!parked)
        return park(channel, lotName, ext);
    // The event carries the parked channel's data and whom it is bridged to.
    fireInfo(*parked, lotName, ext, "bridge", "valet_parking_function", 579, channel.uuid);
    token.bridged = true;
    // switch_ivr_uuid_bridge: both leave what they run (the parked one its valet_park: exit),
    // then they are bridged.
    const QString retriever = channel.uuid;
    const QString parkedUuid = token.uuid;
    QTimer::singleShot(0, this, [this, retriever, parkedUuid] {
        if (!sw()->uuidBridge(retriever, parkedUuid))
            sw()->finishBackgroundApp(retriever, QStringLiteral("_none_"));
    });
    return -1;
}

void SimValet::appEnded(const QString &uuid, const QString &)
{
    // The parked channel left valet_park: retrieved, transferred or hung up.
    for (auto &[name, lot] : m_lots) {
        for (auto it = lot.slots.begin(); it != lot.slots.end(); ++it) {
            if (it->uuid != uuid)
                continue;
            const QString ext = it.key();
            const bool bridged = it->bridged;
            lot.slots.erase(it);
            if (Channel *c = sw()->channel(uuid)) {
                Esl::HeaderList post;
                const QString music = c->variable("valet_hold_music").isEmpty()
                                          ? kHoldMusic
                                          : c->variable("valet_hold_music");
                post.append("Playback-File-Type", music.section(u':', 0, 0).toUtf8());
                post.append("Playback-File-Path", music.toUtf8());
                post.append("Playback-Status", "done");
                sw()->fireChannelEvent("PLAYBACK_STOP", *c, {}, post, true, false);
                firePresence(name, ext, false, bridged);
                fireInfo(*c, name, ext, "exit", "valet_parking_function", 749);
            }
            return;
        }
    }
}

void SimValet::fireInfo(const Channel &channel, const QString &lot, const QString &ext,
                        QByteArrayView action, QByteArrayView function, int line,
                        const QString &bridgeTo)
{
    Esl::HeaderList h;
    h.append("Event-Subclass", "valet_parking::info");
    const Esl::HeaderList base = sw()->eventBase("CUSTOM", "mod_valet_parking.c", function, line);
    for (qsizetype i = 0; i < base.size(); ++i)
        h.append(base.name(i), base.value(i));
    h.append("Valet-Lot-Name", lot.toUtf8());
    h.append("Valet-Extension", ext.toUtf8());
    h.append("Action", action);
    if (!bridgeTo.isEmpty())
        h.append("Bridge-To-UUID", bridgeTo.toUtf8());
    channel.appendChannelData(h);
    if (!channel.otherUuid.isEmpty()) {
        if (const Channel *other = sw()->channel(channel.otherUuid))
            channel.appendOtherLeg(h, *other);
    }
    channel.appendVariables(h);
    sw()->fire(Esl::Event(std::move(h), {}, false));
}

void SimValet::firePresence(const QString &lotName, const QString &ext, bool in, bool bridged)
{
    // valet_send_presence: the lot's count, then the slot.
    const QByteArray domain = sw()->config().ipv4.toUtf8();
    const auto presence = [&](const QByteArray &login, int line, const QByteArray &status,
                              const QByteArray &rpid, const QByteArray &state,
                              const QByteArray &answer, const QByteArray &direction) {
        Esl::HeaderList h = sw()->eventBase("PRESENCE_IN", "mod_valet_parking.c",
                                            "valet_send_presence", line);
        h.append("proto", "park");
        h.append("login", login);
        h.append("from", login + '@' + domain);
        h.append("force-status", status);
        h.append("rpid", rpid);
        h.append("event_type", "presence");
        h.append("alt_event_type", "dialog");
        h.append("event_count", QByteArray::number(m_presenceCount++));
        h.append("unique-id", login);
        h.append("channel-state", state);
        h.append("answer-state", answer);
        h.append("presence-call-direction", direction);
        sw()->fire(Esl::Event(std::move(h), {}, false));
    };
    const int count = int(m_lots[lotName].slots.size());
    const QByteArray lot = lotName.toUtf8();
    if (count > 0)
        presence(lot, 333,
                 "Active (" + QByteArray::number(count) + " caller" + (count == 1 ? "" : "s") + ')',
                 "active", "CS_ROUTING", "confirmed", "inbound");
    else
        presence(lot, 351, "Empty", "unknown", "CS_HANGUP", "terminated", "inbound");
    if (in)
        presence(ext.toUtf8(), 373, bridged ? "Active" : "Holding", "active", "CS_ROUTING",
                 "confirmed", bridged ? "inbound" : "outbound");
    else
        presence(ext.toUtf8(), 389, "Empty", "unknown", "CS_HANGUP", "terminated", "inbound");
}

QMap<QString, QString> SimValet::parked() const
{
    QMap<QString, QString> out;
    for (const auto &[name, lot] : m_lots) {
        for (auto it = lot.slots.cbegin(); it != lot.slots.cend(); ++it)
            out.insert(name + u'/' + it.key(), it->uuid);
    }
    return out;
}

void SimValet::reset()
{
    m_lots.clear();
    m_presenceCount = 0;
}

} // namespace Sim
