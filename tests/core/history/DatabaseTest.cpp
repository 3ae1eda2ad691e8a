#include "history/Database.h"

#include "HistoryTestSupport.h"
#include "history/HistoryStore.h"
#include "history/StoredVault.h"
#include "support/TestData.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <catch2/catch.hpp>

using namespace veil;
using namespace veil::history;
using veil::test::TempDatabase;

namespace {

const QString kWrongKey = QStringLiteral("The database key is wrong or the file is not a Veil database.");

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(file.write(bytes) == bytes.size());
}

} // namespace

TEST_CASE("creates a keyed database at the newest schema version, readable only by its owner", "[history][database]")
{
    TempDatabase temp;
    const QString path = QDir(temp.folder()).filePath(QStringLiteral("new/sub/history.db"));
    auto db = Database::open(path, temp.key());
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db);
    auto version = db.value()->schemaVersion();
    REQUIRE(version);
    CHECK(version.value() == Database::kSchemaVersion);
    CHECK(db.value()->migratedFrom() == std::nullopt); // a new file is made, not upgraded
    CHECK(test::fileMode(path) == 0600);
    CHECK(test::fileMode(path + QStringLiteral("-wal")) == 0600);
    CHECK(test::fileMode(path + QStringLiteral("-shm")) == 0600);
    CHECK(test::fileMode(QDir(temp.folder()).filePath(QStringLiteral("new"))) == 0700);
    CHECK(test::fileMode(QDir(temp.folder()).filePath(QStringLiteral("new/sub"))) == 0700);

    auto problems = db.value()->integrityProblems();
    REQUIRE(problems);
    CHECK(problems.value().isEmpty());
}

TEST_CASE("tightens the mode of an existing database file to 0600", "[history][database]")
{
    TempDatabase temp;
    temp.open().reset();
    REQUIRE(
        QFile::setPermissions(temp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    temp.open().reset();
    CHECK(test::fileMode(temp.path()) == 0600);
}

TEST_CASE("reopens with the same key and keeps the data", "[history][database]")
{
    TempDatabase temp;
    {
        auto db = temp.open();
        HistoryStore store(*db);
        REQUIRE(store.createConversation(QStringLiteral("kept")));
    }
    auto db = temp.open();
    HistoryStore store(*db);
    auto conversations = store.conversations();
    REQUIRE(conversations);
    REQUIRE(conversations.value().size() == 1);
    CHECK(conversations.value()[0].title == QStringLiteral("kept"));
}

TEST_CASE("a wrong key is refused with one clear sentence and the file is left as it was", "[history][database]")
{
    TempDatabase temp;
    {
        auto db = temp.open();
        HistoryStore store(*db);
        REQUIRE(store.createConversation(QStringLiteral("secret plans")));
    }
    const std::string before = test::fileDigest(temp.path());

    test::DatabaseKey wrong = temp.key();
    wrong[0] ^= 0x01;
    auto db = Database::open(temp.path(), wrong);
    REQUIRE_FALSE(db);
    CHECK(db.error().code == Error::Code::InvalidInput);
    CHECK(db.error().message == kWrongKey);
    CHECK(test::fileDigest(temp.path()) == before);

    // The right key still works afterwards.
    CHECK(temp.open());
}

TEST_CASE("a file that is not a Veil database is refused, not damaged", "[history][database]")
{
    TempDatabase temp;
    SECTION("text")
    {
        writeFile(temp.path(), QByteArray("this is not a database, just some text in a file\n").repeated(100));
    }
    SECTION("random bytes")
    {
        const test::DatabaseKey noise = test::randomKey();
        writeFile(temp.path(), QByteArray(reinterpret_cast<const char*>(noise.data()), 32).repeated(256));
    }
    SECTION("a plain SQLite database")
    {
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"),
                     {temp.path(), QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES (1);")});
        REQUIRE(sqlite.waitForFinished(10000));
        REQUIRE(sqlite.exitCode() == 0);
    }
    const std::string before = test::fileDigest(temp.path());
    auto db = Database::open(temp.path(), temp.key());
    REQUIRE_FALSE(db);
    CHECK(db.error().message == kWrongKey);
    CHECK(test::fileDigest(temp.path()) == before);
}

TEST_CASE("a database of a newer schema is refused without touching the file", "[history][database]")
{
    TempDatabase temp;
    SECTION("checkpointed into the file")
    {
        {
            auto db = temp.open();
            REQUIRE(db->execute("PRAGMA user_version = 99"));
        }
        const std::string before = test::fileDigest(temp.path());
        auto db = Database::open(temp.path(), temp.key());
        REQUIRE_FALSE(db);
        CHECK(db.error().code == Error::Code::Denied);
        CHECK(db.error().message.contains(QStringLiteral("newer version")));
        CHECK(test::fileDigest(temp.path()) == before);
        CHECK(test::readFile(temp.path() + QStringLiteral("-wal")).isEmpty());
    }
    SECTION("still in the write-ahead log of a process that died")
    {
        // Copying the files while the writer holds them open is what a crash leaves behind: the newer version
        // lives only in the log. Opening must neither replay the log into the file nor keep it.
        const QString copy = QDir(temp.folder()).filePath(QStringLiteral("copy.db"));
        auto writer = temp.open();
        REQUIRE(writer->execute("PRAGMA user_version = 42"));
        REQUIRE(QFile::copy(temp.path(), copy));
        REQUIRE(QFile::copy(temp.path() + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
        const std::string file = test::fileDigest(copy);
        const std::string log = test::fileDigest(copy + QStringLiteral("-wal"));
        REQUIRE_FALSE(test::readFile(copy + QStringLiteral("-wal")).isEmpty());

        auto db = Database::open(copy, temp.key());
        REQUIRE_FALSE(db);
        CHECK(db.error().code == Error::Code::Denied);
        CHECK(db.error().message.contains(QStringLiteral("schema 42")));
        CHECK(test::fileDigest(copy) == file);
        CHECK(test::fileDigest(copy + QStringLiteral("-wal")) == log);
    }
}

TEST_CASE("a version 1 database is upgraded in place to version 2, keeping its data", "[history][database][migration]")
{
    TempDatabase temp;
    test::writeVersion1Database(
        temp.path(), temp.key(),
        {"INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 'old', 1000, 2000)",
         "INSERT INTO messages(id, conversation_id, role, text, original, provider, model, state, created_at,"
         " updated_at) VALUES (1, 1, 'user', 'mail [EMAIL_1] please', 'mail a@b.example please', 'gw', 'm',"
         " 'complete', 1000, 1000)",
         "INSERT INTO findings(message_id, rule, type, count) VALUES (1, 'email', 'EMAIL', 1)",
         "INSERT INTO vault(conversation_id, placeholder, type, number, value)"
         " VALUES (1, '[EMAIL_1]', 'EMAIL', 1, 'a@b.example')"});

    auto db = Database::open(temp.path(), temp.key());
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db);
    CHECK(db.value()->schemaVersion().value() == 2);
    CHECK(db.value()->migratedFrom() == 1);
    auto problems = db.value()->integrityProblems();
    REQUIRE(problems);
    CHECK(problems.value().isEmpty());

    HistoryStore store(*db.value());
    auto old = store.message(1);
    REQUIRE(old);
    CHECK(old->text == "mail [EMAIL_1] please");
    CHECK(old->original == std::optional<std::string>("mail a@b.example please"));
    CHECK_FALSE(old->policyVersion); // not known for a message stored before version 2
    CHECK(store.findings(1)->size() == 1);
    auto vault = StoredVault::open(*db.value(), 1);
    REQUIRE(vault);
    CHECK(vault.value()->valueFor("[EMAIL_1]") == std::optional<std::string>("a@b.example"));
    CHECK(store.search(QStringLiteral("please"))->size() == 1);

    // New messages record their policy version in the upgraded file.
    NewUserMessage message;
    message.text = "new";
    message.provider = QStringLiteral("gw");
    message.model = QStringLiteral("m");
    message.policyVersion = 7;
    auto id = store.appendUserMessage(1, message);
    REQUIRE(id);
    CHECK(store.message(id.value())->policyVersion == std::optional<int64_t>(7));

    // Opened again, nothing is migrated a second time.
    db.value().reset();
    auto again = temp.open();
    CHECK(again->migratedFrom() == std::nullopt);
    CHECK(again->schemaVersion().value() == 2);
}

TEST_CASE("a migration that fails part way leaves the version 1 file as it was", "[history][database][migration]")
{
    TempDatabase temp;
    // A stray table where version 2 creates one: its statements after the first one fail.
    test::writeVersion1Database(
        temp.path(), temp.key(),
        {"INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 'old', 1000, 2000)",
         "CREATE TABLE audit_checkpoint (x)"});
    auto db = Database::open(temp.path(), temp.key());
    REQUIRE_FALSE(db);
    CHECK_FALSE(db.error().message.isEmpty());
    // Not half upgraded: still version 1, and the column of version 2's first statement is not there.
    CHECK(test::rawQueryInt(temp.path(), temp.key(), "PRAGMA user_version") == 1);
    CHECK(
        test::rawQueryInt(temp.path(), temp.key(),
                          "SELECT count(*) FROM sqlite_master WHERE name = 'messages' AND sql LIKE '%policy_version%'")
        == 0);
    CHECK(test::rawQueryInt(temp.path(), temp.key(), "SELECT count(*) FROM conversations") == 1);
}

TEST_CASE("the plain sqlite3 program cannot read the file", "[history][database]")
{
    TempDatabase temp;
    {
        auto db = temp.open();
        HistoryStore store(*db);
        REQUIRE(store.createConversation(QStringLiteral("private")));
        REQUIRE(db->checkpoint());
    }
    const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    INFO("the sqlite3 program (Debian package sqlite3) is needed for this test");
    REQUIRE_FALSE(sqlite3.isEmpty());
    QProcess process;
    process.start(sqlite3,
                  {QStringLiteral("-readonly"), temp.path(), QStringLiteral("SELECT count(*) FROM sqlite_master;")});
    REQUIRE(process.waitForFinished(10000));
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    INFO(errors.toStdString());
    CHECK(process.exitCode() != 0);
    CHECK(errors.contains(QStringLiteral("file is not a database")));
}

TEST_CASE("no planted text appears in the bytes of the database, its log or its index", "[history][database]")
{
    TempDatabase temp;
    // Distinct words, so that the full-text index (which stores lower-cased words) would show them too.
    const std::string sent = "Quixotrelmanzia says: deploy with [API_KEY_1] tonight";
    const std::string original = "Quixotrelmanzia says: deploy with sk-PlantedOriginalZorblax tonight";
    const std::string vaultValue = "sk-PlantedVaultValueWombatquill";
    const QString title = QStringLiteral("Plantedtitlefrobnicate");
    const QString workspace = QStringLiteral("Plantedworkspacegizmo");
    const QByteArrayList planted = {"Quixotrelmanzia",
                                    "quixotrelmanzia",
                                    "PlantedOriginalZorblax",
                                    "PlantedVaultValueWombatquill",
                                    "Plantedtitlefrobnicate",
                                    "Plantedworkspacegizmo",
                                    "deploy with"};
    auto db = temp.open();
    {
        HistoryStore store(*db);
        auto space = store.createWorkspace(workspace);
        REQUIRE(space);
        auto conversation = store.createConversation(title, space.value());
        REQUIRE(conversation);
        NewUserMessage message;
        message.text = sent;
        message.original = original;
        REQUIRE(store.appendUserMessage(conversation.value(), message));
        auto reply = store.startAssistantMessage(conversation.value(), QStringLiteral("p"), QStringLiteral("m"));
        REQUIRE(reply);
        REQUIRE(store.setReplyText(reply.value(), "Quixotrelmanzia, sure: deploy with [API_KEY_1]."));
        auto vault = StoredVault::open(*db, conversation.value());
        REQUIRE(vault);
        CHECK(vault.value()->placeholderFor("API_KEY", vaultValue) == "[API_KEY_1]");
        auto hits = store.search(QStringLiteral("quixotrelmanzia"));
        REQUIRE(hits);
        CHECK(hits.value().size() == 2);
    }
    auto checkBytes = [&](const char* when) {
        INFO(when);
        const QByteArray bytes = temp.allBytes();
        REQUIRE(bytes.size() > 4096);
        for (const QByteArray& word : planted) {
            INFO(word.toStdString());
            CHECK_FALSE(bytes.contains(word));
        }
    };
    REQUIRE_FALSE(test::readFile(temp.path() + QStringLiteral("-wal")).isEmpty());
    checkBytes("with the data in the write-ahead log");
    REQUIRE(db->checkpoint());
    checkBytes("after a checkpoint");
    db.reset();
    checkBytes("after closing");
}

TEST_CASE("statements run in transactions that roll back on error", "[history][database]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db);
    Status failed = db->transaction([&]() -> Status {
        REQUIRE(store.createWorkspace(QStringLiteral("inside")));
        return Status::failure(Error::Code::Internal, QStringLiteral("The test gives up."));
    });
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message == QStringLiteral("The test gives up."));
    auto spaces = store.workspaces();
    REQUIRE(spaces);
    CHECK(spaces.value().empty());

    Status nested = db->transaction([&]() -> Status {
        REQUIRE(store.createWorkspace(QStringLiteral("outer")));
        CHECK_FALSE(db->transaction([&]() -> Status {
            REQUIRE(store.createWorkspace(QStringLiteral("inner")));
            return Status::failure(Error::Code::Internal, QStringLiteral("The inner part gives up."));
        }));
        return {};
    });
    REQUIRE(nested);
    spaces = store.workspaces();
    REQUIRE(spaces);
    REQUIRE(spaces.value().size() == 1);
    CHECK(spaces.value()[0].name == QStringLiteral("outer"));
}

TEST_CASE("foreign keys are enforced", "[history][database]")
{
    TempDatabase temp;
    auto db = temp.open();
    auto insert = db->prepare("INSERT INTO messages(conversation_id, role, text, provider, model, state, created_at,"
                              " updated_at) VALUES (?1, 'user', 'x', '', '', 'sending', 0, 0)");
    REQUIRE(insert);
    Status done = insert->bind(1, int64_t(12345)).run();
    REQUIRE_FALSE(done);
    CHECK(done.error().code == Error::Code::InvalidInput);
}

TEST_CASE("the integrity check sees a search index out of step with the messages", "[history][database]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db);
    auto conversation = store.createConversation(QStringLiteral("c"));
    REQUIRE(conversation);
    REQUIRE(store.appendUserMessage(conversation.value(), NewUserMessage{"indexed words", {}, {}, {}, {}, {}}));
    auto clean = db->integrityProblems();
    REQUIRE(clean);
    CHECK(clean.value().isEmpty());

    // Behind the triggers' back, the text changes and the index does not.
    REQUIRE(db->execute("DROP TRIGGER messages_search_before_update"));
    REQUIRE(db->execute("DROP TRIGGER messages_search_after_update"));
    REQUIRE(db->execute("UPDATE messages SET text = 'other words'"));
    auto problems = db->integrityProblems();
    REQUIRE(problems);
    CHECK(problems.value() == QStringList{QStringLiteral("The search index does not match the stored messages.")});
}

TEST_CASE("rekey re-encrypts the file: the new key opens it with its data, the old one is refused",
          "[history][database]")
{
    TempDatabase temp;
    const test::DatabaseKey newKey = test::randomKey();
    int64_t conversation = 0;
    {
        auto db = temp.open();
        HistoryStore store(*db);
        conversation = store.createConversation(QStringLiteral("kept across the rekey")).value();
        REQUIRE(store.appendUserMessage(conversation, NewUserMessage{"hello [EMAIL_1]", {}, {}, {}, {}, {}}));
        REQUIRE(db->rekey(newKey));
        // The connection goes on with the new key, back in WAL mode.
        REQUIRE(store.appendUserMessage(conversation, NewUserMessage{"after", {}, {}, {}, {}, {}}));
    }
    auto old = Database::open(temp.path(), temp.key());
    REQUIRE_FALSE(old);
    CHECK(old.error().message == kWrongKey);

    auto db = Database::open(temp.path(), newKey);
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db);
    HistoryStore store(*db.value());
    CHECK(store.conversation(conversation)->title == QStringLiteral("kept across the rekey"));
    CHECK(store.messages(conversation)->size() == 2);
    CHECK(store.search(QStringLiteral("hello"))->size() == 1);
    auto problems = db.value()->integrityProblems();
    REQUIRE(problems);
    CHECK(problems->isEmpty());
    const QByteArray bytes = temp.allBytes();
    CHECK_FALSE(bytes.contains("kept across"));
}

TEST_CASE("rekey is refused while another connection has the file open, and nothing changes", "[history][database]")
{
    TempDatabase temp;
    auto first = temp.open();
    auto second = temp.open();
    HistoryStore(*first).createConversation(QStringLiteral("x")).value();
    const Status refused = first->rekey(test::randomKey());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Error::Code::Unavailable);
    second.reset();
    first.reset();
    auto again = Database::open(temp.path(), temp.key());
    REQUIRE(again);
    CHECK(HistoryStore(*again.value()).conversations()->size() == 1);
}
