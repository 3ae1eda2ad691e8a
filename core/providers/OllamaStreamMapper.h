#pragma once

#include "providers/NdjsonParser.h"
#include "providers/StreamDecoder.h"
#include "providers/StreamEvent.h"

#include <string>
#include <vector>

namespace veil::providers {

/// Reads the NDJSON lines of an Ollama `/api/chat` stream into StreamEvents. All output belongs to choice 0.
///
/// - `message.content` gives a TextDelta (`message.thinking` is skipped); a line from `/api/generate`, which
///   carries `response` instead, is read the same way.
/// - `message.tool_calls[]` arrive whole: each gives one ToolCallDelta with the arguments object as compact JSON,
///   numbered in order of arrival across the reply.
/// - `"done": true` gives Finished (`done_reason`; a missing one, as older servers send, counts as "stop"),
///   TokenUsage (`prompt_eval_count`, `eval_count`) when either count is present, then StreamDone.
/// - `{"error": ...}`, which Ollama sends mid-stream while the HTTP status stays 200, gives a Provider
///   StreamError; a line that is not a JSON object gives a Protocol StreamError.
///
/// Numbers tool calls across lines: one mapper per stream. Not thread-safe.
class OllamaStreamMapper
{
public:
    /// Appends the StreamEvents of one NDJSON line to `out`.
    void map(const std::string& line, std::vector<StreamEvent>& out);

private:
    int m_toolCalls = 0;
};

/// Bytes of an Ollama `/api/chat` streaming body in, StreamEvents out.
using OllamaStreamDecoder = StreamDecoder<NdjsonParser, OllamaStreamMapper>;

} // namespace veil::providers
