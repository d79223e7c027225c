#pragma once
// Profiles to hand a colleague: a JSON file with everything a profile says (where the switch is,
// how it is reached, whether it is watch-only, its colour) and none of its secrets — no password,
// no SSH password, no key passphrase; the colleague types their own. A key file or a CA file is
// named by its path, which the colleague's machine may lack: validation says so there.
//
// Reading is for a file that came from anyone: bounded in size and count, unknown keys ignored,
// secrets in it ignored, every imported profile given a new id. What it says is checked by
// validateProfile when the list is saved, like anything typed.

#include "console/profile.h"

#include <QByteArray>

namespace Console {

struct ProfileExchange
{
    QList<Profile> profiles;
    QString error; // empty: read
};

[[nodiscard]] QByteArray exportProfiles(const QList<Profile> &profiles);
[[nodiscard]] ProfileExchange importProfiles(QByteArrayView json);

// Files. writeProfilesFile: empty on success, else why not.
[[nodiscard]] QString writeProfilesFile(const QString &path, const QList<Profile> &profiles);
[[nodiscard]] ProfileExchange readProfilesFile(const QString &path);

} // namespace Console
