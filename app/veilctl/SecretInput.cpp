#include "veilctl/SecretInput.h"

#include <termios.h>
#include <unistd.h>

namespace veil::cli {

using keychain::SecureBytes;

std::optional<SecureBytes> readSecret(int fd, const QString& prompt, std::size_t maxBytes, Console console)
{
    const bool terminal = ::isatty(fd) == 1;
    termios saved{};
    if (terminal) {
        if (::tcgetattr(fd, &saved) != 0) {
            return std::nullopt;
        }
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= tcflag_t(ECHONL);
        // Echo off (and what was typed ahead discarded) before the prompt shows: whatever is typed once it is
        // visible is kept, and never echoed.
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
        console.err << prompt;
        console.err.flush();
    }
    SecureBytes buffer(maxBytes + 1);
    std::size_t size = 0;
    bool failed = false;
    while (size < buffer.size()) {
        const ssize_t n = ::read(fd, buffer.data() + size, terminal ? 1 : buffer.size() - size);
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
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    }
    if (failed || size > maxBytes) {
        return std::nullopt;
    }
    while (size > 0) {
        const unsigned char c = buffer.data()[size - 1];
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
            break;
        }
        --size;
    }
    SecureBytes secret = SecureBytes::copyOf(buffer.data(), size);
    buffer.clear();
    return secret;
}

int descriptorFrom(const char* variable)
{
    if (!qEnvironmentVariableIsSet(variable)) {
        return -1;
    }
    bool number = false;
    const int fd = qEnvironmentVariable(variable).toInt(&number);
    return number && fd >= 0 ? fd : -2;
}

} // namespace veil::cli
