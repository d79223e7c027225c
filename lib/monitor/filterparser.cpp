#include "filterparser.h"

using namespace Qt::Literals::StringLiterals;

namespace Monitor {

namespace {

bool isWordChar(QChar c)
{
    switch (c.unicode()) {
    case '(':
    case ')':
    case '{':
    case '}':
    case ',':
    case '"':
    case '!':
    case '=':
    case '<':
    case '>':
    case '~':
    case '&':
    case '|':
        return false;
    default:
        return !c.isSpace();
    }
}

} // namespace

FilterResult FilterParser::parse()
{
    advance();
    if (m_token.kind == Kind::End)
        return Filter();
    if (parseOr() < 0 || (m_token.kind != Kind::End && failAfterExpression() < 0))
        return *m_error;
    return std::move(m_filter);
}

FilterParser::Token FilterParser::lex()
{
    while (m_position < m_text.size() && m_text[m_position].isSpace())
        ++m_position;
    Token token;
    token.position = m_position;
    if (m_position == m_text.size())
        return token;
    const auto next = [this](qsizetype offset) {
        return m_position + offset < m_text.size() ? m_text[m_position + offset].unicode() : 0;
    };
    const auto take = [&](Kind kind, qsizetype length) {
        token.kind = kind;
        token.length = length;
        m_position += length;
        return token;
    };
    const auto bad = [&](qsizetype length, const QString &message) {
        token.text = message;
        return take(Kind::Bad, length);
    };
    switch (next(0)) {
    case '(':
        return take(Kind::LeftParen, 1);
    case ')':
        return take(Kind::RightParen, 1);
    case '{':
        return take(Kind::LeftBrace, 1);
    case '}':
        return take(Kind::RightBrace, 1);
    case ',':
        return take(Kind::Comma, 1);
    case '~':
        return take(Kind::Matches, 1);
    case '!':
        return next(1) == '=' ? take(Kind::NotEqual, 2) : take(Kind::Not, 1);
    case '<':
        if (next(1) == '>')
            return bad(2, u"unknown operator '<>'; use '!='"_s);
        return next(1) == '=' ? take(Kind::LessEqual, 2) : take(Kind::Less, 1);
    case '>':
        return next(1) == '=' ? take(Kind::GreaterEqual, 2) : take(Kind::Greater, 1);
    case '=':
        if (next(1) == '=')
            return take(Kind::Equal, 2);
        if (next(1) == '~')
            return bad(2, u"unknown operator '=~'; use '~'"_s);
        return bad(1, u"unknown operator '='; use '=='"_s);
    case '&':
        return next(1) == '&' ? take(Kind::And, 2) : bad(1, u"unknown operator '&'; use '&&'"_s);
    case '|':
        return next(1) == '|' ? take(Kind::Or, 2) : bad(1, u"unknown operator '|'; use '||'"_s);
    case '"':
        return lexString();
    default:
        break;
    }
    while (m_position < m_text.size() && isWordChar(m_text[m_position]))
        ++m_position;
    token.length = m_position - token.position;
    token.text = m_text.mid(token.position, token.length);
    static const std::pair<QLatin1StringView, Kind> keywords[] = {{"and"_L1, Kind::And},
                                                                  {"or"_L1, Kind::Or},
                                                                  {"not"_L1, Kind::Not},
                                                                  {"exists"_L1, Kind::Exists},
                                                                  {"contains"_L1, Kind::Contains},
                                                                  {"matches"_L1, Kind::Matches},
                                                                  {"in"_L1, Kind::In}};
    token.kind = Kind::Word;
    for (const auto &[keyword, kind] : keywords) {
        if (token.text.compare(keyword, Qt::CaseInsensitive) == 0)
            token.kind = kind;
    }
    return token;
}

FilterParser::Token FilterParser::lexString()
{
    Token token;
    token.kind = Kind::String;
    token.position = m_position++;
    while (m_position < m_text.size()) {
        const QChar c = m_text[m_position++];
        if (c == u'"') {
            token.length = m_position - token.position;
            return token;
        }
        const QChar next = m_position < m_text.size() ? m_text[m_position] : QChar();
        if (c == u'\\' && (next == u'"' || next == u'\\')) {
            token.text += next;
            ++m_position;
        } else {
            token.text += c;
        }
    }
    token.kind = Kind::Bad;
    token.length = m_position - token.position;
    token.text = u"unterminated string"_s;
    return token;
}

void FilterParser::advance()
{
    m_previous = std::move(m_token);
    m_token = lex();
}

QString FilterParser::spelling(const Token &token) const
{
    return token.kind == Kind::End ? u"the end"_s : m_text.mid(token.position, token.length);
}

qint32 FilterParser::fail(qsizetype position, const QString &message)
{
    if (!m_error)
        m_error = FilterError{position, message};
    return -1;
}

qint32 FilterParser::add(Filter::Op op, NameId name, qint32 a, qint32 b)
{
    m_filter.m_nodes.push_back({op, name, a, b});
    return qint32(m_filter.m_nodes.size() - 1);
}

qint32 FilterParser::parseOr()
{
    return parseChain(Kind::Or, Filter::Op::Or, &FilterParser::parseAnd);
}

qint32 FilterParser::parseAnd()
{
    return parseChain(Kind::And, Filter::Op::And, &FilterParser::parseUnary);
}

// `operand { separator operand }` as one node over all its operands, so that a chain of any
// length is one level deep, to build and to evaluate.
qint32 FilterParser::parseChain(Kind separator, Filter::Op op, qint32 (FilterParser::*operand)())
{
    const qint32 first = (this->*operand)();
    if (first < 0 || m_token.kind != separator)
        return first;
    // The operands' own chains go into m_operands while this one is read: collect it apart.
    std::vector<qint32> operands{first};
    while (m_token.kind == separator) {
        advance();
        const qint32 next = (this->*operand)();
        if (next < 0)
            return next;
        operands.push_back(next);
    }
    const auto start = qint32(m_filter.m_operands.size());
    m_filter.m_operands.insert(m_filter.m_operands.end(), operands.begin(), operands.end());
    return add(op, kNoName, start, qint32(operands.size()));
}

// Each bracket and each negation is one level of recursion here and in Filter::evaluate().
bool FilterParser::enterNesting()
{
    if (++m_depth <= Filter::MaxNesting)
        return true;
    fail(m_token.position, u"nesting deeper than %1"_s.arg(Filter::MaxNesting));
    return false;
}

qint32 FilterParser::parseUnary()
{
    if (m_token.kind != Kind::Not)
        return parsePrimary();
    if (!enterNesting())
        return -1;
    advance();
    const qint32 operand = parseUnary();
    --m_depth;
    return operand < 0 ? operand : add(Filter::Op::Not, kNoName, operand);
}

qint32 FilterParser::parsePrimary()
{
    const Token token = m_token;
    switch (token.kind) {
    case Kind::LeftParen: {
        // `!(` is one level, as `!` is: the canonical form writes `!(A == b)` for `!A == b`,
        // and must compile back.
        const bool level = m_previous.kind != Kind::Not;
        if (level && !enterNesting())
            return -1;
        advance();
        const qint32 inner = parseOr();
        if (level)
            --m_depth;
        if (inner < 0)
            return inner;
        if (m_token.kind == Kind::End)
            return fail(token.position, u"unclosed '('"_s);
        if (m_token.kind != Kind::RightParen)
            return failAfterExpression();
        advance();
        return inner;
    }
    case Kind::Exists:
        advance();
        if (m_token.kind == Kind::Bad)
            return fail(m_token.position, m_token.text);
        if (m_token.kind != Kind::Word)
            return fail(m_token.position,
                        u"expected a header name after '%1'"_s.arg(spelling(token)));
        advance();
        return add(Filter::Op::Exists, HeaderNames::instance().intern(m_previous.text.toUtf8()));
    case Kind::Word:
    case Kind::String:
        advance();
        if (!isOperator(m_token.kind)) {
            m_filter.m_needles.emplace_back(token.text);
            return add(Filter::Op::Text, kNoName, qint32(m_filter.m_needles.size() - 1));
        }
        if (token.kind == Kind::String)
            return fail(token.position, u"a header name cannot be quoted"_s);
        return parseComparison(token);
    default:
        return failMissingExpression();
    }
}

qint32 FilterParser::parseComparison(const Token &nameToken)
{
    const NameId name = HeaderNames::instance().intern(nameToken.text.toUtf8());
    const Token op = m_token;
    advance();
    if (op.kind == Kind::In)
        return parseSet(name);
    const Token value = m_token;
    if (value.kind == Kind::Bad)
        return fail(value.position, value.text);
    const bool numeric = op.kind >= Kind::Less;
    if (value.kind != Kind::Word && value.kind != Kind::String) {
        return fail(value.position, u"expected a %1 after '%2'"_s.arg(
                                        numeric ? u"number"_s : u"value"_s, spelling(op)));
    }
    advance();
    switch (op.kind) {
    case Kind::Equal:
    case Kind::NotEqual:
        m_filter.m_values.append(value.text.toUtf8());
        return add(op.kind == Kind::Equal ? Filter::Op::Equal : Filter::Op::NotEqual, name,
                   qint32(m_filter.m_values.size() - 1));
    case Kind::Contains:
        m_filter.m_needles.emplace_back(value.text);
        return add(Filter::Op::Contains, name, qint32(m_filter.m_needles.size() - 1));
    case Kind::Matches: {
        QRegularExpression regex(value.text, QRegularExpression::CaseInsensitiveOption |
                                                 QRegularExpression::DontCaptureOption);
        if (!regex.isValid()) {
            return fail(value.position,
                        u"invalid regular expression: %1 (at offset %2 of the pattern)"_s
                            .arg(regex.errorString())
                            .arg(regex.patternErrorOffset()));
        }
        regex.optimize();
        m_filter.m_regexes.append(regex);
        return add(Filter::Op::Matches, name, qint32(m_filter.m_regexes.size() - 1));
    }
    default:
        break;
    }
    Filter::Number number;
    if (!Filter::parseNumber(value.text.toUtf8(), number))
        return fail(value.position, u"expected a number after '%1'"_s.arg(spelling(op)));
    number.text = value.text;
    m_filter.m_numbers.push_back(number);
    const Filter::Op numericOp = op.kind == Kind::Less        ? Filter::Op::Less
                                 : op.kind == Kind::LessEqual ? Filter::Op::LessEqual
                                 : op.kind == Kind::Greater   ? Filter::Op::Greater
                                                              : Filter::Op::GreaterEqual;
    return add(numericOp, name, qint32(m_filter.m_numbers.size() - 1));
}

qint32 FilterParser::parseSet(NameId name)
{
    const Token brace = m_token;
    if (brace.kind == Kind::Bad)
        return fail(brace.position, brace.text);
    if (brace.kind != Kind::LeftBrace)
        return fail(brace.position, u"expected '{' after '%1'"_s.arg(spelling(m_previous)));
    advance();
    const auto first = qint32(m_filter.m_values.size());
    while (m_token.kind != Kind::RightBrace) {
        if (m_token.kind == Kind::Bad)
            return fail(m_token.position, m_token.text);
        if (m_token.kind == Kind::End)
            return fail(brace.position, u"unclosed '{'"_s);
        if (m_token.kind != Kind::Word && m_token.kind != Kind::String) {
            return fail(m_token.position, m_previous.kind == Kind::Comma
                                              ? u"expected a value after ','"_s
                                              : u"expected a value or '}'"_s);
        }
        m_filter.m_values.append(m_token.text.toUtf8());
        advance();
        if (m_token.kind == Kind::Comma) {
            advance();
            if (m_token.kind == Kind::RightBrace)
                return fail(m_token.position, u"expected a value after ','"_s);
        }
    }
    const auto count = qint32(m_filter.m_values.size()) - first;
    if (count == 0)
        return fail(brace.position, u"empty set"_s);
    advance();
    return add(Filter::Op::In, name, first, count);
}

// A complete expression ends here, but what follows cannot continue it.
qint32 FilterParser::failAfterExpression()
{
    const Token &token = m_token;
    switch (token.kind) {
    case Kind::Bad:
        return fail(token.position, token.text);
    case Kind::RightParen:
        return fail(token.position, u"unmatched ')'"_s);
    case Kind::LeftBrace:
    case Kind::RightBrace:
    case Kind::Comma:
        return fail(token.position, u"unexpected '%1'"_s.arg(spelling(token)));
    default:
        break;
    }
    const bool afterSearchWord =
        (m_previous.kind == Kind::Word) && m_filter.m_nodes.back().op == Filter::Op::Text;
    if (afterSearchWord && (token.kind == Kind::Word || token.kind == Kind::String)) {
        return fail(token.position, u"expected an operator after '%1'"_s.arg(spelling(m_previous)));
    }
    return fail(token.position, u"expected '&&' or '||' before '%1'"_s.arg(spelling(token)));
}

// An operand was due but the current token cannot start one.
qint32 FilterParser::failMissingExpression()
{
    const Token &token = m_token;
    if (isOperator(token.kind))
        return fail(token.position, u"expected a header name before '%1'"_s.arg(spelling(token)));
    switch (token.kind) {
    case Kind::Bad:
        return fail(token.position, token.text);
    case Kind::RightParen:
        if (m_previous.kind == Kind::LeftParen)
            return fail(m_previous.position, u"empty parentheses"_s);
        break;
    case Kind::And:
    case Kind::Or:
        if (m_previous.kind == Kind::LeftParen || m_previous.kind == Kind::End)
            return fail(token.position,
                        u"expected an expression before '%1'"_s.arg(spelling(token)));
        break;
    case Kind::LeftBrace:
    case Kind::RightBrace:
    case Kind::Comma:
        return fail(token.position, u"unexpected '%1'"_s.arg(spelling(token)));
    default:
        break;
    }
    return fail(token.position, u"expected an expression after '%1'"_s.arg(spelling(m_previous)));
}

QString FilterParser::quoted(const QString &text)
{
    bool bare = !text.isEmpty();
    for (const QChar c : text)
        bare = bare && isWordChar(c);
    if (bare) {
        FilterParser lexer(text);
        bare = lexer.lex().kind == Kind::Word;
    }
    if (bare)
        return text;
    QString out = u"\""_s;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        const QChar next = i + 1 < text.size() ? text[i + 1] : QChar();
        // A lone backslash stays as it is (regexes read better); one that the parser would
        // take for an escape is doubled.
        if (c == u'"' || (c == u'\\' && (next.isNull() || next == u'"' || next == u'\\')))
            out += u'\\';
        out += c;
    }
    return out + u'"';
}

} // namespace Monitor
