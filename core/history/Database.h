#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace veil::history {

/// The text of one SQL statement, fixed at compile time.
///
/// The constructor is `consteval`: only a string literal (or another constant expression) converts to Sql, so
/// a statement can never be assembled from user input at run time. Values always go through Statement::bind().
class Sql
{
public:
    consteval Sql(const char* text)
        : m_text(text)
    {
    }
    const char* text() const { return m_text; }

private:
    const char* m_text;
};

/// One prepared statement; finalized on destruction.
///
/// Usage:
///     auto stmt = db.prepare("SELECT id, title FROM conversations WHERE workspace_id = ?1");
///     if (!stmt) return stmt.error();
///     stmt->bind(1, workspaceId);
///     while (stmt->next()) { use(stmt->int64(0), stmt->string(1)); }
///     if (!stmt->status()) return stmt->status().error();
///
/// Parameters are numbered from 1, columns from 0. A failed bind or step is remembered in status(); later
/// calls do nothing. Text and blob views returned by the column getters stay valid until the next call to
/// next() or until the statement is destroyed.
class Statement
{
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, std::string_view text); ///< UTF-8 text, copied
    Statement& bind(int index, const QString& text);
    Statement& bindBlob(int index, std::string_view bytes); ///< arbitrary bytes, copied
    Statement& bindBlob(int index, const QByteArray& bytes);
    Statement& bindNull(int index);
    Statement& bind(int index, const std::optional<int64_t>& value);
    Statement& bind(int index, const std::optional<std::string>& text);

    /// Steps once: true when a row is available, false when done or failed (see status()).
    bool next();
    /// Steps to the end, for statements that return no rows.
    Status run();
    /// Returns the statement to its start, keeping the bindings.
    void reset();

    const Status& status() const { return m_status; }

    bool isNull(int column) const;
    int64_t int64(int column) const;
    std::string_view text(int column) const; ///< also for blob columns
    QString string(int column) const;
    QByteArray blob(int column) const;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt);
    void fail(int rc);

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    Status m_status;
};

/// An open SQLCipher database holding Veil's history, vaults and audit log.
///
/// open() creates the file (mode 0600, in a folder made with mode 0700 if it is missing) or opens an existing
/// one, keys it with a raw 256-bit key, proves the key by reading the schema, refuses a file written by a newer
/// schema before anything is written, and then applies the migrations this version knows, all of them in one
/// transaction (a file of an older schema is upgraded in place: either to the newest version or not at all). The
/// connection runs in WAL mode with `synchronous = FULL` (a committed transaction survives a crash of the process or of
/// the machine), with foreign keys and `secure_delete` on and temporary storage in memory.
///
/// Errors (one sentence each, never containing stored values or the key):
/// - wrong key, not a database, damaged file: Error::Code::InvalidInput
/// - schema newer than this version knows: Error::Code::Denied (the file is left byte for byte as it was)
/// - read-only file or folder, file cannot be opened, database busy in another process: Error::Code::Unavailable
/// - disk full: Error::Code::Capacity
///
/// The key is copied only into SQLCipher's own (wiped on close) key storage; the hex form built to pass it is
/// wiped with sodium_memzero before open() returns. Decrypted pages live in SQLite's page cache while open.
///
/// Thread safety: none. One Database is used from one thread at a time; other processes may open the same file.
class Database
{
public:
    static constexpr int kSchemaVersion = 2; ///< the newest schema this build knows
    static constexpr size_t kKeyBytes = 32;

    static Result<std::unique_ptr<Database>> open(const QString& path, std::span<const unsigned char, kKeyBytes> key);

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    Result<Statement> prepare(Sql sql);
    /// Runs one statement without parameters; rows it returns are ignored.
    Status execute(Sql sql);

    /// Runs `body` in a transaction (BEGIN IMMEDIATE, or a savepoint when one is already open) and commits when
    /// it returns ok; otherwise rolls back and returns its error. When the outermost commit returns, the
    /// transaction is on disk.
    Status transaction(const std::function<Status()>& body);

    /// Runs `action` once the transaction now open commits (right away when none is open); drops it when that
    /// transaction, or the savepoint it was registered in, rolls back. For work outside the database that must
    /// follow a commit and never a rolled-back change (AuditLog's anchor file).
    void afterCommit(std::function<void()> action);

    int64_t lastInsertId() const;
    int changes() const; ///< rows changed by the last INSERT, UPDATE or DELETE

    /// Copies the write-ahead log into the database file and truncates the log.
    Status checkpoint();

    /// `PRAGMA integrity_check`, SQLCipher's `cipher_integrity_check` (where the build has it) and the FTS4
    /// index's `integrity-check`: the problems found, empty when all is sound.
    Result<QStringList> integrityProblems();

    /// The schema version stored in the file (PRAGMA user_version).
    Result<int> schemaVersion();

    /// The schema version an existing file had before open() upgraded it; none when nothing was upgraded (the
    /// file was new or already at kSchemaVersion).
    std::optional<int> migratedFrom() const { return m_migratedFrom; }

    const QString& path() const { return m_path; }

    /// Re-encrypts the whole file under `newKey` (SQLCipher's `PRAGMA rekey`), in one transaction: a crash
    /// leaves the file readable with exactly one of the two keys (the old one until the commit, the new one
    /// after; a rollback journal written with the old key undoes a half-done rekey on the next open).
    ///
    /// The connection must be the only one on the file: the log is checkpointed and the file leaves WAL mode
    /// for the rekey (SQLite refuses that while another connection is open: Unavailable, "busy", and nothing
    /// changes), is then held with an exclusive lock, and returns to WAL mode afterwards. Callers that keep the
    /// new key elsewhere store it *before* calling this (see chat::RekeyHistoryJob for the order).
    Status rekey(std::span<const unsigned char, kKeyBytes> newKey);

    /// Takes the file's exclusive lock now and keeps it until the connection closes (PRAGMA locking_mode =
    /// EXCLUSIVE, in rollback-journal mode): no other process can open the file meanwhile. Fails with
    /// Unavailable when another connection is open.
    Status lockExclusively();

private:
    Database(QString path, sqlite3* db);

    QString m_path;
    sqlite3* m_db = nullptr;
    bool m_exclusive = false;
    std::optional<int> m_migratedFrom;
    std::vector<std::function<void()>> m_afterCommit;
};

} // namespace veil::history
