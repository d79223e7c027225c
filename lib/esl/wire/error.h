#pragma once
// Errors as values: what went wrong below the level of a switch's own "-ERR" reply (which is data
// in a Reply). Every fallible function of the library returns an Esl::Expected<T>.

#include <QString>
#include <QtGlobal>

#include <utility>
#include <variant>

namespace Esl {

struct Error
{
    enum class Code {
        Protocol,        // the peer broke the framing rules; the connection must be dropped
        Decode,          // a message is framed correctly but its content cannot be decoded
        InvalidArgument, // refused before anything was written (CR/LF in an argument, ...)
        Transport,       // socket error, refused connection, peer closed
        Timeout,
        Disconnected, // pending work that can never be answered because the link went away
        Auth,         // wrong password, rude rejection
        Canceled,
        Overloaded, // refused before anything was written: too much already waits for the peer
        Forbidden,  // not allowed: refused before the wire by a watch-only connection, or the
                    // switch's "-ERR permission denied" (userauth's esl-allowed-api/-events)
        Untrusted,  // the peer's identity needs the operator: an unknown or changed SSH host
                    // key, a certificate nobody vouches for (Transport::trustRequired says which)
    };

    Code code = Code::Protocol;
    QString message;
    qint64 offset = -1; // byte offset in the stream where the fault was found, when it applies

    // "Protocol", "Timeout", ...: the code's name, for messages and test output.
    [[nodiscard]] static QString codeName(Code code)
    {
        switch (code) {
        case Code::Protocol:
            return QStringLiteral("Protocol");
        case Code::Decode:
            return QStringLiteral("Decode");
        case Code::InvalidArgument:
            return QStringLiteral("InvalidArgument");
        case Code::Transport:
            return QStringLiteral("Transport");
        case Code::Timeout:
            return QStringLiteral("Timeout");
        case Code::Disconnected:
            return QStringLiteral("Disconnected");
        case Code::Auth:
            return QStringLiteral("Auth");
        case Code::Canceled:
            return QStringLiteral("Canceled");
        case Code::Overloaded:
            return QStringLiteral("Overloaded");
        case Code::Forbidden:
            return QStringLiteral("Forbidden");
        case Code::Untrusted:
            return QStringLiteral("Untrusted");
        }
        return QStringLiteral("?");
    }

    [[nodiscard]] QString toString() const
    {
        return offset >= 0 ? QStringLiteral("at byte %1: %2").arg(offset).arg(message) : message;
    }
};

// A small std::expected stand-in (C++20 has none): either a value or an Error.
template<typename T> class Expected
{
public:
    Expected(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Expected(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    [[nodiscard]] T &value() & { return std::get<0>(m_data); }
    [[nodiscard]] const T &value() const & { return std::get<0>(m_data); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    [[nodiscard]] const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

inline Error protocolError(QString message, qint64 offset = -1)
{
    return Error{Error::Code::Protocol, std::move(message), offset};
}

inline Error decodeError(QString message, qint64 offset = -1)
{
    return Error{Error::Code::Decode, std::move(message), offset};
}

} // namespace Esl
