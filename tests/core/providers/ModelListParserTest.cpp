// ModelListParser: the three model-list shapes (OpenAI, Anthropic, Ollama) as their APIs document them, and
// malformed bodies, which fail without quoting the body.

#include "providers/ModelListParser.h"

#include "support/CatchQt.h"

#include <catch2/catch.hpp>

using namespace veil::providers;

TEST_CASE("OpenAI model lists give the ids in order without duplicates", "[providers][models]")
{
    const auto page = ModelListParser::parseOpenAi(
        R"({"object":"list","data":[{"id":"gpt-4o","object":"model","owned_by":"system"},)"
        R"({"id":"o3-mini"},{"id":"gpt-4o"},{"object":"model"},{"id":""},{"id":42},"text",)"
        R"({"id":"evil\u001b[31m"}]})");
    REQUIRE(page);
    CHECK(page->models == QStringList{QStringLiteral("gpt-4o"), QStringLiteral("o3-mini")});
    CHECK_FALSE(page->hasMore);

    const auto empty = ModelListParser::parseOpenAi(R"({"data":[]})");
    REQUIRE(empty);
    CHECK(empty->models.isEmpty());
}

TEST_CASE("Anthropic model lists carry has_more and last_id", "[providers][models]")
{
    const auto page = ModelListParser::parseAnthropic(
        R"({"data":[{"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4"},)"
        R"({"type":"model","id":"claude-3-5-haiku-20241022"}],"has_more":true,)"
        R"("first_id":"claude-sonnet-4-20250514","last_id":"claude-3-5-haiku-20241022"})");
    REQUIRE(page);
    CHECK(page->models.size() == 2);
    CHECK(page->hasMore);
    CHECK(page->lastId == QStringLiteral("claude-3-5-haiku-20241022"));

    const auto last = ModelListParser::parseAnthropic(R"({"data":[{"id":"a"}],"has_more":false,"last_id":"a"})");
    REQUIRE(last);
    CHECK_FALSE(last->hasMore);

    const auto noCursor = ModelListParser::parseAnthropic(R"({"data":[{"id":"a"}],"has_more":true})");
    REQUIRE_FALSE(noCursor);
    CHECK(noCursor.error().code == veil::Error::Code::InvalidInput);
}

TEST_CASE("Ollama tag lists give the model names", "[providers][models]")
{
    const auto page = ModelListParser::parseOllama(
        R"({"models":[{"name":"llama3.2:3b","model":"llama3.2:3b","size":2019393189,)"
        R"("details":{"family":"llama"}},{"name":"qwen2.5-coder:7b"},{"model":"no-name"}]})");
    REQUIRE(page);
    CHECK(page->models == QStringList{QStringLiteral("llama3.2:3b"), QStringLiteral("qwen2.5-coder:7b")});
}

TEST_CASE("malformed model lists are errors that never quote the body", "[providers][models]")
{
    const char* secretish = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
    const QByteArray bodies[] = {
        QByteArray(),
        QByteArrayLiteral("not json"),
        QByteArrayLiteral("[1,2,3]"),
        QByteArrayLiteral(R"({"data":{"id":"x"}})"),
        QByteArrayLiteral(R"({"models":[]})"),
        QByteArrayLiteral(R"({"data":[{"id":"x"})"),
        QByteArrayLiteral(R"("just a string")"),
        QByteArray(R"({"error":")") + secretish + "\"}",
        QByteArrayLiteral("\xff\xfe{}"),
    };
    for (const QByteArray& body : bodies) {
        INFO(body.toStdString());
        const auto openAi = ModelListParser::parseOpenAi(body);
        REQUIRE_FALSE(openAi);
        CHECK(openAi.error().code == veil::Error::Code::InvalidInput);
        CHECK_FALSE(openAi.error().message.contains(QLatin1String(secretish)));
        CHECK_FALSE(ModelListParser::parseAnthropic(body));
    }
    CHECK_FALSE(ModelListParser::parseOllama(R"({"data":[{"id":"x"}]})"));
    CHECK_FALSE(ModelListParser::parseOllama(R"({"models":"llama3"})"));
    CHECK_FALSE(ModelListParser::parse(ProviderKind::Inspector, R"({"data":[]})"));
}

TEST_CASE("overlong ids are skipped and the list is capped", "[providers][models]")
{
    QByteArray body = R"({"data":[{"id":")" + QByteArray(ModelListParser::kMaxIdLength + 1, 'a') + R"("})";
    for (int i = 0; i < ModelListParser::kMaxModels + 5; ++i) {
        body += R"(,{"id":"m)" + QByteArray::number(i) + R"("})";
    }
    body += "]}";
    const auto page = ModelListParser::parseOpenAi(body);
    REQUIRE(page);
    CHECK(page->models.size() == ModelListParser::kMaxModels);
    CHECK(page->models.first() == QStringLiteral("m0"));
}
