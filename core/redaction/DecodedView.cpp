#include "redaction/DecodedView.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace veil::redaction {
namespace {

constexpr size_t kMinBase64 = 24; ///< shorter runs are words and identifiers; 24 characters hold 18 bytes
constexpr size_t kMinWrappedLine = 16; ///< a base64 line shorter than this ends the run
constexpr size_t kJoinedPrefix = 12; ///< how far into a run a word joined on by '-' or '_' may end
constexpr size_t kTextPrefix = 16; ///< base64 characters decoded first to reject binary cheaply
constexpr size_t kPercentContext = 64; ///< bytes of the line before a percent-encoded run kept in its view
constexpr size_t kPercentMerge = 256; ///< percent-encoded runs closer than this share a view
constexpr size_t kJoinContext = 1024;

constexpr std::array<int8_t, 256> makeBase64Table()
{
    std::array<int8_t, 256> table{};
    for (auto& value : table) {
        value = -1;
    }
    for (int c = 'A'; c <= 'Z'; ++c) {
        table[static_cast<size_t>(c)] = static_cast<int8_t>(c - 'A');
    }
    for (int c = 'a'; c <= 'z'; ++c) {
        table[static_cast<size_t>(c)] = static_cast<int8_t>(c - 'a' + 26);
    }
    for (int c = '0'; c <= '9'; ++c) {
        table[static_cast<size_t>(c)] = static_cast<int8_t>(c - '0' + 52);
    }
    table['+'] = table['-'] = 62;
    table['/'] = table['_'] = 63;
    return table;
}

constexpr std::array<int8_t, 256> kBase64 = makeBase64Table();

int base64Value(char c)
{
    return kBase64[static_cast<unsigned char>(c)];
}

bool isBase64(char c)
{
    return base64Value(c) >= 0;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/// Length of the valid UTF-8 multi-byte character at `i`, or 0.
size_t utf8Length(std::string_view bytes, size_t i)
{
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    size_t length = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (i + length > bytes.size()) {
        return 0;
    }
    for (size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return length;
}

/// True when `bytes` read as text: printable ASCII, tab, CR, LF or valid UTF-8, with at most `allowed` bytes
/// anything else.
bool looksLikeText(std::string_view bytes, size_t allowed)
{
    size_t bad = 0;
    for (size_t i = 0; i < bytes.size();) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if ((b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n' || b == '\r') {
            ++i;
            continue;
        }
        if (const size_t length = utf8Length(bytes, i)) {
            i += length;
            continue;
        }
        if (++bad > allowed) {
            return false;
        }
        ++i;
    }
    return true;
}

/// Decodes base64 characters (no padding, no other bytes) to `out`; a last lone character is dropped.
void decodeBase64(std::string_view chars, std::string& out)
{
    out.resize(chars.size() / 4 * 3 + 2);
    char* o = out.data();
    const auto value = [&](size_t i) {
        return static_cast<uint32_t>(base64Value(chars[i]));
    };
    size_t i = 0;
    for (; i + 4 <= chars.size(); i += 4) {
        const uint32_t v = value(i) << 18 | value(i + 1) << 12 | value(i + 2) << 6 | value(i + 3);
        o[0] = static_cast<char>(v >> 16);
        o[1] = static_cast<char>(v >> 8 & 0xFF);
        o[2] = static_cast<char>(v & 0xFF);
        o += 3;
    }
    const size_t rest = chars.size() - i;
    if (rest >= 2) {
        const uint32_t v = value(i) << 18 | value(i + 1) << 12 | (rest == 3 ? value(i + 2) << 6 : 0);
        *o++ = static_cast<char>(v >> 16);
        if (rest == 3) {
            *o++ = static_cast<char>(v >> 8 & 0xFF);
        }
    }
    out.resize(static_cast<size_t>(o - out.data()));
}

/// True when one of the eight bytes at `at` is never base64: below '+' (controls, whitespace, quotes, brackets) or
/// above 'z' (braces, '~', non-ASCII). Word-at-a-time; the caller makes sure the eight bytes exist.
bool hasSeparator(std::string_view text, size_t at)
{
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = 0x8080808080808080ull;
    uint64_t word;
    std::memcpy(&word, text.data() + at, sizeof word);
    const uint64_t below = (word - kOnes * '+') & ~word; // high bit set where a byte < '+' (or the byte is >= 0x80)
    const uint64_t above = (word + kOnes * (0x7F - 'z')) | word; // high bit set where a byte > 'z'
    return ((below | above) & kHigh) != 0;
}

/// Past a line break between two lines of wrapped base64 at `pos` (CRLF or LF, or a JSON `\n` / `\r\n` escape)
/// and the next line's indentation; npos when there is none.
size_t skipWrap(std::string_view text, size_t pos)
{
    const size_t n = text.size();
    size_t i = pos;
    if (i < n && text[i] == '\r') {
        ++i;
    }
    if (i < n && text[i] == '\n') {
        ++i;
    } else if (i == pos && i + 1 < n && text[i] == '\\' && (text[i + 1] == 'n' || text[i + 1] == 'r')) {
        i += 2;
        if (text[i - 1] == 'r' && i + 1 < n && text[i] == '\\' && text[i + 1] == 'n') {
            i += 2;
        }
    } else {
        return std::string_view::npos;
    }
    while (i < n && isBlank(text[i])) {
        ++i;
    }
    return i;
}

void collectBase64(std::string_view text, std::vector<DecodedView>& out)
{
    const size_t n = text.size();
    std::vector<std::pair<size_t, size_t>> lines;
    std::string chars;
    std::string decoded;
    // Every run of kMinBase64 or more characters covers one of the probed positions, kMinBase64 apart. A probe
    // that lands on another byte costs one look-up; one in a word costs the walk back to the word's start and
    // one look-up where a long enough run would still go on.
    size_t probe = kMinBase64 - 1;
    while (probe < n) {
        if (!isBase64(text[probe])
            || (probe >= 7 && probe + 8 <= n && hasSeparator(text, probe - 7) && hasSeparator(text, probe))) {
            // A run of kMinBase64 holding the probe holds the 12 bytes up to it or the 12 from it; both eight-byte
            // words hold a byte that is never base64, so the run is shorter.
            probe += kMinBase64;
            continue;
        }
        size_t start = probe;
        while (start > 0 && isBase64(text[start - 1])) {
            --start;
        }
        if (start > 0 && text[start - 1] == '\\' && (text[start] == 'n' || text[start] == 'r' || text[start] == 't')) {
            ++start; // the letter of an escape (\n, \r, \t) before the run is not part of it
        }
        if (start + kMinBase64 > n || !isBase64(text[start + kMinBase64 - 1])) {
            probe += kMinBase64; // a run that starts at or after probe + 2 and is long enough covers the next probe
            continue;
        }
        size_t end = probe + 1;
        while (end < n && isBase64(text[end])) {
            ++end;
        }
        if (end - start < kMinBase64) {
            probe = end + kMinBase64;
            continue;
        }
        lines.clear();
        lines.emplace_back(start, end);
        // Lines of wrapped base64: every full line has a multiple of four characters.
        while (end - lines.back().first >= kMinWrappedLine && (end - lines.back().first) % 4 == 0) {
            const size_t next = skipWrap(text, end);
            if (next >= n || !isBase64(text[next])) {
                break;
            }
            size_t lineEnd = next;
            while (lineEnd < n && isBase64(text[lineEnd])) {
                ++lineEnd;
            }
            lines.emplace_back(next, lineEnd);
            end = lineEnd;
        }
        size_t padded = end;
        for (int k = 0; k < 2 && padded < n && text[padded] == '='; ++k) {
            ++padded;
        }
        probe = padded + kMinBase64;

        // Decodes the lines from `first` on; true when they are text. The first characters go first: binary is
        // rejected after a few bytes.
        const auto decodesToText = [&](size_t first) {
            size_t total = 0;
            for (const auto& [lineStart, lineEnd] : lines) {
                total += lineEnd - lineStart;
            }
            total -= first - start;
            if (total < kMinBase64) {
                return false;
            }
            const size_t bytes = total / 4 * 3 + (total % 4 == 0 ? 0 : total % 4 - 1);
            // One byte in sixteen may be something else, and one in the first few.
            decodeBase64(text.substr(first, std::min(kTextPrefix, lines.front().second - first)), decoded);
            if (!looksLikeText(decoded, std::min<size_t>(bytes / 16, 1))) {
                return false;
            }
            chars.clear();
            for (size_t k = 0; k < lines.size(); ++k) {
                const size_t from = k == 0 ? first : lines[k].first;
                chars.append(text.substr(from, lines[k].second - from));
            }
            decodeBase64(chars, decoded);
            return looksLikeText(decoded, bytes / 16);
        };
        size_t first = start;
        bool readable = decodesToText(first);
        if (!readable) {
            // A word joined on by '-' or '_' (sha512-..., KEY_...) shifts the run: try once from after it.
            const size_t limit = std::min(lines.front().second, start + kJoinedPrefix);
            size_t cut = std::string_view::npos;
            for (size_t i = start; i < limit; ++i) {
                if (text[i] == '-' || text[i] == '_') {
                    cut = i;
                }
            }
            if (cut != std::string_view::npos) {
                first = cut + 1;
                readable = decodesToText(first);
            }
        }
        if (!readable) {
            continue;
        }
        DecodedView view;
        view.kind = DecodedView::Kind::Base64;
        view.text = decoded;
        view.spanStart = static_cast<uint32_t>(first);
        view.spanEnd = static_cast<uint32_t>(padded);
        out.push_back(std::move(view));
    }
}

bool isPercentEscape(std::string_view text, size_t i)
{
    return i + 2 < text.size() && text[i] == '%' && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0;
}

/// A byte that may be part of a percent-encoded run: not whitespace, a control byte, a quote or a bracket.
bool isUrlByte(char c)
{
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F) {
        return false;
    }
    switch (c) {
    case '"':
    case '\'':
    case '`':
    case '<':
    case '>':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case '|':
    case '\\':
    case ',':
        return false;
    default:
        return true;
    }
}

void collectPercent(std::string_view text, std::vector<DecodedView>& out)
{
    const size_t n = text.size();
    size_t pos = text.find('%');
    while (pos != std::string_view::npos) {
        if (!isPercentEscape(text, pos)) {
            pos = text.find('%', pos + 1);
            continue;
        }
        size_t tokenStart = pos;
        while (tokenStart > 0 && isUrlByte(text[tokenStart - 1])) {
            --tokenStart;
        }
        size_t tokenEnd = pos;
        while (tokenEnd < n && isUrlByte(text[tokenEnd])) {
            ++tokenEnd;
        }
        // Runs close together share a view (a log full of encoded URLs is then a few views, not one per line).
        size_t searchFrom = tokenEnd;
        for (size_t next = text.find('%', searchFrom);
             next != std::string_view::npos && next - tokenEnd < kPercentMerge; next = text.find('%', searchFrom)) {
            searchFrom = next + 1;
            if (isPercentEscape(text, next)) {
                tokenEnd = next;
                while (tokenEnd < n && isUrlByte(text[tokenEnd])) {
                    ++tokenEnd;
                }
                searchFrom = tokenEnd;
            }
        }
        size_t from = tokenStart;
        while (from > 0 && tokenStart - from < kPercentContext && text[from - 1] != '\n') {
            --from;
        }
        DecodedView view;
        view.kind = DecodedView::Kind::Percent;
        view.spanStart = static_cast<uint32_t>(from);
        view.spanEnd = static_cast<uint32_t>(tokenEnd);
        view.text.reserve(tokenEnd - from);
        view.starts.reserve(tokenEnd - from + 1);
        view.ends.reserve(tokenEnd - from);
        for (size_t i = from; i < tokenEnd;) {
            if (isPercentEscape(text, i)) {
                view.text.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
                view.starts.push_back(static_cast<uint32_t>(i));
                view.ends.push_back(static_cast<uint32_t>(i + 3));
                i += 3;
                continue;
            }
            view.text.push_back(text[i]);
            view.starts.push_back(static_cast<uint32_t>(i));
            view.ends.push_back(static_cast<uint32_t>(i + 1));
            ++i;
        }
        view.starts.push_back(static_cast<uint32_t>(tokenEnd));
        out.push_back(std::move(view));
        pos = text.find('%', tokenEnd);
    }
}

bool isQuote(char c)
{
    return c == '"' || c == '\'' || c == '`';
}

/// A byte of a token that a backslash at the end of a line may split.
bool isWordByte(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
        || c == '+' || c == '/' || c == '=' || c == '.' || c == '%' || c == ':' || c == '@' || c == '~';
}

/// If the line that ends at the line feed `lf` goes on over the next line in one of the ways DecodedView
/// describes, sets [from, to) to the junction to remove and returns true.
bool junctionAt(std::string_view text, size_t lf, size_t& from, size_t& to)
{
    const size_t n = text.size();
    size_t end = lf; // one past the line's last byte
    if (end > 0 && text[end - 1] == '\r') {
        --end;
    }
    if (end == 0) {
        return false;
    }
    // Most lines end in some other byte: only these can go on.
    const char last = text[end - 1];
    if (last != '\\' && last != '+' && last != '.' && !isQuote(last) && !isBlank(last)) {
        return false;
    }
    size_t next = lf + 1;
    while (next < n && isBlank(text[next])) {
        ++next;
    }
    if (next >= n) {
        return false;
    }
    // A word split by a backslash right before the line break.
    if (end >= 2 && text[end - 1] == '\\' && isWordByte(text[end - 2]) && isWordByte(text[next])) {
        from = end - 1;
        to = next;
        return true;
    }
    // A string literal that the next line continues: "ab" [+ . \] / [+ .] "cd".
    size_t e = end;
    while (e > 0 && isBlank(text[e - 1])) {
        --e;
    }
    if (e > 0 && (text[e - 1] == '+' || text[e - 1] == '.' || text[e - 1] == '\\')) {
        --e;
        while (e > 0 && isBlank(text[e - 1])) {
            --e;
        }
    }
    if (e == 0 || !isQuote(text[e - 1])) {
        return false;
    }
    const char quote = text[e - 1];
    size_t q = next;
    if (text[q] == '+' || text[q] == '.') {
        ++q;
        while (q < n && isBlank(text[q])) {
            ++q;
        }
    }
    if (q >= n || text[q] != quote) {
        return false;
    }
    from = e - 1;
    to = q + 1;
    return true;
}

void collectJoined(std::string_view text, std::vector<DecodedView>& out)
{
    const size_t n = text.size();
    std::vector<std::pair<size_t, size_t>> junctions;
    size_t lf = text.find('\n');
    while (lf != std::string_view::npos) {
        size_t from = 0;
        size_t to = 0;
        if (!junctionAt(text, lf, from, to)) {
            lf = text.find('\n', lf + 1);
            continue;
        }
        // The lines a chain of junctions connects form one view.
        junctions.clear();
        junctions.emplace_back(from, to);
        size_t nextLf = text.find('\n', to);
        while (nextLf != std::string_view::npos && junctionAt(text, nextLf, from, to)) {
            junctions.emplace_back(from, to);
            nextLf = text.find('\n', to);
        }
        size_t regionStart = junctions.front().first;
        const size_t startLimit = regionStart > kJoinContext ? regionStart - kJoinContext : 0;
        while (regionStart > startLimit && text[regionStart - 1] != '\n') {
            --regionStart;
        }
        size_t regionEnd = junctions.back().second;
        const size_t endLimit = std::min(n, regionEnd + kJoinContext);
        while (regionEnd < endLimit && text[regionEnd] != '\n') {
            ++regionEnd;
        }

        DecodedView view;
        view.kind = DecodedView::Kind::JoinedLines;
        view.spanStart = static_cast<uint32_t>(regionStart);
        view.spanEnd = static_cast<uint32_t>(regionEnd);
        view.text.reserve(regionEnd - regionStart);
        view.starts.reserve(regionEnd - regionStart + 1);
        view.ends.reserve(regionEnd - regionStart);
        size_t i = regionStart;
        for (const auto& [junctionStart, junctionEnd] : junctions) {
            for (; i < junctionStart; ++i) {
                view.text.push_back(text[i]);
                view.starts.push_back(static_cast<uint32_t>(i));
                view.ends.push_back(static_cast<uint32_t>(i + 1));
            }
            i = junctionEnd;
        }
        for (; i < regionEnd; ++i) {
            view.text.push_back(text[i]);
            view.starts.push_back(static_cast<uint32_t>(i));
            view.ends.push_back(static_cast<uint32_t>(i + 1));
        }
        view.starts.push_back(static_cast<uint32_t>(regionEnd));
        out.push_back(std::move(view));

        lf = nextLf == std::string_view::npos ? nextLf : text.find('\n', nextLf + 1);
    }
}

} // namespace

void DecodedView::collect(std::string_view text, std::vector<DecodedView>& out)
{
    collectPercent(text, out);
    collectBase64(text, out);
    collectJoined(text, out);
}

} // namespace veil::redaction
