#include "providers/RequestBuilder.h"

#include "support/CatchQt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace veil::providers;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-test-0123456789abcdefWXYZ");

ChatRequest chat()
{
    ChatRequest request;
    request.model = QStringLiteral("m-1");
    request.system = QStringLiteral("Be brief.");
    request.messages = {{ChatMessage::Role::User, QStringLiteral("Hi [EMAIL_1]")},
                        {ChatMessage::Role::Assistant, QStringLiteral("Hello.")},
                        {ChatMessage::Role::User, QStringLiteral("Again")}};
    return request;
}

QJsonObject bodyOf(const PreparedRequest& prepared)
{
    return QJsonDocument::fromJson(prepared.body).object();
}

} // namespace

TEST_CASE("OpenAI requests carry a bearer token, the system message first and include_usage", "[providers][request]")
{
    const ProviderConfig config{QStringLiteral("oa"), ProviderKind::OpenAi, QUrl(QStringLiteral("https://h/v1")), {}};
    auto prepared = RequestBuilder::build(config, chat(), kKey);
    REQUIRE(prepared.ok());
    CHECK(prepared->request.url() == QUrl(QStringLiteral("https://h/v1/chat/completions")));
    CHECK(prepared->request.rawHeader("Authorization") == "Bearer " + kKey);
    CHECK_FALSE(prepared->request.hasRawHeader("x-api-key"));
    const QJsonObject body = bodyOf(prepared.value());
    CHECK(body.value(QStringLiteral("model")).toString() == QStringLiteral("m-1"));
    CHECK(body.value(QStringLiteral("stream")).toBool());
    CHECK(body.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool());
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    REQUIRE(messages.size() == 4);
    CHECK(messages[0].toObject().value(QStringLiteral("role")).toString() == QStringLiteral("system"));
    CHECK(messages[0].toObject().value(QStringLiteral("content")).toString() == QStringLiteral("Be brief."));
    CHECK(messages[2].toObject().value(QStringLiteral("role")).toString() == QStringLiteral("assistant"));
    CHECK(messages[1].toObject().value(QStringLiteral("content")).toString() == QStringLiteral("Hi [EMAIL_1]"));
    CHECK_FALSE(prepared->body.contains(kKey));
}

TEST_CASE("Anthropic requests carry x-api-key, the version, a top-level system and max_tokens", "[providers][request]")
{
    const ProviderConfig config{
        QStringLiteral("an"), ProviderKind::Anthropic, QUrl(QStringLiteral("https://api.anthropic.com")), {}};
    auto prepared = RequestBuilder::build(config, chat(), kKey);
    REQUIRE(prepared.ok());
    CHECK(prepared->request.url() == QUrl(QStringLiteral("https://api.anthropic.com/v1/messages")));
    CHECK(prepared->request.rawHeader("x-api-key") == kKey);
    CHECK(prepared->request.rawHeader("anthropic-version") == "2023-06-01");
    CHECK_FALSE(prepared->request.hasRawHeader("Authorization"));
    const QJsonObject body = bodyOf(prepared.value());
    CHECK(body.value(QStringLiteral("system")).toString() == QStringLiteral("Be brief."));
    CHECK(body.value(QStringLiteral("max_tokens")).toInt() == ChatRequest::kDefaultAnthropicMaxTokens);
    CHECK(body.value(QStringLiteral("stream")).toBool());
    CHECK_FALSE(body.contains(QStringLiteral("stream_options")));
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    REQUIRE(messages.size() == 3);
    CHECK(messages[0].toObject().value(QStringLiteral("role")).toString() == QStringLiteral("user"));
}

TEST_CASE("Ollama requests carry no auth header even when given a key", "[providers][request]")
{
    const ProviderConfig config{
        QStringLiteral("ol"), ProviderKind::Ollama, QUrl(QStringLiteral("http://127.0.0.1:11434")), {}};
    auto prepared = RequestBuilder::build(config, chat(), kKey);
    REQUIRE(prepared.ok());
    CHECK_FALSE(prepared->request.hasRawHeader("Authorization"));
    CHECK_FALSE(prepared->request.hasRawHeader("x-api-key"));
    for (const QByteArray& name : prepared->request.rawHeaderList()) {
        CHECK_FALSE(prepared->request.rawHeader(name).contains(kKey));
    }
    const QJsonObject body = bodyOf(prepared.value());
    CHECK(body.value(QStringLiteral("stream")).toBool());
    CHECK(body.value(QStringLiteral("messages")).toArray().size() == 4);
}

TEST_CASE("a request without a model or to a refused endpoint is not built", "[providers][request]")
{
    ChatRequest noModel = chat();
    noModel.model.clear();
    const ProviderConfig good{QStringLiteral("oa"), ProviderKind::OpenAi, QUrl(QStringLiteral("https://h/v1")), {}};
    CHECK_FALSE(RequestBuilder::build(good, noModel, kKey).ok());
    const ProviderConfig plain{QStringLiteral("oa"), ProviderKind::OpenAi, QUrl(QStringLiteral("http://h/v1")), {}};
    const auto refused = RequestBuilder::build(plain, chat(), kKey);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == veil::Error::Code::Denied);
    CHECK_FALSE(refused.error().message.contains(QString::fromLatin1(kKey)));
}

TEST_CASE("secrets are masked to a prefix and at most four trailing characters", "[providers][request]")
{
    CHECK(maskSecret(kKey) == QStringLiteral("sk-...WXYZ"));
    CHECK(maskSecret("sk-ant-api03-abcdefghijklmnop") == QStringLiteral("sk-ant-...mnop"));
    CHECK(maskSecret("short") == QStringLiteral("..."));
    const QString echoed = maskSecretsIn(
        QStringLiteral("Incorrect API key provided: sk-test-***********************WXYZ. You can find your key."));
    CHECK(echoed == QStringLiteral("Incorrect API key provided: sk-...WXYZ. You can find your key."));
    const QString exact
        = maskSecretsIn(QStringLiteral("key ") + QString::fromLatin1(kKey) + QStringLiteral(" bad"), kKey);
    CHECK_FALSE(exact.contains(QStringLiteral("0123456789abcdef")));
    CHECK(maskSecretsIn(QStringLiteral("model gpt-4o-mini not found"))
          == QStringLiteral("model gpt-4o-mini not found"));
    CHECK(maskSecretsIn(maskSecretsIn(QString::fromLatin1(kKey))) == QStringLiteral("sk-...WXYZ"));
}
