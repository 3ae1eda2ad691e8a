#include "chat/ChatSession.h"
#include "common/FindingJson.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "keychain/LibsecretStore.h"
#include "keychain/SecureBytes.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"
#include "veilctl/RunJob.h"
#include "veilctl/SecretInput.h"

#include <QCommandLineParser>
#include <QSet>

#include <cstdio>
#include <optional>
#include <unistd.h>

namespace veil::cli {

using keychain::SecretError;
using keychain::SecretKind;
using keychain::SecureBytes;

namespace {

/// The workspace named `name` in the history, or nothing after a sentence on stderr (and `exitCode` set).
std::optional<history::Workspace> findWorkspace(history::HistoryStore& store, const QString& name,
                                                const QString& command, Console console, int& exitCode)
{
    auto workspaces = store.workspaces();
    if (!workspaces) {
        console.err << command << ": " << workspaces.error().message << '\n';
        exitCode = exitCodeFor(workspaces.error());
        return std::nullopt;
    }
    for (const history::Workspace& workspace : workspaces.value()) {
        if (workspace.name == name) {
            return workspace;
        }
    }
    console.err << command << ": there is no workspace " << name << "; create it with `veilctl workspaces add " << name
                << "`.\n";
    exitCode = Usage;
    return std::nullopt;
}

int keychainFailure(const keychain::SecretJob& job, const QString& command, Console console)
{
    if (job.secretError() == SecretError::NoBackend) {
        console.err << command << ": no keychain (Secret Service) is available for workspace contexts.\n";
        return Unavailable;
    }
    if (job.secretError() == SecretError::Locked) {
        console.err << command << ": the keychain is locked or refused access.\n";
        return Unavailable;
    }
    console.err << command << ": " << job.error().message << '\n';
    return Other;
}

} // namespace

int runWorkspaces(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Manages workspaces and their context (instructions and pinned snippets, at most 64 KiB, kept in the "
        "keychain). The context is sent only with prompts in its workspace, redacted like the prompt. `context set` "
        "reads it from standard input; empty input clears it. `remove` deletes the workspace's conversations too."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ACTION"),
                                 QStringLiteral("add W, list, remove W, context set W or context show W."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const QString command = QStringLiteral("veilctl workspaces");
    keychain::LibsecretStore secrets;

    if (action == QStringLiteral("list") && positional.size() == 1) {
        OpenedHistory opened = openHistory(secrets, command, HistoryAccess{false, std::nullopt}, console);
        if (opened.noHistory) {
            return Ok;
        }
        if (!opened.db) {
            return opened.exitCode;
        }
        history::HistoryStore store(*opened.db);
        auto workspaces = store.workspaces();
        if (!workspaces) {
            console.err << command << ": " << workspaces.error().message << '\n';
            return exitCodeFor(workspaces.error());
        }
        auto listed = secrets.list(SecretKind::Context);
        runToCompletion(*listed);
        QSet<QString> withContext;
        if (listed->ok()) {
            for (const auto& entry : listed->entries()) {
                withContext.insert(entry.key);
            }
        }
        for (const history::Workspace& workspace : workspaces.value()) {
            console.out << workspace.name << '\t'
                        << (withContext.contains(workspace.name) ? QStringLiteral("context") : QStringLiteral("-"))
                        << '\n';
        }
        return Ok;
    }
    if (action == QStringLiteral("add") && positional.size() == 2) {
        OpenedHistory opened = openHistory(secrets, command, HistoryAccess{true, std::nullopt}, console);
        if (!opened.db) {
            return opened.exitCode == Ok ? Other : opened.exitCode;
        }
        history::HistoryStore store(*opened.db);
        auto created = store.createWorkspace(positional.at(1));
        if (!created) {
            console.err << "veilctl workspaces add: " << created.error().message << '\n';
            return exitCodeFor(created.error());
        }
        console.out << "Workspace " << positional.at(1) << " created.\n";
        return Ok;
    }
    if (action == QStringLiteral("remove") && positional.size() == 2) {
        const QString name = positional.at(1);
        OpenedHistory opened = openHistory(secrets, command, HistoryAccess{false, std::nullopt}, console);
        if (opened.noHistory) {
            console.err << "veilctl workspaces remove: there is no workspace " << name << ".\n";
            return Usage;
        }
        if (!opened.db) {
            return opened.exitCode;
        }
        history::HistoryStore store(*opened.db);
        int exitCode = Ok;
        const auto workspace
            = findWorkspace(store, name, QStringLiteral("veilctl workspaces remove"), console, exitCode);
        if (!workspace) {
            return exitCode;
        }
        auto removeContext = secrets.remove(SecretKind::Context, name);
        runToCompletion(*removeContext);
        if (!removeContext->ok() && removeContext->secretError() != SecretError::NotFound) {
            return keychainFailure(*removeContext, QStringLiteral("veilctl workspaces remove"), console);
        }
        if (const Status deleted = store.deleteWorkspace(workspace->id); !deleted) {
            console.err << "veilctl workspaces remove: " << deleted.error().message << '\n';
            return exitCodeFor(deleted.error());
        }
        console.out << "Workspace " << name << " and its conversations removed.\n";
        return Ok;
    }
    if (action == QStringLiteral("context") && positional.size() == 3
        && (positional.at(1) == QStringLiteral("set") || positional.at(1) == QStringLiteral("show"))) {
        const bool set = positional.at(1) == QStringLiteral("set");
        const QString name = positional.at(2);
        const QString sub = set ? QStringLiteral("veilctl workspaces context set")
                                : QStringLiteral("veilctl workspaces context show");
        // Read the input first: nothing is opened or stored for a context that cannot be taken.
        std::optional<SecureBytes> text;
        if (set) {
            text = readSecret(STDIN_FILENO, QStringLiteral("Context for %1: ").arg(name),
                              chat::ChatSession::kMaxWorkspaceContextBytes, console);
            if (!text) {
                console.err << sub
                            << ": the context was not stored: it is larger than 64 KiB (65536 bytes) or "
                               "cannot be read from standard input.\n";
                return Usage;
            }
            if (!app::isValidUtf8(text->view().toByteArray())) {
                console.err << sub << ": the context was not stored: it is not valid UTF-8.\n";
                return Usage;
            }
        }
        OpenedHistory opened = openHistory(secrets, command, HistoryAccess{false, std::nullopt}, console);
        if (opened.noHistory) {
            console.err << sub << ": there is no workspace " << name << ".\n";
            return Usage;
        }
        if (!opened.db) {
            return opened.exitCode;
        }
        history::HistoryStore store(*opened.db);
        int exitCode = Ok;
        if (!findWorkspace(store, name, sub, console, exitCode)) {
            return exitCode;
        }
        if (set && text->isEmpty()) {
            auto removed = secrets.remove(SecretKind::Context, name);
            runToCompletion(*removed);
            if (!removed->ok() && removed->secretError() != SecretError::NotFound) {
                return keychainFailure(*removed, sub, console);
            }
            console.out << "The context of workspace " << name << " is cleared.\n";
            return Ok;
        }
        if (set) {
            const std::size_t bytes = text->size();
            auto written = secrets.write(SecretKind::Context, name, QString(), std::move(*text));
            runToCompletion(*written);
            if (!written->ok()) {
                return keychainFailure(*written, sub, console);
            }
            console.out << "The context of workspace " << name << " (" << qulonglong(bytes)
                        << " bytes) is in the keychain.\n";
            return Ok;
        }
        auto read = secrets.read(SecretKind::Context, name);
        runToCompletion(*read);
        if (!read->ok()) {
            if (read->secretError() == SecretError::NotFound) {
                return Ok; // no context: nothing to show
            }
            return keychainFailure(*read, sub, console);
        }
        console.out.flush();
        const SecureBytes& secret = read->secret();
        std::fwrite(secret.data(), 1, secret.size(), stdout);
        if (!secret.isEmpty() && secret.data()[secret.size() - 1] != '\n') {
            std::fputc('\n', stdout);
        }
        std::fflush(stdout);
        return Ok;
    }
    console.err << "veilctl workspaces: use `workspaces add W`, `workspaces list`, `workspaces remove W`, "
                   "`workspaces context set W` (reads standard input) or `workspaces context show W`.\n";
    return Usage;
}

} // namespace veil::cli
