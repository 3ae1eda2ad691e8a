#pragma once

#include "common/Result.h"
#include "redaction/Finding.h"
#include "redaction/KeywordMatcher.h"
#include "redaction/RuleCatalogue.h"

#include <re2/set.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace veil::redaction {

class PlaceholderVault;

/// A finding with the placeholder that replaced it.
struct RedactedFinding
{
    Finding finding;
    std::string placeholder;
};

/// The text that may leave the machine, and what was taken out of it.
struct Redaction
{
    std::string redacted;
    std::vector<RedactedFinding> findings;
    bool blocked = false;
    bool needsConfirmation = false;
    bool capacityExceeded = false;
};

/// A rule example that did not behave as its catalogue entry says.
struct ExampleFailure
{
    const Rule* rule = nullptr;
    std::string example;
    QString problem;
};

/// Finds secrets and personal data in text with a compiled rule catalogue.
///
/// How it runs: one Aho-Corasick pass finds every rule keyword; each keyword rule's pattern then runs only in
/// windows around its keywords. Rules without keywords are grouped in an RE2::Set that is run per 1 KiB block,
/// and only the rules the Set reports run, only in that block. Matching sees a normalized view of the text
/// (see NormalizedText); offsets are mapped back to the original. Overlapping findings merge and the
/// strongest action wins.
///
/// Thread safety: an engine is immutable; scan() and redact() may be called from any number of threads.
class RedactionEngine
{
public:
    struct Options
    {
        /// Memory for the Set of rules without keywords. When a text needs more, scan() fails closed.
        int64_t setMemoryBytes = 64 << 20;
    };

    static Result<std::shared_ptr<const RedactionEngine>> create(std::shared_ptr<const RuleCatalogue> catalogue);
    static Result<std::shared_ptr<const RedactionEngine>> create(std::shared_ptr<const RuleCatalogue> catalogue,
                                                                 const Options& options);

    /// Finds every finding in `text` (UTF-8).
    ScanResult scan(std::string_view text) const;

    /// Scans `text` and replaces every finding, whatever its action, with the vault's placeholder for its value.
    Redaction redact(std::string_view text, PlaceholderVault& vault) const;

    /// Runs only `rule` over `text`, with the same keyword gating as scan(); for examples and `rules test`.
    std::vector<Finding> scanWithRule(const Rule& rule, std::string_view text) const;

    /// Runs the examples of every rule (or of the rules `which` selects); empty when all pass.
    std::vector<ExampleFailure> checkExamples(const std::function<bool(const Rule&)>& which = {}) const;

    const RuleCatalogue& catalogue() const { return *m_catalogue; }

private:
    RedactionEngine() = default;

    struct Candidate
    {
        uint32_t rule;
        uint32_t start;
        uint32_t end;
    };

    /// Appends the accepted matches of one rule that lie in [from, to) and start before `startLimit`.
    void runRule(uint32_t ruleIndex, std::string_view text, size_t from, size_t to, size_t startLimit,
                 std::vector<Candidate>& out) const;
    bool collectCandidates(std::string_view text, const Rule* only, std::vector<Candidate>& out) const;

    std::shared_ptr<const RuleCatalogue> m_catalogue;
    std::vector<const Rule*> m_rules; ///< the rules that can produce findings (action is not allow)
    std::vector<std::string> m_keywords;
    std::vector<std::vector<uint32_t>> m_keywordRules; ///< keyword index -> rule indexes
    std::unique_ptr<KeywordMatcher> m_keywordMatcher;
    std::vector<uint32_t> m_globalRules; ///< rule indexes without keywords, in Set order
    std::unique_ptr<RE2::Set> m_globalSet;
};

} // namespace veil::redaction
