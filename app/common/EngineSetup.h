#pragma once

#include "common/Result.h"
#include "redaction/RedactionEngine.h"

#include <QString>

#include <memory>

namespace veil::app {

/// Builds the redaction engine both front ends use: the built-in catalogue, plus the `redaction` section of
/// a local policy file when one is given. With `checkExamples`, a rule whose examples fail is a load error.
Result<std::shared_ptr<const redaction::RedactionEngine>> makeRedactionEngine(const QString& policyFile = {},
                                                                              bool checkExamples = true);

} // namespace veil::app
