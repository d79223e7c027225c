#pragma once
// Text from the wire, made fit to show to a person: on a terminal (eslcat's errors), in a log
// line or in a message box. A hostile switch chooses the rude rejection, the -ERR text and every
// header value; shown raw, ESC and CSI sequences retitle or clear the operator's terminal, BEL
// rings it, CR and BS overwrite what was printed, bidi overrides reorder it, and a 500 KB value
// buries the message.
//
// Control characters (C0, DEL, C1 U+0080–U+009F), format characters (bidi overrides and
// isolates, zero-width ones), line and paragraph separators and lone surrogates become visible
// escapes: \e \a \b \t \n \v \f \r \0 by name, \x01 for the other C0 codes and DEL, \u{9b}
// above. A backslash stays as it is outside quotes (paths and regexes read better): the result
// is for reading, not for parsing back. The parser quotes values through it, eslcat prints
// everything from the wire through it, and the window's notices and message boxes can too.

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <algorithm>

namespace Esl::wire {

struct PrintableOptions
{
    // Beyond this many characters of output the text is cut and its size said:
    // `abc… (500000 bytes)`. -1: no limit.
    qsizetype maxChars = -1;
    // In double quotes, with " and \ escaped, the size note after the closing quote:
    // `"abc…" (500000 bytes)`.
    bool quoted = false;
    // Keeps LF, tab and the CR of a CRLF, for many lines of output (an api body on a terminal).
    bool keepLineBreaks = false;
};

namespace detail {

// The UTF-8 size of `text`, for the size note of a cut string.
inline qsizetype utf8Size(QStringView text)
{
    qsizetype size = 0;
    for (const QChar c : text)
        size += c.unicode() < 0x80 ? 1 : c.unicode() < 0x800 ? 2 : c.isSurrogate() ? 2 : 3;
    return size;
}

// The escape for `code`, or an empty string when it can be shown as it is.
inline QString escapeFor(char32_t code, bool quoted)
{
    static constexpr char names[] = "0......abtnvfr";
    if (code < 0x20 || code == 0x7f) {
        if (code == 0x1b)
            return QStringLiteral("\\e");
        if (code < 14 && names[code] != '.')
            return QString(u'\\') + QLatin1Char(names[code]);
        return QStringLiteral("\\x%1").arg(uint(code), 2, 16, QChar(u'0'));
    }
    if (quoted && (code == '"' || code == '\\'))
        return QString(u'\\') + QChar(char16_t(code));
    if (code < 0x80)
        return {};
    if (code < 0xa0)
        return QStringLiteral("\\u{%1}").arg(uint(code), 0, 16);
    switch (QChar::category(code)) {
    case QChar::Other_Format:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Other_Surrogate:
        return QStringLiteral("\\u{%1}").arg(uint(code), 0, 16);
    default:
        return {};
    }
}

inline QString printable(QStringView text, PrintableOptions options, qsizetype originalBytes)
{
    QString out;
    if (options.quoted)
        out += u'"';
    const qsizetype budget = options.maxChars < 0 ? -1 : out.size() + options.maxChars;
    for (qsizetype i = 0; i < text.size();) {
        char32_t code = text[i].unicode();
        qsizetype width = 1;
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            code = QChar::surrogateToUcs4(text[i], text[i + 1]);
            width = 2;
        }
        const bool kept = options.keepLineBreaks &&
                          (code == '\n' || code == '\t' ||
                           (code == '\r' && i + 1 < text.size() && text[i + 1] == u'\n'));
        const QString escape = kept ? QString() : escapeFor(code, options.quoted);
        const qsizetype grows = escape.isEmpty() ? width : escape.size();
        if (budget >= 0 && out.size() + grows > budget) {
            out += QStringLiteral("…");
            if (options.quoted)
                out += u'"';
            const qsizetype bytes = originalBytes >= 0 ? originalBytes : utf8Size(text);
            return out + QStringLiteral(" (%1 bytes)").arg(bytes);
        }
        if (escape.isEmpty())
            out += text.sliced(i, width);
        else
            out += escape;
        i += width;
    }
    if (options.quoted)
        out += u'"';
    return out;
}

} // namespace detail

[[nodiscard]] inline QString printable(QStringView text, PrintableOptions options = {})
{
    return detail::printable(text, options, -1);
}

// Bytes as UTF-8 (a malformed sequence shows as U+FFFD). Only as much is decoded as can be
// shown, so a 16 MB value costs no more than a short one.
[[nodiscard]] inline QString printable(QByteArrayView bytes, PrintableOptions options = {})
{
    // A character never takes more than 4 bytes, and every byte gives at least one character
    // of output: one more character than fits is always decoded, so the cut is seen.
    const qsizetype decode =
        options.maxChars < 0 ? bytes.size() : std::min(bytes.size(), 4 * options.maxChars + 4);
    return detail::printable(QString::fromUtf8(bytes.first(decode)), options, bytes.size());
}

} // namespace Esl::wire
