#include "bidi.h"

namespace Monitor {

bool needsIsolation(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        switch (QChar::direction(c)) {
        case QChar::DirR:
        case QChar::DirAL:
        case QChar::DirAN:
        case QChar::DirRLE:
        case QChar::DirRLO:
        case QChar::DirLRE:
        case QChar::DirLRO:
        case QChar::DirPDF:
        case QChar::DirRLI:
        case QChar::DirLRI:
        case QChar::DirFSI:
        case QChar::DirPDI:
            return true;
        default:
            break;
        }
    }
    return false;
}

QString isolated(const QString &text)
{
    if (!needsIsolation(text))
        return text;
    return kFirstStrongIsolate + text + kPopDirectionalIsolate;
}

namespace {

bool opensIsolate(QChar c)
{
    return c.unicode() >= 0x2066 && c.unicode() <= 0x2068; // LRI, RLI, FSI
}

} // namespace

QString keepIsolatesBalanced(const QString &original, const QString &elided)
{
    // Where the two part: the ellipsis sits right after their common beginning.
    qsizetype head = 0;
    while (head < elided.size() && head < original.size() && elided[head] == original[head])
        ++head;
    if (head == elided.size())
        return elided; // nothing was cut
    int open = 0;
    for (qsizetype i = 0; i < head; ++i) {
        if (opensIsolate(elided[i]))
            ++open;
        else if (elided[i] == kPopDirectionalIsolate && open > 0)
            --open;
    }
    // The ellipsis (Qt puts a zero-width joiner before it, so it may not sit at `head`).
    const qsizetype ellipsis = elided.indexOf(QChar(0x2026), head);
    const qsizetype ellipsisEnd = ellipsis < 0 ? head + 1 : ellipsis + 1;
    // The tail after the ellipsis: closers without their openers mean its beginning sat inside
    // an isolate that was cut.
    int unopened = 0;
    int depth = 0;
    for (qsizetype i = ellipsisEnd; i < elided.size(); ++i) {
        if (opensIsolate(elided[i]))
            ++depth;
        else if (elided[i] == kPopDirectionalIsolate && depth-- == 0) {
            depth = 0;
            ++unopened;
        }
    }
    if (open == 0 && unopened == 0)
        return elided;
    QString out = elided.left(head);
    out += QString(open, kPopDirectionalIsolate);
    out += elided.mid(head, ellipsisEnd - head);
    out += QString(unopened, kFirstStrongIsolate);
    out += elided.mid(ellipsisEnd);
    return out;
}

} // namespace Monitor
