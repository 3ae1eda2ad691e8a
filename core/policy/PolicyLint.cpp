#include "policy/PolicyLint.h"

#include "policy/PolicyBundle.h"
#include "redaction/BuiltinRules.h"
#include "redaction/PolicyRules.h"
#include "redaction/RedactionEngine.h"

#include <QJsonArray>

namespace veil::policy {

const QStringList& commonLookAlikes()
{
    static const QStringList samples = {
        QStringLiteral("commit 3f786850e387550fdab836ed7e6dc881de23001b"),
        QStringLiteral("id: 123e4567-e89b-12d3-a456-426614174000"),
        QStringLiteral(
            "\"integrity\": "
            "\"sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==\""),
        QStringLiteral("version 1.2.3.4 released; Qt 6.4.2; v10.0.19041.1"),
        QStringLiteral("color: #ff00aa; background: #abcdef;"),
        QStringLiteral("api_key = \"<your-api-key>\""),
        QStringLiteral("token: ${GITHUB_TOKEN}"),
        QStringLiteral("listen 127.0.0.1:8080; upstream 10.0.0.12; gateway 192.168.1.1"),
        QStringLiteral("timestamp 2024-01-15T09:30:00Z, port 5432, pid 31337"),
        QStringLiteral("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        QStringLiteral("The quick brown fox jumps over the lazy dog."),
        QStringLiteral("for (int i = 0; i < count; ++i) { total += values[i]; }"),
    };
    return samples;
}

LintReport lintPolicy(const QByteArray& json)
{
    using namespace veil::redaction;
    LintReport report;
    auto bundle = PolicyBundle::parse(json);
    if (!bundle) {
        report.errors << bundle.error().message;
        return report;
    }
    auto catalogue = BuiltinRules::load();
    if (!catalogue) {
        report.errors << catalogue.error().message;
        return report;
    }
    const size_t builtinCount = catalogue.value()->rules().size();
    const QJsonObject redaction = bundle.value().json.value(QStringLiteral("redaction")).toObject();
    const Status applied = PolicyRules::apply(*catalogue.value(), redaction, QStringLiteral("policy"));
    if (!applied) {
        report.errors << applied.error().message;
        return report;
    }
    auto engine = RedactionEngine::create(catalogue.value());
    if (!engine) {
        report.errors << engine.error().message;
        return report;
    }
    const auto isPolicyRule = [](const Rule& rule) {
        return rule.origin == "policy";
    };
    for (const ExampleFailure& failure : engine.value()->checkExamples(isPolicyRule)) {
        report.errors << QStringLiteral("Rule \"%1\": %2 (\"%3\").")
                             .arg(QString::fromStdString(failure.rule->id), failure.problem,
                                  QString::fromStdString(failure.example).left(80));
    }
    for (const auto& rule : engine.value()->catalogue().rules()) {
        if (!isPolicyRule(*rule)) {
            continue;
        }
        for (const QString& sample : commonLookAlikes()) {
            const QByteArray bytes = sample.toUtf8();
            if (!engine.value()
                     ->scanWithRule(*rule, std::string_view(bytes.constData(), size_t(bytes.size())))
                     .empty()) {
                report.warnings << QStringLiteral("Rule \"%1\" matches a common look-alike: \"%2\".")
                                       .arg(QString::fromStdString(rule->id), sample.left(80));
            }
        }
        if (rule->keywords.empty()) {
            report.warnings << QStringLiteral("Rule \"%1\" has no keywords, so it runs over the whole of every prompt.")
                                   .arg(QString::fromStdString(rule->id));
        }
    }
    if (engine.value()->catalogue().rules().size() == builtinCount
        && redaction.value(QStringLiteral("rules")).toArray().size() > 0) {
        report.warnings << QStringLiteral("Every policy rule replaced a built-in rule of the same id.");
    }
    if (bundle.value().expiresAt <= QDateTime::currentDateTimeUtc()) {
        report.warnings << QStringLiteral("The bundle has already expired (%1).")
                               .arg(bundle.value().expiresAt.toString(Qt::ISODate));
    }
    return report;
}

} // namespace veil::policy
