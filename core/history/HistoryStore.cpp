#include "history/HistoryStore.h"

#include "history/Database.h"

#include <QDateTime>

#include <map>
#include <utility>

namespace veil::history {
namespace {

constexpr int kMaxSearchTerms = 32;
constexpr qsizetype kMaxTermLength = 128;

Error notFound(const QString& what)
{
    return Error{Error::Code::NotFound, what};
}

Error conversationNotFound()
{
    return notFound(QStringLiteral("The conversation does not exist."));
}

Error workspaceNotFound()
{
    return notFound(QStringLiteral("The workspace does not exist."));
}

Error noStreamingReply()
{
    return notFound(QStringLiteral("There is no reply with this id that is still streaming."));
}

Error noSendingMessage()
{
    return notFound(QStringLiteral("There is no message with this id that is still being sent."));
}

Status checkName(const QString& name, const QString& what)
{
    if (name.trimmed().isEmpty()) {
        return Status::failure(Error::Code::InvalidInput, QStringLiteral("The %1 needs a name.").arg(what));
    }
    return {};
}

Conversation readConversation(const Statement& stmt)
{
    Conversation c;
    c.id = stmt.int64(0);
    if (!stmt.isNull(1)) {
        c.workspaceId = stmt.int64(1);
    }
    c.title = stmt.string(2);
    c.createdAt = stmt.int64(3);
    c.updatedAt = stmt.int64(4);
    return c;
}

Message readMessage(const Statement& stmt)
{
    Message m;
    m.id = stmt.int64(0);
    m.conversationId = stmt.int64(1);
    m.role = roleFromString(stmt.text(2)).value_or(Role::User);
    m.text = std::string(stmt.text(3));
    if (!stmt.isNull(4)) {
        m.original = std::string(stmt.text(4));
    }
    m.provider = stmt.string(5);
    m.model = stmt.string(6);
    m.state = messageStateFromString(stmt.text(7)).value_or(MessageState::Failed);
    m.createdAt = stmt.int64(8);
    m.updatedAt = stmt.int64(9);
    if (!stmt.isNull(10)) {
        m.policyVersion = stmt.int64(10);
    }
    return m;
}

/// Runs a listing statement whose rows `read` turns into values.
template <typename T, typename Read>
Result<std::vector<T>> collect(Statement& stmt, Read read)
{
    std::vector<T> out;
    while (stmt.next()) {
        out.push_back(read(stmt));
    }
    if (!stmt.status()) {
        return stmt.status().error();
    }
    return out;
}

} // namespace

std::string_view toString(Role role)
{
    switch (role) {
    case Role::User:
        return "user";
    case Role::Assistant:
        return "assistant";
    case Role::System:
        return "system";
    }
    return "user";
}

std::string_view toString(MessageState state)
{
    switch (state) {
    case MessageState::Sending:
        return "sending";
    case MessageState::Complete:
        return "complete";
    case MessageState::CutOff:
        return "cut_off";
    case MessageState::Failed:
        return "failed";
    }
    return "failed";
}

std::optional<Role> roleFromString(std::string_view text)
{
    for (Role role : {Role::User, Role::Assistant, Role::System}) {
        if (toString(role) == text) {
            return role;
        }
    }
    return std::nullopt;
}

std::optional<MessageState> messageStateFromString(std::string_view text)
{
    for (MessageState state :
         {MessageState::Sending, MessageState::Complete, MessageState::CutOff, MessageState::Failed}) {
        if (toString(state) == text) {
            return state;
        }
    }
    return std::nullopt;
}

HistoryStore::HistoryStore(Database& db, Clock clock)
    : m_db(db)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
{
}

// ---------------------------------------------------------------------------------------------- workspaces

Result<int64_t> HistoryStore::createWorkspace(const QString& name)
{
    if (Status named = checkName(name, QStringLiteral("workspace")); !named) {
        return named.error();
    }
    auto stmt = m_db.prepare("INSERT INTO workspaces(name, created_at) VALUES (?1, ?2)");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, name).bind(2, m_clock()).run(); !done) {
        if (done.error().code == Error::Code::InvalidInput) {
            return Result<int64_t>::failure(Error::Code::InvalidInput,
                                            QStringLiteral("A workspace with this name exists already."));
        }
        return done.error();
    }
    return m_db.lastInsertId();
}

Result<std::vector<Workspace>> HistoryStore::workspaces()
{
    auto stmt = m_db.prepare("SELECT id, name, created_at FROM workspaces ORDER BY name");
    if (!stmt) {
        return stmt.error();
    }
    return collect<Workspace>(stmt.value(), [](const Statement& s) {
        return Workspace{s.int64(0), s.string(1), s.int64(2)};
    });
}

Status HistoryStore::renameWorkspace(int64_t id, const QString& name)
{
    if (Status named = checkName(name, QStringLiteral("workspace")); !named) {
        return named;
    }
    auto stmt = m_db.prepare("UPDATE workspaces SET name = ?1 WHERE id = ?2");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, name).bind(2, id).run(); !done) {
        if (done.error().code == Error::Code::InvalidInput) {
            return Status::failure(Error::Code::InvalidInput,
                                   QStringLiteral("A workspace with this name exists already."));
        }
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(workspaceNotFound());
}

Status HistoryStore::deleteWorkspace(int64_t id)
{
    auto stmt = m_db.prepare("DELETE FROM workspaces WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, id).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(workspaceNotFound());
}

// ---------------------------------------------------------------------------------------------- conversations

Result<int64_t> HistoryStore::createConversation(const QString& title, std::optional<int64_t> workspaceId)
{
    auto stmt
        = m_db.prepare("INSERT INTO conversations(workspace_id, title, created_at, updated_at)"
                       " SELECT ?1, ?2, ?3, ?3 WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM workspaces WHERE id = ?1)");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, workspaceId).bind(2, title).bind(3, m_clock()).run(); !done) {
        return done.error();
    }
    if (m_db.changes() != 1) {
        return workspaceNotFound();
    }
    return m_db.lastInsertId();
}

Result<Conversation> HistoryStore::conversation(int64_t id)
{
    auto stmt = m_db.prepare("SELECT id, workspace_id, title, created_at, updated_at FROM conversations WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, id);
    if (stmt->next()) {
        return readConversation(stmt.value());
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return conversationNotFound();
}

Result<std::vector<Conversation>> HistoryStore::conversations()
{
    auto stmt = m_db.prepare("SELECT id, workspace_id, title, created_at, updated_at FROM conversations"
                             " ORDER BY updated_at DESC, id DESC");
    if (!stmt) {
        return stmt.error();
    }
    return collect<Conversation>(stmt.value(), readConversation);
}

Result<std::vector<Conversation>> HistoryStore::conversationsIn(int64_t workspaceId)
{
    auto stmt = m_db.prepare("SELECT id, workspace_id, title, created_at, updated_at FROM conversations"
                             " WHERE workspace_id = ?1 ORDER BY updated_at DESC, id DESC");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, workspaceId);
    return collect<Conversation>(stmt.value(), readConversation);
}

Status HistoryStore::renameConversation(int64_t id, const QString& title)
{
    auto stmt = m_db.prepare("UPDATE conversations SET title = ?1, updated_at = ?2 WHERE id = ?3");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, title).bind(2, m_clock()).bind(3, id).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(conversationNotFound());
}

Status HistoryStore::deleteConversation(int64_t id)
{
    auto stmt = m_db.prepare("DELETE FROM conversations WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, id).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(conversationNotFound());
}

Status HistoryStore::touchConversation(int64_t conversationId, int64_t now)
{
    auto stmt = m_db.prepare("UPDATE conversations SET updated_at = ?1 WHERE id = ?2");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, now).bind(2, conversationId).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(conversationNotFound());
}

// ---------------------------------------------------------------------------------------------- messages

Result<int64_t> HistoryStore::appendUserMessage(int64_t conversationId, const NewUserMessage& message)
{
    // The same rule and type may come more than once (one entry per finding): one row each, summed.
    std::map<std::pair<std::string_view, std::string_view>, int64_t> counts;
    for (const FindingCount& finding : message.findings) {
        if (finding.count <= 0 || finding.rule.empty() || finding.type.empty()) {
            return Result<int64_t>::failure(
                Error::Code::InvalidInput, QStringLiteral("A finding count needs a rule, a type and a count above 0."));
        }
        counts[{finding.rule, finding.type}] += finding.count;
    }
    int64_t id = 0;
    Status saved = m_db.transaction([&]() -> Status {
        const int64_t now = m_clock();
        if (Status touched = touchConversation(conversationId, now); !touched) {
            return touched;
        }
        auto insert = m_db.prepare("INSERT INTO messages(conversation_id, role, text, original, provider, model, state,"
                                   " created_at, updated_at, policy_version)"
                                   " VALUES (?1, 'user', ?2, ?3, ?4, ?5, 'sending', ?6, ?6, ?7)");
        if (!insert) {
            return insert.error();
        }
        insert->bind(1, conversationId)
            .bind(2, std::string_view(message.text))
            .bind(3, message.original)
            .bind(4, message.provider)
            .bind(5, message.model)
            .bind(6, now)
            .bind(7, message.policyVersion);
        if (Status done = insert->run(); !done) {
            return done;
        }
        id = m_db.lastInsertId();
        auto finding = m_db.prepare("INSERT INTO findings(message_id, rule, type, count) VALUES (?1, ?2, ?3, ?4)");
        if (!finding) {
            return finding.error();
        }
        for (const auto& [ruleAndType, count] : counts) {
            finding->reset();
            finding->bind(1, id).bind(2, ruleAndType.first).bind(3, ruleAndType.second).bind(4, count);
            if (Status done = finding->run(); !done) {
                return done;
            }
        }
        return {};
    });
    if (!saved) {
        return saved.error();
    }
    return id;
}

Result<int64_t> HistoryStore::startAssistantMessage(int64_t conversationId, const QString& provider,
                                                    const QString& model, std::optional<int64_t> policyVersion)
{
    int64_t id = 0;
    Status saved = m_db.transaction([&]() -> Status {
        const int64_t now = m_clock();
        if (Status touched = touchConversation(conversationId, now); !touched) {
            return touched;
        }
        auto insert = m_db.prepare("INSERT INTO messages(conversation_id, role, text, provider, model, state,"
                                   " created_at, updated_at, policy_version)"
                                   " VALUES (?1, 'assistant', '', ?2, ?3, 'sending', ?4, ?4, ?5)");
        if (!insert) {
            return insert.error();
        }
        insert->bind(1, conversationId).bind(2, provider).bind(3, model).bind(4, now).bind(5, policyVersion);
        if (Status done = insert->run(); !done) {
            return done;
        }
        id = m_db.lastInsertId();
        return {};
    });
    if (!saved) {
        return saved.error();
    }
    return id;
}

Status HistoryStore::appendReply(int64_t messageId, std::string_view chunk)
{
    auto stmt = m_db.prepare("UPDATE messages SET text = text || ?1, updated_at = ?2"
                             " WHERE id = ?3 AND role = 'assistant' AND state = 'sending'");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, chunk).bind(2, m_clock()).bind(3, messageId).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(noStreamingReply());
}

Status HistoryStore::setReplyText(int64_t messageId, std::string_view text)
{
    auto stmt = m_db.prepare("UPDATE messages SET text = ?1, updated_at = ?2"
                             " WHERE id = ?3 AND role = 'assistant' AND state = 'sending'");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, text).bind(2, m_clock()).bind(3, messageId).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(noStreamingReply());
}

Status HistoryStore::setState(int64_t messageId, MessageState state)
{
    if (state == MessageState::Sending) {
        return Status::failure(Error::Code::InvalidInput, QStringLiteral("A message cannot go back to sending."));
    }
    auto stmt = m_db.prepare("UPDATE messages SET state = ?1, updated_at = ?2 WHERE id = ?3 AND state = 'sending'");
    if (!stmt) {
        return stmt.error();
    }
    if (Status done = stmt->bind(1, toString(state)).bind(2, m_clock()).bind(3, messageId).run(); !done) {
        return done;
    }
    return m_db.changes() == 1 ? Status() : Status(noSendingMessage());
}

Result<Message> HistoryStore::message(int64_t id)
{
    auto stmt = m_db.prepare("SELECT id, conversation_id, role, text, original, provider, model, state, created_at,"
                             " updated_at, policy_version FROM messages WHERE id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, id);
    if (stmt->next()) {
        return readMessage(stmt.value());
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return notFound(QStringLiteral("The message does not exist."));
}

Result<std::vector<Message>> HistoryStore::messages(int64_t conversationId)
{
    auto stmt = m_db.prepare("SELECT id, conversation_id, role, text, original, provider, model, state, created_at,"
                             " updated_at, policy_version FROM messages WHERE conversation_id = ?1 ORDER BY id");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, conversationId);
    return collect<Message>(stmt.value(), readMessage);
}

Result<std::vector<FindingCount>> HistoryStore::findings(int64_t messageId)
{
    auto stmt = m_db.prepare("SELECT rule, type, count FROM findings WHERE message_id = ?1 ORDER BY rule, type");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, messageId);
    return collect<FindingCount>(stmt.value(), [](const Statement& s) {
        return FindingCount{std::string(s.text(0)), std::string(s.text(1)), static_cast<int>(s.int64(2))};
    });
}

// ---------------------------------------------------------------------------------------------- search

std::optional<std::string> HistoryStore::matchExpression(const QString& query)
{
    std::string expression;
    int terms = 0;
    QString word;
    auto flush = [&] {
        // A word without a letter or digit would be an empty phrase: the tokenizer keeps nothing of it.
        bool meaningful = false;
        for (QChar c : word) {
            meaningful = meaningful || c.isLetterOrNumber();
        }
        if (meaningful && terms < kMaxSearchTerms) {
            if (!expression.empty()) {
                expression += ' ';
            }
            expression += '"';
            expression += word.left(kMaxTermLength).toStdString();
            expression += '"';
            ++terms;
        }
        word.clear();
    };
    for (QChar c : query) {
        if (c.isSpace()) {
            flush();
        } else if (c != u'"' && c != u'*') {
            // Quotes would end the phrase; a star would make it a prefix query. Everything else is safe inside
            // a quoted phrase: the tokenizer treats operators and punctuation as words or separators.
            word += c;
        }
    }
    flush();
    if (expression.empty()) {
        return std::nullopt;
    }
    return expression;
}

Result<std::vector<SearchHit>> HistoryStore::search(const QString& query, int limit)
{
    const std::optional<std::string> expression = matchExpression(query);
    if (!expression || limit <= 0) {
        return std::vector<SearchHit>{};
    }
    // Newest first by message id (ids follow creation order). FTS4 hands out its hits in docid order, so the
    // limit applies inside the full-text query and only the hits returned are looked up in messages: ordering
    // by a column of messages instead would read every message that matches, about a second for a common word
    // in 100k messages.
    auto stmt = m_db.prepare("SELECT m.id, m.conversation_id, m.created_at FROM"
                             " (SELECT docid FROM message_search WHERE message_search MATCH ?1"
                             " ORDER BY docid DESC LIMIT ?2) AS hit"
                             " JOIN messages m ON m.id = hit.docid ORDER BY m.id DESC");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, std::string_view(*expression)).bind(2, limit);
    return collect<SearchHit>(stmt.value(), [](const Statement& s) {
        return SearchHit{s.int64(0), s.int64(1), s.int64(2)};
    });
}

// ---------------------------------------------------------------------------------------------- export reads

namespace {

void bindQuery(Statement& stmt, const MessageQuery& query)
{
    stmt.bind(1, query.since).bind(2, query.until).bind(3, query.workspaceId);
    if (query.provider) {
        stmt.bind(4, *query.provider);
    } else {
        stmt.bindNull(4);
    }
}

} // namespace

Result<std::optional<int64_t>> HistoryStore::workspaceIdByName(const QString& name)
{
    auto stmt = m_db.prepare("SELECT id FROM workspaces WHERE name = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, name);
    if (stmt->next()) {
        return std::optional<int64_t>(stmt->int64(0));
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return std::optional<int64_t>();
}

Result<int64_t> HistoryStore::countMessages(const MessageQuery& query)
{
    auto stmt = m_db.prepare("SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                             " WHERE m.created_at >= ?1 AND m.created_at < ?2"
                             " AND (?3 IS NULL OR c.workspace_id = ?3) AND (?4 IS NULL OR m.provider = ?4)");
    if (!stmt) {
        return stmt.error();
    }
    bindQuery(stmt.value(), query);
    if (stmt->next()) {
        return stmt->int64(0);
    }
    return stmt->status().ok() ? Result<int64_t>(int64_t(0)) : Result<int64_t>(stmt->status().error());
}

Status HistoryStore::forEachMessage(const MessageQuery& query, const std::function<bool(const ExportedMessage&)>& visit)
{
    // One row per finding (or one row for a message without any): consecutive rows of one message are merged.
    auto stmt = m_db.prepare("SELECT m.id, m.conversation_id, m.role, m.text, m.provider, m.model, m.state,"
                             " m.created_at, m.updated_at, f.rule, f.type, f.count, m.policy_version"
                             " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                             " LEFT JOIN findings f ON f.message_id = m.id"
                             " WHERE m.created_at >= ?1 AND m.created_at < ?2"
                             " AND (?3 IS NULL OR c.workspace_id = ?3) AND (?4 IS NULL OR m.provider = ?4)"
                             " ORDER BY m.conversation_id, m.id, f.rule, f.type");
    if (!stmt) {
        return stmt.error();
    }
    bindQuery(stmt.value(), query);
    ExportedMessage current;
    std::string text;
    bool pending = false;
    while (stmt->next()) {
        const int64_t id = stmt->int64(0);
        if (!pending || id != current.id) {
            if (pending) {
                current.text = text;
                if (!visit(current)) {
                    return {};
                }
            }
            current = ExportedMessage{};
            current.id = id;
            current.conversationId = stmt->int64(1);
            current.role = roleFromString(stmt->text(2)).value_or(Role::User);
            text.assign(stmt->text(3));
            current.provider = stmt->string(4);
            current.model = stmt->string(5);
            current.state = messageStateFromString(stmt->text(6)).value_or(MessageState::Failed);
            current.createdAt = stmt->int64(7);
            current.updatedAt = stmt->int64(8);
            if (!stmt->isNull(12)) {
                current.policyVersion = stmt->int64(12);
            }
            pending = true;
        }
        if (!stmt->isNull(9)) {
            current.findings.push_back(FindingCount{std::string(stmt->text(9)), std::string(stmt->text(10)),
                                                    static_cast<int>(stmt->int64(11))});
        }
    }
    if (!stmt->status()) {
        return stmt->status();
    }
    if (pending) {
        current.text = text;
        (void)visit(current);
    }
    return {};
}

Status HistoryStore::readSnapshot(const std::function<Status()>& body)
{
    // BEGIN (deferred) takes the read snapshot at the first read and holds it until COMMIT.
    if (Status begun = m_db.execute("BEGIN"); !begun) {
        return begun;
    }
    Status result = body();
    if (Status ended = m_db.execute("COMMIT"); !ended && result) {
        result = ended;
    }
    return result;
}

// ---------------------------------------------------------------------------------------------- listing, purging

Result<std::vector<HistoryStore::ConversationSummary>> HistoryStore::conversationSummaries()
{
    auto stmt = m_db.prepare("SELECT c.id, c.workspace_id, c.title, c.created_at, c.updated_at,"
                             " (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id)"
                             " FROM conversations c ORDER BY c.updated_at DESC, c.id DESC");
    if (!stmt) {
        return stmt.error();
    }
    return collect<ConversationSummary>(stmt.value(), [](const Statement& s) {
        return ConversationSummary{readConversation(s), s.int64(5)};
    });
}

Result<HistoryStore::PurgeCounts> HistoryStore::purge(const PurgeSelection& selection)
{
    PurgeCounts counts;
    Status purged = m_db.transaction([&]() -> Status {
        // One fixed WHERE clause for every selection: ?1 is the conversation (or NULL), ?2 the cut-off.
        auto count = m_db.prepare("SELECT count(*),"
                                  " (SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                                  "  WHERE (?1 IS NULL OR c.id = ?1) AND c.updated_at < ?2),"
                                  " (SELECT count(*) FROM vault v JOIN conversations c ON c.id = v.conversation_id"
                                  "  WHERE (?1 IS NULL OR c.id = ?1) AND c.updated_at < ?2)"
                                  " FROM conversations c WHERE (?1 IS NULL OR c.id = ?1) AND c.updated_at < ?2");
        if (!count) {
            return count.error();
        }
        count->bind(1, selection.conversationId).bind(2, selection.updatedBefore);
        if (!count->next()) {
            return count->status();
        }
        counts = PurgeCounts{count->int64(0), count->int64(1), count->int64(2)};
        if (selection.conversationId && counts.conversations == 0) {
            return conversationNotFound();
        }
        auto remove = m_db.prepare("DELETE FROM conversations WHERE (?1 IS NULL OR id = ?1) AND updated_at < ?2");
        if (!remove) {
            return remove.error();
        }
        return remove->bind(1, selection.conversationId).bind(2, selection.updatedBefore).run();
    });
    if (!purged) {
        return purged.error();
    }
    return counts;
}

} // namespace veil::history
