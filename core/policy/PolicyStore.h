#pragma once

#include "common/Result.h"
#include "policy/BundleVerifier.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

namespace veil::policy {

/// What is known about the active bundle besides its bytes.
struct ActiveBundleInfo
{
    QByteArray etag;
    QUrl source;
    QString keyIdHex;
    QDateTime fetchedAt;
    QDateTime checkedAt; ///< last time the server was asked (200 or 304)
};

/// The bundle that is in force, as stored on disk.
struct StoredBundle
{
    PolicyBundle bundle;
    QByteArray signature;
    ActiveBundleInfo info;
};

/// Where policy state lives on disk, in two places on purpose:
/// - the bundle cache (`cacheDir`): the active `policy.json`, its `.minisig` and `meta.json`; losing it costs a
///   download;
/// - the high-water mark (`stateDir/highwater.json`): the newest version ever accepted and its digest; losing
///   the cache does not reset it, so an old bundle cannot be replayed afterwards.
/// Activation is atomic: every file is written to a temporary name, flushed to disk and renamed; a crash before
/// the renames leaves the previous bundle active. Files are 0600, folders 0700. Not thread-safe.
class PolicyStore
{
public:
    PolicyStore(QString cacheDir, QString stateDir);

    /// The default folders: `$XDG_CACHE_HOME/veil/policy` and `$XDG_DATA_HOME/veil/policy-state`.
    static PolicyStore atDefaultLocation();

    HighWaterMark highWaterMark() const;

    /// The active bundle, if one was ever activated and the cache is intact (re-parsed; a damaged cache is
    /// reported as an error and never trusted).
    Result<std::optional<StoredBundle>> active() const;

    /// Makes `verdict` the active bundle and raises the high-water mark.
    Status activate(const Verdict& verdict, const QByteArray& signature, const ActiveBundleInfo& info);

    /// Records that the server was asked and answered "unchanged".
    Status touch(const QDateTime& checkedAt);

    const QString& cacheDir() const { return m_cacheDir; }
    const QString& stateDir() const { return m_stateDir; }

private:
    QString m_cacheDir;
    QString m_stateDir;
};

/// Writes `bytes` to `path` atomically (temporary file, fsync, rename, fsync of the folder), mode 0600.
Status writeFileAtomically(const QString& path, const QByteArray& bytes);

} // namespace veil::policy
