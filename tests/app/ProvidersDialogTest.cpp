// Settings > Providers over a providers.json of the test's own: adding, refusing a bad endpoint, removing, and
// setting an API key, which goes to the private gnome-keyring of scripts/with-keyring and is never shown again.
#include "veil/ProvidersDialog.h"

#include "chat/ProviderRegistry.h"
#include "keychain/LibsecretStore.h"
#include "keychain/SecretJob.h"
#include "support/GuiHistory.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>

using veil::app::ProvidersDialog;

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
