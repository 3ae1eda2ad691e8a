// The main window driven as a user would: a prompt sent through the built-in inspector provider with the
// private gnome-keyring of scripts/with-keyring, in its own XDG folders; the keychain missing; the screenshot.
#include "veil/MainWindow.h"
#include "chat/ProviderRegistry.h"
#include "keychain/LibsecretStore.h"
#include "keychain/SecretJob.h"
#include "support/CatchQt.h"
#include "support/FakeProviderServer.h"
#include "support/GuiHistory.h"
#include "support/TestData.h"
#include "veil/ConversationList.h"
#include "veil/ExportDialog.h"
#include "veil/FirstRunPage.h"
#include "veil/HistoryClient.h"
#include "veil/ProviderPicker.h"
#include "veil/WorkspacesDialog.h"
#include "widgets/Composer.h"
#include "widgets/ConversationView.h"
#include "widgets/RedactionPreview.h"

#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using veil::app::ExportDialog;
using veil::app::HistoryClient;
using veil::app::MainWindow;
using veil::app::ViewMessage;

namespace {

constexpr const char* kRules = R"json({"rules": [
  {"id": "email", "category": "pii", "pattern": "\\b[a-z0-9.]{1,64}@[a-z0-9.-]{1,100}\\.[a-z]{2,12}\\b",
   "keywords": ["@"], "action": "redact", "placeholder_type": "EMAIL", "examples": {"match": ["a@b.io"]}}]})json";

/// A keychain that is not there: every call fails with NoBackend, as libsecret does without a Secret Service.
class NoKeychainRead : public veil::keychain::ReadSecretJob
{
public:
    using ReadSecretJob::ReadSecretJob;

protected:
    void run() override { finishWith(veil::keychain::SecretError::NoBackend, QStringLiteral("No Secret Service.")); }
};

class NoKeychain : public veil::keychain::SecretStore
{
public:
    std::unique_ptr<veil::keychain::ReadSecretJob> read(veil::keychain::SecretKind kind, const QString& key) override
    {
        return std::make_unique<NoKeychainRead>(kind, key);
    }
    std::unique_ptr<veil::keychain::WriteSecretJob> write(veil::keychain::SecretKind, const QString&, const QString&,
                                                          veil::keychain::SecureBytes) override
    {
        return nullptr;
    }
    std::unique_ptr<veil::keychain::RemoveSecretJob> remove(veil::keychain::SecretKind, const QString&) override
    {
        return nullptr;
    }
    std::unique_ptr<veil::keychain::ListSecretsJob> list(veil::keychain::SecretKind) override { return nullptr; }
};

MainWindow::Setup setupWith(veil::keychain::SecretStore* secrets, QNetworkAccessManager* network,
                            const QString& databasePath)
{
    MainWindow::Setup setup;
    setup.engine = veil::test::engineFromJson(kRules);
    setup.providers = {veil::chat::ProviderRegistry::inspector()};
    setup.secrets = secrets;
    setup.network = network;
    setup.databasePath = databasePath;
    setup.appVersion = QStringLiteral("0.0.0-test");
    return setup;
}

} // namespace

TEST_CASE("a prompt sent through the inspector streams its answer into the view and lists the conversation",
          "[gui][window]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow window(setupWith(&secrets, &network, xdg.databasePath()));
    window.show();
    window.openHistory();
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Empty; }, 10000));

    // No history yet: the first-run page stands in for the conversation until the inspector is chosen.
    CHECK(window.isFirstRunShown());
    CHECK(window.firstRunPage()->stateText().contains(QStringLiteral("unmanaged")));
    auto* tryInspector = window.firstRunPage()->findChild<QPushButton*>(QStringLiteral("tryInspector"));
    REQUIRE(tryInspector);
    QTest::mouseClick(tryInspector, Qt::LeftButton);
    CHECK_FALSE(window.isFirstRunShown());
    REQUIRE(window.providerPicker()->currentProvider());
    CHECK(window.providerPicker()->currentProvider()->id == QStringLiteral("inspector"));

    QSignalSpy finished(&window, &MainWindow::sessionFinished);
    window.composer()->setText(QStringLiteral("Hello, please write to ann@corp.io about the **plan**."));
    window.composer()->send();
    REQUIRE(finished.wait(20000));

    const QList<ViewMessage>& messages = window.conversationView()->messages();
    REQUIRE(messages.size() == 2);
    CHECK(messages[0].role == ViewMessage::Role::User);
    CHECK(messages[0].containsRestored); // the address was replaced before sending: copies are marked secret
    // Hovering the address says what left instead.
    REQUIRE(messages[0].sentAs.size() == 1);
    CHECK(messages[0].sentAs[0] == qMakePair(QStringLiteral("ann@corp.io"), QStringLiteral("[EMAIL_1]")));
    CHECK(messages[1].role == ViewMessage::Role::Assistant);
    CHECK(messages[1].state == ViewMessage::State::Complete);
    // The inspector answers with exactly what would have left: the placeholder, never the address.
    CHECK(messages[1].text.contains(QStringLiteral("[EMAIL_1]")));
    CHECK_FALSE(messages[1].text.contains(QStringLiteral("ann@corp.io")));
    CHECK(window.conversationView()->renderedText().contains(QStringLiteral("[EMAIL_1]")));
    REQUIRE(window.currentConversation().has_value());
    CHECK(window.composer()->text().isEmpty());

    // The first prompt created the database; the window opened it and lists the conversation.
    auto* list = window.conversationList();
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 10000));
    CHECK(list->idAt(0) == window.currentConversation());
    CHECK(QFileInfo::exists(xdg.databasePath()));

    // Searching filters through the history's full-text index.
    auto* search = list->findChild<QLineEdit*>(QStringLiteral("search"));
    REQUIRE(search);
    search->setText(QStringLiteral("zebra"));
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 0; }, 5000));
    search->setText(QStringLiteral("plan"));
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));

    // Reopening the conversation from history shows the same turn.
    window.conversationView()->clear();
    window.history()->loadMessages(*window.currentConversation());
    REQUIRE(QTest::qWaitFor([&] { return window.conversationView()->messages().size() == 2; }, 5000));
    CHECK(window.conversationView()->messages()[0].text.contains(QStringLiteral("ann@corp.io")));
    CHECK(window.conversationView()->messages()[0].sentAs
          == QList{qMakePair(QStringLiteral("ann@corp.io"), QStringLiteral("[EMAIL_1]"))});

    // A second prompt continues the same conversation.
    window.composer()->setText(QStringLiteral("And again."));
    window.composer()->send();
    REQUIRE(finished.wait(20000));
    CHECK(window.conversationView()->messages().size() == 4);

    SECTION("File > Export history writes the export and says where it is")
    {
        ExportDialog::Setup setup;
        setup.engine = veil::test::engineFromJson(kRules);
        setup.secrets = &secrets;
        setup.databasePath = xdg.databasePath();
        setup.appVersion = QStringLiteral("0.0.0-test");
        setup.providers = {QStringLiteral("inspector")};
        ExportDialog dialog(std::move(setup), &window);
        const QString out = xdg.path(QStringLiteral("export.tar"));
        auto* outPath = dialog.findChild<QLineEdit*>(QStringLiteral("outPath"));
        REQUIRE(outPath);
        outPath->setText(out);
        QSignalSpy done(&dialog, &ExportDialog::exportFinished);
        dialog.startExport();
        CHECK(dialog.isRunning());
        REQUIRE(done.wait(30000));
        INFO(dialog.statusText().toStdString());
        CHECK(done[0][0].toBool());
        CHECK(QFileInfo(out).size() > 0);
        CHECK(dialog.statusText().contains(out));
        CHECK(dialog.statusText().contains(QStringLiteral("4 message")));

        // The same name again is refused: an export never overwrites a file.
        dialog.startExport();
        REQUIRE(done.size() == 2);
        CHECK_FALSE(done[1][0].toBool());
        CHECK(dialog.statusText().contains(QStringLiteral("exists already")));
    }

    SECTION("the export dialog's provider and workspace filters narrow the export")
    {
        ExportDialog::Setup setup;
        setup.engine = veil::test::engineFromJson(kRules);
        setup.secrets = &secrets;
        setup.databasePath = xdg.databasePath();
        setup.appVersion = QStringLiteral("0.0.0-test");
        setup.providers = {QStringLiteral("inspector"), QStringLiteral("work-openai")};
        ExportDialog dialog(std::move(setup), &window);
        auto* outPath = dialog.findChild<QLineEdit*>(QStringLiteral("outPath"));
        auto* provider = dialog.findChild<QComboBox*>(QStringLiteral("provider"));
        auto* workspace = dialog.findChild<QLineEdit*>(QStringLiteral("workspace"));
        REQUIRE(outPath);
        REQUIRE(provider);
        REQUIRE(workspace);
        CHECK(provider->count() == 3); // every provider, and the two given
        QSignalSpy done(&dialog, &ExportDialog::exportFinished);

        provider->setCurrentIndex(provider->findData(QStringLiteral("inspector")));
        outPath->setText(xdg.path(QStringLiteral("inspector.tar")));
        dialog.startExport();
        REQUIRE(done.wait(30000));
        INFO(dialog.statusText().toStdString());
        CHECK(done.last()[0].toBool());
        CHECK(dialog.statusText().contains(QStringLiteral("4 message")));

        provider->setCurrentIndex(provider->findData(QStringLiteral("work-openai")));
        outPath->setText(xdg.path(QStringLiteral("openai.tar")));
        dialog.startExport();
        REQUIRE(done.wait(30000));
        CHECK(done.last()[0].toBool());
        CHECK(dialog.statusText().contains(QStringLiteral("0 message")));

        provider->setCurrentIndex(0);
        workspace->setText(QStringLiteral("nowhere"));
        outPath->setText(xdg.path(QStringLiteral("nowhere.tar")));
        dialog.startExport();
        REQUIRE(done.wait(30000));
        CHECK_FALSE(done.last()[0].toBool());
        CHECK(dialog.statusText().contains(QStringLiteral("nowhere")));
        CHECK_FALSE(QFileInfo::exists(xdg.path(QStringLiteral("nowhere.tar"))));
    }

    SECTION("a failed upload keeps the exported file and says where it is")
    {
        ExportDialog::Setup setup;
        setup.engine = veil::test::engineFromJson(kRules);
        setup.secrets = &secrets;
        setup.network = &network;
        setup.databasePath = xdg.databasePath();
        setup.appVersion = QStringLiteral("0.0.0-test");
        ExportDialog dialog(std::move(setup), &window);
        const QString out = xdg.path(QStringLiteral("upload.tar"));
        dialog.findChild<QLineEdit*>(QStringLiteral("outPath"))->setText(out);
        // Nothing listens on port 9 of loopback: the upload fails after its attempts.
        dialog.findChild<QLineEdit*>(QStringLiteral("uploadUrl"))->setText(QStringLiteral("http://127.0.0.1:9/in/x"));
        QSignalSpy done(&dialog, &ExportDialog::exportFinished);
        dialog.startExport();
        REQUIRE(done.wait(60000));
        INFO(dialog.statusText().toStdString());
        CHECK_FALSE(done[0][0].toBool());
        CHECK(QFileInfo(out).size() > 0);
        CHECK(dialog.statusText().contains(out));
        CHECK(dialog.statusText().contains(QStringLiteral("kept")));
    }

    SECTION("Edit gives a prompt back to the composer; Regenerate asks the same prompt again")
    {
        REQUIRE(messages.size() == 4); // `messages` is the view's own list
        // Reloaded from history, the first prompt holds a restored address; the second holds nothing redacted.
        CHECK(messages[0].containsRestored);
        CHECK_FALSE(messages[2].containsRestored);

        window.composer()->setText(QStringLiteral("a draft"));
        QMetaObject::invokeMethod(window.conversationView(), "editRequested", Q_ARG(int, 0),
                                  Q_ARG(QString, messages[0].text));
        CHECK(window.composer()->text() == messages[0].text);

        window.composer()->setText(QStringLiteral("a draft"));
        QMetaObject::invokeMethod(window.conversationView(), "regenerateRequested", Q_ARG(int, 3));
        REQUIRE(finished.wait(20000));
        const QList<ViewMessage>& after = window.conversationView()->messages();
        REQUIRE(after.size() == 6);
        CHECK(after[4].text == QStringLiteral("And again."));
        CHECK(after[5].state == ViewMessage::State::Complete);
        CHECK(window.composer()->text() == QStringLiteral("a draft")); // a draft survives a regenerate
    }
    SECTION("Delete hides the conversation at once, Undo brings it back, and the deletion lands after the delay")
    {
        const qint64 id = *window.currentConversation();
        search->clear();
        REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));
        list->select(id);
        auto* deleteButton = list->findChild<QPushButton*>(QStringLiteral("deleteConversation"));
        auto* undo = list->findChild<QPushButton*>(QStringLiteral("undoDelete"));
        REQUIRE(deleteButton);
        REQUIRE(undo);
        QTest::mouseClick(deleteButton, Qt::LeftButton);
        CHECK(list->count() == 0);
        CHECK(list->pendingDeletion() == id);
        CHECK_FALSE(window.currentConversation().has_value()); // the view moved on to a new conversation
        CHECK(window.conversationView()->messages().isEmpty());
        QTest::mouseClick(undo, Qt::LeftButton);
        REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));
        CHECK(list->idAt(0) == id);

        QSignalSpy deleted(window.history(), &HistoryClient::conversationDeleted);
        list->setUndoDelay(50);
        list->select(id);
        QTest::mouseClick(deleteButton, Qt::LeftButton);
        REQUIRE(deleted.wait(5000));
        CHECK(deleted[0][0].toLongLong() == id);
        QTest::qWait(200);
        CHECK(list->count() == 0); // gone from the history, not just hidden
        CHECK_FALSE(list->pendingDeletion().has_value());
    }
    SECTION("a title edited in the list is stored as the conversation's new title")
    {
        search->clear();
        REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));
        auto* rows = list->findChild<QListWidget*>(QStringLiteral("conversations"));
        REQUIRE(rows);
        QSignalSpy renamed(window.history(), &HistoryClient::conversationRenamed);
        rows->item(0)->setText(QStringLiteral("  Plans   for Ann "));
        REQUIRE(renamed.wait(5000));
        window.conversationList()->setConversations({}); // forget what the list shows; ask the history again
        search->setText(QStringLiteral("plan"));
        REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));
        CHECK(list->titleAt(0) == QStringLiteral("Plans for Ann"));
    }
    SECTION("deleting the conversation removes it from the list and the view")
    {
        const qint64 id = *window.currentConversation();
        search->clear();
        window.history()->deleteConversation(id);
        REQUIRE(QTest::qWaitFor([&] { return list->count() == 0; }, 5000));
        CHECK_FALSE(window.currentConversation().has_value());
        CHECK(window.conversationView()->messages().isEmpty());
    }
}

TEST_CASE("Esc stops a streaming reply, which is kept as cut off, and Retry asks again", "[gui][window]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    veil::test::FakeProviderServer server;
    REQUIRE(server.listening());
    const QByteArray contentType = "application/x-ndjson";
    // Seven-byte network pieces split the "ü" and every line; the placeholder is split across two deltas.
    veil::test::FakeResponse stalled = veil::test::FakeResponse::stream(
        QStringLiteral("{\"message\":{\"role\":\"assistant\",\"content\":\"Grü\"},\"done\":false}\n"
                       "{\"message\":{\"role\":\"assistant\",\"content\":\"ße, [EMA\"},\"done\":false}\n"
                       "{\"message\":{\"role\":\"assistant\",\"content\":\"IL_1]\"},\"done\":false}\n")
            .toUtf8(),
        contentType);
    stalled.chunks = veil::test::FakeResponse::Chunks::Fixed;
    stalled.chunkSize = 7;
    stalled.stallAfter = stalled.body.size(); // then nothing more, the connection open
    server.enqueue(stalled);
    server.enqueue(veil::test::FakeResponse::stream(
        "{\"message\":{\"role\":\"assistant\",\"content\":\"All done.\"},\"done\":false}\n"
        "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n",
        contentType));

    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow::Setup setup = setupWith(&secrets, &network, xdg.databasePath());
    veil::providers::ProviderConfig local;
    local.id = QStringLiteral("local");
    local.kind = veil::providers::ProviderKind::Ollama;
    local.baseUrl = server.url();
    local.models = {QStringLiteral("llama3")};
    setup.providers.push_back(local);
    setup.defaultProvider = QStringLiteral("local");
    MainWindow window(std::move(setup));
    window.show();
    window.openHistory();

    QSignalSpy finished(&window, &MainWindow::sessionFinished);
    window.composer()->setText(QStringLiteral("Greet ann@corp.io"));
    window.composer()->send();
    REQUIRE(window.session());
    auto* view = window.conversationView();
    REQUIRE(
        QTest::qWaitFor([&] { return view->messages().last().text.contains(QStringLiteral("ann@corp.io")); }, 20000));
    CHECK(view->messages().last().text == QStringLiteral("Grüße, ann@corp.io"));
    CHECK(view->isStreaming());

    QTest::keyClick(window.composer()->preview()->editor(), Qt::Key_Escape);
    REQUIRE((finished.size() == 1 || finished.wait(10000)));
    CHECK(view->messages().last().state == ViewMessage::State::CutOff);
    auto* retry = view->findChild<QPushButton*>(QStringLiteral("retry"));
    REQUIRE(retry);
    CHECK(retry->isVisible());
    // What left the machine was the placeholder.
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].body.contains("[EMAIL_1]"));
    CHECK_FALSE(server.requests()[0].body.contains("ann@corp.io"));

    QTest::mouseClick(retry, Qt::LeftButton);
    REQUIRE(finished.wait(20000));
    CHECK(view->messages().last().state == ViewMessage::State::Complete);
    CHECK(view->messages().last().text == QStringLiteral("All done."));
    CHECK(server.requests().size() == 2);
}

TEST_CASE("without a keychain the window says so and does not send", "[gui][window]")
{
    veil::test::GuiXdg xdg;
    NoKeychain secrets;
    QNetworkAccessManager network;
    MainWindow window(setupWith(&secrets, &network, xdg.databasePath()));
    window.show();
    window.openHistory();
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Unavailable; }, 5000));
    auto* banner = window.findChild<QLabel*>(QStringLiteral("historyBanner"));
    REQUIRE(banner);
    CHECK(banner->isVisible());
    CHECK(banner->text().contains(QStringLiteral("keychain")));

    QSignalSpy finished(&window, &MainWindow::sessionFinished);
    window.composer()->setText(QStringLiteral("hello"));
    window.composer()->send();
    CHECK(window.session() == nullptr);
    CHECK_FALSE(QFileInfo::exists(xdg.databasePath()));
}

TEST_CASE("veil --screenshot renders the window with a demo conversation, headless", "[gui][window]")
{
    veil::test::GuiXdg xdg;
    const QString png = xdg.path(QStringLiteral("shot.png"));
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // the demo needs no keychain
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(VEIL_PATH), {QStringLiteral("--screenshot"), png});
    REQUIRE(process.waitForFinished(60000));
    INFO(process.readAllStandardError().toStdString());
    CHECK(process.exitCode() == 0);
    const QImage image(png);
    REQUIRE_FALSE(image.isNull());
    CHECK(image.width() >= 800);
    CHECK(image.height() >= 600);
}

TEST_CASE("a workspace keeps its conversations apart and sends its context, redacted, with its prompts",
          "[gui][window][workspaces]")
{
    if (!veil::test::guiKeyringAvailable()) {
        return;
    }
    veil::test::GuiXdg xdg;
    veil::keychain::LibsecretStore secrets;
    QNetworkAccessManager network;
    MainWindow window(setupWith(&secrets, &network, xdg.databasePath()));
    window.show();
    window.openHistory();
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Empty; }, 10000));

    // A first prompt outside any workspace creates the history.
    QSignalSpy finished(&window, &MainWindow::sessionFinished);
    window.composer()->setText(QStringLiteral("A question for everyone."));
    window.composer()->send();
    REQUIRE(finished.wait(20000));
    REQUIRE(QTest::qWaitFor([&] { return window.history()->state() == HistoryClient::State::Open; }, 10000));
    auto* list = window.conversationList();
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));

    veil::app::WorkspacesDialog* dialog = window.showWorkspacesDialog();
    REQUIRE(dialog);
    QSignalSpy loaded(dialog, &veil::app::WorkspacesDialog::contextLoaded);
    dialog->nameEdit()->setText(QStringLiteral("acme"));
    dialog->addWorkspace();
    REQUIRE(loaded.wait(10000));
    REQUIRE(dialog->list()->count() == 1);
    CHECK(dialog->list()->currentItem()->text() == QStringLiteral("acme"));
    CHECK(dialog->contextEdit()->toPlainText().isEmpty());

    QSignalSpy saved(dialog, &veil::app::WorkspacesDialog::contextSaved);
    dialog->contextEdit()->setPlainText(QStringLiteral("Always answer in French. Our contact is ann@corp.io."));
    dialog->saveContext();
    REQUIRE(saved.wait(10000));
    CHECK(saved[0][0].toBool());
    {
        auto read = secrets.read(veil::keychain::SecretKind::Context, QStringLiteral("acme"));
        QSignalSpy done(read.get(), &veil::Job::finished);
        read->start();
        REQUIRE((read->isFinished() || done.wait(10000)));
        REQUIRE(read->ok());
        CHECK(QByteArray(reinterpret_cast<const char*>(read->secret().data()), qsizetype(read->secret().size()))
              == QByteArrayLiteral("Always answer in French. Our contact is ann@corp.io."));
    }

    // The picker offers the workspace; choosing it starts a conversation in it and lists only its own.
    QComboBox* picker = window.workspacePicker();
    REQUIRE(QTest::qWaitFor([&] { return picker->findText(QStringLiteral("acme")) > 0; }, 5000));
    picker->setCurrentIndex(picker->findText(QStringLiteral("acme")));
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 0; }, 5000));
    window.composer()->setText(QStringLiteral("What should I know?"));
    window.composer()->send();
    REQUIRE(finished.wait(20000));
    const QList<ViewMessage>& messages = window.conversationView()->messages();
    REQUIRE(messages.size() == 2);
    // The inspector answers with what left: the context went along, its address as a placeholder.
    CHECK(messages[1].text.contains(QStringLiteral("Always answer in French")));
    CHECK_FALSE(messages[1].text.contains(QStringLiteral("ann@corp.io")));
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));
    const auto inWorkspace = list->idAt(0);

    picker->setCurrentIndex(0); // all conversations
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 2; }, 5000));

    // Removing the workspace removes its conversation and its context; the picker goes back to all.
    picker->setCurrentIndex(picker->findText(QStringLiteral("acme")));
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 1; }, 5000));
    dialog->list()->setCurrentRow(0);
    dialog->removeSelected(true);
    REQUIRE(QTest::qWaitFor([&] { return picker->findText(QStringLiteral("acme")) < 0; }, 10000));
    CHECK(picker->currentIndex() == 0);
    REQUIRE(QTest::qWaitFor([&] { return list->count() == 1 && list->idAt(0) != inWorkspace; }, 5000));
    REQUIRE(QTest::qWaitFor(
        [&] { return dialog->statusText().contains(QStringLiteral("removed with its conversations")); }, 10000));
}
