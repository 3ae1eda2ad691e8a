#include "redaction/SubmatchExtractor.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>

namespace veil::redaction {
namespace {

// Bounds on one extraction. The match is known to exist and is at most a few kilobytes, so a sane pattern
// needs a tiny fraction of these; a pathological one stops here and RE2 answers instead.
constexpr uint32_t kMatchLimit = 200000;
constexpr uint32_t kDepthLimit = 2000;
constexpr uint32_t kMaxGroups = 32;

struct MatchDataDeleter
{
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

/// One match data block per thread, large enough for every rule (rules have at most kMaxGroups groups).
pcre2_match_data* threadMatchData()
{
    thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data(
        pcre2_match_data_create(kMaxGroups + 1, nullptr));
    return data.get();
}

} // namespace

struct SubmatchExtractor::Compiled
{
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;

    ~Compiled()
    {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

SubmatchExtractor::SubmatchExtractor(std::string pattern, int groups)
    : m_pattern(std::move(pattern))
    , m_groups(groups)
{
}

SubmatchExtractor::~SubmatchExtractor() = default;

const SubmatchExtractor::Compiled* SubmatchExtractor::compiled() const
{
    std::call_once(m_once, [this] {
        if (m_groups < 0 || static_cast<uint32_t>(m_groups) > kMaxGroups) {
            return;
        }
        pcre2_compile_context* compileContext = pcre2_compile_context_create(nullptr);
        if (compileContext == nullptr) {
            return;
        }
        // RE2's defaults, as far as PCRE2 can express them: UTF-8 that may be invalid (RE2 matches such bytes
        // as themselves; PCRE2 then never matches them, which the span check catches), `$` only at the very end,
        // LF the only newline for (?m).
        pcre2_set_newline(compileContext, PCRE2_NEWLINE_LF);
        int errorCode = 0;
        PCRE2_SIZE errorOffset = 0;
        pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(m_pattern.data()), m_pattern.size(),
                                         PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY, &errorCode,
                                         &errorOffset, compileContext);
        pcre2_compile_context_free(compileContext);
        if (code == nullptr) {
            return;
        }
        uint32_t captureCount = 0;
        pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captureCount);
        pcre2_match_context* context = pcre2_match_context_create(nullptr);
        if (captureCount != static_cast<uint32_t>(m_groups) || context == nullptr) {
            pcre2_match_context_free(context);
            pcre2_code_free(code);
            return;
        }
        pcre2_set_match_limit(context, kMatchLimit);
        pcre2_set_depth_limit(context, kDepthLimit);
        // Without the JIT (for example where executable memory is forbidden) the interpreter gives the same
        // answers, only more slowly.
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
        auto compiled = std::make_unique<Compiled>();
        compiled->code = code;
        compiled->context = context;
        m_compiled = std::move(compiled);
    });
    return m_compiled.get();
}

bool SubmatchExtractor::usable() const
{
    return compiled() != nullptr;
}

bool SubmatchExtractor::extract(std::string_view text, size_t start, size_t end, int group,
                                std::string_view* value) const
{
    const Compiled* pattern = compiled();
    if (pattern == nullptr || group < 0 || group > m_groups || start > end || end > text.size()) {
        return false;
    }
    // The subject reaches one byte past the match: assertions at the match's end (\b, $) then see what
    // follows, and PCRE2 never reads further than it must.
    const size_t subjectLength = std::min(text.size(), end + 1);
    pcre2_match_data* data = threadMatchData();
    if (data == nullptr) {
        return false;
    }
    const int rc = pcre2_match(pattern->code, reinterpret_cast<PCRE2_SPTR>(text.data()), subjectLength, start,
                               PCRE2_ANCHORED, data, pattern->context);
    if (rc <= 0) {
        return false;
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    if (ovector[0] != start || ovector[1] != end) {
        return false;
    }
    const auto index = static_cast<size_t>(group);
    if (index >= static_cast<size_t>(rc) || ovector[2 * index] == PCRE2_UNSET) {
        *value = std::string_view();
        return true;
    }
    *value = text.substr(ovector[2 * index], ovector[2 * index + 1] - ovector[2 * index]);
    return true;
}

} // namespace veil::redaction
