#include "policy/PolicyFetcher.h"
#include "policy/BundleVerifier.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace veil::policy;

namespace {

/// The loopback nginx that scripts/test starts (scripts/start-services), if this run has it.
struct TestServer
{
    QString https = qEnvironmentVariable("VEIL_TEST_HTTPS_URL");
    QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR");
    QList<QSslCertificate> ca = QSslCertificate::fromPath(qEnvironmentVariable("VEIL_TEST_CA_FILE"));
    bool available() const { return !https.isEmpty() && !www.isEmpty() && !ca.isEmpty(); }

    QUrl publish(const QString& path, const QByteArray& bytes) const
    {
        const QString file = www + QLatin1Char('/') + path;
        QDir().mkpath(QFileInfo(file).path());
        QFile out(file);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
        return QUrl(https + QLatin1Char('/') + path);
    }
};

/// Runs a fetch to the end and returns it (owned by the caller).
std::unique_ptr<PolicyFetcher> fetch(QNetworkAccessManager& network, const QUrl& url, const TestServer& server,
                                     const QByteArray& etag = {}, bool trustTestCa = true, int timeoutMs = 10000)
{
    auto fetcher = std::make_unique<PolicyFetcher>(&network, url);
    fetcher->setEtag(etag);
    fetcher->setTransferTimeoutMs(timeoutMs);
    if (trustTestCa) {
        fetcher->setExtraCaCertificates(server.ca);
    }
    QSignalSpy finished(fetcher.get(), &veil::Job::finished);
    fetcher->start();
    CHECK(finished.isEmpty()); // start() never completes synchronously
    REQUIRE(finished.wait(15000));
    CHECK(finished.size() == 1);
    return fetcher;
}

QByteArray vector(const QString& name)
{
    const auto shared = veil::test::sharedDir();
    return shared ? veil::test::readFile(*shared + QStringLiteral("/fixtures/policy/vectors/") + name) : QByteArray();
}

} // namespace

TEST_CASE("fetches a bundle and its signature over TLS, then gets 304 with the ETag", "[policy][fetch]")
{
    const TestServer server;
    if (!veil::test::availableOrFailInCi(server.available() && !vector(QStringLiteral("policy-v42.json")).isEmpty(),
                                         "the test web server and the shared policy vectors")) {
        return;
    }
    QNetworkAccessManager network;
    const QUrl url = server.publish(QStringLiteral("org/policy.json"), vector(QStringLiteral("policy-v42.json")));
    server.publish(QStringLiteral("org/policy.json.minisig"), vector(QStringLiteral("policy-v42.json.minisig")));

    auto first = fetch(network, url, server);
    INFO((first->ok() ? QString() : first->error().message).toStdString());
    REQUIRE(first->ok());
    CHECK_FALSE(first->notModified());
    CHECK(first->bundle() == vector(QStringLiteral("policy-v42.json")));
    CHECK(first->signature() == vector(QStringLiteral("policy-v42.json.minisig")));
    REQUIRE_FALSE(first->etag().isEmpty());

    auto second = fetch(network, url, server, first->etag());
    REQUIRE(second->ok());
    CHECK(second->notModified());
    CHECK(second->bundle().isEmpty());
}

TEST_CASE("a new bundle served with the old signature (CDN skew) is fetched, then refused", "[policy][fetch]")
{
    const TestServer server;
    if (!veil::test::availableOrFailInCi(server.available() && !vector(QStringLiteral("policy-v42.json")).isEmpty(),
                                         "the test web server and the shared policy vectors")) {
        return;
    }
    QNetworkAccessManager network;
    const QUrl url
        = server.publish(QStringLiteral("skew/policy.json"), vector(QStringLiteral("expired-policy-v43.json")));
    server.publish(QStringLiteral("skew/policy.json.minisig"), vector(QStringLiteral("policy-v42.json.minisig")));
    auto fetched = fetch(network, url, server);
    REQUIRE(fetched->ok());
    ManagedConfig config;
    config.trustedKeys = {MinisignPublicKey::parse(vector(QStringLiteral("trusted-test-key.pub"))).value()};
    auto verdict = BundleVerifier::verify(fetched->bundle(), fetched->signature(), config, {},
                                          QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC));
    REQUIRE_FALSE(verdict);
    CHECK(verdict.error().message.contains(QStringLiteral("changed after signing")));
}

TEST_CASE("HTTP errors, oversized bodies, insecure redirects and untrusted certificates end the fetch",
          "[policy][fetch]")
{
    const TestServer server;
    if (!veil::test::availableOrFailInCi(server.available(), "the test web server")) {
        return;
    }
    QNetworkAccessManager network;
    SECTION("404")
    {
        auto f = fetch(network, QUrl(server.https + QStringLiteral("/missing/policy.json")), server);
        REQUIRE_FALSE(f->ok());
        CHECK(f->error().code == veil::Error::Code::Unavailable);
        CHECK(f->error().message.contains(QStringLiteral("404")));
    }
    SECTION("500")
    {
        auto f = fetch(network, QUrl(server.https + QStringLiteral("/status/500")), server);
        REQUIRE_FALSE(f->ok());
        CHECK(f->error().message.contains(QStringLiteral("500")));
    }
    SECTION("a body over 1 MiB")
    {
        const QUrl url = server.publish(QStringLiteral("big/policy.json"), QByteArray(2 << 20, ' '));
        auto f = fetch(network, url, server);
        REQUIRE_FALSE(f->ok());
        CHECK(f->error().code == veil::Error::Code::Capacity);
    }
    SECTION("a redirect from https to http")
    {
        server.publish(QStringLiteral("plain/policy.json"), "{}");
        auto f = fetch(network, QUrl(server.https + QStringLiteral("/redirect-to-http/plain/policy.json")), server);
        REQUIRE_FALSE(f->ok());
        CHECK(f->error().code == veil::Error::Code::Denied);
        CHECK(f->error().message.contains(QStringLiteral("plain http")));
    }
    SECTION("a certificate from an unknown authority")
    {
        const QUrl url = server.publish(QStringLiteral("tls/policy.json"), "{}");
        auto f = fetch(network, url, server, {}, /*trustTestCa=*/false);
        REQUIRE_FALSE(f->ok());
        CHECK(f->error().message.contains(QStringLiteral("not trusted")));
    }
}

TEST_CASE("a server that never answers times out", "[policy][fetch]")
{
    QTcpServer silent; // accepts connections and says nothing
    REQUIRE(silent.listen(QHostAddress::LocalHost));
    QNetworkAccessManager network;
    const QUrl url(QStringLiteral("https://127.0.0.1:%1/policy.json").arg(silent.serverPort()));
    auto fetcher = std::make_unique<PolicyFetcher>(&network, url);
    fetcher->setTransferTimeoutMs(300);
    QSignalSpy finished(fetcher.get(), &veil::Job::finished);
    fetcher->start();
    REQUIRE(finished.wait(10000));
    REQUIRE_FALSE(fetcher->ok());
    CHECK(fetcher->error().code == veil::Error::Code::Timeout);
}

TEST_CASE("abort finishes the fetch once, as cancelled", "[policy][fetch]")
{
    QTcpServer silent;
    REQUIRE(silent.listen(QHostAddress::LocalHost));
    QNetworkAccessManager network;
    PolicyFetcher fetcher(&network, QUrl(QStringLiteral("https://127.0.0.1:%1/p.json").arg(silent.serverPort())));
    QSignalSpy finished(&fetcher, &veil::Job::finished);
    fetcher.start();
    QTest::qWait(50);
    fetcher.abort();
    CHECK(finished.size() == 1);
    CHECK(fetcher.error().code == veil::Error::Code::Cancelled);
    QTest::qWait(100);
    CHECK(finished.size() == 1);
}
