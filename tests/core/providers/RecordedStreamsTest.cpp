// Replays every recorded stream in ../shared/fixtures/streams (see SOURCES.md there) through its parser and
// mapper, whole, in 1-byte pieces, split in two around every line end, and in seeded random pieces: every way gives the
// same events, and the assembled reply matches what the recording holds.

#include "providers/AnthropicStreamMapper.h"
#include "providers/OllamaStreamMapper.h"
#include "providers/OpenAiStreamMapper.h"

#include "StreamTestSupport.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QFileInfo>

#include <set>

using namespace veil::providers;
using veil::test::Assembled;
using Events = std::vector<StreamEvent>;

namespace {

/// What each recording must yield; every file in the folder needs an entry here.
struct Expected
{
    std::map<int, std::string> text;
    std::map<std::pair<int, int>, std::string> toolArguments;
    std::map<std::pair<int, int>, std::string> toolNames;
    std::map<int, std::string> finishRaw;
    std::optional<TokenUsage> usage;
    std::optional<StreamError> error; ///< the stream's last event; StreamDone when unset
};

const std::map<std::string, Expected>& expectations()
{
    static const std::map<std::string, Expected> table = {
        {"anthropic_messages_basic.txt", {{{0, "Hello there!"}}, {}, {}, {{0, "end_turn"}}, TokenUsage{11, 6}, {}}},
        {"anthropic_messages_tool_use.txt",
         {{{0, "I'll check the current weather in Paris for you."}},
          {{{0, 1}, R"({"location": "Paris"})"}},
          {{{0, 1}, "get_weather"}},
          {{0, "tool_use"}},
          TokenUsage{377, 65},
          {}}},
        {"ollama_ndjson_generate_docs.txt", {{{0, "That's a fantastic question!"}}, {}, {}, {{0, "stop"}}, {}, {}}},
        {"ollama_ndjson_midstream_error_docs.txt",
         {{{0, " Yes.Ican"}},
          {},
          {},
          {},
          {},
          StreamError{StreamError::Kind::Provider,
                      QStringLiteral("The provider reported an error: an error was encountered while running the "
                                     "model."),
                      {}}}},
        {"openai_chat_finish_length.txt", {{{0, "{\""}}, {}, {}, {{0, "length"}}, TokenUsage{79, 1}, {}}},
        {"openai_chat_n3_multichoice.txt",
         {{{0, R"({"city":"San Francisco","temperature":65,"units":"f"})"},
           {1, R"({"city":"San Francisco","temperature":61,"units":"f"})"},
           {2, R"({"city":"San Francisco","temperature":59,"units":"f"})"}},
          {},
          {},
          {{0, "stop"}, {1, "stop"}, {2, "stop"}},
          TokenUsage{79, 42},
          {}}},
        {"openai_chat_text_with_usage.txt",
         {{{0,
            "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I "
            "recommend checking a reliable weather website or a weather app."}},
          {},
          {},
          {{0, "stop"}},
          TokenUsage{14, 30},
          {}}},
        {"openai_chat_tool_call.txt",
         {{},
          {{{0, 0}, R"({"city":"San Francisco","state":"CA"})"}},
          {{{0, 0}, "get_weather"}},
          {{0, "tool_calls"}},
          TokenUsage{48, 19},
          {}}},
    };
    return table;
}

/// The recordings are response bodies; should one ever hold a whole HTTP response, its header block is skipped.
std::string_view responseBody(std::string_view file)
{
    if (!file.starts_with("HTTP/")) {
        return file;
    }
    for (const std::string_view separator : {"\r\n\r\n", "\n\n"}) {
        if (const size_t end = file.find(separator); end != std::string_view::npos) {
            return file.substr(end + separator.size());
        }
    }
    return {};
}

template <typename Decoder>
void checkChunkingInvariance(std::string_view body, const Events& whole)
{
    CHECK(veil::test::decodePieces<Decoder>(veil::test::fixedChunks(body, 1)) == whole);
    // Two pieces, cut on both sides of every line-end byte and at a stride elsewhere (1-byte feeding above already
    // passes through every offset; cutting everywhere in two would cost seconds for little more).
    std::set<size_t> splits;
    for (size_t at = 0; at <= body.size(); at += std::max<size_t>(1, body.size() / 512)) {
        splits.insert(at);
    }
    for (size_t at = 0; at < body.size(); ++at) {
        if (body[at] == '\n' || body[at] == '\r') {
            splits.insert(at);
            splits.insert(at + 1);
        }
    }
    for (const size_t split : splits) {
        if (veil::test::decodePieces<Decoder>({body.substr(0, split), body.substr(split)}) != whole) {
            FAIL_CHECK("splitting at byte " << split << " changes the events");
            break;
        }
    }
    for (const unsigned seed : {1u, 2u, 3u, 42u, 20240601u}) {
        INFO("seed " << seed);
        CHECK(veil::test::decodePieces<Decoder>(veil::test::randomChunks(body, seed, 97)) == whole);
    }
}

template <typename Decoder>
Events replay(std::string_view body)
{
    const Events whole = veil::test::decode<Decoder>(body);
    checkChunkingInvariance<Decoder>(body, whole);
    return whole;
}

} // namespace

TEST_CASE("every recorded stream replays the same in any chunking and yields its reply", "[providers][replay]")
{
    const QStringList files = veil::test::recordedStreams();
    if (files.isEmpty()) {
        WARN("No recorded streams found (../shared/fixtures/streams); skipping the replay.");
        return;
    }
    std::set<std::string> seen;
    for (const QString& path : files) {
        const std::string name = QFileInfo(path).fileName().toStdString();
        INFO(name);
        seen.insert(name);
        const QByteArray file = veil::test::readFile(path);
        REQUIRE_FALSE(file.isEmpty());
        const std::string_view body = responseBody(std::string_view(file.constData(), size_t(file.size())));

        Events events;
        if (name.starts_with("openai_")) {
            events = replay<OpenAiStreamDecoder>(body);
        } else if (name.starts_with("anthropic_")) {
            events = replay<AnthropicStreamDecoder>(body);
        } else if (name.starts_with("ollama_")) {
            events = replay<OllamaStreamDecoder>(body);
        } else {
            FAIL_CHECK("no decoder for this recording: name it openai_*, anthropic_* or ollama_*");
            continue;
        }

        const Assembled got = veil::test::assemble(events);
        CHECK(got.terminals == 1);
        const auto expected = expectations().find(name);
        if (expected == expectations().end()) {
            FAIL_CHECK("a new recording: add what it must yield to expectations()");
            continue;
        }
        CHECK(got.text == expected->second.text);
        CHECK(got.toolArguments == expected->second.toolArguments);
        CHECK(got.toolNames == expected->second.toolNames);
        std::map<int, std::string> finishRaw;
        for (const auto& [choice, finished] : got.finished) {
            finishRaw[choice] = finished.raw;
        }
        CHECK(finishRaw == expected->second.finishRaw);
        CHECK(got.usage == expected->second.usage);
        if (expected->second.error) {
            REQUIRE(got.error.has_value());
            CHECK(*got.error == *expected->second.error);
        } else {
            CHECK(got.endsDone);
        }
    }
    for (const auto& [name, expected] : expectations()) {
        INFO(name);
        CHECK(seen.count(name) == 1);
    }
}
