#pragma once

#include "history/HistoryStore.h"
#include "widgets/ConversationView.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace veil::keychain {
class SecretStore;
}

namespace veil::app {

/// The window's read access to the encrypted history: the conversation list, search, one conversation's
/// messages, and deletion.
///
/// open() reads the database key from the keychain the way ChatSession does (kind db-key, item named after
/// the database's absolute path), asynchronously, and opens the SQLCipher database off the GUI thread. There is
/// never an unencrypted fallback: without a keychain the state is Unavailable, with a message to show.
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
    };

    HistoryClient(keychain::SecretStore& secrets, QString databasePath, QObject* parent = nullptr);
    ~HistoryClient() override;

    /// Reads the key and opens the database; stateChanged() follows. Call again after a prompt created it.
    void open();
    State state() const { return m_state; }
    /// What to tell the user when the state is Unavailable or Failed.
    const QString& message() const { return m_message; }
    const QString& databasePath() const { return m_path; }

    /// Lists the conversations (newest first), or those whose messages match `filter` (the history's FTS
    /// search) when it is not blank. A newer request supersedes an older one: only the newest result arrives.
    void listConversations(const QString& filter);
    /// Loads one conversation's messages; messagesLoaded() follows.
    void loadMessages(qint64 conversationId);
    /// Deletes a conversation with its messages and vault; conversationDeleted() follows.
    void deleteConversation(qint64 conversationId);

Q_SIGNALS:
    void stateChanged(veil::app::HistoryClient::State state);
    void conversationsListed(const QList<veil::history::Conversation>& conversations, const QString& filter);
    void messagesLoaded(qint64 conversationId, const QList<veil::app::ViewMessage>& messages);
    void conversationDeleted(qint64 conversationId);
    /// A query failed; `message` is one sentence for the user.
    void queryFailed(const QString& message);

public:
    struct Shared; ///< the connection and the pool that queries run on

private:
    void setState(State state, const QString& message = {});

    keychain::SecretStore& m_secrets;
    QString m_path;
    std::unique_ptr<Shared> m_shared;
    State m_state = State::Closed;
    QString m_message;
    quint64 m_listGeneration = 0;
    quint64 m_messagesGeneration = 0;
};

} // namespace veil::app
