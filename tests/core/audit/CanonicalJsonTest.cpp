#include "audit/CanonicalJson.h"

#include <catch2/catch.hpp>

using veil::audit::CanonicalJson;

TEST_CASE("canonical JSON sorts keys and leaves out whitespace", "[audit][json]")
{
    const std::string text = CanonicalJson()
                                 .set("zeta", int64_t(-3))
                                 .set("alpha", "a")
                                 .setBool("mid", true)
                                 .set("list", std::vector<std::string>{"b", "a"})
                                 .set("counts", std::map<std::string, int64_t>{{"IBAN", 2}, {"EMAIL", 1}})
                                 .text();
    CHECK(text == R"({"alpha":"a","counts":{"EMAIL":1,"IBAN":2},"list":["b","a"],"mid":true,"zeta":-3})");
    CHECK(CanonicalJson().text() == "{}");
    CHECK(CanonicalJson().set("k", int64_t(1)).set("k", int64_t(2)).text() == R"({"k":2})");
}

TEST_CASE("canonical JSON escapes strings as RFC 8785 does", "[audit][json]")
{
    // RFC 8785 section 3.2.2.2: the two-character escapes where JSON has them, \u00xx for other controls,
    // everything else (including non-ASCII) as it is.
    CHECK(CanonicalJson::quote("plain") == R"("plain")");
    CHECK(CanonicalJson::quote("q\"b\\") == R"("q\"b\\")");
    CHECK(CanonicalJson::quote("\b\f\n\r\t") == R"("\b\f\n\r\t")");
    CHECK(CanonicalJson::quote(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
    CHECK(CanonicalJson::quote("€ / é") == "\"€ / é\"");
    CHECK(CanonicalJson().set("name", QStringLiteral("Grüße")).text() == "{\"name\":\"Grüße\"}");
}
