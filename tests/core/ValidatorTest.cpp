#include "redaction/Validator.h"

#include <catch2/catch.hpp>

using veil::redaction::Validator;

TEST_CASE("parses validator names and refuses unknown ones", "[redaction][validator]")
{
    CHECK(Validator::parse("luhn"));
    CHECK(Validator::parse("entropy>=3.5"));
    CHECK(Validator::parse("entropy>=3.5")->accepts("aB3xQ9zK1mP7vL2w"));
    CHECK_FALSE(Validator::parse("entropy>=3.5")->accepts("aaaaabbbbb"));
    CHECK_FALSE(Validator::parse("entropy>="));
    CHECK_FALSE(Validator::parse("entropy>=9"));
    CHECK_FALSE(Validator::parse("entropy>=x"));
    CHECK_FALSE(Validator::parse("lunh"));
}

TEST_CASE("Luhn accepts valid card numbers and refuses near misses", "[redaction][validator]")
{
    // Vectors: the card networks' published test numbers.
    auto [number, valid] = GENERATE(table<const char*, bool>({
        {"4111111111111111", true},
        {"4111 1111 1111 1111", true},
        {"5555-5555-5555-4444", true},
        {"378282246310005", true},
        {"6011111111111117", true},
        {"4111111111111112", false},
        {"0000000000000000", false},
        {"41111111", false},
    }));
    CHECK(Validator::luhn(number) == valid);
}

TEST_CASE("IBAN needs the country's length and a valid mod-97 check", "[redaction][validator]")
{
    // Vectors: the example IBANs of the ECBS/SWIFT IBAN registry.
    auto [iban, valid] = GENERATE(table<const char*, bool>({
        {"DE89370400440532013000", true},
        {"DE89 3704 0044 0532 0130 00", true},
        {"GB82WEST12345698765432", true},
        {"FR1420041010050500013M02606", true},
        {"NO9386011117947", true},
        {"de89370400440532013000", true},
        {"DE89370400440532013001", false},
        {"DE8937040044053201300", false},
        {"XX89370400440532013000", false},
    }));
    CHECK(Validator::iban(iban) == valid);
}

TEST_CASE("JWT needs a decodable header with alg and a JSON payload", "[redaction][validator]")
{
    // {"alg":"HS256","typ":"JWT"}.{"sub":"1234567890","name":"John Doe","iat":1516239022}.sig (jwt.io's sample)
    const char* token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0"
                        "IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    CHECK(Validator::jwt(token));
    CHECK_FALSE(Validator::jwt("eyJub3RhbGciOjF9.eyJzdWIiOjF9.abc")); // {"notalg":1}
    CHECK_FALSE(Validator::jwt("eyJhbGciOiJIUzI1NiJ9.bm90anNvbg.abc")); // payload "notjson"
    CHECK_FALSE(Validator::jwt("abc.def"));
    // The same token in standard base64.
    CHECK(Validator::jwtBase64(
        "ZXlKaGJHY2lPaUpJVXpJMU5pSXNJblI1Y0NJNklrcFhWQ0o5LmV5SnpkV0lpT2lJeE1qTTBOVFkzT0Rrd0lpd2libUZ0WlNJNklrcHZhRzRnUk"
        "c5bElpd2lhV0YwSWpveE5URTJNak01TURJeWZRLlNmbEt4d1JKU01lS0tGMlFUNGZ3cE1lSmYzNlBPazZ5SlZfYWRRc3N3NWM="));
    CHECK_FALSE(Validator::jwtBase64("aGVsbG8gd29ybGQ="));
}

TEST_CASE("public IPv4 addresses pass, private and special ranges do not", "[redaction][validator]")
{
    auto [address, isPublic] = GENERATE(table<const char*, bool>({
        {"8.8.8.8", true},        {"203.0.113.7", false}, // documentation ranges identify nobody
        {"198.51.100.20", false}, {"192.0.2.1", false},       {"84.17.43.2/24", true}, {"10.1.2.3", false},
        {"172.16.0.1", false},    {"172.31.255.255", false},  {"172.32.0.1", true},    {"192.168.1.1", false},
        {"127.0.0.1", false},     {"169.254.1.1", false},     {"100.64.0.1", false},   {"0.0.0.0", false},
        {"224.0.0.1", false},     {"255.255.255.255", false}, {"256.1.1.1", false},    {"1.2.3", false},
        {"01.2.3.4", true},
    }));
    CHECK(Validator::ipv4Public(address) == isPublic);
}

TEST_CASE("public IPv6 addresses pass, local and special ones do not", "[redaction][validator]")
{
    auto [address, isPublic] = GENERATE(table<const char*, bool>({
        {"2001:db8::1", false}, // documentation
        {"2001:db9::1", true},
        {"2400:c401::5054:ff:fe1b:b031", true},
        {"2a00:1450:4001:82b::200e", true},
        {"684D:1111:222:3333:4444:5555:6:77", true},
        {"::ffff:8.8.8.8", true},
        {"64:ff9b::8.8.4.4", true},
        {"2a03:2880:f12f:83:face:b00c::25de/64", true},
        {"::", false},
        {"::1", false},
        {"fe80::1", false},
        {"fe80::1%eth0", false},
        {"fd12:3456::1", false},
        {"ff02::1", false},
        {"::ffff:192.168.1.1", false},
        {"::ffff:10.0.0.1", false},
        {"2001::db8::1", false},
        {"12345::1", false},
        {"1:2:3:4:5:6:7", false},
    }));
    CHECK(Validator::ipv6Public(address) == isPublic);
}

TEST_CASE("US SSN rules out impossible areas, groups and serials", "[redaction][validator]")
{
    auto [ssn, valid] = GENERATE(table<const char*, bool>({
        {"536-22-1234", true},
        {"536 22 1234", true},
        {"000-12-3456", false},
        {"666-12-3456", false},
        {"912-12-3456", false},
        {"536-00-1234", false},
        {"536-22-0000", false},
        {"078-05-1120", false}, // the Woolworth wallet sample
        {"53622123", false},
    }));
    CHECK(Validator::usSsn(ssn) == valid);
}

TEST_CASE("phone numbers need 7 to 15 digits that are not a trivial sequence", "[redaction][validator]")
{
    CHECK(Validator::phone("+49 30 901820"));
    CHECK(Validator::phone("(415) 555-2671"));
    CHECK_FALSE(Validator::phone("123456"));
    CHECK_FALSE(Validator::phone("1234567890"));
    CHECK_FALSE(Validator::phone("9876543210"));
    CHECK_FALSE(Validator::phone("5555555"));
    CHECK_FALSE(Validator::phone("1234567890123456"));
}

TEST_CASE("Bitcoin addresses need a valid base58check or bech32 checksum", "[redaction][validator]")
{
    // Vectors: the genesis block's address, a P2SH address, and bech32 (v0) and bech32m (v1) addresses.
    CHECK(Validator::btcAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
    CHECK(Validator::btcAddress("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
    CHECK(Validator::btcAddress("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ")); // upper case is allowed
    CHECK_FALSE(Validator::btcAddress("bc1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ")); // mixed case is not
    CHECK(Validator::btcAddress("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"));
    CHECK(Validator::btcAddress("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"));
    CHECK_FALSE(Validator::btcAddress("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
    CHECK_FALSE(Validator::btcAddress("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp"));
}

TEST_CASE("placeholder-looking values are recognised", "[redaction][validator]")
{
    for (const char* value :
         {"AKIAIOSFODNN7EXAMPLE", "xxxxxxxxxxxxxxxxxxxx", "<your-api-key>", "${API_TOKEN}", "{{ secret }}",
          "your_api_key_here", "changeme", "[API_KEY_1]", "aaaaaaaaaaaa", "abababababab", "sk-...", "redacted"}) {
        INFO(value);
        CHECK(Validator::looksLikePlaceholder(value));
    }
    for (const char* value : {"ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R", "hunter2!Q", "Zq8Lr3Vt9Wx2"}) {
        INFO(value);
        CHECK_FALSE(Validator::looksLikePlaceholder(value));
    }
}

TEST_CASE("entropy is measured in bits per character", "[redaction][validator]")
{
    CHECK(Validator::shannonEntropy("") == 0);
    CHECK(Validator::shannonEntropy("aaaa") == 0);
    CHECK(Validator::shannonEntropy("abcd") == Approx(2.0));
    CHECK(Validator::shannonEntropy("0123456789abcdef") == Approx(4.0));
}
