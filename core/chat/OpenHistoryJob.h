#pragma once

#include "common/Job.h"
#include "history/HistoryStore.h"
#include "keychain/SecureBytes.h"

#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace veil::history {
class Database;
}

namespace veil::keychain {
class SecretStore;
class SecretJob;
} // namespace veil::keychain

namespace veil::chat {

/// Opens the encrypted history database with its key, as a Job; the one way both front ends open it.
///
/// Keychain mode (the default): the key is a random 256-bit key in the keychain, item kind db-key named after
/// the database's absolute path. With `create` and no database yet, a fresh key is stored first and the file
/// is created with it afterwards (a key without a file is harmless; a file without a key would be lost).
///
/// Passphrase mode: `<database>.kdf` exists (PassphraseKey's parameters); the key is derived from the
/// passphrase with Argon2id on a worker thread. The passphrase is asked for (askPassphrase) only when a key
/// must be derived; without one the job fails (Denied).
///
/// A rekey (RekeyHistoryJob) first keeps the new key's means beside the old ones: the keychain item
/// pendingKeyName() for a new random key, the file `<database>.kdf.pending` for new passphrase parameters. This
/// job tries, in order, every key that may open the file: with `.kdf`, the derived key first, then the pending
/// parameters, then the keychain items; without it, the keychain's main item, its pending item, then the
/// pending parameters. Whichever opens the file decides how the interrupted rekey ends: the leftovers of a
/// rekey that never committed are removed, and a rekey that committed is finished (the pending item becomes the
/// main item, or `.kdf.pending` becomes `.kdf`; a `.kdf` left beside a keychain key is removed). The database
/// file is never written before a key has opened it.
///
/// After opening, the policy audit events queued while the history was closed (policy::PolicyAuditSpool at
/// `<database>.policy-audit`) are appended to its audit log; a failed flush does not fail the job (they stay
/// queued; auditSpoolStatus() tells).
/// Then conversations older than `retentionDays` are purged with their vaults and audited
/// (HistoryMaintenance::applyRetention), and audit entries older than `logRetentionDays` are pruned behind a
/// checkpoint (HistoryMaintenance::applyLogRetention); a failed purge does not fail the job (retentionStatus()
/// tells). A file upgraded from a schema without audit anchors gets its anchor file here (AuditLog::adoptAnchor).
/// This upkeep runs on a worker thread (the database is handed over and back), so a large purge never holds
/// up the caller's thread.
/// The GUI keeps retention going while it stays open by running one of these daily from a QTimer (create false,
/// retentionDays from PolicyEnforcer::historyRetentionDays()) and closing the database it yields; with the
/// database already open, HistoryMaintenance::applyRetention() does the same.
///
/// Errors (one sentence, never a key): no keychain, or keychain locked or refused -> Unavailable; no
/// database and not `create` -> NotFound with noHistory() true; key missing -> NotFound; wrong key, wrong
/// passphrase or damaged file -> InvalidInput; the database's own errors as Database::open() reports them.
/// The secret store must outlive the job. Used from one thread.
class OpenHistoryJob : public Job
{
    Q_OBJECT

public:
    /// Returns the passphrase, or null when none can be had (the job then fails with Denied).
    using PassphraseSource = std::function<std::shared_ptr<const keychain::SecureBytes>()>;

    struct Options
    {
        QString databasePath; ///< made absolute
        bool create = false; ///< no database yet: make one (with a new key in the keychain)
        std::optional<int> retentionDays; ///< purge conversations not updated for this many days
        PassphraseSource askPassphrase; ///< for passphrase mode; called at most once
        std::optional<int> logRetentionDays; ///< prune audit entries older than this many days
    };

    /// How the database was opened.
    enum class Mode { Keychain, Passphrase };

    OpenHistoryJob(keychain::SecretStore& secrets, Options options, QObject* parent = nullptr);
    ~OpenHistoryJob() override;

    /// The open database after success (once).
    std::unique_ptr<history::Database> takeDatabase();
    /// The job failed because there is no database file (and `create` was not set).
    bool noHistory() const { return m_noHistory; }
    /// A rekey interrupted after its commit was finished by this open.
    bool recoveredRekey() const { return m_recovered; }
    Mode mode() const { return m_mode; }
    bool passphraseMode() const { return m_mode == Mode::Passphrase; }
    const history::HistoryStore::PurgeCounts& retentionPurged() const { return m_purged; }
    const Status& retentionStatus() const { return m_retentionStatus; }
    const Status& auditSpoolStatus() const { return m_spoolStatus; }
    /// How many audit entries logRetentionDays pruned.
    int64_t auditPruned() const { return m_auditPruned; }
    const QString& databasePath() const { return m_options.databasePath; }

    /// The keychain item (kind db-key) that holds a new key while a rekey of `databasePath` is under way.
    static QString pendingKeyName(const QString& databasePath);
    /// `<database>.kdf.pending`: new passphrase parameters while a rekey to a passphrase is under way.
    static QString pendingParamsPathFor(const QString& databasePath);
    /// `<database>.stale-keys`: left by a rekey whose best-effort removal of the old keychain items failed (the
    /// keychain was locked or gone); the next open that succeeds removes the items it names and then the file.
    static QString staleKeysMarkerFor(const QString& databasePath);

    /// Maps a keychain job's failure to the sentence this job reports; `what` says what was being done.
    static Error keychainError(const keychain::SecretJob& job, const QString& what);

protected:
    void run() override;
    void cancel() override;

private:
    enum class Source { Derived, PendingDerived, Main, Pending };

    void next();
    void attempt(Source source);
    void derive(Source source);
    bool tryOpen(const keychain::SecureBytes& key, Error& error);
    void opened(Source source);
    void createKey();
    void cleanUp(Source source);
    void removeKeychainItem(const QString& name, std::function<void(bool removed)> then);
    void removeStaleKeys(bool passphraseMode);
    void finishOpen();
    void failWithLastError();
    template <typename J, typename Then>
    void follow(std::unique_ptr<J> job, Then then);

    keychain::SecretStore& m_secrets;
    Options m_options;
    QPointer<Job> m_pendingJob;
    std::vector<Source> m_plan;
    std::optional<keychain::SecureBytes> m_mainKey;
    std::optional<keychain::SecureBytes> m_pendingKey;
    keychain::SecureBytes m_promote; ///< the pending key that opened the file, to become the main key
    bool m_hadPendingKey = false;
    bool m_keychainRead = false;
    std::optional<Error> m_keychainError; ///< reading the keychain failed (other than NotFound)
    std::shared_ptr<const keychain::SecureBytes> m_passphrase;
    bool m_passphraseAsked = false;
    std::optional<Error> m_lastError;
    std::unique_ptr<history::Database> m_db;
    bool m_noHistory = false;
    bool m_recovered = false;
    Mode m_mode = Mode::Keychain;
    history::HistoryStore::PurgeCounts m_purged;
    Status m_retentionStatus;
    Status m_spoolStatus;
    int64_t m_auditPruned = 0;
};

/// Renames `from` to `to` atomically and durably (rename, then fsync of the folder).
Status renameDurably(const QString& from, const QString& to);
/// Removes a file durably (unlink, then fsync of the folder); a missing file is fine.
void removeDurably(const QString& path);

} // namespace veil::chat
