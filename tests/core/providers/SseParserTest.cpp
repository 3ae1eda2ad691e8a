#include "providers/SseParser.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using veil::providers::SseEvent;
using veil::providers::SseParser;

namespace {

std::vector<SseEvent> parse(std::string_view body, size_t chunkSize = 0)
{
    SseParser parser;
    return veil::test::parsePieces(parser, veil::test::fixedChunks(body, chunkSize));
}

SseEvent event(std::string type, std::string data, std::string id = {})
{
    SseEvent e;
    e.type = std::move(type);
    e.data = std::move(data);
    e.id = std::move(id);
    return e;
}

} // namespace

TEST_CASE("reads data, event, id and retry fields", "[providers][sse]")
{
    const auto events = parse("event: delta\nid: 7\nretry: 1500\ndata: {\"a\":1}\n\ndata: two\n\n");
    REQUIRE(events.size() == 2);
    SseEvent first = event("delta", "{\"a\":1}", "7");
    first.retryMs = 1500;
    CHECK(events[0] == first);
    CHECK(events[1] == event("", "two", "7")); // the id is kept, type and retry are not
}

TEST_CASE("joins multi-line data with newlines and strips only one leading space", "[providers][sse]")
{
    CHECK(parse("data: a\ndata:b\ndata:  c\ndata\ndata: \n\n") == std::vector{event("", "a\nb\n c\n\n")});
}

TEST_CASE("CR, LF and CRLF all end lines, and a CRLF split across chunks is one line end", "[providers][sse]")
{
    const std::vector<SseEvent> expected{event("x", "a\nb"), event("", "c")};
    for (const std::string_view body :
         {"event: x\ndata: a\ndata: b\n\ndata: c\n\n", "event: x\rdata: a\rdata: b\r\rdata: c\r\r",
          "event: x\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n", "event: x\r\ndata: a\rdata: b\n\r\ndata: c\r\r\n"}) {
        INFO(body);
        CHECK(parse(body) == expected);
        CHECK(parse(body, 1) == expected);
    }

    SseParser parser;
    CHECK(parser.feed("data: a\r").empty());
    CHECK(parser.feed("\n").empty()); // the LF completes the CRLF, it is not a blank line
    CHECK(parser.feed("data: b\r").empty());
    CHECK(parser.feed("\n\r").size() == 1); // CRLF then CR: the blank line dispatches
    CHECK(parser.finish().empty());
}

TEST_CASE("ignores comments and unknown fields", "[providers][sse]")
{
    CHECK(parse(": keep-alive\n:\ndata: a\nfoo: bar\n: more\ndata: b\n\n: trailing\n\n")
          == std::vector{event("", "a\nb")});
}

TEST_CASE("a block without data dispatches nothing, but an empty data field does", "[providers][sse]")
{
    CHECK(parse("event: ping\n\nid: 3\n\n: only a comment\n\n\n\n").empty());
    CHECK(parse("data\n\n") == std::vector{event("", "")});
    CHECK(parse("data:\n\n") == std::vector{event("", "")});
}

TEST_CASE("skips one leading byte order mark, even split across chunks", "[providers][sse]")
{
    const std::string body = "\xEF\xBB\xBF"
                             "data: a\n\n";
    CHECK(parse(body) == std::vector{event("", "a")});
    CHECK(parse(body, 1) == std::vector{event("", "a")});
    // A second mark, or one later in the stream, is part of the text: here it makes an unknown field name.
    CHECK(parse("\xEF\xBB\xBF\xEF\xBB\xBF"
                "data: a\n\ndata: b\n\n")
          == std::vector{event("", "b")});
}

TEST_CASE("finish() dispatches a final event that has no blank line after it", "[providers][sse]")
{
    CHECK(parse("data: a\n\ndata: b\n") == std::vector{event("", "a"), event("", "b")});
    CHECK(parse("data: a\n\ndata: b") == std::vector{event("", "a"), event("", "b")});
    CHECK(parse("data: a\r") == std::vector{event("", "a")});

    SseParser parser;
    CHECK(parser.feed("data: last").empty());
    CHECK(parser.finish() == std::vector{event("", "last")});
    CHECK(parser.feed("data: more\n\n").empty()); // the stream is over
    CHECK(parser.finish().empty());
}

TEST_CASE("an empty body gives no events", "[providers][sse]")
{
    CHECK(parse("").empty());
    CHECK(parse("\n\r\n\r").empty());
}

TEST_CASE("keeps the last event id across events and ignores ids containing NUL", "[providers][sse]")
{
    using namespace std::string_literals;
    const auto events = parse("id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n"s);
    REQUIRE(events.size() == 4);
    CHECK(events[0].id == "1");
    CHECK(events[1].id == "1");
    CHECK(events[2].id == "1");
    CHECK(events[3].id.empty()); // an empty id resets it
}

TEST_CASE("accepts only digits as retry and remembers the latest", "[providers][sse]")
{
    SseParser parser;
    const auto events = veil::test::parsePieces(parser, {"retry: 1s\ndata: a\n\nretry: 250\n\nretry: -3\ndata: b\n\n"});
    REQUIRE(events.size() == 2);
    CHECK_FALSE(events[0].retryMs.has_value());
    CHECK_FALSE(events[1].retryMs.has_value()); // 250 came in a block without data
    CHECK(parser.retryMs() == 250);
}

TEST_CASE("reads the non-standard error field that older llama.cpp servers send", "[providers][sse]")
{
    const auto events = parse("error: {\"code\":500,\"message\":\"boom\"}\n\n");
    REQUIRE(events.size() == 1);
    CHECK(events[0].data.empty());
    REQUIRE(events[0].error.has_value());
    CHECK(*events[0].error == "{\"code\":500,\"message\":\"boom\"}");
}

TEST_CASE("an event larger than the size cap stops the parser with a clear error", "[providers][sse]")
{
    SECTION("an event of exactly the cap passes")
    {
        SseParser parser(16);
        CHECK(parser.feed("data: 0123456789\n\n").size() == 1); // the line counts whole, field name included
        CHECK(parser.ok());
    }
    SECTION("data lines that add up past the cap")
    {
        SseParser parser(16);
        const auto events = parser.feed("data: ok\n\ndata: 0123456789\ndata: 0123456789\n\ndata: late\n\n");
        CHECK(events == std::vector{event("", "ok")}); // what came before the failure is kept
        REQUIRE_FALSE(parser.ok());
        CHECK(parser.error().code == veil::Error::Code::Capacity);
        CHECK(parser.error().message == QStringLiteral("An event in the stream is larger than the limit of 16 bytes."));
        CHECK(parser.feed("data: x\n\n").empty());
        CHECK(parser.finish().empty());
    }
    SECTION("one endless line is refused before it is buffered")
    {
        SseParser parser(1024 * 1024);
        const std::string megabyte(1024 * 1024, 'a');
        CHECK(parser.feed("data: ").empty());
        CHECK(parser.feed(megabyte).empty());
        REQUIRE_FALSE(parser.ok());
        CHECK(parser.error().message == QStringLiteral("An event in the stream is larger than the limit of 1 MiB."));
    }
    SECTION("comments count while they are buffered, and are dropped afterwards")
    {
        SseParser parser(16);
        CHECK(parser.feed(": 0123456789\n: 0123456789\ndata: a\n\n").size() == 1);
        CHECK(parser.ok());
        CHECK(parser.feed(": 0123456789abcdefgh").empty());
        CHECK_FALSE(parser.ok());
    }
    SECTION("the default cap is 16 MiB")
    {
        CHECK(SseParser().maxEventSize() == 16u * 1024 * 1024);
    }
}

TEST_CASE("any chunking gives the same events", "[providers][sse]")
{
    const std::string body
        = "\xEF\xBB\xBF: hello\r\nevent: a\r\ndata: \xC3\xA9t\xC3\xA9\r\ndata: \xF0\x9F\x98\x80\r\n\r\n"
          "id: 9\rdata: b\r\rretry: 10\ndata: c\n\nerror: {}\n\ndata: tail";
    const auto whole = parse(body);
    REQUIRE(whole.size() == 5);
    CHECK(whole[0].data == "\xC3\xA9t\xC3\xA9\n\xF0\x9F\x98\x80");
    for (size_t split = 0; split <= body.size(); ++split) {
        SseParser parser;
        const std::string_view view = body;
        CHECK(veil::test::parsePieces(parser, {view.substr(0, split), view.substr(split)}) == whole);
    }
    for (unsigned seed = 1; seed <= 20; ++seed) {
        SseParser parser;
        CHECK(veil::test::parsePieces(parser, veil::test::randomChunks(body, seed, 7)) == whole);
    }
}
