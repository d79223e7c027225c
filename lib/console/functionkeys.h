#pragma once
// fs_cli's default function keys for the API console (set_fn_keys() in FreeSWITCH's
// libs/esl/fs_cli.c): which command each of F1–F12 runs, and which of them ask first. fs_cli
// runs them at a touch; a key pressed by mistake here must not stop new calls on the whole switch
// (F10, fsctl pause) or start them again. The console (ui/console/apiconsole) catches the keys
// and asks. On a watch-only server the keys that would change the switch are not offered.

#include <QString>
#include <QStringList>

#include <optional>

namespace Console::FunctionKeys {

// Index 0 is F1. "/log ..." entries are fs_cli's own commands, not api commands.
[[nodiscard]] QStringList commands();
// The question asked before key `key`'s (1 for F1) command runs, or empty when it just runs.
[[nodiscard]] QString question(int key);
// "F1 help · F2 status · …", for the console's help line.
[[nodiscard]] QString help();

// Why key `key`'s command is never sent to a watch-only server (the library's own refusal:
// "watch-only: \"fsctl\" would change a call or the switch; …"), or nothing when it only reads
// or is fs_cli's own "/log". The console refuses such a key at once, without asking first: the
// question would only lead to a refusal.
[[nodiscard]] std::optional<QString> watchOnlyRefusal(int key);
// help() for a watch-only server: only the keys that run there, then what the others are.
[[nodiscard]] QString watchOnlyHelp();

} // namespace Console::FunctionKeys
