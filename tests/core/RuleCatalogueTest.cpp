#include "redaction/RuleCatalogue.h"

#include <catch2/catch.hpp>

using namespace veil::redaction;

namespace {

QString loadError(const char* json)
{
    auto loaded = RuleCatalogue::load({{QStringLiteral("bad.json"), QByteArray(json)}});
    return loaded ? QString() : loaded.error().message;
}

constexpr const char* kGood = R"json({"rules": [{"id": "demo", "category": "secret", "pattern": "demo_([a-z0-9]{8})",
    "secret_group": 1, "keywords": ["demo_"], "validator": ["entropy>=2"], "action": "redact",
    "placeholder_type": "DEMO", "examples": {"match": [{"text": "demo_a1b2c3d4", "secret": "a1b2c3d4"}],
    "no_match": ["demo_"]}}]})json";

} // namespace

TEST_CASE("loads a rule with every field", "[redaction][catalogue]")
{
    auto loaded = RuleCatalogue::load({{QStringLiteral("good.json"), QByteArray(kGood)}});
    REQUIRE(loaded);
    REQUIRE(loaded.value()->rules().size() == 1);
    const Rule& rule = *loaded.value()->rules().front();
    CHECK(rule.id == "demo");
    CHECK(rule.secretGroup == 1);
    CHECK(rule.keywords == std::vector<std::string>{"demo_"});
    CHECK(rule.validators.size() == 2); // entropy, plus not-placeholder for every secret rule
    CHECK(rule.origin == "good.json");
}

TEST_CASE("a bad rule is a load error that names it", "[redaction][catalogue]")
{
    SECTION("pattern does not compile")
    {
        const QString error = loadError(R"json({"rules": [{"id": "broken", "category": "secret", "pattern": "(unclosed",
            "action": "redact", "placeholder_type": "X", "examples": {"match": ["x"]}}]})json");
        CHECK(error.contains(QStringLiteral("\"broken\"")));
        CHECK(error.contains(QStringLiteral("does not compile")));
    }
    SECTION("unknown validator")
    {
        const QString error = loadError(R"json({"rules": [{"id": "v", "category": "pii", "pattern": "x",
            "validator": "luhnn", "action": "redact", "placeholder_type": "X", "examples": {"match": ["x"]}}]})json");
        CHECK(error.contains(QStringLiteral("unknown validator \"luhnn\"")));
    }
    SECTION("unknown field")
    {
        const QString error = loadError(R"json({"rules": [{"id": "f", "category": "pii", "pattern": "x", "regex": "y",
            "action": "redact", "placeholder_type": "X", "examples": {"match": ["x"]}}]})json");
        CHECK(error.contains(QStringLiteral("unknown field \"regex\"")));
    }
    SECTION("bad action, category and placeholder type")
    {
        CHECK(loadError(R"json({"rules": [{"id": "a", "category": "pii", "pattern": "x", "action": "hide",
            "placeholder_type": "X", "examples": {"match": ["x"]}}]})json")
                  .contains(QStringLiteral("action")));
        CHECK(loadError(R"json({"rules": [{"id": "a", "category": "other", "pattern": "x", "action": "redact",
            "placeholder_type": "X", "examples": {"match": ["x"]}}]})json")
                  .contains(QStringLiteral("category")));
        CHECK(loadError(R"json({"rules": [{"id": "a", "category": "pii", "pattern": "x", "action": "redact",
            "placeholder_type": "lower", "examples": {"match": ["x"]}}]})json")
                  .contains(QStringLiteral("placeholder_type")));
    }
    SECTION("secret group out of range")
    {
        CHECK(loadError(R"json({"rules": [{"id": "g", "category": "pii", "pattern": "(x)", "secret_group": 2,
            "action": "redact", "placeholder_type": "X", "examples": {"match": ["x"]}}]})json")
                  .contains(QStringLiteral("secret_group")));
    }
    SECTION("upper-case keyword")
    {
        CHECK(loadError(R"json({"rules": [{"id": "k", "category": "pii", "pattern": "x", "keywords": ["AKIA"],
            "action": "redact", "placeholder_type": "X", "examples": {"match": ["x"]}}]})json")
                  .contains(QStringLiteral("keywords")));
    }
    SECTION("no match example")
    {
        CHECK(loadError(R"json({"rules": [{"id": "e", "category": "pii", "pattern": "x", "action": "redact",
            "placeholder_type": "X", "examples": {"match": []}}]})json")
                  .contains(QStringLiteral("match example")));
    }
    SECTION("duplicate id across files")
    {
        auto loaded = RuleCatalogue::load(
            {{QStringLiteral("a.json"), QByteArray(kGood)}, {QStringLiteral("b.json"), QByteArray(kGood)}});
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().message.contains(QStringLiteral("already used in a.json")));
    }
    SECTION("not JSON")
    {
        CHECK(loadError("{\"rules\": [").contains(QStringLiteral("bad.json is not valid JSON")));
    }
}
