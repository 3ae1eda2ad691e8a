// A history in passphrase mode (`<database>.kdf` beside it): the window says so, keeps Send off and asks for
// the passphrase in a modeless dialog whose line edit is cleared as soon as the passphrase is taken; a wrong
// one is asked again, the right one opens the history. Uses the private gnome-keyring of scripts/with-keyring
// (the keychain holds no key for this history).
#include "veil/PassphraseDialog.h"

#include "chat/ProviderRegistry.h"
#include "history/Database.h"
#include "keychain/LibsecretStore.h"
#include "keychain/PassphraseKey.h"
#include "support/GuiHistory.h"
#include "veil/HistoryClient.h"
#include "veil/MainWindow.h"
#include "widgets/Composer.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QTest>

#include <sodium.h>

#include <span>

using veil::app::HistoryClient;
using veil::app::MainWindow;
using veil::app::PassphraseDialog;
using veil::keychain::PassphraseKey;
using veil::keychain::SecureBytes;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

/// Creates a history in passphrase mode (cheap Argon2 limits, to keep the test fast).
void createPassphraseHistory(const QString& databasePath, const QByteArray& passphrase)
{
    const auto params = PassphraseKey::generate(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
    QDir().mkpath(QFileInfo(databasePath).absolutePath());
    REQUIRE(PassphraseKey::save(params, PassphraseKey::paramsPathFor(databasePath)));
    auto key = PassphraseKey::derive(SecureBytes::copyOf(passphrase), params);
    REQUIRE(key);
    auto db = veil::history::Database::open(databasePath,
                                            std::span<const unsigned char, veil::history::Database::kKeyBytes>(
                                                key.value().data(), veil::history::Database::kKeyBytes));
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db);
}

} // namespace

TEST_CASE("a history in passphrase mode is unlocked from a modeless dialog and keeps Send off until then",
          "[gui][passphrase]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    createPassphraseHistory(xdg.databasePath(), "correct horse battery staple");
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(kRules);
    setup.providers = {veil::chat::ProviderRegistry::inspector()};
    setup.secrets = &secrets;
    setup.network = &network;
    setup.databasePath = xdg.databasePath();
    setup.incidentLedgerPath = xdg.path(QStringLiteral("incidents.json"));
    setup.appVersion = QStringLiteral("0.0.0-test");
    MainWindow window(std::move(setup));
    window.show();
    window.openHistory();
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::NeedsPassphrase; }, 10000));

    CHECK(window.historyBanner()->isVisible());
    CHECK(window.historyBanner()->text().contains(QStringLiteral("passphrase")));
    window.composer()->setText(QStringLiteral("Hello there"));
    auto* send = window.composer()->findChild<QPushButton*>(QStringLiteral("send"));
    REQUIRE(send);
    CHECK_FALSE(send->isEnabled());

    QPointer<PassphraseDialog> dialog = window.findChild<PassphraseDialog*>();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    CHECK_FALSE(dialog->isModal());
    QLineEdit* edit = dialog->passphraseEdit();
    CHECK(edit->echoMode() == QLineEdit::Password);

    edit->setText(QStringLiteral("wrong"));
    dialog->unlock();
    CHECK(edit->text().isEmpty()); // cleared at once, before the key is derived
    REQUIRE(QTest::qWaitFor(
        [&] {
            return window.history()->state() == HistoryClient::State::NeedsPassphrase
                && window.history()->message().contains(QStringLiteral("does not open"));
        },
        10000));
    REQUIRE(dialog);
    CHECK(dialog->isVisible());

    edit->setText(QStringLiteral("correct horse battery staple"));
    dialog->unlock();
    CHECK(edit->text().isEmpty());
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Open; }, 10000));
    CHECK((!dialog || !dialog->isVisible()));
    CHECK_FALSE(window.historyBanner()->isVisible());
    CHECK(send->isEnabled());
}
