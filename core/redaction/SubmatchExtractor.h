#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace veil::redaction {

/// Finds where a capture group lies inside a match that RE2 has already located.
///
/// RE2 finds a match's bounds with its DFAs in linear time, but to split the match into groups it runs its NFA
/// (or bit-state engine), whose cost grows with the pattern's counted repetitions: for `[A-Za-z0-9_-]{40,250}`
/// that is tens of microseconds per match, most of the engine's time on text with many candidates. PCRE2's JIT
/// extracts the same group in well under a microsecond. The extraction is anchored at RE2's match, so
/// backtracking is bounded by it, and it is checked: the PCRE2 match must start and end exactly where RE2's
/// did, or extract() says no and the caller asks RE2. A dialect difference can therefore cost time, never
/// change a finding.
///
/// The pattern is compiled on first use (most rules never match in a given text). Thread safety: one extractor
/// may be used from any number of threads at once.
class SubmatchExtractor
{
public:
    /// `pattern` is RE2 syntax that RE2 has accepted; `groups` is RE2's NumberOfCapturingGroups() for it.
    SubmatchExtractor(std::string pattern, int groups);
    ~SubmatchExtractor();
    SubmatchExtractor(const SubmatchExtractor&) = delete;
    SubmatchExtractor& operator=(const SubmatchExtractor&) = delete;

    /// For the match `text[start, end)`, sets `*value` to capture group `group` (a view with a null data
    /// pointer when the group took no part in the match) and returns true. Returns false when it cannot answer
    /// with certainty: the pattern is not valid PCRE2, the PCRE2 match differs from [start, end), or a
    /// resource limit was reached.
    bool extract(std::string_view text, size_t start, size_t end, int group, std::string_view* value) const;

    /// False once compiling showed that PCRE2 cannot stand in for RE2 on this pattern.
    bool usable() const;

private:
    struct Compiled;

    const Compiled* compiled() const;

    std::string m_pattern;
    int m_groups = 0;
    mutable std::once_flag m_once;
    mutable std::unique_ptr<Compiled> m_compiled;
};

} // namespace veil::redaction
