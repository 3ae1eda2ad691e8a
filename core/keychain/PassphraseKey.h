#pragma once

#include "common/Job.h"
#include "common/Result.h"
#include "keychain/SecureBytes.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <memory>

namespace veil::keychain {

/// Argon2id parameters for one database: stored beside it (never the key, never the passphrase).
struct PassphraseParams
{
    QByteArray salt; ///< crypto_pwhash_SALTBYTES random bytes
    unsigned long long opsLimit = 0;
    std::size_t memLimit = 0; ///< bytes
};

/// Passphrase mode: when no keychain is available or the user refuses it, the 256-bit database key is derived
/// from a passphrase with Argon2id (libsodium crypto_pwhash). There is never a plaintext fallback.
///
/// The parameters file (JSON: version, algorithm "argon2id13", opslimit, memlimit, base64 salt) lives beside the
/// database as `<database>.kdf`, mode 0600, written atomically. derive() costs about a second and
/// OPSLIMIT/MEMLIMIT_MODERATE (256 MiB) by default: on the GUI thread use DeriveKeyJob instead.
/// All functions are thread-safe (no shared state).
class PassphraseKey
{
public:
    static constexpr std::size_t kKeyBytes = 32;

    /// Fresh parameters with a random salt; defaults are libsodium's MODERATE limits.
    static PassphraseParams generate(unsigned long long opsLimit = defaultOpsLimit(),
                                     std::size_t memLimit = defaultMemLimit());
    static unsigned long long defaultOpsLimit();
    static std::size_t defaultMemLimit();

    /// "<databasePath>.kdf".
    static QString paramsPathFor(const QString& databasePath);

    /// Writes the parameters file (0600, temp file + fsync + rename).
    static Status save(const PassphraseParams& params, const QString& path);
    /// Reads and checks a parameters file (salt size, limits within libsodium's bounds and at most 4 GiB).
    static Result<PassphraseParams> load(const QString& path);

    /// The 256-bit key for `passphrase` (any bytes, typically UTF-8) under `params`. Blocking and CPU-heavy.
    static Result<SecureBytes> derive(const SecureBytes& passphrase, const PassphraseParams& params);
};

/// PassphraseKey::derive() on a worker thread (QThreadPool), delivering the key on the job's thread.
/// The job holds the passphrase in secure memory and wipes it once the work is done; abort() or deleting the
/// job discards the result when it arrives (Argon2 itself cannot be interrupted).
class DeriveKeyJob : public Job
{
    Q_OBJECT

public:
    DeriveKeyJob(SecureBytes passphrase, PassphraseParams params, QObject* parent = nullptr);
    ~DeriveKeyJob() override;

    /// The derived key after success.
    const SecureBytes& key() const { return m_key; }
    SecureBytes takeKey() { return std::move(m_key); }

protected:
    void run() override;

private:
    struct Work;
    std::shared_ptr<Work> m_work;
    SecureBytes m_key;
};

} // namespace veil::keychain
