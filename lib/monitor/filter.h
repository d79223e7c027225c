#pragma once
// A display filter over events and log lines, in the spirit of Wireshark's:
//
//     Event-Name == CHANNEL_HANGUP && Hangup-Cause != NORMAL_CLEARING
//     Caller-Caller-ID-Number ~ "^\+45" || variable_sip_user_agent contains yealink
//     Log-Level <= 3 && !(Log-File in {switch_ivr.c mod_sofia.c}) || "no route"
//
// Compiled once (header names become NameIds, regexes are compiled, search text is case-folded),
// then evaluated against any EventView without allocating for the common operators. The grammar
// and the rules of meaning are at the top of filterparser.h; in short: == != in are exact byte
// comparisons, contains ~ and bare-word search ignore case (Unicode simple case folding),
// < <= > >= compare numbers, and a comparison on a header the record lacks is false (so
// `H != v` needs H to be there; `!(H == v)` does not).

#include "eventview.h"
#include "headernames.h"

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <array>
#include <variant>
#include <vector>

namespace Monitor {

// Why an expression did not compile: where (a 0-based index into the expression as a QString,
// the expression's length when the input ended too soon) and what, for a human.
struct FilterError
{
    qsizetype position = 0;
    QString message;

    [[nodiscard]] QString toString() const
    {
        return QStringLiteral("%1 at %2").arg(message).arg(position);
    }
};

// Text searched for without regard to case: "contains" and full-text search. Needles in ASCII
// compare bytes through a fold table and skip ahead Horspool-style; others decode the haystack's
// UTF-8 and compare code points after QChar::toCaseFolded.
class FoldedNeedle
{
public:
    FoldedNeedle() = default;
    explicit FoldedNeedle(const QString &text);

    [[nodiscard]] bool foundIn(QByteArrayView haystack) const;
    [[nodiscard]] const QString &text() const { return m_text; }

private:
    [[nodiscard]] bool foundInAscii(QByteArrayView haystack) const;
    [[nodiscard]] bool foundInUnicode(QByteArrayView haystack) const;

    QString m_text;
    QByteArray m_folded;              // ASCII needle, lower-cased
    std::vector<char32_t> m_codes;    // non-ASCII needle, case-folded code points
    std::array<quint8, 256> m_skip{}; // Horspool shift per folded byte (ASCII needles)
    bool m_ascii = true;
};

class FilterResult;

class Filter
{
public:
    using Error = FilterError;

    // How deep brackets and negations may nest: `((a))` is 2, `!(!a)` is 2. Far beyond what
    // anyone writes; what it stops is an expression of 40,000 brackets exhausting the stack of
    // the recursive parser (and of evaluate(), which follows the same shape).
    static constexpr int MaxNesting = 64;

    // The empty filter: matches everything.
    Filter() = default;

    [[nodiscard]] static FilterResult compile(const QString &expression);
    // The event log's quick search: every whitespace-separated word of `text` must occur
    // (ignoring case) in some header value or the body. No operators are recognised, so any
    // text is a valid search; blank text gives the empty filter.
    [[nodiscard]] static Filter textSearch(const QString &text);

    [[nodiscard]] bool isEmpty() const { return m_nodes.empty(); }
    [[nodiscard]] bool matches(const EventView &record) const;

    // The expression in canonical form: symbolic operators, single spaces, the header names as
    // the name table first saw them, quotes and parentheses only where needed. Compiling it
    // gives the same filter.
    [[nodiscard]] QString toString() const;
    // The headers the expression reads, in order of first use, without repeats (full-text terms
    // read every header and add none), e.g. to show them as columns.
    [[nodiscard]] QList<NameId> headers() const;

private:
    friend class FilterParser;

    enum class Op : quint8 {
        And, // a, b: first index and count in m_operands (a chain: a && b && c is one node)
        Or,
        Not, // a: child node
        Exists,
        Equal, // a: index into m_values
        NotEqual,
        In,       // a, b: first index and count in m_values
        Contains, // a: index into m_needles
        Text,
        Matches, // a: index into m_regexes
        Less,    // a: index into m_numbers; these four stay last and in this order
        LessEqual,
        Greater,
        GreaterEqual,
    };
    struct Node
    {
        Op op = Op::And;
        NameId name = kNoName;
        qint32 a = -1;
        qint32 b = -1;
    };
    struct Number
    {
        double real = 0;
        qint64 integer = 0;
        bool isInteger = false;
        QString text; // as written, for toString()
    };

    // A whole value as a number: an integer (kept exact), else a finite decimal or exponent form.
    [[nodiscard]] static bool parseNumber(QByteArrayView text, Number &number);
    [[nodiscard]] bool evaluate(qint32 node, const EventView &record) const;
    [[nodiscard]] bool compareNumber(const Node &node, QByteArrayView value) const;
    [[nodiscard]] bool searchEverywhere(const FoldedNeedle &needle, const EventView &record) const;
    [[nodiscard]] bool matchesRegex(const QRegularExpression &regex, QByteArrayView value) const;
    void write(qint32 node, int parentPrecedence, QString &out) const;

    std::vector<Node> m_nodes;      // the root is the last node
    std::vector<qint32> m_operands; // the child nodes of And and Or, each chain's together
    QList<QByteArray> m_values;
    std::vector<FoldedNeedle> m_needles;
    QList<QRegularExpression> m_regexes;
    std::vector<Number> m_numbers;
};

// Either a compiled Filter or the FilterError that stopped it.
class FilterResult
{
public:
    FilterResult(Filter filter) : m_data(std::move(filter)) {}
    FilterResult(FilterError error) : m_data(std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Filter &filter() const { return std::get<0>(m_data); }
    [[nodiscard]] const FilterError &error() const { return std::get<1>(m_data); }

private:
    std::variant<Filter, FilterError> m_data;
};

} // namespace Monitor
