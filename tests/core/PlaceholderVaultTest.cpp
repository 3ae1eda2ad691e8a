#include "redaction/PlaceholderVault.h"

#include <catch2/catch.hpp>

using namespace veil::redaction;

TEST_CASE("the same value gets the same placeholder, numbered per type", "[redaction][vault]")
{
    InMemoryVault vault;
    CHECK(vault.placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    CHECK(vault.placeholderFor("EMAIL", "b@example.org") == "[EMAIL_2]");
    CHECK(vault.placeholderFor("AWS_KEY", "AKIA0000000000000001") == "[AWS_KEY_1]");
    CHECK(vault.placeholderFor("EMAIL", "a@example.org") == "[EMAIL_1]");
    CHECK(vault.size() == 3);
    CHECK(vault.valueFor("[EMAIL_2]") == std::optional<std::string>("b@example.org"));
    CHECK_FALSE(vault.valueFor("[EMAIL_3]"));
}

TEST_CASE("two vaults are two conversations", "[redaction][vault]")
{
    InMemoryVault first;
    InMemoryVault second;
    CHECK(first.placeholderFor("EMAIL", "x@example.org") == "[EMAIL_1]");
    CHECK(second.placeholderFor("EMAIL", "y@example.org") == "[EMAIL_1]");
    CHECK(first.valueFor("[EMAIL_1]") == std::optional<std::string>("x@example.org"));
    CHECK(second.valueFor("[EMAIL_1]") == std::optional<std::string>("y@example.org"));
}

TEST_CASE("recognises the placeholder shape", "[redaction][vault]")
{
    CHECK(isPlaceholder("[EMAIL_1]"));
    CHECK(isPlaceholder("[AWS_KEY_12]"));
    CHECK_FALSE(isPlaceholder("[EMAIL_]"));
    CHECK_FALSE(isPlaceholder("[email_1]"));
    CHECK_FALSE(isPlaceholder("[_1]"));
    CHECK_FALSE(isPlaceholder("EMAIL_1"));
    CHECK_FALSE(isPlaceholder("[EMAIL_1x]"));
}
