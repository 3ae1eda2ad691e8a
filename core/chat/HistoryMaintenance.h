#pragma once

#include "common/Result.h"
#include "history/HistoryStore.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace veil::history {
class Database;
}

namespace veil::chat {

/// Purging history, by the user or by retention, always together with its audit entry.
///
/// Each purge deletes the selected conversations with their messages, findings and vault entries and appends a
/// `history_purged` audit entry (counts and the reason only, never titles or text) in the same transaction:
/// either both are on disk or neither. Afterwards the write-ahead log is checkpointed and truncated, so the
/// deleted pages (overwritten in the file by secure_delete) leave no copy in the log either.
///
/// The Database must outlive the object. Not thread-safe, like Database.
class HistoryMaintenance
{
public:
    using Clock = std::function<int64_t()>; ///< milliseconds since the Unix epoch

    explicit HistoryMaintenance(history::Database& db, Clock clock = {});

    /// Purges `selection` with reason "user" (veilctl history purge). The audit entry is written even when
    /// nothing matched (the purge was asked for); a conversation id that does not exist is NotFound.
    Result<history::HistoryStore::PurgeCounts> purge(const history::HistoryStore::PurgeSelection& selection);

    /// Purges conversations not updated for `days` days (DESIGN.md: retention from policy, on start and daily),
    /// with reason "retention"; an audit entry only when something was purged. `days` below 1 purges nothing.
    Result<history::HistoryStore::PurgeCounts> applyRetention(int days);

    /// Prunes audit entries older than `days` days (the policy's retention.log_days) with AuditLog::prune, which
    /// leaves a checkpoint and an `audit_pruned` entry so that `veilctl audit verify` still holds. Returns how many
    /// entries went. `days` below 1 prunes nothing.
    Result<int64_t> applyLogRetention(int days);

    static constexpr int64_t kMsPerDay = 24 * 60 * 60 * 1000;

private:
    Result<history::HistoryStore::PurgeCounts> purgeAndAudit(const history::HistoryStore::PurgeSelection& selection,
                                                             const QString& reason, bool auditWhenEmpty);

    history::Database& m_db;
    Clock m_clock;
};

} // namespace veil::chat
