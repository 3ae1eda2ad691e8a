#include "history/HistoryStore.h"

#include "CrashText.h"
#include "HistoryTestSupport.h"
#include "history/Database.h"
#include "support/TestData.h"

#include <QProcess>

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>

using namespace veil;
using namespace veil::history;
using veil::test::TempDatabase;

namespace {

/// A clock that moves one second per reading.
HistoryStore::Clock steppingClock()
{
    auto now = std::make_shared<int64_t>(1'700'000'000'000);
    return [now] {
        return *now += 1000;
    };
}

NewUserMessage userMessage(std::string text)
{
    NewUserMessage message;
    message.text = std::move(text);
    message.provider = QStringLiteral("anthropic");
    message.model = QStringLiteral("claude");
    return message;
}

std::vector<int64_t> hitIds(HistoryStore& store, const QString& query)
{
    auto hits = store.search(query);
    INFO(query.toStdString());
    INFO((hits ? QString() : hits.error().message).toStdString());
    REQUIRE(hits);
    std::vector<int64_t> ids;
    for (const SearchHit& hit : hits.value()) {
        ids.push_back(hit.messageId);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

TEST_CASE("creates, lists, renames and deletes workspaces", "[history][store]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db, steppingClock());
    auto work = store.createWorkspace(QStringLiteral("work"));
    auto home = store.createWorkspace(QStringLiteral("home"));
    REQUIRE(work);
    REQUIRE(home);
    CHECK_FALSE(store.createWorkspace(QStringLiteral("work")));
    CHECK_FALSE(store.createWorkspace(QStringLiteral("  ")));

    auto list = store.workspaces();
    REQUIRE(list);
    REQUIRE(list.value().size() == 2);
    CHECK(list.value()[0].name == QStringLiteral("home"));
    CHECK(list.value()[1].name == QStringLiteral("work"));

    REQUIRE(store.renameWorkspace(work.value(), QStringLiteral("office")));
    CHECK_FALSE(store.renameWorkspace(work.value(), QStringLiteral("home")));
    Status missing = store.renameWorkspace(9999, QStringLiteral("x"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Error::Code::NotFound);

    auto inside = store.createConversation(QStringLiteral("in office"), work.value());
    REQUIRE(inside);
    auto outside = store.createConversation(QStringLiteral("no workspace"));
    REQUIRE(outside);
    CHECK_FALSE(store.createConversation(QStringLiteral("nowhere"), 9999));

    REQUIRE(store.deleteWorkspace(work.value()));
    CHECK_FALSE(store.deleteWorkspace(work.value()));
    CHECK_FALSE(store.conversation(inside.value()));
    CHECK(store.conversation(outside.value()));
}

TEST_CASE("creates, lists, renames and deletes conversations", "[history][store]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db, steppingClock());
    auto space = store.createWorkspace(QStringLiteral("w"));
    REQUIRE(space);
    auto first = store.createConversation(QStringLiteral("first"), space.value());
    auto second = store.createConversation(QStringLiteral("second"));
    REQUIRE(first);
    REQUIRE(second);

    auto all = store.conversations();
    REQUIRE(all);
    REQUIRE(all.value().size() == 2);
    CHECK(all.value()[0].title == QStringLiteral("second")); // the most recently updated first
    CHECK_FALSE(all.value()[0].workspaceId);
    CHECK(all.value()[1].workspaceId == space.value());

    // A new message moves its conversation to the top.
    REQUIRE(store.appendUserMessage(first.value(), userMessage("hello")));
    all = store.conversations();
    REQUIRE(all);
    CHECK(all.value()[0].id == first.value());
    CHECK(all.value()[0].updatedAt > all.value()[0].createdAt);

    auto inSpace = store.conversationsIn(space.value());
    REQUIRE(inSpace);
    REQUIRE(inSpace.value().size() == 1);
    CHECK(inSpace.value()[0].id == first.value());

    REQUIRE(store.renameConversation(second.value(), QStringLiteral("renamed")));
    auto renamed = store.conversation(second.value());
    REQUIRE(renamed);
    CHECK(renamed.value().title == QStringLiteral("renamed"));

    REQUIRE(store.deleteConversation(first.value()));
    Status again = store.deleteConversation(first.value());
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Error::Code::NotFound);
    auto messages = store.messages(first.value());
    REQUIRE(messages);
    CHECK(messages.value().empty());
}

TEST_CASE("stores a user message before sending, with its findings and optional original", "[history][store]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db, steppingClock());
    auto conversation = store.createConversation(QStringLiteral("c"));
    REQUIRE(conversation);

    NewUserMessage message = userMessage("mail [EMAIL_1] and [EMAIL_2], key [AWS_KEY_1]");
    message.original = "mail a@example.org and b@example.org, key AKIA...";
    message.findings = {{"email", "EMAIL", 1}, {"email", "EMAIL", 1}, {"aws-access-key", "AWS_KEY", 1}};
    auto id = store.appendUserMessage(conversation.value(), message);
    REQUIRE(id);

    auto stored = store.message(id.value());
    REQUIRE(stored);
    CHECK(stored.value().role == Role::User);
    CHECK(stored.value().state == MessageState::Sending);
    CHECK(stored.value().text == message.text);
    CHECK(stored.value().original == message.original);
    CHECK(stored.value().provider == QStringLiteral("anthropic"));
    CHECK(stored.value().model == QStringLiteral("claude"));
    CHECK(stored.value().createdAt > 0);

    auto findings = store.findings(id.value());
    REQUIRE(findings);
    REQUIRE(findings.value().size() == 2);
    CHECK(findings.value()[0].rule == "aws-access-key");
    CHECK(findings.value()[0].count == 1);
    CHECK(findings.value()[1].rule == "email");
    CHECK(findings.value()[1].type == "EMAIL");
    CHECK(findings.value()[1].count == 2);

    SECTION("without an original when policy does not allow it")
    {
        auto plain = store.appendUserMessage(conversation.value(), userMessage("just text"));
        REQUIRE(plain);
        auto read = store.message(plain.value());
        REQUIRE(read);
        CHECK_FALSE(read.value().original);
    }
    SECTION("the request went out")
    {
        REQUIRE(store.setState(id.value(), MessageState::Complete));
        CHECK(store.message(id.value()).value().state == MessageState::Complete);
        CHECK_FALSE(store.setState(id.value(), MessageState::Failed));
        CHECK_FALSE(store.setState(id.value(), MessageState::Sending));
    }
    SECTION("into a conversation that does not exist")
    {
        auto lost = store.appendUserMessage(9999, userMessage("x"));
        REQUIRE_FALSE(lost);
        CHECK(lost.error().code == Error::Code::NotFound);
    }
    SECTION("a bad finding count is refused and nothing is stored")
    {
        NewUserMessage bad = userMessage("bad");
        bad.findings = {{"email", "EMAIL", 0}};
        CHECK_FALSE(store.appendUserMessage(conversation.value(), bad));
        CHECK(store.messages(conversation.value()).value().size() == 1);
    }
}

TEST_CASE("streams an assistant reply and keeps a cut-off one", "[history][store]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db, steppingClock());
    auto conversation = store.createConversation(QStringLiteral("c"));
    REQUIRE(conversation);
    REQUIRE(store.appendUserMessage(conversation.value(), userMessage("question")));

    auto reply = store.startAssistantMessage(conversation.value(), QStringLiteral("ollama"), QStringLiteral("llama3"));
    REQUIRE(reply);
    REQUIRE(store.appendReply(reply.value(), "The answer "));
    REQUIRE(store.appendReply(reply.value(), "is [EMAIL_1]"));

    SECTION("cut off mid-stream")
    {
        REQUIRE(store.setState(reply.value(), MessageState::CutOff));
        auto stored = store.message(reply.value());
        REQUIRE(stored);
        CHECK(stored.value().text == "The answer is [EMAIL_1]");
        CHECK(stored.value().state == MessageState::CutOff);
        // A finished reply takes no more text.
        Status late = store.appendReply(reply.value(), "!");
        REQUIRE_FALSE(late);
        CHECK(late.error().code == Error::Code::NotFound);
    }
    SECTION("replaced by its final text")
    {
        REQUIRE(store.setReplyText(reply.value(), "The final answer."));
        REQUIRE(store.setState(reply.value(), MessageState::Complete));
        auto messages = store.messages(conversation.value());
        REQUIRE(messages);
        REQUIRE(messages.value().size() == 2);
        CHECK(messages.value()[0].role == Role::User);
        CHECK(messages.value()[1].role == Role::Assistant);
        CHECK(messages.value()[1].text == "The final answer.");
        CHECK(messages.value()[1].provider == QStringLiteral("ollama"));
        CHECK(messages.value()[1].state == MessageState::Complete);
    }
    SECTION("failed")
    {
        REQUIRE(store.setState(reply.value(), MessageState::Failed));
        CHECK(store.message(reply.value()).value().state == MessageState::Failed);
    }
    SECTION("a user message takes no reply chunks")
    {
        auto user = store.appendUserMessage(conversation.value(), userMessage("more"));
        REQUIRE(user);
        CHECK_FALSE(store.appendReply(user.value(), "x"));
    }
}

TEST_CASE("searches message text with every query bound and quoted", "[history][store][search]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db, steppingClock());
    auto conversation = store.createConversation(QStringLiteral("c"));
    REQUIRE(conversation);
    auto add = [&](std::string text) {
        auto id = store.appendUserMessage(conversation.value(), userMessage(std::move(text)));
        REQUIRE(id);
        return id.value();
    };
    const int64_t alpha = add("alpha only here");
    const int64_t gamma = add("gamma only here");
    const int64_t both = add("alpha or gamma, near (the) end; say \"hello\" * text:x");
    const int64_t placeholder = add("send it to [EMAIL_1] please");

    using Ids = std::vector<int64_t>;
    CHECK(hitIds(store, QStringLiteral("alpha")) == Ids{alpha, both});
    CHECK(hitIds(store, QStringLiteral("ALPHA")) == Ids{alpha, both});
    CHECK(hitIds(store, QStringLiteral("gamma")) == Ids{gamma, both});
    CHECK(hitIds(store, QStringLiteral("alpha gamma")) == Ids{both});
    CHECK(hitIds(store, QStringLiteral("[EMAIL_1]")) == Ids{placeholder});

    SECTION("operators are searched as words, never applied")
    {
        // As operators, OR would find alpha or gamma; as quoted words, only the message holding "or".
        CHECK(hitIds(store, QStringLiteral("alpha OR gamma")) == Ids{both});
        CHECK(hitIds(store, QStringLiteral("gamma NEAR alpha")) == Ids{both});
        CHECK(hitIds(store, QStringLiteral("alpha NEAR/2 gamma")).empty());
        CHECK(hitIds(store, QStringLiteral("alpha AND only")) == Ids{});
        CHECK(hitIds(store, QStringLiteral("alpha NOT gamma")) == Ids{});
        CHECK(hitIds(store, QStringLiteral("-gamma alpha")) == Ids{both});
        // As a column filter, text:alpha would find both alpha messages; as a phrase, "text alpha" is nowhere.
        CHECK(hitIds(store, QStringLiteral("text:alpha")).empty());
        CHECK(hitIds(store, QStringLiteral("text:x")) == Ids{both});
    }
    SECTION("a star is not a prefix query")
    {
        CHECK(hitIds(store, QStringLiteral("alph*")).empty());
        CHECK(hitIds(store, QStringLiteral("alpha*")) == Ids{alpha, both});
        CHECK(hitIds(store, QStringLiteral("*")).empty());
    }
    SECTION("quotes and parentheses cannot break out of the phrase")
    {
        CHECK(hitIds(store, QStringLiteral("\"alpha")) == Ids{alpha, both});
        CHECK(hitIds(store, QStringLiteral("alpha\" OR \"gamma")) == Ids{both});
        CHECK(hitIds(store, QStringLiteral("(alpha OR gamma)")) == Ids{both});
        CHECK(hitIds(store, QStringLiteral("((((")).empty());
        CHECK(hitIds(store, QStringLiteral("\"\"\"")).empty());
        CHECK(hitIds(store, QStringLiteral("')); DROP TABLE messages; --")).empty());
        CHECK(store.messages(conversation.value()).value().size() == 4);
    }
    SECTION("empty and oversized queries")
    {
        CHECK(hitIds(store, QString()).empty());
        CHECK(hitIds(store, QStringLiteral("   ")).empty());
        CHECK(hitIds(store, QStringLiteral("alpha ").repeated(1000)) == Ids{alpha, both});
        CHECK(hitIds(store, QString(100000, QLatin1Char('a'))).empty());
    }
    SECTION("the index follows edits and deletions")
    {
        auto reply = store.startAssistantMessage(conversation.value(), QStringLiteral("p"), QStringLiteral("m"));
        REQUIRE(reply);
        REQUIRE(store.appendReply(reply.value(), "zeta "));
        CHECK(hitIds(store, QStringLiteral("zeta")) == Ids{reply.value()});
        REQUIRE(store.setReplyText(reply.value(), "omega"));
        CHECK(hitIds(store, QStringLiteral("zeta")).empty());
        CHECK(hitIds(store, QStringLiteral("omega")) == Ids{reply.value()});
        REQUIRE(store.deleteConversation(conversation.value()));
        CHECK(hitIds(store, QStringLiteral("omega")).empty());
        CHECK(hitIds(store, QStringLiteral("alpha")).empty());
        auto problems = db->integrityProblems();
        REQUIRE(problems);
        CHECK(problems.value().isEmpty());
    }
}

TEST_CASE("builds FTS4 match expressions from what the user typed", "[history][store][search]")
{
    using Expr = std::optional<std::string>;
    CHECK(HistoryStore::matchExpression(QStringLiteral("alpha beta")) == Expr(R"("alpha" "beta")"));
    CHECK(HistoryStore::matchExpression(QStringLiteral("a OR b")) == Expr(R"("a" "OR" "b")"));
    CHECK(HistoryStore::matchExpression(QStringLiteral("say \"hi there\"")) == Expr(R"("say" "hi" "there")"));
    CHECK(HistoryStore::matchExpression(QStringLiteral("pre* (x)")) == Expr(R"q("pre" "(x)")q"));
    CHECK(HistoryStore::matchExpression(QStringLiteral("NEAR/3 x")) == Expr(R"("NEAR/3" "x")"));
    CHECK(HistoryStore::matchExpression(QStringLiteral("Grüße")) == Expr("\"Grüße\""));
    CHECK_FALSE(HistoryStore::matchExpression(QStringLiteral("\" * ( ) -")));
    CHECK_FALSE(HistoryStore::matchExpression(QString()));
}

TEST_CASE("a process killed mid-write loses nothing it committed", "[history][store][crash]")
{
    TempDatabase temp;
    std::map<int64_t, int64_t> users; // message id -> n
    std::map<int64_t, size_t> replies; // message id -> bytes reported
    int64_t conversation = 0;

    // Kill the child after different amounts of work, reopening the same file each round.
    for (int round = 0; round < 4; ++round) {
        INFO("round " << round);
        QProcess child;
        child.start(QStringLiteral(VEIL_CRASH_WRITER), {temp.path()});
        REQUIRE(child.waitForStarted(10000));
        child.write(test::keyHex(temp.key()) + '\n');
        child.closeWriteChannel();

        const int commitsBeforeKill = 15 + round * 40;
        int commits = 0;
        QByteArray output;
        while (commits < commitsBeforeKill && child.state() == QProcess::Running) {
            child.waitForReadyRead(10000);
            output += child.readAllStandardOutput();
            commits = static_cast<int>(output.count('\n'));
        }
        INFO(QString::fromUtf8(child.readAllStandardError()).toStdString());
        REQUIRE(child.state() == QProcess::Running);
        child.kill(); // SIGKILL
        REQUIRE(child.waitForFinished(10000));
        CHECK(child.exitStatus() == QProcess::CrashExit);
        output += child.readAllStandardOutput();

        // Only whole lines count: each was written after its commit returned.
        const QByteArrayList lines = output.left(output.lastIndexOf('\n')).split('\n');
        for (const QByteArray& line : lines) {
            const QByteArrayList fields = line.split(' ');
            if (fields.value(0) == "conversation") {
                conversation = fields.value(1).toLongLong();
            } else if (fields.value(0) == "user") {
                users[fields.value(1).toLongLong()] = fields.value(2).toLongLong();
            } else if (fields.value(0) == "reply") {
                replies[fields.value(1).toLongLong()] = static_cast<size_t>(fields.value(2).toLongLong());
            }
        }
        REQUIRE(conversation > 0);
        REQUIRE(users.size() > static_cast<size_t>(round));

        auto db = temp.open();
        auto problems = db->integrityProblems();
        REQUIRE(problems);
        CHECK(problems.value().isEmpty());
        HistoryStore store(*db);
        for (const auto& [id, n] : users) {
            auto message = store.message(id);
            INFO("user message " << id);
            REQUIRE(message);
            CHECK(message.value().text == test::crashText(n));
        }
        for (const auto& [id, bytes] : replies) {
            auto message = store.message(id);
            INFO("reply " << id);
            REQUIRE(message);
            CHECK(message.value().role == Role::Assistant);
            CHECK(message.value().text.size() >= bytes);
        }
        auto found = store.search(QStringLiteral("crash-user-1"));
        REQUIRE(found);
        CHECK_FALSE(found.value().empty());
    }
}

TEST_CASE("messages keep the policy version they were sent under, and exports read it but never the original",
          "[history][store]")
{
    TempDatabase temp;
    auto db = temp.open();
    HistoryStore store(*db, steppingClock());
    const int64_t conversation = store.createConversation(QStringLiteral("c")).value();

    NewUserMessage managed = userMessage("sent under v42");
    managed.original = "the original text";
    managed.policyVersion = 42;
    const int64_t user = store.appendUserMessage(conversation, managed).value();
    const int64_t reply
        = store.startAssistantMessage(conversation, QStringLiteral("anthropic"), QStringLiteral("claude"), 42).value();
    const int64_t unmanaged = store.appendUserMessage(conversation, userMessage("sent unmanaged")).value();
    const int64_t unmanagedReply
        = store.startAssistantMessage(conversation, QStringLiteral("anthropic"), QStringLiteral("claude")).value();

    CHECK(store.message(user)->policyVersion == std::optional<int64_t>(42));
    CHECK(store.message(reply)->policyVersion == std::optional<int64_t>(42));
    CHECK_FALSE(store.message(unmanaged)->policyVersion);
    CHECK_FALSE(store.message(unmanagedReply)->policyVersion);
    const auto all = store.messages(conversation);
    REQUIRE(all);
    REQUIRE(all->size() == 4);
    CHECK(all->at(1).policyVersion == std::optional<int64_t>(42));

    std::map<int64_t, std::optional<int64_t>> exported;
    std::vector<std::string> texts;
    MessageQuery query;
    query.until = std::numeric_limits<int64_t>::max();
    REQUIRE(store.forEachMessage(query, [&](const ExportedMessage& message) {
        exported[message.id] = message.policyVersion;
        texts.emplace_back(message.text);
        return true;
    }));
    CHECK(exported
          == std::map<int64_t, std::optional<int64_t>>{
              {user, 42}, {reply, 42}, {unmanaged, std::nullopt}, {unmanagedReply, std::nullopt}});
    CHECK(std::find(texts.begin(), texts.end(), "the original text") == texts.end());
    CHECK(std::find(texts.begin(), texts.end(), "sent under v42") != texts.end());
}
