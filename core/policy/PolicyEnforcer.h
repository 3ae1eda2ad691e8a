#pragma once

#include "common/Result.h"
#include "policy/ManagedConfig.h"
#include "policy/PolicyStore.h"
#include "providers/ProviderConfig.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace veil::policy {

/// What the organization's policy allows right now, decided from the managed configuration, the active bundle,
/// the clock and the application's version. Pure; both front ends ask the same object (enforcement lives here,
/// not in the GUI).
///
/// Modes:
/// - Unmanaged: no managed configuration; built-in rules, any configured provider.
/// - Active: a valid bundle is in force: providers are default-deny (its allow list: kind, endpoint with exact
///   scheme, host and port and a path prefix, model globs), user-defined ones only if it says so; its redaction
///   section applies.
/// - NoPolicyYet: managed with require_policy and no bundle ever accepted: fail closed, only local (loopback)
///   providers and the inspector.
/// - NoPolicyOpen: managed without require_policy and no bundle yet: as unmanaged, with a warning.
/// - Expired: the active bundle expired: offline.on_expiry decides (fail_closed: the inspector only;
///   local_only: loopback providers too); the bundle's redaction rules still apply.
/// - UpdateRequired: the bundle needs a newer Veil (min_app_version): remote providers are blocked.
class PolicyEnforcer
{
public:
    enum class Mode { Unmanaged, Active, NoPolicyYet, NoPolicyOpen, Expired, UpdateRequired };

    static PolicyEnforcer evaluate(const ManagedConfig& config, const std::optional<StoredBundle>& active,
                                   const QDateTime& now, const QString& appVersion);

    Mode mode() const { return m_mode; }
    /// The mode's stable name, as exports and status output record it: "unmanaged", "active", "no_policy_yet",
    /// "no_policy_open", "expired", "update_required".
    static QString modeName(Mode mode);
    /// One line for status displays: "Managed by ORG, policy v42, valid until DATE", "Unmanaged", ...
    QString summary() const;
    qint64 version() const { return m_bundle ? m_bundle->version : 0; }
    /// The bundle behind this decision (none: unmanaged or no bundle yet).
    const PolicyBundle* bundle() const { return m_bundle ? &*m_bundle : nullptr; }
    /// The organization that manages this machine (empty when unmanaged).
    QString orgId() const { return m_orgId; }
    /// The bundle's incident request (PolicyBundle's IncidentRequest), in every mode that has a bundle: like
    /// the export section, it stays the organization's last word once the bundle expired.
    std::optional<IncidentRequest> incident() const { return m_bundle ? m_bundle->incident : std::nullopt; }
    /// The active bundle's redaction section (empty when none applies).
    QJsonObject redaction() const;

    /// The bundle's `retention` section (PolicyBundle's RetentionPolicy), in every mode that has a bundle (like
    /// the export section, it stays the organization's last word once the bundle expired); the defaults (store
    /// history, no originals, keep everything) without one.
    RetentionPolicy retention() const { return m_bundle ? m_bundle->retention : RetentionPolicy{}; }
    /// `retention.history_days`: conversations not updated for that many days are purged (with their vaults).
    /// None when no bundle applies or it sets none.
    std::optional<int> historyRetentionDays() const { return retention().historyDays; }
    /// `retention.log_days`: audit entries older than that many days are pruned. None: kept for ever.
    std::optional<int> logRetentionDays() const { return retention().logDays; }
    /// `retention.store_history`: false keeps conversations out of the database (audit entries are still written).
    bool storeHistory() const { return retention().storeHistory; }
    /// `retention.store_originals`: true keeps the prompt as written (before redaction) with each user message.
    bool storeOriginals() const { return retention().storeOriginals; }

    /// Whether `provider` may be used with `model` (empty: its first model); Denied with the reason if not.
    Status checkProvider(const providers::ProviderConfig& provider, const QString& model) const;

    /// The age recipients (the "age1..." strings) the policy's `export.recipients` requires every export to be
    /// encrypted to; empty when it names none.
    QStringList exportRecipients() const;
    /// The export formats the policy's `export.formats` allows, in its order; all three (jsonl, csv, html) when
    /// there is no bundle or it lists none.
    QStringList exportFormats() const;

    /// Whether an incident export of `formats` may be made, encrypted or not; Denied with the reason if not.
    ///
    /// The `export` section of a bundle: `allow` (bool, default false: a managed organization's policy must
    /// allow exports explicitly), `formats` (default all), `recipients` (age recipients every export is
    /// encrypted to; callers add them), `allow_unencrypted` (bool, default false). It applies while the bundle
    /// is active, and also once it expired or needs a newer Veil (the last word of the organization).
    /// Without a bundle: unmanaged machines may export, encrypted or not (the user's own data); a managed
    /// machine that has no policy yet may export only encrypted.
    Status checkExport(const QStringList& formats, bool encrypted) const;

private:
    Mode m_mode = Mode::Unmanaged;
    QString m_orgId;
    QString m_onExpiry;
    std::optional<PolicyBundle> m_bundle;
};

} // namespace veil::policy
