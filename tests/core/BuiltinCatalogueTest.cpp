#include "common/EngineSetup.h"
#include "redaction/BuiltinRules.h"
#include "redaction/PlaceholderVault.h"

#include <catch2/catch.hpp>

#include <set>

using namespace veil::redaction;

namespace {

std::shared_ptr<const RedactionEngine> builtinEngine()
{
    static std::shared_ptr<const RedactionEngine> engine = [] {
        auto made = veil::app::makeRedactionEngine({}, /*checkExamples=*/false);
        INFO((made ? QString() : made.error().message).toStdString());
        REQUIRE(made);
        return made.value();
    }();
    return engine;
}

} // namespace

TEST_CASE("the built-in catalogue loads and every rule's examples pass", "[redaction][catalogue][builtin]")
{
    auto engine = builtinEngine();
    CHECK(engine->catalogue().rules().size() >= 200);
    for (const ExampleFailure& failure : engine->checkExamples()) {
        FAIL_CHECK(failure.rule->id << " (" << failure.rule->origin << "): " << failure.problem.toStdString() << ": "
                                    << failure.example);
    }
}

TEST_CASE("the built-in catalogue finds each family it promises", "[redaction][builtin]")
{
    // Made-up values in each family's format.
    auto [text, category] = GENERATE(table<std::string, std::string>({
        {"aws_access_key_id = AKIAZ3MQWERTYUIOPASD", "secret"},
        {"export GITHUB_TOKEN=ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R", "secret"},
        {"SLACK=xoxb-2941822345-2941822345678-Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2", "secret"},
        {"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2\n"
         "Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8L\n-----END RSA PRIVATE KEY-----",
         "secret"},
        {"Authorization: Bearer "
         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaW"
         "F0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
         "secret"},
        {"DATABASE_URL=postgres://app:Zq8Lr3Vt9Wx2@db.internal:5432/app", "secret"},
        {"password = \"Zq8Lr3Vt9Wx2mP0q\"", "secret"},
        {"Contact jane.doe@acme-corp.io for access", "pii"},
        {"card 4111 1111 1111 1111 exp 12/29", "pii"},
        {"IBAN DE89 3704 0044 0532 0130 00", "pii"},
        {"SSN 536-22-1234", "pii"},
        {"call +1 415 555 2671 tomorrow", "pii"},
        {"server at 84.17.43.2 answered", "pii"},
        {"send to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "pii"},
    }));
    INFO(text);
    const ScanResult r = builtinEngine()->scan(text);
    REQUIRE_FALSE(r.findings.empty());
    CHECK(toString(r.findings.front().rule->category) == category);
}

TEST_CASE("look-alikes survive the built-in catalogue", "[redaction][builtin]")
{
    auto text = GENERATE(
        as<std::string>{}, "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "id: 123e4567-e89b-12d3-a456-426614174000",
        "\"integrity\": "
        "\"sha512-9Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3V==\"",
        "version 1.2.3.4 released; Qt 6.4.2; v10.0.19041.1", "color: #ff00aa; background: #abcdef;",
        "api_key = \"<your-api-key>\"", "token: ${GITHUB_TOKEN}", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "order 4111 1111 1111 1112 shipped", "IBAN DE89 3704 0044 0532 0130 01",
        "listen 127.0.0.1:8080; upstream 10.0.0.12; gateway 192.168.1.1",
        "const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$/;",
        "timestamp 2024-01-15T09:30:00Z, port 5432, pid 31337", "password = [PASSWORD_1]");
    INFO(text);
    const ScanResult r = builtinEngine()->scan(text);
    for (const Finding& f : r.findings) {
        FAIL_CHECK(f.rule->id << " found \"" << text.substr(f.start, f.end - f.start) << "\"");
    }
}

TEST_CASE("every built-in rule names an id, description and placeholder once", "[redaction][builtin]")
{
    std::set<std::string> ids;
    for (const auto& rule : builtinEngine()->catalogue().rules()) {
        INFO(rule->id);
        CHECK(ids.insert(rule->id).second);
        CHECK_FALSE(rule->description.empty());
        if (rule->category == Category::Secret) {
            CHECK_FALSE(rule->keywords.empty()); // secret rules run near their keywords only
        }
    }
}
