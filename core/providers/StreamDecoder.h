#pragma once

#include "providers/StreamEvent.h"
#include "providers/StreamGate.h"

#include <string_view>
#include <vector>

namespace veil::providers {

/// Turns a provider's response body, fed as raw bytes in any chunking, into StreamEvents: a Parser (SseParser,
/// NdjsonParser) frames the bytes, a Mapper (OpenAiStreamMapper, ...) reads each frame, a StreamGate keeps the
/// stream's promise (see StreamGate).
///
/// The same body gives the same events however it is chunked. Feeding after the stream closed returns nothing and
/// costs nothing (openai-node also drains silently after `[DONE]`).
///
/// Parser needs feed(std::string_view) and finish() returning a range of frames, ok(), error() and a constructor
/// taking the size cap; Mapper needs map(const Frame&, std::vector<StreamEvent>&), which appends.
/// One decoder per response body. Not thread-safe; use from one thread at a time.
template <typename Parser, typename Mapper>
class StreamDecoder
{
public:
    /// `maxFrameSize`: bytes per SSE event or NDJSON line; larger frames end the stream with a TooLarge error.
    explicit StreamDecoder(size_t maxFrameSize = Parser::kDefaultMaxSize)
        : m_parser(maxFrameSize)
    {
    }

    /// Takes the next chunk of the body; returns the events it completed, in order.
    std::vector<StreamEvent> feed(std::string_view bytes)
    {
        std::vector<StreamEvent> out;
        if (!m_gate.closed()) {
            deliver(m_parser.feed(bytes), out);
        }
        return out;
    }

    /// The body has ended: returns the last events, always ending with StreamDone or StreamError unless an earlier
    /// call already returned one.
    std::vector<StreamEvent> finish()
    {
        std::vector<StreamEvent> out;
        if (!m_gate.closed()) {
            deliver(m_parser.finish(), out);
            m_gate.end(out);
        }
        return out;
    }

    /// A StreamDone or StreamError has been returned.
    bool ended() const { return m_gate.closed(); }

private:
    template <typename Frames>
    void deliver(const Frames& frames, std::vector<StreamEvent>& out)
    {
        std::vector<StreamEvent> mapped;
        for (const auto& frame : frames) {
            mapped.clear();
            m_mapper.map(frame, mapped);
            for (StreamEvent& event : mapped) {
                m_gate.pass(std::move(event), out);
            }
            if (m_gate.closed()) {
                return;
            }
        }
        if (!m_parser.ok()) {
            m_gate.failParser(m_parser.error(), out);
        }
    }

    Parser m_parser;
    Mapper m_mapper;
    StreamGate m_gate;
};

} // namespace veil::providers
