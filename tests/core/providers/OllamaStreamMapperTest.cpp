#include "providers/OllamaStreamMapper.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using namespace veil::providers;
using Events = std::vector<StreamEvent>;

namespace {

Events map(OllamaStreamMapper& mapper, const std::string& line)
{
    Events out;
    mapper.map(line, out);
    return out;
}

Events map(const std::string& line)
{
    OllamaStreamMapper mapper;
    return map(mapper, line);
}

} // namespace

TEST_CASE("chat lines give text, the done line finish, usage and done", "[providers][ollama]")
{
    // Shapes from ollama/ollama docs/api.md, "Generate a chat completion" (streaming).
    CHECK(map(R"({"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00",)"
              R"("message":{"role":"assistant","content":"The"},"done":false})")
          == Events{TextDelta{0, "The"}});
    CHECK(map(R"({"model":"llama3.2","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop",)"
              R"("total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,)"
              R"("prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000})")
          == Events{Finished{0, FinishReason::Stop, "stop"}, TokenUsage{26, 282}, StreamDone{}});
}

TEST_CASE("done reasons are kept, and a missing one counts as stop", "[providers][ollama]")
{
    CHECK(map(R"({"done":true,"done_reason":"length"})")
          == Events{Finished{0, FinishReason::Length, "length"}, StreamDone{}});
    CHECK(map(R"({"done":true,"done_reason":"unload"})")
          == Events{Finished{0, FinishReason::Other, "unload"}, StreamDone{}});
    CHECK(map(R"({"message":{"content":"!"},"done":true})")
          == Events{TextDelta{0, "!"}, Finished{0, FinishReason::Stop, ""}, StreamDone{}});
}

TEST_CASE("lines from /api/generate carry the text in response", "[providers][ollama]")
{
    CHECK(map(R"({"model":"gemma4","response":" a","done":false})") == Events{TextDelta{0, " a"}});
}

TEST_CASE("thinking is skipped", "[providers][ollama]")
{
    CHECK(map(R"({"message":{"role":"assistant","content":"","thinking":"Let me see"},"done":false})").empty());
}

TEST_CASE("tool calls arrive whole and are numbered across the reply", "[providers][ollama]")
{
    OllamaStreamMapper mapper;
    CHECK(map(mapper,
              R"({"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather",)"
              R"("arguments":{"city":"Paris"}}}]},"done":false})")
          == Events{ToolCallDelta{0, 0, "", "get_weather", R"({"city":"Paris"})"}});
    CHECK(map(mapper, R"({"message":{"tool_calls":[{"id":"call_9","function":{"name":"get_time","arguments":{}}}]}})")
          == Events{ToolCallDelta{0, 1, "call_9", "get_time", "{}"}});
}

TEST_CASE("an error line after status 200 is a provider error", "[providers][ollama]")
{
    // ollama/ollama docs/api/errors.mdx
    CHECK(map(R"({"error":"an error was encountered while running the model"})")
          == Events{StreamError{StreamError::Kind::Provider,
                                QStringLiteral("The provider reported an error: an error was encountered while running "
                                               "the model."),
                                {}}});
}

TEST_CASE("a line that is not a JSON object is a protocol error", "[providers][ollama]")
{
    const Events expected{StreamError{
        StreamError::Kind::Protocol, QStringLiteral("The provider sent a line that is not a valid JSON object."), {}}};
    CHECK(map(R"({"message":{"content":"password: hunter2")") == expected);
    CHECK(map("[]") == expected);
    CHECK(map("<html>502 Bad Gateway</html>") == expected);
}
