#pragma once

#include "common/Result.h"
#include "providers/ChatRequest.h"
#include "providers/ProviderConfig.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QNetworkRequest>
#include <QString>

namespace veil::providers {

/// A request ready for QNetworkAccessManager::post(): URL and headers in `request`, the JSON in `body`.
/// `request` carries the API key in its auth header: keep it no longer than the request needs it, never log it.
struct PreparedRequest
{
    QNetworkRequest request;
    QByteArray body;
};

/// Builds the HTTP request for each provider kind. Pure functions; thread-safe.
///
/// - OpenAI(-compatible): POST {base}/chat/completions, `Authorization: Bearer <key>` (none when the key is empty,
///   as local servers take it), body {model, messages[{role, content}] with the system prompt as the first message,
///   stream: true, stream_options: {include_usage: true}}.
/// - Anthropic: POST {base}/v1/messages, `x-api-key`, `anthropic-version: 2023-06-01`, body {model, system,
///   messages, max_tokens, stream: true}.
/// - Ollama: POST {base}/api/chat, no auth, body {model, messages (system first), stream: true}.
class RequestBuilder
{
public:
    static constexpr const char* kAnthropicVersion = "2023-06-01";

    /// Fails when the endpoint is refused (see chatEndpoint) or the request has no model. `apiKey` is used only to
    /// build the auth header and appears in no error.
    static Result<PreparedRequest> build(const ProviderConfig& config, const ChatRequest& chat, QByteArrayView apiKey);

    /// The JSON body alone (what the inspector provider shows).
    static QByteArray body(ProviderKind kind, const ChatRequest& chat);
};

/// "sk-...abcd": a secret reduced to a recognisable prefix (sk-, sk-ant-, sk-proj-) and at most its last 4 characters
/// (none for secrets shorter than 12). For error messages that must refer to a key.
QString maskSecret(QByteArrayView secret);

/// `text` with every key-looking token (sk-..., long tokens, partly starred echoes such as OpenAI's
/// "sk-abc*****wxyz") and every occurrence of `secret` replaced by its masked form.
QString maskSecretsIn(const QString& text, QByteArrayView secret = {});

} // namespace veil::providers
