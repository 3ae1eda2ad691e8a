#include "history/Database.h"
#include "common/Logging.h"

#include "history/Schema.h"

// sqlite3_key() is declared only for codec builds, which SQLCipher is.
#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>

#include <QFile>
#include <QFileInfo>

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace veil::history {
namespace {

constexpr int kBusyTimeoutMs = 2000;

Error keyError()
{
    return Error{Error::Code::InvalidInput,
                 QStringLiteral("The database key is wrong or the file is not a Veil database.")};
}

/// One sentence per SQLite result code; never the statement, never a value.
Error sqliteError(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        return keyError();
    case SQLITE_CORRUPT:
        return Error{Error::Code::InvalidInput, QStringLiteral("The history database is damaged.")};
    case SQLITE_FULL:
        return Error{Error::Code::Capacity,
                     QStringLiteral("The disk is full; the history database cannot be written.")};
    case SQLITE_NOMEM:
        return Error{Error::Code::Capacity, QStringLiteral("There is not enough memory to use the history database.")};
    case SQLITE_READONLY:
        return Error{
            Error::Code::Unavailable,
            QStringLiteral("The history database is read-only; check the permissions of its file and folder.")};
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return Error{Error::Code::Unavailable,
                     QStringLiteral("The history database cannot be opened; check that its folder exists and is "
                                    "accessible.")};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return Error{Error::Code::Unavailable,
                     QStringLiteral("The history database is busy in another Veil process; try again.")};
    case SQLITE_IOERR:
        return Error{Error::Code::Unavailable,
                     QStringLiteral("The history database could not be read or written (input/output error).")};
    case SQLITE_CONSTRAINT:
        return Error{Error::Code::InvalidInput,
                     QStringLiteral("The change to the history database conflicts with what it holds.")};
    case SQLITE_TOOBIG:
        return Error{Error::Code::Capacity, QStringLiteral("The text is too large for the history database.")};
    default:
        return Error{
            Error::Code::Internal,
            QStringLiteral("The history database reported an error: %1.").arg(QString::fromUtf8(sqlite3_errstr(rc)))};
    }
}

/// The key as SQLCipher's raw-key literal `x'<64 hex>'`, wiped when it goes out of scope.
class KeyLiteral
{
public:
    explicit KeyLiteral(std::span<const unsigned char, Database::kKeyBytes> key)
    {
        m_text[0] = 'x';
        m_text[1] = '\'';
        sodium_bin2hex(m_text.data() + 2, Database::kKeyBytes * 2 + 1, key.data(), key.size());
        m_text[kLength - 1] = '\'';
    }
    KeyLiteral(const KeyLiteral&) = delete;
    KeyLiteral& operator=(const KeyLiteral&) = delete;
    ~KeyLiteral() { sodium_memzero(m_text.data(), m_text.size()); }

    int apply(sqlite3* db) const { return sqlite3_key(db, m_text.data(), static_cast<int>(kLength)); }
    int applyNew(sqlite3* db) const { return sqlite3_rekey(db, m_text.data(), static_cast<int>(kLength)); }

private:
    static constexpr size_t kLength = Database::kKeyBytes * 2 + 3;
    std::array<char, kLength + 1> m_text{}; ///< one spare byte for the terminator sodium_bin2hex writes
};

/// A connection that is closed when it goes out of scope unless released.
struct Connection
{
    sqlite3* db = nullptr;
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection()
    {
        if (db) {
            sqlite3_close_v2(db);
        }
    }
    sqlite3* release() { return std::exchange(db, nullptr); }
};

Error newerSchemaError(int64_t version)
{
    return Error{Error::Code::Denied,
                 QStringLiteral("The history database was written by a newer version of Veil "
                                "(schema %1; this version knows up to %2); it was left "
                                "unchanged.")
                     .arg(version)
                     .arg(Database::kSchemaVersion)};
}

/// Runs a fixed query that yields one integer (a PRAGMA or a count).
int queryInt(sqlite3* db, Sql sql, int64_t& out)
{
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.text(), -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            out = sqlite3_column_int64(stmt, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/// Runs a fixed statement, ignoring its rows; for `text`, the first column of the first row.
int runFixed(sqlite3* db, Sql sql, QByteArray* text = nullptr)
{
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.text(), -1, &stmt, nullptr);
    bool first = true;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW && first && text) {
            *text = QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
        }
        first = first && rc != SQLITE_ROW;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/// Keys a fresh connection and reads its identity without writing: proves the key, refuses files that are not
/// Veil's and schemas newer than this build. `version` receives PRAGMA user_version.
Status keyAndIdentify(sqlite3* db, const KeyLiteral& key, int64_t& version)
{
    if (int rc = key.apply(db); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // Must precede the first read: SQLCipher cannot tell the page size of an encrypted file.
    if (int rc = runFixed(db, "PRAGMA cipher_page_size = 4096"); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    int64_t objects = 0;
    if (int rc = queryInt(db, "SELECT count(*) FROM sqlite_master", objects); rc != SQLITE_OK) {
        return (rc & 0xff) == SQLITE_CORRUPT ? keyError() : sqliteError(rc);
    }
    int64_t applicationId = 0;
    if (int rc = queryInt(db, "PRAGMA application_id", applicationId); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    if (int rc = queryInt(db, "PRAGMA user_version", version); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    const bool empty = objects == 0 && applicationId == 0 && version == 0;
    if (!empty && applicationId != Schema::kApplicationId) {
        return keyError();
    }
    if (version > Database::kSchemaVersion) {
        return newerSchemaError(version);
    }
    return {};
}

Error fileError(int error)
{
    switch (error) {
    case ENOSPC:
    case EDQUOT:
        return sqliteError(SQLITE_FULL);
    case EROFS:
    case EACCES:
    case EPERM:
        return sqliteError(SQLITE_READONLY);
    default:
        return sqliteError(SQLITE_CANTOPEN);
    }
}

/// Creates the missing folders of `folder`, each with mode 0700.
Status makeFolder(const QString& folder)
{
    if (QFileInfo(folder).isDir()) {
        return {};
    }
    const QString parent = QFileInfo(folder).absolutePath();
    if (parent != folder) {
        if (Status made = makeFolder(parent); !made) {
            return made;
        }
    }
    if (::mkdir(QFile::encodeName(folder).constData(), 0700) != 0 && errno != EEXIST) {
        return fileError(errno);
    }
    return {};
}

/// Removes group and other access from the database and its companion files.
void restrictModes(const QByteArray& path)
{
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const QByteArray file = path + suffix;
        struct stat st = {};
        if (::stat(file.constData(), &st) == 0 && (st.st_mode & 077) != 0) {
            ::chmod(file.constData(), 0600);
        }
    }
}

off_t fileSize(const QByteArray& path)
{
    struct stat st = {};
    return ::stat(path.constData(), &st) == 0 ? st.st_size : 0;
}

} // namespace

// ---------------------------------------------------------------------------------------------- Statement

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt)
    : m_db(db)
    , m_stmt(stmt)
{
}

Statement::Statement(Statement&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_status(std::move(other.m_status))
{
}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_status = std::move(other.m_status);
    }
    return *this;
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

void Statement::fail(int rc)
{
    if (m_status) {
        m_status = sqliteError(rc);
    }
}

Statement& Statement::bind(int index, int64_t value)
{
    if (int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK) {
        fail(rc);
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    // A non-null pointer even for empty text, so that the value is '' and not NULL.
    const char* data = text.data() ? text.data() : "";
    if (int rc = sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK) {
        fail(rc);
    }
    return *this;
}

Statement& Statement::bind(int index, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return bind(index, std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())));
}

Statement& Statement::bindBlob(int index, std::string_view bytes)
{
    const char* data = bytes.data() ? bytes.data() : "";
    if (int rc = sqlite3_bind_blob64(m_stmt, index, data, bytes.size(), SQLITE_TRANSIENT); rc != SQLITE_OK) {
        fail(rc);
    }
    return *this;
}

Statement& Statement::bindBlob(int index, const QByteArray& bytes)
{
    return bindBlob(index, std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
}

Statement& Statement::bindNull(int index)
{
    if (int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK) {
        fail(rc);
    }
    return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value)
{
    return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bind(int index, const std::optional<std::string>& text)
{
    return text ? bind(index, std::string_view(*text)) : bindNull(index);
}

bool Statement::next()
{
    if (!m_status || !m_stmt) {
        return false;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc != SQLITE_DONE) {
        fail(rc);
    }
    return false;
}

Status Statement::run()
{
    while (next()) { }
    return m_status;
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

std::string_view Statement::text(int column) const
{
    // The pointer first, then the size (SQLite's documented order).
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string_view(data, static_cast<size_t>(size)) : std::string_view();
}

QString Statement::string(int column) const
{
    const std::string_view view = text(column);
    return QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
}

QByteArray Statement::blob(int column) const
{
    const std::string_view view = text(column);
    return QByteArray(view.data(), static_cast<qsizetype>(view.size()));
}

// ---------------------------------------------------------------------------------------------- Database

Database::Database(QString path, sqlite3* db)
    : m_path(std::move(path))
    , m_db(db)
{
}

Database::~Database()
{
    sqlite3_close_v2(m_db);
}

Result<std::unique_ptr<Database>> Database::open(const QString& path, std::span<const unsigned char, kKeyBytes> key)
{
    static_assert(kSchemaVersion == 2, "kSchemaVersion must be the version of the last migration");
    if (path.isEmpty()) {
        return Result<std::unique_ptr<Database>>::failure(
            Error::Code::InvalidInput, QStringLiteral("No path was given for the history database."));
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    qCDebug(lcHistory) << "opening the history database";
    const QByteArray native = QFile::encodeName(absolute);
    if (Status made = makeFolder(QFileInfo(absolute).absolutePath()); !made) {
        return made.error();
    }

    // A new file is made here with mode 0600, so SQLite (which gives its -wal and -shm files the database's
    // mode) never creates anything readable by others.
    bool fresh = false;
    struct stat st = {};
    if (::stat(native.constData(), &st) != 0) {
        if (errno != ENOENT) {
            return fileError(errno);
        }
        const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
            return fileError(errno);
        }
        ::close(fd);
        fresh = true;
    } else if (!S_ISREG(st.st_mode)) {
        return keyError();
    } else {
        fresh = st.st_size == 0 && fileSize(native + "-wal") == 0;
    }

    std::optional<KeyLiteral> keyLiteral(std::in_place, key);
    int64_t version = 0;
    if (!fresh) {
        // Look before touching: a read-only connection cannot write to the file (nor checkpoint a leftover log
        // into it), so a wrong key or a newer schema is refused with the file exactly as it was. Only a file
        // that needs crash recovery, which a read-only connection cannot do, goes on to the writable open.
        Connection inspect;
        int rc = sqlite3_open_v2(native.constData(), &inspect.db, SQLITE_OPEN_READONLY, nullptr);
        if (rc != SQLITE_OK) {
            return sqliteError(rc);
        }
        Status identified = keyAndIdentify(inspect.db, *keyLiteral, version);
        if (!identified
            && !(identified.error().code == Error::Code::Unavailable
                 && (sqlite3_extended_errcode(inspect.db) & 0xff) == SQLITE_READONLY)) {
            return identified.error();
        }
        restrictModes(native);
    }

    Connection connection;
    if (int rc = sqlite3_open_v2(native.constData(), &connection.db, SQLITE_OPEN_READWRITE, nullptr); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    if (Status identified = keyAndIdentify(connection.db, *keyLiteral, version); !identified) {
        return identified.error();
    }
    keyLiteral.reset(); // wiped now: SQLCipher keeps its own copy for the life of the connection
    std::unique_ptr<Database> db(new Database(absolute, connection.release()));

    // From here on the file is ours to write.
    QByteArray mode;
    if (int rc = runFixed(db->m_db, "PRAGMA journal_mode = WAL", &mode); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    if (mode != "wal") {
        return sqliteError(SQLITE_CANTOPEN);
    }
    for (Sql setting : {Sql("PRAGMA synchronous = FULL"), Sql("PRAGMA foreign_keys = ON"),
                        Sql("PRAGMA secure_delete = ON"), Sql("PRAGMA temp_store = MEMORY")}) {
        if (int rc = runFixed(db->m_db, setting); rc != SQLITE_OK) {
            return sqliteError(rc);
        }
    }

    // Every pending migration in one transaction: an older file is upgraded completely or not at all.
    if (version < kSchemaVersion) {
        Status migrated = db->transaction([&]() -> Status {
            // Another process may have migrated since we looked.
            int64_t current = 0;
            if (int rc = queryInt(db->m_db, "PRAGMA user_version", current); rc != SQLITE_OK) {
                return sqliteError(rc);
            }
            if (current > kSchemaVersion) {
                return newerSchemaError(current);
            }
            if (current > 0 && current < kSchemaVersion) {
                db->m_migratedFrom = int(current);
            }
            for (const Migration& migration : Schema::migrations()) {
                if (migration.version <= current) {
                    continue;
                }
                for (Sql statement : migration.statements) {
                    if (int rc = runFixed(db->m_db, statement); rc != SQLITE_OK) {
                        return sqliteError(rc);
                    }
                }
            }
            return {};
        });
        if (!migrated) {
            return migrated.error();
        }
    }
    return db;
}

Result<Statement> Database::prepare(Sql sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (int rc = sqlite3_prepare_v2(m_db, sql.text(), -1, &stmt, nullptr); rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return sqliteError(rc);
    }
    return Statement(m_db, stmt);
}

Status Database::execute(Sql sql)
{
    if (int rc = runFixed(m_db, sql); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    return {};
}

Status Database::transaction(const std::function<Status()>& body)
{
    const bool outermost = sqlite3_get_autocommit(m_db) != 0;
    if (Status begun = execute(outermost ? Sql("BEGIN IMMEDIATE") : Sql("SAVEPOINT veil_nested")); !begun) {
        return begun;
    }
    const size_t pendingBefore = m_afterCommit.size();
    Status result = body();
    if (result) {
        result = execute(outermost ? Sql("COMMIT") : Sql("RELEASE veil_nested"));
        if (result) {
            if (outermost) {
                std::vector<std::function<void()>> actions;
                actions.swap(m_afterCommit);
                for (const auto& action : actions) {
                    action();
                }
            }
            return result;
        }
    }
    // Some errors (a full disk, for one) make SQLite roll back on its own; roll back only what is still open.
    if (outermost) {
        if (sqlite3_get_autocommit(m_db) == 0) {
            (void)execute("ROLLBACK");
        }
        m_afterCommit.clear();
    } else {
        (void)execute("ROLLBACK TO veil_nested");
        (void)execute("RELEASE veil_nested");
        m_afterCommit.resize(std::min(m_afterCommit.size(), pendingBefore));
    }
    return result;
}

void Database::afterCommit(std::function<void()> action)
{
    if (sqlite3_get_autocommit(m_db) != 0) {
        action();
        return;
    }
    m_afterCommit.push_back(std::move(action));
}

int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Status Database::checkpoint()
{
    auto stmt = prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!stmt) {
        return stmt.error();
    }
    if (stmt->next() && stmt->int64(0) != 0) {
        return sqliteError(SQLITE_BUSY);
    }
    return stmt->run();
}

Result<QStringList> Database::integrityProblems()
{
    QStringList problems;
    for (Sql check : {Sql("PRAGMA integrity_check"), Sql("PRAGMA cipher_integrity_check")}) {
        auto stmt = prepare(check);
        if (!stmt) {
            return stmt.error();
        }
        while (stmt->next()) {
            const QString row = stmt->string(0);
            if (row != QLatin1String("ok")) {
                problems << row;
            }
        }
        if (!stmt->status()) {
            return stmt->status().error();
        }
    }
    // FTS4's own check: the index must hold exactly the words of the messages it indexes.
    if (Status search = execute("INSERT INTO message_search(message_search) VALUES ('integrity-check')"); !search) {
        if (search.error().code != Error::Code::InvalidInput) {
            return search.error();
        }
        problems << QStringLiteral("The search index does not match the stored messages.");
    }
    return problems;
}

Result<int> Database::schemaVersion()
{
    int64_t version = 0;
    if (int rc = queryInt(m_db, "PRAGMA user_version", version); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    return static_cast<int>(version);
}

Status Database::lockExclusively()
{
    if (m_exclusive) {
        return {};
    }
    // Leaving WAL mode needs the only connection to the file; SQLite answers "wal" (unchanged) or busy otherwise.
    if (Status done = checkpoint(); !done) {
        return done;
    }
    QByteArray mode;
    if (int rc = runFixed(m_db, "PRAGMA journal_mode = DELETE", &mode); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    if (mode != "delete") {
        return sqliteError(SQLITE_BUSY);
    }
    if (int rc = runFixed(m_db, "PRAGMA locking_mode = EXCLUSIVE"); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    // The lock is taken by the first write and then kept (exclusive locking mode).
    if (Status begun = execute("BEGIN EXCLUSIVE"); !begun) {
        (void)runFixed(m_db, "PRAGMA locking_mode = NORMAL");
        (void)runFixed(m_db, "PRAGMA journal_mode = WAL");
        return begun;
    }
    if (Status done = execute("COMMIT"); !done) {
        return done;
    }
    m_exclusive = true;
    return {};
}

Status Database::rekey(std::span<const unsigned char, kKeyBytes> newKey)
{
    if (Status locked = lockExclusively(); !locked) {
        return locked;
    }
    {
        const KeyLiteral key(newKey);
        if (int rc = key.applyNew(m_db); rc != SQLITE_OK) {
            return sqliteError(rc);
        }
    }
    // Prove the new key on the file as written, then go back to WAL mode.
    int64_t objects = 0;
    if (int rc = queryInt(m_db, "SELECT count(*) FROM sqlite_master", objects); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    if (int rc = runFixed(m_db, "PRAGMA locking_mode = NORMAL"); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    QByteArray mode;
    if (int rc = runFixed(m_db, "PRAGMA journal_mode = WAL", &mode); rc != SQLITE_OK) {
        return sqliteError(rc);
    }
    m_exclusive = false;
    return {};
}

} // namespace veil::history
