#include "redaction/RedactionEngine.h"
#include "common/Logging.h"

#include "redaction/DecodedView.h"
#include "redaction/PlaceholderVault.h"
#include "redaction/SubmatchExtractor.h"
#include "redaction/TextNormalizer.h"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <cstdint>
#include <map>

namespace veil::redaction {
namespace {

constexpr size_t kBlockSize = 1024;
constexpr size_t kBlockOverlap = 256; ///< longest match a rule without keywords may have

int categoryRank(Category category)
{
    switch (category) {
    case Category::Secret:
        return 2;
    case Category::Custom:
        return 1;
    case Category::Pii:
        return 0;
    }
    return 0;
}

/// True when `a` should name a merged finding rather than `b`.
bool strongerThan(const Rule& a, uint32_t aLength, const Rule& b, uint32_t bLength)
{
    if (a.action != b.action) {
        return a.action > b.action;
    }
    if (a.priority != b.priority) {
        return a.priority > b.priority;
    }
    if (categoryRank(a.category) != categoryRank(b.category)) {
        return categoryRank(a.category) > categoryRank(b.category);
    }
    return aLength > bLength;
}

} // namespace

RedactionEngine::RedactionEngine() = default;
RedactionEngine::~RedactionEngine() = default;

// RE2's prefilter analysis reduces a pattern to the literal strings ("atoms", lower-case) that any match must
// contain, as an and/or formula. Told that every atom without a keyword occurs, it still rules the pattern out
// only when every way of matching needs a keyword atom: then every match contains a keyword. A pattern it
// cannot reduce (no usable atoms) stays possible, so the answer is false.
bool RedactionEngine::everyMatchContainsAKeyword(const Rule& rule)
{
    if (rule.keywords.empty()) {
        return false;
    }
    re2::FilteredRE2 filter(1);
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    int id = 0;
    if (filter.Add(rule.pattern, options, &id) != RE2::NoError) {
        return false;
    }
    std::vector<std::string> atoms;
    filter.Compile(&atoms);
    std::vector<int> withoutKeyword;
    for (size_t i = 0; i < atoms.size(); ++i) {
        const bool hasKeyword
            = std::any_of(rule.keywords.begin(), rule.keywords.end(),
                          [&](const std::string& keyword) { return atoms[i].find(keyword) != std::string::npos; });
        if (!hasKeyword) {
            withoutKeyword.push_back(static_cast<int>(i));
        }
    }
    std::vector<int> possible;
    filter.AllPotentials(withoutKeyword, &possible);
    return possible.empty();
}

Result<std::shared_ptr<const RedactionEngine>> RedactionEngine::create(std::shared_ptr<const RuleCatalogue> catalogue)
{
    return create(std::move(catalogue), Options{});
}

Result<std::shared_ptr<const RedactionEngine>> RedactionEngine::create(std::shared_ptr<const RuleCatalogue> catalogue,
                                                                       const Options& options)
{
    std::shared_ptr<RedactionEngine> engine(new RedactionEngine());
    engine->m_catalogue = std::move(catalogue);

    std::map<std::string, uint32_t> keywordIndex;
    RE2::Options setOptions;
    setOptions.set_log_errors(false);
    setOptions.set_max_mem(options.setMemoryBytes);
    engine->m_globalSet = std::make_unique<RE2::Set>(setOptions, RE2::UNANCHORED);

    for (const auto& rule : engine->m_catalogue->rules()) {
        if (rule->action == Action::Allow) {
            continue;
        }
        const auto index = static_cast<uint32_t>(engine->m_rules.size());
        engine->m_rules.push_back(rule.get());
        engine->m_extractors.push_back(
            std::make_unique<SubmatchExtractor>(rule->pattern, rule->regex->NumberOfCapturingGroups()));
        engine->m_keywordInMatch.push_back(everyMatchContainsAKeyword(*rule));
        if (rule->keywords.empty()) {
            std::string error;
            if (engine->m_globalSet->Add(rule->pattern, &error) < 0) {
                return Error{Error::Code::InvalidInput,
                             QStringLiteral("Rule \"%1\": the pattern cannot join the rule set: %2.")
                                 .arg(QString::fromStdString(rule->id), QString::fromStdString(error))};
            }
            engine->m_globalRules.push_back(index);
            continue;
        }
        for (const std::string& keyword : rule->keywords) {
            auto [it, inserted] = keywordIndex.emplace(keyword, static_cast<uint32_t>(engine->m_keywords.size()));
            if (inserted) {
                engine->m_keywords.push_back(keyword);
                engine->m_keywordRules.emplace_back();
            }
            auto& rules = engine->m_keywordRules[it->second];
            if (rules.empty() || rules.back() != index) {
                rules.push_back(index);
            }
        }
    }
    if (!engine->m_globalRules.empty() && !engine->m_globalSet->Compile()) {
        return Error{Error::Code::Capacity,
                     QStringLiteral("The rules without keywords are too large to compile together.")};
    }
    engine->m_keywordMatcher = std::make_unique<KeywordMatcher>(engine->m_keywords);
    return std::shared_ptr<const RedactionEngine>(std::move(engine));
}

void RedactionEngine::acceptMatch(uint32_t ruleIndex, std::string_view text, size_t matchStart, size_t matchEnd,
                                  std::vector<Candidate>& out) const
{
    const Rule& rule = *m_rules[ruleIndex];
    std::string_view secret = text.substr(matchStart, matchEnd - matchStart);
    if (rule.secretGroup > 0
        && !m_extractors[ruleIndex]->extract(text, matchStart, matchEnd, rule.secretGroup, &secret)) {
        re2::StringPiece captures[16];
        rule.regex->Match(re2::StringPiece(text.data(), text.size()), matchStart, matchEnd, RE2::ANCHOR_BOTH, captures,
                          rule.secretGroup + 1);
        secret = std::string_view(captures[rule.secretGroup].data(), captures[rule.secretGroup].size());
    }
    if (secret.data() != nullptr && !secret.empty() && rule.accepts(secret)) {
        const auto start = static_cast<uint32_t>(secret.data() - text.data());
        out.push_back({ruleIndex, start, static_cast<uint32_t>(start + secret.size())});
    }
}

void RedactionEngine::runRule(uint32_t ruleIndex, std::string_view text, size_t from, size_t to, size_t startLimit,
                              std::vector<Candidate>& out) const
{
    const Rule& rule = *m_rules[ruleIndex];
    re2::StringPiece match;
    const re2::StringPiece whole(text.data(), text.size());
    size_t position = from;
    while (position <= to) {
        // The bounds only: RE2 finds them with its DFAs alone.
        if (!rule.regex->Match(whole, position, to, RE2::UNANCHORED, &match, 1)) {
            break;
        }
        const auto matchStart = static_cast<size_t>(match.data() - text.data());
        const size_t matchEnd = matchStart + match.size();
        if (matchStart >= startLimit) {
            break;
        }
        acceptMatch(ruleIndex, text, matchStart, matchEnd, out);
        position = matchEnd > matchStart ? matchEnd : matchStart + 1;
    }
}

void RedactionEngine::runAtKeywords(uint32_t ruleIndex, std::string_view text, const KeywordHit* hits, size_t count,
                                    std::vector<Candidate>& out) const
{
    const Rule& rule = *m_rules[ruleIndex];
    re2::StringPiece match;
    const re2::StringPiece whole(text.data(), text.size());
    size_t matchedTo = 0; ///< the matches found so far end here; a further one starts here or later
    const auto windowStart = [&](const KeywordHit& hit) {
        return hit.start > rule.windowBefore ? size_t{hit.start - rule.windowBefore} : size_t{0};
    };
    const auto windowEnd = [&](const KeywordHit& hit) {
        return std::min(text.size(), size_t{hit.end} + rule.windowAfter);
    };
    size_t i = 0;
    while (i < count) {
        if (hits[i].start < matchedTo) {
            ++i; // a further match cannot contain this occurrence
            continue;
        }
        size_t from = hits[i].start;
        size_t to = windowEnd(hits[i]);
        RE2::Anchor anchor = RE2::ANCHOR_START;
        if (rule.windowBefore == 0) {
            // The match contains the keyword and starts no earlier: it starts exactly there.
            ++i;
        } else {
            // One search over the windows of the occurrences that overlap.
            anchor = RE2::UNANCHORED;
            from = std::max(matchedTo, windowStart(hits[i]));
            for (++i; i < count && windowStart(hits[i]) <= to; ++i) {
                to = std::max(to, windowEnd(hits[i]));
            }
        }
        if (rule.regex->Match(whole, from, to, anchor, &match, 1)) {
            const auto matchStart = static_cast<size_t>(match.data() - text.data());
            const size_t matchEnd = matchStart + match.size();
            acceptMatch(ruleIndex, text, matchStart, matchEnd, out);
            matchedTo = matchEnd > matchStart ? matchEnd : matchStart + 1;
            // Occurrences after the match may start another window; rewind to the first one not yet passed.
            while (i > 0 && hits[i - 1].start >= matchedTo) {
                --i;
            }
        }
    }
}

bool RedactionEngine::collectCandidates(std::string_view text, const Rule* only, std::vector<Candidate>& out) const
{
    // Keyword rules: every occurrence of one of a rule's keywords, per rule in text order.
    std::vector<KeywordHit> hits;
    const size_t size = text.size();
    m_keywordMatcher->scan(text, [&](uint32_t keyword, size_t end) {
        const auto keywordStart = static_cast<uint32_t>(end - m_keywords[keyword].size());
        for (uint32_t ruleIndex : m_keywordRules[keyword]) {
            if (only != nullptr && m_rules[ruleIndex] != only) {
                continue;
            }
            hits.push_back({ruleIndex, keywordStart, static_cast<uint32_t>(end)});
        }
    });
    std::sort(hits.begin(), hits.end(), [](const KeywordHit& a, const KeywordHit& b) {
        return a.rule != b.rule ? a.rule < b.rule : a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    for (size_t first = 0; first < hits.size();) {
        const uint32_t ruleIndex = hits[first].rule;
        size_t last = first;
        while (last < hits.size() && hits[last].rule == ruleIndex) {
            ++last;
        }
        const Rule& rule = *m_rules[ruleIndex];
        if (m_keywordInMatch[ruleIndex]) {
            runAtKeywords(ruleIndex, text, hits.data() + first, last - first, out);
        } else {
            // The windows around the occurrences, merged.
            size_t i = first;
            while (i < last) {
                size_t start = hits[i].start > rule.windowBefore ? hits[i].start - rule.windowBefore : 0;
                size_t stop = std::min(size, size_t{hits[i].end} + rule.windowAfter);
                ++i;
                while (i < last
                       && (hits[i].start > rule.windowBefore ? hits[i].start - rule.windowBefore : 0) <= stop) {
                    stop = std::max(stop, std::min(size, size_t{hits[i].end} + rule.windowAfter));
                    ++i;
                }
                runRule(ruleIndex, text, start, stop, SIZE_MAX, out);
            }
        }
        first = last;
    }

    // Rules without keywords: a Set pass per block says which rules to run in that block.
    if (m_globalRules.empty()) {
        return true;
    }
    std::vector<int> matched;
    RE2::Set::ErrorInfo error{};
    for (size_t blockStart = 0; blockStart < size || blockStart == 0; blockStart += kBlockSize) {
        const size_t blockEnd = std::min(size, blockStart + kBlockSize);
        const size_t searchEnd = std::min(size, blockEnd + kBlockOverlap);
        matched.clear();
        // Anchoring context matters for \b: the Set sees the block alone, so a boundary at the block's edge
        // may report a rule that then finds nothing, never the reverse (a missed rule).
        const re2::StringPiece block(text.data() + blockStart, searchEnd - blockStart);
        if (!m_globalSet->Match(block, &matched, &error)) {
            if (error.kind != RE2::Set::kNoError) {
                return false; // out of DFA memory (or worse): the caller fails closed
            }
        }
        for (int setIndex : matched) {
            const uint32_t ruleIndex = m_globalRules[static_cast<size_t>(setIndex)];
            if (only != nullptr && m_rules[ruleIndex] != only) {
                continue;
            }
            // Only matches that start in this block: the next block finds the others.
            runRule(ruleIndex, text, blockStart, searchEnd, blockEnd < size ? blockEnd : SIZE_MAX, out);
        }
        if (blockEnd >= size) {
            break;
        }
    }
    return true;
}

bool RedactionEngine::collectWithViews(std::string_view text, const Rule* only, std::vector<Candidate>& out) const
{
    bool complete = collectCandidates(text, only, out);
    std::vector<DecodedView> views;
    DecodedView::collect(text, views);
    std::vector<Candidate> found;
    for (const DecodedView& view : views) {
        const NormalizedText inner(view.text);
        found.clear();
        if (!collectCandidates(inner.text(), only, found)) {
            complete = false;
        }
        for (const Candidate& c : found) {
            out.push_back(
                {c.rule, view.sourceStart(inner.originalStart(c.start)), view.sourceEnd(inner.originalEnd(c.end))});
        }
    }
    return complete;
}

ScanResult RedactionEngine::scan(std::string_view original) const
{
    ScanResult result;
    const NormalizedText normalized(original);
    const std::string_view text = normalized.text();

    std::vector<Candidate> candidates;
    if (!collectWithViews(text, nullptr, candidates)) {
        result.capacityExceeded = true;
        result.blocked = true;
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });

    for (size_t i = 0; i < candidates.size();) {
        uint32_t start = candidates[i].start;
        uint32_t end = candidates[i].end;
        const Rule* winner = m_rules[candidates[i].rule];
        uint32_t winnerLength = end - start;
        Action strongest = winner->action;
        ++i;
        while (i < candidates.size() && candidates[i].start < end) {
            const Rule* rule = m_rules[candidates[i].rule];
            const uint32_t length = candidates[i].end - candidates[i].start;
            if (strongerThan(*rule, length, *winner, winnerLength)) {
                winner = rule;
                winnerLength = length;
            }
            strongest = std::max(strongest, rule->action);
            end = std::max(end, candidates[i].end);
            ++i;
        }
        Finding finding;
        finding.rule = winner;
        finding.action = strongest;
        finding.start = normalized.originalStart(start);
        finding.end = normalized.originalEnd(end);
        result.blocked |= strongest == Action::Block;
        result.needsConfirmation |= strongest == Action::Warn;
        result.findings.push_back(finding);
    }
    return result;
}

Redaction RedactionEngine::redact(std::string_view text, PlaceholderVault& vault) const
{
    ScanResult scanned = scan(text);
    Redaction redaction;
    redaction.blocked = scanned.blocked;
    redaction.needsConfirmation = scanned.needsConfirmation;
    redaction.capacityExceeded = scanned.capacityExceeded;
    redaction.redacted.reserve(text.size());
    size_t copied = 0;
    for (const Finding& finding : scanned.findings) {
        redaction.redacted.append(text.substr(copied, finding.start - copied));
        std::string placeholder = vault.placeholderFor(finding.rule->placeholderType,
                                                       text.substr(finding.start, finding.end - finding.start));
        redaction.redacted.append(placeholder);
        copied = finding.end;
        redaction.findings.push_back({finding, std::move(placeholder)});
    }
    redaction.redacted.append(text.substr(copied));
    qCDebug(lcRedaction) << "redacted" << text.size() << "bytes:" << redaction.findings.size() << "findings, blocked"
                         << redaction.blocked << "needs confirmation" << redaction.needsConfirmation;
    return redaction;
}

std::vector<Finding> RedactionEngine::scanWithRule(const Rule& rule, std::string_view original) const
{
    std::vector<Finding> findings;
    const NormalizedText normalized(original);
    std::vector<Candidate> candidates;
    collectWithViews(normalized.text(), &rule, candidates);
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    uint32_t coveredTo = 0;
    for (const Candidate& c : candidates) {
        if (!findings.empty() && c.end <= coveredTo) {
            continue; // the text and a decoded view found the same value (or a part of one found already)
        }
        coveredTo = c.end;
        findings.push_back({&rule, normalized.originalStart(c.start), normalized.originalEnd(c.end), rule.action});
    }
    return findings;
}

std::vector<ExampleFailure> RedactionEngine::checkExamples(const std::function<bool(const Rule&)>& which) const
{
    std::vector<ExampleFailure> failures;
    for (const auto& owned : m_catalogue->rules()) {
        const Rule& rule = *owned;
        if (which && !which(rule)) {
            continue;
        }
        if (rule.action == Action::Allow) {
            continue; // an allowed rule never produces findings; its examples are checked when it is enabled
        }
        for (const RuleExample& example : rule.matchExamples) {
            const std::vector<Finding> found = scanWithRule(rule, example.text);
            if (found.empty()) {
                failures.push_back({&rule, example.text, QStringLiteral("a match example produced no finding")});
                continue;
            }
            if (example.secret) {
                const bool exact = std::any_of(found.begin(), found.end(), [&](const Finding& f) {
                    return example.text.compare(f.start, f.end - f.start, *example.secret) == 0;
                });
                if (!exact) {
                    failures.push_back(
                        {&rule, example.text, QStringLiteral("the value found is not the example's secret")});
                }
            }
        }
        for (const std::string& example : rule.noMatchExamples) {
            if (!scanWithRule(rule, example).empty()) {
                failures.push_back({&rule, example, QStringLiteral("a no_match example produced a finding")});
            }
        }
    }
    return failures;
}

} // namespace veil::redaction
