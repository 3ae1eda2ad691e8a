#pragma once

#include "common/Result.h"
#include "redaction/RuleCatalogue.h"

namespace veil::redaction {

/// The built-in catalogue: the JSON files compiled in as Qt resources (`:/rules/*.json`), in name order.
///
/// When the environment variable VEIL_RULES_DIR names a folder, its `*.json` files are used instead: a
/// development aid for rule authors. Organization policy rules are applied on top either way.
class BuiltinRules
{
public:
    static Result<QList<RuleSource>> sources();

    /// sources() parsed into a catalogue.
    static Result<std::shared_ptr<RuleCatalogue>> load();
};

} // namespace veil::redaction
