#include "common/EngineSetup.h"

#include "redaction/BuiltinRules.h"
#include "redaction/PolicyRules.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::app {

using namespace veil::redaction;

Result<std::shared_ptr<const RedactionEngine>> makeRedactionEngine(const QString& policyFile, bool checkExamples)
{
    auto catalogue = BuiltinRules::load();
    if (!catalogue) {
        return catalogue.error();
    }
    if (!policyFile.isEmpty()) {
        QFile file(policyFile);
        if (!file.open(QIODevice::ReadOnly)) {
            return Error{Error::Code::NotFound,
                         QStringLiteral("The policy file %1 cannot be read: %2.").arg(policyFile, file.errorString())};
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.read(4 << 20), &parseError);
        if (!document.isObject()) {
            return Error{Error::Code::InvalidInput,
                         QStringLiteral("The policy file %1 is not a JSON object: %2.")
                             .arg(policyFile, parseError.errorString())};
        }
        const QJsonObject root = document.object();
        const QJsonObject redaction = root.contains(QStringLiteral("redaction"))
            ? root.value(QStringLiteral("redaction")).toObject()
            : root; // a file that is only the redaction section
        Status applied = PolicyRules::apply(*catalogue.value(), redaction, QFileInfo(policyFile).fileName());
        if (!applied) {
            return applied.error();
        }
    }
    auto engine = RedactionEngine::create(catalogue.value());
    if (!engine) {
        return engine.error();
    }
    if (!checkExamples) {
        return engine;
    }
    const bool builtinReplaced = !qEnvironmentVariableIsEmpty("VEIL_RULES_DIR");
    const std::string policyOrigin = QFileInfo(policyFile).fileName().toStdString();
    const auto failures = engine.value()->checkExamples(
        [&](const Rule& rule) { return builtinReplaced || (!policyFile.isEmpty() && rule.origin == policyOrigin); });
    if (!failures.empty()) {
        const ExampleFailure& first = failures.front();
        return Error{
            Error::Code::InvalidInput,
            QStringLiteral("Rule \"%1\" in %2 is broken: %3 (%4 example failures in all; run `veilctl rules test`).")
                .arg(QString::fromStdString(first.rule->id), QString::fromStdString(first.rule->origin), first.problem)
                .arg(failures.size())};
    }
    return engine;
}

Result<std::shared_ptr<const RedactionEngine>> makeRedactionEngine(const QJsonObject& policyRedaction,
                                                                   const QString& origin)
{
    auto catalogue = BuiltinRules::load();
    if (!catalogue) {
        return catalogue.error();
    }
    if (!policyRedaction.isEmpty()) {
        if (Status applied = PolicyRules::apply(*catalogue.value(), policyRedaction, origin); !applied) {
            return applied.error();
        }
    }
    return RedactionEngine::create(catalogue.value());
}

} // namespace veil::app
