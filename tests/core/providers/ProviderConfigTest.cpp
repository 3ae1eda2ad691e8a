#include "providers/ProviderConfig.h"

#include "support/CatchQt.h"

using namespace veil::providers;

namespace {

ProviderConfig config(ProviderKind kind, const QString& base)
{
    return ProviderConfig{QStringLiteral("p1"), kind, QUrl(base), {}};
}

} // namespace

TEST_CASE("base URLs are taken as the SDKs take them", "[providers][config]")
{
    CHECK(chatEndpoint(config(ProviderKind::OpenAi, QStringLiteral("https://api.openai.com/v1"))).value()
          == QUrl(QStringLiteral("https://api.openai.com/v1/chat/completions")));
    CHECK(chatEndpoint(config(ProviderKind::OpenAiCompatible, QStringLiteral("https://host:8443/v1/"))).value()
          == QUrl(QStringLiteral("https://host:8443/v1/chat/completions")));
    CHECK(chatEndpoint(config(ProviderKind::Anthropic, QStringLiteral("https://api.anthropic.com"))).value()
          == QUrl(QStringLiteral("https://api.anthropic.com/v1/messages")));
    CHECK(chatEndpoint(config(ProviderKind::Ollama, QStringLiteral("http://127.0.0.1:11434"))).value()
          == QUrl(QStringLiteral("http://127.0.0.1:11434/api/chat")));
    CHECK(chatEndpoint(config(ProviderKind::Ollama, QStringLiteral("http://localhost:11434/"))).value()
          == QUrl(QStringLiteral("http://localhost:11434/api/chat")));
    CHECK(chatEndpoint(config(ProviderKind::OpenAiCompatible, QStringLiteral("http://[::1]:8080/v1"))).ok());
    CHECK(chatEndpoint(config(ProviderKind::OpenAiCompatible, QStringLiteral("http://127.8.9.10:8080/v1"))).ok());
}

TEST_CASE("plain http is refused off loopback", "[providers][config]")
{
    for (const char* base : {"http://example.com/v1", "http://192.168.1.10:11434", "http://10.0.0.1", "http://[::2]/v1",
                             "http://localhost.example.com/v1", "http://128.0.0.1/v1"}) {
        INFO(base);
        const auto endpoint = chatEndpoint(config(ProviderKind::OpenAiCompatible, QString::fromLatin1(base)));
        REQUIRE_FALSE(endpoint.ok());
        CHECK(endpoint.error().code == veil::Error::Code::Denied);
        CHECK(endpoint.error().message.contains(QStringLiteral("plain http")));
        CHECK(endpoint.error().message.contains(QStringLiteral("“p1”")));
    }
    CHECK_FALSE(chatEndpoint(config(ProviderKind::OpenAi, QStringLiteral("ftp://example.com/v1"))).ok());
    CHECK_FALSE(chatEndpoint(config(ProviderKind::OpenAi, QStringLiteral("not a url"))).ok());
    CHECK_FALSE(chatEndpoint(config(ProviderKind::Inspector, QStringLiteral("https://example.com"))).ok());
}

TEST_CASE("provider kinds round-trip through their names", "[providers][config]")
{
    for (const char* name : {"openai", "openai_compatible", "anthropic", "ollama", "inspector"}) {
        const auto kind = providerKindFromString(QString::fromLatin1(name));
        REQUIRE(kind.has_value());
        CHECK(toString(*kind) == QString::fromLatin1(name));
    }
    CHECK_FALSE(providerKindFromString(QStringLiteral("gemini")).has_value());
}
