#pragma once

#include "common/Result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil::providers {

/// Incremental splitter for newline-delimited JSON (NDJSON, as Ollama streams it), fed raw bytes.
///
/// Chunks may be cut anywhere, including inside a multibyte character. Lines end at LF; a CR right before the LF is
/// dropped (CRLF bodies); lines holding only spaces, tabs or CR are skipped. The JSON itself is not parsed: each
/// line comes back as its raw UTF-8 bytes, for a mapper to read.
///
/// Memory is bounded: a line longer than maxLineSize bytes (without its line end) fails the parser: ok() turns
/// false, error() says why (code Capacity), and every later call returns nothing. Lines completed before the
/// failure are still returned.
///
/// One parser per response body. Not thread-safe; use from one thread at a time.
class NdjsonParser
{
public:
    static constexpr size_t kDefaultMaxSize = 16 * 1024 * 1024; ///< bytes per line

    explicit NdjsonParser(size_t maxLineSize = kDefaultMaxSize)
        : m_maxLineSize(maxLineSize)
    {
    }

    /// Takes the next chunk of the body; returns the lines it completed, in order.
    std::vector<std::string> feed(std::string_view bytes);

    /// The body has ended: returns the last line if it had no line end. Later calls return nothing.
    std::vector<std::string> finish();

    bool ok() const { return !m_error.has_value(); }
    /// Why the parser stopped; only valid when ok() is false.
    const Error& error() const { return *m_error; }

    size_t maxLineSize() const { return m_maxLineSize; }

private:
    bool fits(size_t size);
    static void keep(std::string_view line, std::vector<std::string>& out);

    size_t m_maxLineSize;
    std::string m_line; // the current line, while it is not yet complete
    bool m_finished = false;
    std::optional<Error> m_error;
};

} // namespace veil::providers
