#pragma once

#include "keychain/SecretJob.h"

#include <memory>

namespace veil::keychain {

/// Where Veil keeps API keys, the database key and workspace contexts: the OS keychain.
///
/// Every call returns a new, not yet started Job owned by the caller: connect to finished(), then start().
/// Items carry the attributes application=veil, kind=<kindName()> and provider=<key> (api-key) or
/// workspace=<key> (db-key, context). Implementations never block the calling thread, and a job deleted before
/// its work completes never receives a callback. Used from one thread (the one the jobs live in).
///
/// Implementations: LibsecretStore (Secret Service). When none is available (NoBackend) or the user refuses
/// (Locked), callers offer passphrase mode (PassphraseKey); there is never a plaintext fallback.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    virtual std::unique_ptr<ReadSecretJob> read(SecretKind kind, const QString& key) = 0;
    /// `label` empty: itemLabel(kind, key).
    virtual std::unique_ptr<WriteSecretJob> write(SecretKind kind, const QString& key, const QString& label,
                                                  SecureBytes secret)
        = 0;
    virtual std::unique_ptr<RemoveSecretJob> remove(SecretKind kind, const QString& key) = 0;
    virtual std::unique_ptr<ListSecretsJob> list(SecretKind kind) = 0;
};

} // namespace veil::keychain
