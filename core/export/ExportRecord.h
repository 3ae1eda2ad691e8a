#pragma once

#include <QString>

#include <cstdint>
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
    int64_t policyVersion = 0; ///< the policy whose rules re-scanned the text (0: built-in rules)
    std::vector<RecordFinding> findings; ///< what redaction found when the message was stored
    std::vector<RecordFinding> newFindings; ///< what the re-scan at export time found and replaced
    std::string text; ///< UTF-8
};

} // namespace veil::exports
