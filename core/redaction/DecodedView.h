#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veil::redaction {

/// A part of a text seen with one layer of disguise taken off, for the engine to scan as well as the text itself.
///
/// Three kinds are made, each only where the text holds its trigger, so ordinary text costs a few cheap passes:
/// - Percent: a run of URL characters holding a `%XX` escape (a `%` must occur), decoded, with up to 64 bytes of
///   the same line before it kept for context (`password=` and the like); runs less than 256 bytes apart share
///   one view. `+` stays `+`.
/// - Base64: a run of at least 24 base64 characters (standard or URL alphabet, padding optional), which may be
///   wrapped over lines (each full line a multiple of four characters, CRLF, indentation or a JSON `\n` escape
///   between them), whose decoded bytes are text: printable ASCII, whitespace or valid UTF-8, at most one byte
///   in sixteen otherwise. A short word joined on by `-` or `_` (`sha512-`, `KEY_`) is tried without. Runs that
///   decode to binary (hashes, keys, compressed data) are left alone.
/// - JoinedLines: a string literal split over lines and put together again by the language (`"ab" +` / `"cd"`
///   in JavaScript, Java, C#, Go or Python; adjacent literals `"ab"` / `"cd"` in C, C++ and Python; `.` in PHP
///   and Perl; `"ab" \` / `"cd"`), and a word split by a backslash at the end of a line (shell, YAML
///   double-quoted scalars). The view is the lines involved with the junctions removed.
///
/// Views are made from the text once and never decoded again (no recursion: base64 inside percent-encoding, a
/// double encoding, or a split base64 literal is not seen through).
///
/// Offsets: `sourceStart()`/`sourceEnd()` map a span of `text` to the smallest span of the source text that
/// covers it (UTF-8 byte offsets, end exclusive). A base64 view maps every span to the whole encoded run, since
/// part of a base64 run does not decode on its own.
struct DecodedView
{
    enum class Kind { Percent, Base64, JoinedLines };

    Kind kind = Kind::Percent;
    std::string text;
    uint32_t spanStart = 0; ///< the source span the view was made from
    uint32_t spanEnd = 0;
    std::vector<uint32_t> starts; ///< per byte of text (+1 sentinel): source offset of its first byte; empty for base64
    std::vector<uint32_t> ends; ///< per byte of text: source offset one past its last byte; empty for base64

    uint32_t sourceStart(uint32_t start) const { return starts.empty() ? spanStart : starts[start]; }
    uint32_t sourceEnd(uint32_t end) const
    {
        if (ends.empty()) {
            return spanEnd;
        }
        return end == 0 ? starts[0] : ends[end - 1];
    }

    /// Appends the views of `text` that differ from it, in no particular order.
    static void collect(std::string_view text, std::vector<DecodedView>& out);
};

} // namespace veil::redaction
