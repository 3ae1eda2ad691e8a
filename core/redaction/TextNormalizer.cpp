#include "redaction/TextNormalizer.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace veil::redaction {
namespace {

/// Decodes one UTF-8 character at `i`; returns its length (0 when the bytes are not valid UTF-8).
size_t decodeUtf8(std::string_view text, size_t i, uint32_t& codepoint)
{
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        codepoint = b0;
        return 1;
    }
    size_t length;
    uint32_t cp;
    if ((b0 & 0xE0) == 0xC0) {
        length = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    for (size_t k = 1; k < length; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    codepoint = cp;
    return length;
}

bool isInvisible(uint32_t cp)
{
    return cp == 0x00AD // soft hyphen
        || cp == 0x034F // combining grapheme joiner
        || cp == 0x061C // Arabic letter mark
        || cp == 0x180E // Mongolian vowel separator
        || (cp >= 0x200B && cp <= 0x200F) // zero-width space/non-joiner/joiner, LRM, RLM
        || (cp >= 0x202A && cp <= 0x202E) // bidi embeddings and overrides
        || (cp >= 0x2060 && cp <= 0x2064) // word joiner, invisible operators
        || (cp >= 0x2066 && cp <= 0x206F) // bidi isolates, deprecated format characters
        || cp == 0xFEFF // zero-width no-break space (BOM)
        || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
        || (cp >= 0xE0000 && cp <= 0xE007F); // tag characters
}

/// Cyrillic and Greek letters that look like an ASCII letter, after Unicode TR39's confusables (the entries whose
/// skeleton is a single ASCII letter). Sorted by code point.
struct Confusable
{
    uint16_t codepoint;
    char ascii;
};
constexpr Confusable kConfusables[] = {
    {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'}, {0x0399, 'I'}, {0x039A, 'K'},
    {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'}, {0x03A5, 'Y'}, {0x03A7, 'X'},
    {0x03B1, 'a'}, {0x03B9, 'i'}, {0x03BD, 'v'}, {0x03BF, 'o'}, {0x03C1, 'p'}, {0x03F2, 'c'}, {0x03F3, 'j'},
    {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'},
    {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0425, 'X'},
    {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'},
    {0x0455, 's'}, {0x0456, 'i'}, {0x0458, 'j'}, {0x04AE, 'Y'}, {0x04BB, 'h'}, {0x04C0, 'I'}, {0x04CF, 'l'},
    {0x0501, 'd'}, {0x051A, 'Q'}, {0x051B, 'q'}, {0x051C, 'W'}, {0x051D, 'w'},
};

/// ASCII replacement for a folded character, or 0.
char foldToAscii(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        return static_cast<char>(cp - 0xFF01 + 0x21); // fullwidth forms
    }
    if (cp == 0x3000 || cp == 0x00A0 || cp == 0x202F || cp == 0x205F || (cp >= 0x2000 && cp <= 0x200A)) {
        return ' '; // ideographic, no-break, en, em, thin, hair and other fixed-width spaces
    }
    if (cp >= 0x0391 && cp <= 0x051D) {
        const Confusable* end = std::end(kConfusables);
        const Confusable* it = std::lower_bound(
            std::begin(kConfusables), end, cp, [](const Confusable& c, uint32_t value) { return c.codepoint < value; });
        return it != end && it->codepoint == cp ? it->ascii : 0;
    }
    if (cp >= 0x1D400 && cp <= 0x1D6A3) {
        // Mathematical bold, italic, script, fraktur, double-struck, sans-serif and monospace letters: 52 each.
        const uint32_t letter = (cp - 0x1D400) % 52;
        return static_cast<char>(letter < 26 ? 'A' + letter : 'a' + letter - 26);
    }
    if (cp >= 0x1D7CE && cp <= 0x1D7FF) {
        return static_cast<char>('0' + (cp - 0x1D7CE) % 10); // mathematical digits
    }
    return 0;
}

} // namespace

NormalizedText::NormalizedText(std::string_view original)
    : m_original(original)
{
    // Fast path: nothing to do unless a non-ASCII character that we drop or fold occurs.
    size_t firstChange = std::string_view::npos;
    for (size_t i = 0; i < original.size();) {
        // Eight ASCII bytes at a time.
        if (i + 8 <= original.size()) {
            uint64_t word;
            std::memcpy(&word, original.data() + i, sizeof word);
            if ((word & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        if (static_cast<unsigned char>(original[i]) < 0x80) {
            ++i;
            continue;
        }
        uint32_t cp = 0;
        size_t length = decodeUtf8(original, i, cp);
        if (length == 0) {
            ++i;
            continue;
        }
        if (isInvisible(cp) || foldToAscii(cp) != 0) {
            firstChange = i;
            break;
        }
        i += length;
    }
    if (firstChange == std::string_view::npos) {
        return;
    }

    m_identity = false;
    m_normalized.reserve(original.size());
    m_starts.reserve(original.size() + 1);
    m_ends.reserve(original.size());
    for (size_t i = 0; i < firstChange; ++i) {
        m_normalized.push_back(original[i]);
        m_starts.push_back(static_cast<uint32_t>(i));
        m_ends.push_back(static_cast<uint32_t>(i + 1));
    }
    for (size_t i = firstChange; i < original.size();) {
        uint32_t cp = 0;
        size_t length = static_cast<unsigned char>(original[i]) < 0x80 ? 1 : decodeUtf8(original, i, cp);
        if (length == 0) {
            length = 1; // invalid byte: kept as it is
        } else if (length > 1) {
            if (isInvisible(cp)) {
                i += length;
                continue;
            }
            if (char folded = foldToAscii(cp)) {
                m_normalized.push_back(folded);
                m_starts.push_back(static_cast<uint32_t>(i));
                m_ends.push_back(static_cast<uint32_t>(i + length));
                i += length;
                continue;
            }
        }
        for (size_t k = 0; k < length; ++k) {
            m_normalized.push_back(original[i + k]);
            m_starts.push_back(static_cast<uint32_t>(i + k));
            m_ends.push_back(static_cast<uint32_t>(i + k + 1));
        }
        i += length;
    }
    m_starts.push_back(static_cast<uint32_t>(original.size()));
}

} // namespace veil::redaction
