#include "console/switchfacts.h"

#include "esl/commands.h"
#include "esl/reply.h"

#include <QPointer>

#include <algorithm>

namespace Console {

namespace {

QString commandFor(SwitchFacts::Fact fact)
{
    switch (fact) {
    case SwitchFacts::Fact::Apis:
        return QStringLiteral("show api as json");
    case SwitchFacts::Fact::Applications:
        return QStringLiteral("show application as json");
    case SwitchFacts::Fact::RecordingsDir:
        return QStringLiteral("global_getvar recordings_dir");
    }
    return {};
}

bool hasControl(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
               c == QChar::ParagraphSeparator;
    });
}

} // namespace

SwitchFacts::SwitchFacts(Monitor::Hub *hub, QObject *parent) : QObject(parent), m_hub(hub) {}

bool SwitchFacts::knows(Monitor::ServerId server, Fact fact) const
{
    const auto it = m_known.constFind(server);
    return it != m_known.cend() && it->answered.contains(fact);
}

QStringList SwitchFacts::names(Monitor::ServerId server, Fact fact) const
{
    return m_known.value(server).names.value(fact);
}

QString SwitchFacts::recordingsDir(Monitor::ServerId server) const
{
    return m_known.value(server).recordingsDir;
}

void SwitchFacts::request(Monitor::ServerId id, Fact fact)
{
    Monitor::ServerMonitor *server = m_hub->server(id);
    if (!server || !server->link()->isLive())
        return;
    followConnection(server);
    Known &known = m_known[id];
    if (known.answered.contains(fact) || known.asking.contains(fact))
        return;
    known.asking.insert(fact);
    // The hub as the context, as the API console does: the continuation must not outlive what
    // it touches, and Qt 6.4 asserts when a context goes first.
    server->link()
        ->api(commandFor(fact))
        .then(m_hub, [self = QPointer(this), id, fact](const Esl::Reply &r) {
            if (self)
                self->answer(id, fact, r);
        });
}

void SwitchFacts::answer(Monitor::ServerId id, Fact fact, const Esl::Reply &reply)
{
    const auto it = m_known.find(id);
    if (it == m_known.end() || !it->asking.remove(fact))
        return; // forgotten meanwhile: the connection dropped
    it->answered.insert(fact);
    if (fact == Fact::RecordingsDir) {
        const QString dir = QString::fromUtf8(reply.body()).trimmed();
        // global_getvar answers an empty body for an unset variable; never a -ERR line as a path.
        if (reply.ok() && !dir.startsWith(u"-ERR") && !hasControl(dir))
            it->recordingsDir = dir;
    } else {
        it->names.insert(fact, namesFromShow(reply));
    }
    Q_EMIT learned(id, fact);
}

void SwitchFacts::followConnection(Monitor::ServerMonitor *server)
{
    const Monitor::ServerId id = server->id();
    if (m_followed.contains(id))
        return;
    m_followed.insert(id);
    connect(server, &Monitor::ServerMonitor::connectionStateChanged, this,
            [this, id](Monitor::LinkState state) {
                if (state != Monitor::LinkState::Live)
                    m_known.remove(id);
            });
    connect(server, &QObject::destroyed, this, [this, id] {
        m_known.remove(id);
        m_followed.remove(id);
    });
}

QStringList SwitchFacts::namesFromShow(const Esl::Reply &reply)
{
    if (!reply.ok())
        return {};
    const Esl::Expected<Esl::ShowResult> table = Esl::ShowResult::fromJson(reply.body());
    if (!table)
        return {};
    QStringList names;
    for (qsizetype i = 0; i < table->rows.size(); ++i) {
        const QString name = table->rowHash(i).value(QStringLiteral("name"));
        if (!name.isEmpty() && !hasControl(name) && !name.contains(u' '))
            names.append(name);
    }
    names.removeDuplicates();
    return names;
}

} // namespace Console
