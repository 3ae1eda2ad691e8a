#pragma once

#include "common/Result.h"
#include "policy/ManagedConfig.h"
#include "policy/PolicyBundle.h"

#include <QDateTime>

namespace veil::policy {

/// The newest bundle this machine ever accepted. Kept apart from the bundle cache, so losing the cache does not
/// reset it (rollback and freeze protection).
struct HighWaterMark
{
    qint64 version = 0;
    QByteArray digest; ///< of that version's bytes
};

/// What verification decided about a fetched bundle that was not refused.
struct Verdict
{
    enum class Kind { Activate, Unchanged };
    Kind kind = Kind::Activate;
    PolicyBundle bundle;
    QString keyIdHex;
};

/// Decides whether a fetched bundle may become the active policy. Pure: the clock, the trust configuration and
/// the high-water mark are given. Refusal reasons, in the order checked: malformed bundle or signature; legacy
/// signature or untrusted key; signature or trusted comment invalid; trusted comment disagreeing with the JSON
/// or naming another organisation; older version than the high-water mark (rollback); the same version with
/// other content; expired; redaction rules that do not compile or whose examples fail (checked by the caller
/// through PolicyRules, which needs the built-in catalogue).
class BundleVerifier
{
public:
    static Result<Verdict> verify(const QByteArray& json, const QByteArray& signature, const ManagedConfig& config,
                                  const HighWaterMark& highWater, const QDateTime& now);
};

} // namespace veil::policy
