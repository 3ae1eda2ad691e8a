#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace veil::providers {

// The common stream every provider's reply is turned into, whatever its wire format.
// Text is the raw UTF-8 the provider sent (placeholders still in it; rehydration comes later). Indexes are the
// provider's own: `choice` is OpenAI's choices[].index (0 for providers without choices).

/// A piece of the reply text of one choice.
struct TextDelta
{
    int choice = 0;
    std::string text;

    bool operator==(const TextDelta&) const = default;
};

/// A piece of one tool call. Concatenate `arguments` per (choice, index) to get the call's JSON arguments.
/// `id` and `name` are set on the call's first piece only (Ollama sends each call whole, in one piece).
struct ToolCallDelta
{
    int choice = 0;
    int index = 0; ///< OpenAI tool_calls[].index, Anthropic content block index, Ollama position in the reply
    std::string id;
    std::string name;
    std::string arguments;

    bool operator==(const ToolCallDelta&) const = default;
};

enum class FinishReason {
    Stop, ///< the model finished its answer, or hit a stop sequence
    Length, ///< the token limit cut the answer off
    ToolCalls, ///< the model wants tool results before it goes on
    ContentFilter, ///< the provider withheld or cut the answer (content filter, refusal)
    Other, ///< anything else; see Finished::raw
};

/// One choice has ended.
struct Finished
{
    int choice = 0;
    FinishReason reason = FinishReason::Stop;
    std::string raw; ///< the provider's word for it: "stop", "end_turn", "tool_calls", ...; empty if it sent none

    bool operator==(const Finished&) const = default;
};

/// Token counts for the whole reply so far; a later TokenUsage replaces an earlier one.
struct TokenUsage
{
    std::optional<std::int64_t> inputTokens; ///< tokens of the prompt, when the provider said
    std::optional<std::int64_t> outputTokens; ///< tokens generated, when the provider said

    bool operator==(const TokenUsage&) const = default;
};

/// The stream failed. Always the last event of a stream.
struct StreamError
{
    enum class Kind {
        Provider, ///< the provider reported an error mid-stream (overloaded, model crashed, context too long, ...)
        Protocol, ///< the body does not follow the protocol (malformed JSON, unexpected shape)
        TooLarge, ///< one event or line exceeded the parser's size cap
        Truncated, ///< the body ended before the provider said it was done
    };

    Kind kind = Kind::Protocol;
    /// One sentence a person can read. Never quotes the reply; for Provider errors it carries the provider's own
    /// message (shortened), which is what the user needs to act on.
    QString message;
    QString code; ///< the provider's error code or type ("overloaded_error"), when it sent one

    bool operator==(const StreamError&) const = default;
};

/// The provider ended the stream normally. Always the last event of a stream.
struct StreamDone
{
    bool operator==(const StreamDone&) const = default;
};

/// One typed event of a provider's reply. A complete stream ends with exactly one StreamDone or StreamError.
using StreamEvent = std::variant<TextDelta, ToolCallDelta, Finished, TokenUsage, StreamError, StreamDone>;

} // namespace veil::providers
