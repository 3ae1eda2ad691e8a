#include "history/Schema.h"

namespace veil::history {
namespace {

// Version 1. Never edit a released migration: add a new one.
constexpr Sql kVersion1[] = {
    "CREATE TABLE workspaces ("
    " id INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " created_at INTEGER NOT NULL)",

    "CREATE TABLE conversations ("
    " id INTEGER PRIMARY KEY,"
    " workspace_id INTEGER REFERENCES workspaces(id) ON DELETE CASCADE,"
    " title TEXT NOT NULL,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL)",
    "CREATE INDEX conversations_by_workspace ON conversations(workspace_id, updated_at)",
    "CREATE INDEX conversations_by_update ON conversations(updated_at)",

    "CREATE TABLE messages ("
    " id INTEGER PRIMARY KEY,"
    " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),"
    " text TEXT NOT NULL,"
    " original TEXT,"
    " provider TEXT NOT NULL,"
    " model TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('sending', 'complete', 'cut_off', 'failed')),"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL)",
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",

    // Search over the text as sent and received; the index holds no copy of the text (external content).
    "CREATE VIRTUAL TABLE message_search USING fts4(content='messages', text, tokenize=unicode61)",
    "CREATE TRIGGER messages_search_before_update BEFORE UPDATE OF text ON messages BEGIN"
    " DELETE FROM message_search WHERE docid = old.id; END",
    "CREATE TRIGGER messages_search_before_delete BEFORE DELETE ON messages BEGIN"
    " DELETE FROM message_search WHERE docid = old.id; END",
    "CREATE TRIGGER messages_search_after_update AFTER UPDATE OF text ON messages BEGIN"
    " INSERT INTO message_search(docid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER messages_search_after_insert AFTER INSERT ON messages BEGIN"
    " INSERT INTO message_search(docid, text) VALUES (new.id, new.text); END",

    "CREATE TABLE findings ("
    " message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
    " rule TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " count INTEGER NOT NULL CHECK (count > 0),"
    " PRIMARY KEY (message_id, rule, type)) WITHOUT ROWID",

    "CREATE TABLE vault ("
    " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " placeholder TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " number INTEGER NOT NULL CHECK (number > 0),"
    " value BLOB NOT NULL,"
    " PRIMARY KEY (conversation_id, placeholder),"
    " UNIQUE (conversation_id, value),"
    " UNIQUE (conversation_id, type, number)) WITHOUT ROWID",

    "CREATE TABLE audit_log ("
    " seq INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " details TEXT NOT NULL,"
    " prev_hash BLOB NOT NULL,"
    " hash BLOB NOT NULL)",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END",

    "PRAGMA application_id = 1447381324", // Schema::kApplicationId
    "PRAGMA user_version = 1",
};

// Version 2: the bundle_version of the policy in force when each message was sent or received (NULL: no
// policy, or a message stored before version 2); pruning the audit log's oldest entries behind a checkpoint.
constexpr Sql kVersion2[] = {
    "ALTER TABLE messages ADD COLUMN policy_version INTEGER",

    // The log's start after a prune: its first entry is first_seq, chained to prev_hash (the hash of the last
    // entry pruned). One row at most, and it only moves forward. AuditLog::verify() accepts a start other than
    // entry 1 only when the newest audit_pruned entry in the chain names this very checkpoint.
    "CREATE TABLE audit_checkpoint ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " first_seq INTEGER NOT NULL CHECK (first_seq > 1),"
    " prev_hash BLOB NOT NULL,"
    " pruned_at INTEGER NOT NULL)",
    "CREATE TRIGGER audit_checkpoint_forward BEFORE UPDATE ON audit_checkpoint"
    " WHEN new.first_seq <= old.first_seq OR new.id != old.id BEGIN"
    " SELECT RAISE(ABORT, 'the audit checkpoint only moves forward'); END",
    "CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint BEGIN"
    " SELECT RAISE(ABORT, 'the audit checkpoint cannot be removed'); END",
    // Entries may be deleted only below the checkpoint (a prune moves it first); every other stays.
    "DROP TRIGGER audit_log_no_delete",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    " WHEN old.seq >= coalesce((SELECT first_seq FROM audit_checkpoint WHERE id = 1), 1) BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END",

    "PRAGMA user_version = 2",
};

constexpr Migration kMigrations[] = {
    {1, kVersion1},
    {2, kVersion2},
};

static_assert(Schema::kApplicationId == 1447381324);

} // namespace

std::span<const Migration> Schema::migrations()
{
    return kMigrations;
}

} // namespace veil::history
