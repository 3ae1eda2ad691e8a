#include "chat/ProviderRegistry.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"

#include <QCommandLineParser>

namespace veil::cli {

using chat::ProviderRegistry;
using providers::ProviderConfig;

namespace {

int exitCodeFor(const Error& error)
{
    switch (error.code) {
    case Error::Code::InvalidInput:
    case Error::Code::NotFound:
    case Error::Code::Denied: // a refused endpoint or the built-in inspector: the request, not policy
        return Usage;
    case Error::Code::Unavailable:
        return Unavailable;
    default:
        return Other;
    }
}

} // namespace

int runProviders(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Configures the providers veilctl ask and Veil may use."));
    parser.addHelpOption();
    const QCommandLineOption id(QStringLiteral("id"), QStringLiteral("The provider's name."), QStringLiteral("ID"));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QStringLiteral("openai, openai_compatible, anthropic or ollama."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption baseUrl(QStringLiteral("base-url"),
                                     QStringLiteral("The base URL as the provider's SDK takes it."),
                                     QStringLiteral("URL"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("A model to offer (repeatable; the first is the default)."),
                                   QStringLiteral("M"));
    parser.addOptions({id, kind, baseUrl, model});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("add, list or remove ID."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);

    ProviderRegistry registry;
    if (const Status loaded = registry.load(); !loaded) {
        console.err << "veilctl providers: " << loaded.error().message << '\n';
        return Other;
    }

    if (action == QStringLiteral("list") && positional.size() == 1) {
        for (const ProviderConfig& config : registry.all()) {
            console.out << config.id << '\t' << providers::toString(config.kind) << '\t'
                        << (config.baseUrl.isEmpty() ? QStringLiteral("(built in, local)") : config.baseUrl.toString())
                        << '\t' << config.models.join(QLatin1Char(',')) << '\n';
        }
        return Ok;
    }
    if (action == QStringLiteral("add") && positional.size() == 1) {
        if (!parser.isSet(id) || !parser.isSet(kind) || !parser.isSet(baseUrl)) {
            console.err << "veilctl providers add: --id, --kind and --base-url are required.\n";
            return Usage;
        }
        ProviderConfig config;
        config.id = parser.value(id);
        const auto parsedKind = providers::providerKindFromString(parser.value(kind));
        if (!parsedKind || *parsedKind == providers::ProviderKind::Inspector) {
            console.err << "veilctl providers add: the kind must be openai, openai_compatible, anthropic or ollama.\n";
            return Usage;
        }
        config.kind = *parsedKind;
        config.baseUrl = QUrl(parser.value(baseUrl), QUrl::StrictMode);
        config.models = parser.values(model);
        if (const Status added = registry.add(config); !added) {
            console.err << "veilctl providers add: " << added.error().message << '\n';
            return exitCodeFor(added.error());
        }
        console.out << "Provider " << config.id << " saved.\n";
        return Ok;
    }
    if (action == QStringLiteral("remove") && positional.size() == 2) {
        if (const Status removed = registry.remove(positional.at(1)); !removed) {
            console.err << "veilctl providers remove: " << removed.error().message << '\n';
            return exitCodeFor(removed.error());
        }
        console.out << "Provider " << positional.at(1) << " removed.\n";
        return Ok;
    }
    console.err << "veilctl providers: use `providers add --id ID --kind KIND --base-url URL [--model M]...`, "
                   "`providers list` or `providers remove ID`.\n";
    return Usage;
}

} // namespace veil::cli
