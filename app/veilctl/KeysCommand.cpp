#include "keychain/LibsecretStore.h"
#include "keychain/SecureBytes.h"
#include "veilctl/Command.h"
#include "veilctl/ExitCode.h"
#include "veilctl/RunJob.h"

#include <QCommandLineParser>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace veil::cli {

using keychain::SecretError;
using keychain::SecretKind;
using keychain::SecureBytes;

namespace {

constexpr std::size_t kMaxKeyBytes = 16 * 1024;

/// Reads the key from standard input straight into secure memory: all of it when stdin is not a terminal,
/// otherwise one line typed at a no-echo prompt. Trailing line breaks and spaces are dropped.
std::optional<SecureBytes> readKey(const QString& provider, Console console)
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal) {
        console.err << "API key for " << provider << ": ";
        console.err.flush();
        if (::tcgetattr(STDIN_FILENO, &saved) != 0) {
            return std::nullopt;
        }
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= tcflag_t(ECHONL);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    SecureBytes buffer(kMaxKeyBytes + 1);
    std::size_t size = 0;
    bool failed = false;
    while (size < buffer.size()) {
        const ssize_t n = ::read(STDIN_FILENO, buffer.data() + size, terminal ? 1 : buffer.size() - size);
        if (n < 0) {
            failed = true;
            break;
        }
        if (n == 0) {
            break;
        }
        size += std::size_t(n);
        if (terminal && buffer.data()[size - 1] == '\n') {
            break;
        }
    }
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    }
    if (failed || size > kMaxKeyBytes) {
        return std::nullopt;
    }
    while (size > 0) {
        const unsigned char c = buffer.data()[size - 1];
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
            break;
        }
        --size;
    }
    SecureBytes key = SecureBytes::copyOf(buffer.data(), size);
    buffer.clear();
    return key;
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
        return Ok;
    }
    if (action == QStringLiteral("delete") && positional.size() == 2) {
        auto job = store.remove(SecretKind::ApiKey, positional.at(1));
        runToCompletion(*job);
        if (!job->ok()) {
            return failure(*job, QStringLiteral("deleted"), console);
        }
        console.out << "The key for " << positional.at(1) << " is deleted.\n";
        return Ok;
    }
    console.err << "veilctl keys: use `keys set PROVIDER`, `keys delete PROVIDER` or `keys list`.\n";
    return Usage;
}

} // namespace veil::cli
