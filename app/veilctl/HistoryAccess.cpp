#include "veilctl/HistoryAccess.h"

#include "chat/ChatSession.h"
#include "chat/OpenHistoryJob.h"
#include "history/Database.h"
#include "keychain/PassphraseKey.h"
#include "veilctl/RunJob.h"
#include "veilctl/SecretInput.h"

#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

namespace veil::cli {

namespace {

constexpr std::size_t kMaxPassphraseBytes = 4096;

} // namespace

int exitCodeFor(const Error& error)
{
    switch (error.code) {
    case Error::Code::Unavailable:
    case Error::Code::Timeout:
    case Error::Code::Denied:
        return Unavailable;
    default:
        return Other;
    }
}

std::function<std::shared_ptr<const keychain::SecureBytes>()> passphraseSource(const QString& command, Console console)
{
    return [command, console]() -> std::shared_ptr<const keychain::SecureBytes> {
        int fd = descriptorFrom("VEIL_PASSPHRASE_FD");
        if (fd == -2) {
            console.err << command << ": VEIL_PASSPHRASE_FD must name an open file descriptor.\n";
            return nullptr;
        }
        int terminal = -1;
        if (fd == -1) {
            if (::isatty(STDIN_FILENO) == 1) {
                fd = STDIN_FILENO;
            } else {
                // Standard input carries something else (an API key, a prompt): ask on the controlling terminal,
                // when there is one and the prompt (on standard error) can be seen there; never in a script whose
                // output goes elsewhere, which would wait for an answer nobody is asked for.
                if (::isatty(STDERR_FILENO) != 1) {
                    return nullptr;
                }
                terminal = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
                if (terminal < 0 || ::isatty(terminal) != 1) {
                    if (terminal >= 0) {
                        ::close(terminal);
                    }
                    return nullptr; // the job then says that a passphrase is needed
                }
                fd = terminal;
            }
        }
        auto passphrase = readSecret(fd, QStringLiteral("History passphrase: "), kMaxPassphraseBytes, console);
        if (terminal >= 0) {
            ::close(terminal);
        }
        if (!passphrase || passphrase->isEmpty()) {
            console.err << command << ": the passphrase cannot be read (it must be 1 to 4096 bytes).\n";
            return nullptr;
        }
        return std::make_shared<const keychain::SecureBytes>(std::move(*passphrase));
    };
}

std::shared_ptr<const keychain::SecureBytes> readNewPassphrase(const QString& command, Console console)
{
    const int fd = descriptorFrom("VEIL_NEW_PASSPHRASE_FD");
    if (fd == -2) {
        console.err << command << ": VEIL_NEW_PASSPHRASE_FD must name an open file descriptor.\n";
        return nullptr;
    }
    if (fd == -1 && ::isatty(STDIN_FILENO) != 1) {
        console.err << command
                    << ": type the new passphrase at a terminal, or pass it through the file descriptor named by "
                       "VEIL_NEW_PASSPHRASE_FD.\n";
        return nullptr;
    }
    auto first = readSecret(fd >= 0 ? fd : STDIN_FILENO, QStringLiteral("New history passphrase: "),
                            kMaxPassphraseBytes, console);
    if (!first || first->isEmpty()) {
        console.err << command << ": the new passphrase cannot be read (it must be 1 to 4096 bytes).\n";
        return nullptr;
    }
    if (fd == -1) {
        auto again = readSecret(STDIN_FILENO, QStringLiteral("The same again: "), kMaxPassphraseBytes, console);
        if (!again || !again->equals(*first)) {
            console.err << command << ": the two passphrases differ; nothing was changed.\n";
            return nullptr;
        }
    }
    return std::make_shared<const keychain::SecureBytes>(std::move(*first));
}

OpenedHistory openHistory(keychain::SecretStore& secrets, const QString& command, const HistoryAccess& access,
                          Console console)
{
    OpenedHistory opened;
    chat::OpenHistoryJob::Options options;
    options.databasePath = chat::ChatSession::defaultDatabasePath();
    options.create = access.create;
    options.retentionDays = access.retentionDays;
    options.logRetentionDays = access.logRetentionDays;
    options.askPassphrase = passphraseSource(command, console);

    chat::OpenHistoryJob job(secrets, std::move(options));
    runToCompletion(job);
    if (!job.ok()) {
        if (job.noHistory()) {
            opened.noHistory = true;
            return opened;
        }
        console.err << command << ": " << job.error().message << '\n';
        opened.exitCode = exitCodeFor(job.error());
        return opened;
    }
    opened.db = job.takeDatabase();
    return opened;
}

} // namespace veil::cli
