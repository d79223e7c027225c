#pragma once
// Reads fs_cli's profiles (~/.fs_cli_conf, else /etc/fs_cli.conf) into Switchboard profiles.
//
// The syntax is libesl's esl_config as fs_cli's read_config() uses it: `[name]` starts a
// profile; `key = value` or `key => value` lines; `#` or `;` in the first column starts a
// comment; `;;` (at the line's first ';') ends the line; `__END__` stops reading. A profile
// exists once its first key appears and starts from fs_cli's defaults: host 127.0.0.1, port
// 8021, password ClueCon, loglevel unset (fs_cli then sends a bare `log`, which the switch
// takes as debug). Where fs_cli silently skips or misreads a line, this parser says so, with
// the line number, and keeps every good section.

#include "console/profile.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Console {

struct FsCliProblem
{
    int line = 0; // 1-based
    QString message;
};

struct FsCliImport
{
    QString path;            // empty when parsed from memory
    QList<Profile> profiles; // file order; new ids; one auto-connects (see below)
    QList<FsCliProblem> problems;
    QString error; // the file could not be read at all
};

// Parses fs_cli.conf text. The profile fs_cli connects to when given no name — [default],
// else the first — is the one marked autoConnect; fs_cli's prompt-color, when set, gives the
// profile's colour; `quiet = yes` means no log lines.
[[nodiscard]] FsCliImport parseFsCliConfig(QByteArrayView text);
[[nodiscard]] FsCliImport readFsCliConfig(const QString &path);

// The files fs_cli reads, in its order: it reads the first that opens, and only that one.
[[nodiscard]] QStringList fsCliConfigCandidates();
// The first candidate that exists; empty if none does.
[[nodiscard]] QString fsCliConfigPath();

// The switch's log level for an fs_cli `loglevel` value (names as switch_log_str2level
// knows them, or 0..7); nullopt when the switch would refuse it.
[[nodiscard]] std::optional<int> fsCliLogLevel(const QString &value);

} // namespace Console
