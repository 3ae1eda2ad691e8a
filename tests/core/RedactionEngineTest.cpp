#include "redaction/RedactionEngine.h"
#include "redaction/PlaceholderVault.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace veil::redaction;
using veil::test::engineFromJson;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "demo-token", "category": "secret", "pattern": "\\b(dmo_[A-Za-z0-9]{16})\\b", "secret_group": 1,
   "keywords": ["dmo_"], "action": "redact", "placeholder_type": "DEMO_TOKEN",
   "examples": {"match": ["dmo_a1B2c3D4e5F6g7H8"]}},
  {"id": "demo-private", "category": "secret", "pattern": "BEGIN DEMO KEY[A-Za-z0-9_+/=\\s]{1,400}END DEMO KEY",
   "keywords": ["begin demo key"], "window": {"before": 0, "after": 300}, "action": "block",
   "placeholder_type": "PRIVATE_KEY", "examples": {"match": ["BEGIN DEMO KEY abc END DEMO KEY"]}},
  {"id": "demo-generic", "category": "secret", "pattern": "(?i)secret\\s*=\\s*([A-Za-z0-9_]{8,40})", "secret_group": 1,
   "keywords": ["secret"], "priority": -1, "action": "warn", "placeholder_type": "SECRET",
   "examples": {"match": ["secret = Zq8Lr3Vt9Wx2"]}},
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}},
  {"id": "card", "category": "pii", "pattern": "\\b(?:\\d[ -]?){12,18}\\d\\b", "validator": "luhn",
   "action": "redact", "placeholder_type": "CARD", "examples": {"match": ["4111 1111 1111 1111"],
   "no_match": ["4111 1111 1111 1112"]}},
  {"id": "disabled", "category": "pii", "pattern": "disabled-thing", "keywords": ["disabled"], "action": "allow",
   "placeholder_type": "X", "examples": {"match": ["disabled-thing"]}}
]})json";

} // namespace

TEST_CASE("replaces every finding with a stable placeholder", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    InMemoryVault vault;
    const std::string text = "mail ann@corp.io, card 4111-1111-1111-1111, again ann@corp.io and bob@corp.io";
    const Redaction r = engine->redact(text, vault);
    CHECK(r.redacted == "mail [EMAIL_1], card [CARD_1], again [EMAIL_1] and [EMAIL_2]");
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].finding.start == 5);
    CHECK(r.findings[0].finding.end == 16);
    CHECK(r.findings[1].finding.rule->id == "card");
    CHECK_FALSE(r.blocked);
    CHECK_FALSE(r.needsConfirmation);
}

TEST_CASE("offsets are UTF-8 byte offsets into the original text", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    const std::string text = "Grüße ann@corp.io";
    const ScanResult r = engine->scan(text);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].start == 8); // "Grüße " is 8 bytes
    CHECK(text.substr(r.findings[0].start, r.findings[0].end - r.findings[0].start) == "ann@corp.io");
}

TEST_CASE("a keyword rule only matches within its window", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    std::string text = "BEGIN DEMO KEY " + std::string(250, 'A') + " END DEMO KEY";
    CHECK(engine->scan(text).blocked);
    text = "BEGIN DEMO KEY " + std::string(400, 'A') + " END DEMO KEY"; // longer than the rule's window
    CHECK(engine->scan(text).findings.empty());
}

TEST_CASE("overlapping findings merge and the strongest action wins", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    SECTION("a specific rule names a value a generic rule also found")
    {
        const ScanResult r = engine->scan("secret = dmo_a1B2c3D4e5F6g7H8");
        REQUIRE(r.findings.size() == 1);
        CHECK(r.findings[0].rule->id == "demo-token");
        CHECK(r.findings[0].action == Action::Redact);
        CHECK_FALSE(r.needsConfirmation);
    }
    SECTION("block outranks everything inside it")
    {
        const ScanResult r = engine->scan("BEGIN DEMO KEY dmo_a1B2c3D4e5F6g7H8 END DEMO KEY");
        REQUIRE(r.findings.size() == 1);
        CHECK(r.findings[0].rule->id == "demo-private");
        CHECK(r.findings[0].action == Action::Block);
        CHECK(r.blocked);
    }
    SECTION("warn asks for confirmation")
    {
        const ScanResult r = engine->scan("secret = Zq8Lr3Vt9Wx2");
        REQUIRE(r.findings.size() == 1);
        CHECK(r.needsConfirmation);
    }
}

TEST_CASE("rules with action allow produce no findings", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    CHECK(engine->scan("a disabled-thing here").findings.empty());
}

TEST_CASE("matching sees through invisible and fullwidth characters", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    InMemoryVault vault;
    // A zero-width space inside the token, and a fullwidth '@' in the e-mail address.
    const std::string text = "t dmo_a1B2c3\xE2\x80\x8B"
                             "D4e5F6g7H8 x ann\xEF\xBC\xA0"
                             "corp.io";
    const Redaction r = engine->redact(text, vault);
    CHECK(r.redacted == "t [DEMO_TOKEN_1] x [EMAIL_1]");
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].finding.end - r.findings[0].finding.start == 23);
}

TEST_CASE("rules without keywords find matches that cross a block boundary once", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    for (size_t offset : {4080u, 4090u, 4095u, 8190u}) {
        std::string text(offset, 'x');
        text += " 4111 1111 1111 1111 ";
        text += std::string(5000, 'y');
        const ScanResult r = engine->scan(text);
        INFO(offset);
        REQUIRE(r.findings.size() == 1);
        CHECK(r.findings[0].start == offset + 1);
        CHECK(r.findings[0].end == offset + 20);
    }
}

TEST_CASE("finds many findings in long text", "[redaction][engine]")
{
    auto engine = engineFromJson(kRules);
    std::string text;
    for (int i = 0; i < 2000; ++i) {
        text += "some prose line " + std::to_string(i) + " user" + std::to_string(i) + "@corp.io\n";
    }
    InMemoryVault vault;
    const Redaction r = engine->redact(text, vault);
    CHECK(r.findings.size() == 2000);
    CHECK(vault.size() == 2000);
    CHECK(r.redacted.find('@') == std::string::npos);
}

TEST_CASE("never skips a rule when the rule set is short of matching memory", "[redaction][engine]")
{
    // A pattern whose DFA needs a state per 2^20 suffixes, given almost no memory to hold them: the Set must
    // still report the rule (RE2 resets its cache and goes on), or fail the scan closed; never miss silently.
    auto catalogue = RuleCatalogue::load({{QStringLiteral("t.json"), QByteArray(R"json({"rules": [
      {"id": "explosive", "category": "custom", "pattern": "[ab]*a[ab]{20}c", "action": "redact",
       "placeholder_type": "X", "examples": {"match": ["abbbbbbbbbbbbbbbbbbbbc"]}}]})json")}});
    REQUIRE(catalogue);
    auto engine = RedactionEngine::create(catalogue.value(), RedactionEngine::Options{8 << 10});
    REQUIRE(engine);
    std::string text;
    uint32_t state = 12345;
    for (int i = 0; i < 3500; ++i) {
        state = state * 1103515245 + 12345;
        text.push_back((state >> 16) & 1 ? 'a' : 'b');
    }
    text += " abbbbbbbbbbbbbbbbbbbbc";
    const ScanResult r = engine.value()->scan(text);
    CHECK((r.capacityExceeded || !r.findings.empty()));
    if (r.capacityExceeded) {
        CHECK(r.blocked);
    }
}

TEST_CASE("reports rule examples that fail", "[redaction][engine]")
{
    auto engine = engineFromJson(R"json({"rules": [
      {"id": "wrong", "category": "pii", "pattern": "\\bab+c\\b", "action": "redact", "placeholder_type": "X",
       "examples": {"match": ["ac", {"text": "abbc", "secret": "bb"}], "no_match": ["abc"]}}]})json");
    const auto failures = engine->checkExamples();
    REQUIRE(failures.size() == 3);
    CHECK(failures[0].problem.contains(QStringLiteral("no finding")));
    CHECK(failures[1].problem.contains(QStringLiteral("not the example's secret")));
    CHECK(failures[2].problem.contains(QStringLiteral("no_match")));
}

namespace {

/// The rule `id` of the engine's catalogue.
const Rule& ruleNamed(const RedactionEngine& engine, std::string_view id)
{
    const auto& rules = engine.catalogue().rules();
    const auto it = std::find_if(rules.begin(), rules.end(), [&](const auto& rule) { return rule->id == id; });
    REQUIRE(it != rules.end());
    return **it;
}

constexpr const char* kKeywordRules = R"json({"rules": [
  {"id": "prefixed", "category": "secret", "pattern": "\\b(dmo_[A-Za-z0-9]{16})\\b", "secret_group": 1,
   "keywords": ["dmo_"], "window": {"before": 0, "after": 64}, "action": "redact", "placeholder_type": "DEMO",
   "examples": {"match": ["dmo_a1B2c3D4e5F6g7H8"]}},
  {"id": "assigned", "category": "secret", "pattern": "(?i)(?:api|app)_secret\\s*=\\s*([A-Za-z0-9]{8,40})",
   "secret_group": 1, "keywords": ["api_secret", "app_secret"], "window": {"before": 16, "after": 64},
   "action": "redact", "placeholder_type": "SECRET", "examples": {"match": ["API_SECRET = Zq8Lr3Vt9Wx2"]}},
  {"id": "context", "category": "pii", "pattern": "\\b(\\d{3}-\\d{2}-\\d{4})\\b", "secret_group": 1,
   "keywords": ["ssn"], "window": {"before": 0, "after": 80}, "action": "redact", "placeholder_type": "SSN",
   "examples": {"match": ["ssn 123-45-6789"]}},
  {"id": "either", "category": "secret", "pattern": "tok_[a-z]{6}|[0-9a-f]{12}", "keywords": ["tok_"],
   "action": "redact", "placeholder_type": "TOKEN", "examples": {"match": ["tok_abcdef"]}}
]})json";

std::vector<std::string> valuesFound(const RedactionEngine& engine, std::string_view text)
{
    std::vector<std::string> values;
    for (const Finding& finding : engine.scan(text).findings) {
        values.emplace_back(text.substr(finding.start, finding.end - finding.start));
    }
    return values;
}

} // namespace

TEST_CASE("knows which rules have a keyword in every match", "[redaction][engine]")
{
    auto engine = engineFromJson(kKeywordRules);
    CHECK(RedactionEngine::everyMatchContainsAKeyword(ruleNamed(*engine, "prefixed")));
    CHECK(RedactionEngine::everyMatchContainsAKeyword(ruleNamed(*engine, "assigned")));
    // The keyword is context before the value, or only one alternative needs it.
    CHECK_FALSE(RedactionEngine::everyMatchContainsAKeyword(ruleNamed(*engine, "context")));
    CHECK_FALSE(RedactionEngine::everyMatchContainsAKeyword(ruleNamed(*engine, "either")));
}

TEST_CASE("finds every match of a rule whose matches contain its keyword", "[redaction][engine]")
{
    auto engine = engineFromJson(kKeywordRules);
    SECTION("anchored at each occurrence, back to back and far apart")
    {
        const std::string far(5000, ' ');
        const std::string text
            = "dmo_a1B2c3D4e5F6g7H8 dmo_Z9y8X7w6V5u4T3s2" + far + "xdmo_notbounded00000 dmo_Q1w2E3r4T5y6U7i8";
        CHECK(valuesFound(*engine, text)
              == std::vector<std::string>{"dmo_a1B2c3D4e5F6g7H8", "dmo_Z9y8X7w6V5u4T3s2", "dmo_Q1w2E3r4T5y6U7i8"});
    }
    SECTION("searched from before the keyword, several in one window and after a failed one")
    {
        const std::string text = "api_secret=short app_secret = Abcdef123456 API_SECRET=Zz99Yy88Xx77\n"
            + std::string(300, '-') + " app_secret= Qq11Ww22Ee33";
        CHECK(valuesFound(*engine, text) == std::vector<std::string>{"Abcdef123456", "Zz99Yy88Xx77", "Qq11Ww22Ee33"});
    }
    SECTION("keywords that no match contains cost nothing and hide nothing")
    {
        std::string text;
        for (int i = 0; i < 200; ++i) {
            text += "the api_secret is elsewhere; ";
        }
        text += "api_secret: Rr55Tt66Yy77 and api_secret=Uu88Ii99Oo00";
        CHECK(valuesFound(*engine, text) == std::vector<std::string>{"Uu88Ii99Oo00"});
    }
}

TEST_CASE("a rule whose keyword is only context finds every value in its window", "[redaction][engine]")
{
    auto engine = engineFromJson(kKeywordRules);
    const std::string text
        = "SSN list: 123-45-6789, 987-65-4321 and 555-12-3456; far later " + std::string(100, '.') + " 111-22-3333";
    CHECK(valuesFound(*engine, text) == std::vector<std::string>{"123-45-6789", "987-65-4321", "555-12-3456"});
}
