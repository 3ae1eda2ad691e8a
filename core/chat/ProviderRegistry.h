#pragma once

#include "common/Result.h"
#include "providers/ProviderConfig.h"

#include <QString>

#include <optional>
#include <vector>

namespace veil::chat {

/// The providers a user has configured, kept in `providers.json` in Veil's config folder, plus the built-in
/// `inspector` provider, which is always there and never stored.
///
/// The file is a JSON object {"providers": [{"id", "kind", "base_url", "models": [...]}]}. It holds no keys
/// (those live in the keychain), is written with mode 0600 and replaced atomically (temporary file in the same
/// folder, fsync, rename), so a crash leaves either the old or the new list.
///
/// Not thread-safe; a registry is a snapshot of the file taken by load().
class ProviderRegistry
{
public:
    static constexpr const char* kInspectorId = "inspector";

    /// `$XDG_CONFIG_HOME/veil/providers.json` (QStandardPaths::GenericConfigLocation + "/veil").
    static QString defaultPath();

    /// The built-in inspector provider.
    static providers::ProviderConfig inspector();

    explicit ProviderRegistry(QString path = defaultPath());

    /// Reads the file; a missing file is an empty list. A damaged file is an error (InvalidInput).
    Status load();

    /// Checks `config` (id of letters, digits, `.`, `_`, `-`; not `inspector`; a known kind; an endpoint
    /// chatEndpoint() accepts, so plain http only to loopback), adds it and saves. An existing id is replaced.
    Status add(const providers::ProviderConfig& config);
    /// Removes the provider and saves; NotFound when there is none (the inspector cannot be removed: Denied).
    Status remove(const QString& id);

    /// The user's providers, in the order added (without the inspector).
    const std::vector<providers::ProviderConfig>& configured() const { return m_providers; }
    /// The inspector followed by the user's providers.
    std::vector<providers::ProviderConfig> all() const;
    /// The provider named `id` (the inspector included).
    std::optional<providers::ProviderConfig> find(const QString& id) const;
    /// The provider used when none is named: the only configured one, else (none configured) the inspector.
    /// None when several are configured and the caller must choose.
    std::optional<providers::ProviderConfig> defaultProvider() const;

    const QString& path() const { return m_path; }

    /// Validation alone, as add() does it.
    static Status validate(const providers::ProviderConfig& config);

private:
    Status save() const;

    QString m_path;
    std::vector<providers::ProviderConfig> m_providers;
};

} // namespace veil::chat
