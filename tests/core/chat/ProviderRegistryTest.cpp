#include "chat/ProviderRegistry.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using veil::chat::ProviderRegistry;
using veil::providers::ProviderConfig;
using veil::providers::ProviderKind;

namespace {

ProviderConfig config(const QString& id, ProviderKind kind, const QString& url, QStringList models = {})
{
    ProviderConfig c;
    c.id = id;
    c.kind = kind;
    c.baseUrl = QUrl(url);
    c.models = std::move(models);
    return c;
}

} // namespace

TEST_CASE("the inspector is the default provider until one is configured", "[chat][registry]")
{
    QTemporaryDir dir;
    ProviderRegistry registry(dir.filePath(QStringLiteral("veil/providers.json")));
    REQUIRE(registry.load());
    CHECK(registry.configured().empty());
    REQUIRE(registry.defaultProvider());
    CHECK(registry.defaultProvider()->kind == ProviderKind::Inspector);
    CHECK(registry.find(QStringLiteral("inspector")));
    CHECK(registry.all().size() == 1);

    REQUIRE(registry.add(config(QStringLiteral("a"), ProviderKind::Anthropic,
                                QStringLiteral("https://api.anthropic.com"), {QStringLiteral("claude")})));
    CHECK(registry.defaultProvider()->id == QStringLiteral("a"));
    REQUIRE(registry.add(config(QStringLiteral("b"), ProviderKind::Ollama, QStringLiteral("http://127.0.0.1:11434"))));
    CHECK_FALSE(registry.defaultProvider());
}

TEST_CASE("providers survive a reload, the file is 0600, and a replaced id keeps one entry", "[chat][registry]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("veil/providers.json"));
    {
        ProviderRegistry registry(path);
        REQUIRE(registry.load());
        REQUIRE(registry.add(config(QStringLiteral("work"), ProviderKind::OpenAi,
                                    QStringLiteral("https://api.openai.com/v1"),
                                    {QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")})));
        REQUIRE(registry.add(config(QStringLiteral("work"), ProviderKind::OpenAi,
                                    QStringLiteral("https://gw.example/v1"), {QStringLiteral("gpt-4o")})));
    }
    CHECK(QFileInfo(path).permissions()
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
    CHECK(QDir(dir.filePath(QStringLiteral("veil"))).entryList(QDir::Files | QDir::Hidden).size() == 1);
    ProviderRegistry reloaded(path);
    REQUIRE(reloaded.load());
    REQUIRE(reloaded.configured().size() == 1);
    CHECK(reloaded.configured().front().baseUrl == QUrl(QStringLiteral("https://gw.example/v1")));
    CHECK(reloaded.configured().front().models == QStringList{QStringLiteral("gpt-4o")});
    REQUIRE(reloaded.remove(QStringLiteral("work")));
    CHECK(reloaded.remove(QStringLiteral("work")).error().code == veil::Error::Code::NotFound);
    CHECK(reloaded.remove(QStringLiteral("inspector")).error().code == veil::Error::Code::Denied);
}

TEST_CASE("add refuses plain http off loopback, bad ids and the inspector", "[chat][registry]")
{
    QTemporaryDir dir;
    ProviderRegistry registry(dir.filePath(QStringLiteral("providers.json")));
    REQUIRE(registry.load());
    CHECK(registry.add(config(QStringLiteral("x"), ProviderKind::OpenAi, QStringLiteral("http://api.example.com/v1")))
              .error()
              .code
          == veil::Error::Code::Denied);
    CHECK_FALSE(
        registry.add(config(QStringLiteral("bad id"), ProviderKind::OpenAi, QStringLiteral("https://a.example/v1"))));
    CHECK_FALSE(registry.add(
        config(QStringLiteral("inspector"), ProviderKind::OpenAi, QStringLiteral("https://a.example/v1"))));
    CHECK_FALSE(
        registry.add(config(QStringLiteral("i"), ProviderKind::Inspector, QStringLiteral("https://a.example/v1"))));
    CHECK(registry.add(
        config(QStringLiteral("local"), ProviderKind::OpenAiCompatible, QStringLiteral("http://localhost:8080/v1"))));
    CHECK(registry.configured().size() == 1);
}

TEST_CASE("a damaged providers.json is an error, not an empty list", "[chat][registry]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("providers.json"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("{\"providers\": [{\"id\": \"x\", \"kind\": \"nonsense\"}]}");
    file.close();
    ProviderRegistry registry(path);
    CHECK(registry.load().error().code == veil::Error::Code::InvalidInput);
}
