#pragma once

#include "chat/OpenHistoryJob.h"
#include "common/Job.h"
#include "keychain/PassphraseKey.h"
#include "keychain/SecureBytes.h"

#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

namespace veil::history {
class Database;
}

namespace veil::keychain {
class SecretStore;
}

namespace veil::chat {

/// Moves the history database to a new key, as a Job: a new random key in the keychain (Target::Keychain), or
/// a key derived from a new passphrase (Target::Passphrase, Argon2id with fresh parameters). Either works from
/// either mode, so the job also switches between keychain mode and passphrase mode, and changes a passphrase.
///
/// The order, chosen so that a crash at any point leaves the file openable (OpenHistoryJob finishes or undoes
/// what is left, see there):
/// 1. open the database with its current key and take the file's exclusive lock: another Veil process with
///    the file open makes the job fail (Unavailable) before anything changed;
/// 2. keep the new key's means beside the old ones: Keychain: the new key as the pending keychain item
///    (OpenHistoryJob::pendingKeyName()); Passphrase: the new parameters as `<database>.kdf.pending`;
/// 3. `PRAGMA rekey` in one transaction (the old key opens the file until it commits, the new one after);
/// 4. make the new means the ones in force: Keychain: store the key as the main item, remove `.kdf` (when the
///    database was in passphrase mode), remove the pending item; Passphrase: rename `.kdf.pending` to `.kdf`,
///    then remove the keychain items (when there were any; best effort, as the keychain may be gone).
/// No key is stored as the main key before the rekey has committed.
///
/// With Target::Passphrase and no database yet, the parameters are written and the database is created with
/// the derived key (passphrase mode from the start, for machines without a keychain).
///
/// Errors are one sentence; when the rekey itself failed the file still uses its old key and says so.
/// The secret store must outlive the job. Used from one thread.
class RekeyHistoryJob : public Job
{
    Q_OBJECT

public:
    enum class Target { Keychain, Passphrase };

    struct Options
    {
        QString databasePath;
        Target target = Target::Keychain;
        /// The current passphrase, when the database is in passphrase mode.
        OpenHistoryJob::PassphraseSource askPassphrase;
        /// Target::Passphrase: the new passphrase.
        std::shared_ptr<const keychain::SecureBytes> newPassphrase;
        /// Argon2id limits for the new parameters (tests lower them).
        unsigned long long opsLimit = keychain::PassphraseKey::defaultOpsLimit();
        std::size_t memLimit = keychain::PassphraseKey::defaultMemLimit();
    };

    RekeyHistoryJob(keychain::SecretStore& secrets, Options options, QObject* parent = nullptr);
    ~RekeyHistoryJob() override;

    /// The mode the database was in before (valid after the open step).
    OpenHistoryJob::Mode previousMode() const { return m_previousMode; }

protected:
    void run() override;
    void cancel() override;

private:
    void toKeychain();
    void toPassphrase(bool create);
    Status rekey(); ///< step 3, then closes the database
    void removeItem(const QString& name, std::function<void()> then);

    keychain::SecretStore& m_secrets;
    Options m_options;
    QPointer<Job> m_pendingJob;
    std::unique_ptr<history::Database> m_db;
    keychain::SecureBytes m_newKey;
    OpenHistoryJob::Mode m_previousMode = OpenHistoryJob::Mode::Keychain;
};

} // namespace veil::chat
