#include "redaction/Rehydrator.h"
#include "redaction/PlaceholderVault.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <random>

using namespace veil::redaction;

namespace {

std::string feedInChunks(const PlaceholderVault& vault, std::string_view text, const std::vector<size_t>& sizes,
                         size_t* maxPending = nullptr)
{
    Rehydrator rehydrator(vault);
    std::string out;
    size_t at = 0;
    size_t i = 0;
    while (at < text.size()) {
        const size_t size = std::min(sizes[i++ % sizes.size()], text.size() - at);
        out += rehydrator.feed(text.substr(at, size)).text;
        if (maxPending) {
            *maxPending = std::max(*maxPending, rehydrator.pendingSize());
        }
        at += size;
    }
    out += rehydrator.finish().text;
    return out;
}

} // namespace

TEST_CASE("restores placeholders and reports where", "[redaction][rehydrator]")
{
    InMemoryVault vault;
    vault.placeholderFor("EMAIL", "ann@corp.io");
    const RehydratedText r = Rehydrator::rehydrate(vault, "Write to [EMAIL_1] today.");
    CHECK(r.text == "Write to ann@corp.io today.");
    REQUIRE(r.restored.size() == 1);
    CHECK(r.restored[0].offset == 9);
    CHECK(r.restored[0].length == 11);
    CHECK(r.restored[0].placeholder == "[EMAIL_1]");
}

TEST_CASE("leaves unknown placeholders and ordinary brackets alone", "[redaction][rehydrator]")
{
    InMemoryVault vault;
    vault.placeholderFor("EMAIL", "ann@corp.io");
    const std::string text = "a[0] = [EMAIL_2]; [link](x) [EMAIL_ [ [A";
    CHECK(Rehydrator::rehydrate(vault, text).text == text);
}

TEST_CASE("a placeholder split across chunks is held back until complete", "[redaction][rehydrator]")
{
    InMemoryVault vault;
    vault.placeholderFor("AWS_KEY", "AKIAZ3MQWERTYUIOPASD");
    Rehydrator rehydrator(vault);
    CHECK(rehydrator.feed("key: [AWS_").text == "key: ");
    CHECK(rehydrator.pendingSize() == 5);
    CHECK(rehydrator.feed("KEY").text.empty());
    CHECK(rehydrator.feed("_1] done").text == "AKIAZ3MQWERTYUIOPASD done");
    CHECK(rehydrator.finish().text.empty());
}

TEST_CASE("text that cannot become a placeholder is not held back", "[redaction][rehydrator]")
{
    InMemoryVault vault;
    Rehydrator rehydrator(vault);
    CHECK(rehydrator.feed("array[i").text == "array[i");
    CHECK(rehydrator.feed("ndex] [").text == "ndex] ");
    CHECK(rehydrator.finish().text == "[");
}

TEST_CASE("any chunking gives the same result", "[redaction][rehydrator]")
{
    InMemoryVault vault;
    vault.placeholderFor("EMAIL", "ann@corp.io");
    vault.placeholderFor("GITHUB_TOKEN", "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R");
    const std::string text = "[[EMAIL_1]] and [GITHUB_TOKEN_1][EMAIL_1][EMAIL_9] [x] [EMAIL_1";
    const std::string expected = Rehydrator::rehydrate(vault, text).text;
    CHECK(expected == "[ann@corp.io] and ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8Rann@corp.io[EMAIL_9] [x] [EMAIL_1");
    std::mt19937 random(7);
    for (int round = 0; round < 200; ++round) {
        std::vector<size_t> sizes;
        for (int i = 0; i < 16; ++i) {
            sizes.push_back(1 + random() % 12);
        }
        CHECK(feedInChunks(vault, text, sizes) == expected);
    }
}

TEST_CASE("every recorded reply rehydrates the same in 1-byte chunks as in one piece", "[redaction][rehydrator]")
{
    const QStringList streams = veil::test::recordedStreams();
    if (streams.isEmpty()) {
        WARN("the shared recorded streams are not present; nothing to replay");
        return;
    }
    InMemoryVault vault;
    vault.placeholderFor("EMAIL", "ann@corp.io");
    vault.placeholderFor("API_KEY", "sk-proj-Zq8Lr3Vt9Wx2");
    for (const QString& path : streams) {
        const QByteArray recorded = veil::test::readFile(path);
        REQUIRE_FALSE(recorded.isEmpty());
        // Plant placeholders through the recorded bytes, as a model would quote them back.
        std::string reply;
        std::string expected;
        for (qsizetype i = 0; i < recorded.size(); ++i) {
            reply.push_back(recorded[i]);
            expected.push_back(recorded[i]);
            if (i % 97 == 50) {
                reply += i % 2 ? "[EMAIL_1]" : "[API_KEY_1]";
                expected += i % 2 ? "ann@corp.io" : "sk-proj-Zq8Lr3Vt9Wx2";
            }
        }
        INFO(path.toStdString());
        size_t maxPending = 0;
        const std::string oneByte = feedInChunks(vault, reply, {1}, &maxPending);
        CHECK(oneByte == expected);
        CHECK(oneByte == Rehydrator::rehydrate(vault, reply).text);
        CHECK(maxPending < 48);
    }
}
