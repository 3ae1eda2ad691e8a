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

constexpr Migration kMigrations[] = {
    {1, kVersion1},
};

static_assert(Schema::kApplicationId == 1447381324);

} // namespace

std::span<const Migration> Schema::migrations()
{
    return kMigrations;
}

} // namespace veil::history
