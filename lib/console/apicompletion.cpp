// The API console's command-name completion: its candidates and what Tab does.
#include "console/apicompletion.h"

namespace Console {

QStringList ApiCompletion::builtinCommands()
{
    // Real api commands of mod_commands and the usual modules (mod_sofia, mod_conference,
    // mod_callcenter, mod_fifo, mod_db, mod_console, mod_valet_parking): what operators type most.
    static const QStringList names =
        QStringLiteral(
            "acl bgapi break callcenter_config conference console create_uuid db domain_exists "
            "echo eval expand fifo fsctl global_getvar global_setvar group_call help hostname "
            "hupall list_users load log module_exists originate pause regex reload reloadacl "
            "reloadxml sched_api sched_hangup sched_transfer show shutdown sofia sofia_contact "
            "status unload unsched_api uptime user_data user_exists uuid_answer uuid_audio "
            "uuid_break uuid_bridge uuid_broadcast uuid_buglist uuid_chat uuid_debug_media "
            "uuid_deflect uuid_displace uuid_display uuid_dump uuid_exists uuid_flush_dtmf "
            "uuid_getvar uuid_hold uuid_kill uuid_media uuid_park uuid_pre_answer uuid_record "
            "uuid_recv_dtmf uuid_send_dtmf uuid_session_heartbeat uuid_setvar uuid_setvar_multi "
            "uuid_simplify uuid_transfer valet_info version xml_locate")
            .split(u' ');
    return names;
}

void ApiCompletion::learn(Monitor::ServerId server, const QStringList &names)
{
    m_learned.insert(server, names);
}

void ApiCompletion::forget(Monitor::ServerId server)
{
    m_learned.remove(server);
}

QStringList ApiCompletion::candidates(Monitor::ServerId server) const
{
    QStringList names = builtinCommands() + m_learned.value(server);
    names.sort(Qt::CaseInsensitive);
    names.removeDuplicates();
    return names;
}

std::optional<ApiCompletion::Word> ApiCompletion::commandWordAt(const QString &line, int cursor)
{
    const int start = int(line.lastIndexOf(u' ', cursor - 1)) + 1;
    const QString before = line.left(start).trimmed();
    if (!before.isEmpty() && before != u"bgapi")
        return std::nullopt;
    int end = int(line.indexOf(u' ', cursor));
    if (end < 0)
        end = int(line.size());
    return Word{start, end, line.mid(start, cursor - start)};
}

ApiCompletion::Completion ApiCompletion::complete(const QStringList &candidates,
                                                  const QString &typed)
{
    QStringList matches;
    for (const QString &name : candidates) {
        if (name.startsWith(typed, Qt::CaseInsensitive))
            matches.append(name);
    }
    if (matches.isEmpty())
        return {};
    if (matches.size() == 1)
        return {Completion::Kind::Whole, matches.first()};
    QString common = matches.first();
    for (const QString &m : std::as_const(matches)) {
        qsizetype n = 0;
        while (n < common.size() && n < m.size() &&
               common.at(n).toCaseFolded() == m.at(n).toCaseFolded())
            ++n;
        common.truncate(n);
    }
    if (common.size() > typed.size())
        return {Completion::Kind::CommonPrefix, common};
    return {Completion::Kind::Choose, {}};
}

ApiCompletion::Edit ApiCompletion::insertName(const QString &line, const Word &word,
                                              const QString &name)
{
    QString rest = line.mid(word.end);
    if (!rest.startsWith(u' '))
        rest.prepend(u' ');
    return {line.left(word.start) + name + rest, word.start + int(name.size()) + 1};
}

ApiCompletion::Edit ApiCompletion::insertPrefix(const QString &line, const Word &word,
                                                const QString &prefix)
{
    return {line.left(word.start) + prefix + line.mid(word.end), word.start + int(prefix.size())};
}

} // namespace Console
