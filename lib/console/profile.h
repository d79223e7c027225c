#pragma once
// One connection profile as the operator sees it: where a switch is, how to log in, the colour
// that marks it in the window, and whether to connect at start. A plain value; ProfileStore
// keeps the list, and the password's home (keychain, settings file or memory) is its business.
//
// Also the two checks every editor of a profile needs: validation with messages a person can
// act on, and the warning for a password that would cross the network in the clear.

#include "monitor/servermonitor.h"

#include <QColor>
#include <QList>
#include <QString>

namespace Console {

struct Profile
{
    QString id; // stable; the keychain key. newId() for a new profile
    QString name;
    QString host = QStringLiteral("127.0.0.1");
    int port = 8021; // int so that an editor can hold an out-of-range value for validation
    QString user;    // non-empty: `userauth user@domain:password` instead of `auth password`
    QString password;
    QColor colour;
    int logLevel = 6; // `log <level>`, 0 (console) .. 7 (debug); -1: no log lines
    bool autoConnect = true;

    [[nodiscard]] static QString newId();
    friend bool operator==(const Profile &, const Profile &) = default;
};

enum class ProfileField { Name, Host, Port, User, Password, LogLevel };

struct ProfileProblem
{
    ProfileField field;
    QString message;
};

// Empty when the profile can be saved and used. Control characters are refused in every
// field: the Event Socket is a line protocol, so a CR/LF in a host, user or password would
// end the `auth` line early and let the rest through as a command.
[[nodiscard]] QList<ProfileProblem> validateProfile(const Profile &profile);
[[nodiscard]] bool containsControlCharacters(QStringView text);

// Literal loopback addresses (127.0.0.0/8, ::1, with or without [brackets]) and the name
// "localhost" (also "localhost." and "*.localhost", RFC 6761). Other names are not resolved:
// a name that merely happens to resolve to loopback today still gets the warning.
[[nodiscard]] bool isLoopbackHost(const QString &host);
// Empty when the password stays on this machine; otherwise one sentence for the operator.
[[nodiscard]] QString plainTextPasswordWarning(const QString &host);
[[nodiscard]] QString plainTextPasswordWarning(const Profile &profile);

[[nodiscard]] Monitor::ServerProfile toServerProfile(const Profile &profile);

// Names for the log levels an editor offers: -1 .. 7.
[[nodiscard]] QString logLevelName(int level);
// A distinct colour for the n-th profile, so that new and imported ones differ at a glance.
[[nodiscard]] QColor profileColour(int n);

// The colours servers are marked with: eight that stay apart at a glance as a 4 px row bar, a
// swatch, a status-bar edge and a chart line, on light and dark themes. No red (failures are
// red) and no grey (a server that is not live greys its rows).
[[nodiscard]] QList<QColor> serverPalette();
// Whether two colours would be taken for one another at a glance (close in a perceptual RGB
// distance), e.g. the palette's blue and a profile's #296eb3. An invalid colour is like none.
[[nodiscard]] bool coloursLookAlike(const QColor &a, const QColor &b);
// The first palette colour that looks like none of `taken` (the other servers' and profiles'),
// so that a new profile or the demo never gets another server's colour; when every one is taken,
// darker and lighter ones, and past those the one furthest from all of them.
[[nodiscard]] QColor unusedColour(const QList<QColor> &taken);

} // namespace Console
