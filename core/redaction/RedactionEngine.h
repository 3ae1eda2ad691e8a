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
class SubmatchExtractor;

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
/// How it runs: one Aho-Corasick pass finds every rule keyword. A rule whose every match provably contains one
/// of its keywords (RE2's prefilter analysis decides) is searched from each
/// occurrence: anchored at it when the rule's window starts there, otherwise from `window.before` bytes ahead,
/// and never past the last occurrence a further match could contain. Any other keyword rule runs in the merged
/// windows around its keywords. Rules without keywords are grouped in an RE2::Set that is run per 1 KiB block,
/// and only the rules the Set reports run, only in that block. RE2 finds each match's bounds with its DFAs;
/// the secret group inside it comes from SubmatchExtractor (PCRE2, checked against RE2's bounds), with RE2's
/// own submatch engine as the fallback. Matching sees a normalized view of the text (see NormalizedText);
/// offsets are mapped back to the original. The same passes then run over the decoded views of that text
/// (percent-encoded and base64 runs decoded, string literals split over lines joined; see DecodedView), one
/// level deep; a finding there covers the whole encoded form in the original and takes the inner rule's
/// placeholder type. Overlapping findings merge and the strongest action wins.
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

    /// True when RE2 can prove that every match of `rule`'s pattern contains one of its keywords (ASCII case
    /// aside). False when it cannot tell; the engine then searches the whole windows around the keywords.
    static bool everyMatchContainsAKeyword(const Rule& rule);

    ~RedactionEngine();

private:
    RedactionEngine();

    struct Candidate
    {
        uint32_t rule;
        uint32_t start;
        uint32_t end;
    };

    /// Where a rule's keyword occurs in the text.
    struct KeywordHit
    {
        uint32_t rule;
        uint32_t start;
        uint32_t end;
    };

    /// Appends the finding in the match text[matchStart, matchEnd) of one rule, if its validators accept it.
    void acceptMatch(uint32_t ruleIndex, std::string_view text, size_t matchStart, size_t matchEnd,
                     std::vector<Candidate>& out) const;
    /// Appends the accepted matches of one rule that lie in [from, to) and start before `startLimit`.
    void runRule(uint32_t ruleIndex, std::string_view text, size_t from, size_t to, size_t startLimit,
                 std::vector<Candidate>& out) const;
    /// For a rule whose every match contains one of its keywords: the matches around `hits` (in text order).
    /// A search starts at most `window.before` bytes before an occurrence (exactly at it when that is 0) and
    /// none runs on past the last occurrence that a further match could contain.
    void runAtKeywords(uint32_t ruleIndex, std::string_view text, const KeywordHit* hits, size_t count,
                       std::vector<Candidate>& out) const;
    bool collectCandidates(std::string_view text, const Rule* only, std::vector<Candidate>& out) const;
    /// collectCandidates() over `text` and over each of its DecodedViews, whose candidates are mapped back onto
    /// `text`. False when a pass ran out of matching memory.
    bool collectWithViews(std::string_view text, const Rule* only, std::vector<Candidate>& out) const;

    std::shared_ptr<const RuleCatalogue> m_catalogue;
    std::vector<const Rule*> m_rules; ///< the rules that can produce findings (action is not allow)
    std::vector<std::unique_ptr<SubmatchExtractor>> m_extractors; ///< per rule, for its secret group
    std::vector<bool> m_keywordInMatch; ///< per rule: every match contains one of its keywords
    std::vector<std::string> m_keywords;
    std::vector<std::vector<uint32_t>> m_keywordRules; ///< keyword index -> rule indexes
    std::unique_ptr<KeywordMatcher> m_keywordMatcher;
    std::vector<uint32_t> m_globalRules; ///< rule indexes without keywords, in Set order
    std::unique_ptr<RE2::Set> m_globalSet;
};

} // namespace veil::redaction
