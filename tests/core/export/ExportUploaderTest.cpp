// Uploads by HTTP PUT to the real loopback nginx (WebDAV) that scripts/start-services runs.
#include "export/ExportUploader.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>

using veil::exports::ExportUploader;

namespace {

struct Server
{
    QString https = qEnvironmentVariable("VEIL_TEST_HTTPS_URL");
    QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR");
    QList<QSslCertificate> ca = QSslCertificate::fromPath(qEnvironmentVariable("VEIL_TEST_CA_FILE"));
    bool available() const
    {
        return veil::test::availableOrFailInCi(!https.isEmpty() && !www.isEmpty() && !ca.isEmpty(),
                                               "the test web server (scripts/start-services)");
    }
};

QString writeFile(const QTemporaryDir& dir, const QByteArray& bytes)
{
    const QString path = dir.filePath(QStringLiteral("export.tar.age"));
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(file.write(bytes) == bytes.size());
    return path;
}

std::unique_ptr<ExportUploader> upload(QNetworkAccessManager& network, const QString& path, const QUrl& url,
                                       const QList<QSslCertificate>& ca)
{
    auto uploader = std::make_unique<ExportUploader>(&network, path, url);
    uploader->setExtraCaCertificates(ca);
    uploader->setRetryWait([](int) { return 10; });
    uploader->setMaxAttempts(3);
    QSignalSpy finished(uploader.get(), &veil::Job::finished);
    uploader->start();
    CHECK(finished.isEmpty());
    REQUIRE(finished.wait(60000));
    CHECK(finished.size() == 1);
    return uploader;
}

} // namespace

TEST_CASE("an export is PUT to a WebDAV folder byte for byte, streamed from disk", "[export][upload]")
{
    Server server;
    if (!server.available()) {
        return;
    }
    QTemporaryDir dir;
    QByteArray bytes(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (auto& byte : bytes) {
        byte = char(QRandomGenerator::global()->generate());
    }
    const QString path = writeFile(dir, bytes);
    const QString name = QStringLiteral("dav/exports/%1.tar.age").arg(QRandomGenerator::global()->generate64());
    QNetworkAccessManager network;
    auto uploader = upload(network, path, QUrl(server.https + QLatin1Char('/') + name), server.ca);
    INFO((uploader->ok() ? QString() : uploader->error().message).toStdString());
    REQUIRE(uploader->ok());
    CHECK(uploader->attempts() == 1);
    CHECK((uploader->httpStatus() == 201 || uploader->httpStatus() == 204));
    CHECK(veil::test::readFile(server.www + QLatin1Char('/') + name) == bytes);
    CHECK(veil::test::readFile(path) == bytes);
}

TEST_CASE("a 5xx is retried a bounded number of times, then fails and keeps the local file", "[export][upload]")
{
    Server server;
    if (!server.available()) {
        return;
    }
    QTemporaryDir dir;
    const QString path = writeFile(dir, "local export");
    QNetworkAccessManager network;
    auto uploader
        = upload(network, path, QUrl(server.https + QStringLiteral("/status/500?X-Amz-Signature=secret")), server.ca);
    REQUIRE_FALSE(uploader->ok());
    CHECK(uploader->attempts() == 3);
    CHECK(uploader->httpStatus() == 500);
    CHECK(uploader->error().code == veil::Error::Code::Unavailable);
    CHECK(uploader->error().message.contains(QStringLiteral("500")));
    CHECK_FALSE(uploader->error().message.contains(QStringLiteral("secret")));
    CHECK(veil::test::readFile(path) == "local export");
}

TEST_CASE("a 404 is not retried, an untrusted certificate is refused", "[export][upload]")
{
    Server server;
    if (!server.available()) {
        return;
    }
    QTemporaryDir dir;
    const QString path = writeFile(dir, "x");
    QNetworkAccessManager network;
    auto missing = upload(network, path, QUrl(server.https + QStringLiteral("/status/404")), server.ca);
    REQUIRE_FALSE(missing->ok());
    CHECK(missing->attempts() == 1);

    QNetworkAccessManager fresh; // not a connection the test CA already made trusted
    auto untrusted = upload(fresh, path, QUrl(server.https + QStringLiteral("/dav/untrusted.bin")), {});
    REQUIRE_FALSE(untrusted->ok());
    CHECK(untrusted->attempts() == 1);
    CHECK(untrusted->error().code == veil::Error::Code::Denied);
}

TEST_CASE("a refused connection is retried, and plain http is refused off loopback", "[export][upload]")
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, "x");
    QTcpServer closed;
    REQUIRE(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close();
    QNetworkAccessManager network;
    auto refused = upload(network, path, QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port)), {});
    REQUIRE_FALSE(refused->ok());
    CHECK(refused->attempts() == 3);

    auto insecure = upload(network, path, QUrl(QStringLiteral("http://uploads.example.com/x")), {});
    REQUIRE_FALSE(insecure->ok());
    CHECK(insecure->error().code == veil::Error::Code::Denied);
    CHECK(insecure->attempts() == 0);
    CHECK(ExportUploader::isAllowedUrl(QUrl(QStringLiteral("https://uploads.example.com/x"))));
    CHECK_FALSE(ExportUploader::isAllowedUrl(QUrl(QStringLiteral("ftp://127.0.0.1/x"))));
    CHECK(ExportUploader::displayUrl(QUrl(QStringLiteral("https://u:p@h.example/a?sig=1")))
          == QStringLiteral("https://h.example/a"));
}
