#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QStringList>

namespace veil::policy {

/// What `veilctl policy lint` reports about a bundle an admin is about to sign.
struct LintReport
{
    QStringList errors; ///< the bundle would be refused
    QStringList warnings; ///< it would be accepted, but something looks wrong
    bool ok() const { return errors.isEmpty(); }
};

/// Checks a `policy.json`: its shape, that every redaction rule compiles and passes its examples against the
/// built-in catalogue it will join, that overrides name existing rules, and warns about rules that would match
/// common look-alikes (git SHAs, UUIDs, version strings, hex colours, integrity hashes, placeholders).
LintReport lintPolicy(const QByteArray& json);

/// Text that must not be taken for a secret or personal data; used by lint and by the catalogue's tests.
const QStringList& commonLookAlikes();

} // namespace veil::policy
