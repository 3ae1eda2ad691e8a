#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace veil::policy {

/// An organization's request for an incident export: a bundle's `incident` section (DESIGN.md, Policy). Veil
/// shows it to the user and, on consent (or at once when `automatic`), exports the range, encrypts it to the
/// recipients and uploads it, once per `id` (exports::IncidentResponder).
///
///     "incident": {"id": "INC-2026-0042", "since": "2026-01-10", "until": "2026-01-15T18:00:00Z",
///                  "upload_url": "https://dav.example.com/incidents/", "recipients": ["age1..."],
///                  "automatic": false}
///
/// - `id`: required, a non-empty string (at most 128 characters, no control characters); the same id is
///   exported only once per machine.
/// - `since`: required; `until`: optional (absent: up to the moment of the export). Each an RFC 3339 time with
///   a zone or a day YYYY-MM-DD (UTC; `since` from its start, `until` to its end, inclusive).
/// - `upload_url`: required, https, no user info. Ending in '/', it names a folder (a file name is added);
///   otherwise it is the file's URL itself (such as an S3 pre-signed URL).
/// - `recipients`: age recipients ("age1..."), added to `export.recipients`; together they must name at least
///   one (an incident export leaves the machine, so it is always encrypted).
/// - `automatic`: optional bool, default false: no user action needed.
/// `null` or absent: no incident. Any other field is refused (a misspelt `automatic` must not go unnoticed).
struct IncidentRequest
{
    QString id;
    QDateTime since; ///< UTC
    QDateTime until; ///< UTC, exclusive; invalid: up to the moment of the export
    QUrl uploadUrl;
    QStringList recipients; ///< "age1..." strings, checked
    bool automatic = false;

    friend bool operator==(const IncidentRequest&, const IncidentRequest&) = default;
};

/// A bundle's `retention` section: what Veil keeps on disk and for how long (DESIGN.md, Keychain and storage).
///
///     "retention": {"store_history": true, "store_originals": false, "history_days": 30, "log_days": 7}
///
/// - `store_history`: bool, default true. false: conversations, messages and vaults are not written to disk at
///   all (the vault lives in memory for one session, so replies are still restored); audit entries still are.
/// - `store_originals`: bool, default false. true: the user's prompt as written (before redaction) is kept
///   with the message, encrypted like everything else; exports never read it.
/// - `history_days`: whole number of days, 1 to 36500; conversations not updated for that long are purged.
/// - `log_days`: whole number of days, 1 to 36500; audit entries older than that are pruned (AuditLog::prune).
/// Absent, null or omitted fields take their defaults (nothing is purged). Any other field is refused.
struct RetentionPolicy
{
    bool storeHistory = true;
    bool storeOriginals = false;
    std::optional<int> historyDays;
    std::optional<int> logDays;

    static constexpr int kMaxDays = 36500;

    friend bool operator==(const RetentionPolicy&, const RetentionPolicy&) = default;
};

/// A policy bundle's `policy.json`, parsed and checked for shape (DESIGN.md, Policy). Pure.
struct PolicyBundle
{
    QByteArray bytes; ///< exactly as received; the signature covers these bytes
    QByteArray digest; ///< SHA-256 of `bytes`, hex: "same version, other content" is detected with it
    QJsonObject json;
    QString orgId;
    qint64 version = 0;
    QDateTime issuedAt;
    QDateTime expiresAt;
    QString minAppVersion;
    int pollMinSeconds = 900; ///< clamped to 5 min .. 24 h
    int pollMaxSeconds = 1800; ///< clamped to 5 min .. 24 h, and >= pollMinSeconds
    QString onExpiry = QStringLiteral("fail_closed"); ///< fail_closed | local_only
    std::optional<IncidentRequest> incident;
    RetentionPolicy retention;

    static constexpr qint64 kMaxBytes = 1 << 20;

    static Result<PolicyBundle> parse(const QByteArray& bytes);

    /// Every problem of a bundle's `export` section, one sentence each naming the field: `allow` and
    /// `allow_unencrypted` bools, `formats` a list of jsonl|csv|html, `recipients` a list of age recipients.
    static QStringList exportProblems(const QJsonObject& bundle);
    /// Every problem of a bundle's `retention` section (see RetentionPolicy), one sentence each naming the field.
    static QStringList retentionProblems(const QJsonObject& bundle);
    /// The `retention` section, when it has no problem; the defaults when it is null or absent.
    static Result<RetentionPolicy> parseRetention(const QJsonObject& bundle);
    /// Every problem of a bundle's `incident` section (see IncidentRequest), one sentence each naming the field.
    static QStringList incidentProblems(const QJsonObject& bundle);
    /// The `incident` section, when it has no problem; nothing for null or absent.
    static Result<std::optional<IncidentRequest>> parseIncident(const QJsonObject& bundle);
};

/// The fields a minisign trusted comment carries for a bundle: `org_id=... bundle_version=N expires_at=RFC3339`.
struct TrustedComment
{
    QString orgId;
    qint64 version = 0;
    QDateTime expiresAt;

    static Result<TrustedComment> parse(const QByteArray& comment);
};

/// Compares dotted versions ("0.1.0" < "0.10.0"); missing parts count as 0.
int compareVersions(const QString& a, const QString& b);

} // namespace veil::policy
