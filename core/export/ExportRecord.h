#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace veil::exports {

/// How often one rule found one placeholder type in a message. Never the values.
struct RecordFinding
{
    std::string rule;
    std::string type;
    int64_t count = 0;

    friend bool operator==(const RecordFinding&, const RecordFinding&) = default;
};

/// One message as an incident export writes it: redacted by construction. `text` is what was sent or received
/// (placeholders, never vault values or stored originals), after a re-scan with the current rules replaced
/// anything they newly detect (`newFindings`).
struct ExportRecord
{
    int64_t conversationId = 0;
    int64_t messageId = 0;
    int64_t createdAt = 0; ///< milliseconds since the Unix epoch, UTC
    int64_t updatedAt = 0;
    QString role; ///< user, assistant, system
    QString state; ///< sending, complete, cut_off, failed
    QString provider;
    QString model;
    /// The bundle_version of the policy in force when the message was sent or received (stored with it); none:
    /// unmanaged, or stored by a Veil that did not record it. Written as "policy_version" (null for none).
    std::optional<int64_t> policyVersion;
    /// The policy whose rules re-scanned the text at export time (0: built-in rules), the same for every record
    /// of an export and the manifest's "policy" "version". Written as "rescan_policy_version".
    int64_t rescanPolicyVersion = 0;
    std::vector<RecordFinding> findings; ///< what redaction found when the message was stored
    std::vector<RecordFinding> newFindings; ///< what the re-scan at export time found and replaced
    std::string text; ///< UTF-8
};

} // namespace veil::exports
