#pragma once

#include "keychain/SecureBytes.h"
#include "veilctl/Command.h"

#include <optional>

namespace veil::cli {

/// Reads a secret straight into secure memory from `fd`: everything up to end of file when it is not a
/// terminal, otherwise one line typed after `prompt` (written to stderr) with echo off. Trailing line breaks and
/// spaces are dropped. None when the read fails or the secret is longer than `maxBytes`.
std::optional<keychain::SecureBytes> readSecret(int fd, const QString& prompt, std::size_t maxBytes, Console console);

} // namespace veil::cli
