#pragma once

#include "audit/AuditLog.h"
#include "chat/OpenHistoryJob.h"
#include "history/HistoryStore.h"
#include "keychain/SecureBytes.h"
#include "widgets/ConversationView.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QTimer;

namespace veil::keychain {
class SecretStore;
}

namespace veil::app {

/// The window's read access to the encrypted history: the conversation list, search, one conversation's
/// messages, and deletion.
///
/// open() opens the database through chat::OpenHistoryJob (the one way both front ends open it), so a rekey that
/// was interrupted is finished or rolled back on the way. In passphrase mode (`<database>.kdf` exists) the state
/// becomes NeedsPassphrase until unlock() is given one; the passphrase is then kept in a SecureBytes (zeroed on
/// destruction) for as long as this object lives, so that passphraseSource() can open the export's own
/// connection. There is never an unencrypted fallback: without a keychain the state is Unavailable, with a
/// message to show.
///
/// Retention: with setRetentionDays(), OpenHistoryJob purges old conversations on open, and a daily QTimer runs
/// HistoryMaintenance::applyRetention() on the query thread afterwards; retentionApplied() follows each run.
///
/// Every query runs on a private one-thread pool (the connection is used by one thread at a time, in order),
/// and its result comes back on the GUI thread as a signal; nothing here waits on the GUI thread, except the
/// destructor, which lets a query in progress finish. Messages come back ready to show: placeholders restored
/// from the conversation's vault (the inspector's answers are shown as they are: they describe what leaves).
class HistoryClient : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Closed, ///< open() not called yet
        Opening,
        Empty, ///< no history database yet (it is created with the first prompt)
        Open,
        Unavailable, ///< no keychain, or it refused
        Failed, ///< the database cannot be opened (see message())
        NeedsPassphrase, ///< passphrase mode: unlock() with the passphrase (message() says why)
    };

    HistoryClient(keychain::SecretStore& secrets, QString databasePath, QObject* parent = nullptr);
    ~HistoryClient() override;

    /// Reads the key and opens the database; stateChanged() follows. Call again after a prompt created it.
    void open();
    /// Passphrase mode: opens the database with `passphrase` (kept, zeroed on destruction); stateChanged() follows.
    void unlock(keychain::SecureBytes passphrase);
    /// A source for other OpenHistoryJobs (export, incident): a copy of the passphrase given to unlock() at the
    /// time it is called, if any (none once this object is gone).
    chat::OpenHistoryJob::PassphraseSource passphraseSource() const;
    /// Conversations not updated for `days` days are purged on open and then daily; nothing: no retention.
    void setRetentionDays(std::optional<int> days) { m_retentionDays = days; }
    std::optional<int> retentionDays() const { return m_retentionDays; }
    /// Audit entries older than `days` days are pruned on open and then daily (the policy's log_days).
    void setLogRetentionDays(std::optional<int> days) { m_logRetentionDays = days; }
    /// Runs retention now on the query thread (the daily timer calls this); retentionApplied() follows.
    void applyRetention();
    State state() const { return m_state; }
    /// What to tell the user when the state is Unavailable or Failed.
    const QString& message() const { return m_message; }
    const QString& databasePath() const { return m_path; }

    /// Lists the conversations (newest first), or those whose messages match `filter` (the history's FTS
    /// search) when it is not blank; only those of the workspace set with setWorkspace(), when one is. A newer
    /// request supersedes an older one: only the newest result arrives.
    void listConversations(const QString& filter);
    /// The workspace listConversations() keeps to (none: every conversation).
    void setWorkspace(std::optional<qint64> workspaceId) { m_workspace = workspaceId; }
    std::optional<qint64> workspace() const { return m_workspace; }
    /// Lists the workspaces (by name); workspacesListed() follows.
    void listWorkspaces();
    /// Creates a workspace, or deletes one with its conversations; workspacesChanged() follows. (The workspace's
    /// context lives in the keychain, under its name: the caller removes it.)
    void createWorkspace(const QString& name);
    void deleteWorkspace(qint64 id);
    /// Loads one conversation's messages; messagesLoaded() follows.
    void loadMessages(qint64 conversationId);
    /// Deletes a conversation with its messages and vault; conversationDeleted() follows. A deletion asked for
    /// is carried out even when this object is destroyed before the query thread reached it.
    void deleteConversation(qint64 conversationId);
    /// Gives a conversation a new title; conversationRenamed() follows.
    void renameConversation(qint64 conversationId, const QString& title);
    /// Reads the audit log's entries (oldest first, at most `limit`); auditListed() follows.
    void listAuditEntries(int limit = 10000);
    /// Walks the audit chain on the query thread; auditVerified() follows with one sentence.
    void verifyAudit();
    /// Appends a key_set audit entry for `provider` (an API key was stored); nothing when not open.
    void recordKeySet(const QString& provider);
    /// Moves the queued policy audit events (policy::PolicyAuditSpool beside the database) into the audit log on
    /// the query thread; nothing when not open (the next open does it). policyAuditFlushed() follows.
    void flushPolicyAudit();

Q_SIGNALS:
    void stateChanged(veil::app::HistoryClient::State state);
    void conversationsListed(const QList<veil::history::Conversation>& conversations, const QString& filter);
    void messagesLoaded(qint64 conversationId, const QList<veil::app::ViewMessage>& messages);
    void conversationDeleted(qint64 conversationId);
    void conversationRenamed(qint64 conversationId);
    void workspacesListed(const QList<veil::history::Workspace>& workspaces);
    /// A workspace was created (its id) or deleted.
    void workspacesChanged(qint64 workspaceId);
    /// Retention purged `conversations` conversations (possibly none).
    void retentionApplied(qint64 conversations);
    void auditListed(const QList<veil::audit::AuditEntry>& entries);
    void auditVerified(bool intact, const QString& sentence);
    /// flushPolicyAudit() appended `entries` entries.
    void policyAuditFlushed(int entries);
    /// A query failed; `message` is one sentence for the user.
    void queryFailed(const QString& message);

public:
    struct Shared; ///< the connection and the pool that queries run on

private:
    void setState(State state, const QString& message = {});
    void onOpened(chat::OpenHistoryJob* job);
    void probeKeychain();

    keychain::SecretStore& m_secrets;
    std::shared_ptr<const keychain::SecureBytes> m_passphrase;
    std::optional<int> m_retentionDays;
    std::optional<int> m_logRetentionDays;
    QTimer* m_retentionTimer = nullptr;
    QString m_path;
    std::unique_ptr<Shared> m_shared;
    State m_state = State::Closed;
    QString m_message;
    quint64 m_listGeneration = 0;
    std::optional<qint64> m_workspace;
    quint64 m_messagesGeneration = 0;
};

} // namespace veil::app
