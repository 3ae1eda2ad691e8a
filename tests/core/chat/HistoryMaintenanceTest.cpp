#include "chat/HistoryMaintenance.h"

#include "audit/AuditLog.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "history/StoredVault.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

#include <sodium.h>

#include <array>

using veil::chat::HistoryMaintenance;
using veil::history::Database;
using veil::history::HistoryStore;

namespace {

constexpr int64_t kDay = HistoryMaintenance::kMsPerDay;
constexpr int64_t kNow = 1'800'000'000'000;

struct Fixture
{
    QTemporaryDir dir;
    std::array<unsigned char, Database::kKeyBytes> key{};
    std::unique_ptr<Database> db;
    int64_t now = kNow;
    HistoryStore::Clock clock = [this] {
        return now;
    };

    Fixture()
    {
        randombytes_buf(key.data(), key.size());
        auto opened = Database::open(dir.filePath(QStringLiteral("history.db")), key);
        REQUIRE(opened);
        db = std::move(opened.value());
    }

    /// A conversation last updated `daysAgo` days before kNow, with one message and one vault entry.
    int64_t conversation(int daysAgo, const std::string& value)
    {
        now = kNow - int64_t(daysAgo) * kDay;
        HistoryStore store(*db, clock);
        const int64_t id = store.createConversation(QStringLiteral("c")).value();
        auto vault = veil::history::StoredVault::open(*db, id);
        REQUIRE(vault);
        const std::string placeholder = vault.value()->placeholderFor("EMAIL", value);
        REQUIRE(store.appendUserMessage(id, veil::history::NewUserMessage{"to " + placeholder, {}, {}, {}, {}, {}}));
        now = kNow;
        return id;
    }

    int64_t rows(veil::history::Sql sql)
    {
        auto stmt = db->prepare(sql);
        REQUIRE(stmt);
        REQUIRE(stmt->next());
        return stmt->int64(0);
    }

    std::vector<veil::audit::AuditEntry> audit() { return veil::audit::AuditLog(*db).entries().value(); }
};

} // namespace

TEST_CASE("retention purges conversations not updated for the configured days, with their vault", "[chat][retention]")
{
    Fixture f;
    const int64_t old = f.conversation(40, "old@example.org");
    const int64_t edge = f.conversation(29, "edge@example.org");
    const int64_t fresh = f.conversation(0, "fresh@example.org");
    HistoryMaintenance maintenance(*f.db, f.clock);

    auto purged = maintenance.applyRetention(30);
    REQUIRE(purged);
    CHECK(purged->conversations == 1);
    CHECK(purged->messages == 1);
    CHECK(purged->vaultEntries == 1);
    HistoryStore store(*f.db, f.clock);
    CHECK_FALSE(store.conversation(old));
    CHECK(store.conversation(edge));
    CHECK(store.conversation(fresh));
    CHECK(f.rows("SELECT count(*) FROM vault") == 2);
    CHECK(f.rows("SELECT count(*) FROM messages") == 2);
    CHECK(store.search(QStringLiteral("EMAIL_1"))->size() == 2);
    CHECK(f.db->integrityProblems()->isEmpty());

    const auto entries = f.audit();
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].kind == QStringLiteral("history_purged"));
    CHECK(entries[0].details == R"({"conversations":1,"messages":1,"reason":"retention"})");
    CHECK(entries[0].at == kNow);

    SECTION("a run that finds nothing expired writes no audit entry")
    {
        REQUIRE(maintenance.applyRetention(30)->conversations == 0);
        CHECK(f.audit().size() == 1);
    }
    SECTION("a day later the next one expires")
    {
        f.now = kNow + 2 * kDay;
        REQUIRE(maintenance.applyRetention(30)->conversations == 1);
        CHECK_FALSE(store.conversation(edge));
        CHECK(f.audit().size() == 2);
    }
    SECTION("zero or negative days purge nothing")
    {
        CHECK(maintenance.applyRetention(0)->conversations == 0);
        CHECK(maintenance.applyRetention(-5)->conversations == 0);
        CHECK(f.rows("SELECT count(*) FROM conversations") == 2);
    }
}

TEST_CASE("a user purge by id, by age or of everything is audited with counts only", "[chat][retention]")
{
    Fixture f;
    const int64_t a = f.conversation(10, "a@example.org");
    const int64_t b = f.conversation(5, "b@example.org");
    f.conversation(1, "c@example.org");
    HistoryMaintenance maintenance(*f.db, f.clock);

    HistoryStore::PurgeSelection one;
    one.conversationId = b;
    REQUIRE(maintenance.purge(one)->conversations == 1);
    auto missing = maintenance.purge(one);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == veil::Error::Code::NotFound);

    HistoryStore::PurgeSelection older;
    older.updatedBefore = kNow - 7 * kDay;
    auto aged = maintenance.purge(older);
    REQUIRE(aged);
    CHECK(aged->conversations == 1);
    CHECK_FALSE(HistoryStore(*f.db).conversation(a));

    auto all = maintenance.purge(HistoryStore::PurgeSelection{});
    REQUIRE(all);
    CHECK(all->conversations == 1);
    REQUIRE(maintenance.purge(HistoryStore::PurgeSelection{})->conversations == 0);
    CHECK(f.rows("SELECT count(*) FROM vault") == 0);
    CHECK(f.rows("SELECT count(*) FROM findings") == 0);

    const auto entries = f.audit();
    REQUIRE(entries.size() == 4); // the failed purge of a missing conversation wrote nothing
    for (const auto& entry : entries) {
        CHECK(entry.kind == QStringLiteral("history_purged"));
        CHECK(entry.details.contains(R"("reason":"user")"));
        CHECK_FALSE(entry.details.contains("example.org"));
    }
    CHECK(entries[3].details == R"({"conversations":0,"messages":0,"reason":"user"})");
    CHECK(veil::audit::AuditLog(*f.db).verify()->ok);
}

TEST_CASE("log retention prunes audit entries older than log_days, and the chain still verifies",
          "[chat][retention][audit]")
{
    Fixture f;
    for (int daysAgo : {20, 10, 8, 6, 1}) {
        f.now = kNow - int64_t(daysAgo) * kDay;
        REQUIRE(veil::audit::AuditLog(*f.db, f.clock).keySet(QStringLiteral("p%1").arg(daysAgo)));
    }
    f.now = kNow;
    HistoryMaintenance maintenance(*f.db, f.clock);
    CHECK(maintenance.applyLogRetention(0).value() == 0);
    CHECK(maintenance.applyLogRetention(-3).value() == 0);
    CHECK(f.audit().size() == 5);

    auto pruned = maintenance.applyLogRetention(7);
    REQUIRE(pruned);
    CHECK(pruned.value() == 3); // 20, 10 and 8 days old
    const auto entries = f.audit();
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].seq == 4);
    CHECK(entries[0].details == R"({"provider":"p6"})");
    CHECK(entries[2].kind == QStringLiteral("audit_pruned"));
    CHECK(entries[2].details.contains("\"entries\":3"));
    CHECK(entries[2].details.contains(QByteArray("\"before\":" + QByteArray::number(qint64(kNow - 7 * kDay)))));
    auto verified = veil::audit::AuditLog(*f.db).verifyWithAnchorFile();
    REQUIRE(verified);
    CHECK(verified->ok);
    CHECK(maintenance.applyLogRetention(7).value() == 0); // again: nothing more, no new entry
    CHECK(f.audit().size() == 3);
}
