#include "redaction/PolicyRules.h"
#include "redaction/RedactionEngine.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>

using namespace veil::redaction;
using veil::Status;

namespace {

constexpr const char* kBuiltin = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

std::shared_ptr<RuleCatalogue> builtin()
{
    auto catalogue = RuleCatalogue::load({{QStringLiteral("builtin.json"), QByteArray(kBuiltin)}});
    REQUIRE(catalogue);
    return catalogue.value();
}

QJsonObject object(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

TEST_CASE("policy rules, overrides and deny terms change what the engine does", "[redaction][policy-rules]")
{
    auto catalogue = builtin();
    const Status applied = PolicyRules::apply(*catalogue, object(R"json({
        "rules": [{"id": "internal-hostname", "pattern": "(?i)\\b[a-z0-9-]+\\.corp\\.example\\.org\\b",
                   "action": "warn", "category": "custom", "placeholder_type": "HOST",
                   "message": "Internal hostname in prompt",
                   "examples": {"match": ["ssh build01.corp.example.org"], "no_match": ["corp.example.org"]}}],
        "overrides": {"email": "block"},
        "deny_terms": ["Project Bluefin"]})json"),
                                              QStringLiteral("policy v42"));
    REQUIRE(applied);
    auto engine = RedactionEngine::create(catalogue);
    REQUIRE(engine);
    CHECK(engine.value()->checkExamples().empty());

    const ScanResult host = engine.value()->scan("log in to build01.corp.example.org");
    REQUIRE(host.findings.size() == 1);
    CHECK(host.needsConfirmation);
    CHECK(host.findings[0].rule->message == "Internal hostname in prompt");

    CHECK(engine.value()->scan("write to a@b.io").blocked);

    const ScanResult term = engine.value()->scan("Status of project bluefin, please.");
    CHECK(term.blocked);
    REQUIRE(term.findings.size() == 1);
    CHECK(term.findings[0].rule->placeholderType == "DENIED_TERM");
    CHECK(engine.value()->scan("Project Bluefinch is public").findings.empty());
}

TEST_CASE("policy mistakes are refused with a reason", "[redaction][policy-rules]")
{
    SECTION("override of an unknown rule")
    {
        auto catalogue = builtin();
        const Status s = PolicyRules::apply(*catalogue, object(R"json({"overrides": {"nope": "block"}})json"),
                                            QStringLiteral("p"));
        REQUIRE_FALSE(s);
        CHECK(s.error().message.contains(QStringLiteral("unknown rule \"nope\"")));
    }
    SECTION("a locked rule may not be disabled")
    {
        auto catalogue = builtin();
        const Status s = PolicyRules::apply(*catalogue,
                                            object(R"json({"locked": ["email"], "overrides": {"email": "allow"}})json"),
                                            QStringLiteral("p"));
        REQUIRE_FALSE(s);
        CHECK(s.error().code == veil::Error::Code::Denied);
    }
    SECTION("a policy rule that does not compile")
    {
        auto catalogue = builtin();
        const Status s
            = PolicyRules::apply(*catalogue, object(R"json({"rules": [{"id": "x", "pattern": "(", "action": "block",
            "category": "custom", "placeholder_type": "X", "examples": {"match": ["x"]}}]})json"),
                                 QStringLiteral("p"));
        REQUIRE_FALSE(s);
        CHECK(s.error().message.contains(QStringLiteral("\"x\"")));
    }
}
