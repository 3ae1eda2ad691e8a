#include "redaction/RuleCatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace veil::redaction {
namespace {

constexpr uint32_t kMaxWindow = 65536;

Error ruleError(const QString& origin, const QString& id, const QString& what)
{
    return Error{Error::Code::InvalidInput,
                 QStringLiteral("Rule \"%1\" in %2: %3").arg(id.isEmpty() ? QStringLiteral("?") : id, origin, what)};
}

std::string toStd(const QString& s)
{
    return s.toStdString();
}

bool isAsciiLower(const QString& s)
{
    for (QChar c : s) {
        if (c.unicode() >= 0x80 || (c.unicode() >= 'A' && c.unicode() <= 'Z')) {
            return false;
        }
    }
    return true;
}

} // namespace

std::string_view toString(Category category)
{
    switch (category) {
    case Category::Secret:
        return "secret";
    case Category::Pii:
        return "pii";
    case Category::Custom:
        return "custom";
    }
    return "custom";
}

std::string_view toString(Action action)
{
    switch (action) {
    case Action::Allow:
        return "allow";
    case Action::Warn:
        return "warn";
    case Action::Redact:
        return "redact";
    case Action::Block:
        return "block";
    }
    return "redact";
}

std::optional<Category> categoryFromString(std::string_view text)
{
    if (text == "secret") {
        return Category::Secret;
    }
    if (text == "pii") {
        return Category::Pii;
    }
    if (text == "custom") {
        return Category::Custom;
    }
    return std::nullopt;
}

std::optional<Action> actionFromString(std::string_view text)
{
    if (text == "allow") {
        return Action::Allow;
    }
    if (text == "warn") {
        return Action::Warn;
    }
    if (text == "redact") {
        return Action::Redact;
    }
    if (text == "block") {
        return Action::Block;
    }
    return std::nullopt;
}

bool Rule::accepts(std::string_view value) const
{
    for (const Validator& validator : validators) {
        if (!validator.accepts(value)) {
            return false;
        }
    }
    if (!stopwords.empty()) {
        std::string lower(value);
        for (char& c : lower) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        for (const std::string& word : stopwords) {
            if (lower.find(word) != std::string::npos) {
                return false;
            }
        }
    }
    for (const auto& allow : allowPatterns) {
        if (RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *allow)) {
            return false;
        }
    }
    return true;
}

Result<std::unique_ptr<Rule>> RuleCatalogue::parseRule(const QJsonObject& object, const QString& origin)
{
    static const QSet<QString> known = {
        QStringLiteral("id"),
        QStringLiteral("description"),
        QStringLiteral("message"),
        QStringLiteral("category"),
        QStringLiteral("pattern"),
        QStringLiteral("secret_group"),
        QStringLiteral("keywords"),
        QStringLiteral("window"),
        QStringLiteral("validator"),
        QStringLiteral("stopwords"),
        QStringLiteral("allow"),
        QStringLiteral("action"),
        QStringLiteral("placeholder_type"),
        QStringLiteral("priority"),
        QStringLiteral("examples"),
    };
    const QString id = object.value(QStringLiteral("id")).toString();
    static const QRegularExpression idShape(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,79}$"));
    if (!idShape.match(id).hasMatch()) {
        return ruleError(origin, id,
                         QStringLiteral("the id must be 1 to 80 lower-case letters, digits, '.', '_' or '-'."));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key())) {
            return ruleError(origin, id, QStringLiteral("unknown field \"%1\".").arg(it.key()));
        }
    }

    auto rule = std::make_unique<Rule>();
    rule->id = toStd(id);
    rule->origin = toStd(origin);
    rule->description = toStd(object.value(QStringLiteral("description")).toString());
    rule->message = toStd(object.value(QStringLiteral("message")).toString());

    const QString category = object.value(QStringLiteral("category")).toString();
    auto parsedCategory = categoryFromString(toStd(category));
    if (!parsedCategory) {
        return ruleError(origin, id, QStringLiteral("category must be secret, pii or custom."));
    }
    rule->category = *parsedCategory;

    const QString action = object.value(QStringLiteral("action")).toString();
    auto parsedAction = actionFromString(toStd(action));
    if (!parsedAction) {
        return ruleError(origin, id, QStringLiteral("action must be block, redact, warn or allow."));
    }
    rule->action = *parsedAction;

    const QString placeholder = object.value(QStringLiteral("placeholder_type")).toString();
    static const QRegularExpression placeholderShape(QStringLiteral("^[A-Z][A-Z0-9_]{0,31}$"));
    if (!placeholderShape.match(placeholder).hasMatch()) {
        return ruleError(origin, id,
                         QStringLiteral("placeholder_type must be 1 to 32 upper-case letters, digits or '_'."));
    }
    rule->placeholderType = toStd(placeholder);

    const QJsonValue patternValue = object.value(QStringLiteral("pattern"));
    if (!patternValue.isString() || patternValue.toString().isEmpty()) {
        return ruleError(origin, id, QStringLiteral("pattern is missing."));
    }
    rule->pattern = toStd(patternValue.toString());
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(8 << 20);
    rule->regex = std::make_unique<RE2>(rule->pattern, options);
    if (!rule->regex->ok()) {
        return ruleError(
            origin, id,
            QStringLiteral("the pattern does not compile: %1.").arg(QString::fromStdString(rule->regex->error())));
    }

    const QJsonValue group = object.value(QStringLiteral("secret_group"));
    if (!group.isUndefined()) {
        if (!group.isDouble() || group.toInt(-1) < 0 || group.toInt() > rule->regex->NumberOfCapturingGroups()
            || group.toInt() > 15) {
            return ruleError(origin, id,
                             QStringLiteral("secret_group %1 does not name a capturing group of the pattern.")
                                 .arg(group.toVariant().toString()));
        }
        rule->secretGroup = group.toInt();
    }
    const QJsonValue priority = object.value(QStringLiteral("priority"));
    if (!priority.isUndefined()) {
        if (!priority.isDouble()) {
            return ruleError(origin, id, QStringLiteral("priority must be an integer."));
        }
        rule->priority = priority.toInt();
    }

    const QJsonValue keywords = object.value(QStringLiteral("keywords"));
    if (!keywords.isUndefined() && !keywords.isArray()) {
        return ruleError(origin, id, QStringLiteral("keywords must be a list of strings."));
    }
    for (const QJsonValue& keyword : keywords.toArray()) {
        const QString k = keyword.toString();
        if (!keyword.isString() || k.isEmpty() || !isAsciiLower(k)) {
            return ruleError(origin, id, QStringLiteral("keywords must be non-empty lower-case ASCII strings."));
        }
        rule->keywords.push_back(toStd(k));
    }

    const QJsonValue window = object.value(QStringLiteral("window"));
    if (!window.isUndefined()) {
        const QJsonObject w = window.toObject();
        const int before = w.value(QStringLiteral("before")).toInt(-1);
        const int after = w.value(QStringLiteral("after")).toInt(-1);
        if (!window.isObject() || before < 0 || after < 0 || uint32_t(before) > kMaxWindow
            || uint32_t(after) > kMaxWindow) {
            return ruleError(origin, id,
                             QStringLiteral("window must be {\"before\": N, \"after\": N} with N from 0 to 65536."));
        }
        rule->windowBefore = uint32_t(before);
        rule->windowAfter = uint32_t(after);
    }

    QJsonArray validators;
    const QJsonValue validator = object.value(QStringLiteral("validator"));
    if (validator.isString()) {
        validators.append(validator);
    } else if (validator.isArray()) {
        validators = validator.toArray();
    } else if (!validator.isUndefined()) {
        return ruleError(origin, id, QStringLiteral("validator must be a string or a list of strings."));
    }
    for (const QJsonValue& v : validators) {
        auto parsed = Validator::parse(toStd(v.toString()));
        if (!parsed) {
            return ruleError(origin, id, QStringLiteral("unknown validator \"%1\".").arg(v.toString()));
        }
        rule->validators.push_back(*parsed);
    }
    if (rule->category == Category::Secret) {
        const bool listed = std::any_of(rule->validators.begin(), rule->validators.end(),
                                        [](const Validator& v) { return v.kind() == Validator::Kind::NotPlaceholder; });
        if (!listed) {
            rule->validators.push_back(*Validator::parse("not-placeholder"));
        }
    }

    for (const QJsonValue& word : object.value(QStringLiteral("stopwords")).toArray()) {
        if (!word.isString() || word.toString().isEmpty() || !isAsciiLower(word.toString())) {
            return ruleError(origin, id, QStringLiteral("stopwords must be non-empty lower-case ASCII strings."));
        }
        rule->stopwords.push_back(toStd(word.toString()));
    }
    for (const QJsonValue& allow : object.value(QStringLiteral("allow")).toArray()) {
        auto re = std::make_unique<RE2>(toStd(allow.toString()), options);
        if (!allow.isString() || !re->ok()) {
            return ruleError(origin, id, QStringLiteral("an allow pattern does not compile."));
        }
        rule->allowPatterns.push_back(std::move(re));
    }

    const QJsonValue examples = object.value(QStringLiteral("examples"));
    if (!examples.isObject()) {
        return ruleError(origin, id, QStringLiteral("examples {\"match\": [...], \"no_match\": [...]} are missing."));
    }
    for (const QJsonValue& example : examples.toObject().value(QStringLiteral("match")).toArray()) {
        if (example.isString()) {
            rule->matchExamples.push_back({toStd(example.toString()), std::nullopt});
        } else if (example.isObject() && example.toObject().value(QStringLiteral("text")).isString()) {
            const QJsonObject e = example.toObject();
            RuleExample parsed{toStd(e.value(QStringLiteral("text")).toString()), std::nullopt};
            if (e.value(QStringLiteral("secret")).isString()) {
                parsed.secret = toStd(e.value(QStringLiteral("secret")).toString());
            }
            rule->matchExamples.push_back(std::move(parsed));
        } else {
            return ruleError(origin, id, QStringLiteral("a match example must be a string or {\"text\", \"secret\"}."));
        }
    }
    for (const QJsonValue& example : examples.toObject().value(QStringLiteral("no_match")).toArray()) {
        if (!example.isString()) {
            return ruleError(origin, id, QStringLiteral("no_match examples must be strings."));
        }
        rule->noMatchExamples.push_back(toStd(example.toString()));
    }
    if (rule->matchExamples.empty()) {
        return ruleError(origin, id, QStringLiteral("at least one match example is required."));
    }
    return rule;
}

Result<std::shared_ptr<RuleCatalogue>> RuleCatalogue::load(const QList<RuleSource>& sources)
{
    auto catalogue = std::make_shared<RuleCatalogue>();
    for (const RuleSource& source : sources) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(source.json, &parseError);
        if (document.isNull()) {
            return Error{Error::Code::InvalidInput,
                         QStringLiteral("%1 is not valid JSON: %2 at byte %3.")
                             .arg(source.name, parseError.errorString())
                             .arg(parseError.offset)};
        }
        const QJsonValue rules = document.object().value(QStringLiteral("rules"));
        if (!document.isObject() || !rules.isArray()) {
            return Error{Error::Code::InvalidInput,
                         QStringLiteral("%1 must be an object with a \"rules\" list.").arg(source.name)};
        }
        for (const QJsonValue& value : rules.toArray()) {
            if (!value.isObject()) {
                return Error{Error::Code::InvalidInput,
                             QStringLiteral("%1: every rule must be an object.").arg(source.name)};
            }
            auto rule = parseRule(value.toObject(), source.name);
            if (!rule) {
                return rule.error();
            }
            if (const Rule* existing = catalogue->find(rule.value()->id)) {
                return ruleError(
                    source.name, QString::fromStdString(rule.value()->id),
                    QStringLiteral("the id is already used in %1.").arg(QString::fromStdString(existing->origin)));
            }
            catalogue->m_rules.push_back(std::move(rule).value());
        }
    }
    return catalogue;
}

const Rule* RuleCatalogue::find(std::string_view id) const
{
    for (const auto& rule : m_rules) {
        if (rule->id == id) {
            return rule.get();
        }
    }
    return nullptr;
}

void RuleCatalogue::put(std::unique_ptr<Rule> rule)
{
    for (auto& existing : m_rules) {
        if (existing->id == rule->id) {
            existing = std::move(rule);
            return;
        }
    }
    m_rules.push_back(std::move(rule));
}

} // namespace veil::redaction
