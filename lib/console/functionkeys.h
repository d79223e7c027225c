#pragma once
// fs_cli's default function keys for the API console (set_fn_keys() in FreeSWITCH's
// libs/esl/fs_cli.c): which command each of F1–F12 runs, and which of them ask first. fs_cli
// runs them at a touch; a key pressed by mistake here must not stop new calls on the whole switch
// (F10, fsctl pause) or start them again. The console (ui/console/apiconsole) catches the keys
// and asks.

#include <QString>
#include <QStringList>

namespace Console::FunctionKeys {

// Index 0 is F1. "/log ..." entries are fs_cli's own commands, not api commands.
[[nodiscard]] QStringList commands();
// The question asked before key `key`'s (1 for F1) command runs, or empty when it just runs.
[[nodiscard]] QString question(int key);
// "F1 help · F2 status · …", for the console's help line.
[[nodiscard]] QString help();

} // namespace Console::FunctionKeys
