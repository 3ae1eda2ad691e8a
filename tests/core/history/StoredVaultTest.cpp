#include "history/StoredVault.h"

#include "HistoryTestSupport.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "redaction/RedactionEngine.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

using namespace veil;
using namespace veil::history;
using veil::test::TempDatabase;

namespace {

int64_t newConversation(Database& db, const QString& title = QStringLiteral("c"))
{
    HistoryStore store(db);
    auto id = store.createConversation(title);
    REQUIRE(id);
    return id.value();
}

std::unique_ptr<StoredVault> openVault(Database& db, int64_t conversation)
{
    auto vault = StoredVault::open(db, conversation);
    INFO((vault ? QString() : vault.error().message).toStdString());
    REQUIRE(vault);
    return std::move(vault).value();
}

constexpr const char* kEmailRule = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}
]})json";

} // namespace

TEST_CASE("the stored vault gives the same value the same placeholder, numbered per type", "[history][vault]")
{
    TempDatabase temp;
    auto db = temp.open();
    auto vault = openVault(*db, newConversation(*db));
    CHECK(vault->placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    CHECK(vault->placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
    CHECK(vault->placeholderFor("AWS_KEY", "AKIA0000000000000001") == "[AWS_KEY_1]");
    CHECK(vault->placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    CHECK(vault->size() == 3);
    CHECK(vault->valueFor("[EMAIL_2]") == std::optional<std::string>("b@example.org"));
    CHECK_FALSE(vault->valueFor("[EMAIL_3]"));
    CHECK(vault->status());
}

TEST_CASE("the vault survives closing the database and numbering continues", "[history][vault]")
{
    TempDatabase temp;
    int64_t conversation = 0;
    {
        auto db = temp.open();
        conversation = newConversation(*db);
        auto vault = openVault(*db, conversation);
        CHECK(vault->placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
        CHECK(vault->placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
        CHECK(vault->placeholderFor("IBAN", "DE89370400440532013000") == "[IBAN_1]");
        // A value of arbitrary bytes comes back byte for byte.
        CHECK(vault->placeholderFor("BYTES", std::string("\0\xff\x01 x", 5)) == "[BYTES_1]");
    }
    auto db = temp.open();
    auto vault = openVault(*db, conversation);
    CHECK(vault->size() == 4);
    CHECK(vault->valueFor("[EMAIL_1]") == std::optional<std::string>("a@example.org"));
    CHECK(vault->valueFor("[IBAN_1]") == std::optional<std::string>("DE89370400440532013000"));
    CHECK(vault->valueFor("[BYTES_1]") == std::optional<std::string>(std::string("\0\xff\x01 x", 5)));
    CHECK(vault->placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
    CHECK(vault->placeholderFor("EMAIL", "c@example.org") == "[EMAIL_3]");
    CHECK(vault->placeholderFor("IBAN", "GB82WEST12345698765432") == "[IBAN_2]");
    CHECK(vault->status());
}

TEST_CASE("each conversation has its own vault, deleted with it", "[history][vault]")
{
    TempDatabase temp;
    auto db = temp.open();
    const int64_t first = newConversation(*db, QStringLiteral("first"));
    const int64_t second = newConversation(*db, QStringLiteral("second"));
    {
        auto a = openVault(*db, first);
        auto b = openVault(*db, second);
        CHECK(a->placeholderFor("EMAIL", "x@example.org") == "[EMAIL_1]");
        CHECK(b->placeholderFor("EMAIL", "y@example.org") == "[EMAIL_1]");
        CHECK(a->valueFor("[EMAIL_1]") == std::optional<std::string>("x@example.org"));
        CHECK(b->valueFor("[EMAIL_1]") == std::optional<std::string>("y@example.org"));
    }
    HistoryStore store(*db);
    REQUIRE(store.deleteConversation(first));
    auto rows = db->prepare("SELECT count(*) FROM vault");
    REQUIRE(rows);
    REQUIRE(rows->next());
    CHECK(rows->int64(0) == 1);
    auto gone = StoredVault::open(*db, first);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == Error::Code::NotFound);
}

TEST_CASE("two vaults on one conversation agree through the database", "[history][vault]")
{
    TempDatabase temp;
    auto db = temp.open();
    const int64_t conversation = newConversation(*db);
    auto a = openVault(*db, conversation);
    auto b = openVault(*db, conversation);
    CHECK(a->placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    CHECK(b->placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
    CHECK(b->placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    CHECK(a->placeholderFor("EMAIL", "c@example.org") == "[EMAIL_3]");
}

TEST_CASE("the redaction engine redacts through the stored vault", "[history][vault]")
{
    TempDatabase temp;
    auto engine = test::engineFromJson(kEmailRule);
    int64_t conversation = 0;
    {
        auto db = temp.open();
        conversation = newConversation(*db);
        auto vault = openVault(*db, conversation);
        const redaction::Redaction r = engine->redact("write to ann@corp.io and bob@corp.io", *vault);
        CHECK(r.redacted == "write to [EMAIL_1] and [EMAIL_2]");
    }
    auto db = temp.open();
    auto vault = openVault(*db, conversation);
    const redaction::Redaction r = engine->redact("and again bob@corp.io, then cy@corp.io", *vault);
    CHECK(r.redacted == "and again [EMAIL_2], then [EMAIL_3]");
}

TEST_CASE("a vault that cannot store an entry says so and stays consistent", "[history][vault]")
{
    TempDatabase temp;
    auto db = temp.open();
    const int64_t conversation = newConversation(*db);
    auto vault = openVault(*db, conversation);
    CHECK(vault->placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    // Another process deletes the conversation under the open vault: the insert violates its foreign key.
    HistoryStore store(*db);
    REQUIRE(store.deleteConversation(conversation));
    CHECK(vault->placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
    CHECK(vault->placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
    REQUIRE_FALSE(vault->status());
    CHECK_FALSE(vault->status().error().message.contains(QStringLiteral("example.org")));
}
