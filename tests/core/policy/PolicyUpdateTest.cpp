// PolicyUpdate against the loopback nginx of scripts/start-services: what it queues for the audit log.
#include "policy/PolicyUpdate.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace veil::policy;

namespace {

QByteArray vector(const QString& name)
{
    return veil::test::readFile(*veil::test::sharedDir() + QStringLiteral("/fixtures/policy/vectors/") + name);
}

/// Publishes a vector and its signature as FOLDER/policy.json; returns its URL.
QUrl publish(const QString& folder, const QString& name)
{
    const QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + folder;
    QDir().mkpath(www);
    static int publication = 0;
    for (const auto& [from, to] :
         {std::pair{name, QStringLiteral("policy.json")},
          std::pair{QString(name + QStringLiteral(".minisig")), QStringLiteral("policy.json.minisig")}}) {
        QFile out(www + QLatin1Char('/') + to);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(vector(from));
        REQUIRE(out.flush());
        REQUIRE(
            out.setFileTime(QDateTime::currentDateTimeUtc().addSecs(++publication), QFileDevice::FileModificationTime));
    }
    return QUrl(qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + folder
                + QStringLiteral("/policy.json"));
}

bool haveServer()
{
    return veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()
                                               && veil::test::sharedDir().has_value(),
                                           "the test web server and the shared policy vectors");
}

const QDateTime kNow(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);

/// Runs one update to the end; returns whether it succeeded.
std::unique_ptr<PolicyUpdate> runUpdate(const ManagedConfig& config, const QTemporaryDir& dir,
                                        QNetworkAccessManager& network)
{
    auto update = std::make_unique<PolicyUpdate>(
        config, PolicyStore(dir.filePath(QStringLiteral("cache")), dir.filePath(QStringLiteral("state"))), &network);
    update->setClock([] { return kNow; });
    update->setExtraCaCertificates(QSslCertificate::fromPath(qEnvironmentVariable("VEIL_TEST_CA_FILE")));
    update->setAuditSpool(dir.filePath(QStringLiteral("history.db.policy-audit")));
    QSignalSpy finished(update.get(), &veil::Job::finished);
    update->start();
    CHECK(finished.isEmpty());
    REQUIRE(finished.wait(30000));
    return update;
}

} // namespace

TEST_CASE("an update queues its activation and its refusal for the audit log, never for 304", "[policy][fetch][audit]")
{
    if (!haveServer()) {
        return;
    }
    QTemporaryDir dir;
    ManagedConfig config;
    config.managed = true;
    config.orgId = QStringLiteral("example-org");
    config.policyUrl = publish(QStringLiteral("update-audit"), QStringLiteral("policy-v42.json"));
    auto key = MinisignPublicKey::parse(vector(QStringLiteral("trusted-test-key.pub")));
    REQUIRE(key);
    config.trustedKeys = {key.value()};
    QNetworkAccessManager network;
    PolicyAuditSpool spool(dir.filePath(QStringLiteral("history.db.policy-audit")));

    auto first = runUpdate(config, dir, network);
    INFO((first->ok() ? QString() : first->error().message).toStdString());
    REQUIRE(first->ok());
    CHECK(first->activated());
    CHECK(first->auditStatus());
    auto queued = spool.events();
    REQUIRE(queued);
    REQUIRE(queued->size() == 1);
    CHECK(queued->at(0).kind == PolicyAuditEvent::Kind::Activated);
    CHECK(queued->at(0).at == kNow.toMSecsSinceEpoch());
    CHECK(queued->at(0).orgId == QStringLiteral("example-org"));
    CHECK(queued->at(0).bundleVersion == 42);
    CHECK(queued->at(0).keyId == QStringLiteral("098F64234B3B6230"));
    CHECK(queued->at(0).sourceHost == QStringLiteral("127.0.0.1"));

    auto unchanged = runUpdate(config, dir, network); // 304 with the ETag
    REQUIRE(unchanged->ok());
    CHECK_FALSE(unchanged->activated());
    CHECK(spool.events()->size() == 1);

    publish(QStringLiteral("update-audit"), QStringLiteral("rollback-policy-v41.json"));
    auto rollback = runUpdate(config, dir, network);
    REQUIRE_FALSE(rollback->ok());
    CHECK(rollback->refused());
    CHECK(rollback->refusalCode() == QStringLiteral("rollback"));
    queued = spool.events();
    REQUIRE(queued);
    REQUIRE(queued->size() == 2);
    CHECK(queued->at(1).kind == PolicyAuditEvent::Kind::Refused);
    CHECK(queued->at(1).reasonCode == QStringLiteral("rollback"));
    CHECK(queued->at(1).bundleVersion == 41);
    CHECK(queued->at(1).reason.contains(QStringLiteral("rollback")));

    // A server that cannot be used is no refusal: nothing is queued.
    config.policyUrl = QUrl(qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QStringLiteral("/status/404"));
    auto missing = runUpdate(config, dir, network);
    REQUIRE_FALSE(missing->ok());
    CHECK_FALSE(missing->refused());
    CHECK(spool.events()->size() == 2);
}
