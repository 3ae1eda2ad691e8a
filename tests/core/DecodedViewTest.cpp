#include "redaction/DecodedView.h"

#include <catch2/catch.hpp>

using namespace veil::redaction;

namespace {

std::vector<DecodedView> viewsOf(std::string_view text)
{
    std::vector<DecodedView> views;
    DecodedView::collect(text, views);
    return views;
}

/// The source bytes that a span of the view maps back to.
std::string_view sourceOf(std::string_view text, const DecodedView& view, size_t start, size_t end)
{
    const uint32_t from = view.sourceStart(static_cast<uint32_t>(start));
    const uint32_t to = view.sourceEnd(static_cast<uint32_t>(end));
    return text.substr(from, to - from);
}

} // namespace

TEST_CASE("text without encodings or split literals has no decoded views", "[redaction][decoded]")
{
    auto text = GENERATE(as<std::string>{}, "",
                         "Plain prose about a deploy that went fine, 100% of the time.\nNext line here.",
                         "const answer = 42; // printf(\"%d\", answer);\nreturn answer;",
                         "\"integrity\": \"sha512-3f786850e387550fdab836ed7e6dc881de23001bAbCdEfGhIjKlMnOpQrStUvWx==\"",
                         "curl -X POST \\\n  -H 'Accept: application/json' \\\n  https://api.example.com/v1/items",
                         "items:\n  - \"first\",\n  - \"second\"");
    INFO(text);
    CHECK(viewsOf(text).empty());
}

TEST_CASE("a percent-encoded run is decoded with its line context and maps back byte by byte", "[redaction][decoded]")
{
    const std::string text = "see https://x.test/cb?mail=jane.doe%40acme-corp.io&x=1 now";
    const auto views = viewsOf(text);
    REQUIRE(views.size() == 1);
    const DecodedView& view = views[0];
    CHECK(view.kind == DecodedView::Kind::Percent);
    CHECK(view.text == "see https://x.test/cb?mail=jane.doe@acme-corp.io&x=1");
    const size_t at = view.text.find("jane.doe@acme-corp.io");
    CHECK(sourceOf(text, view, at, at + 21) == "jane.doe%40acme-corp.io");
    const size_t sign = view.text.find('@');
    CHECK(sourceOf(text, view, sign, sign + 1) == "%40");
}

TEST_CASE("base64 that decodes to text is a view and binary base64 is not", "[redaction][decoded]")
{
    SECTION("text")
    {
        // "GITHUB_TOKEN=ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R\n"
        const std::string encoded = "R0lUSFVCX1RPS0VOPWdocF8xYTJCM2M0RDVlNkY3ZzhIOWkwSjFrMkwzbTRONW82UDdxOFIK";
        const std::string text = "echo '" + encoded + "' | base64 -d > .env";
        const auto views = viewsOf(text);
        REQUIRE(views.size() == 1);
        CHECK(views[0].kind == DecodedView::Kind::Base64);
        CHECK(views[0].text == "GITHUB_TOKEN=ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R\n");
        // Any part of the decoded text maps to the whole run.
        CHECK(sourceOf(text, views[0], 13, 17) == encoded);
    }
    SECTION("the URL alphabet without padding")
    {
        // "user=deploy&token=ghp_1a2B3c4D5e6F7g8H9i0J?" in the URL alphabet
        const std::string text = "state=dXNlcj1kZXBsb3kmdG9rZW49Z2hwXzFhMkIzYzRENWU2RjdnOEg5aTBKPw";
        const auto views = viewsOf(text);
        REQUIRE(views.size() == 1);
        CHECK(views[0].text == "user=deploy&token=ghp_1a2B3c4D5e6F7g8H9i0J?");
    }
    SECTION("binary")
    {
        const std::string text = "digest: sha512-z4PhNX7vuL3xVChQ1m2AB9Yg/5pcnEb+8cN+1y5sGw3a1Cm1dNmZMsVMnKM6R2p/"
                                 "9Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2A==";
        CHECK(viewsOf(text).empty());
    }
}

TEST_CASE("wrapped base64 lines are read as one run", "[redaction][decoded]")
{
    // "SLACK_BOT_TOKEN=xoxb-2941822345-2941822345678-Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2\nDEBUG=false\n", wrapped at 32.
    const std::string lines[] = {"U0xBQ0tfQk9UX1RPS0VOPXhveGItMjk0", "MTgyMjM0NS0yOTQxODIyMzQ1Njc4LVpx",
                                 "OExyM1Z0OVd4MlpxOExyM1Z0OVd4MgpE", "RUJVRz1mYWxzZQo="};
    const std::string expected
        = "SLACK_BOT_TOKEN=xoxb-2941822345-2941822345678-Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2\nDEBUG=false\n";
    auto separator = GENERATE(as<std::string>{}, "\n", "\r\n", "\n    ", "\\n");
    std::string block = lines[0];
    for (size_t i = 1; i < std::size(lines); ++i) {
        block += separator + lines[i];
    }
    const std::string text = "config: \"" + block + "\"\nnext: 1";
    const auto views = viewsOf(text);
    REQUIRE(views.size() == 1);
    CHECK(views[0].text == expected);
    CHECK(sourceOf(text, views[0], 0, 1) == block);
}

TEST_CASE("string literals continued on the next line are joined", "[redaction][decoded]")
{
    // The text, its joined view, and a part of the view that spans the junction.
    auto [text, joined, across] = GENERATE(table<std::string, std::string, std::string>({
        {"const t = \"ghp_1a2B\" +\n    \"3c4D5e\";", "const t = \"ghp_1a2B3c4D5e\";", "1a2B3c"},
        {"t = (\"ghp_1a2B\"\n     \"3c4D5e\")", "t = (\"ghp_1a2B3c4D5e\")", "1a2B3c"},
        {"String t = \"ghp_1a2B\"\r\n    + \"3c4D5e\";", "String t = \"ghp_1a2B3c4D5e\";", "1a2B3c"},
        {"$t = 'ghp_1a2B' .\n  '3c4D5e';", "$t = 'ghp_1a2B3c4D5e';", "1a2B3c"},
        {"t = \"ghp_1a2B\" \\\n    \"3c4D5e\"", "t = \"ghp_1a2B3c4D5e\"", "1a2B3c"},
        {"a = \"one\" +\n  \"two\" +\n  \"three\";\nb = 1", "a = \"onetwothree\";", "onetwothree"},
    }));
    INFO(text);
    const auto views = viewsOf(text);
    REQUIRE(views.size() == 1);
    CHECK(views[0].kind == DecodedView::Kind::JoinedLines);
    CHECK(views[0].text == joined);
    // The span maps back to the source from its first byte to its last, junctions included.
    const size_t at = joined.find(across);
    REQUIRE(at != std::string::npos);
    const std::string_view source = sourceOf(text, views[0], at, at + across.size());
    CHECK(source.substr(0, 3) == across.substr(0, 3));
    CHECK(source.substr(source.size() - 2) == across.substr(across.size() - 2));
    CHECK(source.size() > across.size());
}

TEST_CASE("a backslash at the end of a line joins a split word but not separate words", "[redaction][decoded]")
{
    const std::string text = "export TOKEN=ghp_1a2B\\\n3c4D5e\nrun --flag \\\n  --other";
    const auto views = viewsOf(text);
    REQUIRE(views.size() == 1);
    CHECK(views[0].text == "export TOKEN=ghp_1a2B3c4D5e");
}
