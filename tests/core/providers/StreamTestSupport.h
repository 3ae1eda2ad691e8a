#pragma once

// Helpers shared by the provider protocol tests: readable Catch output for events, chunked feeding, assembly.

#include "providers/SseParser.h"
#include "providers/StreamEvent.h"

#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace veil::test {

inline std::string describe(const providers::StreamEvent& event)
{
    using namespace veil::providers;
    std::ostringstream out;
    if (const auto* text = std::get_if<TextDelta>(&event)) {
        out << "TextDelta{" << text->choice << ", \"" << text->text << "\"}";
    } else if (const auto* call = std::get_if<ToolCallDelta>(&event)) {
        out << "ToolCallDelta{" << call->choice << ", " << call->index << ", \"" << call->id << "\", \"" << call->name
            << "\", \"" << call->arguments << "\"}";
    } else if (const auto* finished = std::get_if<Finished>(&event)) {
        out << "Finished{" << finished->choice << ", " << static_cast<int>(finished->reason) << ", \"" << finished->raw
            << "\"}";
    } else if (const auto* usage = std::get_if<TokenUsage>(&event)) {
        out << "TokenUsage{" << usage->inputTokens.value_or(-1) << ", " << usage->outputTokens.value_or(-1) << "}";
    } else if (const auto* error = std::get_if<StreamError>(&event)) {
        out << "StreamError{" << static_cast<int>(error->kind) << ", \"" << error->message.toStdString() << "\", \""
            << error->code.toStdString() << "\"}";
    } else {
        out << "StreamDone{}";
    }
    return out.str();
}

/// Cuts `body` into pieces of `size` bytes (the last may be shorter); size 0 means one piece.
inline std::vector<std::string_view> fixedChunks(std::string_view body, size_t size)
{
    std::vector<std::string_view> pieces;
    if (size == 0) {
        pieces.push_back(body);
        return pieces;
    }
    for (size_t at = 0; at < body.size(); at += size) {
        pieces.push_back(body.substr(at, size));
    }
    return pieces;
}

/// Cuts `body` into pieces of 1 to maxSize bytes, repeatably for a given seed.
inline std::vector<std::string_view> randomChunks(std::string_view body, unsigned seed, size_t maxSize = 64)
{
    std::mt19937 random(seed);
    std::uniform_int_distribution<size_t> size(1, maxSize);
    std::vector<std::string_view> pieces;
    for (size_t at = 0; at < body.size();) {
        const size_t n = std::min(size(random), body.size() - at);
        pieces.push_back(body.substr(at, n));
        at += n;
    }
    return pieces;
}

/// Feeds the pieces to a fresh Decoder (StreamDecoder<...>) and returns every event, finish() included.
template <typename Decoder>
std::vector<providers::StreamEvent> decodePieces(const std::vector<std::string_view>& pieces)
{
    Decoder decoder;
    std::vector<providers::StreamEvent> events;
    for (const std::string_view piece : pieces) {
        for (auto& event : decoder.feed(piece)) {
            events.push_back(std::move(event));
        }
    }
    for (auto& event : decoder.finish()) {
        events.push_back(std::move(event));
    }
    return events;
}

template <typename Decoder>
std::vector<providers::StreamEvent> decode(std::string_view body)
{
    return decodePieces<Decoder>({body});
}

/// Feeds the pieces to a fresh parser (SseParser, NdjsonParser) and returns every frame, finish() included.
template <typename Parser>
auto parsePieces(Parser& parser, const std::vector<std::string_view>& pieces)
{
    decltype(parser.finish()) frames;
    for (const std::string_view piece : pieces) {
        for (auto& frame : parser.feed(piece)) {
            frames.push_back(std::move(frame));
        }
    }
    for (auto& frame : parser.finish()) {
        frames.push_back(std::move(frame));
    }
    return frames;
}

/// What a client would show and keep after a whole stream.
struct Assembled
{
    std::map<int, std::string> text; ///< by choice
    std::map<std::pair<int, int>, std::string> toolArguments; ///< by (choice, index)
    std::map<std::pair<int, int>, std::string> toolNames; ///< by (choice, index)
    std::map<int, providers::Finished> finished; ///< by choice
    std::optional<providers::TokenUsage> usage; ///< the last one
    int terminals = 0; ///< StreamDone and StreamError events
    bool endsDone = false;
    std::optional<providers::StreamError> error;
};

inline Assembled assemble(const std::vector<providers::StreamEvent>& events)
{
    using namespace veil::providers;
    Assembled result;
    for (const StreamEvent& event : events) {
        if (const auto* text = std::get_if<TextDelta>(&event)) {
            result.text[text->choice] += text->text;
        } else if (const auto* call = std::get_if<ToolCallDelta>(&event)) {
            result.toolArguments[{call->choice, call->index}] += call->arguments;
            result.toolNames[{call->choice, call->index}] += call->name;
        } else if (const auto* finished = std::get_if<Finished>(&event)) {
            result.finished[finished->choice] = *finished;
        } else if (const auto* usage = std::get_if<TokenUsage>(&event)) {
            result.usage = *usage;
        } else if (const auto* error = std::get_if<StreamError>(&event)) {
            ++result.terminals;
            result.error = *error;
        } else {
            ++result.terminals;
        }
    }
    result.endsDone = !events.empty() && std::holds_alternative<StreamDone>(events.back());
    return result;
}

} // namespace veil::test

namespace Catch {

template <>
struct StringMaker<veil::providers::StreamEvent>
{
    static std::string convert(const veil::providers::StreamEvent& event) { return veil::test::describe(event); }
};

template <>
struct StringMaker<veil::providers::StreamError>
{
    static std::string convert(const veil::providers::StreamError& error) { return veil::test::describe(error); }
};

template <>
struct StringMaker<std::optional<veil::providers::TokenUsage>>
{
    static std::string convert(const std::optional<veil::providers::TokenUsage>& usage)
    {
        return usage ? veil::test::describe(*usage) : std::string("none");
    }
};

template <typename K, typename V>
struct StringMaker<std::pair<K, V>>
{
    static std::string convert(const std::pair<K, V>& pair)
    {
        return "{" + Catch::Detail::stringify(pair.first) + ", " + Catch::Detail::stringify(pair.second) + "}";
    }
};

template <>
struct StringMaker<veil::providers::SseEvent>
{
    static std::string convert(const veil::providers::SseEvent& event)
    {
        std::string out = "SseEvent{type=\"" + event.type + "\", data=\"" + event.data + "\", id=\"" + event.id + "\"";
        if (event.retryMs) {
            out += ", retry=" + std::to_string(*event.retryMs);
        }
        if (event.error) {
            out += ", error=\"" + *event.error + "\"";
        }
        return out + "}";
    }
};

} // namespace Catch
