// SimValet: `uuid_transfer` with the real command line's quoting (simvalet.h says why).

#include "simvalet.h"

#include "channel.h"
#include "simswitch.h"

namespace Sim {

QStringList SimValet::separateWords(const QString &line, int max)
{
    // switch_separate_string(buf, ' ', argv, max): words at unquoted spaces; a quote toggles
    // grouping; a backslash keeps the next character; the last word takes the rest of the line.
    QStringList words;
    QString word;
    bool quoted = false;
    bool inWord = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (words.size() == max - 1 && max > 0 && (inWord || c != u' ')) {
            // The last word: the rest, quotes dropped.
            QString rest = line.mid(i);
            rest.remove(u'\'');
            word += rest;
            inWord = true;
            break;
        }
        if (c == u'\\' && i + 1 < line.size()) {
            word += line[++i];
            inWord = true;
        } else if (c == u'\'') {
            quoted = !quoted;
            inWord = true;
        } else if (c == u' ' && !quoted) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord)
        words.append(word);
    return words;
}

QByteArray SimValet::transferCommand(const QString &rest)
{
    // transfer_function (mod_commands): the uuid first, then an optional -bleg/-both (any word
    // starting with '-'), then the destination, dialplan and context.
    static const QByteArray usage =
        "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
    QStringList a = separateWords(rest.trimmed(), 5);
    if (a.size() < 2 || a.size() > 5)
        return usage;
    Channel *c = sw()->channel(a.takeFirst());
    if (!c)
        return "-ERR No such channel!\n";
    QString leg;
    if (a.value(0).startsWith(u'-'))
        leg = a.takeFirst().mid(1).toLower();
    if (a.isEmpty())
        return usage;
    if (leg == u"both") {
        sw()->transfer(*c, a.value(0), a.value(1), a.value(2), /*partnerToo=*/true);
        return "+OK\n";
    }
    Channel *target = c;
    if (leg == u"bleg") {
        if (Channel *partner = sw()->channel(c->bridgedUuid))
            target = partner; // no bridged leg: the channel itself, as the switch does
    }
    sw()->transfer(*target, a.value(0), a.value(1), a.value(2));
    return "+OK\n";
}

} // namespace Sim
