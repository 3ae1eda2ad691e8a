// Settings > Providers over a providers.json of the test's own: adding, refusing a bad endpoint, removing, and
// setting an API key, which goes to the private gnome-keyring of scripts/with-keyring and is never shown again;
// fetching a provider's models from the loopback fake provider.
#include "veil/ProvidersDialog.h"

#include "chat/ProviderRegistry.h"
#include "keychain/LibsecretStore.h"
#include "keychain/SecretJob.h"
#include "support/FakeProviderServer.h"
#include "support/GuiHistory.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

using veil::app::ProvidersDialog;
using veil::test::FakeProviderServer;
using veil::test::FakeResponse;

TEST_CASE("the providers page adds and removes providers and stores an API key in the keychain", "[gui][providers]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("providers.json"));
    veil::keychain::LibsecretStore secrets;
    ProvidersDialog dialog(secrets, path);
    dialog.show();
    CHECK(dialog.list()->count() == 0);

    QSignalSpy changed(&dialog, &ProvidersDialog::providersChanged);
    dialog.findChild<QLineEdit*>(QStringLiteral("providerId"))->setText(QStringLiteral("gui-test-compat"));
    auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("providerKind"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("openai_compatible")));
    auto* baseUrl = dialog.findChild<QLineEdit*>(QStringLiteral("providerBaseUrl"));
    baseUrl->setText(QStringLiteral("http://example.com/v1"));
    dialog.findChild<QLineEdit*>(QStringLiteral("providerModels"))->setText(QStringLiteral("m1, m2"));

    // Plain http to anything but loopback is refused.
    dialog.addFromForm();
    CHECK(changed.isEmpty());
    CHECK(dialog.list()->count() == 0);
    CHECK(dialog.statusText().contains(QStringLiteral("cannot be added")));

    baseUrl->setText(QStringLiteral("http://127.0.0.1:8080/v1"));
    dialog.addFromForm();
    REQUIRE(changed.size() == 1);
    REQUIRE(dialog.list()->count() == 1);
    veil::chat::ProviderRegistry registry(path);
    REQUIRE(registry.load());
    REQUIRE(registry.configured().size() == 1);
    CHECK(registry.configured()[0].models == QStringList{QStringLiteral("m1"), QStringLiteral("m2")});

    // The key is taken from the line edit at once and stored in the keychain.
    dialog.list()->setCurrentRow(0);
    auto* key = dialog.findChild<QLineEdit*>(QStringLiteral("apiKey"));
    CHECK(key->echoMode() == QLineEdit::Password);
    key->setText(QStringLiteral("sk-gui-test-123"));
    QSignalSpy written(&dialog, &ProvidersDialog::keyWritten);
    dialog.setKeyForSelected();
    CHECK(key->text().isEmpty());
    REQUIRE(written.wait(10000));
    CHECK(written[0][1].toBool());
    auto read = secrets.read(veil::keychain::SecretKind::ApiKey, QStringLiteral("gui-test-compat"));
    QSignalSpy readDone(read.get(), &veil::Job::finished);
    read->start();
    REQUIRE(readDone.wait(10000));
    REQUIRE(read->ok());
    CHECK(read->takeSecret().view() == QByteArrayView("sk-gui-test-123"));
    CHECK_FALSE(dialog.statusText().contains(QStringLiteral("sk-gui-test-123")));

    dialog.removeSelected();
    CHECK(changed.size() == 2);
    CHECK(dialog.list()->count() == 0);
    REQUIRE(registry.load());
    CHECK(registry.configured().empty());

    auto removeKey = secrets.remove(veil::keychain::SecretKind::ApiKey, QStringLiteral("gui-test-compat"));
    QSignalSpy removed(removeKey.get(), &veil::Job::finished);
    removeKey->start();
    REQUIRE(removed.wait(10000));
}

TEST_CASE("the providers page fetches a provider's models into the form, with the key from the keychain",
          "[gui][providers][models]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    QTemporaryDir dir;
    veil::keychain::LibsecretStore secrets;
    ProvidersDialog dialog(secrets, dir.filePath(QStringLiteral("providers.json")));
    dialog.show();
    FakeProviderServer server;
    REQUIRE(server.listening());

    // The key the keychain holds for the id goes into the request's auth header, and nowhere else.
    const QByteArray key = QByteArrayLiteral("sk-gui-models-4d3c2b1a");
    auto write = secrets.write(veil::keychain::SecretKind::ApiKey, QStringLiteral("gui-models"), QString(),
                               veil::keychain::SecureBytes::copyOf(key));
    QSignalSpy written(write.get(), &veil::Job::finished);
    write->start();
    REQUIRE(written.wait(10000));
    REQUIRE(write->ok());

    dialog.findChild<QLineEdit*>(QStringLiteral("providerId"))->setText(QStringLiteral("gui-models"));
    auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("providerKind"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("openai_compatible")));
    dialog.findChild<QLineEdit*>(QStringLiteral("providerBaseUrl"))
        ->setText(server.url(QStringLiteral("/v1")).toString());
    auto* models = dialog.findChild<QLineEdit*>(QStringLiteral("providerModels"));
    auto* fetch = dialog.findChild<QPushButton*>(QStringLiteral("fetchModels"));
    REQUIRE(fetch != nullptr);
    QSignalSpy fetched(&dialog, &ProvidersDialog::modelsFetched);

    SECTION("a list fills the Models field")
    {
        server.enqueue(FakeResponse::json(200, R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"gpt-4o-mini"}]})"));
        fetch->click();
        CHECK_FALSE(fetch->isEnabled()); // one request at a time
        REQUIRE(fetched.wait(10000));
        CHECK(fetched[0][0].toBool());
        CHECK(models->text() == QStringLiteral("gpt-4o, gpt-4o-mini"));
        CHECK(fetch->isEnabled());
        REQUIRE(server.requests().size() == 1);
        CHECK(server.requests()[0].path == "/v1/models");
        CHECK(server.requests()[0].header("authorization") == "Bearer " + key);

        // Adding then stores the fetched models.
        dialog.addFromForm();
        veil::chat::ProviderRegistry registry(dir.filePath(QStringLiteral("providers.json")));
        REQUIRE(registry.load());
        REQUIRE(registry.configured().size() == 1);
        CHECK(registry.configured()[0].models == QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-mini")});
    }
    SECTION("a refused key says so, leaves the field alone and never shows the key")
    {
        models->setText(QStringLiteral("typed-by-hand"));
        server.enqueue(
            FakeResponse::json(401, R"({"error":{"message":"Incorrect API key provided: )" + key + R"("}})"));
        fetch->click();
        REQUIRE(fetched.wait(10000));
        CHECK_FALSE(fetched[0][0].toBool());
        CHECK(models->text() == QStringLiteral("typed-by-hand"));
        CHECK(dialog.statusText().contains(QStringLiteral("401")));
        CHECK_FALSE(dialog.statusText().contains(QString::fromLatin1(key)));
        CHECK(fetch->isEnabled());
    }
    SECTION("an endpoint Veil may not use is refused before anything is sent")
    {
        dialog.findChild<QLineEdit*>(QStringLiteral("providerBaseUrl"))
            ->setText(QStringLiteral("http://example.com/v1"));
        fetch->click();
        REQUIRE(fetched.size() == 1);
        CHECK_FALSE(fetched[0][0].toBool());
        CHECK(dialog.statusText().contains(QStringLiteral("cannot be fetched")));
        CHECK(server.requests().isEmpty());
    }

    auto removeKey = secrets.remove(veil::keychain::SecretKind::ApiKey, QStringLiteral("gui-models"));
    QSignalSpy removed(removeKey.get(), &veil::Job::finished);
    removeKey->start();
    REQUIRE(removed.wait(10000));
}

TEST_CASE("providers the policy does not allow are shown locked with the reason and cannot be added",
          "[gui][providers][policy]")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("providers.json"));
    {
        veil::chat::ProviderRegistry registry(path);
        veil::providers::ProviderConfig remote;
        remote.id = QStringLiteral("cloud");
        remote.kind = veil::providers::ProviderKind::OpenAi;
        remote.baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
        remote.models = {QStringLiteral("gpt-4o")};
        REQUIRE(registry.add(remote));
        veil::providers::ProviderConfig local;
        local.id = QStringLiteral("local");
        local.kind = veil::providers::ProviderKind::Ollama;
        local.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:11434"));
        local.models = {QStringLiteral("llama3")};
        REQUIRE(registry.add(local));
    }
    // Managed, policy required and none received yet: only local providers may be used.
    veil::policy::ManagedConfig managed;
    managed.managed = true;
    managed.orgId = QStringLiteral("example-org");
    managed.requirePolicy = true;
    const auto enforcer = veil::policy::PolicyEnforcer::evaluate(managed, std::nullopt, QDateTime::currentDateTimeUtc(),
                                                                 QStringLiteral("1.0"));
    veil::keychain::LibsecretStore secrets; // not used: nothing here reads or writes a key
    ProvidersDialog dialog(secrets, path);
    CHECK(dialog.lockReason(QStringLiteral("cloud")).isEmpty()); // unmanaged until told otherwise
    dialog.setPolicy(enforcer);
    REQUIRE(dialog.list()->count() == 2);
    CHECK_FALSE(dialog.findChild<QLabel*>(QStringLiteral("policyNote"))->isHidden());
    const QString reason = dialog.lockReason(QStringLiteral("cloud"));
    CHECK(reason.contains(QStringLiteral("only local providers")));
    CHECK(dialog.lockReason(QStringLiteral("local")).isEmpty());
    QListWidgetItem* cloud = dialog.list()->item(0)->data(Qt::UserRole).toString() == QStringLiteral("cloud")
        ? dialog.list()->item(0)
        : dialog.list()->item(1);
    CHECK(cloud->text().contains(QStringLiteral("locked by policy")));
    CHECK(cloud->toolTip() == reason);

    QSignalSpy changed(&dialog, &ProvidersDialog::providersChanged);
    dialog.findChild<QLineEdit*>(QStringLiteral("providerId"))->setText(QStringLiteral("another-cloud"));
    auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("providerKind"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("anthropic")));
    dialog.findChild<QLineEdit*>(QStringLiteral("providerBaseUrl"))
        ->setText(QStringLiteral("https://api.anthropic.com"));
    dialog.findChild<QLineEdit*>(QStringLiteral("providerModels"))->setText(QStringLiteral("claude"));
    dialog.addFromForm();
    CHECK(changed.isEmpty());
    CHECK(dialog.list()->count() == 2);
    CHECK(dialog.statusText().contains(QStringLiteral("Locked by your organization's policy")));
}
