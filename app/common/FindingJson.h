#pragma once

#include "redaction/RedactionEngine.h"

#include <QJsonArray>
#include <QJsonObject>

namespace veil::app {

/// `{"rule", "category", "action", "start", "end", "placeholder"}` per finding (DESIGN.md, veilctl).
/// Offsets are UTF-8 byte offsets into the input. Never carries the value itself.
QJsonArray findingsToJson(const std::vector<redaction::RedactedFinding>& findings);

/// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(const QByteArray& bytes);

} // namespace veil::app
