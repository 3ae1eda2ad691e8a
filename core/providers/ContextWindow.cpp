#include "providers/ContextWindow.h"

namespace veil::providers {

std::optional<int> contextWindowTokens(ProviderKind kind, const QString& model)
{
    const QString m = model.toLower();
    const auto starts = [&m](const char* prefix) {
        return m.startsWith(QLatin1String(prefix));
    };
    switch (kind) {
    case ProviderKind::OpenAi:
        if (starts("gpt-4.1")) {
            return 1047576;
        }
        if (starts("gpt-4o") || starts("gpt-4-turbo") || starts("chatgpt-4o")) {
            return 128000;
        }
        if (m == QLatin1String("gpt-4") || starts("gpt-4-0")) {
            return 8192;
        }
        if (starts("gpt-3.5-turbo")) {
            return 16385;
        }
        if (starts("o1") || starts("o3") || starts("o4")) {
            return 200000;
        }
        return std::nullopt;
    case ProviderKind::Anthropic:
        if (starts("claude-")) {
            return 200000;
        }
        return std::nullopt;
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Ollama:
    case ProviderKind::Inspector:
        break;
    }
    return std::nullopt;
}

int estimateTokens(size_t utf8Bytes)
{
    return static_cast<int>((utf8Bytes + 3) / 4);
}

} // namespace veil::providers
