#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veil::redaction {

/// The view of a text that the rules match against, with a way back to the original's byte offsets.
///
/// Invisible characters (zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi controls,
/// variation selectors, tag characters) are dropped. Folded to their ASCII equivalents: fullwidth ASCII forms
/// (U+FF01..U+FF5E); the ideographic, no-break and other fixed-width spaces; the Cyrillic and Greek letters that
/// Unicode TR39's confusables table maps to a single ASCII letter (Cyrillic а е о р с у х, Greek ο ρ ν and their
/// kind); and the mathematical alphanumeric letters and digits (U+1D400..U+1D7FF). Other look-alikes (Armenian,
/// Cherokee, Latin with diacritics, digit look-alikes) are not folded. Pure ASCII text, and text with nothing to
/// normalize, is used as it is without a copy.
class NormalizedText
{
public:
    explicit NormalizedText(std::string_view original);

    /// The text to match against (UTF-8).
    std::string_view text() const { return m_identity ? m_original : std::string_view(m_normalized); }
    bool isIdentity() const { return m_identity; }

    /// Maps a span of text() back to the smallest span of the original that covers it.
    /// Offsets are UTF-8 byte offsets; `end` is exclusive.
    uint32_t originalStart(uint32_t start) const { return m_identity ? start : m_starts[start]; }
    uint32_t originalEnd(uint32_t end) const
    {
        if (m_identity) {
            return end;
        }
        return end == 0 ? m_starts[0] : m_ends[end - 1];
    }

private:
    std::string_view m_original;
    bool m_identity = true;
    std::string m_normalized;
    std::vector<uint32_t> m_starts; ///< per normalized byte (+1 sentinel): original offset of its character
    std::vector<uint32_t> m_ends; ///< per normalized byte: original offset one past its character
};

} // namespace veil::redaction
