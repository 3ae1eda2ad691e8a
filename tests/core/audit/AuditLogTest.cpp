#include "audit/AuditLog.h"

#include "core/history/HistoryTestSupport.h"
#include "history/Database.h"
#include "support/TestData.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <catch2/catch.hpp>

#include <sodium.h>

#include <memory>

using namespace veil;
using namespace veil::audit;
using veil::test::TempDatabase;

namespace {

AuditLog::Clock fixedClock()
{
    auto now = std::make_shared<int64_t>(1'700'000'000'000);
    return [now] {
        return ++*now;
    };
}

/// Writes one entry of every kind; returns how many.
int64_t writeEveryKind(AuditLog& log)
{
    PromptSent sent;
    sent.provider = QStringLiteral("anthropic");
    sent.model = QStringLiteral("claude");
    sent.policyVersion = 7;
    sent.findingsByType = {{"EMAIL", 2}, {"AWS_KEY", 1}};
    sent.promptBytes = 120;
    sent.sentBytes = 98;
    REQUIRE(log.promptSent(sent));
    REQUIRE(log.promptBlocked(PromptBlocked{QStringLiteral("openai"), QStringLiteral("gpt"), 7, {"private-key"}}));
    REQUIRE(log.keySet(QStringLiteral("anthropic")));
    REQUIRE(log.keyDeleted(QStringLiteral("openai")));
    REQUIRE(log.policyActivated(PolicyActivated{QStringLiteral("acme"), 8}));
    REQUIRE(log.policyRefused(PolicyRefused{QStringLiteral("acme"), 6, QStringLiteral("rollback")}));
    REQUIRE(log.exportMade(
        ExportMade{1, 2, 30, {QStringLiteral("jsonl"), QStringLiteral("csv")}, true, QStringLiteral("ab12")}));
    REQUIRE(log.historyPurged(HistoryPurged{3, QStringLiteral("retention")}));
    return 8;
}

Verification verified(AuditLog& log, const std::optional<ChainHead>& anchor = std::nullopt)
{
    auto result = log.verify(anchor);
    INFO((result ? QString() : result.error().message).toStdString());
    REQUIRE(result);
    return result.value();
}

} // namespace

TEST_CASE("appends entries of every kind, chained from a zero hash", "[audit]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    const int64_t count = writeEveryKind(log);

    auto entries = log.entries();
    REQUIRE(entries);
    REQUIRE(static_cast<int64_t>(entries.value().size()) == count);
    const auto& first = entries.value()[0];
    CHECK(first.seq == 1);
    CHECK(first.kind == QStringLiteral("prompt_sent"));
    CHECK(first.details
          == R"({"findings":{"AWS_KEY":1,"EMAIL":2},"model":"claude","policy_version":7,"prompt_bytes":120,)"
             R"("provider":"anthropic","sent_bytes":98})");
    CHECK(first.prevHash == QByteArray(32, '\0'));
    CHECK(first.hash.size() == 32);
    for (size_t i = 1; i < entries.value().size(); ++i) {
        CHECK(entries.value()[i].seq == static_cast<int64_t>(i) + 1);
        CHECK(entries.value()[i].prevHash == entries.value()[i - 1].hash);
    }
    QStringList kinds;
    for (const AuditEntry& entry : entries.value()) {
        kinds << entry.kind;
        // Every details text is a JSON object.
        CHECK(QJsonDocument::fromJson(entry.details).isObject());
    }
    CHECK(kinds
          == QStringList{QStringLiteral("prompt_sent"), QStringLiteral("prompt_blocked"), QStringLiteral("key_set"),
                         QStringLiteral("key_deleted"), QStringLiteral("policy_activated"),
                         QStringLiteral("policy_refused"), QStringLiteral("export_made"),
                         QStringLiteral("history_purged")});
    CHECK(entries.value()[6].details
          == R"({"encrypted":true,"file_sha256":"","formats":["jsonl","csv"],"manifest_sha256":"ab12","messages":30,)"
             R"("new_findings":0,"recipients":0,"since":1,"until":2})");

    auto later = log.entries(6, 10);
    REQUIRE(later);
    REQUIRE(later.value().size() == 2);
    CHECK(later.value()[0].seq == 7);

    const Verification v = verified(log);
    CHECK(v.ok);
    CHECK(v.entries == count);
    CHECK_FALSE(v.firstBad);
}

TEST_CASE("the entry hash is BLAKE2b-256 of the canonical entry", "[audit]")
{
    // Recomputed here with libsodium directly from the documented serialization.
    const std::string canonical
        = std::string(R"({"at":1700000000001,"details":{"provider":"x"},"kind":"key_set","prev":")")
        + std::string(64, '0') + R"(","seq":1})";
    QByteArray expected(32, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(expected.data()), 32,
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), nullptr, 0);
    CHECK(AuditLog::entryHash(1, 1700000000001, "key_set", R"({"provider":"x"})", QByteArray(32, '\0')) == expected);

    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    REQUIRE(log.keySet(QStringLiteral("x")));
    auto entries = log.entries();
    REQUIRE(entries);
    REQUIRE(entries.value().size() == 1);
    CHECK(entries.value()[0].hash == expected);
}

TEST_CASE("the chain continues across reopening", "[audit]")
{
    TempDatabase temp;
    {
        auto db = temp.open();
        AuditLog log(*db, fixedClock());
        REQUIRE(log.keySet(QStringLiteral("a")));
    }
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    REQUIRE(log.keySet(QStringLiteral("b")));
    auto head = log.head();
    REQUIRE(head);
    CHECK(head.value().seq == 2);
    const Verification v = verified(log, head.value());
    CHECK(v.ok);
    CHECK(v.entries == 2);
}

TEST_CASE("the log refuses updates and deletions through SQL", "[audit]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    writeEveryKind(log);
    CHECK_FALSE(db->execute("UPDATE audit_log SET details = '{}' WHERE seq = 2"));
    CHECK_FALSE(db->execute("DELETE FROM audit_log WHERE seq = 3"));
    CHECK(verified(log).ok);
}

TEST_CASE("verify reports the first entry edited, removed or moved behind Veil's back", "[audit]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    const int64_t count = writeEveryKind(log);
    auto head = log.head();
    REQUIRE(head);
    // Someone with the key and a SQL prompt: first the guards go.
    REQUIRE(db->execute("DROP TRIGGER audit_log_no_update"));
    REQUIRE(db->execute("DROP TRIGGER audit_log_no_delete"));

    SECTION("details edited")
    {
        REQUIRE(db->execute("UPDATE audit_log SET details = replace(details, '\"sent_bytes\":98', '\"sent_bytes\":9')"
                            " WHERE seq = 1"));
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 1);
        CHECK(v.entries == 0);
        CHECK(v.problem.contains(QStringLiteral("changed")));
    }
    SECTION("kind edited")
    {
        REQUIRE(db->execute("UPDATE audit_log SET kind = 'key_set' WHERE seq = 4"));
        CHECK(verified(log).firstBad == 4);
    }
    SECTION("timestamp edited")
    {
        REQUIRE(db->execute("UPDATE audit_log SET at = at - 86400000 WHERE seq = 6"));
        CHECK(verified(log).firstBad == 6);
    }
    SECTION("an entry edited and its hash recomputed: the next entry no longer follows")
    {
        // Rewrites entry 5 as a different, self-consistent entry: hash it the way Veil would.
        auto row = db->prepare("SELECT at, prev_hash FROM audit_log WHERE seq = 5");
        REQUIRE(row);
        REQUIRE(row->next());
        const int64_t at = row->int64(0);
        const QByteArray prev = row->blob(1);
        const std::string forged = R"({"bundle_version":9,"org_id":"acme"})";
        const QByteArray hash = AuditLog::entryHash(5, at, "policy_activated", forged, prev);
        auto update = db->prepare("UPDATE audit_log SET details = ?1, hash = ?2 WHERE seq = 5");
        REQUIRE(update);
        REQUIRE(update->bind(1, std::string_view(forged)).bindBlob(2, hash).run());
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 6);
        CHECK(v.entries == 5);
    }
    SECTION("an entry in the middle removed")
    {
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq = 3"));
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 4);
        CHECK(v.problem.contains(QStringLiteral("missing")));
    }
    SECTION("the first entry removed")
    {
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq = 1"));
        CHECK(verified(log).firstBad == 2);
    }
    SECTION("two entries swapped")
    {
        REQUIRE(db->execute("UPDATE audit_log SET seq = -1 WHERE seq = 2"));
        REQUIRE(db->execute("UPDATE audit_log SET seq = 2 WHERE seq = 3"));
        REQUIRE(db->execute("UPDATE audit_log SET seq = 3 WHERE seq = -1"));
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 2);
    }
    SECTION("the last entries cut off: only the anchor kept outside shows it")
    {
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq >= 7"));
        CHECK(verified(log).ok);
        const Verification v = verified(log, head.value());
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 7);
        CHECK(v.entries == count - 2);
        CHECK(v.problem.contains(QStringLiteral("removed")));
    }
    SECTION("untouched, the anchor agrees")
    {
        CHECK(verified(log, head.value()).ok);
    }
}

TEST_CASE("audit entries hold no content and are encrypted on disk", "[audit]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    REQUIRE(log.keySet(QStringLiteral("Auditplantedprovider")));
    REQUIRE(db->checkpoint());
    CHECK_FALSE(temp.allBytes().contains("Auditplantedprovider"));
}

TEST_CASE("upload entries name the host and the incident, never the URL's path or query", "[audit]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    ExportUpload upload;
    upload.host = QStringLiteral("dav.example.com");
    upload.fileSha256 = QStringLiteral("ab12");
    upload.bytes = 4096;
    upload.attempts = 1;
    upload.httpStatus = 201;
    upload.incidentId = QStringLiteral("INC-7");
    REQUIRE(log.uploadDone(upload));
    upload.incidentId.clear();
    upload.attempts = 4;
    upload.httpStatus = 503;
    upload.reason = QStringLiteral("http");
    REQUIRE(log.uploadFailed(upload));
    ExportMade made{1, 2, 3, {QStringLiteral("jsonl")}, true, QStringLiteral("cd34")};
    made.incidentId = QStringLiteral("INC-7");
    REQUIRE(log.exportMade(made));

    auto entries = log.entries();
    REQUIRE(entries);
    REQUIRE(entries.value().size() == 3);
    CHECK(entries.value()[0].kind == QStringLiteral("upload_done"));
    CHECK(entries.value()[0].details
          == R"({"attempts":1,"bytes":4096,"file_sha256":"ab12","host":"dav.example.com","http_status":201,)"
             R"("incident":"INC-7"})");
    CHECK(entries.value()[1].kind == QStringLiteral("upload_failed"));
    CHECK(entries.value()[1].details
          == R"({"attempts":4,"bytes":4096,"file_sha256":"ab12","host":"dav.example.com","http_status":503,)"
             R"("reason":"http"})");
    CHECK(entries.value()[2].details.startsWith(R"({"encrypted":true,"file_sha256":"","formats":["jsonl"],)"
                                                R"("incident":"INC-7",)"));
    CHECK(verified(log).ok);
}
