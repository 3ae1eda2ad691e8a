// ModelListJob against the loopback FakeProviderServer: the request each provider kind gets, Anthropic's pages,
// typed errors (401, 404, malformed JSON, redirects, oversized bodies), the key never in a message, and abort.

#include "providers/ModelListJob.h"

#include "support/FakeProviderServer.h"

#include "support/CatchQt.h"

#include <catch2/catch.hpp>

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace veil::providers;
using veil::test::FakeProviderServer;
using veil::test::FakeResponse;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-live-9f8e7d6c5b4a39281706Qx7Z");

ProviderConfig configFor(ProviderKind kind, const FakeProviderServer& server)
{
    const QString path
        = (kind == ProviderKind::OpenAi || kind == ProviderKind::OpenAiCompatible) ? QStringLiteral("/v1") : QString();
    return ProviderConfig{QStringLiteral("test-provider"), kind, server.url(path), {}};
}

/// Runs a job to its end and checks it finished once, never synchronously.
std::unique_ptr<ModelListJob> run(QNetworkAccessManager& network, const ProviderConfig& config,
                                  const QByteArray& key = kKey, const std::function<void(ModelListJob&)>& setup = {})
{
    auto job = std::make_unique<ModelListJob>(&network, config, key);
    job->setIdleTimeoutMs(5000);
    job->setRetryWait([](int) { return 0; });
    if (setup) {
        setup(*job);
    }
    int finishedCount = 0;
    QObject::connect(job.get(), &veil::Job::finished, job.get(), [&finishedCount] { ++finishedCount; });
    QSignalSpy finished(job.get(), &veil::Job::finished);
    job->start();
    CHECK(finished.isEmpty()); // start() never completes synchronously
    if (finished.isEmpty()) {
        REQUIRE(finished.wait(20000));
    }
    QTest::qWait(20);
    CHECK(finishedCount == 1);
    return job;
}

std::string errorText(const ModelListJob& job)
{
    return job.ok() ? std::string("ok") : job.error().message.toStdString();
}

} // namespace

TEST_CASE("model lists are fetched with each kind's path and auth", "[providers][models]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    REQUIRE(server.listening());

    SECTION("OpenAI sends the bearer key to {base}/models")
    {
        server.enqueue(FakeResponse::json(200, R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"gpt-4o-mini"}]})"));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        INFO(errorText(*job));
        REQUIRE(job->ok());
        CHECK(job->models() == QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")});
        REQUIRE(server.requests().size() == 1);
        const auto& request = server.requests().first();
        CHECK(request.method == "GET");
        CHECK(request.path == "/v1/models");
        CHECK(request.header("authorization") == "Bearer " + kKey);
        CHECK(request.body.isEmpty());
    }
    SECTION("an OpenAI-compatible local server without a key gets no auth header")
    {
        server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"local-model"}]})"));
        const auto job = run(network, configFor(ProviderKind::OpenAiCompatible, server), QByteArray());
        REQUIRE(job->ok());
        CHECK(job->models() == QStringList{QStringLiteral("local-model")});
        CHECK(server.requests().first().header("authorization").isEmpty());
    }
    SECTION("Ollama lists its tags at /api/tags")
    {
        server.enqueue(FakeResponse::json(200, R"({"models":[{"name":"llama3.2:3b"},{"name":"phi4:14b"}]})"));
        const auto job = run(network, configFor(ProviderKind::Ollama, server), QByteArray());
        REQUIRE(job->ok());
        CHECK(job->models() == QStringList{QStringLiteral("llama3.2:3b"), QStringLiteral("phi4:14b")});
        CHECK(server.requests().first().path == "/api/tags");
    }
    SECTION("Anthropic pages are followed with after_id")
    {
        server.enqueue(FakeResponse::json(
            200, R"({"data":[{"id":"claude-a"},{"id":"claude-b"}],"has_more":true,"last_id":"claude-b"})"));
        server.enqueue(
            FakeResponse::json(200, R"({"data":[{"id":"claude-c"}],"has_more":false,"last_id":"claude-c"})"));
        const auto job = run(network, configFor(ProviderKind::Anthropic, server));
        INFO(errorText(*job));
        REQUIRE(job->ok());
        CHECK(job->models()
              == QStringList{QStringLiteral("claude-a"), QStringLiteral("claude-b"), QStringLiteral("claude-c")});
        REQUIRE(server.requests().size() == 2);
        CHECK(server.requests().at(0).path == "/v1/models?limit=1000");
        CHECK(server.requests().at(1).path == "/v1/models?limit=1000&after_id=claude-b");
        for (const auto& request : server.requests()) {
            CHECK(request.header("x-api-key") == kKey);
            CHECK(request.header("anthropic-version") == "2023-06-01");
            CHECK(request.header("authorization").isEmpty());
        }
    }
    SECTION("Anthropic pages stop at the cap")
    {
        for (int i = 0; i < 3; ++i) {
            server.enqueue(FakeResponse::json(200,
                                              R"({"data":[{"id":"m)" + QByteArray::number(i)
                                                  + R"("}],"has_more":true,"last_id":"m)" + QByteArray::number(i)
                                                  + "\"}"));
        }
        const auto job
            = run(network, configFor(ProviderKind::Anthropic, server), kKey, [](ModelListJob& j) { j.setMaxPages(2); });
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Protocol);
        CHECK(server.requests().size() == 2);
    }
}

TEST_CASE("model list failures are typed and never show the key", "[providers][models]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    REQUIRE(server.listening());

    SECTION("401 is an auth failure whose echoed key is masked")
    {
        server.enqueue(FakeResponse::json(401,
                                          R"({"error":{"message":"Incorrect API key provided: )" + kKey
                                              + R"(","type":"invalid_request_error"}})"));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Auth);
        CHECK(job->error().code == veil::Error::Code::Denied);
        CHECK(job->httpStatus() == 401);
        CHECK(job->error().message.contains(QLatin1String("401")));
        CHECK_FALSE(job->error().message.contains(QString::fromLatin1(kKey)));
        CHECK_FALSE(job->error().message.contains(QLatin1String("9f8e7d6c5b4a")));
        CHECK(server.requests().size() == 1); // a refused key stays refused: never asked again
    }
    SECTION("malformed JSON is a protocol failure")
    {
        server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"x"})"));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Protocol);
        CHECK(job->error().code == veil::Error::Code::InvalidInput);
    }
    SECTION("a list of the wrong shape is a protocol failure")
    {
        server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"x"}]})"));
        const auto job = run(network, configFor(ProviderKind::Ollama, server), QByteArray());
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Protocol);
    }
    SECTION("404 says there is no model list")
    {
        server.enqueue(FakeResponse::json(404, R"({"error":"page not found"})"));
        const auto job = run(network, configFor(ProviderKind::OpenAiCompatible, server), QByteArray());
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::NotFound);
    }
    SECTION("a redirect is not followed")
    {
        server.enqueue(FakeResponse::json(302, "{}", {{"Location", "http://127.0.0.1:1/elsewhere"}}));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::BadRequest);
        CHECK(server.requests().size() == 1);
    }
    SECTION("5xx that stays is a server failure after two retries")
    {
        for (int i = 0; i < 3; ++i) {
            server.enqueue(FakeResponse::json(503, R"({"error":{"message":"overloaded"}})"));
        }
        server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"never-read"}],"has_more":false})"));
        const auto job = run(network, configFor(ProviderKind::Anthropic, server));
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Server);
        CHECK(job->error().code == veil::Error::Code::Unavailable);
        CHECK(job->error().message.contains(QLatin1String("503")));
        CHECK(server.requests().size() == 3);
        CHECK(job->requests() == 3);
    }
    SECTION("an idle server times out")
    {
        FakeResponse stalled = FakeResponse::json(200, R"({"data":[{"id":"x"}]})");
        stalled.stallAfter = 3;
        server.enqueue(stalled);
        const auto job = run(network, configFor(ProviderKind::OpenAi, server), kKey, [](ModelListJob& j) {
            j.setIdleTimeoutMs(200);
            j.setMaxRetries(0);
        });
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Timeout);
        CHECK(server.requests().size() == 1);
    }
}

TEST_CASE("model list requests are retried before a page is complete, as chat requests are",
          "[providers][models][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    REQUIRE(server.listening());

    SECTION("a 503 and then a 200 succeeds after one retry with the backoff delay")
    {
        server.enqueue(FakeResponse::json(503, R"({"error":{"message":"overloaded"}})"));
        server.enqueue(FakeResponse::json(200, R"({"object":"list","data":[{"id":"gpt-4o"}]})"));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        INFO(errorText(*job));
        REQUIRE(job->ok());
        CHECK(job->models() == QStringList{QStringLiteral("gpt-4o")});
        CHECK(server.requests().size() == 2);
        REQUIRE(job->retryDelaysMs().size() == 1);
        CHECK(job->retryDelaysMs().front() >= 375);
        CHECK(job->retryDelaysMs().front() <= 500);
    }
    SECTION("a 429 waits as long as retry-after asks")
    {
        server.enqueue(FakeResponse::json(429, R"({"error":{"message":"Slow down."}})", {{"retry-after", "3"}}));
        server.enqueue(FakeResponse::json(200, R"({"models":[{"name":"llama3:8b"}]})"));
        const auto job = run(network, configFor(ProviderKind::Ollama, server), QByteArray());
        INFO(errorText(*job));
        REQUIRE(job->ok());
        CHECK(job->retryDelaysMs() == QList<int>{3000});
    }
    SECTION("a 429 for an exhausted quota is not retried")
    {
        server.enqueue(FakeResponse::json(
            429, R"({"error":{"message":"You exceeded your current quota.","type":"insufficient_quota"}})"));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Server);
        CHECK(server.requests().size() == 1);
    }
    SECTION("x-should-retry: false stops retries")
    {
        server.enqueue(FakeResponse::json(503, R"({"error":{"message":"Down."}})", {{"x-should-retry", "false"}}));
        const auto job = run(network, configFor(ProviderKind::OpenAi, server));
        REQUIRE_FALSE(job->ok());
        CHECK(server.requests().size() == 1);
        CHECK(job->retryDelaysMs().isEmpty());
    }
    SECTION("a later Anthropic page is retried by itself, with the same after_id")
    {
        server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"claude-a"}],"has_more":true,"last_id":"claude-a"})"));
        server.enqueue(FakeResponse::json(502, "bad gateway"));
        server.enqueue(
            FakeResponse::json(200, R"({"data":[{"id":"claude-b"}],"has_more":false,"last_id":"claude-b"})"));
        const auto job = run(network, configFor(ProviderKind::Anthropic, server));
        INFO(errorText(*job));
        REQUIRE(job->ok());
        CHECK(job->models() == QStringList{QStringLiteral("claude-a"), QStringLiteral("claude-b")});
        REQUIRE(server.requests().size() == 3);
        CHECK(server.requests()[1].path == server.requests()[2].path);
        CHECK(server.requests()[2].path.contains("after_id=claude-a"));
    }
    SECTION("a server that is gone is tried three times, then is a network failure")
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            REQUIRE(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        QUrl base(QStringLiteral("http://127.0.0.1/v1"));
        base.setPort(port);
        const auto job = run(network, ProviderConfig{QStringLiteral("gone"), ProviderKind::OpenAiCompatible, base, {}},
                             QByteArray());
        REQUIRE_FALSE(job->ok());
        CHECK(job->failure() == ModelListJob::Failure::Network);
        CHECK(job->requests() == 3);
    }
    SECTION("abort while waiting to retry cancels without another request")
    {
        server.enqueue(FakeResponse::json(503, R"({"error":{"message":"overloaded"}})"));
        auto job = std::make_unique<ModelListJob>(&network, configFor(ProviderKind::OpenAi, server), kKey);
        job->setRetryWait([](int) { return 10000; });
        QSignalSpy finished(job.get(), &veil::Job::finished);
        job->start();
        QTRY_VERIFY_WITH_TIMEOUT(job->retryDelaysMs().size() == 1, 10000);
        job->abort();
        REQUIRE(finished.size() == 1);
        CHECK(job->failure() == ModelListJob::Failure::Cancelled);
        QTest::qWait(50);
        CHECK(server.requests().size() == 1);
    }
}

TEST_CASE("model lists are refused for plain http off loopback and for the inspector", "[providers][models]")
{
    QNetworkAccessManager network;
    const ProviderConfig remote{
        QStringLiteral("remote"), ProviderKind::OpenAi, QUrl(QStringLiteral("http://api.example.com/v1")), {}};
    const auto job = run(network, remote);
    REQUIRE_FALSE(job->ok());
    CHECK(job->failure() == ModelListJob::Failure::Refused);
    CHECK(job->error().code == veil::Error::Code::Denied);

    const ProviderConfig inspector{QStringLiteral("inspector"), ProviderKind::Inspector, QUrl(), {}};
    const auto refused = run(network, inspector);
    CHECK(refused->failure() == ModelListJob::Failure::Refused);
}

TEST_CASE("abort ends a model list fetch once with Cancelled", "[providers][models]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    FakeResponse stalled = FakeResponse::json(200, R"({"data":[{"id":"x"}]})");
    stalled.stallAfter = 2;
    server.enqueue(stalled);
    ModelListJob job(&network, configFor(ProviderKind::OpenAi, server), kKey);
    int finishedCount = 0;
    QObject::connect(&job, &veil::Job::finished, &job, [&finishedCount] { ++finishedCount; });
    QObject::connect(&server, &FakeProviderServer::requestReceived, &job, [&job] { job.abort(); });
    QSignalSpy finished(&job, &veil::Job::finished);
    job.start();
    REQUIRE(finished.wait(10000));
    QTest::qWait(20);
    CHECK(finishedCount == 1);
    CHECK(job.error().code == veil::Error::Code::Cancelled);
}
