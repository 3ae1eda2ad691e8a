#pragma once

#include "common/Job.h"
#include "keychain/SecureBytes.h"
#include "providers/ChatJob.h"
#include "providers/ProviderConfig.h"
#include "redaction/PlaceholderVault.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QNetworkAccessManager;

namespace veil::redaction {
class RedactionEngine;
class Rehydrator;
struct RehydratedText;
} // namespace veil::redaction

namespace veil::history {
class Database;
class HistoryStore;
class StoredVault;
} // namespace veil::history

namespace veil::keychain {
class SecretStore;
}

namespace veil::history {
enum class MessageState;
}

namespace veil::chat {

/// A conversation the policy does not let Veil store (retention.store_history false): its turns as they were
/// sent and received, and its vault, in memory only. The front end keeps it between prompts of one
/// conversation (ChatSession::unstoredConversation()) and drops it for a new one; the vault's values are wiped
/// when it goes.
struct UnstoredConversation
{
    std::vector<providers::ChatMessage> turns;
    redaction::InMemoryVault vault;
};

/// One prompt through Veil's pipeline, as a Job (see common/Job.h); the GUI and `veilctl ask` both use it.
///
/// Steps, in order:
/// 1. Opens the history database (SQLCipher) with its random 256-bit key from the keychain (kind db-key, item
///    named after the database path), creating the key on first use, through OpenHistoryJob (which also
///    applies retention); in passphrase mode the key is derived from the passphrase askPassphrase returns. No
///    keychain: the job fails (Unavailable); there is never an unencrypted fallback.
/// 1a. With a workspace (named in the options, or the continued conversation's own): reads the workspace's context
///    (instructions and pinned snippets, at most kMaxWorkspaceContextBytes) from the keychain (kind context,
///    attribute workspace); new conversations are created in the workspace. The context is only ever sent inside
///    its workspace, and like the prompt: scanned (a block finding stops the prompt, naming the rule), redacted
///    with the conversation's vault, and sent as the system prompt.
/// 2. Scans the prompt. A block finding stops it (outcome Blocked, the rule named, audited as prompt_blocked);
///    a warn finding stops it unless confirmWarnings is set (outcome NeedsConfirmation). Nothing is sent.
/// 3. Redacts the prompt with the conversation's stored vault, so the same value gets the same placeholder in
///    every turn, and commits the user message (the text as sent) and its finding counts before sending.
/// 4. Builds the request from the conversation's earlier messages (as they were sent and received) and the new
///    one, reads the provider's API key from the keychain into secure memory just for this request, and streams
///    the reply with ChatJob. The built-in inspector provider sends nothing: it answers locally with the exact
///    JSON body that would have left the machine.
/// 5. Emits each piece of the reply twice: rawText() as received, restoredText() with placeholders restored
///    locally (a placeholder split across pieces is held back until complete; the inspector's answer is never
///    restored, since it shows what would leave). Pieces are UTF-8 bytes and may end inside a character.
/// 6. Stores the reply as received and marks it complete, cut off or failed; appends a prompt_sent audit entry
///    (provider, model, finding counts per type, byte counts; never content).
///
/// Retention (the policy's, through Options): with storeHistory false nothing of the conversation is written to
/// the database (no conversation, messages, findings or vault entries): the turns and the vault live in an
/// UnstoredConversation in memory, so the reply is still restored and the next prompt still has the context; the
/// audit entries are written as always. With storeOriginals the prompt as written is kept with the stored user
/// message (messages.original), encrypted like the rest; exports never read it.
///
/// The job owns the database connection for its lifetime. The secret store, network manager and engine must
/// outlive it. Used from one thread. Errors are one sentence, never with prompt text, reply text or a key.
class ChatSession : public Job
{
    Q_OBJECT

public:
    enum class Outcome {
        None, ///< still running, or failed before a prompt was considered
        Blocked, ///< a block rule matched; nothing was sent (Error::Code::Denied)
        NeedsConfirmation, ///< a warn rule matched and confirmWarnings was not set; nothing sent (Denied)
        Answered, ///< the reply arrived complete
        CutOff, ///< the reply stopped early; what arrived is stored and marked (the job fails)
        Failed, ///< the request failed before any reply text (the job fails)
    };

    struct Options
    {
        providers::ProviderConfig provider;
        QString model; ///< empty: the provider's first model
        std::optional<int64_t> conversationId; ///< none: a new conversation
        std::string prompt; ///< UTF-8, as the user wrote it
        bool confirmWarnings = false;
        /// The workspace's name; empty: none, or the continued conversation's own workspace. A conversation in
        /// another workspace is refused (InvalidInput); an unknown workspace is NotFound.
        QString workspace;
        QString databasePath; ///< empty: defaultDatabasePath()
        /// The active policy's bundle_version (PolicyEnforcer::version()); 0: no bundle (built-in rules). It goes
        /// into the audit entries and, as messages.policy_version (NULL for 0), into both stored messages.
        int64_t policyVersion = 0;
        /// The policy's retention: conversations not updated for this many days are purged (with their vault
        /// entries, audited) when the history is opened, before the prompt.
        std::optional<int> retentionDays;
        /// The policy's retention.log_days: older audit entries are pruned when the history is opened.
        std::optional<int> logRetentionDays;
        /// The policy's retention.store_history: false keeps the conversation in memory only (see above); a
        /// conversationId is then refused (InvalidInput).
        bool storeHistory = true;
        /// The policy's retention.store_originals: keep the prompt as written with the stored user message.
        bool storeOriginals = false;
        /// With storeHistory false: the conversation to continue (none: a new one).
        std::shared_ptr<UnstoredConversation> unstored;
        /// Passphrase mode (see OpenHistoryJob): asked for the passphrase when the database has one.
        std::function<std::shared_ptr<const keychain::SecureBytes>()> askPassphrase;
    };

    ChatSession(keychain::SecretStore& secrets, QNetworkAccessManager* network,
                std::shared_ptr<const redaction::RedactionEngine> engine, Options options, QObject* parent = nullptr);
    ~ChatSession() override;

    /// The most workspace context (UTF-8 bytes) that is stored or sent.
    static constexpr std::size_t kMaxWorkspaceContextBytes = 64 * 1024;

    /// `$XDG_DATA_HOME/veil/history.db` (QStandardPaths::GenericDataLocation + "/veil", shared by both programs).
    static QString defaultDatabasePath();

    Outcome outcome() const { return m_outcome; }
    /// The conversation the prompt went into (set once it is known).
    std::optional<int64_t> conversationId() const { return m_conversationId; }
    /// With storeHistory false: the in-memory conversation (with this prompt and its reply once finished), to
    /// pass as Options::unstored for the next prompt of the same conversation. Null when history is stored.
    std::shared_ptr<UnstoredConversation> unstoredConversation() const { return m_unstored; }
    /// The block (or warn) rules that stopped the prompt.
    const std::vector<std::string>& stoppingRules() const { return m_stoppingRules; }
    /// Each value redaction replaced in the prompt, with the placeholder sent instead (for "sent as" hints).
    const QList<QPair<QString, QString>>& promptSentAs() const { return m_promptSentAs; }
    /// Each value restored in the reply so far, with the placeholder the provider wrote.
    const QList<QPair<QString, QString>>& replySentAs() const { return m_replySentAs; }
    /// The ChatJob's failure, when the provider request failed.
    providers::ChatJob::Failure providerFailure() const { return m_providerFailure; }
    /// For tests: the next ChatJob's retries are not waited for.
    void setNoRetryWait(bool noWait) { m_noRetryWait = noWait; }

Q_SIGNALS:
    /// The prompt was redacted and is about to be stored and sent; `valuesReplaced` when redaction replaced
    /// anything in it (the prompt as typed then holds values that never leave the machine).
    void promptRedacted(bool valuesReplaced);
    void rawText(const QByteArray& piece);
    void restoredText(const QByteArray& piece);

protected:
    void run() override;
    void cancel() override;

private:
    void openHistory();
    void resolveWorkspace();
    void readWorkspaceContext();
    bool stoppedByScan(const std::string& text, const QString& what, const QString& model);
    void preparePrompt();
    void readApiKey();
    void send(keychain::SecureBytes apiKey);
    void answerAsInspector();
    void deliver(const std::string& piece);
    void noteRestored(const redaction::RehydratedText& restored);
    void flushReply(bool force);
    void finishReply(Outcome outcome, std::optional<Error> error);
    void stop(Error::Code code, const QString& message);
    QString modelName() const;
    std::optional<int64_t> storedPolicyVersion() const;
    const Status& vaultStatus() const;
    void markUserMessage(history::MessageState state);

    keychain::SecretStore& m_secrets;
    QNetworkAccessManager* m_network;
    std::shared_ptr<const redaction::RedactionEngine> m_engine;
    Options m_options;
    QString m_databasePath;

    std::unique_ptr<history::Database> m_db;
    std::unique_ptr<history::HistoryStore> m_store;
    std::unique_ptr<history::StoredVault> m_storedVault;
    std::shared_ptr<UnstoredConversation> m_unstored; ///< set when history is not stored
    redaction::PlaceholderVault* m_vault = nullptr; ///< the stored vault or the unstored conversation's
    std::string m_sentPrompt; ///< unstored: the prompt as sent, for the in-memory turns
    std::string m_unstoredReply; ///< unstored: the reply as received
    std::unique_ptr<redaction::Rehydrator> m_rehydrator;
    QPointer<Job> m_pendingJob; ///< the keychain or provider job in flight
    providers::ChatRequest m_request;

    std::optional<int64_t> m_conversationId;
    std::optional<int64_t> m_workspaceId;
    QString m_workspaceName;
    std::string m_workspaceContext; ///< plaintext, wiped when the job ends
    int64_t m_userMessageId = 0;
    int64_t m_replyMessageId = 0;
    std::map<std::string, int64_t> m_findingsByType;
    int64_t m_promptBytes = 0;
    int64_t m_sentBytes = 0;
    std::string m_unflushed;
    QElapsedTimer m_sinceFlush;
    bool m_anyReplyText = false;
    bool m_noRetryWait = false;
    bool m_requestStarted = false;
    Outcome m_outcome = Outcome::None;
    std::vector<std::string> m_stoppingRules;
    QList<QPair<QString, QString>> m_promptSentAs;
    QList<QPair<QString, QString>> m_replySentAs;
    providers::ChatJob::Failure m_providerFailure = providers::ChatJob::Failure::None;
};

} // namespace veil::chat
