#pragma once

#include "history/Database.h"

#include <cstdint>
#include <span>

namespace veil::history {

/// One step of the schema: the statements that take a database from `version - 1` to `version`.
struct Migration
{
    int version;
    std::span<const Sql> statements; ///< run in one transaction, the last sets PRAGMA user_version
};

/// The schema of Veil's database, as an ordered list of migrations (version 1 first).
///
/// Version 1: workspaces, conversations, messages with an external-content FTS4 index kept in step by
/// triggers, findings per message (counts, never values), the placeholder vault per conversation and the
/// hash-chained audit log, which triggers keep append-only. Every child row goes with its parent through
/// ON DELETE CASCADE. Timestamps are milliseconds since the Unix epoch (UTC).
///
/// Version 2: messages.policy_version, the bundle_version of the policy in force when the message was sent
/// or received (NULL: unmanaged, or stored before version 2); audit_checkpoint, below which the audit log's
/// oldest entries may be pruned (AuditLog::prune), and nowhere else.
class Schema
{
public:
    /// `PRAGMA application_id` of a Veil database: "VEIL" in ASCII.
    static constexpr int64_t kApplicationId = 0x5645494C;

    static std::span<const Migration> migrations();
};

} // namespace veil::history
