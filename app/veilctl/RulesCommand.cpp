#include "common/EngineSetup.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::cli {
namespace {

using namespace veil::redaction;

QString str(const std::string& s)
{
    return QString::fromStdString(s);
}
QString str(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

int listRules(const RedactionEngine& engine, bool asJson, Console console)
{
    const auto& rules = engine.catalogue().rules();
    if (asJson) {
        QJsonArray array;
        for (const auto& rule : rules) {
            QJsonObject object;
            object.insert(QStringLiteral("id"), str(rule->id));
            object.insert(QStringLiteral("category"), str(toString(rule->category)));
            object.insert(QStringLiteral("action"), str(toString(rule->action)));
            object.insert(QStringLiteral("placeholder_type"), str(rule->placeholderType));
            object.insert(QStringLiteral("description"), str(rule->description));
            object.insert(QStringLiteral("origin"), str(rule->origin));
            array.append(object);
        }
        console.out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return Ok;
    }
    int idWidth = 4;
    for (const auto& rule : rules) {
        idWidth = std::max(idWidth, int(rule->id.size()));
    }
    console.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                       .arg(QStringLiteral("RULE"), -idWidth)
                       .arg(QStringLiteral("CATEGORY"), -8)
                       .arg(QStringLiteral("ACTION"), -6)
                       .arg(QStringLiteral("PLACEHOLDER"), -22)
                       .arg(QStringLiteral("DESCRIPTION"));
    for (const auto& rule : rules) {
        console.out << QStringLiteral("%1  %2  %3  %4  %5\n")
                           .arg(str(rule->id), -idWidth)
                           .arg(str(toString(rule->category)), -8)
                           .arg(str(toString(rule->action)), -6)
                           .arg(str(rule->placeholderType), -22)
                           .arg(str(rule->description));
    }
    console.out << rules.size() << " rules\n";
    return Ok;
}

int testRules(const RedactionEngine& engine, Console console)
{
    size_t examples = 0;
    for (const auto& rule : engine.catalogue().rules()) {
        examples += rule->matchExamples.size() + rule->noMatchExamples.size();
    }
    const auto failures = engine.checkExamples();
    for (const ExampleFailure& failure : failures) {
        // Rule examples are made-up values written for the catalogue, so printing them is safe.
        console.out << "FAIL " << str(failure.rule->id) << " (" << str(failure.rule->origin) << "): " << failure.problem
                    << ": " << str(failure.example).left(200).replace(QLatin1Char('\n'), QStringLiteral("\\n")) << '\n';
    }
    console.out << engine.catalogue().rules().size() << " rules, " << examples << " examples, " << failures.size()
                << " failed\n";
    return failures.empty() ? Ok : VerificationFailed;
}

} // namespace

int runRules(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the rule catalogue, or runs every rule's examples."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("List the rules as JSON."));
    const QCommandLineOption policy(QStringLiteral("policy"), QStringLiteral("Include the rules of a policy file."),
                                    QStringLiteral("FILE"));
    parser.addOptions({json, policy});
    parser.addPositionalArgument(QStringLiteral("list|test"), QStringLiteral("What to do."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1
        || (positional[0] != QStringLiteral("list") && positional[0] != QStringLiteral("test"))) {
        console.err << "veilctl rules: say `rules list` or `rules test`.\n";
        return Usage;
    }
    auto engine = app::makeRedactionEngine(parser.value(policy), /*checkExamples=*/false);
    if (!engine) {
        console.err << "veilctl rules: " << engine.error().message << '\n';
        return positional[0] == QStringLiteral("test") ? VerificationFailed : Other;
    }
    if (positional[0] == QStringLiteral("list")) {
        return listRules(*engine.value(), parser.isSet(json), console);
    }
    return testRules(*engine.value(), console);
}

} // namespace veil::cli
