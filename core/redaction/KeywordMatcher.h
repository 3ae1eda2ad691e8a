#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veil::redaction {

/// Finds every occurrence of a set of keywords in one pass over the text (Aho-Corasick over a compact
/// byte-class alphabet; ASCII letters match case-insensitively). Immutable after construction and safe to
/// use from several threads at once.
class KeywordMatcher
{
public:
    /// `keywords` are lower-case ASCII; duplicates are fine. An empty keyword is ignored.
    explicit KeywordMatcher(const std::vector<std::string>& keywords);

    /// Calls `onHit(keywordIndex, endOffset)` for every occurrence, in order of the end offset.
    /// `endOffset` is the byte offset one past the keyword's last byte.
    template <typename Callback> void scan(std::string_view text, Callback&& onHit) const
    {
        uint32_t state = 0;
        const auto* data = reinterpret_cast<const unsigned char*>(text.data());
        const size_t size = text.size();
        for (size_t i = 0; i < size; ++i) {
            state = m_transitions[state * m_classCount + m_byteClass[data[i]]];
            if (m_outputStart[state] != m_outputStart[state + 1]) [[unlikely]] {
                for (uint32_t k = m_outputStart[state]; k < m_outputStart[state + 1]; ++k) {
                    onHit(m_outputs[k], i + 1);
                }
            }
        }
    }

    size_t keywordCount() const { return m_keywordCount; }
    size_t stateCount() const { return m_outputStart.empty() ? 0 : m_outputStart.size() - 1; }

private:
    std::array<uint8_t, 256> m_byteClass {};
    uint32_t m_classCount = 1;
    std::vector<uint32_t> m_transitions; ///< state * m_classCount + class -> state
    std::vector<uint32_t> m_outputStart; ///< per state, index into m_outputs (size states + 1)
    std::vector<uint32_t> m_outputs; ///< keyword indexes
    size_t m_keywordCount = 0;
};

} // namespace veil::redaction
