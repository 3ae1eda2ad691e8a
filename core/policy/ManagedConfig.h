#pragma once

#include "common/Result.h"
#include "policy/Minisign.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace veil::policy {

/// One file of the managed folder: its path and its bytes.
struct ManagedConfigFile
{
    QString path;
    QByteArray bytes;
};

/// The machine's local trust configuration, written by an administrator (root-owned, Chrome-style):
/// every `*.json` in the managed folder, merged in name order, the last file naming a field wins.
///
/// Fields: `policy_url` (https, or plain http to a loopback address only), `org_id`, `trusted_keys` (1 to 3
/// minisign public keys, each the base64 line of a `.pub` file, for rotation), `require_policy`.
/// No file at all means unmanaged mode. Trusted keys never come from a bundle.
struct ManagedConfig
{
    bool managed = false;
    QUrl policyUrl;
    QString orgId;
    QList<MinisignPublicKey> trustedKeys;
    bool requirePolicy = false;
    QStringList sources; ///< the files read, in order

    /// `/etc/veil/managed.d`, or `VEIL_MANAGED_DIR` when that folder does not exist (tests, non-root installs).
    static QString defaultFolder();

    /// Reads and validates the configuration in `folder`. A missing or empty folder is unmanaged mode; a
    /// present but broken configuration is an error naming the file and field (never silently unmanaged).
    static Result<ManagedConfig> load(const QString& folder);

    /// Pure: merges and validates `files` (in the order given) as load() does for a folder's files. No file at
    /// all is unmanaged mode; a file larger than 64 KiB is refused. Errors name the file by its name only.
    static Result<ManagedConfig> parse(const QList<ManagedConfigFile>& files);
};

/// True when `url` may carry a policy: https anywhere, http only to 127.0.0.0/8, ::1 or localhost.
bool isAllowedPolicyUrl(const QUrl& url);

} // namespace veil::policy
