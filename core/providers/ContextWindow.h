#pragma once

#include "providers/ProviderConfig.h"

#include <QString>

#include <cstddef>
#include <optional>

namespace veil::providers {

/// The context window, in tokens, that a provider publishes for a model family, for the composer's estimate.
/// Known families only: OpenAI's gpt-4o, gpt-4.1, gpt-4-turbo, gpt-4, gpt-3.5-turbo and o-series models, and
/// Anthropic's Claude models. Nothing for the rest (OpenAI-compatible servers, Ollama), whose window depends on
/// how the server was started.
std::optional<int> contextWindowTokens(ProviderKind kind, const QString& model);

/// A rough token count for text of `utf8Bytes` bytes: about four bytes per token, the rule of thumb providers
/// give for English prose and code. It is an estimate for the user, never a limit Veil enforces.
int estimateTokens(size_t utf8Bytes);

} // namespace veil::providers
