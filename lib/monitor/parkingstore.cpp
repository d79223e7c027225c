#include "parkingstore.h"

#include "valetinfo.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace Monitor {

ParkingStore::ParkingStore(QObject *parent) : PanelStore(parent) {}

ParkingStore::~ParkingStore() = default;

bool ParkingStore::slotBefore(const QString &a, const QString &b)
{
    bool aNumber = false;
    bool bNumber = false;
    const qlonglong x = a.toLongLong(&aNumber);
    const qlonglong y = b.toLongLong(&bNumber);
    if (aNumber && bNumber && x != y)
        return x < y;
    if (aNumber != bNumber)
        return aNumber;
    return a < b;
}

const ParkingLot *ParkingStore::lot(const QString &name) const
{
    for (const ParkingLot &l : m_lots) {
        if (l.name == name)
            return &l;
    }
    return nullptr;
}

const ParkedCall *ParkingStore::slot(const QString &lotName, const QString &extension) const
{
    if (const ParkingLot *l = lot(lotName)) {
        for (const ParkedCall &s : l->slots) {
            if (s.extension == extension)
                return &s;
        }
    }
    return nullptr;
}

const ParkedCall *ParkingStore::findParked(const QString &uuid, QString *lotName) const
{
    for (const ParkingLot &l : m_lots) {
        for (const ParkedCall &s : l.slots) {
            if (s.uuid == uuid) {
                if (lotName)
                    *lotName = l.name;
                return &s;
            }
        }
    }
    return nullptr;
}

int ParkingStore::parkedCount() const
{
    int n = 0;
    for (const ParkingLot &l : m_lots)
        n += int(l.slots.size());
    return n;
}

QList<QJsonObject> ParkingStore::rows(qint64 nowMs) const
{
    QList<QJsonObject> out;
    out.reserve(m_lots.size());
    // A link that is down freezes the clock where the store last knew the lots.
    const qint64 atMs = isStale() ? std::min(nowMs, staleSinceMs()) : nowMs;
    for (const ParkingLot &l : m_lots) {
        QJsonArray slots;
        for (const ParkedCall &s : l.slots) {
            // A call only a listing saw was parked then or earlier: how long is a lower bound,
            // so "parkedSeconds" is null and "parkedAtLeastSeconds" has it (the panel's "≥ …").
            const qint64 seconds = std::max<qint64>(0, (atMs - s.parkedSinceMs) / 1000);
            QJsonObject o{{QStringLiteral("extension"), s.extension},
                          {QStringLiteral("uuid"), s.uuid},
                          {QStringLiteral("callerName"), s.callerName},
                          {QStringLiteral("callerNumber"), s.callerNumber},
                          {QStringLiteral("parkedSinceMs"), s.parkedSinceMs},
                          {QStringLiteral("parkedSeconds"),
                           s.sinceListing ? QJsonValue(QJsonValue::Null) : QJsonValue(seconds)},
                          {QStringLiteral("parkedAtLeastSeconds"), seconds},
                          {QStringLiteral("sinceListing"), s.sinceListing}};
            if (!s.retrievedBy.isEmpty())
                o.insert(QStringLiteral("retrievedBy"), s.retrievedBy);
            slots.append(o);
        }
        out.append(QJsonObject{{QStringLiteral("lot"), l.name},
                               {QStringLiteral("parked"), int(l.slots.size())},
                               {QStringLiteral("slots"), slots}});
    }
    return out;
}

void ParkingStore::startSync(qint64 nowMs)
{
    request(QStringLiteral("valet_info"), [this, nowMs](const Esl::Reply &reply) {
        auto parsed = parseValetInfo(reply.body(), kMaxRows, kMaxItems);
        if (!parsed) {
            failSync(parsed.error().message);
            return;
        }
        // The listing is the switch's word; what the store knew of a call still parked in the
        // same slot (its caller, since when) stays.
        QHash<QString, ParkedCall> known;
        for (const ParkingLot &l : std::as_const(m_lots)) {
            for (const ParkedCall &s : l.slots)
                known.insert(s.uuid, s);
        }
        QList<ParkingLot> lots;
        lots.reserve(parsed->size());
        QStringList unknownCallers;
        for (const ValetListedLot &listed : std::as_const(*parsed)) {
            ParkingLot l{listed.name, {}};
            l.slots.reserve(listed.slots.size());
            for (const ValetListedSlot &ls : listed.slots) {
                ParkedCall s;
                const auto it = known.constFind(ls.uuid);
                if (it != known.cend() && it->extension == ls.extension) {
                    s = *it;
                } else {
                    s.parkedSinceMs = nowMs;
                    s.sinceListing = true;
                }
                s.extension = ls.extension;
                s.uuid = ls.uuid;
                if (s.callerName.isEmpty() && s.callerNumber.isEmpty() &&
                    unknownCallers.size() < kMaxCallerLookups)
                    unknownCallers.append(s.uuid);
                l.slots.append(s);
            }
            std::sort(l.slots.begin(), l.slots.end(), [](const ParkedCall &a, const ParkedCall &b) {
                return slotBefore(a.extension, b.extension);
            });
            lots.append(l);
        }
        std::sort(lots.begin(), lots.end(),
                  [](const ParkingLot &a, const ParkingLot &b) { return a.name < b.name; });
        m_lots = std::move(lots);
        if (unknownCallers.isEmpty()) {
            finishSync(nowMs);
            return;
        }
        // The listing is in: the sync is done, whatever the lookups below answer.
        finishSync(nowMs);
        // valet_info names no caller: ask the channels parked before the store saw them (once;
        // later syncs keep what they learned). A channel gone meanwhile answers -ERR: no name.
        QStringList dumps;
        for (const QString &uuid : std::as_const(unknownCallers))
            dumps.append(QStringLiteral("uuid_dump %1 json").arg(uuid));
        followUp(dumps, [this, unknownCallers](const Replies &replies) {
            for (int i = 0; i < replies.size() && i < unknownCallers.size(); ++i) {
                if (!replies[i].error())
                    fillCaller(unknownCallers[i], replies[i].body());
            }
            notifyChanged();
        });
    });
}

void ParkingStore::fillCaller(const QString &uuid, const QByteArray &dump)
{
    if (dump.size() > kMaxDumpBytes || !dump.trimmed().startsWith('{'))
        return;
    const QJsonObject o = QJsonDocument::fromJson(dump).object();
    const QString name = o.value(QLatin1String("Caller-Caller-ID-Name")).toString().left(256);
    const QString number = o.value(QLatin1String("Caller-Caller-ID-Number")).toString().left(256);
    for (ParkingLot &l : m_lots) {
        for (ParkedCall &s : l.slots) {
            if (s.uuid == uuid && s.callerName.isEmpty() && s.callerNumber.isEmpty()) {
                s.callerName = name;
                s.callerNumber = number;
            }
        }
    }
}

ParkingLot &ParkingStore::lotNamed(const QString &name)
{
    const auto at = std::lower_bound(m_lots.begin(), m_lots.end(), name,
                                     [](const ParkingLot &l, const QString &n) { return l.name < n; });
    if (at != m_lots.end() && at->name == name)
        return *at;
    return *m_lots.insert(at, ParkingLot{name, {}});
}

ParkedCall *ParkingStore::slotIn(ParkingLot &lot, const QString &extension)
{
    for (ParkedCall &s : lot.slots) {
        if (s.extension == extension)
            return &s;
    }
    return nullptr;
}

bool ParkingStore::applyEvent(const Esl::Event &event, qint64 nowMs)
{
    const QString lot = event.text("Valet-Lot-Name");
    const QString ext = event.text("Valet-Extension");
    const QByteArrayView action = event.header("Action");
    if (lot.isEmpty() || ext.isEmpty() || lot.size() > 256 || ext.size() > 256) {
        countUnmatched();
        return false;
    }
    if (action == "hold")
        return applyHold(event, lot, ext, nowMs);
    if (action == "bridge")
        return applyBridge(event, lot, ext);
    if (action == "exit")
        return applyExit(event, lot, ext);
    countUnmatched();
    return false;
}

bool ParkingStore::applyHold(const Esl::Event &event, const QString &lotName, const QString &ext,
                             qint64 nowMs)
{
    const QString uuid = event.uniqueId();
    if (uuid.isEmpty()) {
        countUnmatched();
        return false;
    }
    if (!lot(lotName) && m_lots.size() >= kMaxRows) {
        countUnmatched();
        return false;
    }
    ParkingLot &l = lotNamed(lotName);
    // A call parks in one slot at a time: a hold elsewhere means an exit was missed.
    for (ParkingLot &other : m_lots) {
        other.slots.removeIf([&](const ParkedCall &s) {
            return s.uuid == uuid && !(other.name == lotName && s.extension == ext);
        });
    }
    ParkedCall s;
    s.extension = ext;
    s.uuid = uuid;
    s.callerName = event.text("Caller-Caller-ID-Name");
    s.callerNumber = event.text("Caller-Caller-ID-Number");
    s.parkedSinceMs = nowMs;
    if (ParkedCall *existing = slotIn(l, ext)) {
        *existing = s; // the module replaces the slot's token
        return true;
    }
    if (l.slots.size() >= kMaxItems) {
        countUnmatched();
        return false;
    }
    const auto at = std::lower_bound(l.slots.begin(), l.slots.end(), ext,
                                     [](const ParkedCall &c, const QString &e) {
                                         return slotBefore(c.extension, e);
                                     });
    l.slots.insert(at, s);
    return true;
}

bool ParkingStore::applyBridge(const Esl::Event &event, const QString &lotName, const QString &ext)
{
    // The event carries the parked channel's data; Bridge-To-UUID is whoever dialled the slot.
    ParkingLot *l = nullptr;
    for (ParkingLot &candidate : m_lots) {
        if (candidate.name == lotName)
            l = &candidate;
    }
    ParkedCall *s = l ? slotIn(*l, ext) : nullptr;
    if (!s || s->uuid != event.uniqueId()) {
        countUnmatched();
        return false;
    }
    s->retrievedBy = event.text("Bridge-To-UUID");
    return true;
}

bool ParkingStore::applyExit(const Esl::Event &event, const QString &lotName, const QString &ext)
{
    ParkingLot *l = nullptr;
    for (ParkingLot &candidate : m_lots) {
        if (candidate.name == lotName)
            l = &candidate;
    }
    const QString uuid = event.uniqueId();
    if (!l) {
        countUnmatched();
        return false;
    }
    const auto removed = l->slots.removeIf(
        [&](const ParkedCall &s) { return s.extension == ext && s.uuid == uuid; });
    if (removed == 0) {
        countUnmatched();
        return false;
    }
    return true;
}

void ParkingStore::clearState()
{
    m_lots.clear();
}

} // namespace Monitor
