#include "policy/PolicyAuditSpool.h"
#include "audit/AuditLog.h"
#include "core/history/HistoryTestSupport.h"
#include "history/Database.h"
#include "support/CatchQt.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <sys/stat.h>

using veil::policy::PolicyAuditEvent;
using veil::policy::PolicyAuditSpool;

namespace {

PolicyAuditEvent activated(int64_t at, int64_t version)
{
    PolicyAuditEvent event;
    event.kind = PolicyAuditEvent::Kind::Activated;
    event.at = at;
    event.orgId = QStringLiteral("example-org");
    event.bundleVersion = version;
    event.keyId = QStringLiteral("098F64234B3B6230");
    event.sourceHost = QStringLiteral("policy.example.com");
    return event;
}

PolicyAuditEvent refused(int64_t at, const char* code)
{
    PolicyAuditEvent event;
    event.kind = PolicyAuditEvent::Kind::Refused;
    event.at = at;
    event.orgId = QStringLiteral("example-org");
    event.bundleVersion = 41;
    event.reasonCode = QString::fromLatin1(code);
    event.reason = QStringLiteral("The bundle's version 41 is older than version 42 (rollback refused).");
    return event;
}

std::vector<veil::audit::AuditEntry> entries(veil::history::Database& db)
{
    auto all = veil::audit::AuditLog(db).entries();
    REQUIRE(all);
    return all.value();
}

} // namespace

TEST_CASE("queued policy events reach the audit log in order, with their own times, and the queue goes",
          "[policy][audit]")
{
    veil::test::TempDatabase temp;
    const QString path = PolicyAuditSpool::pathFor(temp.path());
    CHECK(path == temp.path() + QStringLiteral(".policy-audit"));
    PolicyAuditSpool spool(path);
    REQUIRE(spool.append(activated(1'700'000'000'000, 42)));
    REQUIRE(spool.append(refused(1'700'000'100'000, "rollback")));
    CHECK(veil::test::fileMode(path) == 0600);
    auto queued = spool.events();
    REQUIRE(queued);
    REQUIRE(queued->size() == 2);
    CHECK(queued->at(0) == activated(1'700'000'000'000, 42));
    CHECK(queued->at(1) == refused(1'700'000'100'000, "rollback"));

    auto db = temp.open();
    REQUIRE(veil::audit::AuditLog(*db).keySet(QStringLiteral("openai"))); // something already in the chain
    auto flushed = spool.flush(*db);
    REQUIRE(flushed);
    CHECK(flushed.value() == 2);
    CHECK_FALSE(QFileInfo::exists(path));

    const auto log = entries(*db);
    REQUIRE(log.size() == 3);
    CHECK(log[1].kind == QStringLiteral("policy_activated"));
    CHECK(log[1].at == 1'700'000'000'000);
    CHECK(log[1].details
          == R"({"bundle_version":42,"key_id":"098F64234B3B6230","org_id":"example-org",)"
             R"("source_host":"policy.example.com"})");
    CHECK(log[2].kind == QStringLiteral("policy_refused"));
    CHECK(log[2].at == 1'700'000'100'000);
    const QJsonObject details = QJsonDocument::fromJson(log[2].details).object();
    CHECK(details.value(QStringLiteral("reason_code")).toString() == QStringLiteral("rollback"));
    CHECK(details.value(QStringLiteral("bundle_version")).toInteger() == 41);
    auto verified = veil::audit::AuditLog(*db).verify();
    REQUIRE(verified);
    CHECK(verified->ok);

    // Nothing queued: nothing appended.
    auto again = spool.flush(*db);
    REQUIRE(again);
    CHECK(again.value() == 0);
    CHECK(entries(*db).size() == 3);
}

TEST_CASE("a flush that committed but left its queue behind does not append twice", "[policy][audit]")
{
    veil::test::TempDatabase temp;
    PolicyAuditSpool spool(PolicyAuditSpool::pathFor(temp.path()));
    REQUIRE(spool.append(activated(1'700'000'000'000, 42)));
    QFile file(spool.path());
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray kept = file.readAll();
    file.close();

    auto db = temp.open();
    REQUIRE(spool.flush(*db));
    // As if the removal had been lost in a crash.
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(kept);
    file.close();
    REQUIRE(spool.append(refused(1'700'000'200'000, "expired")));
    auto flushed = spool.flush(*db);
    REQUIRE(flushed);
    CHECK(flushed.value() == 1);
    const auto log = entries(*db);
    REQUIRE(log.size() == 2);
    CHECK(log[0].kind == QStringLiteral("policy_activated"));
    CHECK(log[1].kind == QStringLiteral("policy_refused"));
}

TEST_CASE("a damaged queue is an error and is kept, never half read", "[policy][audit]")
{
    veil::test::TempDatabase temp;
    PolicyAuditSpool spool(PolicyAuditSpool::pathFor(temp.path()));
    QFile file(spool.path());
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("{\"events\": [{\"kind\": \"prompt_sent\", \"at\": 1}]}");
    file.close();
    auto db = temp.open();
    auto flushed = spool.flush(*db);
    REQUIRE_FALSE(flushed);
    CHECK(flushed.error().message.contains(QStringLiteral("cannot read")));
    CHECK(QFileInfo::exists(spool.path()));
    CHECK(entries(*db).empty());
    CHECK_FALSE(spool.append(activated(1, 1)));
}

TEST_CASE("the queue keeps the newest events and records that older ones were dropped", "[policy][audit]")
{
    veil::test::TempDatabase temp;
    PolicyAuditSpool spool(PolicyAuditSpool::pathFor(temp.path()));
    for (int i = 0; i < PolicyAuditSpool::kMaxEvents + 5; ++i) {
        REQUIRE(spool.append(activated(1'000 + i, i + 1)));
    }
    auto queued = spool.events();
    REQUIRE(queued);
    REQUIRE(queued->size() == size_t(PolicyAuditSpool::kMaxEvents));
    CHECK(queued->front().kind == PolicyAuditEvent::Kind::Refused);
    CHECK(queued->front().reasonCode == QStringLiteral("spool_overflow"));
    CHECK(queued->back().bundleVersion == PolicyAuditSpool::kMaxEvents + 5);
    CHECK(queued->at(1).bundleVersion == 7);
    CHECK(queued->front().reason.startsWith(QStringLiteral("6 earlier")));
}
