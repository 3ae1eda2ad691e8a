#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace veil::providers {

/// The wire protocol a provider speaks.
enum class ProviderKind {
    OpenAi, ///< api.openai.com, Chat Completions over SSE
    OpenAiCompatible, ///< vLLM, llama.cpp server, LM Studio, Ollama's /v1, Azure-style gateways: same protocol
    Anthropic, ///< Messages API over SSE
    Ollama, ///< native /api/chat over NDJSON
    Inspector, ///< built in: answers with the request that would have left the machine; never touches the network
};

/// "openai", "openai_compatible", "anthropic", "ollama", "inspector".
QString toString(ProviderKind kind);
std::optional<ProviderKind> providerKindFromString(const QString& name);

/// One configured provider. Holds no key: keys live in the keychain and are handed to a request when it is built.
///
/// `baseUrl` is given as the provider's own SDK takes it:
/// - OpenAI / OpenAI-compatible: `https://host/v1`, requests go to `{base}/chat/completions`;
/// - Anthropic: `https://api.anthropic.com`, requests go to `{base}/v1/messages`;
/// - Ollama: `http://127.0.0.1:11434`, requests go to `{base}/api/chat`.
struct ProviderConfig
{
    QString id; ///< the user's name for it ("work-openai"); used in error messages
    ProviderKind kind = ProviderKind::Inspector;
    QUrl baseUrl;
    QStringList models;
};

/// True for `localhost` and addresses in 127.0.0.0/8 or ::1.
bool isLoopbackHost(const QString& host);

/// The URL a chat request to `config` is POSTed to. Fails (Error::Code::Denied) for plain http to anything but a
/// loopback host, and (InvalidInput) for other schemes, a missing host, or the inspector, which has no URL.
Result<QUrl> chatEndpoint(const ProviderConfig& config);

} // namespace veil::providers
