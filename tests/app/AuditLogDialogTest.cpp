// View > Audit log over a real history made with OpenHistoryJob (key in the private gnome-keyring of
// scripts/with-keyring) holding a few audit entries: the table lists them, the filter narrows them, and Verify
// chain reports the chain intact.
#include "veil/AuditLogDialog.h"

#include "audit/AuditLog.h"
#include "chat/OpenHistoryJob.h"
#include "chat/ProviderRegistry.h"
#include "history/Database.h"
#include "keychain/LibsecretStore.h"
#include "support/GuiHistory.h"
#include "veil/HistoryClient.h"
#include "veil/MainWindow.h"

#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using veil::app::AuditLogDialog;
using veil::app::HistoryClient;
using veil::app::MainWindow;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

} // namespace

TEST_CASE("the audit log view lists entries, filters them and reports the chain intact", "[gui][audit]")
{
    if (!veil::test::guiKeyringAvailable()) {
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
        INFO((job.ok() ? QString() : job.error().message).toStdString());
        REQUIRE(job.ok());
        auto db = job.takeDatabase();
        veil::audit::AuditLog log(*db);
        REQUIRE(log.keySet(QStringLiteral("work-openai")));
        REQUIRE(log.keyDeleted(QStringLiteral("work-openai")));
        REQUIRE(log.keySet(QStringLiteral("home-ollama")));
    }
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
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Open; }, 10000));

    AuditLogDialog* dialog = window.showAuditLog();
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    REQUIRE(QTest::qWaitFor([&] { return dialog->visibleRows() >= 3; }, 10000));
    const int all = dialog->visibleRows();
    QAbstractItemModel* model = dialog->table()->model();
    QStringList kinds;
    for (int row = 0; row < all; ++row) {
        kinds << model->index(row, 1).data().toString();
        CHECK_FALSE(model->index(row, 0).data().toString().isEmpty());
    }
    CHECK(kinds.count(QStringLiteral("key_set")) == 2);
    CHECK(kinds.count(QStringLiteral("key_deleted")) == 1);

    // The filter matches any column (the details too), ignoring case.
    dialog->filterEdit()->setText(QStringLiteral("KEY_SET"));
    CHECK(dialog->visibleRows() == 2);
    dialog->filterEdit()->setText(QStringLiteral("ollama"));
    CHECK(dialog->visibleRows() == 1);
    dialog->filterEdit()->setText(QStringLiteral("no-such-kind-zebra"));
    CHECK(dialog->visibleRows() == 0);
    dialog->filterEdit()->clear();
    CHECK(dialog->visibleRows() == all);

    QSignalSpy verified(dialog, &AuditLogDialog::verified);
    auto* verify = dialog->findChild<QPushButton*>(QStringLiteral("verifyChain"));
    REQUIRE(verify);
    QTest::mouseClick(verify, Qt::LeftButton);
    // The click may already deliver the answer (QTest processes events), so wait for the count.
    const bool answered = QTest::qWaitFor([&] { return verified.size() == 1; }, 10000);
    INFO(dialog->statusText().toStdString());
    REQUIRE(answered);
    CHECK(verified[0][0].toBool());
    CHECK(dialog->statusText().contains(QStringLiteral("intact")));

    // Only one audit view at a time.
    CHECK(window.showAuditLog() == dialog);
}
