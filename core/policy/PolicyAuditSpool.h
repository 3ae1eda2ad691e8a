#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QString>

#include <cstdint>
#include <vector>

namespace veil::history {
class Database;
}

namespace veil::policy {

/// One policy event waiting for the audit log: what `policy_activated` or `policy_refused` records, and when it
/// happened. Names, versions, a key id, a host and a reason: never bundle content, never a secret.
struct PolicyAuditEvent
{
    enum class Kind { Activated, Refused };
    Kind kind = Kind::Activated;
    int64_t at = 0; ///< milliseconds since the Unix epoch: the time the event happened
    QString orgId;
    int64_t bundleVersion = 0; ///< 0 when not known
    QString keyId; ///< activated: the key that signed the bundle
    QString sourceHost; ///< activated: the policy server's host
    QString reasonCode; ///< refused: signature_invalid, untrusted_key, rollback, expired, ... (see BundleVerifier)
    QString reason; ///< refused: the sentence shown to people

    friend bool operator==(const PolicyAuditEvent&, const PolicyAuditEvent&) = default;
};

/// A small durable queue of policy audit events for when the audit log cannot be written: it lives in the
/// encrypted history database, which may be locked (keychain locked, passphrase not given yet) or not exist
/// yet when a policy is fetched. Events are appended here first, and flush() moves them into the hash chain,
/// in order and with their original times, the next time the history is open (chat::OpenHistoryJob does it
/// on every open, so both front ends do).
///
/// The file (`<database>.policy-audit`, beside the history database, so it follows a database kept elsewhere)
/// is JSON, mode 0600, replaced atomically on every change (written to a temporary file, flushed, renamed); a
/// lock file serializes the GUI and veilctl. It holds only the non-secret fields above. It keeps at most
/// kMaxEvents; older events are then dropped (and the drop is recorded as a refusal event with reason code
/// spool_overflow, so the gap is visible in the log).
///
/// A flush appends every event in one transaction, then removes the file; an event whose time and kind are
/// already in the log (a flush that committed but could not remove the file) is not appended twice.
class PolicyAuditSpool
{
public:
    static constexpr int kMaxEvents = 1000;

    explicit PolicyAuditSpool(QString path);

    /// `<databasePath>.policy-audit`.
    static QString pathFor(const QString& databasePath);

    const QString& path() const { return m_path; }

    /// Adds `event` at the end of the queue, durably.
    Status append(const PolicyAuditEvent& event);
    /// The queued events, oldest first (none when there is no file). A damaged file is an error.
    Result<std::vector<PolicyAuditEvent>> events() const;
    /// Moves every queued event into `db`'s audit log (see above); returns how many were appended.
    Result<int> flush(history::Database& db);

private:
    QString m_path;
};

} // namespace veil::policy
