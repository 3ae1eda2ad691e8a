#include "HistoryTestSupport.h"

#include "history/Schema.h"
#include "support/TestData.h"

#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>

#include <QCryptographicHash>
#include <QFile>

#include <catch2/catch.hpp>
#include <sodium.h>

#include <sys/stat.h>

namespace veil::test {

DatabaseKey randomKey()
{
    REQUIRE(sodium_init() >= 0);
    DatabaseKey key;
    randombytes_buf(key.data(), key.size());
    return key;
}

QByteArray keyHex(const DatabaseKey& key)
{
    return QByteArray(reinterpret_cast<const char*>(key.data()), static_cast<qsizetype>(key.size())).toHex();
}

void writeVersion1Database(const QString& path, const DatabaseKey& key, const std::vector<const char*>& statements)
{
    const auto migrations = history::Schema::migrations();
    REQUIRE(!migrations.empty());
    REQUIRE(migrations.front().version == 1);
    sqlite3* db = nullptr;
    REQUIRE(
        sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        == SQLITE_OK);
    const QByteArray literal = "x'" + keyHex(key) + "'";
    CHECK(sqlite3_key(db, literal.constData(), int(literal.size())) == SQLITE_OK);
    const auto run = [db](const char* sql) {
        char* message = nullptr;
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
        INFO(sql << ": " << (message ? message : ""));
        sqlite3_free(message);
        CHECK(rc == SQLITE_OK);
    };
    run("PRAGMA cipher_page_size = 4096"); // as Database::open() keys every file
    run("PRAGMA journal_mode = WAL");
    run("BEGIN");
    for (history::Sql statement : migrations.front().statements) {
        run(statement.text());
    }
    for (const char* statement : statements) {
        run(statement);
    }
    run("COMMIT");
    sqlite3_close(db);
}

int64_t rawQueryInt(const QString& path, const DatabaseKey& key, const char* sql)
{
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const QByteArray literal = "x'" + keyHex(key) + "'";
    CHECK(sqlite3_key(db, literal.constData(), int(literal.size())) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA cipher_page_size = 4096", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    int64_t value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        value = sqlite3_column_int64(stmt, 0);
    }
    INFO(sql << ": " << sqlite3_errmsg(db));
    CHECK(value != -1);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

TempDatabase::TempDatabase()
    : m_key(randomKey())
{
    REQUIRE(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("history.db"));
}

std::unique_ptr<history::Database> TempDatabase::open() const
{
    auto db = history::Database::open(m_path, m_key);
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db);
    return std::move(db).value();
}

QByteArray TempDatabase::allBytes() const
{
    return readFile(m_path) + readFile(m_path + QStringLiteral("-wal")) + readFile(m_path + QStringLiteral("-shm"));
}

std::string fileDigest(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return "missing";
    }
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex().toStdString() + " ("
        + std::to_string(file.size()) + " bytes)";
}

int fileMode(const QString& path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return -1;
    }
    return static_cast<int>(st.st_mode & 0777);
}

} // namespace veil::test
