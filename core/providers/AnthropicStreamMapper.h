#pragma once

#include "providers/SseParser.h"
#include "providers/StreamDecoder.h"
#include "providers/StreamEvent.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace veil::providers {

/// Reads the SSE events of an Anthropic Messages stream (`POST /v1/messages`, `"stream": true`) into
/// StreamEvents. All output belongs to choice 0.
///
/// - `message_start`: remembers `usage.input_tokens`; emits nothing.
/// - `content_block_start`: a `tool_use` block gives a ToolCallDelta with its `id` and `name` (index = block
///   index); a `text` block with non-empty text gives a TextDelta.
/// - `content_block_delta`: `text_delta` gives a TextDelta, `input_json_delta` a ToolCallDelta with the
///   `partial_json` fragment; empty fragments and other delta types (thinking, signatures, citations) are skipped.
/// - `message_delta`: a `stop_reason` gives Finished; `usage` gives TokenUsage (output counts are cumulative; the
///   input count is taken from here when present, else from `message_start`).
/// - `message_stop` gives StreamDone; `event: error` a Provider StreamError.
/// - `ping`, `content_block_stop` and unknown event types are ignored without reading their data.
/// Data that is not a JSON object, for an event that must be read, gives a Protocol StreamError. The event type
/// comes from the `event:` field, or from the data's `type` when the field is missing.
///
/// Keeps the input token count between events: one mapper per stream. Not thread-safe.
class AnthropicStreamMapper
{
public:
    /// Appends the StreamEvents of one SSE event to `out`.
    void map(const SseEvent& event, std::vector<StreamEvent>& out);

private:
    std::optional<std::int64_t> m_inputTokens;
};

/// Bytes of an Anthropic Messages streaming body in, StreamEvents out.
using AnthropicStreamDecoder = StreamDecoder<SseParser, AnthropicStreamMapper>;

} // namespace veil::providers
