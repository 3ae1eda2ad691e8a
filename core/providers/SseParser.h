#pragma once

#include "common/Result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil::providers {

/// One Server-Sent Event, as dispatched by a blank line (or by the end of the stream).
/// All strings are the raw UTF-8 bytes the server sent; nothing is decoded or validated here.
struct SseEvent
{
    std::string type; ///< the `event` field; empty when the server sent none (the spec's default "message")
    std::string data; ///< the `data` lines joined with '\n'
    std::string id; ///< the last event id seen in the stream so far (kept across events, as the spec says)
    std::optional<std::int64_t> retryMs; ///< a valid `retry` field in this event's block, in milliseconds
    /// A non-standard `error` field (older llama.cpp servers send mid-stream errors this way), lines joined with
    /// '\n'. A spec-compliant parser would drop it silently; an event carrying one is dispatched even without data.
    std::optional<std::string> error;

    bool operator==(const SseEvent&) const = default;
};

/// Incremental Server-Sent Events parser (WHATWG HTML "Server-sent events", section 9.2.6), fed raw bytes.
///
/// Chunks may be cut anywhere: inside a line, inside a multibyte character, between the CR and LF of a CRLF pair
/// (still one line end). Lines end at CR, LF or CRLF; a leading UTF-8 byte order mark is skipped; lines starting
/// with ':' are comments; `data` lines are joined with '\n'; `event`, `id`, `retry` and the non-standard `error`
/// field are kept; other fields are ignored. A block without data (and without `error`) dispatches nothing.
///
/// Unlike the spec, which drops an unterminated event at end of stream, finish() dispatches it: recorded provider
/// streams end right after their last data line.
///
/// Memory is bounded: the bytes buffered for one event (its pending line plus the data, type and error collected
/// so far) may not exceed maxEventSize. Past it the parser fails: ok() turns false, error() says why (code
/// Capacity), and every later call returns nothing. Events completed before the failure are still returned.
///
/// One parser per response body. Not thread-safe; use from one thread at a time.
class SseParser
{
public:
    static constexpr size_t kDefaultMaxSize = 16 * 1024 * 1024; ///< bytes per event

    explicit SseParser(size_t maxEventSize = kDefaultMaxSize)
        : m_maxEventSize(maxEventSize)
    {
    }

    /// Takes the next chunk of the body; returns the events it completed, in order.
    std::vector<SseEvent> feed(std::string_view bytes);

    /// The body has ended: returns the pending event, if any. Later calls to feed() and finish() return nothing.
    std::vector<SseEvent> finish();

    bool ok() const { return !m_error.has_value(); }
    /// Why the parser stopped; only valid when ok() is false.
    const Error& error() const { return *m_error; }

    /// The latest valid `retry` value in the stream, in milliseconds, whether or not its block was dispatched.
    std::optional<std::int64_t> retryMs() const { return m_retryMs; }

    size_t maxEventSize() const { return m_maxEventSize; }

private:
    size_t bufferedSize() const;
    bool fits(size_t extra);
    void consumeLine(std::string_view line, std::vector<SseEvent>& out);
    void dispatch(std::vector<SseEvent>& out);

    size_t m_maxEventSize;
    std::string m_line; // the current line, while it is not yet complete
    bool m_skipLf = false; // the last line ended with CR: a LF right after it belongs to that line end
    bool m_firstLine = true; // a byte order mark may start the first line
    bool m_finished = false;
    std::string m_type;
    std::string m_data;
    std::optional<std::string> m_errorField;
    std::string m_lastId;
    std::optional<std::int64_t> m_blockRetryMs;
    std::optional<std::int64_t> m_retryMs;
    std::optional<Error> m_error;
};

} // namespace veil::providers
