// Fuzzes the provider stream decoders (SSE or NDJSON framing plus the OpenAI, Anthropic and Ollama mappings).
// Input layout: byte 0 picks the decoder, byte 1 seeds the chunk sizes, the rest is the response body.
// Invariants: any chunking gives the same events as the whole body, and the stream ends with exactly one
// StreamDone or StreamError.
#include "providers/AnthropicStreamMapper.h"
#include "providers/OllamaStreamMapper.h"
#include "providers/OpenAiStreamMapper.h"

#include <cstdint>
#include <cstdlib>

using namespace veil::providers;

namespace {

template <typename Decoder>
std::vector<StreamEvent> decode(std::string_view body, uint32_t seed)
{
    Decoder decoder(4096); // a small frame cap, so the size limit is exercised too
    std::vector<StreamEvent> events;
    size_t at = 0;
    while (at < body.size()) {
        size_t size = body.size() - at;
        if (seed != 0) {
            seed = seed * 1103515245u + 12345u;
            size = std::min<size_t>(1 + (seed >> 16) % 32, size);
        }
        for (StreamEvent& e : decoder.feed(body.substr(at, size))) {
            events.push_back(std::move(e));
        }
        at += size;
    }
    for (StreamEvent& e : decoder.finish()) {
        events.push_back(std::move(e));
    }
    return events;
}

template <typename Decoder>
void check(std::string_view body, uint32_t seed)
{
    const std::vector<StreamEvent> whole = decode<Decoder>(body, 0);
    const std::vector<StreamEvent> chunked = decode<Decoder>(body, seed | 1);
    if (!(whole == chunked)) {
        std::abort();
    }
    size_t terminal = 0;
    for (const StreamEvent& e : whole) {
        terminal += std::holds_alternative<StreamDone>(e) || std::holds_alternative<StreamError>(e);
    }
    const bool endsTerminal = !whole.empty()
        && (std::holds_alternative<StreamDone>(whole.back()) || std::holds_alternative<StreamError>(whole.back()));
    if (terminal != 1 || !endsTerminal) {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
    switch (data[0] % 3) {
    case 0:
        check<OpenAiStreamDecoder>(body, data[1]);
        break;
    case 1:
        check<AnthropicStreamDecoder>(body, data[1]);
        break;
    default:
        check<OllamaStreamDecoder>(body, data[1]);
        break;
    }
    return 0;
}
