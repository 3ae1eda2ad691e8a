#include "providers/NdjsonParser.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using veil::providers::NdjsonParser;
using Lines = std::vector<std::string>;

namespace {

Lines parse(std::string_view body, size_t chunkSize = 0)
{
    NdjsonParser parser;
    return veil::test::parsePieces(parser, veil::test::fixedChunks(body, chunkSize));
}

} // namespace

TEST_CASE("splits lines at LF and skips blank lines", "[providers][ndjson]")
{
    CHECK(parse("{\"a\":1}\n\n{\"b\":2}\n \t\n{\"c\":3}\n") == Lines{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"});
}

TEST_CASE("tolerates CRLF line ends, even split across chunks", "[providers][ndjson]")
{
    const std::string_view body = "{\"a\":1}\r\n\r\n{\"b\":2}\r\n";
    CHECK(parse(body) == Lines{"{\"a\":1}", "{\"b\":2}"});
    CHECK(parse(body, 1) == Lines{"{\"a\":1}", "{\"b\":2}"});
}

TEST_CASE("finish() returns a last line that has no line end", "[providers][ndjson]")
{
    NdjsonParser parser;
    CHECK(parser.feed("{\"a\":1}\n{\"b\"").size() == 1);
    CHECK(parser.feed(":2}").empty());
    CHECK(parser.finish() == Lines{"{\"b\":2}"});
    CHECK(parser.feed("{\"c\":3}\n").empty()); // the stream is over
    CHECK(parser.finish().empty());
}

TEST_CASE("an empty body gives no lines", "[providers][ndjson]")
{
    CHECK(parse("").empty());
    CHECK(parse("\n\r\n  \n").empty());
}

TEST_CASE("passes lines on unparsed, garbage included", "[providers][ndjson]")
{
    CHECK(parse("not json\n{\"a\":\n") == Lines{"not json", "{\"a\":"});
}

TEST_CASE("a line longer than the size cap stops the parser with a clear error", "[providers][ndjson]")
{
    SECTION("a line of exactly the cap passes")
    {
        NdjsonParser parser(8);
        CHECK(parser.feed("12345678\n").size() == 1);
        CHECK(parser.finish().empty());
        CHECK(parser.ok());
    }
    SECTION("a longer line fails, and nothing comes after")
    {
        NdjsonParser parser(8);
        CHECK(parser.feed("1234\n12345").size() == 1);
        CHECK(parser.feed("6789\n1\n").empty());
        REQUIRE_FALSE(parser.ok());
        CHECK(parser.error().code == veil::Error::Code::Capacity);
        CHECK(parser.error().message == QStringLiteral("A line in the stream is longer than the limit of 8 bytes."));
        CHECK(parser.feed("1\n").empty());
        CHECK(parser.finish().empty());
    }
    SECTION("an endless line is refused before it is buffered")
    {
        NdjsonParser parser(64 * 1024);
        const std::string chunk(48 * 1024, 'x');
        CHECK(parser.feed(chunk).empty());
        CHECK(parser.ok());
        CHECK(parser.feed(chunk).empty());
        REQUIRE_FALSE(parser.ok());
        CHECK(parser.error().message == QStringLiteral("A line in the stream is longer than the limit of 64 KiB."));
    }
    SECTION("the default cap is 16 MiB")
    {
        CHECK(NdjsonParser().maxLineSize() == 16u * 1024 * 1024);
    }
}

TEST_CASE("any chunking gives the same lines", "[providers][ndjson]")
{
    const std::string body = "{\"t\":\"\xC3\xA9\xF0\x9F\x98\x80\"}\r\n\n{\"b\":2}\n\r\n{\"c\":3}";
    const Lines whole = parse(body);
    REQUIRE(whole.size() == 3);
    for (size_t split = 0; split <= body.size(); ++split) {
        NdjsonParser parser;
        const std::string_view view = body;
        CHECK(veil::test::parsePieces(parser, {view.substr(0, split), view.substr(split)}) == whole);
    }
    for (unsigned seed = 1; seed <= 20; ++seed) {
        NdjsonParser parser;
        CHECK(veil::test::parsePieces(parser, veil::test::randomChunks(body, seed, 5)) == whole);
    }
}
