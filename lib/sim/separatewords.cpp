#include "separatewords.h"

namespace Sim {

QStringList separateWords(const QString &line, int max)
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

} // namespace Sim
