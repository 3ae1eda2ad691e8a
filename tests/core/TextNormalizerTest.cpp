#include "redaction/TextNormalizer.h"

#include <catch2/catch.hpp>

using veil::redaction::NormalizedText;

TEST_CASE("ASCII text is used as it is", "[redaction][normalizer]")
{
    const std::string text = "plain ascii text";
    NormalizedText normalized(text);
    CHECK(normalized.isIdentity());
    CHECK(normalized.text().data() == text.data());
    CHECK(normalized.originalStart(3) == 3);
    CHECK(normalized.originalEnd(5) == 5);
}

TEST_CASE("other non-ASCII text without invisible or fullwidth characters is used as it is", "[redaction][normalizer]")
{
    NormalizedText normalized("Grüße, 東京");
    CHECK(normalized.isIdentity());
}

TEST_CASE("zero-width characters are dropped and offsets map back", "[redaction][normalizer]")
{
    // "gh\u200Bp_" : the zero-width space is 3 bytes at offset 2.
    const std::string text = "x gh\xE2\x80\x8Bp_ y";
    NormalizedText normalized(text);
    REQUIRE_FALSE(normalized.isIdentity());
    CHECK(normalized.text() == "x ghp_ y");
    // "ghp_" is [2, 6) in the normalized text and [2, 9) in the original.
    CHECK(normalized.originalStart(2) == 2);
    CHECK(normalized.originalEnd(6) == 9);
    CHECK(normalized.originalStart(4) == 7); // 'p' follows the dropped character
}

TEST_CASE("fullwidth forms fold to ASCII", "[redaction][normalizer]")
{
    // "ＡＫＩＡ" (U+FF21 U+FF2B U+FF29 U+FF21), 3 bytes each
    const std::string text = "\xEF\xBC\xA1\xEF\xBC\xAB\xEF\xBC\xA9\xEF\xBC\xA1!";
    NormalizedText normalized(text);
    CHECK(normalized.text() == "AKIA!");
    CHECK(normalized.originalStart(1) == 3);
    CHECK(normalized.originalEnd(4) == 12);
    CHECK(normalized.originalEnd(5) == 13);
}

TEST_CASE("invalid UTF-8 bytes are kept, not dropped", "[redaction][normalizer]")
{
    const std::string text = "a\xFF\xE2\x80\x8B"
                             "b";
    NormalizedText normalized(text);
    CHECK(normalized.text()
          == "a\xFF"
             "b");
    CHECK(normalized.originalStart(2) == 5);
}

TEST_CASE("Cyrillic, Greek and mathematical look-alikes fold to ASCII letters", "[redaction][normalizer]")
{
    // "pаsswοrd" with Cyrillic а (U+0430) and Greek ο (U+03BF), 2 bytes each, then mathematical bold k
    // (U+1D424) and monospace 1 (U+1D7F7), 4 bytes each.
    const std::string text = "p\xD0\xB0ssw\xCE\xBFrd \xF0\x9D\x90\xA4\xF0\x9D\x9F\xB7";
    NormalizedText normalized(text);
    CHECK(normalized.text() == "password k1");
    CHECK(normalized.originalStart(1) == 1);
    CHECK(normalized.originalEnd(2) == 3); // the Cyrillic letter is two bytes
    CHECK(normalized.originalStart(9) == 11);
    CHECK(normalized.originalEnd(11) == 19);
}

TEST_CASE("Cyrillic letters without an ASCII look-alike are kept", "[redaction][normalizer]")
{
    // "Пароль": П, л and ь have no ASCII look-alike; а, р and о fold.
    NormalizedText normalized("\xD0\x9F\xD0\xB0\xD1\x80\xD0\xBE\xD0\xBB\xD1\x8C");
    CHECK(normalized.text()
          == "\xD0\x9F"
             "apo"
             "\xD0\xBB\xD1\x8C");
}
