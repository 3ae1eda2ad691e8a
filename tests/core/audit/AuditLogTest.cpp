#include "audit/AuditLog.h"

#include "core/history/HistoryTestSupport.h"
#include "history/Database.h"
#include "support/TestData.h"

#include <QDir>
#include <QFile>
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

namespace {

/// A clock the test moves: one day per entry unless set.
struct DayClock
{
    std::shared_ptr<int64_t> now = std::make_shared<int64_t>(1'700'000'000'000);
    AuditLog::Clock clock() const
    {
        return [now = now] {
            return *now;
        };
    }
    void advanceDays(int days) const { *now += int64_t(days) * 86'400'000; }
};

/// Appends `count` key_set entries, one day apart.
void writeDaily(AuditLog& log, const DayClock& clock, int count)
{
    for (int i = 0; i < count; ++i) {
        REQUIRE(log.keySet(QStringLiteral("p%1").arg(i)));
        clock.advanceDays(1);
    }
}

} // namespace

TEST_CASE("pruning old entries leaves a checkpoint and an audit_pruned entry, and verify still holds", "[audit][prune]")
{
    TempDatabase temp;
    auto db = temp.open();
    DayClock clock;
    AuditLog log(*db, clock.clock());
    writeDaily(log, clock, 10); // entries 1..10, days 0..9; now is day 10
    const int64_t day = 86'400'000;
    const int64_t start = 1'700'000'000'000;
    auto before = log.entries();
    REQUIRE(before);

    // Keep the last 3 days (entries 8, 9, 10).
    auto pruned = log.prune(start + 7 * day);
    REQUIRE(pruned);
    CHECK(pruned.value() == 7);
    auto after = log.entries();
    REQUIRE(after);
    REQUIRE(after->size() == 4);
    CHECK(after->front().seq == 8);
    CHECK(after->front().prevHash == before->at(6).hash);
    const AuditEntry& entry = after->back();
    CHECK(entry.seq == 11);
    CHECK(entry.kind == QStringLiteral("audit_pruned"));
    const QJsonObject details = QJsonDocument::fromJson(entry.details).object();
    CHECK(details.value(QStringLiteral("entries")).toInteger() == 7);
    CHECK(details.value(QStringLiteral("before")).toInteger() == start + 7 * day);
    CHECK(details.value(QStringLiteral("first_seq")).toInteger() == 8);
    CHECK(details.value(QStringLiteral("prev_hash")).toString() == QString::fromLatin1(before->at(6).hash.toHex()));
    Verification v = verified(log);
    CHECK(v.ok);
    CHECK(v.firstSeq == 8);
    CHECK(v.entries == 4);

    // Nothing older left: nothing pruned, nothing written.
    CHECK(log.prune(start + 7 * day).value() == 0);
    CHECK(log.head()->seq == 11);

    // Everything goes (the previous audit_pruned entry too); the log goes on from the new checkpoint.
    clock.advanceDays(100);
    CHECK(log.prune(*clock.now).value() == 4);
    after = log.entries();
    REQUIRE(after->size() == 1);
    CHECK(after->front().seq == 12);
    CHECK(after->front().kind == QStringLiteral("audit_pruned"));
    REQUIRE(log.keyDeleted(QStringLiteral("p")));
    CHECK(log.head()->seq == 13);
    v = verified(log);
    CHECK(v.ok);
    CHECK(v.firstSeq == 12);

    // The triggers still refuse deleting kept entries and moving the checkpoint back.
    CHECK_FALSE(db->execute("DELETE FROM audit_log WHERE seq = 12"));
    CHECK_FALSE(db->execute("UPDATE audit_checkpoint SET first_seq = 2"));
    CHECK_FALSE(db->execute("DELETE FROM audit_checkpoint"));
    CHECK(verified(log).ok);
}

TEST_CASE("after a prune, verify still reports edits, deletions, reordering and an unrecorded prune", "[audit][prune]")
{
    TempDatabase temp;
    auto db = temp.open();
    DayClock clock;
    AuditLog log(*db, clock.clock());
    writeDaily(log, clock, 10);
    REQUIRE(log.prune(1'700'000'000'000 + 5 * int64_t(86'400'000)).value() == 5); // keeps 6..10, adds 11
    writeDaily(log, clock, 3); // 12, 13, 14
    REQUIRE(verified(log).ok);
    REQUIRE(db->execute("DROP TRIGGER audit_log_no_update"));
    REQUIRE(db->execute("DROP TRIGGER audit_log_no_delete"));
    REQUIRE(db->execute("DROP TRIGGER audit_checkpoint_forward"));

    SECTION("an entry edited")
    {
        REQUIRE(db->execute("UPDATE audit_log SET details = '{\"provider\":\"x\"}' WHERE seq = 12"));
        CHECK(verified(log).firstBad == 12);
    }
    SECTION("an entry in the middle deleted")
    {
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq = 9"));
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 10);
    }
    SECTION("two entries swapped")
    {
        REQUIRE(db->execute("UPDATE audit_log SET seq = -1 WHERE seq = 7"));
        REQUIRE(db->execute("UPDATE audit_log SET seq = 7 WHERE seq = 8"));
        REQUIRE(db->execute("UPDATE audit_log SET seq = 8 WHERE seq = -1"));
        CHECK(verified(log).firstBad == 7);
    }
    SECTION("the oldest kept entries deleted without a checkpoint")
    {
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq < 9"));
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 9);
        CHECK(v.problem.contains(QStringLiteral("missing from the start")));
    }
    SECTION("the oldest kept entries deleted and the checkpoint moved to match")
    {
        auto hash = db->prepare("SELECT hash FROM audit_log WHERE seq = 8");
        REQUIRE(hash);
        REQUIRE(hash->next());
        const QByteArray eighth = hash->blob(0);
        auto move = db->prepare("UPDATE audit_checkpoint SET first_seq = 9, prev_hash = ?1");
        REQUIRE(move);
        REQUIRE(move->bindBlob(1, eighth).run());
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq < 9"));
        const Verification v = verified(log);
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 9);
        CHECK(v.problem.contains(QStringLiteral("no recorded prune ends there")));
    }
}

TEST_CASE("a checkpoint planted on a log that was never pruned is caught", "[audit][prune]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    writeEveryKind(log);
    auto third = db->prepare("SELECT hash FROM audit_log WHERE seq = 3");
    REQUIRE(third);
    REQUIRE(third->next());
    auto plant = db->prepare("INSERT INTO audit_checkpoint(id, first_seq, prev_hash, pruned_at) VALUES (1, 4, ?1, 0)");
    REQUIRE(plant);
    REQUIRE(plant->bindBlob(1, third->blob(0)).run());
    REQUIRE(db->execute("DELETE FROM audit_log WHERE seq < 4")); // the trigger allows it below the checkpoint
    const Verification v = verified(log);
    CHECK_FALSE(v.ok);
    CHECK(v.firstBad == 4);
    CHECK(v.problem.contains(QStringLiteral("no recorded prune")));
}

TEST_CASE("the anchor file follows every commit and shows entries cut off the end", "[audit][anchor]")
{
    TempDatabase temp;
    auto db = temp.open();
    AuditLog log(*db, fixedClock());
    const QString anchorPath = log.anchorPath();
    CHECK(anchorPath == temp.path() + QStringLiteral(".audit-anchor"));
    // A fresh log: no anchor yet, and none needed.
    CHECK_FALSE(QFile::exists(anchorPath));
    CHECK(log.verifyWithAnchorFile()->ok);

    writeEveryKind(log);
    auto anchor = AuditAnchor::read(anchorPath);
    REQUIRE(anchor);
    REQUIRE(anchor.value());
    CHECK(*anchor.value() == log.head().value());
    CHECK(test::fileMode(anchorPath) == 0600);
    const QByteArray text = test::readFile(anchorPath);
    CHECK(text.startsWith("veil-audit-anchor 1\n8 "));
    CHECK(QDir(temp.folder()).entryList(QDir::Files).filter(QStringLiteral(".tmp")).isEmpty());
    CHECK(log.verifyWithAnchorFile()->ok);

    SECTION("a rolled-back append does not move the anchor")
    {
        CHECK_FALSE(db->transaction([&]() -> Status {
            REQUIRE(log.keySet(QStringLiteral("x")));
            return Status::failure(Error::Code::Internal, QStringLiteral("no"));
        }));
        CHECK(AuditAnchor::read(anchorPath).value()->seq == 8);
        CHECK(log.head()->seq == 8);
        CHECK(log.verifyWithAnchorFile()->ok);
    }
    SECTION("the end cut off: verify names both ends, and later entries do not hide it")
    {
        REQUIRE(db->execute("DROP TRIGGER audit_log_no_delete"));
        REQUIRE(db->execute("DELETE FROM audit_log WHERE seq > 6"));
        CHECK(verified(log).ok); // the chain alone cannot tell
        Verification v = log.verifyWithAnchorFile().value();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 7);
        CHECK(v.problem.contains(QStringLiteral("The audit log ends at entry 6, but entry 8 was recorded")));
        // New entries 7, 8, 9 on top: the anchor stays (evidence) and entry 8 is not the one recorded.
        REQUIRE(log.keySet(QStringLiteral("a")));
        REQUIRE(log.keySet(QStringLiteral("b")));
        REQUIRE(log.keySet(QStringLiteral("c")));
        CHECK(AuditAnchor::read(anchorPath).value()->seq == 8);
        v = log.verifyWithAnchorFile().value();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 8);
        CHECK(v.problem.contains(QStringLiteral("not the entry recorded outside the database")));
    }
    SECTION("an anchor one entry behind (a crash between commit and anchor) is fine")
    {
        auto entries = log.entries();
        REQUIRE(AuditAnchor::write(anchorPath, ChainHead{7, entries->at(6).hash}));
        CHECK(log.verifyWithAnchorFile()->ok);
        REQUIRE(log.keySet(QStringLiteral("next"))); // and the next append moves it on
        CHECK(AuditAnchor::read(anchorPath).value()->seq == 9);
    }
    SECTION("an anchor whose hash does not match its entry")
    {
        REQUIRE(AuditAnchor::write(anchorPath, ChainHead{5, QByteArray(32, 'x')}));
        const Verification v = log.verifyWithAnchorFile().value();
        CHECK_FALSE(v.ok);
        CHECK(v.firstBad == 5);
    }
    SECTION("a missing anchor on a non-empty log is a verification failure that says so")
    {
        REQUIRE(QFile::remove(anchorPath));
        const Verification v = log.verifyWithAnchorFile().value();
        CHECK_FALSE(v.ok);
        CHECK(v.anchorMissing);
        CHECK(v.problem.contains(QStringLiteral("anchor file")));
        CHECK(v.problem.contains(QStringLiteral("missing")));
        CHECK(log.adoptAnchor()); // what an upgrade from a Veil without anchors does
        CHECK(log.verifyWithAnchorFile()->ok);
    }
    SECTION("an unreadable anchor is an error naming the file")
    {
        QFile file(anchorPath);
        REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("garbage\n");
        file.close();
        auto result = log.verifyWithAnchorFile();
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Error::Code::InvalidInput);
        CHECK(result.error().message.contains(anchorPath));
        CHECK(log.keySet(QStringLiteral("y"))); // the entry is written; the damaged anchor is left for verify
        CHECK(test::readFile(anchorPath) == "garbage\n");
    }
}

TEST_CASE("a prune keeps the anchor valid, even one that lagged into the pruned range", "[audit][anchor][prune]")
{
    TempDatabase temp;
    auto db = temp.open();
    DayClock clock;
    AuditLog log(*db, clock.clock());
    writeDaily(log, clock, 6);
    auto entries = log.entries();
    REQUIRE(AuditAnchor::write(log.anchorPath(), ChainHead{2, entries->at(1).hash})); // lagging far behind
    REQUIRE(log.prune(1'700'000'000'000 + 4 * int64_t(86'400'000)).value() == 4);
    CHECK(AuditAnchor::read(log.anchorPath()).value()->seq == 7); // moved on: its entry was pruned legitimately
    CHECK(log.verifyWithAnchorFile()->ok);
}
