#pragma once

#include "common/Result.h"
#include "redaction/RuleCatalogue.h"

#include <QJsonObject>

namespace veil::redaction {

/// Applies the `redaction` section of a policy to a catalogue that is still being built:
/// - `rules`: extra rules in the catalogue schema (a rule with a built-in id replaces it);
/// - `overrides`: `{"rule-id": "block|redact|warn|allow"}` changes a rule's action;
/// - `locked`: ids of rules that may not be disabled (an override to `allow` is refused);
/// - `deny_terms`: words or phrases that block a prompt wherever they occur (case-insensitive, whole words).
/// Pure: the caller has already verified where the policy came from.
class PolicyRules
{
public:
    static Status apply(RuleCatalogue& catalogue, const QJsonObject& redaction, const QString& origin);
};

} // namespace veil::redaction
