#pragma once

#include "history/Database.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace veil::test {

using DatabaseKey = std::array<unsigned char, history::Database::kKeyBytes>;

/// A random database key.
DatabaseKey randomKey();

/// The key as 64 hex digits (for the crash-writer child, which reads it from stdin).
QByteArray keyHex(const DatabaseKey& key);

/// A temporary folder holding one database file, removed with the folder.
class TempDatabase
{
public:
    TempDatabase();

    const QString& path() const { return m_path; }
    const DatabaseKey& key() const { return m_key; }
    QString folder() const { return m_dir.path(); }

    /// Opens the database with its key; fails the test when that does not work.
    std::unique_ptr<history::Database> open() const;

    /// The bytes of the database and of its -wal and -shm files, concatenated.
    QByteArray allBytes() const;

private:
    QTemporaryDir m_dir;
    QString m_path;
    DatabaseKey m_key;
};

/// Writes a database of schema version 1 at `path` as a Veil of that version left it: keyed with `key`, made
/// by the version 1 statements of history::Schema only, then `statements` (test data) run on it.
void writeVersion1Database(const QString& path, const DatabaseKey& key, const std::vector<const char*>& statements);

/// Runs `sql` (one integer result) on the file through SQLite directly, with no migration: for looking at a file
/// that Database::open() refuses.
int64_t rawQueryInt(const QString& path, const DatabaseKey& key, const char* sql);

/// SHA-256 of a file's bytes in hex ("missing" when it does not exist), so that failures print a short value.
std::string fileDigest(const QString& path);

/// The permission bits (st_mode & 0777) of a file, or -1 when it does not exist.
int fileMode(const QString& path);

} // namespace veil::test
