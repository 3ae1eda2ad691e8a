#pragma once

#include "redaction/Rule.h"

#include <cstdint>
#include <string>
#include <vector>

namespace veil::redaction {

/// One detected span. Offsets are UTF-8 byte offsets into the original text; `end` is exclusive.
struct Finding
{
    const Rule* rule = nullptr; ///< the rule that names the (merged) finding; owned by the catalogue
    uint32_t start = 0;
    uint32_t end = 0;
    Action action = Action::Redact; ///< the strongest action of every rule merged into this finding
};

/// What a scan saw, before placeholders are assigned.
struct ScanResult
{
    std::vector<Finding> findings; ///< sorted by start, non-overlapping
    bool blocked = false; ///< a block rule matched, or the engine could not finish (see below)
    bool needsConfirmation = false; ///< a warn rule matched
    /// The engine ran out of its matching memory and could not prove the text clean: it fails closed, so
    /// `blocked` is true as well.
    bool capacityExceeded = false;
};

} // namespace veil::redaction
