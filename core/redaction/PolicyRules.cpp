#include "redaction/PolicyRules.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace veil::redaction {

Status PolicyRules::apply(RuleCatalogue& catalogue, const QJsonObject& redaction, const QString& origin)
{
    for (const QJsonValue& value : redaction.value(QStringLiteral("rules")).toArray()) {
        if (!value.isObject()) {
            return Status::failure(Error::Code::InvalidInput,
                                   QStringLiteral("%1: every rule must be an object.").arg(origin));
        }
        auto rule = RuleCatalogue::parseRule(value.toObject(), origin);
        if (!rule) {
            return rule.error();
        }
        catalogue.put(std::move(rule).value());
    }

    QSet<QString> locked;
    for (const QJsonValue& id : redaction.value(QStringLiteral("locked")).toArray()) {
        locked.insert(id.toString());
    }

    const QJsonObject overrides = redaction.value(QStringLiteral("overrides")).toObject();
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        auto action = actionFromString(it.value().toString().toStdString());
        if (!action) {
            return Status::failure(Error::Code::InvalidInput,
                                   QStringLiteral("%1: the override for \"%2\" must be block, redact, warn or allow.")
                                       .arg(origin, it.key()));
        }
        const Rule* existing = catalogue.find(it.key().toStdString());
        if (existing == nullptr) {
            return Status::failure(
                Error::Code::InvalidInput,
                QStringLiteral("%1: the override names an unknown rule \"%2\".").arg(origin, it.key()));
        }
        if (*action == Action::Allow && locked.contains(it.key())) {
            return Status::failure(
                Error::Code::Denied,
                QStringLiteral("%1: the rule \"%2\" is locked and may not be disabled.").arg(origin, it.key()));
        }
        const_cast<Rule*>(existing)->action = *action;
    }
    for (const QString& id : locked) {
        if (const Rule* rule = catalogue.find(id.toStdString())) {
            const_cast<Rule*>(rule)->locked = true;
        }
    }

    int termNumber = 0;
    for (const QJsonValue& term : redaction.value(QStringLiteral("deny_terms")).toArray()) {
        const QString text = term.toString().trimmed();
        if (text.isEmpty()) {
            continue;
        }
        auto rule = std::make_unique<Rule>();
        rule->id = "deny-term-" + std::to_string(++termNumber);
        rule->description = "A term the organization does not allow in prompts";
        rule->message = "The organization's policy does not allow this term in prompts.";
        rule->category = Category::Custom;
        rule->action = Action::Block;
        rule->placeholderType = "DENIED_TERM";
        rule->origin = origin.toStdString();
        const std::string literal = text.toStdString();
        auto isWordByte = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        };
        rule->pattern = "(?i)" + std::string(isWordByte(literal.front()) ? "\\b" : "") + "(" + RE2::QuoteMeta(literal)
            + ")" + std::string(isWordByte(literal.back()) ? "\\b" : "");
        rule->secretGroup = 1;
        RE2::Options options;
        options.set_log_errors(false);
        rule->regex = std::make_unique<RE2>(rule->pattern, options);
        const bool ascii = std::all_of(literal.begin(), literal.end(), [](char c) { return c > 0; });
        if (ascii) {
            rule->keywords.push_back(text.toLower().toStdString());
            rule->windowBefore = 1;
            rule->windowAfter = 1;
        }
        rule->matchExamples.push_back({literal, literal});
        catalogue.put(std::move(rule));
    }
    return {};
}

} // namespace veil::redaction
