#include "redaction/SubmatchExtractor.h"
#include "redaction/BuiltinRules.h"

#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <string>

using veil::redaction::SubmatchExtractor;

namespace {

/// Group `group` of the first RE2 match of `pattern` in `text`, found the slow way (RE2's submatch engine),
/// and what the extractor says about the same match.
struct Comparison
{
    bool matched = false;
    bool answered = false;
    std::string_view byRe2;
    std::string_view byExtractor;
};

Comparison compare(const RE2& regex, const SubmatchExtractor& extractor, std::string_view text, int group)
{
    Comparison result;
    re2::StringPiece captures[17];
    const re2::StringPiece whole(text.data(), text.size());
    if (!regex.Match(whole, 0, text.size(), RE2::UNANCHORED, captures, group + 1)) {
        return result;
    }
    result.matched = true;
    result.byRe2 = std::string_view(captures[group].data(), captures[group].size());
    const auto start = static_cast<size_t>(captures[0].data() - text.data());
    result.answered = extractor.extract(text, start, start + captures[0].size(), group, &result.byExtractor);
    return result;
}

} // namespace

TEST_CASE("extracts the same secret group as RE2 for every built-in rule example", "[redaction][submatch]")
{
    auto catalogue = veil::redaction::BuiltinRules::load();
    REQUIRE(catalogue);
    int compared = 0;
    for (const auto& rule : catalogue.value()->rules()) {
        SubmatchExtractor extractor(rule->pattern, rule->regex->NumberOfCapturingGroups());
        CHECK(extractor.usable());
        for (const auto& example : rule->matchExamples) {
            const Comparison c = compare(*rule->regex, extractor, example.text, rule->secretGroup);
            if (!c.matched) {
                continue; // examples that need the engine's normalization
            }
            INFO(rule->id << ": " << example.text);
            CHECK(c.answered);
            CHECK(c.byExtractor == c.byRe2);
            CHECK((c.byExtractor.data() == nullptr) == (c.byRe2.data() == nullptr));
            ++compared;
        }
    }
    CHECK(compared > 300);
}

TEST_CASE("refuses to answer for a span that is not the pattern's match", "[redaction][submatch]")
{
    SubmatchExtractor extractor("a(b+)", 1);
    const std::string text = "xabbbx";
    std::string_view group;
    CHECK(extractor.extract(text, 1, 5, 1, &group));
    CHECK(group == "bbb");
    CHECK_FALSE(extractor.extract(text, 1, 3, 1, &group)); // PCRE2 would match further: RE2 must answer
    CHECK_FALSE(extractor.extract(text, 0, 5, 1, &group)); // no match starts there
    CHECK_FALSE(extractor.extract(text, 1, 7, 1, &group)); // past the end of the text
}

TEST_CASE("reports a group that took no part in the match as null", "[redaction][submatch]")
{
    SubmatchExtractor extractor("(x)?y|z(w)", 2);
    std::string_view group = "unchanged";
    REQUIRE(extractor.extract("zw", 0, 2, 1, &group));
    CHECK(group.data() == nullptr);
    REQUIRE(extractor.extract("zw", 0, 2, 2, &group));
    CHECK(group == "w");
}

TEST_CASE("stands aside when PCRE2 cannot be trusted with a pattern", "[redaction][submatch]")
{
    SECTION("a group count that differs from RE2's")
    {
        SubmatchExtractor extractor("(a)(b)", 3);
        CHECK_FALSE(extractor.usable());
        std::string_view group;
        CHECK_FALSE(extractor.extract("ab", 0, 2, 1, &group));
    }
    SECTION("a pattern PCRE2 does not accept")
    {
        SubmatchExtractor extractor("a{2,1}", 0);
        CHECK_FALSE(extractor.usable());
    }
}

TEST_CASE("treats the end of the match and the bytes after it like RE2", "[redaction][submatch]")
{
    SECTION("a word boundary at the match's end sees the next byte")
    {
        RE2 regex("(k[a-z]+)\\b");
        SubmatchExtractor extractor("(k[a-z]+)\\b", 1);
        const Comparison c = compare(regex, extractor, "key kettle_x keys", 1);
        REQUIRE(c.matched);
        CHECK(c.answered);
        CHECK(c.byExtractor == "key");
    }
    SECTION("$ matches only at the very end, not before a final newline")
    {
        RE2 regex("(v[0-9]+)$");
        SubmatchExtractor extractor("(v[0-9]+)$", 1);
        CHECK_FALSE(compare(regex, extractor, "v12\n", 1).matched);
        const Comparison c = compare(regex, extractor, "v12\nv34", 1);
        REQUIRE(c.matched);
        CHECK(c.answered);
        CHECK(c.byExtractor == "v34");
    }
    SECTION("invalid UTF-8 around the match")
    {
        const std::string text = "\xff\xfe tok_abc \xc3";
        RE2 regex("(tok_[a-z]+)");
        SubmatchExtractor extractor("(tok_[a-z]+)", 1);
        const Comparison c = compare(regex, extractor, text, 1);
        REQUIRE(c.matched);
        CHECK(c.answered);
        CHECK(c.byExtractor == "tok_abc");
    }
}
