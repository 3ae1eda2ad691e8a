#include "providers/OpenAiStreamMapper.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using namespace veil::providers;
using Events = std::vector<StreamEvent>;

namespace {

Events map(std::string data, std::string type = {})
{
    SseEvent event;
    event.type = std::move(type);
    event.data = std::move(data);
    Events out;
    OpenAiStreamMapper().map(event, out);
    return out;
}

Events mapErrorField(std::string payload)
{
    SseEvent event;
    event.error = std::move(payload);
    Events out;
    OpenAiStreamMapper().map(event, out);
    return out;
}

} // namespace

TEST_CASE("content deltas become text for their choice, and empty ones are skipped", "[providers][openai]")
{
    CHECK(map(R"({"choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null}}]})").empty());
    CHECK(map(R"({"choices":[{"index":2,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null})")
          == Events{TextDelta{2, "Hi"}});
    CHECK(map(R"({"choices":[{"index":1,"delta":{"content":"a"}},{"index":0,"delta":{"content":"b"}}]})")
          == Events{TextDelta{1, "a"}, TextDelta{0, "b"}});
}

TEST_CASE("a refusal is text the user reads", "[providers][openai]")
{
    CHECK(map(R"({"choices":[{"index":0,"delta":{"content":null,"refusal":"I can't help with that."}}]})")
          == Events{TextDelta{0, "I can't help with that."}});
}

TEST_CASE("finish reasons are kept and classified", "[providers][openai]")
{
    // openai-python types/chat/chat_completion_chunk.py lists the reasons.
    const auto [raw, reason] = GENERATE(table<std::string, FinishReason>({
        {"stop", FinishReason::Stop},
        {"length", FinishReason::Length},
        {"tool_calls", FinishReason::ToolCalls},
        {"function_call", FinishReason::ToolCalls},
        {"content_filter", FinishReason::ContentFilter},
        {"eos", FinishReason::Other},
    }));
    CHECK(map(R"({"choices":[{"index":1,"delta":{},"finish_reason":")" + raw + R"("}]})")
          == Events{Finished{1, reason, raw}});
}

TEST_CASE("text and finish reason in one chunk come in that order", "[providers][openai]")
{
    CHECK(map(R"({"choices":[{"index":0,"delta":{"content":"."},"finish_reason":"stop"}]})")
          == Events{TextDelta{0, "."}, Finished{0, FinishReason::Stop, "stop"}});
}

TEST_CASE("the usage chunk has empty or null choices", "[providers][openai]")
{
    CHECK(map(R"({"choices":[],"usage":{"prompt_tokens":14,"completion_tokens":30,"total_tokens":44}})")
          == Events{TokenUsage{14, 30}});
    CHECK(map(R"({"choices":null,"usage":{"prompt_tokens":3}})") == Events{TokenUsage{3, std::nullopt}}); // vLLM
}

TEST_CASE("the DONE sentinel ends the stream", "[providers][openai]")
{
    CHECK(map("[DONE]") == Events{StreamDone{}});
}

TEST_CASE("tool-call arguments come as fragments by tool-call index", "[providers][openai]")
{
    CHECK(map(R"({"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[
                {"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}},
                {"index":1,"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{"}}]}}]})")
          == Events{ToolCallDelta{0, 0, "call_1", "get_weather", ""}, ToolCallDelta{0, 1, "call_2", "get_time", "{"}});
    CHECK(map(R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"}"}}]}}]})")
          == Events{ToolCallDelta{0, 1, "", "", "}"}});
    CHECK(map(R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":""}}]}}]})").empty());
}

TEST_CASE("a mid-stream error object is a provider error", "[providers][openai]")
{
    const Events events = map(R"({"error":{"message":"The server had an error while processing your request.",
                                           "type":"server_error","param":null,"code":null}})");
    REQUIRE(events.size() == 1);
    const auto& error = std::get<StreamError>(events[0]);
    CHECK(error.kind == StreamError::Kind::Provider);
    CHECK(error.message
          == QStringLiteral("The provider reported an error: The server had an error while processing your request."));
    CHECK(error.code == QStringLiteral("server_error"));

    const Events withCode = map(R"({"error":{"message":"too long","type":"invalid_request_error",
                                             "code":"context_length_exceeded"}})");
    CHECK(std::get<StreamError>(withCode.at(0)).code == QStringLiteral("context_length_exceeded"));
    CHECK(std::get<StreamError>(withCode.at(0)).message == QStringLiteral("The provider reported an error: too long."));
}

TEST_CASE("an event named error is a provider error", "[providers][openai]")
{
    const Events events = map(R"({"error":{"message":"Overloaded","type":"overloaded_error"}})", "error");
    CHECK(events
          == Events{StreamError{StreamError::Kind::Provider,
                                QStringLiteral("The provider reported an error: Overloaded."),
                                QStringLiteral("overloaded_error")}});
}

TEST_CASE("the llama.cpp error field is a provider error", "[providers][openai]")
{
    // llama.cpp server: server_sent_event(sink, "error", format_error_response(...)) writes a flat object.
    CHECK(mapErrorField(R"({"code":400,"message":"the request exceeds the available context size, try increasing it",)"
                        R"("type":"exceed_context_size_error"})")
          == Events{StreamError{StreamError::Kind::Provider,
                                QStringLiteral("The provider reported an error: the request exceeds the available "
                                               "context size, try increasing it."),
                                QStringLiteral("exceed_context_size_error")}});
    CHECK(mapErrorField(R"({"error":{"message":"slot unavailable"}})")
          == Events{StreamError{
              StreamError::Kind::Provider, QStringLiteral("The provider reported an error: slot unavailable."), {}}});
    CHECK(mapErrorField("plain words")
          == Events{StreamError{
              StreamError::Kind::Provider, QStringLiteral("The provider reported an error: plain words."), {}}});
    CHECK(mapErrorField("{}")
          == Events{StreamError{
              StreamError::Kind::Provider, QStringLiteral("The provider reported an error without a message."), {}}});
}

TEST_CASE("a long provider message is shortened", "[providers][openai]")
{
    const std::string longMessage(2000, 'x');
    const Events events = map(R"({"error":{"message":")" + longMessage + R"("}})");
    const QString message = std::get<StreamError>(events.at(0)).message;
    CHECK(message.size() < 400);
    CHECK(message.endsWith(QStringLiteral("x\u2026.")));
}

TEST_CASE("data that is not a JSON object is a protocol error that does not quote it", "[providers][openai]")
{
    const Events expected{StreamError{StreamError::Kind::Protocol,
                                      QStringLiteral("The provider sent an event that is not a valid JSON object."),
                                      {}}};
    CHECK(map(R"({"choices":[{"delta":{"content":"my secret is hunter2")") == expected);
    CHECK(map("[1,2,3]") == expected);
    CHECK(map("\"text\"") == expected);
    CHECK(map("\xFF\xFE") == expected);
}

TEST_CASE("empty data and unknown fields are ignored", "[providers][openai]")
{
    CHECK(map("").empty());
    CHECK(map("  ").empty());
    CHECK(map(R"({"id":"x","object":"chat.completion.chunk","service_tier":"default","obfuscation":"abc",)"
              R"("choices":[{"index":0,"delta":{"content":"ok","reasoning":"r"},"logprobs":null}]})")
          == Events{TextDelta{0, "ok"}});
    CHECK(map(R"({"choices":[{"index":0,"content_filter_results":{}}]})").empty()); // Azure's filter-only chunks
}
