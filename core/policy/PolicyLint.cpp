#include "policy/PolicyLint.h"

#include "policy/PolicyBundle.h"
#include "redaction/BuiltinRules.h"
#include "redaction/PolicyRules.h"
#include "redaction/RedactionEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

namespace {

/// Warnings about an incident request that parses but would not run as the admin may expect.
void lintIncident(const PolicyBundle& bundle, LintReport& report)
{
    if (!bundle.incident) {
        return;
    }
    const IncidentRequest& incident = *bundle.incident;
    const QJsonObject section = bundle.json.value(QStringLiteral("export")).toObject();
    if (!section.value(QStringLiteral("allow")).toBool(false)) {
        report.warnings
            << QStringLiteral("The incident \"%1\" cannot be exported: export.allow is not true.").arg(incident.id);
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (incident.since > now) {
        report.warnings << QStringLiteral("incident.since is in the future; the export would be empty.");
    }
    if (incident.until.isValid() && incident.until > now) {
        report.warnings << QStringLiteral(
            "incident.until is in the future; an export made now stops at the moment it is made.");
    }
    if (incident.uploadUrl.hasQuery()) {
        report.warnings << QStringLiteral(
            "incident.upload_url has a query (a pre-signed URL?): every machine that fetches the bundle can read it.");
    }
}

} // namespace

LintReport lintPolicy(const QByteArray& json)
{
    using namespace veil::redaction;
    LintReport report;
    auto bundle = PolicyBundle::parse(json);
    if (!bundle) {
        // Every problem of the export and incident sections at once, when they are what the bundle fails on.
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        const QStringList sections = PolicyBundle::exportProblems(object) + PolicyBundle::retentionProblems(object)
            + PolicyBundle::incidentProblems(object);
        if (sections.isEmpty()) {
            report.errors << bundle.error().message;
        }
        for (const QString& problem : sections) {
            report.errors << QStringLiteral("The policy bundle field %1").arg(problem);
        }
        return report;
    }
    lintIncident(bundle.value(), report);
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
