#include "policy/ManagedConfig.h"
#include "support/CatchQt.h"

#include <QFile>
#include <QTemporaryDir>

using namespace veil::policy;

namespace {

constexpr const char* kKey = "RWQwYjtLI2SPCVIJXjepQTxGAW9U1ut+m39QLWhvGiK46tqzT1Wyu0OX";

void write(const QTemporaryDir& dir, const QString& name, const QByteArray& json)
{
    QFile file(dir.filePath(name));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(json);
}

} // namespace

TEST_CASE("no managed folder or an empty one is unmanaged mode", "[policy][managed]")
{
    auto missing = ManagedConfig::load(QStringLiteral("/nonexistent/veil/managed.d"));
    REQUIRE(missing);
    CHECK_FALSE(missing.value().managed);
    QTemporaryDir empty;
    auto none = ManagedConfig::load(empty.path());
    REQUIRE(none);
    CHECK_FALSE(none.value().managed);
}

TEST_CASE("files merge in name order and the last one wins", "[policy][managed]")
{
    QTemporaryDir dir;
    write(dir, QStringLiteral("10-org.json"),
          QByteArray(R"json({"policy_url": "https://config.example.org/veil/policy.json", "org_id": "example-org",
                     "trusted_keys": [")json")
              + kKey + "\"]}");
    write(dir, QStringLiteral("20-override.json"), R"json({"require_policy": true, "org_id": "example-org"})json");
    write(dir, QStringLiteral("notes.txt"), "ignored");
    auto config = ManagedConfig::load(dir.path());
    REQUIRE(config);
    CHECK(config.value().managed);
    CHECK(config.value().requirePolicy);
    CHECK(config.value().trustedKeys.size() == 1);
    CHECK(config.value().policyUrl.host() == QStringLiteral("config.example.org"));
    CHECK(config.value().sources.size() == 2);
}

TEST_CASE("a broken managed configuration is an error, never unmanaged mode", "[policy][managed]")
{
    auto loadWith = [](const QByteArray& json) {
        QTemporaryDir dir;
        write(dir, QStringLiteral("50-bad.json"), json);
        return ManagedConfig::load(dir.path());
    };
    const QByteArray key = QByteArray("\"") + kKey + "\"";
    CHECK(loadWith(R"json({"policy_url": "http://config.example.org/p.json", "org_id": "o", "trusted_keys": [)json"
                   + key + "]}")
              .error()
              .message.contains(QStringLiteral("loopback")));
    CHECK(loadWith(R"json({"policy_url": "http://127.0.0.1:8443/p.json", "org_id": "o", "trusted_keys": [)json" + key
                   + "]}"));
    CHECK(loadWith(R"json({"policy_url": "http://[::1]/p.json", "org_id": "o", "trusted_keys": [)json" + key + "]}"));
    CHECK(loadWith(R"json({"trusted_keys": []})json").error().message.contains(QStringLiteral("1 to 3")));
    CHECK(loadWith(R"json({"trusted_keys": [)json" + key + "," + key + "," + key + "," + key + "]}")
              .error()
              .message.contains(QStringLiteral("1 to 3")));
    CHECK(
        loadWith(R"json({"trusted_keys": ["not a key"]})json").error().message.contains(QStringLiteral("50-bad.json")));
    CHECK(loadWith(R"json({"polcy_url": "x"})json").error().message.contains(QStringLiteral("unknown field")));
    CHECK(loadWith("{not json").error().message.contains(QStringLiteral("not a JSON object")));
    CHECK(loadWith(R"json({"policy_url": "https://h/p.json"})json").error().message.contains(QStringLiteral("org_id")));
    CHECK(loadWith(R"json({"require_policy": "yes"})json").error().message.contains(QStringLiteral("true or false")));
}

TEST_CASE("policy URLs: https anywhere, http to loopback only", "[policy][managed]")
{
    CHECK(isAllowedPolicyUrl(QUrl(QStringLiteral("https://cdn.example.org/policy.json"))));
    CHECK(isAllowedPolicyUrl(QUrl(QStringLiteral("http://localhost:8080/policy.json"))));
    CHECK(isAllowedPolicyUrl(QUrl(QStringLiteral("http://127.0.0.2/policy.json"))));
    CHECK_FALSE(isAllowedPolicyUrl(QUrl(QStringLiteral("http://10.0.0.1/policy.json"))));
    CHECK_FALSE(isAllowedPolicyUrl(QUrl(QStringLiteral("ftp://example.org/policy.json"))));
    CHECK_FALSE(isAllowedPolicyUrl(QUrl(QStringLiteral("https://user:pw@example.org/policy.json"))));
    CHECK_FALSE(isAllowedPolicyUrl(QUrl(QStringLiteral("file:///etc/passwd"))));
}

TEST_CASE("parse reads files given as bytes like load reads a folder, and refuses one over 64 KiB", "[policy][managed]")
{
    auto none = ManagedConfig::parse({});
    REQUIRE(none);
    CHECK_FALSE(none->managed);

    auto merged = ManagedConfig::parse(
        {{QStringLiteral("/etc/veil/managed.d/10-org.json"),
          QByteArray(R"json({"policy_url": "https://config.example.org/p.json", "org_id": "a", "trusted_keys": [")json")
              + kKey + "\"]}"},
         {QStringLiteral("/etc/veil/managed.d/20-org.json"), R"json({"org_id": "b"})json"}});
    REQUIRE(merged);
    CHECK(merged->managed);
    CHECK(merged->orgId == QStringLiteral("b"));
    CHECK(merged->trustedKeys.size() == 1);
    CHECK(merged->sources.size() == 2);

    QByteArray large = R"json({"org_id": "a"})json";
    large.append(QByteArray(64 * 1024, ' '));
    auto refused = ManagedConfig::parse({{QStringLiteral("/etc/veil/managed.d/large.json"), large}});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.contains(QStringLiteral("large.json")));
    CHECK_FALSE(refused.error().message.contains(QStringLiteral("/etc")));
}
