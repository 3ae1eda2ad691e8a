#pragma once

#include "common/Result.h"
#include "veilctl/Command.h"

#include <functional>
#include <memory>
#include <optional>

namespace veil::history {
class Database;
}

namespace veil::keychain {
class SecretStore;
class SecureBytes;
} // namespace veil::keychain

namespace veil::cli {

/// How a veilctl command wants the history opened.
struct HistoryAccess
{
    bool create = false; ///< make the database (and its key) when there is none yet
    std::optional<int> retentionDays;
    std::optional<int> logRetentionDays = std::nullopt; ///< prune audit entries older than this many days
};

/// What openHistory() produced: the database, or the exit code to return after the error it printed. With
/// `noHistory` there is no database yet (and none was to be made): nothing was printed, and the command
/// decides what that means for it (an empty list, usually).
struct OpenedHistory
{
    std::unique_ptr<history::Database> db;
    int exitCode = Ok;
    bool noHistory = false;
};

/// Opens the history database at ChatSession::defaultDatabasePath() through chat::OpenHistoryJob, running the
/// event loop until it is done. Errors go to stderr as "veilctl COMMAND: sentence".
///
/// Passphrase mode (the database has a `.kdf` file beside it): the passphrase is read only when a key must be
/// derived (passphraseSource()): from the file descriptor named by the environment variable VEIL_PASSPHRASE_FD
/// (the variable holds a number, never the passphrase; e.g. `VEIL_PASSPHRASE_FD=3 veilctl history list
/// 3<secret-file`), or typed at a no-echo prompt: on standard input when it is a terminal, otherwise on the
/// controlling terminal (/dev/tty) when there is one and standard error (the prompt) is a terminal too, so
/// `veilctl keys set P < key.txt` can still ask for it.
/// Never from argv.
OpenedHistory openHistory(keychain::SecretStore& secrets, const QString& command, const HistoryAccess& access,
                          Console console);

/// veilctl's exit code for an error of the history or the keychain.
int exitCodeFor(const Error& error);

/// The current history passphrase, read when it is asked for: from the file descriptor VEIL_PASSPHRASE_FD
/// names, else typed at a no-echo prompt on standard input or, when that is not a terminal, on /dev/tty.
/// Prints why when it cannot.
std::function<std::shared_ptr<const keychain::SecureBytes>()> passphraseSource(const QString& command, Console console);

/// A new history passphrase: from the file descriptor VEIL_NEW_PASSPHRASE_FD names, else typed twice at a
/// no-echo prompt on a terminal. Null (after a sentence on stderr) when it cannot be had or the two differ.
std::shared_ptr<const keychain::SecureBytes> readNewPassphrase(const QString& command, Console console);

} // namespace veil::cli
