#pragma once

#include "keychain/SecretStore.h"

namespace veil::keychain {

/// SecretStore on the freedesktop Secret Service (gnome-keyring, KWallet's bridge, KeePassXC) via libsecret.
///
/// - Only libsecret's asynchronous calls: they complete on the thread's GLib main context, which in Veil is
///   Qt's own event loop (QEventDispatcherGlib). Nothing here blocks; a locked keyring may show the desktop's
///   unlock prompt while a job runs.
/// - Schema "org.veil.Secret" (attributes application, kind, provider, workspace), default collection.
/// - abort() and deleting a job cancel its GCancellable; a completion arriving afterwards touches no job.
/// - Errors: NotFound; Locked when the item or collection stays locked (prompt dismissed, no prompter) or
///   access is denied; NoBackend when the session bus or the Secret Service cannot be reached; Other.
class LibsecretStore : public SecretStore
{
public:
    LibsecretStore() = default;

    std::unique_ptr<ReadSecretJob> read(SecretKind kind, const QString& key) override;
    std::unique_ptr<WriteSecretJob> write(SecretKind kind, const QString& key, const QString& label,
                                          SecureBytes secret) override;
    std::unique_ptr<RemoveSecretJob> remove(SecretKind kind, const QString& key) override;
    std::unique_ptr<ListSecretsJob> list(SecretKind kind) override;

    /// The Secret Service schema name.
    static constexpr const char* kSchemaName = "org.veil.Secret";
};

} // namespace veil::keychain
