#include "providers/RequestBuilder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace veil::providers {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("veil::providers::RequestBuilder", text);
}

QString roleName(ChatMessage::Role role)
{
    return role == ChatMessage::Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user");
}

QJsonObject message(const QString& role, const QString& content)
{
    return QJsonObject{{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
}

QJsonArray messages(const ChatRequest& chat, bool systemAsMessage)
{
    QJsonArray out;
    if (systemAsMessage && !chat.system.isEmpty()) {
        out.append(message(QStringLiteral("system"), chat.system));
    }
    for (const ChatMessage& turn : chat.messages) {
        out.append(message(roleName(turn.role), turn.content));
    }
    return out;
}

} // namespace

QByteArray RequestBuilder::body(ProviderKind kind, const ChatRequest& chat)
{
    QJsonObject json;
    json.insert(QStringLiteral("model"), chat.model);
    switch (kind) {
    case ProviderKind::Anthropic:
        if (!chat.system.isEmpty()) {
            json.insert(QStringLiteral("system"), chat.system);
        }
        json.insert(QStringLiteral("messages"), messages(chat, false));
        json.insert(QStringLiteral("max_tokens"), chat.maxTokens.value_or(ChatRequest::kDefaultAnthropicMaxTokens));
        if (chat.temperature) {
            json.insert(QStringLiteral("temperature"), *chat.temperature);
        }
        break;
    case ProviderKind::Ollama: {
        json.insert(QStringLiteral("messages"), messages(chat, true));
        QJsonObject options;
        if (chat.maxTokens) {
            options.insert(QStringLiteral("num_predict"), *chat.maxTokens);
        }
        if (chat.temperature) {
            options.insert(QStringLiteral("temperature"), *chat.temperature);
        }
        if (!options.isEmpty()) {
            json.insert(QStringLiteral("options"), options);
        }
        break;
    }
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Inspector:
        json.insert(QStringLiteral("messages"), messages(chat, true));
        json.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
        if (chat.maxTokens) {
            json.insert(QStringLiteral("max_tokens"), *chat.maxTokens);
        }
        if (chat.temperature) {
            json.insert(QStringLiteral("temperature"), *chat.temperature);
        }
        break;
    }
    json.insert(QStringLiteral("stream"), true);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

Result<PreparedRequest> RequestBuilder::build(const ProviderConfig& config, const ChatRequest& chat,
                                              QByteArrayView apiKey)
{
    Result<QUrl> url = chatEndpoint(config);
    if (!url) {
        return url.error();
    }
    if (chat.model.isEmpty()) {
        return Error{Error::Code::InvalidInput, tr("No model was chosen for provider “%1”.").arg(config.id)};
    }
    PreparedRequest prepared;
    QNetworkRequest& request = prepared.request;
    request.setUrl(url.value());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Veil"));
    switch (config.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        request.setRawHeader("Accept", "text/event-stream");
        if (!apiKey.isEmpty()) {
            request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + apiKey.toByteArray());
        }
        break;
    case ProviderKind::Anthropic:
        request.setRawHeader("Accept", "text/event-stream");
        request.setRawHeader("anthropic-version", kAnthropicVersion);
        if (!apiKey.isEmpty()) {
            request.setRawHeader("x-api-key", apiKey.toByteArray());
        }
        break;
    case ProviderKind::Ollama:
        request.setRawHeader("Accept", "application/x-ndjson");
        break;
    case ProviderKind::Inspector:
        break;
    }
    prepared.body = body(config.kind, chat);
    return prepared;
}

QString maskSecret(QByteArrayView secret)
{
    const QString text = QString::fromUtf8(secret);
    QString prefix;
    for (const QLatin1String known : {QLatin1String("sk-ant-"), QLatin1String("sk-proj-"), QLatin1String("sk-")}) {
        if (text.startsWith(known)) {
            prefix = known;
            break;
        }
    }
    QString tail;
    if (text.size() >= 12) {
        tail = text.right(4);
        for (const QChar c : std::as_const(tail)) {
            if (!c.isLetterOrNumber()) {
                tail.clear();
                break;
            }
        }
    }
    return prefix + QStringLiteral("...") + tail;
}

QString maskSecretsIn(const QString& text, QByteArrayView secret)
{
    QString out = text;
    if (secret.size() >= 4) {
        out.replace(QString::fromUtf8(secret), maskSecret(secret));
    }
    static const QRegularExpression keyLike(QStringLiteral(
        R"((?:sk|pk|rk)-[A-Za-z0-9_\-*]{6,}|[A-Za-z0-9_\-]*\*{3,}[A-Za-z0-9_\-*]*|[A-Za-z0-9_\-]{32,})"));
    QString result;
    qsizetype at = 0;
    for (auto it = keyLike.globalMatch(out); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        result += QStringView(out).mid(at, match.capturedStart() - at);
        result += maskSecret(match.captured().toUtf8());
        at = match.capturedEnd();
    }
    result += QStringView(out).mid(at);
    return result;
}

} // namespace veil::providers
