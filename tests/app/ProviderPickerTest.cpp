#include "veil/ProviderPicker.h"
#include "chat/ProviderRegistry.h"
#include "support/CatchQt.h"

#include <QComboBox>

using veil::app::ProviderPicker;
using veil::policy::PolicyEnforcer;
using veil::providers::ProviderConfig;
using veil::providers::ProviderKind;

namespace {

// Policy vectors as in tests/core/policy/PolicyEnforcerTest.cpp.
constexpr const char* kBundle = R"json({
  "schema": "veil-policy", "schema_version": "1.0", "org_id": "example-org", "bundle_version": 7,
  "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2027-01-01T00:00:00Z", "min_app_version": "0.1.0",
  "offline": {"on_expiry": "local_only"},
  "providers": {"default_action": "deny", "allow_user_defined": false, "allow": [
    {"id": "gateway", "kind": "openai_compatible", "base_url": "https://llm.example.org/v1", "models": ["gpt-4o-*"]}]}
})json";

const QDateTime kNow(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);

veil::policy::ManagedConfig managed()
{
    veil::policy::ManagedConfig config;
    config.managed = true;
    config.orgId = QStringLiteral("example-org");
    config.requirePolicy = true;
    return config;
}

ProviderConfig provider(const char* id, ProviderKind kind, const char* url, QStringList models)
{
    ProviderConfig config;
    config.id = QString::fromLatin1(id);
    config.kind = kind;
    config.baseUrl = QUrl(QString::fromLatin1(url));
    config.models = std::move(models);
    return config;
}

QString items(const QComboBox* box)
{
    QStringList result;
    for (int i = 0; i < box->count(); ++i) {
        result << (box->itemData(i).isValid() ? box->itemData(i).toString() : box->itemText(i));
    }
    return result.join(QLatin1Char(','));
}

} // namespace

TEST_CASE("the provider picker lists only what the policy allows", "[gui][picker]")
{
    const std::vector<ProviderConfig> providers{
        veil::chat::ProviderRegistry::inspector(),
        provider("gateway", ProviderKind::OpenAiCompatible, "https://llm.example.org/v1",
                 {QStringLiteral("gpt-4o-mini"), QStringLiteral("o3")}),
        provider("local", ProviderKind::Ollama, "http://127.0.0.1:11434", {QStringLiteral("llama3")}),
    };
    ProviderPicker picker;
    auto* providerBox = picker.findChild<QComboBox*>(QStringLiteral("provider"));
    auto* modelBox = picker.findChild<QComboBox*>(QStringLiteral("model"));
    REQUIRE(providerBox);
    REQUIRE(modelBox);

    SECTION("unmanaged: every configured provider and the inspector")
    {
        picker.setProviders(providers, PolicyEnforcer());
        CHECK(items(providerBox) == QStringLiteral("inspector,gateway,local"));
        REQUIRE(picker.choose(QStringLiteral("gateway"), QStringLiteral("o3")));
        CHECK(picker.currentProvider()->id == QStringLiteral("gateway"));
        CHECK(picker.currentModel() == QStringLiteral("o3"));
    }
    SECTION("managed, no policy yet: only local providers and the inspector")
    {
        picker.setProviders(providers,
                            PolicyEnforcer::evaluate(managed(), std::nullopt, kNow, QStringLiteral("0.1.0")));
        CHECK(items(providerBox) == QStringLiteral("inspector,local"));
        CHECK_FALSE(picker.choose(QStringLiteral("gateway")));
    }
    SECTION("an active policy: its providers, and of those only the models it allows")
    {
        auto parsed = veil::policy::PolicyBundle::parse(kBundle);
        REQUIRE(parsed);
        const auto enforcer = PolicyEnforcer::evaluate(managed(), veil::policy::StoredBundle{parsed.value(), {}, {}},
                                                       kNow, QStringLiteral("0.1.0"));
        REQUIRE(enforcer.mode() == PolicyEnforcer::Mode::Active);
        picker.setProviders(providers, enforcer);
        CHECK(items(providerBox) == QStringLiteral("inspector,gateway"));
        REQUIRE(picker.choose(QStringLiteral("gateway")));
        CHECK(items(modelBox) == QStringLiteral("gpt-4o-mini"));
    }
}
