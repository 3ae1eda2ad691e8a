#include "redaction/RedactionEngine.h"

#include "redaction/PlaceholderVault.h"
#include "redaction/TextNormalizer.h"

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

void RedactionEngine::runRule(uint32_t ruleIndex, std::string_view text, size_t from, size_t to, size_t startLimit,
                              std::vector<Candidate>& out) const
{
    const Rule& rule = *m_rules[ruleIndex];
    const int groups = rule.secretGroup + 1;
    re2::StringPiece captures[16];
    re2::StringPiece whole(text.data(), text.size());
    size_t position = from;
    while (position <= to) {
        if (!rule.regex->Match(whole, position, to, RE2::UNANCHORED, captures, groups)) {
            break;
        }
        const auto matchStart = static_cast<size_t>(captures[0].data() - text.data());
        const size_t matchEnd = matchStart + captures[0].size();
        if (matchStart >= startLimit) {
            break;
        }
        const re2::StringPiece& secret = captures[rule.secretGroup];
        if (secret.data() != nullptr && !secret.empty()) {
            std::string_view value(secret.data(), secret.size());
            if (rule.accepts(value)) {
                const auto start = static_cast<uint32_t>(secret.data() - text.data());
                out.push_back({ruleIndex, start, static_cast<uint32_t>(start + secret.size())});
            }
        }
        position = matchEnd > matchStart ? matchEnd : matchStart + 1;
    }
}

bool RedactionEngine::collectCandidates(std::string_view text, const Rule* only, std::vector<Candidate>& out) const
{
    // Keyword rules: windows around every keyword occurrence, merged per rule.
    struct Window
    {
        uint32_t rule;
        size_t start;
        size_t end;
    };
    std::vector<Window> windows;
    const size_t size = text.size();
    m_keywordMatcher->scan(text, [&](uint32_t keyword, size_t end) {
        const size_t keywordStart = end - m_keywords[keyword].size();
        for (uint32_t ruleIndex : m_keywordRules[keyword]) {
            const Rule& rule = *m_rules[ruleIndex];
            if (only != nullptr && &rule != only) {
                continue;
            }
            const size_t start = keywordStart > rule.windowBefore ? keywordStart - rule.windowBefore : 0;
            const size_t stop = std::min(size, end + rule.windowAfter);
            windows.push_back({ruleIndex, start, stop});
        }
    });
    std::sort(windows.begin(), windows.end(),
              [](const Window& a, const Window& b) { return a.rule != b.rule ? a.rule < b.rule : a.start < b.start; });
    for (size_t i = 0; i < windows.size();) {
        Window merged = windows[i++];
        while (i < windows.size() && windows[i].rule == merged.rule && windows[i].start <= merged.end) {
            merged.end = std::max(merged.end, windows[i].end);
            ++i;
        }
        runRule(merged.rule, text, merged.start, merged.end, SIZE_MAX, out);
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

ScanResult RedactionEngine::scan(std::string_view original) const
{
    ScanResult result;
    const NormalizedText normalized(original);
    const std::string_view text = normalized.text();

    std::vector<Candidate> candidates;
    if (!collectCandidates(text, nullptr, candidates)) {
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
    return redaction;
}

std::vector<Finding> RedactionEngine::scanWithRule(const Rule& rule, std::string_view original) const
{
    std::vector<Finding> findings;
    const NormalizedText normalized(original);
    std::vector<Candidate> candidates;
    collectCandidates(normalized.text(), &rule, candidates);
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.start < b.start; });
    for (const Candidate& c : candidates) {
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
