#include "HistoryTestSupport.h"

#include "support/TestData.h"

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
