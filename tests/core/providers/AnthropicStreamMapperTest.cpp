#include "providers/AnthropicStreamMapper.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using namespace veil::providers;
using Events = std::vector<StreamEvent>;

namespace {

Events map(AnthropicStreamMapper& mapper, std::string type, std::string data)
{
    SseEvent event;
    event.type = std::move(type);
    event.data = std::move(data);
    Events out;
    mapper.map(event, out);
    return out;
}

Events map(std::string type, std::string data)
{
    AnthropicStreamMapper mapper;
    return map(mapper, std::move(type), std::move(data));
}

} // namespace

TEST_CASE("text blocks become text deltas of choice 0", "[providers][anthropic]")
{
    CHECK(map("content_block_start",
              R"({"type":"content_block_start","index":0,)"
              R"("content_block":{"type":"text","text":""}})")
              .empty());
    CHECK(map("content_block_start",
              R"({"type":"content_block_start","index":0,)"
              R"("content_block":{"type":"text","text":"Pre"}})")
          == Events{TextDelta{0, "Pre"}});
    CHECK(map("content_block_delta",
              R"({"type":"content_block_delta","index":0,)"
              R"("delta":{"type":"text_delta","text":"Hello"}})")
          == Events{TextDelta{0, "Hello"}});
    CHECK(map("content_block_stop", R"({"type":"content_block_stop","index":0})").empty());
}

TEST_CASE("tool_use blocks become tool calls with JSON fragments", "[providers][anthropic]")
{
    CHECK(map("content_block_start",
              R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use",)"
              R"("id":"toolu_01","name":"get_weather","input":{}}})")
          == Events{ToolCallDelta{0, 1, "toolu_01", "get_weather", ""}});
    CHECK(map("content_block_delta",
              R"({"type":"content_block_delta","index":1,)"
              R"("delta":{"type":"input_json_delta","partial_json":"{\"city\": "}})")
          == Events{ToolCallDelta{0, 1, "", "", "{\"city\": "}});
    CHECK(map("content_block_delta",
              R"({"type":"content_block_delta","index":1,)"
              R"("delta":{"type":"input_json_delta","partial_json":""}})")
              .empty());
}

TEST_CASE("thinking and other block types are skipped", "[providers][anthropic]")
{
    CHECK(map("content_block_start",
              R"({"type":"content_block_start","index":0,)"
              R"("content_block":{"type":"thinking","thinking":""}})")
              .empty());
    CHECK(map("content_block_delta",
              R"({"type":"content_block_delta","index":0,)"
              R"("delta":{"type":"thinking_delta","thinking":"hmm"}})")
              .empty());
    CHECK(map("content_block_delta",
              R"({"type":"content_block_delta","index":0,)"
              R"("delta":{"type":"signature_delta","signature":"abc"}})")
              .empty());
}

TEST_CASE("message_delta carries the stop reason and usage, message_stop ends the stream", "[providers][anthropic]")
{
    AnthropicStreamMapper mapper;
    CHECK(map(mapper, "message_start",
              R"({"type":"message_start","message":{"id":"msg_1","content":[],)"
              R"("usage":{"input_tokens":11,"output_tokens":1}}})")
              .empty());
    CHECK(map(mapper, "message_delta",
              R"({"type":"message_delta","delta":{"stop_reason":"end_turn",)"
              R"("stop_sequence":null},"usage":{"output_tokens":6}})")
          == Events{Finished{0, FinishReason::Stop, "end_turn"}, TokenUsage{11, 6}});
    CHECK(map(mapper, "message_delta",
              R"({"type":"message_delta","delta":{"stop_reason":null},)"
              R"("usage":{"input_tokens":12,"output_tokens":7}})")
          == Events{TokenUsage{12, 7}});
    CHECK(map(mapper, "message_stop", R"({"type":"message_stop"})") == Events{StreamDone{}});
}

TEST_CASE("stop reasons are kept and classified", "[providers][anthropic]")
{
    // anthropic-sdk-python types/stop_reason.py lists the reasons.
    const auto [raw, reason] = GENERATE(table<std::string, FinishReason>({
        {"end_turn", FinishReason::Stop},
        {"stop_sequence", FinishReason::Stop},
        {"max_tokens", FinishReason::Length},
        {"tool_use", FinishReason::ToolCalls},
        {"refusal", FinishReason::ContentFilter},
        {"pause_turn", FinishReason::Other},
    }));
    CHECK(map("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" + raw + R"("}})")
          == Events{Finished{0, reason, raw}});
}

TEST_CASE("an error event is a provider error", "[providers][anthropic]")
{
    // anthropic-sdk-python tests/test_streaming.py
    CHECK(map("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
          == Events{StreamError{StreamError::Kind::Provider,
                                QStringLiteral("The provider reported an error: Overloaded."),
                                QStringLiteral("overloaded_error")}});
}

TEST_CASE("ping, content_block_stop and unknown events are ignored without reading them", "[providers][anthropic]")
{
    CHECK(map("ping", R"({"type": "ping"})").empty());
    CHECK(map("ping", "not json").empty());
    CHECK(map("content_block_stop", "not json").empty());
    CHECK(map("brand_new_event", "{\"type\":\"brand_new_event\"").empty());
}

TEST_CASE("without an event field the type comes from the data", "[providers][anthropic]")
{
    CHECK(map("", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}})")
          == Events{TextDelta{0, "x"}});
    CHECK(map("", R"({"type":"message_stop"})") == Events{StreamDone{}});
    CHECK(map("", R"({"type":"ping"})").empty());
}

TEST_CASE("malformed data in an event that must be read is a protocol error", "[providers][anthropic]")
{
    const Events expected{StreamError{StreamError::Kind::Protocol,
                                      QStringLiteral("The provider sent an event that is not a valid JSON object."),
                                      {}}};
    CHECK(map("content_block_delta", R"({"type":"content_block_delta","delta":{"text":"secret)") == expected);
    CHECK(map("message_stop", "") == expected);
    CHECK(map("", "garbage") == expected);
}
