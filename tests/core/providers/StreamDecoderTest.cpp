#include "providers/StreamDecoder.h"
#include "providers/AnthropicStreamMapper.h"
#include "providers/OllamaStreamMapper.h"
#include "providers/OpenAiStreamMapper.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using namespace veil::providers;
using veil::test::decode;
using Events = std::vector<StreamEvent>;

TEST_CASE("an empty body is a truncated stream", "[providers][decoder]")
{
    const Events expected{StreamError{
        StreamError::Kind::Truncated, QStringLiteral("The reply ended before the provider finished it."), {}}};
    CHECK(decode<OpenAiStreamDecoder>("") == expected);
    CHECK(decode<AnthropicStreamDecoder>("") == expected);
    CHECK(decode<OllamaStreamDecoder>("") == expected);
    CHECK(decode<OpenAiStreamDecoder>(": keep-alive\n\n\n") == expected);
}

TEST_CASE("garbage is one protocol error and then silence", "[providers][decoder]")
{
    OpenAiStreamDecoder decoder;
    const Events events = decoder.feed("data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n"
                                       "data: <html>502</html>\n\n"
                                       "data: {\"choices\":[{\"delta\":{\"content\":\"B\"}}]}\n\n");
    REQUIRE(events.size() == 2);
    CHECK(events[0] == StreamEvent{TextDelta{0, "A"}});
    CHECK(std::get<StreamError>(events[1]).kind == StreamError::Kind::Protocol);
    CHECK(decoder.ended());
    CHECK(decoder.feed("data: [DONE]\n\n").empty());
    CHECK(decoder.finish().empty());
}

TEST_CASE("binary garbage never crashes a decoder", "[providers][decoder]")
{
    std::string noise;
    std::mt19937 random(7);
    for (int i = 0; i < 4096; ++i) {
        noise.push_back(static_cast<char>(random() & 0xFF));
    }
    for (const std::string& body : {noise, "data: " + noise, "event: message_start\ndata: " + noise}) {
        const auto openai = veil::test::assemble(decode<OpenAiStreamDecoder>(body));
        const auto anthropic = veil::test::assemble(decode<AnthropicStreamDecoder>(body));
        const auto ollama = veil::test::assemble(decode<OllamaStreamDecoder>(body));
        CHECK(openai.terminals == 1);
        CHECK(anthropic.terminals == 1);
        CHECK(ollama.terminals == 1);
        CHECK_FALSE(ollama.endsDone);
    }
}

TEST_CASE("an event over the size cap ends the stream with a size error", "[providers][decoder]")
{
    OpenAiStreamDecoder decoder(64);
    const Events events = decoder.feed("data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n"
                                       "data: {\"choices\":[{\"delta\":{\"content\":\""
                                       + std::string(100, 'x'));
    REQUIRE(events.size() == 2);
    CHECK(events[0] == StreamEvent{TextDelta{0, "A"}});
    CHECK(events[1]
          == StreamEvent{StreamError{StreamError::Kind::TooLarge,
                                     QStringLiteral("An event in the stream is larger than the limit of 64 "
                                                    "bytes."),
                                     {}}});
    CHECK(decoder.finish().empty());

    OllamaStreamDecoder ollama(16);
    const Events lines = ollama.feed("{\"response\":\"x\"}\n{\"response\":\"far too long\"}\n");
    REQUIRE(lines.size() == 2);
    CHECK(std::get<StreamError>(lines[1]).kind == StreamError::Kind::TooLarge);
}

TEST_CASE("what follows done is drained silently", "[providers][decoder]")
{
    OpenAiStreamDecoder decoder;
    CHECK(decoder.feed("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
                       "data: {\"error\":{\"message\":\"late\"}}\n\n")
          == Events{Finished{0, FinishReason::Stop, "stop"}, StreamDone{}});
    CHECK(decoder.feed("garbage\n\n").empty());
    CHECK(decoder.finish().empty());
}

TEST_CASE("a stream that ends after its finish reason but without the DONE sentinel is done", "[providers][decoder]")
{
    // ik_llama.cpp#467: the server closed the stream without data: [DONE].
    CHECK(decode<OpenAiStreamDecoder>("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                                      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
          == Events{TextDelta{0, "Hi"}, Finished{0, FinishReason::Stop, "stop"}, StreamDone{}});
    CHECK(std::get<StreamError>(
              decode<OpenAiStreamDecoder>("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n").back())
              .kind
          == StreamError::Kind::Truncated);
}

TEST_CASE("CRLF bodies with comments decode the same in any chunking", "[providers][decoder]")
{
    const std::string body = ": OPENROUTER PROCESSING\r\n\r\n"
                             "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\xC3\xA9\"}}]}\r\n\r\n"
                             ": keep-alive\r\n"
                             "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\r\n\r\n"
                             "data: [DONE]\r\n\r\n";
    const Events whole = decode<OpenAiStreamDecoder>(body);
    CHECK(whole == Events{TextDelta{0, "caf\xC3\xA9"}, Finished{0, FinishReason::Length, "length"}, StreamDone{}});
    for (size_t split = 0; split <= body.size(); ++split) {
        const std::string_view view = body;
        CHECK(veil::test::decodePieces<OpenAiStreamDecoder>({view.substr(0, split), view.substr(split)}) == whole);
    }
    CHECK(veil::test::decodePieces<OpenAiStreamDecoder>(veil::test::fixedChunks(body, 1)) == whole);
}
