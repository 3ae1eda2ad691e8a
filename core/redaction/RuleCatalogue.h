#pragma once

#include "common/Result.h"
#include "redaction/Rule.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace veil::redaction {

/// One JSON document of rules and the name it is reported under ("cloud.json", "policy v42").
struct RuleSource
{
    QString name;
    QByteArray json;
};

/// The rules the engine runs: parsed from catalogue JSON, each pattern compiled once.
///
/// Loading is pure (bytes in, rules out). Every failure names the source and the rule. A catalogue is
/// immutable once built; share it through std::shared_ptr<const RuleCatalogue>.
class RuleCatalogue
{
public:
    /// Parses every source in order. Rule ids must be unique across sources.
    static Result<std::shared_ptr<RuleCatalogue>> load(const QList<RuleSource>& sources);

    /// Parses one rule object (the catalogue schema); used for policy rules too.
    static Result<std::unique_ptr<Rule>> parseRule(const QJsonObject& object, const QString& origin);

    const std::vector<std::unique_ptr<Rule>>& rules() const { return m_rules; }
    const Rule* find(std::string_view id) const;

    /// Adds (or, for an existing id, replaces) a rule. Only while building; not after the engine is made.
    void put(std::unique_ptr<Rule> rule);

private:
    std::vector<std::unique_ptr<Rule>> m_rules;
};

} // namespace veil::redaction
