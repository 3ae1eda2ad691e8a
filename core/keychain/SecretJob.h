#pragma once

#include "common/Job.h"
#include "keychain/SecureBytes.h"

#include <QList>
#include <QString>

namespace veil::keychain {

/// What a keychain item holds; stored as the item's `kind` attribute.
enum class SecretKind {
    ApiKey, ///< "api-key": a provider's API key; the item's key is the provider id (attribute `provider`)
    DbKey, ///< "db-key": the history database key; the item's key names the database (attribute `workspace`)
    Context, ///< "context": a workspace's instructions and pinned snippets (attribute `workspace`)
};

/// "api-key", "db-key", "context".
QString kindName(SecretKind kind);
/// The attribute that carries an item's key for `kind`: "provider" or "workspace".
QString keyAttribute(SecretKind kind);
/// The label shown in Seahorse / KWallet, e.g. "Veil API key for anthropic".
QString itemLabel(SecretKind kind, const QString& key);

/// Why a keychain call failed, finer than veil::Error::Code.
enum class SecretError {
    None,
    NotFound, ///< no such item                                -> Error::Code::NotFound
    Locked, ///< the keyring is locked, or the user refused    -> Error::Code::Denied
    NoBackend, ///< no Secret Service on the session bus      -> Error::Code::Unavailable
    Cancelled, ///< abort()                                    -> Error::Code::Cancelled
    Other, ///< anything else                                  -> Error::Code::Internal
};

Error::Code errorCode(SecretError error);

/// A keychain call. Follows the Job contract (start() never completes synchronously, finished() once, abort()
/// finishes with Cancelled). secretError() keeps the finer reason; error().code is its veil::Error mapping.
/// Error messages name the kind and key (a provider or workspace name), never a secret.
class SecretJob : public Job
{
    Q_OBJECT

public:
    SecretJob(SecretKind kind, QString key, QObject* parent = nullptr);

    SecretKind kind() const { return m_kind; }
    const QString& key() const { return m_key; }
    /// None while running or after success.
    SecretError secretError() const;

protected:
    /// Ends the job with `error` and a message; None means success.
    void finishWith(SecretError error, const QString& message = {});

private:
    SecretKind m_kind;
    QString m_key;
    SecretError m_secretError = SecretError::None;
};

/// Reads one secret. On success secret() holds it in secure memory; take it with takeSecret().
class ReadSecretJob : public SecretJob
{
    Q_OBJECT

public:
    using SecretJob::SecretJob;

    const SecureBytes& secret() const { return m_secret; }
    SecureBytes takeSecret() { return std::move(m_secret); }

protected:
    void setSecret(SecureBytes secret) { m_secret = std::move(secret); }

private:
    SecureBytes m_secret;
};

/// Creates or replaces one secret. The job keeps its own secure copy until it finishes, then wipes it.
class WriteSecretJob : public SecretJob
{
    Q_OBJECT

public:
    WriteSecretJob(SecretKind kind, QString key, QString label, SecureBytes secret, QObject* parent = nullptr);

    const QString& label() const { return m_label; }

protected:
    const SecureBytes& secret() const { return m_secret; }
    void wipeSecret() { m_secret.clear(); }

private:
    QString m_label;
    SecureBytes m_secret;
};

/// Deletes one secret; finishes with NotFound when there was none.
class RemoveSecretJob : public SecretJob
{
    Q_OBJECT

public:
    using SecretJob::SecretJob;
};

/// One keychain item as list() sees it: never its secret.
struct SecretEntry
{
    SecretKind kind = SecretKind::ApiKey;
    QString key;
    QString label;
};

/// Lists Veil's items of one kind (locked ones included; no secret is loaded). Empty is success, not NotFound.
class ListSecretsJob : public SecretJob
{
    Q_OBJECT

public:
    explicit ListSecretsJob(SecretKind kind, QObject* parent = nullptr)
        : SecretJob(kind, QString(), parent)
    {
    }

    const QList<SecretEntry>& entries() const { return m_entries; }

protected:
    void setEntries(QList<SecretEntry> entries) { m_entries = std::move(entries); }

private:
    QList<SecretEntry> m_entries;
};

} // namespace veil::keychain
