#include "chat/ChatSession.h"
#include "chat/ProviderRegistry.h"
#include "common/EngineSetup.h"
#include "common/FindingJson.h"
#include "keychain/LibsecretStore.h"
#include "policy/PolicyEnforcer.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"
#include "veilctl/RunJob.h"

#include <QCommandLineParser>
#include <QFile>
#include <QNetworkAccessManager>

#include <sodium.h>

#include <cstdio>

namespace veil::cli {

using chat::ChatSession;

namespace {

int exitCodeFor(const ChatSession& session)
{
    if (session.ok()) {
        return Ok;
    }
    switch (session.outcome()) {
    case ChatSession::Outcome::Blocked:
    case ChatSession::Outcome::NeedsConfirmation:
        return Blocked;
    default:
        break;
    }
    switch (session.error().code) {
    case Error::Code::Unavailable:
    case Error::Code::Timeout:
        return Unavailable;
    case Error::Code::InvalidInput:
    case Error::Code::NotFound:
        return session.outcome() == ChatSession::Outcome::None ? Usage : Other;
    default:
        return Other;
    }
}

void writeOut(const QByteArray& piece)
{
    std::fwrite(piece.constData(), 1, size_t(piece.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int runAsk(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sends a prompt through Veil's redaction to a provider and streams the reply with "
                       "placeholders restored. The conversation id is printed to standard error at the end."));
    parser.addHelpOption();
    const QCommandLineOption provider(
        QStringLiteral("provider"), QStringLiteral("The provider (default: the only one configured, else inspector)."),
        QStringLiteral("ID"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("The model (default: the provider's first)."), QStringLiteral("M"));
    const QCommandLineOption conversation(QStringLiteral("conversation"), QStringLiteral("Continue this conversation."),
                                          QStringLiteral("ID"));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("Start the conversation in this workspace; its context is redacted and sent with the prompt."),
        QStringLiteral("W"));
    const QCommandLineOption raw(QStringLiteral("raw"), QStringLiteral("Print the reply as received (placeholders)."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Send even when a warn rule matches."));
    parser.addOptions({provider, model, conversation, workspace, raw, yes});
    parser.addPositionalArgument(QStringLiteral("TEXT"), QStringLiteral("The prompt, or - to read standard input."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    if (parser.positionalArguments().size() != 1) {
        console.err << "veilctl ask: give the prompt as one argument, or - to read it from standard input.\n";
        return Usage;
    }

    ChatSession::Options options;
    if (parser.isSet(conversation)) {
        bool number = false;
        options.conversationId = parser.value(conversation).toLongLong(&number);
        if (!number || *options.conversationId <= 0) {
            console.err << "veilctl ask: --conversation takes the number a previous ask printed.\n";
            return Usage;
        }
    }

    chat::ProviderRegistry registry;
    if (const Status loaded = registry.load(); !loaded) {
        console.err << "veilctl ask: " << loaded.error().message << '\n';
        return Other;
    }
    const auto config = parser.isSet(provider) ? registry.find(parser.value(provider)) : registry.defaultProvider();
    if (!config) {
        if (parser.isSet(provider)) {
            console.err << "veilctl ask: there is no provider " << parser.value(provider)
                        << "; see `veilctl providers list`.\n";
        } else {
            console.err << "veilctl ask: several providers are configured; choose one with --provider.\n";
        }
        return Usage;
    }
    // The organization's policy decides, before anything else, whether this provider and model may be used.
    auto managed = policy::ManagedConfig::load(policy::ManagedConfig::defaultFolder());
    if (!managed) {
        console.err << "veilctl ask: " << managed.error().message << '\n';
        return Other;
    }
    auto active = policy::PolicyStore::atDefaultLocation().active();
    if (!active) {
        console.err << "veilctl ask: " << active.error().message << " Run `veilctl policy fetch`.\n";
        return Other;
    }
    const policy::PolicyEnforcer enforcer = policy::PolicyEnforcer::evaluate(
        managed.value(), active.value(), QDateTime::currentDateTimeUtc(), QStringLiteral(VEIL_VERSION));
    if (const Status allowed = enforcer.checkProvider(*config, parser.value(model)); !allowed) {
        console.err << "veilctl ask: " << allowed.error().message << '\n';
        return Blocked;
    }
    options.policyVersion = enforcer.version();
    options.retentionDays = enforcer.historyRetentionDays();
    options.logRetentionDays = enforcer.logRetentionDays();
    options.storeHistory = enforcer.storeHistory();
    options.storeOriginals = enforcer.storeOriginals();
    options.askPassphrase = passphraseSource(QStringLiteral("veilctl ask"), console);
    options.provider = *config;
    options.model = parser.value(model);
    options.confirmWarnings = parser.isSet(yes);
    options.workspace = parser.value(workspace);

    QByteArray prompt;
    if (parser.positionalArguments().first() == QStringLiteral("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            console.err << "veilctl ask: standard input cannot be read.\n";
            return Other;
        }
        prompt = in.readAll();
    } else {
        prompt = parser.positionalArguments().first().toUtf8();
    }
    if (!app::isValidUtf8(prompt)) {
        console.err << "veilctl ask: the prompt is not valid UTF-8.\n";
        return Usage;
    }
    if (prompt.trimmed().isEmpty()) {
        console.err << "veilctl ask: the prompt is empty.\n";
        return Usage;
    }
    options.prompt.assign(prompt.constData(), size_t(prompt.size()));
    sodium_memzero(prompt.data(), size_t(prompt.size()));

    auto engine = app::makeRedactionEngine(enforcer.redaction(), QStringLiteral("policy v%1").arg(enforcer.version()));
    if (!engine) {
        console.err << "veilctl ask: " << engine.error().message << '\n';
        return Other;
    }

    keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    ChatSession session(secrets, &network, engine.value(), std::move(options));
    console.out.flush();
    if (parser.isSet(raw)) {
        QObject::connect(&session, &ChatSession::rawText, &session, writeOut);
    } else {
        QObject::connect(&session, &ChatSession::restoredText, &session, writeOut);
    }
    runToCompletion(session);

    if (session.conversationId() && session.outcome() != ChatSession::Outcome::None) {
        // The reply may not end with a line break; keep the id on its own line.
        console.err << "\nconversation: " << *session.conversationId() << '\n';
    }
    if (session.unstoredConversation() && session.outcome() != ChatSession::Outcome::None) {
        console.err << "\nconversation: not stored (the organization's policy keeps no history)\n";
    }
    if (!session.ok()) {
        console.err << "veilctl ask: " << session.error().message << '\n';
    }
    console.err.flush();
    return exitCodeFor(session);
}

} // namespace veil::cli
