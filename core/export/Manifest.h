#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <sodium.h>

#include <cstdint>

namespace veil::exports {

/// Streaming SHA-256 (libsodium); hex() ends it.
class Sha256
{
public:
    Sha256();
    void add(QByteArrayView bytes);
    /// The digest as 64 lower-case hex digits; the object starts over afterwards.
    QByteArray hex();

    static QByteArray hexOf(QByteArrayView bytes);

private:
    crypto_hash_sha256_state m_state;
};

/// One file of the export as the manifest lists it.
struct ManifestFile
{
    QString name;
    qint64 bytes = 0;
    QByteArray sha256; ///< hex
};

/// `manifest.json`: what was exported, from where, under which policy, and a SHA-256 of every other file, so
/// whoever receives the export can prove its contents. Pure: toJson() formats what it is given.
struct Manifest
{
    QString appVersion;
    QString device; ///< host name
    int64_t createdAt = 0; ///< ms since the epoch
    int64_t since = 0;
    int64_t until = 0;
    QString workspace; ///< filter; empty for all
    QString provider; ///< filter; empty for all
    QStringList formats;
    /// The policy in force at export time, whose rules re-scanned the texts (0: built-in rules): written as
    /// "policy" {"version"} and, under a name that says what it is, "rescan_policy_version". Each record carries
    /// its own "policy_version": the one in force when that message was sent.
    int64_t policyVersion = 0;
    QString policyMode; ///< "unmanaged", "active", ...
    int64_t records = 0;
    int64_t conversations = 0;
    int64_t newFindings = 0;
    int64_t recipients = 0; ///< age recipients the archive is encrypted to; 0: not encrypted
    int64_t auditSeq = 0; ///< the audit chain's head before this export's own entry
    QByteArray auditHash; ///< hex; empty when the log is empty
    QList<ManifestFile> files;

    /// Indented JSON, keys sorted; "policy": {"version","mode"}, "rescan_policy_version", "files":
    /// [{"name","bytes","sha256"}], "audit_chain_head": {"seq","hash"}.
    QByteArray toJson() const;
};

} // namespace veil::exports
