#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
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

    /// Calls `onHit(keywordIndex, endOffset)` for every occurrence, each exactly once, in no particular order.
    /// `endOffset` is the byte offset one past the keyword's last byte.
    ///
    /// Long texts are cut into four overlapping segments walked in one interleaved loop: the automaton's
    /// table lookups form one dependent chain per segment, so four chains keep the processor busy.
    template <typename Callback>
    void scan(std::string_view text, Callback&& onHit) const
    {
        const auto* data = reinterpret_cast<const unsigned char*>(text.data());
        const size_t size = text.size();
        constexpr size_t kStreams = 4;
        if (size < 4096) {
            uint32_t row = 0;
            walk(data, 0, size, 0, row, onHit);
            return;
        }
        const size_t segment = (size + kStreams - 1) / kStreams;
        const size_t overlap = m_longestKeyword > 0 ? m_longestKeyword - 1 : 0;
        size_t pos[kStreams];
        size_t end[kStreams];
        size_t reportFrom[kStreams];
        uint32_t row[kStreams] = {};
        size_t common = SIZE_MAX;
        for (size_t s = 0; s < kStreams; ++s) {
            const size_t start = std::min(size, s * segment);
            pos[s] = start > overlap ? start - overlap : 0;
            end[s] = std::min(size, (s + 1) * segment);
            reportFrom[s] = start;
            common = std::min(common, end[s] - pos[s]);
        }
        const uint32_t* transitions = m_transitions.data();
        const uint8_t* classes = m_byteClass.data();
        for (size_t j = 0; j < common; ++j) {
            uint32_t next[kStreams];
            for (size_t s = 0; s < kStreams; ++s) {
                next[s] = transitions[row[s] + classes[data[pos[s] + j]]];
                row[s] = next[s] & ~kHasOutput;
            }
            if ((next[0] | next[1] | next[2] | next[3]) & kHasOutput) [[unlikely]] {
                for (size_t s = 0; s < kStreams; ++s) {
                    if (next[s] & kHasOutput) {
                        report(row[s], pos[s] + j + 1, reportFrom[s], onHit);
                    }
                }
            }
        }
        for (size_t s = 0; s < kStreams; ++s) {
            walk(data, pos[s] + common, end[s], reportFrom[s], row[s], onHit);
        }
    }

    size_t keywordCount() const { return m_keywordCount; }
    size_t stateCount() const { return m_outputStart.empty() ? 0 : m_outputStart.size() - 1; }

private:
    static constexpr uint32_t kHasOutput = 0x80000000u;

    /// Walks data[from, to) from `row`; reports hits that end after `reportFrom`.
    template <typename Callback>
    void walk(const unsigned char* data, size_t from, size_t to, size_t reportFrom, uint32_t& row,
              Callback& onHit) const
    {
        const uint32_t* transitions = m_transitions.data();
        const uint8_t* classes = m_byteClass.data();
        for (size_t i = from; i < to; ++i) {
            const uint32_t next = transitions[row + classes[data[i]]];
            row = next & ~kHasOutput;
            if (next & kHasOutput) [[unlikely]] {
                report(row, i + 1, reportFrom, onHit);
            }
        }
    }

    template <typename Callback>
    void report(uint32_t row, size_t endOffset, size_t reportFrom, Callback& onHit) const
    {
        if (endOffset <= reportFrom) {
            return; // the previous segment reports it
        }
        const uint32_t state = row / m_classCount;
        for (uint32_t k = m_outputStart[state]; k < m_outputStart[state + 1]; ++k) {
            onHit(m_outputs[k], endOffset);
        }
    }

    std::array<uint8_t, 256> m_byteClass{};
    uint32_t m_classCount = 1;
    std::vector<uint32_t> m_transitions; ///< row + class -> next row (| kHasOutput)
    std::vector<uint32_t> m_outputStart; ///< per state, index into m_outputs (size states + 1)
    std::vector<uint32_t> m_outputs; ///< keyword indexes
    size_t m_keywordCount = 0;
    size_t m_longestKeyword = 0;
};

} // namespace veil::redaction
