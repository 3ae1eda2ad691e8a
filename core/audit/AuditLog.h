#pragma once

#include "audit/AuditAnchor.h"
#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil::history {
class Database;
}

namespace veil::audit {

/// A prompt left the machine. Counts and sizes only, never content.
struct PromptSent
{
    QString provider;
    QString model;
    int64_t policyVersion = 0; ///< the active bundle_version; 0 with no bundle (built-in rules)
    std::map<std::string, int64_t> findingsByType; ///< placeholder type -> how many were replaced
    int64_t promptBytes = 0; ///< UTF-8 bytes the user wrote
    int64_t sentBytes = 0; ///< UTF-8 bytes that left, after redaction
};

/// A prompt was stopped by a block rule.
struct PromptBlocked
{
    QString provider;
    QString model;
    int64_t policyVersion = 0;
    std::vector<std::string> ruleIds;
};

struct PolicyActivated
{
    QString orgId;
    int64_t bundleVersion = 0;
    QString keyId; ///< the minisign key id that signed it, 16 hex digits
    QString sourceHost; ///< the policy server's host name only
};

/// A bundle was refused. `reason` is a sentence for people (bad signature, rollback, ...); never bundle content.
struct PolicyRefused
{
    QString orgId;
    int64_t bundleVersion = 0; ///< 0 when not known (the signature did not verify)
    QString reason;
    QString reasonCode; ///< a stable word: signature_invalid, untrusted_key, rollback, expired, ...
};

struct ExportMade
{
    int64_t since = 0; ///< milliseconds since the Unix epoch
    int64_t until = 0;
    int64_t messages = 0;
    QStringList formats;
    bool encrypted = false;
    QString manifestSha256; ///< hex
    QString fileSha256; ///< hex, of the file written (encrypted or not)
    int64_t recipients = 0; ///< age recipients it is encrypted to
    int64_t newFindings = 0; ///< values the re-scan at export time redacted
    QString incidentId; ///< the policy's incident id it answers; empty (and not recorded) for other exports
};

/// An export was uploaded, or its upload failed. The host only: never the URL's path, query or user info (a
/// pre-signed URL's query is a credential).
struct ExportUpload
{
    QString host;
    QString fileSha256; ///< hex, of the file uploaded
    int64_t bytes = 0;
    int64_t attempts = 0;
    int64_t httpStatus = 0; ///< the last response's status; 0 when none came
    QString reason; ///< for a failure: network, http, tls, refused, cancelled, other
    QString incidentId; ///< empty (and not recorded) for other exports
};

struct HistoryPurged
{
    int64_t conversations = 0;
    QString reason; ///< "retention", "user"
    int64_t messages = 0; ///< the messages that went with them
};

/// One stored entry, as `veilctl audit list` shows it.
struct AuditEntry
{
    int64_t seq = 0; ///< 1, 2, 3, ... without gaps
    int64_t at = 0; ///< milliseconds since the Unix epoch
    QString kind; ///< prompt_sent, prompt_blocked, key_set, key_deleted, policy_activated, policy_refused,
                  ///< export_made, upload_done, upload_failed, history_purged, audit_pruned
    QByteArray details; ///< canonical JSON object
    QByteArray prevHash; ///< 32 bytes; zeros for the first entry
    QByteArray hash; ///< 32 bytes
};

/// Audit entries older than the policy's log_days were pruned (AuditLog::prune).
struct AuditPruned
{
    int64_t entries = 0; ///< how many went
    int64_t before = 0; ///< the cut-off, ms since the Unix epoch: entries from before it went
    int64_t firstSeq = 0; ///< the first entry kept (the log's start from now on)
    QByteArray prevHash; ///< the hash of the last entry pruned, to which firstSeq is chained
};

struct Verification
{
    bool ok = true;
    int64_t entries = 0; ///< entries checked
    std::optional<int64_t> firstBad; ///< the seq at which the chain breaks
    QString problem; ///< one sentence, when not ok
    int64_t firstSeq = 1; ///< where the log starts (after 1 once entries were pruned)
    /// verifyWithAnchorFile(): the log is non-empty but its anchor file is missing, so a cut-off end could not
    /// be checked (ok is false; the chain itself may be sound).
    bool anchorMissing = false;
};

/// The append-only, hash-chained audit log in the history database (table `audit_log`).
///
/// Each entry stores the hash of the entry before it and its own hash: BLAKE2b-256 (libsodium
/// crypto_generichash) of the canonical JSON
///     {"at":<ms>,"details":<details>,"kind":"<kind>","prev":"<hex of the previous hash>","seq":<n>}
/// where details is itself canonical JSON: keys sorted, no whitespace, integers only, strings escaped as in
/// RFC 8785. verify() recomputes the chain and reports the first entry that was edited, removed or moved.
/// Triggers refuse UPDATE and DELETE on the table, so only someone working around Veil can change it, and
/// verify() shows that they did.
///
/// Pruning (the policy's log_days): prune() deletes the oldest entries in one transaction that first moves the
/// checkpoint (table audit_checkpoint: the first entry kept and the hash it is chained to; the triggers let only
/// entries below it go) and then appends an `audit_pruned` entry naming that checkpoint. verify() accepts a log
/// that starts after entry 1 only when the newest audit_pruned entry names exactly where it starts, so deleting
/// entries from the start, the middle or the end behind Veil's back still shows.
///
/// The anchor: after each commit that appended an entry, the newest entry's seq and hash go to the anchor file
/// beside the database (AuditAnchor), so verifyWithAnchorFile() notices entries cut off the end. The anchor is
/// not moved on while it disagrees with the log (the evidence stays until someone looks); a failure to write
/// it does not undo the entry (the anchor then lags, which verify accepts as long as it matches).
///
/// Entries hold names, versions, counts and sizes, never prompt or reply content, keys or vault values.
/// Appending runs in its own transaction (or a savepoint of the caller's). The Database must outlive the log.
/// Not thread-safe, like Database.
class AuditLog
{
public:
    using Clock = std::function<int64_t()>; ///< milliseconds since the Unix epoch

    explicit AuditLog(history::Database& db, Clock clock = {});

    Status promptSent(const PromptSent& entry);
    Status promptBlocked(const PromptBlocked& entry);
    Status keySet(const QString& provider);
    Status keyDeleted(const QString& provider);
    Status policyActivated(const PolicyActivated& entry);
    Status policyRefused(const PolicyRefused& entry);
    Status exportMade(const ExportMade& entry);
    Status uploadDone(const ExportUpload& entry);
    Status uploadFailed(const ExportUpload& entry);
    Status historyPurged(const HistoryPurged& entry);

    /// Deletes the entries older than `before` (ms since the Unix epoch): every entry before the first one
    /// written at or after it, behind a checkpoint and with an `audit_pruned` entry, in one transaction (a
    /// savepoint of the caller's). Returns how many went (0: nothing to prune, and nothing is written).
    Result<int64_t> prune(int64_t before);

    /// Entries after `afterSeq`, oldest first, at most `limit`.
    Result<std::vector<AuditEntry>> entries(int64_t afterSeq = 0, int limit = 1000);

    /// The newest entry's seq and hash (seq 0 and an empty hash when the log is empty).
    Result<ChainHead> head();

    /// Walks the whole chain from its start (entry 1, or the checkpoint a recorded prune left); with `anchor`,
    /// also checks that the entry it names is still there, unchanged (an anchor before the start was pruned
    /// and is not checked; one after the end means entries were cut off).
    Result<Verification> verify(const std::optional<ChainHead>& anchor = std::nullopt);

    /// verify() against the anchor file beside the database (what `veilctl audit verify` and the GUI run). A
    /// missing anchor is fine for an empty log; for a non-empty one it fails with anchorMissing set. An
    /// unreadable anchor file is an error (InvalidInput).
    Result<Verification> verifyWithAnchorFile();

    /// Writes the anchor file for the log's head when there is none yet and the log is not empty: for a
    /// database that a Veil without anchors wrote (Database::migratedFrom() set). Ok when nothing was needed.
    Status adoptAnchor();

    /// AuditAnchor::pathFor() the database.
    QString anchorPath() const;

    /// The hash of one entry, as described above.
    static QByteArray entryHash(int64_t seq, int64_t at, std::string_view kind, std::string_view details,
                                const QByteArray& prevHash);

private:
    Status append(std::string_view kind, const std::string& details);

    history::Database& m_db;
    Clock m_clock;
};

} // namespace veil::audit
