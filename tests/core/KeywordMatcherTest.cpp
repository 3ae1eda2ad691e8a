#include "redaction/KeywordMatcher.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <utility>

using veil::redaction::KeywordMatcher;

namespace {

std::multiset<std::pair<uint32_t, size_t>> hits(const KeywordMatcher& matcher, std::string_view text)
{
    std::multiset<std::pair<uint32_t, size_t>> found;
    matcher.scan(text, [&](uint32_t keyword, size_t end) { found.insert({keyword, end}); });
    return found;
}

/// The obvious quadratic search, as the reference.
std::multiset<std::pair<uint32_t, size_t>> naive(const std::vector<std::string>& keywords, std::string_view text)
{
    std::multiset<std::pair<uint32_t, size_t>> found;
    for (uint32_t k = 0; k < keywords.size(); ++k) {
        const std::string& keyword = keywords[k];
        for (size_t i = 0; i + keyword.size() <= text.size(); ++i) {
            bool same = true;
            for (size_t j = 0; j < keyword.size() && same; ++j) {
                char c = text[i + j];
                if (c >= 'A' && c <= 'Z') {
                    c = static_cast<char>(c - 'A' + 'a');
                }
                same = c == keyword[j];
            }
            if (same) {
                found.insert({k, i + keyword.size()});
            }
        }
    }
    return found;
}

} // namespace

TEST_CASE("finds overlapping and nested keywords case-insensitively", "[redaction][keywords]")
{
    const std::vector<std::string> keywords = {"he", "she", "his", "hers", "ghp_", "xoxb-"};
    KeywordMatcher matcher(keywords);
    const std::string text = "uSHErs and GHP_abc, xoxb-1";
    CHECK(hits(matcher, text) == naive(keywords, text));
    CHECK(hits(matcher, text).count({1, 4}) == 1); // "she" ends after "uSHE"
    CHECK(hits(matcher, text).count({3, 6}) == 1); // "hers"
}

TEST_CASE("agrees with a naive search on random text", "[redaction][keywords]")
{
    const std::vector<std::string> keywords = {"ab", "abc", "bca", "c", "aaa", "key", "k-e"};
    KeywordMatcher matcher(keywords);
    std::mt19937 random(42);
    const std::string alphabet = "abcABCke- ";
    for (int round = 0; round < 200; ++round) {
        std::string text;
        for (int i = 0; i < 64; ++i) {
            text.push_back(alphabet[random() % alphabet.size()]);
        }
        INFO(text);
        CHECK(hits(matcher, text) == naive(keywords, text));
    }
}

TEST_CASE("long texts, walked in interleaved segments, give the same hits as a naive search", "[redaction][keywords]")
{
    const std::vector<std::string> keywords = {"ab", "abcab", "bca", "c", "aaaa", "key-", "-----begin"};
    KeywordMatcher matcher(keywords);
    std::mt19937 random(11);
    const std::string alphabet = "abcABCkey- -----begin";
    for (size_t size : {4096u, 5000u, 20011u, 65536u}) {
        std::string text;
        for (size_t i = 0; i < size; ++i) {
            text.push_back(alphabet[random() % alphabet.size()]);
        }
        INFO(size);
        CHECK(hits(matcher, text) == naive(keywords, text));
    }
}

TEST_CASE("an empty keyword set finds nothing", "[redaction][keywords]")
{
    KeywordMatcher matcher({});
    CHECK(hits(matcher, "anything at all").empty());
}
