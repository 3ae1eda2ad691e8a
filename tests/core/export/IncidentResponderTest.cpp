// Answering a policy's incident request: which incident is pending, the export's options, and the whole job
// over a real SQLCipher history, uploading to the real loopback nginx (WebDAV) of scripts/start-services.
#include "export/IncidentResponder.h"

#include "audit/AuditLog.h"
#include "common/EngineSetup.h"
#include "core/history/HistoryTestSupport.h"
#include "history/HistoryStore.h"
#include "policy/PolicyEnforcer.h"
#include "support/ExportTools.h"

#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>

#include <catch2/catch.hpp>

using namespace veil;
using veil::exports::IncidentLedger;
using veil::exports::IncidentResponder;

namespace {

constexpr const char* kIncidentRecipient = "age1g3hpthnz0rtyzf8cg9hxpze07n295hxgxzwfwcwfpyh57ychudjs0rlsqk";

policy::PolicyEnforcer enforcerWith(const QByteArray& exportSection, const QByteArray& incident)
{
    const QByteArray json = R"({"schema": "veil-policy", "schema_version": "1.0", "org_id": "acme",
      "bundle_version": 3, "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2099-01-01T00:00:00Z",
      "export": )"
        + exportSection + R"(, "incident": )" + incident + "}";
    auto parsed = policy::PolicyBundle::parse(json);
    INFO((parsed ? QString() : parsed.error().message).toStdString());
    REQUIRE(parsed);
    policy::ManagedConfig config;
    config.managed = true;
    config.orgId = QStringLiteral("acme");
    return policy::PolicyEnforcer::evaluate(config, policy::StoredBundle{parsed.value(), {}, {}},
                                            QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC),
                                            QStringLiteral("0.1.0"));
}

QByteArray incident(const char* extra = "")
{
    return QByteArray(R"({"id": "INC-9", "since": "2026-05-01", "until": "2026-05-02",
        "upload_url": "https://dav.example.com/in/", "recipients": [")")
        + kIncidentRecipient + "\"]" + extra + "}";
}

} // namespace

TEST_CASE("an incident is pending until the ledger records it for the policy's organization", "[export][incident]")
{
    QTemporaryDir dir;
    IncidentLedger ledger(dir.filePath(QStringLiteral("incidents.json")));
    const policy::PolicyEnforcer enforcer
        = enforcerWith(R"({"allow": true, "formats": ["jsonl", "html"]})", incident());
    auto pending = IncidentResponder::pending(enforcer, ledger);
    REQUIRE(pending);
    REQUIRE(pending.value());
    CHECK(pending.value()->id == QStringLiteral("INC-9"));

    REQUIRE(ledger.record({QStringLiteral("other-org"), QStringLiteral("INC-9"), 1, {}, {}}));
    CHECK(IncidentResponder::pending(enforcer, ledger).value().has_value());
    REQUIRE(ledger.record({QStringLiteral("acme"), QStringLiteral("INC-9"), 1, {}, {}}));
    CHECK_FALSE(IncidentResponder::pending(enforcer, ledger).value().has_value());

    const policy::PolicyEnforcer none = enforcerWith(R"({"allow": true})", "null");
    CHECK_FALSE(IncidentResponder::pending(none, ledger).value().has_value());
}

TEST_CASE("an incident export takes the request's range and recipients and the policy's formats", "[export][incident]")
{
    const policy::PolicyEnforcer enforcer
        = enforcerWith(R"({"allow": true, "formats": ["jsonl", "html"]})", incident());
    auto options = IncidentResponder::prepare(enforcer, *enforcer.incident(), 0);
    INFO((options ? QString() : options.error().message).toStdString());
    REQUIRE(options);
    CHECK(options.value().since == QDateTime(QDate(2026, 5, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    CHECK(options.value().until == QDateTime(QDate(2026, 5, 3), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    CHECK(options.value().formats == QStringList{QStringLiteral("jsonl"), QStringLiteral("html")});
    REQUIRE(options.value().recipients.size() == 1);
    CHECK(options.value().recipients[0].toString() == QString::fromLatin1(kIncidentRecipient));
    CHECK(options.value().incidentId == QStringLiteral("INC-9"));
    CHECK(options.value().policyVersion == 3);

    // The export section still decides: no export allowed, no incident export.
    const policy::PolicyEnforcer denied = enforcerWith(R"({"allow": false})", incident());
    auto refused = IncidentResponder::prepare(denied, *denied.incident(), 0);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Error::Code::Denied);
}

TEST_CASE("incident upload URLs name a folder or a file, and file names are safe", "[export][incident]")
{
    CHECK(IncidentResponder::uploadUrl(QUrl(QStringLiteral("https://dav.example.com/in/")), QStringLiteral("a.tar.age"))
          == QUrl(QStringLiteral("https://dav.example.com/in/a.tar.age")));
    CHECK(IncidentResponder::uploadUrl(QUrl(QStringLiteral("https://s3.example.com/b/k?sig=1")),
                                       QStringLiteral("a.tar.age"))
          == QUrl(QStringLiteral("https://s3.example.com/b/k?sig=1")));
    const int64_t at = QDateTime(QDate(2026, 1, 15), QTime(9, 30), Qt::UTC).toMSecsSinceEpoch();
    CHECK(IncidentResponder::fileName(QStringLiteral("../INC 1/ü"), QStringLiteral("desk-7"), at)
          == QStringLiteral("_._INC_1__-desk-7-20260115T093000Z.tar.age"));
}

namespace {

/// Runs an incident export of a one-message history to `uploadUrl`; returns the finished job.
struct IncidentRun
{
    test::TempDatabase history;
    QTemporaryDir dir;
    QNetworkAccessManager network;
    std::unique_ptr<IncidentResponder> responder;

    IncidentRun(const QString& uploadUrl, const QString& recipient)
    {
        {
            auto db = history.open();
            history::HistoryStore store(*db);
            auto conversation = store.createConversation(QStringLiteral("c"));
            REQUIRE(conversation);
            history::NewUserMessage message;
            message.text = "Please mail [EMAIL_1]";
            message.provider = QStringLiteral("inspector");
            message.model = QStringLiteral("inspector");
            REQUIRE(store.appendUserMessage(conversation.value(), message));
        }
        const QByteArray json = R"({"schema": "veil-policy", "schema_version": "1.0", "org_id": "acme",
          "bundle_version": 3, "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2099-01-01T00:00:00Z",
          "export": {"allow": true}, "incident": {"id": "INC-5", "since": "2000-01-01",
          "upload_url": ")"
            + uploadUrl.toUtf8() + R"(", "recipients": [")" + recipient.toUtf8() + R"("]}})";
        auto parsed = policy::PolicyBundle::parse(json);
        INFO((parsed ? QString() : parsed.error().message).toStdString());
        REQUIRE(parsed);
        policy::ManagedConfig config;
        config.managed = true;
        config.orgId = QStringLiteral("acme");
        const policy::PolicyEnforcer enforcer
            = policy::PolicyEnforcer::evaluate(config, policy::StoredBundle{parsed.value(), {}, {}},
                                               QDateTime::currentDateTimeUtc(), QStringLiteral("0.1.0"));
        auto options = IncidentResponder::prepare(enforcer, *enforcer.incident(), QDateTime::currentMSecsSinceEpoch());
        REQUIRE(options);
        IncidentResponder::Request request{*enforcer.incident(), enforcer.orgId(), options.value()};
        request.exportOptions.outPath = dir.filePath(QStringLiteral("INC-5.tar.age"));
        request.exportOptions.appVersion = QStringLiteral("0.1.0");
        auto engine = app::makeRedactionEngine();
        REQUIRE(engine);
        responder = std::make_unique<IncidentResponder>(history.open(), engine.value(), request, ledger(), &network);
        responder->setExtraCaCertificates(QSslCertificate::fromPath(qEnvironmentVariable("VEIL_TEST_CA_FILE")));
        responder->setUploadRetryWait([](int) { return 10; });
        responder->setUploadMaxAttempts(2);
        QSignalSpy finished(responder.get(), &Job::finished);
        responder->start();
        REQUIRE(finished.wait(60000));
        CHECK(finished.size() == 1);
    }

    IncidentLedger ledger() const { return IncidentLedger(dir.filePath(QStringLiteral("incidents.json"))); }

    std::vector<audit::AuditEntry> auditEntries() const
    {
        auto db = history.open();
        auto entries = audit::AuditLog(*db).entries();
        REQUIRE(entries);
        return entries.value();
    }
};

bool haveServer()
{
    return test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()
                                         && test::haveTools({QStringLiteral("age-keygen")}),
                                     "the test web server (scripts/start-services) and age-keygen");
}

} // namespace

TEST_CASE("an incident export is uploaded, audited with the host only, and then recorded as handled",
          "[export][incident][upload]")
{
    if (!haveServer()) {
        return;
    }
    QTemporaryDir keys;
    const test::AgeIdentity id = test::makeAgeIdentity(keys.path(), QStringLiteral("id.key"));
    const QString name = QStringLiteral("dav/incidents-core/%1/").arg(QRandomGenerator::global()->generate64());
    IncidentRun run(qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + name, id.recipient);
    INFO((run.responder->ok() ? QString() : run.responder->error().message).toStdString());
    REQUIRE(run.responder->ok());
    CHECK(run.responder->exported());
    const QString uploaded
        = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + name + QStringLiteral("INC-5.tar.age");
    CHECK(test::readFile(uploaded) == test::readFile(run.responder->summary().path));

    auto handled = run.ledger().find(QStringLiteral("acme"), QStringLiteral("INC-5"));
    REQUIRE(handled);
    REQUIRE(handled.value());
    CHECK(handled.value()->host == QStringLiteral("127.0.0.1"));
    CHECK(handled.value()->fileSha256 == QString::fromLatin1(run.responder->summary().sha256));

    const std::vector<audit::AuditEntry> entries = run.auditEntries();
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].kind == QStringLiteral("export_made"));
    CHECK(entries[0].details.contains(R"("incident":"INC-5")"));
    CHECK(entries[1].kind == QStringLiteral("upload_done"));
    CHECK(entries[1].details.contains(R"("host":"127.0.0.1")"));
    CHECK_FALSE(entries[1].details.contains("dav"));
}

TEST_CASE("a failed incident upload is audited, keeps the file and leaves the incident pending",
          "[export][incident][upload]")
{
    if (!haveServer()) {
        return;
    }
    QTemporaryDir keys;
    const test::AgeIdentity id = test::makeAgeIdentity(keys.path(), QStringLiteral("id.key"));
    IncidentRun run(qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QStringLiteral("/status/500?X-Signature=s3cr3t"),
                    id.recipient);
    REQUIRE_FALSE(run.responder->ok());
    CHECK(run.responder->exported());
    CHECK(run.responder->error().message.contains(QStringLiteral("500")));
    CHECK_FALSE(run.responder->error().message.contains(QStringLiteral("s3cr3t")));
    CHECK(QFileInfo(run.responder->summary().path).size() > 0);
    auto handled = run.ledger().find(QStringLiteral("acme"), QStringLiteral("INC-5"));
    REQUIRE(handled);
    CHECK_FALSE(handled.value());

    const std::vector<audit::AuditEntry> entries = run.auditEntries();
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].kind == QStringLiteral("upload_failed"));
    CHECK(entries[1].details.contains(R"("reason":"http")"));
    CHECK(entries[1].details.contains(R"("attempts":2)"));
    CHECK(entries[1].details.contains(R"("http_status":500)"));
    CHECK_FALSE(entries[1].details.contains("s3cr3t"));
}
