// libFuzzer target for the supervisor panels' stores (conferences, queues, registrations,
// gateways, parking): what a hostile switch answers to their listing commands and the module
// events it sends. The input is parts separated by the byte 0x1e; a part starting with 'r' is
// the body of the next api reply (every command any store sends takes the next one, in order;
// when they run out, the link has gone), one starting with 'e' is an event in plain form
// ("Name: value" lines, percent-encoded) that every store is handed, whatever its subclass.
// Every store syncs, takes the events, and syncs again. Besides not crashing:
//  - a sync never hangs: it ends synced, failed or with the module missing;
//  - rowCount() and rows() agree; no store holds more than kMaxRows rows, nor a row more than
//    kMaxItems members, agents, slots or whatever it lists;
//  - a sync that fails keeps what the store had.

#include "esl/promise.h"
#include "monitor/panelstore.h"
#include "monitor/supervisorpanels.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>

namespace {

[[noreturn]] void fail(const char *what, const QString &kind)
{
    std::fprintf(stderr, "fuzz_panels: %s: %s\n", qPrintable(kind), what);
    __builtin_trap();
}

constexpr qsizetype kMaxParts = 256;
constexpr qint64 kNow = 1'700'000'000'000;

Esl::Reply apiResponse(const QByteArray &body)
{
    Esl::HeaderList headers;
    headers.append("Content-Type", "api/response");
    return Esl::Reply(Esl::Message(headers, body, true));
}

void checkRows(const Monitor::PanelStore &store)
{
    const QList<QJsonObject> rows = store.rows(kNow);
    if (rows.size() != store.rowCount())
        fail("rows() and rowCount() disagree", store.kind());
    if (store.rowCount() > Monitor::PanelStore::kMaxRows)
        fail("more rows than kMaxRows", store.kind());
    for (const QJsonObject &row : rows) {
        for (auto it = row.begin(); it != row.end(); ++it) {
            if (it->isArray() && it->toArray().size() > Monitor::PanelStore::kMaxItems)
                fail("a row lists more than kMaxItems", store.kind());
        }
    }
}

void checkSettled(const Monitor::PanelStore &store)
{
    const Monitor::PanelSyncState state = store.syncState();
    if (state == Monitor::PanelSyncState::Syncing || state == Monitor::PanelSyncState::NotSynced)
        fail("a sync whose every command was answered did not end", store.kind());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArray> replies;
    QList<Esl::Event> events;
    for (const QByteArray &part : input.split('\x1e')) {
        if (part.isEmpty() || replies.size() + events.size() >= kMaxParts)
            continue;
        if (part[0] == 'r') {
            replies.append(part.mid(1));
        } else if (part[0] == 'e') {
            if (Esl::Expected<Esl::Event> event = Esl::Event::fromPlain(part.mid(1)))
                events.append(std::move(*event));
        }
    }

    qsizetype next = 0;
    const Monitor::PanelStore::Api api = [&](const QString &) {
        if (next < replies.size())
            return Esl::detail::readyFuture(apiResponse(replies[next++]));
        return Esl::detail::readyFuture(Esl::Reply::failure(
            Esl::Error{Esl::Error::Code::Disconnected, QStringLiteral("the link went")}));
    };

    Monitor::SupervisorPanels panels;
    panels.sync(api, kNow);
    for (const Monitor::PanelStore *store : panels.stores()) {
        checkSettled(*store);
        checkRows(*store);
    }
    for (const Esl::Event &event : std::as_const(events)) {
        for (Monitor::PanelStore *store : panels.stores()) {
            store->apply(event, kNow);
            checkRows(*store);
        }
        panels.onEvent(event, kNow);
    }
    QList<int> before;
    for (const Monitor::PanelStore *store : panels.stores())
        before.append(store->rowCount());
    panels.sync(api, kNow + 1000);
    for (qsizetype i = 0; i < panels.stores().size(); ++i) {
        const Monitor::PanelStore *store = panels.stores()[i];
        checkSettled(*store);
        checkRows(*store);
        if (store->syncState() == Monitor::PanelSyncState::Failed &&
            store->rowCount() != before[i])
            fail("a failed sync changed what the store had", store->kind());
    }
    return 0;
}
