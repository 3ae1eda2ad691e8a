// The context windows the composer's size estimate compares against, and the estimate itself.
#include "providers/ContextWindow.h"

#include <catch2/catch.hpp>

using namespace veil::providers;

TEST_CASE("known model families have their published context window, others none", "[providers][context]")
{
    CHECK(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("gpt-4o-mini")) == 128000);
    CHECK(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("GPT-4o-2024-08-06")) == 128000);
    CHECK(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("gpt-4.1-mini")) == 1047576);
    CHECK(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("gpt-4")) == 8192);
    CHECK(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("gpt-3.5-turbo")) == 16385);
    CHECK(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("o3-mini")) == 200000);
    CHECK(contextWindowTokens(ProviderKind::Anthropic, QStringLiteral("claude-3-5-sonnet-latest")) == 200000);
    // A name alone says nothing about a self-hosted server's window, nor about a model Veil does not know.
    CHECK_FALSE(contextWindowTokens(ProviderKind::OpenAiCompatible, QStringLiteral("gpt-4o")).has_value());
    CHECK_FALSE(contextWindowTokens(ProviderKind::Ollama, QStringLiteral("llama3:8b")).has_value());
    CHECK_FALSE(contextWindowTokens(ProviderKind::OpenAi, QStringLiteral("text-embedding-3-small")).has_value());
    CHECK_FALSE(contextWindowTokens(ProviderKind::Anthropic, QStringLiteral("gpt-4o")).has_value());
}

TEST_CASE("the token estimate is about four bytes per token, rounded up", "[providers][context]")
{
    CHECK(estimateTokens(0) == 0);
    CHECK(estimateTokens(1) == 1);
    CHECK(estimateTokens(4) == 1);
    CHECK(estimateTokens(5) == 2);
    CHECK(estimateTokens(400000) == 100000);
}
