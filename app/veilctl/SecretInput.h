#pragma once

#include "keychain/SecureBytes.h"
#include "veilctl/Command.h"

#include <optional>

namespace veil::cli {

/// Reads a secret straight into secure memory from `fd`: everything up to end of file when it is not a
/// terminal, otherwise one line typed after `prompt` (written to stderr) with echo off. Trailing line breaks and
/// spaces are dropped. None when the read fails or the secret is longer than `maxBytes`.
std::optional<keychain::SecureBytes> readSecret(int fd, const QString& prompt, std::size_t maxBytes, Console console);

/// The file descriptor an environment variable names (the VEIL_PASSPHRASE_FD convention: the variable holds a
/// number, never the secret): -1 when it is unset, -2 when it is not a non-negative number.
int descriptorFrom(const char* variable);

} // namespace veil::cli
