#pragma once

#include "providers/SseParser.h"
#include "providers/StreamDecoder.h"
#include "providers/StreamEvent.h"

#include <vector>

namespace veil::providers {

/// Reads the SSE events of an OpenAI-compatible `/v1/chat/completions` stream (OpenAI, Azure OpenAI, vLLM,
/// llama.cpp server, LM Studio, Ollama's /v1) into StreamEvents.
///
/// Per chunk, in this order: for each entry of `choices` (interleaved by `index` when n > 1) a TextDelta for a
/// non-empty `delta.content` or `delta.refusal` (a refusal is what the user gets to read), a ToolCallDelta per
/// `delta.tool_calls[]` entry (by its `index`), a Finished for a `finish_reason`; then a TokenUsage for a non-null
/// `usage` (the include_usage chunk, whose `choices` is `[]`, or `null` on vLLM). `data: [DONE]` gives StreamDone.
/// Errors: a chunk with a non-null `error`, an `event: error`, or the non-standard `error:` field of older
/// llama.cpp builds give a Provider StreamError; data that is not a JSON object gives a Protocol StreamError.
/// Empty data is ignored; unknown fields are ignored.
///
/// Stateless: map() is const, reentrant and may serve any number of streams.
class OpenAiStreamMapper
{
public:
    /// Appends the StreamEvents of one SSE event to `out`.
    void map(const SseEvent& event, std::vector<StreamEvent>& out) const;
};

/// Bytes of an OpenAI-compatible streaming body in, StreamEvents out.
using OpenAiStreamDecoder = StreamDecoder<SseParser, OpenAiStreamMapper>;

} // namespace veil::providers
