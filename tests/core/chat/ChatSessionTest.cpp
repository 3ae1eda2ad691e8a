#include "chat/ChatSession.h"
#include "audit/AuditLog.h"
#include "common/EngineSetup.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "keychain/LibsecretStore.h"
#include "support/FakeProviderServer.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <span>

using veil::chat::ChatSession;
using veil::test::FakeProviderServer;
using veil::test::FakeResponse;

namespace {

bool keyringAvailable()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

void runToEnd(veil::Job& job)
{
    QEventLoop loop;
    QObject::connect(&job, &veil::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    REQUIRE(job.isFinished());
}

std::unique_ptr<veil::history::Database> openWithKeychainKey(veil::keychain::SecretStore& store, const QString& path)
{
    auto read = store.read(veil::keychain::SecretKind::DbKey, path);
    runToEnd(*read);
    REQUIRE(read->ok());
    REQUIRE(read->secret().size() == veil::history::Database::kKeyBytes);
    auto db = veil::history::Database::open(
        path, std::span<const unsigned char, 32>(read->secret().data(), veil::history::Database::kKeyBytes));
    REQUIRE(db);
    return std::move(db.value());
}

QByteArray chunk(const QByteArray& text)
{
    return R"(data: {"choices":[{"index":0,"delta":{"content":")" + text
        + R"("},"finish_reason":null}]})"
          "\n\n";
}

struct Fixture
{
    QTemporaryDir dir;
    FakeProviderServer server;
    QNetworkAccessManager network;
    veil::keychain::LibsecretStore secrets;
    std::shared_ptr<const veil::redaction::RedactionEngine> engine = veil::app::makeRedactionEngine().value();

    ChatSession::Options options(const std::string& prompt)
    {
        ChatSession::Options o;
        o.provider.id = QStringLiteral("local-") + QString::number(QRandomGenerator::global()->generate64(), 36);
        o.provider.kind = veil::providers::ProviderKind::OpenAiCompatible;
        o.provider.baseUrl = server.url(QStringLiteral("/v1"));
        o.provider.models = {QStringLiteral("m")};
        o.prompt = prompt;
        o.databasePath = dir.filePath(QStringLiteral("history.db"));
        return o;
    }
};

} // namespace

TEST_CASE("a reply cut off mid-stream is kept as received and marked cut off", "[chat][session]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QByteArray body = chunk("Hello [EMAIL_1], ") + chunk("more follows");
    FakeResponse response = FakeResponse::stream(body, "text/event-stream");
    response.closeAfter = body.size(); // no [DONE], and the connection drops
    f.server.enqueue(response);

    ChatSession session(f.secrets, &f.network, f.engine, f.options("ping jane.doe@acme-corp.io"));
    session.setNoRetryWait(true);
    QByteArray shown;
    QObject::connect(&session, &ChatSession::restoredText, &session, [&](const QByteArray& piece) { shown += piece; });
    runToEnd(session);
    CHECK_FALSE(session.ok());
    CHECK(session.outcome() == ChatSession::Outcome::CutOff);
    CHECK(shown == "Hello jane.doe@acme-corp.io, more follows");
    REQUIRE(session.conversationId());
    REQUIRE(f.server.requests().size() == 1);
    CHECK_FALSE(f.server.requests().at(0).body.contains("jane.doe"));
    CHECK(f.server.requests().at(0).header("authorization").isEmpty()); // local server, no key set

    auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
    veil::history::HistoryStore store(*db);
    auto messages = store.messages(*session.conversationId());
    REQUIRE(messages);
    REQUIRE(messages->size() == 2);
    CHECK(messages->at(0).text == "ping [EMAIL_1]");
    CHECK(messages->at(0).state == veil::history::MessageState::Complete);
    CHECK(messages->at(1).text == "Hello [EMAIL_1], more follows");
    CHECK(messages->at(1).state == veil::history::MessageState::CutOff);
    auto findings = store.findings(messages->at(0).id);
    REQUIRE(findings);
    REQUIRE(findings->size() == 1);
    CHECK(findings->at(0).type == "EMAIL");
}

TEST_CASE("a blocked prompt stores nothing and sends nothing", "[chat][session]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const std::string privateKey
        = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz"
          "c2gtZWQyNTUxOQAAACBZq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Q==\n"
          "-----END OPENSSH PRIVATE KEY-----\n";
    ChatSession session(f.secrets, &f.network, f.engine, f.options("look: " + privateKey));
    runToEnd(session);
    CHECK(session.outcome() == ChatSession::Outcome::Blocked);
    CHECK(session.error().code == veil::Error::Code::Denied);
    REQUIRE_FALSE(session.stoppingRules().empty());
    CHECK(session.error().message.contains(QString::fromStdString(session.stoppingRules().front())));
    CHECK(f.server.connections() == 0);

    auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
    veil::history::HistoryStore store(*db);
    CHECK(store.conversations()->empty());
}

TEST_CASE("the session applies retention on start: old conversations go with their vault, audited", "[chat][session]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    auto options = [&](const std::string& prompt) {
        ChatSession::Options o = f.options(prompt);
        o.provider.kind = veil::providers::ProviderKind::Inspector;
        o.provider.id = QStringLiteral("inspector");
        return o;
    };
    ChatSession old(f.secrets, &f.network, f.engine, options("mail jane.doe@acme-corp.io"));
    runToEnd(old);
    REQUIRE(old.ok());
    ChatSession recent(f.secrets, &f.network, f.engine, options("mail bob@example.org"));
    runToEnd(recent);
    REQUIRE(recent.ok());
    const QString path = f.dir.filePath(QStringLiteral("history.db"));
    {
        auto db = openWithKeychainKey(f.secrets, path);
        auto aged = db->prepare("UPDATE conversations SET updated_at = updated_at - ?1 WHERE id = ?2");
        REQUIRE(aged);
        REQUIRE(aged->bind(1, int64_t(31) * 24 * 60 * 60 * 1000).bind(2, *old.conversationId()).run());
    }

    ChatSession::Options next = options("a third prompt");
    next.retentionDays = 30;
    ChatSession third(f.secrets, &f.network, f.engine, next);
    runToEnd(third);
    REQUIRE(third.ok());

    auto db = openWithKeychainKey(f.secrets, path);
    veil::history::HistoryStore store(*db);
    CHECK_FALSE(store.conversation(*old.conversationId()));
    CHECK(store.conversation(*recent.conversationId()));
    CHECK(store.conversation(*third.conversationId()));
    auto vault = db->prepare("SELECT count(*) FROM vault WHERE conversation_id = ?1");
    REQUIRE(vault);
    vault->bind(1, *old.conversationId());
    REQUIRE(vault->next());
    CHECK(vault->int64(0) == 0);
    auto entries = veil::audit::AuditLog(*db).entries();
    REQUIRE(entries);
    REQUIRE(entries->size() == 1);
    CHECK(entries->at(0).kind == QStringLiteral("history_purged"));
    CHECK(entries->at(0).details == R"({"conversations":1,"messages":2,"reason":"retention"})");
}

TEST_CASE("a workspace's context is redacted with the conversation's vault and sent as the system prompt",
          "[chat][session][workspace]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QString workspace = QStringLiteral("ws-") + QString::number(QRandomGenerator::global()->generate64(), 36);
    // The database comes with the first session; the workspace goes into it.
    {
        ChatSession first(f.secrets, &f.network, f.engine, f.options("hello"));
        first.setNoRetryWait(true);
        f.server.enqueue(FakeResponse::stream(chunk("ok") + "data: [DONE]\n\n", "text/event-stream"));
        runToEnd(first);
        auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
        veil::history::HistoryStore store(*db);
        REQUIRE(store.createWorkspace(workspace));
    }
    const QByteArray context = "Our lead is jane.doe@acme-corp.io.";
    auto write = f.secrets.write(veil::keychain::SecretKind::Context, workspace, QString(),
                                 veil::keychain::SecureBytes::copyOf(context));
    runToEnd(*write);
    REQUIRE(write->ok());

    const int before = int(f.server.requests().size());
    f.server.enqueue(FakeResponse::stream(chunk("Ask [EMAIL_1].") + "data: [DONE]\n\n", "text/event-stream"));
    auto options = f.options("Who leads?");
    options.workspace = workspace;
    ChatSession session(f.secrets, &f.network, f.engine, std::move(options));
    session.setNoRetryWait(true);
    QByteArray shown;
    QObject::connect(&session, &ChatSession::restoredText, &session, [&](const QByteArray& piece) { shown += piece; });
    runToEnd(session);
    INFO((session.ok() ? std::string("ok") : session.error().message.toStdString()));
    CHECK(session.ok());
    REQUIRE(f.server.requests().size() == before + 1);
    const QByteArray sent = f.server.requests().last().body;
    CHECK(sent.contains(R"({"content":"Our lead is [EMAIL_1].","role":"system"})"));
    CHECK_FALSE(sent.contains("jane.doe"));
    CHECK(shown == "Ask jane.doe@acme-corp.io.");

    auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
    veil::history::HistoryStore store(*db);
    REQUIRE(session.conversationId());
    auto conversation = store.conversation(*session.conversationId());
    REQUIRE(conversation);
    CHECK(conversation->workspaceId.has_value());

    auto remove = f.secrets.remove(veil::keychain::SecretKind::Context, workspace);
    runToEnd(*remove);
}

TEST_CASE("the session stores the active policy version with the prompt and the reply, as its audit entry names it",
          "[chat][session][policy]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    f.server.enqueue(FakeResponse::stream(chunk("first") + "data: [DONE]\n\n", "text/event-stream"));
    f.server.enqueue(FakeResponse::stream(chunk("second") + "data: [DONE]\n\n", "text/event-stream"));
    ChatSession::Options managed = f.options("under policy 42");
    managed.policyVersion = 42;
    ChatSession first(f.secrets, &f.network, f.engine, managed);
    runToEnd(first);
    REQUIRE(first.ok());

    ChatSession::Options unmanaged = f.options("without a policy");
    unmanaged.provider = managed.provider;
    unmanaged.conversationId = first.conversationId();
    ChatSession second(f.secrets, &f.network, f.engine, unmanaged);
    runToEnd(second);
    REQUIRE(second.ok());

    auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
    veil::history::HistoryStore store(*db);
    auto messages = store.messages(*first.conversationId());
    REQUIRE(messages);
    REQUIRE(messages->size() == 4);
    CHECK(messages->at(0).role == veil::history::Role::User);
    CHECK(messages->at(0).policyVersion == std::optional<int64_t>(42));
    CHECK(messages->at(1).role == veil::history::Role::Assistant);
    CHECK(messages->at(1).policyVersion == std::optional<int64_t>(42));
    CHECK_FALSE(messages->at(2).policyVersion); // no bundle: NULL, not 0
    CHECK_FALSE(messages->at(3).policyVersion);

    auto entries = veil::audit::AuditLog(*db).entries();
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);
    CHECK(entries->at(0).kind == QStringLiteral("prompt_sent"));
    CHECK(entries->at(0).details.contains("\"policy_version\":42"));
    CHECK(entries->at(1).details.contains("\"policy_version\":0"));
}

TEST_CASE("with store_history off nothing of the conversation is stored, yet replies are restored and audited",
          "[chat][session][retention]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    f.server.enqueue(FakeResponse::stream(chunk("Hello [EMAIL_1]") + "data: [DONE]\n\n", "text/event-stream"));
    f.server.enqueue(FakeResponse::stream(chunk("Again [EMAIL_1]") + "data: [DONE]\n\n", "text/event-stream"));
    ChatSession::Options options = f.options("ping jane.doe@acme-corp.io");
    options.storeHistory = false;
    options.storeOriginals = true; // irrelevant when nothing is stored
    ChatSession first(f.secrets, &f.network, f.engine, options);
    QByteArray shown;
    QObject::connect(&first, &ChatSession::restoredText, &first, [&](const QByteArray& piece) { shown += piece; });
    runToEnd(first);
    INFO((first.ok() ? QString() : first.error().message).toStdString());
    REQUIRE(first.ok());
    CHECK(shown == "Hello jane.doe@acme-corp.io");
    CHECK_FALSE(first.conversationId());
    REQUIRE(first.unstoredConversation());
    CHECK(first.unstoredConversation()->turns.size() == 2);

    // The next prompt of the same conversation: the earlier turns go along, with the same placeholder.
    ChatSession::Options next = f.options("and jane.doe@acme-corp.io again");
    next.provider = options.provider;
    next.storeHistory = false;
    next.unstored = first.unstoredConversation();
    ChatSession second(f.secrets, &f.network, f.engine, next);
    shown.clear();
    QObject::connect(&second, &ChatSession::restoredText, &second, [&](const QByteArray& piece) { shown += piece; });
    runToEnd(second);
    REQUIRE(second.ok());
    CHECK(shown == "Again jane.doe@acme-corp.io");
    REQUIRE(f.server.requests().size() == 2);
    const QByteArray body = f.server.requests().at(1).body;
    CHECK(body.contains("ping [EMAIL_1]"));
    CHECK(body.contains("Hello [EMAIL_1]"));
    CHECK(body.contains("and [EMAIL_1] again"));
    CHECK_FALSE(body.contains("jane.doe"));

    // A stored conversation cannot be continued without storing.
    ChatSession::Options stored = f.options("x");
    stored.storeHistory = false;
    stored.conversationId = 1;
    ChatSession refused(f.secrets, &f.network, f.engine, stored);
    runToEnd(refused);
    CHECK(refused.error().code == veil::Error::Code::InvalidInput);
    CHECK(refused.error().message.contains(QStringLiteral("keeps no history")));

    auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
    veil::history::HistoryStore store(*db);
    CHECK(store.conversations()->empty());
    for (veil::history::Sql count :
         {veil::history::Sql("SELECT count(*) FROM messages"), veil::history::Sql("SELECT count(*) FROM vault"),
          veil::history::Sql("SELECT count(*) FROM findings")}) {
        auto stmt = db->prepare(count);
        REQUIRE(stmt);
        REQUIRE(stmt->next());
        CHECK(stmt->int64(0) == 0);
    }
    auto entries = veil::audit::AuditLog(*db).entries();
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);
    CHECK(entries->at(0).kind == QStringLiteral("prompt_sent"));
    CHECK(entries->at(1).kind == QStringLiteral("prompt_sent"));
}

TEST_CASE("store_originals keeps the prompt as written with the stored user message, only when set",
          "[chat][session][retention]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    f.server.enqueue(FakeResponse::stream(chunk("ok") + "data: [DONE]\n\n", "text/event-stream"));
    f.server.enqueue(FakeResponse::stream(chunk("ok") + "data: [DONE]\n\n", "text/event-stream"));
    ChatSession::Options keep = f.options("mail jane.doe@acme-corp.io");
    keep.storeOriginals = true;
    ChatSession first(f.secrets, &f.network, f.engine, keep);
    runToEnd(first);
    REQUIRE(first.ok());
    ChatSession::Options plain = f.options("mail bob@example.org");
    plain.provider = keep.provider;
    ChatSession second(f.secrets, &f.network, f.engine, plain);
    runToEnd(second);
    REQUIRE(second.ok());

    auto db = openWithKeychainKey(f.secrets, f.dir.filePath(QStringLiteral("history.db")));
    veil::history::HistoryStore store(*db);
    const auto kept = store.messages(*first.conversationId()).value();
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].text == "mail [EMAIL_1]");
    CHECK(kept[0].original == std::optional<std::string>("mail jane.doe@acme-corp.io"));
    CHECK_FALSE(kept[1].original); // replies never have one
    const auto notKept = store.messages(*second.conversationId()).value();
    REQUIRE(notKept.size() == 2);
    CHECK_FALSE(notKept[0].original);
}
