#pragma once

#include "common/Result.h"
#include "providers/StreamEvent.h"

#include <vector>

namespace veil::providers {

/// Keeps the promise every decoded stream makes, whatever its protocol:
/// - nothing follows a StreamDone or StreamError (the first one closes the stream);
/// - at the end of the body exactly one of them has been emitted: StreamDone when the provider said so, or when
///   every choice that produced output has finished (servers that omit `[DONE]`, ik_llama.cpp#467); otherwise a
///   Truncated StreamError.
/// Not thread-safe.
class StreamGate
{
public:
    bool closed() const { return m_closed; }

    /// Appends `event` to `out` unless the stream is closed.
    void pass(StreamEvent event, std::vector<StreamEvent>& out);

    /// The parser gave up (size cap): appends the matching StreamError and closes the stream.
    void failParser(const Error& error, std::vector<StreamEvent>& out);

    /// The body has ended: closes the stream with StreamDone or a Truncated StreamError, if still open.
    void end(std::vector<StreamEvent>& out);

private:
    bool m_closed = false;
    bool m_anyFinished = false;
    std::vector<int> m_openChoices; // choices with output and no Finished yet
};

} // namespace veil::providers
