// Live policy refresh in the main window, against the real loopback nginx of scripts/start-services: a new
// bundle updates the provider picker and the policy badge; a refused bundle or an unreachable server shows a
// warning while the last known good policy stays in force.
#include "veil/PolicyRefresher.h"
#include "audit/AuditLog.h"
#include "chat/OpenHistoryJob.h"
#include "chat/ProviderRegistry.h"
#include "keychain/LibsecretStore.h"
#include "policy/PolicyAuditSpool.h"
#include "policy/PolicyEnforcer.h"
#include "support/CatchQt.h"
#include "support/GuiHistory.h"
#include "support/TestData.h"
#include "veil/HistoryClient.h"
#include "veil/MainWindow.h"
#include "veil/PolicyDialog.h"
#include "veil/ProviderPicker.h"
#include "widgets/RedactionPreview.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using veil::app::HistoryClient;
using veil::app::MainWindow;
using veil::app::PolicyRefresher;
using veil::policy::PolicyEnforcer;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

bool haveServer()
{
    return veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()
                                               && veil::test::sharedDir().has_value(),
                                           "the test web server and the shared policy vectors");
}

QByteArray vector(const QString& name)
{
    return veil::test::readFile(*veil::test::sharedDir() + QStringLiteral("/fixtures/policy/vectors/") + name);
}

/// Publishes a vector (and its signature) as https://.../FOLDER/policy.json on the test server.
QString publish(const QString& folder, const QString& vectorName)
{
    const QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + folder;
    QDir().mkpath(www);
    static int publication = 0;
    for (const auto& [from, to] :
         {std::pair{vectorName, QStringLiteral("policy.json")},
          std::pair{QString(vectorName + QStringLiteral(".minisig")), QStringLiteral("policy.json.minisig")}}) {
        QFile out(www + QLatin1Char('/') + to);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(vector(from));
        REQUIRE(out.flush());
        // nginx's ETag is mtime and size: every publication gets its own time.
        REQUIRE(
            out.setFileTime(QDateTime::currentDateTimeUtc().addSecs(++publication), QFileDevice::FileModificationTime));
    }
    return qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + folder + QStringLiteral("/policy.json");
}

veil::providers::ProviderConfig gateway()
{
    veil::providers::ProviderConfig config;
    config.id = QStringLiteral("corp-gateway");
    config.kind = veil::providers::ProviderKind::OpenAiCompatible;
    config.baseUrl = QUrl(QStringLiteral("https://llm-gateway.example.org/v1"));
    config.models = {QStringLiteral("gpt-4o-mini")};
    return config;
}

QStringList listedProviders(MainWindow& window)
{
    QStringList ids;
    const auto* box = window.providerPicker()->findChildren<QComboBox*>().value(0);
    REQUIRE(box);
    for (int i = 0; i < box->count(); ++i) {
        ids << box->itemText(i);
    }
    return ids;
}

} // namespace

TEST_CASE("a newly activated bundle updates the picker and the badge, and failures warn and keep it", "[gui][policy]")
{
    if (!haveServer()) {
        return;
    }
    veil::test::GuiXdg xdg;
    const QString url = publish(QStringLiteral("gui-refresh"), QStringLiteral("policy-v42.json"));
    veil::policy::ManagedConfig config;
    config.managed = true;
    config.policyUrl = QUrl(url);
    config.orgId = QStringLiteral("example-org");
    config.requirePolicy = true;
    auto key = veil::policy::MinisignPublicKey::parse(vector(QStringLiteral("trusted-test-key.pub")));
    REQUIRE(key);
    config.trustedKeys = {key.value()};

    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(kRules);
    setup.enforcer
        = PolicyEnforcer::evaluate(config, std::nullopt, QDateTime::currentDateTimeUtc(), QStringLiteral("0.1.0"));
    setup.providers = {veil::chat::ProviderRegistry::inspector(), gateway()};
    setup.secrets = &secrets;
    setup.network = &network;
    setup.databasePath = xdg.databasePath();
    setup.appVersion = QStringLiteral("0.1.0");
    setup.managed = config;
    setup.policyCacheDir = xdg.path(QStringLiteral("cache/policy"));
    setup.policyStateDir = xdg.path(QStringLiteral("data/policy-state"));
    setup.caCertificates = QSslCertificate::fromPath(qEnvironmentVariable("VEIL_TEST_CA_FILE"));
    MainWindow window(std::move(setup));

    PolicyRefresher* refresher = window.policyRefresher();
    REQUIRE(refresher);
    CHECK(window.policyBadge()->text().contains(QStringLiteral("no policy yet")));
    CHECK_FALSE(listedProviders(window).contains(QStringLiteral("corp-gateway")));
    // The first poll is scheduled within a minute of start, not at once and not in 15 minutes.
    CHECK(refresher->remainingMs() >= 0);
    CHECK(refresher->remainingMs() < 60000);

    const auto engineBefore = window.engine();
    QSignalSpy applied(&window, &MainWindow::policyApplied);
    refresher->pollNow();
    CHECK(refresher->isPolling());
    REQUIRE(applied.wait(30000));
    CHECK(window.enforcer().version() == 42);
    CHECK(window.enforcer().mode() == PolicyEnforcer::Mode::Active);
    CHECK(window.policyBadge()->text().contains(QStringLiteral("policy v42")));
    CHECK(listedProviders(window).contains(QStringLiteral("corp-gateway")));
    CHECK(window.policyWarning()->isHidden());
    // The next poll falls within the bundle's polling bounds (900 .. 1800 s).
    CHECK(refresher->remainingMs() >= 900 * 1000 - 5000);
    CHECK(refresher->remainingMs() <= 1801 * 1000); // a very coarse timer rounds to the second
    // The bundle's redaction rules are now the composer's and the prompts'.
    REQUIRE(window.engine() != nullptr);
    CHECK(window.engine() != engineBefore);
    CHECK(window.preview()->engine() == window.engine());
    const auto& rules = window.engine()->catalogue().rules();
    CHECK(std::any_of(rules.begin(), rules.end(), [](const auto& rule) { return rule->origin == "policy v42"; }));

    SECTION("the Policy dialog shows the bundle in force, its rules, and Check now asks the server")
    {
        veil::app::PolicyDialog* dialog = window.showPolicyDialog();
        REQUIRE(dialog);
        // The stored bundle's details are read on a worker thread.
        REQUIRE(
            QTest::qWaitFor([&] { return dialog->detail(QStringLiteral("keyId")) == key.value().keyIdHex(); }, 20000));
        CHECK(dialog->detail(QStringLiteral("status")).contains(QStringLiteral("policy v42")));
        CHECK(dialog->detail(QStringLiteral("organization")) == QStringLiteral("example-org"));
        CHECK(dialog->detail(QStringLiteral("source")) == url);
        CHECK(dialog->detail(QStringLiteral("version")) == QStringLiteral("42"));
        CHECK(dialog->detail(QStringLiteral("keyId")) == key.value().keyIdHex());
        CHECK(dialog->detail(QStringLiteral("fetched")).contains(url));
        CHECK_FALSE(dialog->detail(QStringLiteral("expires")).isEmpty());
        CHECK(dialog->detail(QStringLiteral("lastResult")).contains(QStringLiteral("current")));
        // Every rule in force, the organization's marked as such.
        const QAbstractItemModel* shown = dialog->rulesTable()->model();
        REQUIRE(shown->rowCount() == int(window.engine()->catalogue().rules().size()));
        bool organization = false;
        for (int row = 0; row < shown->rowCount(); ++row) {
            organization |= shown->index(row, 3).data().toString() == QStringLiteral("Organization (policy v42)");
        }
        CHECK(organization);
        dialog->rulesFilter()->setText(QStringLiteral("no rule is called this"));
        CHECK(shown->rowCount() == 0);

        publish(QStringLiteral("gui-refresh"), QStringLiteral("tampered-policy-v42.json"));
        QSignalSpy status(refresher, &PolicyRefresher::statusChanged);
        QTest::mouseClick(dialog->checkNowButton(), Qt::LeftButton);
        CHECK(refresher->isPolling());
        CHECK(dialog->detail(QStringLiteral("lastResult")) == QStringLiteral("Checking…"));
        CHECK_FALSE(dialog->checkNowButton()->isEnabled());
        REQUIRE(status.wait(30000));
        CHECK(dialog->detail(QStringLiteral("lastResult")).contains(QStringLiteral("failed")));
        CHECK(dialog->detail(QStringLiteral("lastResult")).contains(QStringLiteral("stays")));
        CHECK(dialog->detail(QStringLiteral("version")) == QStringLiteral("42"));
        CHECK(dialog->checkNowButton()->isEnabled());
    }
    SECTION("a refused bundle warns, keeps version 42 and backs off")
    {
        publish(QStringLiteral("gui-refresh"), QStringLiteral("tampered-policy-v42.json"));
        QSignalSpy status(refresher, &PolicyRefresher::statusChanged);
        refresher->pollNow();
        REQUIRE(status.wait(30000));
        CHECK(refresher->lastPollFailed());
        CHECK(refresher->lastPollRefused());
        CHECK_FALSE(window.policyWarning()->isHidden());
        CHECK(window.policyWarning()->text().contains(QStringLiteral("refused")));
        CHECK(window.policyWarning()->text().contains(QStringLiteral("version 42")));
        CHECK(window.policyBadge()->text().contains(QStringLiteral("policy v42")));
        CHECK(listedProviders(window).contains(QStringLiteral("corp-gateway")));
        CHECK(refresher->schedule().consecutiveFailures() == 1);
        CHECK(refresher->remainingMs() <= 301 * 1000); // the first backoff step, 5 minutes (a coarse timer)

        // The activation and the refusal wait for the history's audit log (it is not open here).
        auto queued
            = veil::policy::PolicyAuditSpool(veil::policy::PolicyAuditSpool::pathFor(xdg.databasePath())).events();
        REQUIRE(queued);
        REQUIRE(queued->size() == 2);
        CHECK(queued->at(0).kind == veil::policy::PolicyAuditEvent::Kind::Activated);
        CHECK(queued->at(0).bundleVersion == 42);
        CHECK(queued->at(1).reasonCode == QStringLiteral("signature_invalid"));

        // Fixed again: the warning goes.
        publish(QStringLiteral("gui-refresh"), QStringLiteral("policy-v42.json"));
        refresher->pollNow();
        REQUIRE(status.wait(30000));
        CHECK_FALSE(refresher->lastPollFailed());
        CHECK(window.policyWarning()->isHidden());
        CHECK(refresher->schedule().consecutiveFailures() == 0);
    }
    SECTION("an unreachable server warns that the last known good policy stays in force")
    {
        QFile::remove(qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QStringLiteral("/gui-refresh/policy.json"));
        QSignalSpy status(refresher, &PolicyRefresher::statusChanged);
        refresher->pollNow();
        REQUIRE(status.wait(30000));
        CHECK(refresher->lastPollFailed());
        CHECK_FALSE(refresher->lastPollRefused());
        CHECK(window.policyWarning()->text().contains(QStringLiteral("could not be fetched")));
        CHECK(window.policyWarning()->text().contains(QStringLiteral("last known good policy (version 42)")));
        CHECK(window.policyBadge()->text().contains(QStringLiteral("policy v42")));
    }
}

TEST_CASE("unmanaged or without a policy_url, nothing is polled", "[gui][policy]")
{
    veil::test::GuiXdg xdg;
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(kRules);
    setup.providers = {veil::chat::ProviderRegistry::inspector()};
    setup.secrets = &secrets;
    setup.network = &network;
    setup.databasePath = xdg.databasePath();
    MainWindow unmanaged(setup);
    CHECK(unmanaged.policyRefresher() == nullptr);
    CHECK(unmanaged.policyWarning()->isHidden());
    // The Policy dialog says so, shows the built-in rules, and has no server to ask.
    veil::app::PolicyDialog* dialog = unmanaged.showPolicyDialog();
    REQUIRE(dialog);
    CHECK(dialog->detail(QStringLiteral("status")) == QStringLiteral("Unmanaged"));
    CHECK(dialog->detail(QStringLiteral("lastResult")) == QStringLiteral("Not checked: unmanaged."));
    CHECK(dialog->detail(QStringLiteral("retention")).contains(QStringLiteral("until you delete them")));
    CHECK_FALSE(dialog->checkNowButton()->isEnabled());
    REQUIRE(dialog->rulesTable()->model()->rowCount() == int(setup.engine->catalogue().rules().size()));
    CHECK(dialog->rulesTable()->model()->index(0, 3).data().toString() == QStringLiteral("Built-in"));

    setup.managed.managed = true;
    setup.managed.orgId = QStringLiteral("example-org");
    MainWindow noUrl(setup);
    CHECK(noUrl.policyRefresher() == nullptr);
}

TEST_CASE("with the history open, a live activation reaches the audit log at once", "[gui][policy][audit]")
{
    if (!haveServer() || !veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    {
        veil::chat::OpenHistoryJob::Options options;
        options.databasePath = xdg.databasePath();
        options.create = true;
        veil::chat::OpenHistoryJob job(secrets, options);
        QSignalSpy opened(&job, &veil::Job::finished);
        job.start();
        REQUIRE(opened.wait(10000));
        REQUIRE(job.ok());
    }
    veil::policy::ManagedConfig config;
    config.managed = true;
    config.policyUrl = QUrl(publish(QStringLiteral("gui-audit"), QStringLiteral("policy-v42.json")));
    config.orgId = QStringLiteral("example-org");
    auto key = veil::policy::MinisignPublicKey::parse(vector(QStringLiteral("trusted-test-key.pub")));
    REQUIRE(key);
    config.trustedKeys = {key.value()};

    MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(kRules);
    setup.enforcer
        = PolicyEnforcer::evaluate(config, std::nullopt, QDateTime::currentDateTimeUtc(), QStringLiteral("0.1.0"));
    setup.providers = {veil::chat::ProviderRegistry::inspector()};
    setup.secrets = &secrets;
    setup.network = &network;
    setup.databasePath = xdg.databasePath();
    setup.incidentLedgerPath = xdg.path(QStringLiteral("incidents.json"));
    setup.appVersion = QStringLiteral("0.1.0");
    setup.managed = config;
    setup.policyCacheDir = xdg.path(QStringLiteral("cache/policy"));
    setup.policyStateDir = xdg.path(QStringLiteral("data/policy-state"));
    setup.caCertificates = QSslCertificate::fromPath(qEnvironmentVariable("VEIL_TEST_CA_FILE"));
    MainWindow window(std::move(setup));
    window.openHistory();
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Open; }, 10000));

    QSignalSpy flushed(window.history(), &HistoryClient::policyAuditFlushed);
    window.policyRefresher()->pollNow();
    REQUIRE(flushed.wait(30000));
    CHECK(flushed.first().at(0).toInt() == 1);
    CHECK_FALSE(QFileInfo::exists(veil::policy::PolicyAuditSpool::pathFor(xdg.databasePath())));

    QList<veil::audit::AuditEntry> entries;
    bool listed = false;
    QObject::connect(window.history(), &HistoryClient::auditListed, &window,
                     [&](const QList<veil::audit::AuditEntry>& all) {
                         entries = all;
                         listed = true;
                     });
    window.history()->listAuditEntries();
    REQUIRE(QTest::qWaitFor([&] { return listed; }, 10000));
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].kind == QStringLiteral("policy_activated"));
    CHECK(entries[0].details.contains("\"bundle_version\":42"));
    CHECK(entries[0].details.contains("\"key_id\":\"098F64234B3B6230\""));
}
