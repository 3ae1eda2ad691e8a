#include "audit/AuditLog.h"
#include "history/Database.h"
#include "keychain/LibsecretStore.h"
#include "keychain/SecureBytes.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/HistoryAccess.h"
#include "veilctl/RunJob.h"
#include "veilctl/SecretInput.h"

#include <QCommandLineParser>

#include <cstdio>
#include <unistd.h>

namespace veil::cli {

using keychain::SecretError;
using keychain::SecretKind;
using keychain::SecureBytes;

namespace {

constexpr std::size_t kMaxKeyBytes = 16 * 1024;

std::optional<SecureBytes> readKey(const QString& provider, Console console)
{
    return readSecret(STDIN_FILENO, QStringLiteral("API key for %1: ").arg(provider), kMaxKeyBytes, console);
}

/// Appends key_set or key_deleted (the provider's name only) to the audit log in the history database, making
/// the database on first use like any other front end. A key change that cannot be audited is reported.
int audited(const QString& provider, bool set, keychain::SecretStore& secrets, Console console)
{
    const QString command = set ? QStringLiteral("veilctl keys set") : QStringLiteral("veilctl keys delete");
    OpenedHistory opened = openHistory(secrets, command, HistoryAccess{true, std::nullopt}, console);
    if (!opened.db) {
        console.err << command << ": the key was " << (set ? "stored" : "deleted")
                    << ", but the audit log could not be written.\n";
        return opened.exitCode == Ok ? Other : opened.exitCode;
    }
    audit::AuditLog log(*opened.db);
    const Status written = set ? log.keySet(provider) : log.keyDeleted(provider);
    if (!written) {
        console.err << command << ": the key was " << (set ? "stored" : "deleted")
                    << ", but the audit log could not be written: " << written.error().message << '\n';
        return exitCodeFor(written.error());
    }
    return Ok;
}

int failure(const keychain::SecretJob& job, const QString& what, Console console)
{
    if (job.secretError() == SecretError::NoBackend) {
        console.err << "veilctl keys: no keychain (Secret Service) is available, so the key cannot be " << what
                    << ".\n";
        return Unavailable;
    }
    if (job.secretError() == SecretError::Locked) {
        console.err << "veilctl keys: the keychain is locked or refused access.\n";
        return Unavailable;
    }
    if (job.secretError() == SecretError::NotFound) {
        console.err << "veilctl keys: there is no key for provider " << job.key() << ".\n";
        return Usage;
    }
    console.err << "veilctl keys: " << job.error().message << '\n';
    return Other;
}

} // namespace

int runKeys(const QStringList& arguments, Console console)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keeps provider API keys in the keychain. `keys set` reads the key from standard input or a "
                       "prompt that does not echo; never from the command line."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("set PROVIDER, delete PROVIDER or list."));
    if (const auto done = parseCommand(parser, arguments, console)) {
        return *done;
    }
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    keychain::LibsecretStore store;

    if (action == QStringLiteral("list") && positional.size() == 1) {
        auto job = store.list(SecretKind::ApiKey);
        runToCompletion(*job);
        if (!job->ok()) {
            return failure(*job, QStringLiteral("listed"), console);
        }
        for (const auto& entry : job->entries()) {
            console.out << entry.key << '\n';
        }
        return Ok;
    }
    if (action == QStringLiteral("set") && positional.size() == 2) {
        const QString provider = positional.at(1);
        auto key = readKey(provider, console);
        if (!key) {
            console.err << "veilctl keys set: the key cannot be read from standard input (at most 16 KiB).\n";
            return Usage;
        }
        if (key->isEmpty()) {
            console.err << "veilctl keys set: the key is empty.\n";
            return Usage;
        }
        auto job = store.write(SecretKind::ApiKey, provider, QString(), std::move(*key));
        runToCompletion(*job);
        if (!job->ok()) {
            return failure(*job, QStringLiteral("stored"), console);
        }
        console.out << "The key for " << provider << " is in the keychain.\n";
        return audited(provider, true, store, console);
    }
    if (action == QStringLiteral("delete") && positional.size() == 2) {
        auto job = store.remove(SecretKind::ApiKey, positional.at(1));
        runToCompletion(*job);
        if (!job->ok()) {
            return failure(*job, QStringLiteral("deleted"), console);
        }
        console.out << "The key for " << positional.at(1) << " is deleted.\n";
        return audited(positional.at(1), false, store, console);
    }
    console.err << "veilctl keys: use `keys set PROVIDER`, `keys delete PROVIDER` or `keys list`.\n";
    return Usage;
}

} // namespace veil::cli
