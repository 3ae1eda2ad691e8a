#include "redaction/TextNormalizer.h"

#include <cstring>

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

/// ASCII replacement for a folded character, or 0.
char foldToAscii(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        return static_cast<char>(cp - 0xFF01 + 0x21);
    }
    if (cp == 0x3000 || cp == 0x00A0 || cp == 0x202F || cp == 0x2007) {
        return ' ';
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
