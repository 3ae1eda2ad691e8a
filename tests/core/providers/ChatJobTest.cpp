// ChatJob against the loopback FakeProviderServer: recorded streams in any chunking, what leaves the machine,
// retries before the first body byte only, typed errors, timeouts and abort.

#include "providers/ChatJob.h"
#include "providers/AnthropicStreamMapper.h"
#include "providers/OllamaStreamMapper.h"
#include "providers/OpenAiStreamMapper.h"

#include "StreamTestSupport.h"
#include "support/FakeProviderServer.h"
#include "support/TestData.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace veil::providers;
using veil::test::FakeProviderServer;
using veil::test::FakeResponse;
using Events = std::vector<StreamEvent>;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-live-9f8e7d6c5b4a39281706Qx7Z");

const QByteArray kOpenAiBody
    = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
      "data: [DONE]\n\n";

ProviderConfig configFor(ProviderKind kind, const FakeProviderServer& server)
{
    const QString path
        = (kind == ProviderKind::OpenAi || kind == ProviderKind::OpenAiCompatible) ? QStringLiteral("/v1") : QString();
    return ProviderConfig{QStringLiteral("test-provider"), kind, server.url(path), {QStringLiteral("m-1")}};
}

ChatRequest chat()
{
    ChatRequest request;
    request.model = QStringLiteral("m-1");
    request.system = QStringLiteral("Be brief.");
    request.messages = {{ChatMessage::Role::User, QStringLiteral("Hello [NAME_1]")}};
    return request;
}

struct Outcome
{
    std::unique_ptr<ChatJob> job;
    Events events;
    int finishedCount = 0;
};

/// Runs a job to its end. `setup` configures it; `onEvent` may abort it.
Outcome run(QNetworkAccessManager& network, const ProviderConfig& config,
            const std::function<void(ChatJob&)>& setup = {},
            const std::function<void(ChatJob&, const StreamEvent&)>& onEvent = {})
{
    Outcome outcome;
    outcome.job = std::make_unique<ChatJob>(&network, config, chat(), kKey);
    ChatJob& job = *outcome.job;
    job.setRetryWait([](int) { return 0; });
    job.setIdleTimeoutMs(5000);
    if (setup) {
        setup(job);
    }
    QObject::connect(&job, &ChatJob::streamEvent, &job, [&outcome, &onEvent](const StreamEvent& event) {
        outcome.events.push_back(event);
        if (onEvent) {
            onEvent(*outcome.job, event);
        }
    });
    QObject::connect(&job, &veil::Job::finished, &job, [&outcome] { ++outcome.finishedCount; });
    QSignalSpy finished(&job, &veil::Job::finished);
    job.start();
    CHECK(finished.isEmpty()); // start() never completes synchronously
    if (finished.isEmpty()) {
        REQUIRE(finished.wait(20000));
    }
    QTest::qWait(20); // anything late (a second finished, a stray event) would show now
    CHECK(outcome.finishedCount == 1);
    return outcome;
}

std::string errorText(const ChatJob& job)
{
    return job.ok() ? std::string("ok") : job.error().message.toStdString();
}

Events expectedEvents(ProviderKind kind, const QByteArray& body)
{
    const std::string_view bytes(body.constData(), size_t(body.size()));
    switch (kind) {
    case ProviderKind::Anthropic:
        return veil::test::decode<AnthropicStreamDecoder>(bytes);
    case ProviderKind::Ollama:
        return veil::test::decode<OllamaStreamDecoder>(bytes);
    default:
        return veil::test::decode<OpenAiStreamDecoder>(bytes);
    }
}

} // namespace

TEST_CASE("every recorded stream through ChatJob gives the decoder's events in any chunking", "[providers][chatjob]")
{
    const QStringList files = veil::test::recordedStreams();
    if (files.isEmpty()) {
        WARN("No recorded streams found (../shared/fixtures/streams); skipping.");
        return;
    }
    QNetworkAccessManager network;
    for (const QString& path : files) {
        const QString name = QFileInfo(path).fileName();
        INFO(name.toStdString());
        const QByteArray body = veil::test::readFile(path);
        REQUIRE_FALSE(body.isEmpty());
        ProviderKind kind = ProviderKind::OpenAi;
        QByteArray contentType = "text/event-stream";
        if (name.startsWith(QStringLiteral("anthropic_"))) {
            kind = ProviderKind::Anthropic;
        } else if (name.startsWith(QStringLiteral("ollama_"))) {
            kind = ProviderKind::Ollama;
            contentType = "application/x-ndjson";
        }
        const Events expected = expectedEvents(kind, body);
        REQUIRE_FALSE(expected.empty());
        const bool endsDone = std::holds_alternative<StreamDone>(expected.back());

        struct Chunking
        {
            const char* name;
            FakeResponse::Chunks chunks;
            int size;
        };
        for (const Chunking& chunking :
             {Chunking{"whole", FakeResponse::Chunks::Whole, 0}, Chunking{"1-byte", FakeResponse::Chunks::Fixed, 1},
              Chunking{"random", FakeResponse::Chunks::Random, 97}}) {
            INFO(chunking.name);
            FakeProviderServer server;
            REQUIRE(server.listening());
            FakeResponse response = FakeResponse::stream(body, contentType);
            response.chunks = chunking.chunks;
            response.chunkSize = chunking.size;
            response.seed = 20240601;
            server.enqueue(response);
            const Outcome outcome = run(network, configFor(kind, server));
            INFO(errorText(*outcome.job));
            CHECK(outcome.events == expected);
            CHECK(outcome.job->ok() == endsDone);
            CHECK(server.requests().size() == 1);
            if (!endsDone) {
                CHECK(outcome.job->failure() == ChatJob::Failure::Provider);
            }
        }
    }
}

TEST_CASE("the request that leaves the machine has the right path, headers and body per kind", "[providers][chatjob]")
{
    QNetworkAccessManager network;
    struct Case
    {
        ProviderKind kind;
        const char* path;
        const char* authHeader;
        QByteArray authValue;
        QByteArray body;
        QByteArray contentType;
    };
    const QByteArray anthropicBody = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    const QByteArray ollamaBody = "{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":true,"
                                  "\"done_reason\":\"stop\"}\n";
    for (const Case& c :
         {Case{ProviderKind::OpenAi, "/v1/chat/completions", "authorization", "Bearer " + kKey, kOpenAiBody,
               "text/event-stream"},
          Case{ProviderKind::Anthropic, "/v1/messages", "x-api-key", kKey, anthropicBody, "text/event-stream"},
          Case{ProviderKind::Ollama, "/api/chat", nullptr, {}, ollamaBody, "application/x-ndjson"}}) {
        INFO(toString(c.kind).toStdString());
        FakeProviderServer server;
        server.enqueue(FakeResponse::stream(c.body, c.contentType));
        const Outcome outcome = run(network, configFor(c.kind, server));
        INFO(errorText(*outcome.job));
        CHECK(outcome.job->ok());
        REQUIRE(server.requests().size() == 1);
        const veil::test::RecordedRequest& request = server.requests().front();
        CHECK(request.method == "POST");
        CHECK(request.path == c.path);
        CHECK(request.header("content-type") == "application/json");
        if (c.authHeader) {
            CHECK(request.header(c.authHeader) == c.authValue);
        }
        for (const auto& [name, value] : request.headers) {
            INFO(name.toStdString());
            if (!c.authHeader || name != c.authHeader) {
                CHECK_FALSE(value.contains(kKey));
                CHECK_FALSE(value.contains(kKey.right(12)));
            }
        }
        CHECK_FALSE(request.body.contains(kKey));
        if (c.kind == ProviderKind::Anthropic) {
            CHECK(request.header("anthropic-version") == "2023-06-01");
        }
        const QJsonObject json = QJsonDocument::fromJson(request.body).object();
        CHECK(json.value(QStringLiteral("model")).toString() == QStringLiteral("m-1"));
        CHECK(json.value(QStringLiteral("stream")).toBool());
        const QJsonArray messages = json.value(QStringLiteral("messages")).toArray();
        CHECK(messages.last().toObject().value(QStringLiteral("content")).toString()
              == QStringLiteral("Hello [NAME_1]"));
        if (c.kind == ProviderKind::Anthropic) {
            CHECK(json.value(QStringLiteral("system")).toString() == QStringLiteral("Be brief."));
            CHECK(json.value(QStringLiteral("max_tokens")).toInt() > 0);
            CHECK(messages.size() == 1);
        } else {
            CHECK(messages.first().toObject().value(QStringLiteral("role")).toString() == QStringLiteral("system"));
        }
        if (c.kind == ProviderKind::OpenAi) {
            CHECK(json.value(QStringLiteral("stream_options"))
                      .toObject()
                      .value(QStringLiteral("include_usage"))
                      .toBool());
        }
    }
}

TEST_CASE("a 503 and then a 200 succeeds after one retry with the backoff delay", "[providers][chatjob][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    server.enqueue(FakeResponse::json(503, R"({"error":{"message":"Overloaded."}})"));
    server.enqueue(FakeResponse::stream(kOpenAiBody, "text/event-stream"));
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
    INFO(errorText(*outcome.job));
    CHECK(outcome.job->ok());
    CHECK(outcome.job->attempts() == 2);
    CHECK(server.requests().size() == 2);
    REQUIRE(outcome.job->retryDelaysMs().size() == 1);
    CHECK(outcome.job->retryDelaysMs().front() >= 375);
    CHECK(outcome.job->retryDelaysMs().front() <= 500);
    CHECK(veil::test::assemble(outcome.events).text.at(0) == "Hi");
}

TEST_CASE("a 429 with retry-after-ms is retried after the wait the server asked for", "[providers][chatjob][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    server.enqueue(FakeResponse::json(429,
                                      R"({"error":{"message":"Rate limit reached.","code":"rate_limit_exceeded"}})",
                                      {{"retry-after-ms", "1500"}, {"retry-after", "30"}}));
    server.enqueue(FakeResponse::json(429, R"({"error":{"message":"Rate limit reached."}})", {{"retry-after", "3"}}));
    server.enqueue(FakeResponse::stream(kOpenAiBody, "text/event-stream"));
    QList<int> waited;
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server), [&waited](ChatJob& job) {
        job.setRetryWait([&waited](int planned) {
            waited.append(planned);
            return 0;
        });
    });
    INFO(errorText(*outcome.job));
    CHECK(outcome.job->ok());
    CHECK(server.requests().size() == 3);
    CHECK(waited == QList<int>{1500, 3000});
}

TEST_CASE("a 429 that stays is a rate-limit error after two retries", "[providers][chatjob][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    for (int i = 0; i < 3; ++i) {
        server.enqueue(FakeResponse::json(429, R"({"error":{"message":"Slow down.","code":"rate_limit_exceeded"}})"));
    }
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
    CHECK(outcome.job->failure() == ChatJob::Failure::RateLimit);
    CHECK(server.requests().size() == 3);
    CHECK(outcome.job->error().message.contains(QStringLiteral("test-provider")));
}

TEST_CASE("a quota 429 is not retried", "[providers][chatjob][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    server.enqueue(FakeResponse::json(
        429,
        R"({"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}})"));
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
    CHECK(outcome.job->failure() == ChatJob::Failure::Quota);
    CHECK(outcome.job->error().code == veil::Error::Code::Denied);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("x-should-retry: false stops retries", "[providers][chatjob][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    server.enqueue(FakeResponse::json(503, R"({"error":{"message":"Down."}})", {{"x-should-retry", "false"}}));
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
    CHECK(outcome.job->failure() == ChatJob::Failure::Server);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("no retry once the body has started: half a stream then a close is a truncated network error",
          "[providers][chatjob][retry]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    FakeResponse half = FakeResponse::stream(kOpenAiBody, "text/event-stream");
    half.closeAfter = kOpenAiBody.indexOf("data: {", 10) + 5;
    server.enqueue(half);
    server.enqueue(FakeResponse::stream(kOpenAiBody, "text/event-stream"));
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
    CHECK(outcome.job->failure() == ChatJob::Failure::Network);
    CHECK(server.requests().size() == 1);
    REQUIRE_FALSE(outcome.events.empty());
    const auto* error = std::get_if<StreamError>(&outcome.events.back());
    REQUIRE(error);
    CHECK(error->kind == StreamError::Kind::Truncated);
    CHECK(veil::test::assemble(outcome.events).text.at(0) == "Hi");
}

TEST_CASE("a 401 is an auth error naming the provider, with the key masked", "[providers][chatjob][errors]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    const QByteArray echo = "sk-live-*************************Qx7Z";
    server.enqueue(FakeResponse::json(
        401,
        R"({"error":{"message":"Incorrect API key provided: )" + echo
            + R"(. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","code":"invalid_api_key"}})"));
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
    CHECK(outcome.job->failure() == ChatJob::Failure::Auth);
    CHECK(outcome.job->error().code == veil::Error::Code::Denied);
    const QString message = outcome.job->error().message;
    INFO(message.toStdString());
    CHECK(message.contains(QStringLiteral("“test-provider”")));
    CHECK(message.contains(QStringLiteral("401")));
    CHECK(message.contains(QStringLiteral("Incorrect API key provided")));
    CHECK_FALSE(message.contains(QString::fromLatin1(kKey)));
    CHECK_FALSE(message.contains(QString::fromLatin1(echo)));
    CHECK_FALSE(message.contains(QStringLiteral("9f8e7d6c")));
    CHECK(server.requests().size() == 1);
}

TEST_CASE("Anthropic's 401 body is read too", "[providers][chatjob][errors]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    server.enqueue(FakeResponse::json(
        401,
        R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"})"));
    const Outcome outcome = run(network, configFor(ProviderKind::Anthropic, server));
    CHECK(outcome.job->failure() == ChatJob::Failure::Auth);
    CHECK(outcome.job->error().message.contains(QStringLiteral("invalid x-api-key")));
}

TEST_CASE("a 404 naming the model is a model-not-found error", "[providers][chatjob][errors]")
{
    QNetworkAccessManager network;
    SECTION("OpenAI")
    {
        FakeProviderServer server;
        server.enqueue(FakeResponse::json(
            404,
            R"({"error":{"message":"The model `m-1` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}})"));
        const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
        CHECK(outcome.job->failure() == ChatJob::Failure::ModelNotFound);
        CHECK(outcome.job->error().code == veil::Error::Code::NotFound);
        CHECK(outcome.job->error().message.contains(QStringLiteral("“m-1”")));
    }
    SECTION("Ollama")
    {
        FakeProviderServer server;
        server.enqueue(FakeResponse::json(404, R"({"error":"model \"m-1\" not found, try pulling it first"})"));
        const Outcome outcome = run(network, configFor(ProviderKind::Ollama, server));
        CHECK(outcome.job->failure() == ChatJob::Failure::ModelNotFound);
        CHECK(outcome.job->error().message.contains(QStringLiteral("try pulling it first")));
    }
}

TEST_CASE("a stall in the middle of the body is a timeout", "[providers][chatjob][timeout]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    FakeResponse stall = FakeResponse::stream(kOpenAiBody, "text/event-stream");
    stall.stallAfter = 20;
    server.enqueue(stall);
    const Outcome outcome
        = run(network, configFor(ProviderKind::OpenAi, server), [](ChatJob& job) { job.setIdleTimeoutMs(300); });
    INFO(errorText(*outcome.job));
    CHECK(outcome.job->failure() == ChatJob::Failure::Timeout);
    CHECK(outcome.job->error().code == veil::Error::Code::Timeout);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("abort in the middle of the stream cancels, and finished comes once", "[providers][chatjob][abort]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    FakeResponse slow = FakeResponse::stream(kOpenAiBody, "text/event-stream");
    slow.chunks = FakeResponse::Chunks::Fixed;
    slow.chunkSize = 4;
    slow.delayMs = 2;
    server.enqueue(slow);
    const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server), {},
                                [](ChatJob& job, const StreamEvent&) { job.abort(); });
    CHECK(outcome.events.size() == 1);
    CHECK(outcome.job->wasAborted());
    CHECK(outcome.job->failure() == ChatJob::Failure::Cancelled);
    CHECK(outcome.job->error().code == veil::Error::Code::Cancelled);
}

TEST_CASE("abort while waiting to retry cancels without another request", "[providers][chatjob][abort]")
{
    QNetworkAccessManager network;
    FakeProviderServer server;
    server.enqueue(FakeResponse::json(503, "{}"));
    auto job = std::make_unique<ChatJob>(&network, configFor(ProviderKind::OpenAi, server), chat(), kKey);
    job->setRetryWait([](int) { return 10000; });
    QSignalSpy finished(job.get(), &veil::Job::finished);
    QSignalSpy received(&server, &FakeProviderServer::requestReceived);
    job->start();
    REQUIRE(received.wait(5000));
    QTest::qWait(50);
    CHECK(finished.isEmpty());
    job->abort();
    CHECK(finished.size() == 1);
    QTest::qWait(50);
    CHECK(finished.size() == 1);
    CHECK(job->failure() == ChatJob::Failure::Cancelled);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("plain http to a non-loopback host is refused before any connection", "[providers][chatjob][errors]")
{
    QNetworkAccessManager network;
    const ProviderConfig config{QStringLiteral("remote"),
                                ProviderKind::OpenAiCompatible,
                                QUrl(QStringLiteral("http://198.51.100.7:8000/v1")),
                                {}};
    const Outcome outcome = run(network, config);
    CHECK(outcome.job->failure() == ChatJob::Failure::Refused);
    CHECK(outcome.job->error().code == veil::Error::Code::Denied);
    CHECK(outcome.job->attempts() == 0);
    CHECK(outcome.job->error().message.contains(QStringLiteral("plain http")));
}

TEST_CASE("a malformed stream is a protocol error, and a closed port is a network error after retries",
          "[providers][chatjob][errors]")
{
    QNetworkAccessManager network;
    SECTION("malformed stream")
    {
        FakeProviderServer server;
        server.enqueue(FakeResponse::stream("data: {not json at all\n\n", "text/event-stream"));
        const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
        INFO(errorText(*outcome.job));
        CHECK(outcome.job->failure() == ChatJob::Failure::Protocol);
        CHECK(server.requests().size() == 1);
    }
    SECTION("closed port")
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        QUrl base(QStringLiteral("http://127.0.0.1/v1"));
        base.setPort(port);
        const Outcome outcome
            = run(network, ProviderConfig{QStringLiteral("gone"), ProviderKind::OpenAiCompatible, base, {}});
        INFO(errorText(*outcome.job));
        CHECK(outcome.job->failure() == ChatJob::Failure::Network);
        CHECK(outcome.job->attempts() == 3);
    }
}

TEST_CASE("server retry delays are honoured only between 0 and 120 s, backoff otherwise", "[providers][chatjob][retry]")
{
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), QTimeZone::utc());
    CHECK(RetryPolicy::serverDelayMs("250", "9", now) == 250);
    CHECK(RetryPolicy::serverDelayMs({}, "2.5", now) == 2500);
    CHECK(RetryPolicy::serverDelayMs({}, "Wed, 21 Oct 2015 07:28:30 GMT", now) == 30000);
    CHECK_FALSE(RetryPolicy::serverDelayMs({}, "Wed, 21 Oct 2015 07:20:00 GMT", now).has_value());
    CHECK_FALSE(RetryPolicy::serverDelayMs({}, "121", now).has_value());
    CHECK_FALSE(RetryPolicy::serverDelayMs("0", {}, now).has_value());
    CHECK_FALSE(RetryPolicy::serverDelayMs({}, "soon", now).has_value());
    CHECK(RetryPolicy::backoffMs(0, 0.0) == 500);
    CHECK(RetryPolicy::backoffMs(1, 0.0) == 1000);
    CHECK(RetryPolicy::backoffMs(1, 1.0) == 750);
    CHECK(RetryPolicy::backoffMs(10, 0.0) == 8000);
}

TEST_CASE("a server that answers with bytes that are not HTTP ends the job with one sentence after bounded retries",
          "[providers][chatjob][errors]")
{
    QNetworkAccessManager network;
    const QList<QByteArray> answers{QByteArrayLiteral("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"),
                                    QByteArray::fromHex("16030100a5010000a10303fffe0d0a0d0a"),
                                    QByteArray(64 * 1024, '\x80')};
    for (const QByteArray& garbage : answers) {
        INFO(garbage.left(16).toHex().toStdString());
        FakeProviderServer server;
        FakeResponse response;
        response.garbage = garbage;
        for (int i = 0; i < 2 * (1 + ChatJob::kMaxRetries) + 2; ++i) {
            server.enqueue(response);
        }
        const Outcome outcome = run(network, configFor(ProviderKind::OpenAi, server));
        REQUIRE_FALSE(outcome.job->ok());
        const QString message = outcome.job->error().message;
        INFO(message.toStdString());
        // QtNetwork reports a connection that answered without a status line as closed, not as a protocol
        // failure, and sends the request once more on its own; ChatJob then retries it as a network error.
        CHECK(outcome.job->failure() == ChatJob::Failure::Network);
        CHECK(outcome.job->error().code == veil::Error::Code::Unavailable);
        CHECK(message.contains(QStringLiteral("“test-provider”")));
        CHECK(message.endsWith(QLatin1Char('.')));
        CHECK_FALSE(message.contains(QLatin1String(". "))); // one sentence
        CHECK(outcome.job->attempts() == 1 + ChatJob::kMaxRetries);
        CHECK(server.requests().size() <= 2 * (1 + ChatJob::kMaxRetries));
        CHECK(outcome.events.empty());
    }
}
