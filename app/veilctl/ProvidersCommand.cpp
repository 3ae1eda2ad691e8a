#include "chat/ProviderRegistry.h"
#include "keychain/LibsecretStore.h"
#include "providers/ModelListJob.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/RunJob.h"

#include <QCommandLineParser>
#include <QNetworkAccessManager>
#include <QSslCertificate>

#include <sodium.h>

#include <optional>
#include <variant>

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

/// Exit code when fetching a model list failed.
int exitCodeForFetch(const Error& error)
{
    switch (error.code) {
    case Error::Code::Denied:
    case Error::Code::NotFound:
    case Error::Code::InvalidInput:
    case Error::Code::Unavailable:
    case Error::Code::Timeout:
        return Unavailable;
    default:
        return Other;
    }
}

bool needsApiKey(providers::ProviderKind kind)
{
    return kind == providers::ProviderKind::OpenAi || kind == providers::ProviderKind::Anthropic;
}

/// The models `config` offers: the inspector's fixed list, else fetched with the provider's key, which is read
/// from the keychain for this request only (none is needed for Ollama and OpenAI-compatible local servers).
/// On failure, prints one sentence prefixed with `command` and returns the exit code.
std::variant<QStringList, int> fetchModels(const ProviderConfig& config, const char* command, Console console)
{
    if (config.kind == providers::ProviderKind::Inspector) {
        return ProviderRegistry::inspector().models;
    }
    keychain::LibsecretStore secrets;
    std::unique_ptr<keychain::ReadSecretJob> read = secrets.read(keychain::SecretKind::ApiKey, config.id);
    runToCompletion(*read);
    keychain::SecureBytes secret;
    if (read->ok()) {
        secret = read->takeSecret();
    } else {
        const keychain::SecretError reason = read->secretError();
        const bool absent = reason == keychain::SecretError::NotFound || reason == keychain::SecretError::NoBackend;
        if (!absent || needsApiKey(config.kind)) {
            if (reason == keychain::SecretError::NotFound) {
                console.err << command << ": there is no API key for provider " << config.id
                            << "; set one with `veilctl keys set " << config.id << "`.\n";
            } else if (reason == keychain::SecretError::NoBackend) {
                console.err << command << ": no keychain (Secret Service) is available to read the API key of provider "
                            << config.id << ".\n";
            } else {
                console.err << command << ": " << read->error().message << '\n';
            }
            return reason == keychain::SecretError::NotFound ? int(Usage) : int(Unavailable);
        }
    }
    read.reset();

    QNetworkAccessManager network;
    QByteArray key(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
    secret.wipe();
    providers::ModelListJob job(&network, config, key);
    sodium_memzero(key.data(), size_t(key.size()));
    key.clear();
    const QString caFile = qEnvironmentVariable("VEIL_CA_FILE");
    if (!caFile.isEmpty()) {
        job.setExtraCaCertificates(QSslCertificate::fromPath(caFile));
    }
    runToCompletion(job);
    if (!job.ok()) {
        console.err << command << ": " << job.error().message << '\n';
        return exitCodeForFetch(job.error());
    }
    return job.models();
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
    const QCommandLineOption fetchModelsOption(
        QStringLiteral("fetch-models"),
        QStringLiteral("add: also offer every model the provider lists (uses the key already in the keychain)."));
    parser.addOptions({id, kind, baseUrl, model, fetchModelsOption});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("add, list, models ID or remove ID."));
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
        if (parser.isSet(fetchModelsOption)) {
            if (const Status valid = ProviderRegistry::validate(config); !valid) {
                console.err << "veilctl providers add: " << valid.error().message << '\n';
                return exitCodeFor(valid.error());
            }
            auto fetched = fetchModels(config, "veilctl providers add", console);
            if (const int* failed = std::get_if<int>(&fetched)) {
                return *failed;
            }
            for (const QString& name : std::get<QStringList>(fetched)) {
                if (!config.models.contains(name)) {
                    config.models.append(name);
                }
            }
        }
        if (const Status added = registry.add(config); !added) {
            console.err << "veilctl providers add: " << added.error().message << '\n';
            return exitCodeFor(added.error());
        }
        console.out << "Provider " << config.id << " saved";
        if (parser.isSet(fetchModelsOption)) {
            console.out << " with " << config.models.size() << " models";
        }
        console.out << ".\n";
        return Ok;
    }
    if (action == QStringLiteral("models") && positional.size() == 2) {
        const std::optional<ProviderConfig> config = registry.find(positional.at(1));
        if (!config) {
            console.err << "veilctl providers models: there is no provider " << positional.at(1) << ".\n";
            return Usage;
        }
        auto fetched = fetchModels(*config, "veilctl providers models", console);
        if (const int* failed = std::get_if<int>(&fetched)) {
            return *failed;
        }
        for (const QString& name : std::get<QStringList>(fetched)) {
            console.out << name << '\n';
        }
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
                   "`providers list`, `providers models ID` or `providers remove ID`.\n";
    return Usage;
}

} // namespace veil::cli
