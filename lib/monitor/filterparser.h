#pragma once
// Display-filter text <-> Filter: a tokenizer and recursive-descent parser that build the
// filter's node list (resolving names, compiling regexes, folding search text on the way), and
// the quoting rule of the canonical form. Used through Filter::compile() and Filter::toString().
//
//   filter   = [ or ] ;                                  blank: matches everything
//   or       = and { ( "||" | "or" ) and } ;
//   and      = unary { ( "&&" | "and" ) unary } ;
//   unary    = ( "!" | "not" ) unary | primary ;
//   primary  = "(" or ")"
//            | "exists" word                               the header is there (even empty)
//            | word ( "==" | "!=" ) value                  exact, byte for byte
//            | word "contains" value                       substring, ignoring case
//            | word ( "~" | "matches" ) value              regular expression, ignoring case
//            | word ( "<" | "<=" | ">" | ">=" ) value      numbers (the value must be one)
//            | word "in" "{" value { [ "," ] value } "}"   exactly one of the values
//            | value ;                                     full-text search, ignoring case
//   value    = word | string ;
//   word     = any run of characters but white space and  ( ) { } , " ! = < > ~ & |
//              that is not a keyword (and or not exists contains matches in, in any case) ;
//   string   = '"' { character | '\"' | '\\' } '"' ;      any other \x stays \x (regexes)
//
// Meaning:
// - A word before an operator is a header name, looked up ignoring case. A value alone is
//   searched for in every header value and the body.
// - Every comparison on a header the record does not have is false, != included, and so is a
//   numeric comparison on a value that is not a number. Numbers are integers (compared exactly,
//   so microsecond timestamps work) or decimals. == and in never convert: Log-Level == 07 is
//   false for "7".
// - Ignoring case is Unicode simple case folding (QChar::toCaseFolded), so contains "ærø" finds
//   "Søren Ærø"; ß does not match "ss". An ASCII needle compares ASCII letters only (the
//   KELVIN SIGN is not a 'k' to it). Regexes are case-insensitive PCRE2 in UTF mode; write
//   (?-i) for a case-sensitive one.
// - A header holding several values (ARRAY::a|:b) is compared as that one string.
// - Error positions are 0-based indexes into the expression: the offending token, the opening
//   quote or bracket that is never closed, the expression's length when it ends too soon.
// - Brackets and negations nest at most Filter::MaxNesting (64) deep together: `((a))` and
//   `!!a` are 2, `(!a)` is 2 but `!(a)` is 1 (a bracket right after a negation belongs to it).
//   The bracket or negation one past is refused: "nesting deeper than 64".

#include "filter.h"

#include <QString>

#include <optional>

namespace Monitor {

class FilterParser
{
public:
    explicit FilterParser(QString expression) : m_text(std::move(expression)) {}

    [[nodiscard]] FilterResult parse();

    // `text` as a value: bare when it reads back as the same single word, else in quotes.
    [[nodiscard]] static QString quoted(const QString &text);

private:
    enum class Kind : quint8 {
        End,
        Bad, // a lexical error; text holds the message
        Word,
        String,
        LeftParen,
        RightParen,
        LeftBrace,
        RightBrace,
        Comma,
        Not,
        And,
        Or,
        Exists,
        Equal, // the operators, Equal to GreaterEqual, stay together and in this order
        NotEqual,
        Contains,
        Matches,
        In,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
    };
    struct Token
    {
        Kind kind = Kind::End;
        qsizetype position = 0;
        qsizetype length = 0;
        QString text; // a word's or string's value
    };

    [[nodiscard]] static bool isOperator(Kind kind)
    {
        return kind >= Kind::Equal && kind <= Kind::GreaterEqual;
    }
    [[nodiscard]] Token lex();
    [[nodiscard]] Token lexString();
    void advance();
    [[nodiscard]] QString spelling(const Token &token) const;

    qint32 parseOr();
    qint32 parseAnd();
    qint32 parseChain(Kind separator, Filter::Op op, qint32 (FilterParser::*operand)());
    [[nodiscard]] bool enterNesting();
    qint32 parseUnary();
    qint32 parsePrimary();
    qint32 parseComparison(const Token &name);
    qint32 parseSet(NameId name);
    qint32 failAfterExpression();
    qint32 failMissingExpression();
    qint32 fail(qsizetype position, const QString &message);
    qint32 add(Filter::Op op, NameId name = kNoName, qint32 a = -1, qint32 b = -1);

    QString m_text;
    qsizetype m_position = 0;
    Token m_token;
    Token m_previous;
    Filter m_filter;
    int m_depth = 0; // brackets and negations open around the token being read
    std::optional<FilterError> m_error;
};

} // namespace Monitor
