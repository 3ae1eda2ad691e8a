#pragma once

#include "redaction/Validator.h"

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil::redaction {

enum class Category { Secret, Pii, Custom };

/// What happens to text a rule finds. Ordered by strength: a merged finding takes the strongest.
enum class Action { Allow = 0, Warn = 1, Redact = 2, Block = 3 };

std::string_view toString(Category category);
std::string_view toString(Action action);
std::optional<Category> categoryFromString(std::string_view text);
std::optional<Action> actionFromString(std::string_view text);

/// One example from a rule's catalogue entry: text that must (or must not) produce a finding.
struct RuleExample
{
    std::string text;
    std::optional<std::string> secret; ///< when set, the value found must be exactly this
};

/// A compiled detection rule. Immutable once built by RuleCatalogue; safe to share between threads.
struct Rule
{
    std::string id;
    std::string description;
    std::string message; ///< optional text shown when the rule blocks a prompt
    Category category = Category::Secret;
    Action action = Action::Redact;
    std::string placeholderType;
    int secretGroup = 0;
    int priority = 0;
    std::vector<std::string> keywords; ///< lower-case ASCII; empty: the rule runs over the whole text
    uint32_t windowBefore = 64;
    uint32_t windowAfter = 512;
    std::vector<Validator> validators;
    std::vector<std::string> stopwords;
    std::vector<std::unique_ptr<RE2>> allowPatterns;
    std::unique_ptr<RE2> regex;
    std::string pattern;
    std::vector<RuleExample> matchExamples;
    std::vector<std::string> noMatchExamples;
    bool locked = false; ///< policy says the rule may not be disabled
    std::string origin; ///< the file (or policy) the rule came from

    /// True when every validator, stopword and allow pattern accepts `value` as a finding.
    bool accepts(std::string_view value) const;
};

} // namespace veil::redaction
