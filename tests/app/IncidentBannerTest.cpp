// The organization's incident request as a banner in the main window: shown for a pending incident, gone after
// "Not now" or once the ledger records the incident; an automatic request runs without asking and says how it
// ended. Uses the private gnome-keyring of scripts/with-keyring for the (empty) history.
#include "veil/IncidentBanner.h"

#include "chat/ProviderRegistry.h"
#include "export/IncidentLedger.h"
#include "keychain/LibsecretStore.h"
#include "policy/PolicyBundle.h"
#include "policy/PolicyEnforcer.h"
#include "support/GuiHistory.h"
#include "veil/HistoryClient.h"
#include "veil/MainWindow.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using veil::app::HistoryClient;
using veil::app::IncidentBanner;
using veil::app::MainWindow;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

constexpr const char* kRecipient = "age1g3hpthnz0rtyzf8cg9hxpze07n295hxgxzwfwcwfpyh57ychudjs0rlsqk";

veil::policy::PolicyEnforcer enforcerWithIncident(const QByteArray& extra)
{
    const QByteArray json = R"({"schema": "veil-policy", "schema_version": "1.0", "org_id": "acme",
      "bundle_version": 3, "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2099-01-01T00:00:00Z",
      "export": {"allow": true}, "incident": {"id": "INC-9", "since": "2026-05-01", "until": "2026-05-02",
      "upload_url": "https://dav.example.com/in/", "recipients": [")"
        + QByteArray(kRecipient) + "\"]" + extra + "}}";
    auto parsed = veil::policy::PolicyBundle::parse(json);
    INFO((parsed ? QString() : parsed.error().message).toStdString());
    REQUIRE(parsed);
    veil::policy::ManagedConfig config;
    config.managed = true;
    config.orgId = QStringLiteral("acme");
    return veil::policy::PolicyEnforcer::evaluate(config, veil::policy::StoredBundle{parsed.value(), {}, {}},
                                                  QDateTime::currentDateTimeUtc(), QStringLiteral("0.1.0"));
}

MainWindow::Setup setupFor(veil::keychain::SecretStore* secrets, QNetworkAccessManager* network,
                           const veil::test::GuiXdg& xdg, veil::policy::PolicyEnforcer enforcer)
{
    MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(kRules);
    setup.enforcer = std::move(enforcer);
    setup.providers = {veil::chat::ProviderRegistry::inspector()};
    setup.secrets = secrets;
    setup.network = network;
    setup.databasePath = xdg.databasePath();
    setup.incidentLedgerPath = xdg.path(QStringLiteral("incidents.json"));
    setup.incidentFolder = xdg.path(QStringLiteral("incidents"));
    setup.appVersion = QStringLiteral("0.0.0-test");
    return setup;
}

} // namespace

TEST_CASE("a pending incident request shows a banner that Not now and the ledger take away", "[gui][incident]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow window(setupFor(&secrets, &network, xdg, enforcerWithIncident("")));
    window.show();
    IncidentBanner* banner = window.incidentBanner();
    REQUIRE(banner);
    CHECK_FALSE(banner->isVisible());
    window.openHistory();
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Empty; }, 10000));

    REQUIRE(banner->isVisible());
    CHECK(banner->incident().has_value());
    // Who asks, which incident, and where it goes.
    CHECK(banner->text().contains(QStringLiteral("acme")));
    CHECK(banner->text().contains(QStringLiteral("INC-9")));
    CHECK(banner->text().contains(QStringLiteral("dav.example.com")));
    auto* respond = banner->findChild<QPushButton*>(QStringLiteral("incidentRespond"));
    auto* notNow = banner->findChild<QPushButton*>(QStringLiteral("incidentNotNow"));
    REQUIRE(respond);
    REQUIRE(notNow);
    CHECK(respond->isVisible());

    SECTION("Not now hides it for this session")
    {
        QTest::mouseClick(notNow, Qt::LeftButton);
        CHECK_FALSE(banner->isVisible());
        banner->refresh();
        CHECK_FALSE(banner->isVisible());
    }

    SECTION("an incident the ledger records as handled is not shown again")
    {
        veil::exports::IncidentLedger ledger(xdg.path(QStringLiteral("incidents.json")));
        REQUIRE(ledger.record({QStringLiteral("acme"), QStringLiteral("INC-9"), 1, QStringLiteral("dav.example.com"),
                               QStringLiteral("00")}));
        banner->refresh();
        CHECK_FALSE(banner->isVisible());
        CHECK_FALSE(banner->incident().has_value());
    }

    SECTION("consenting without a history says there is nothing to export and keeps the request")
    {
        QSignalSpy finished(banner, &IncidentBanner::responseFinished);
        QTest::mouseClick(respond, Qt::LeftButton);
        REQUIRE(finished.wait(10000));
        CHECK_FALSE(finished[0][0].toBool());
        CHECK(banner->isVisible());
        CHECK(banner->text().contains(QStringLiteral("no history")));
        auto handled = veil::exports::IncidentLedger(xdg.path(QStringLiteral("incidents.json")))
                           .find(QStringLiteral("acme"), QStringLiteral("INC-9"));
        REQUIRE(handled);
        CHECK_FALSE(handled.value().has_value());
    }
}

TEST_CASE("an automatic incident request runs without asking and shows its result", "[gui][incident]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow window(setupFor(&secrets, &network, xdg, enforcerWithIncident(R"(, "automatic": true)")));
    window.show();
    QSignalSpy finished(window.incidentBanner(), &IncidentBanner::responseFinished);
    window.openHistory();
    REQUIRE(finished.wait(10000));
    CHECK_FALSE(finished[0][0].toBool());
    CHECK(window.incidentBanner()->isVisible());
    CHECK(window.incidentBanner()->text().contains(QStringLiteral("INC-9")));
    auto* respond = window.incidentBanner()->findChild<QPushButton*>(QStringLiteral("incidentRespond"));
    REQUIRE(respond);
    CHECK_FALSE(respond->isVisible());
}
