#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace veil::providers {

/// One turn of a conversation, already redacted: what is here is what leaves the machine.
struct ChatMessage
{
    enum class Role { User, Assistant };

    Role role = Role::User;
    QString content;
};

/// A chat completion request, independent of the provider's wire format (see RequestBuilder).
struct ChatRequest
{
    QString model;
    QString system; ///< the system prompt; empty for none
    std::vector<ChatMessage> messages; ///< oldest first
    /// Upper bound on generated tokens. Anthropic requires one, so kDefaultAnthropicMaxTokens is sent when unset;
    /// the other providers get none unless set.
    std::optional<int> maxTokens;
    std::optional<double> temperature;

    static constexpr int kDefaultAnthropicMaxTokens = 4096;
};

} // namespace veil::providers
