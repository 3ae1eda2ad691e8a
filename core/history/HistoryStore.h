#pragma once

#include "common/Result.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil::history {

class Database;

enum class Role { User, Assistant, System };

/// Where a message stands. A user message is `Sending` from the moment it is committed until the request has
/// gone out (`Complete`) or could not (`Failed`); an assistant message is `Sending` while its reply streams in,
/// then `Complete`, `CutOff` (the stream stopped early; what arrived is kept) or `Failed`.
enum class MessageState { Sending, Complete, CutOff, Failed };

struct Workspace
{
    int64_t id = 0;
    QString name;
    int64_t createdAt = 0; ///< milliseconds since the Unix epoch, UTC (as every timestamp here)
};

struct Conversation
{
    int64_t id = 0;
    std::optional<int64_t> workspaceId; ///< none: the conversation belongs to no workspace
    QString title;
    int64_t createdAt = 0;
    int64_t updatedAt = 0; ///< the last change to the conversation or one of its messages
};

/// How often one rule found one placeholder type in a message. Never the values.
struct FindingCount
{
    std::string rule;
    std::string type;
    int count = 0;
};

/// What the pipeline knows about a user message when it commits it, before sending.
struct NewUserMessage
{
    std::string text; ///< UTF-8, exactly as it will be sent (placeholders in place)
    std::optional<std::string> original; ///< the text before redaction, only when policy allows keeping it
    QString provider;
    QString model;
    std::vector<FindingCount> findings;
    /// The bundle_version of the policy in force when the message is sent; none: no policy (unmanaged).
    std::optional<int64_t> policyVersion;
};

struct Message
{
    int64_t id = 0;
    int64_t conversationId = 0;
    Role role = Role::User;
    std::string text; ///< UTF-8, as sent or as received
    std::optional<std::string> original;
    QString provider;
    QString model;
    MessageState state = MessageState::Sending;
    int64_t createdAt = 0;
    int64_t updatedAt = 0;
    /// The policy's bundle_version when the message was sent or received; none: unmanaged or not known (stored
    /// before schema version 2).
    std::optional<int64_t> policyVersion;
};

struct SearchHit
{
    int64_t messageId = 0;
    int64_t conversationId = 0;
    int64_t createdAt = 0;
};

/// Which messages an export reads: created in [since, until), optionally only in one workspace or only those
/// sent to or received from one provider.
struct MessageQuery
{
    int64_t since = 0; ///< milliseconds since the Unix epoch, inclusive
    int64_t until = 0; ///< exclusive
    std::optional<int64_t> workspaceId;
    std::optional<QString> provider;
};

/// One message as an export reads it: never the stored original.
struct ExportedMessage
{
    int64_t id = 0;
    int64_t conversationId = 0;
    Role role = Role::User;
    std::string_view text; ///< UTF-8, as sent or as received; valid during the visit only
    QString provider;
    QString model;
    MessageState state = MessageState::Sending;
    int64_t createdAt = 0;
    int64_t updatedAt = 0;
    std::optional<int64_t> policyVersion; ///< at send time (see Message::policyVersion)
    std::vector<FindingCount> findings; ///< by rule, then type
};

/// Conversations, workspaces and messages in the encrypted database.
///
/// Every call that changes something is one transaction: when it returns ok, the change is on disk. Streaming
/// a reply costs one transaction per appendReply(); callers batch chunks (say, every 250 ms) when that matters.
/// Text is stored as sent and received; `original` only when the caller passes it. Deleting a conversation
/// deletes its messages, findings and vault; deleting a workspace deletes its conversations.
///
/// The Database must outlive the store. Not thread-safe, like Database.
class HistoryStore
{
public:
    using Clock = std::function<int64_t()>; ///< milliseconds since the Unix epoch

    explicit HistoryStore(Database& db, Clock clock = {});

    Result<int64_t> createWorkspace(const QString& name);
    Result<std::vector<Workspace>> workspaces(); ///< by name
    Status renameWorkspace(int64_t id, const QString& name);
    Status deleteWorkspace(int64_t id);

    Result<int64_t> createConversation(const QString& title, std::optional<int64_t> workspaceId = std::nullopt);
    Result<Conversation> conversation(int64_t id);
    Result<std::vector<Conversation>> conversations(); ///< all, the most recently updated first
    Result<std::vector<Conversation>> conversationsIn(int64_t workspaceId); ///< the most recently updated first
    Status renameConversation(int64_t id, const QString& title);
    Status deleteConversation(int64_t id);

    /// Commits a user message (state Sending) with its findings; returns its id. Call before sending.
    Result<int64_t> appendUserMessage(int64_t conversationId, const NewUserMessage& message);
    /// Commits an empty assistant message (state Sending) for a reply about to stream in; returns its id.
    /// `policyVersion`: the bundle_version in force for the request (none: unmanaged).
    Result<int64_t> startAssistantMessage(int64_t conversationId, const QString& provider, const QString& model,
                                          std::optional<int64_t> policyVersion = std::nullopt);
    /// Appends to the text of an assistant message that is still Sending.
    Status appendReply(int64_t messageId, std::string_view chunk);
    /// Replaces the text of an assistant message that is still Sending.
    Status setReplyText(int64_t messageId, std::string_view text);
    /// Moves a message to `state`. A message that is no longer Sending keeps its state (NotFound).
    Status setState(int64_t messageId, MessageState state);

    Result<Message> message(int64_t id);
    Result<std::vector<Message>> messages(int64_t conversationId); ///< oldest first
    Result<std::vector<FindingCount>> findings(int64_t messageId);

    /// Full-text search over the stored text (as sent and received), the newest hits first (by message id, which
    /// follows creation order).
    ///
    /// `query` is what the user typed: every whitespace-separated word becomes a quoted term, and all terms must
    /// match. Double quotes and `*` are dropped, so FTS syntax (OR, NEAR, -, *, parentheses, column filters) is
    /// searched as words, never interpreted. A query with no word in it finds nothing.
    Result<std::vector<SearchHit>> search(const QString& query, int limit = 50);

    /// The FTS4 MATCH expression for a user's query (see search()); none when it holds no word.
    static std::optional<std::string> matchExpression(const QString& query);

    // ------------------------------------------------------------------------------------------ export reads

    /// The id of the workspace named `name`; none when there is no such workspace.
    Result<std::optional<int64_t>> workspaceIdByName(const QString& name);

    /// How many messages match `query` (see forEachMessage()).
    Result<int64_t> countMessages(const MessageQuery& query);

    /// Streams the messages that match `query` to `visit`, ordered by conversation and then message id, one
    /// at a time through a cursor (never the whole range in memory), each with its finding counts. The text is
    /// as sent and received; the stored original is never read. `visit` returns false to stop early (the call
    /// then returns ok). The record and its text are valid only during the call.
    Status forEachMessage(const MessageQuery& query, const std::function<bool(const ExportedMessage&)>& visit);

    /// Runs `body` inside one read transaction, so that every query it makes sees the same snapshot of the
    /// database, whatever other connections commit meanwhile (WAL). `body` must not write.
    Status readSnapshot(const std::function<Status()>& body);

    // ------------------------------------------------------------------ listing and purging (veilctl history)

    /// A conversation with the size of what it holds, for listings.
    struct ConversationSummary
    {
        Conversation conversation;
        int64_t messages = 0;
    };
    /// Every conversation with its message count, the most recently updated first.
    Result<std::vector<ConversationSummary>> conversationSummaries();

    /// Which conversations purge() deletes: the one named (when set) and only those last updated before
    /// `updatedBefore` (milliseconds since the Unix epoch). The default selects every conversation.
    struct PurgeSelection
    {
        std::optional<int64_t> conversationId;
        int64_t updatedBefore = std::numeric_limits<int64_t>::max();
    };
    struct PurgeCounts
    {
        int64_t conversations = 0;
        int64_t messages = 0;
        int64_t vaultEntries = 0;
    };
    /// Deletes the selected conversations with their messages, findings, search index entries and vault
    /// entries (ON DELETE CASCADE), in one transaction (a savepoint inside the caller's), and returns what went.
    /// A conversation named by id that does not exist is NotFound. Deleted pages are overwritten (secure_delete);
    /// the caller checkpoints the log afterwards so no copy stays in it.
    Result<PurgeCounts> purge(const PurgeSelection& selection);

private:
    Status touchConversation(int64_t conversationId, int64_t now);

    Database& m_db;
    Clock m_clock;
};

std::string_view toString(Role role);
std::string_view toString(MessageState state);
std::optional<Role> roleFromString(std::string_view text);
std::optional<MessageState> messageStateFromString(std::string_view text);

} // namespace veil::history
