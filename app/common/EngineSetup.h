#pragma once

#include "common/Result.h"
#include "redaction/RedactionEngine.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace veil::app {

/// Builds the redaction engine both front ends use: the built-in catalogue, plus the `redaction` section of
/// a local policy file when one is given. With `checkExamples`, a policy rule whose examples fail is a load
/// error; the built-in rules' examples are checked by the test suite and `veilctl rules test` instead, which
/// keeps start-up fast (unless VEIL_RULES_DIR replaces the built-in catalogue: then they are checked too).
Result<std::shared_ptr<const redaction::RedactionEngine>> makeRedactionEngine(const QString& policyFile = {},
                                                                              bool checkExamples = true);

/// The same with the `redaction` section of the organization's active policy bundle (from the policy store;
/// already verified). `origin` names it in errors ("policy v42").
Result<std::shared_ptr<const redaction::RedactionEngine>> makeRedactionEngine(const QJsonObject& policyRedaction,
                                                                              const QString& origin);

} // namespace veil::app
