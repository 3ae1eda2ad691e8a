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

/// Why a bundle was refused, for the audit log: a stable word, and the version when the signature proved it.
struct Refusal
{
    /// malformed_signature, legacy_signature, untrusted_key, signature_invalid, malformed_comment,
    /// malformed_bundle, comment_mismatch, wrong_org, rollback, version_reused, expired; redaction_rules (checked
    /// by PolicyUpdate).
    QString code;
    qint64 version = 0; ///< 0 unless a trusted key signed the bundle's version
};

/// Decides whether a fetched bundle may become the active policy. Pure: the clock, the trust configuration and
/// the high-water mark are given. Refusal reasons, in the order checked: malformed bundle or signature; legacy
/// signature or untrusted key; signature or trusted comment invalid; trusted comment disagreeing with the JSON
/// or naming another organisation; older version than the high-water mark (rollback); the same version with
/// other content; expired; redaction rules that do not compile or whose examples fail (checked by the caller
/// through PolicyRules, which needs the built-in catalogue). With `refusal`, a refusal also sets its code.
class BundleVerifier
{
public:
    static Result<Verdict> verify(const QByteArray& json, const QByteArray& signature, const ManagedConfig& config,
                                  const HighWaterMark& highWater, const QDateTime& now, Refusal* refusal = nullptr);
};

} // namespace veil::policy
