#pragma once
// The window's trust prompt (Console::ServerConnections::setTrustPrompt): asks about an unknown
// SSH host key or TLS certificate — "Accept and connect" / "Trust this certificate (pin it)" or
// Cancel — and tells of a changed one as an error with no accept button at all. The words are
// Console::trustQuestion's; the fingerprint, on a line of its own in monospace that never wraps,
// can be selected and copied.

#include "console/trustquestion.h"

class QMessageBox;
class QWidget;

namespace Ui {

// The dialog, not shown (objectName trustDialog; the accept button acceptTrustButton).
[[nodiscard]] QMessageBox *makeTrustDialog(const Console::TrustQuestion &question,
                                           QWidget *parent);
// Shows it modally; true when the operator accepted.
[[nodiscard]] bool askTrust(const Console::TrustQuestion &question, QWidget *parent);

} // namespace Ui
