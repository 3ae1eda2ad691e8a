#include "policy/PolicyEnforcer.h"
#include "support/CatchQt.h"

using namespace veil::policy;
using veil::providers::ProviderConfig;
using veil::providers::ProviderKind;

namespace {

constexpr const char* kBundle = R"json({
  "schema": "veil-policy", "schema_version": "1.0", "org_id": "example-org", "bundle_version": 7,
  "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2027-01-01T00:00:00Z", "min_app_version": "0.1.0",
  "offline": {"on_expiry": "local_only"},
  "providers": {"default_action": "deny", "allow_user_defined": false, "allow": [
    {"id": "gateway", "kind": "openai_compatible", "base_url": "https://llm.example.org/v1", "models": ["gpt-4o-*"]},
    {"id": "local", "kind": "ollama", "base_url": "http://127.0.0.1:11434", "models": ["*"]}]},
  "redaction": {"deny_terms": ["Project Bluefin"]}
})json";

const QDateTime kNow(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);

ManagedConfig managed(bool requirePolicy = true)
{
    ManagedConfig config;
    config.managed = true;
    config.orgId = QStringLiteral("example-org");
    config.requirePolicy = requirePolicy;
    return config;
}

std::optional<StoredBundle> bundle(const QByteArray& json = kBundle)
{
    auto parsed = PolicyBundle::parse(json);
    REQUIRE(parsed);
    return StoredBundle{parsed.value(), {}, {}};
}

ProviderConfig provider(ProviderKind kind, const char* url, const char* model = "gpt-4o-mini")
{
    ProviderConfig config;
    config.id = QStringLiteral("p");
    config.kind = kind;
    config.baseUrl = QUrl(QString::fromLatin1(url));
    config.models = {QString::fromLatin1(model)};
    return config;
}

} // namespace

TEST_CASE("an active policy allows only its providers, endpoints and models", "[policy][enforce]")
{
    const PolicyEnforcer enforcer = PolicyEnforcer::evaluate(managed(), bundle(), kNow, QStringLiteral("0.1.0"));
    REQUIRE(enforcer.mode() == PolicyEnforcer::Mode::Active);
    CHECK(enforcer.summary() == QStringLiteral("Managed by example-org, policy v7, valid until 2027-01-01"));
    CHECK(enforcer.version() == 7);
    CHECK(enforcer.redaction().contains(QStringLiteral("deny_terms")));

    CHECK(enforcer.checkProvider(provider(ProviderKind::OpenAiCompatible, "https://llm.example.org/v1"), {}));
    CHECK(enforcer.checkProvider(provider(ProviderKind::OpenAi, "https://llm.example.org/v1/"), {}));
    CHECK(enforcer.checkProvider(provider(ProviderKind::Ollama, "http://127.0.0.1:11434", "llama3"), {}));
    CHECK(enforcer.checkProvider(provider(ProviderKind::Inspector, ""), {}));

    const auto model = enforcer.checkProvider(provider(ProviderKind::OpenAiCompatible, "https://llm.example.org/v1"),
                                              QStringLiteral("o3"));
    REQUIRE_FALSE(model);
    CHECK(model.error().message.contains(QStringLiteral("model \"o3\"")));
    for (const char* url :
         {"https://llm.example.org:8443/v1", "http://llm.example.org/v1", "https://llm.example.org/v2",
          "https://llm.example.org.evil.net/v1", "https://api.openai.com/v1"}) {
        INFO(url);
        const auto refused = enforcer.checkProvider(provider(ProviderKind::OpenAiCompatible, url), {});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == veil::Error::Code::Denied);
    }
    CHECK_FALSE(enforcer.checkProvider(provider(ProviderKind::Anthropic, "https://llm.example.org/v1"), {}));
}

TEST_CASE("user-defined providers need the bundle's permission", "[policy][enforce]")
{
    QByteArray open = kBundle;
    open.replace("\"allow_user_defined\": false", "\"allow_user_defined\": true");
    const PolicyEnforcer enforcer = PolicyEnforcer::evaluate(managed(), bundle(open), kNow, QStringLiteral("0.1.0"));
    CHECK(enforcer.checkProvider(provider(ProviderKind::Anthropic, "https://api.anthropic.com", "claude"), {}));
}

TEST_CASE("without a policy, expired or too new, cloud providers are blocked", "[policy][enforce]")
{
    const ProviderConfig cloud = provider(ProviderKind::OpenAiCompatible, "https://llm.example.org/v1");
    const ProviderConfig local = provider(ProviderKind::Ollama, "http://127.0.0.1:11434", "llama3");
    const ProviderConfig inspector = provider(ProviderKind::Inspector, "");

    SECTION("managed, require_policy, nothing received yet: fail closed")
    {
        const auto e = PolicyEnforcer::evaluate(managed(true), std::nullopt, kNow, QStringLiteral("0.1.0"));
        CHECK(e.mode() == PolicyEnforcer::Mode::NoPolicyYet);
        CHECK_FALSE(e.checkProvider(cloud, {}));
        CHECK(e.checkProvider(local, {}));
        CHECK(e.checkProvider(inspector, {}));
    }
    SECTION("managed without require_policy: open until a bundle arrives")
    {
        const auto e = PolicyEnforcer::evaluate(managed(false), std::nullopt, kNow, QStringLiteral("0.1.0"));
        CHECK(e.mode() == PolicyEnforcer::Mode::NoPolicyOpen);
        CHECK(e.checkProvider(cloud, {}));
    }
    SECTION("expired with local_only")
    {
        const auto e = PolicyEnforcer::evaluate(managed(), bundle(), kNow.addYears(2), QStringLiteral("0.1.0"));
        CHECK(e.mode() == PolicyEnforcer::Mode::Expired);
        CHECK(e.summary() == QStringLiteral("Policy expired: cloud providers blocked"));
        CHECK_FALSE(e.checkProvider(cloud, {}));
        CHECK(e.checkProvider(local, {}));
        CHECK(e.redaction().contains(QStringLiteral("deny_terms"))); // its rules still apply
    }
    SECTION("expired with fail_closed")
    {
        QByteArray closed = kBundle;
        closed.replace("local_only", "fail_closed");
        const auto e = PolicyEnforcer::evaluate(managed(), bundle(closed), kNow.addYears(2), QStringLiteral("0.1.0"));
        CHECK_FALSE(e.checkProvider(local, {}));
        CHECK(e.checkProvider(inspector, {}));
    }
    SECTION("the bundle needs a newer Veil")
    {
        const auto e = PolicyEnforcer::evaluate(managed(), bundle(), kNow, QStringLiteral("0.0.9"));
        CHECK(e.mode() == PolicyEnforcer::Mode::UpdateRequired);
        const auto refused = e.checkProvider(cloud, {});
        REQUIRE_FALSE(refused);
        CHECK(refused.error().message.contains(QStringLiteral("0.1.0 or newer")));
        CHECK(e.checkProvider(local, {}));
    }
    SECTION("unmanaged: anything configured")
    {
        const auto e = PolicyEnforcer::evaluate(ManagedConfig{}, std::nullopt, kNow, QStringLiteral("0.1.0"));
        CHECK(e.mode() == PolicyEnforcer::Mode::Unmanaged);
        CHECK(e.summary() == QStringLiteral("Unmanaged"));
        CHECK(e.checkProvider(cloud, {}));
    }
}

TEST_CASE("exports: unmanaged machines may export, encrypted or not", "[policy][enforce][export]")
{
    const PolicyEnforcer enforcer
        = PolicyEnforcer::evaluate(ManagedConfig{}, std::nullopt, kNow, QStringLiteral("0.1.0"));
    CHECK(enforcer.checkExport({QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("html")}, false));
    CHECK(enforcer.checkExport({QStringLiteral("jsonl")}, true));
    CHECK(enforcer.exportRecipients().isEmpty());
}

TEST_CASE("exports: a managed machine without a policy yet exports only encrypted", "[policy][enforce][export]")
{
    for (bool require : {true, false}) {
        const PolicyEnforcer enforcer
            = PolicyEnforcer::evaluate(managed(require), std::nullopt, kNow, QStringLiteral("0.1.0"));
        const veil::Status plain = enforcer.checkExport({QStringLiteral("jsonl")}, false);
        REQUIRE_FALSE(plain);
        CHECK(plain.error().code == veil::Error::Code::Denied);
        CHECK(enforcer.checkExport({QStringLiteral("jsonl")}, true));
    }
}

TEST_CASE("exports: a bundle must allow them, and its formats, recipients and allow_unencrypted apply",
          "[policy][enforce][export]")
{
    const QStringList all{QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("html")};
    // No export section: denied (a managed organization allows exports explicitly).
    const PolicyEnforcer silent = PolicyEnforcer::evaluate(managed(), bundle(), kNow, QStringLiteral("0.1.0"));
    CHECK_FALSE(silent.checkExport(all, true));

    QByteArray json = kBundle;
    json.replace("\"redaction\":", R"("export": {"allow": true, "formats": ["jsonl", "html"],
        "recipients": ["age1g3hpthnz0rtyzf8cg9hxpze07n295hxgxzwfwcwfpyh57ychudjs0rlsqk"]}, "redaction":)");
    const PolicyEnforcer withRecipients
        = PolicyEnforcer::evaluate(managed(), bundle(json), kNow, QStringLiteral("0.1.0"));
    CHECK(withRecipients.exportRecipients()
          == QStringList{QStringLiteral("age1g3hpthnz0rtyzf8cg9hxpze07n295hxgxzwfwcwfpyh57ychudjs0rlsqk")});
    CHECK(withRecipients.checkExport({QStringLiteral("jsonl"), QStringLiteral("html")}, true));
    CHECK_FALSE(withRecipients.checkExport(all, true)); // csv is not listed
    CHECK_FALSE(withRecipients.checkExport({QStringLiteral("jsonl")}, false));

    QByteArray open = kBundle;
    open.replace("\"redaction\":", R"("export": {"allow": true, "allow_unencrypted": true}, "redaction":)");
    const PolicyEnforcer unencrypted = PolicyEnforcer::evaluate(managed(), bundle(open), kNow, QStringLiteral("0.1.0"));
    CHECK(unencrypted.checkExport(all, false));
    CHECK(unencrypted.exportRecipients().isEmpty());

    QByteArray closed = kBundle;
    closed.replace("\"redaction\":", R"("export": {"allow": true}, "redaction":)");
    const PolicyEnforcer encryptedOnly
        = PolicyEnforcer::evaluate(managed(), bundle(closed), kNow, QStringLiteral("0.1.0"));
    CHECK(encryptedOnly.checkExport(all, true));
    CHECK_FALSE(encryptedOnly.checkExport(all, false));

    QByteArray denied = kBundle;
    denied.replace("\"redaction\":", R"("export": {"allow": false, "allow_unencrypted": true}, "redaction":)");
    const PolicyEnforcer none = PolicyEnforcer::evaluate(managed(), bundle(denied), kNow, QStringLiteral("0.1.0"));
    CHECK_FALSE(none.checkExport(all, true));
    // Still the organization's word once the bundle expired.
    const PolicyEnforcer expired
        = PolicyEnforcer::evaluate(managed(), bundle(denied), kNow.addYears(2), QStringLiteral("0.1.0"));
    REQUIRE(expired.mode() == PolicyEnforcer::Mode::Expired);
    CHECK_FALSE(expired.checkExport(all, true));
}

TEST_CASE("retention: the bundle's section in every mode that has one, the defaults without",
          "[policy][enforce][retention]")
{
    const PolicyEnforcer unmanaged
        = PolicyEnforcer::evaluate(ManagedConfig{}, std::nullopt, kNow, QStringLiteral("0.1.0"));
    CHECK(unmanaged.storeHistory());
    CHECK_FALSE(unmanaged.storeOriginals());
    CHECK_FALSE(unmanaged.historyRetentionDays());
    CHECK_FALSE(unmanaged.logRetentionDays());

    QByteArray json = kBundle;
    json.replace("\"redaction\":", R"("retention": {"store_history": false, "store_originals": true,
        "history_days": 30, "log_days": 7}, "redaction":)");
    const PolicyEnforcer active = PolicyEnforcer::evaluate(managed(), bundle(json), kNow, QStringLiteral("0.1.0"));
    CHECK_FALSE(active.storeHistory());
    CHECK(active.storeOriginals());
    CHECK(active.historyRetentionDays() == 30);
    CHECK(active.logRetentionDays() == 7);
    const PolicyEnforcer expired
        = PolicyEnforcer::evaluate(managed(), bundle(json), kNow.addYears(2), QStringLiteral("0.1.0"));
    CHECK(expired.mode() == PolicyEnforcer::Mode::Expired);
    CHECK_FALSE(expired.storeHistory());
    CHECK(expired.logRetentionDays() == 7);
}

TEST_CASE("each mode has the stable name exports and status output record", "[policy][enforce]")
{
    using Mode = PolicyEnforcer::Mode;
    CHECK(PolicyEnforcer::modeName(Mode::Unmanaged) == QStringLiteral("unmanaged"));
    CHECK(PolicyEnforcer::modeName(Mode::Active) == QStringLiteral("active"));
    CHECK(PolicyEnforcer::modeName(Mode::NoPolicyYet) == QStringLiteral("no_policy_yet"));
    CHECK(PolicyEnforcer::modeName(Mode::NoPolicyOpen) == QStringLiteral("no_policy_open"));
    CHECK(PolicyEnforcer::modeName(Mode::Expired) == QStringLiteral("expired"));
    CHECK(PolicyEnforcer::modeName(Mode::UpdateRequired) == QStringLiteral("update_required"));
}
