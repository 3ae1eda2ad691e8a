#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace veil::policy {

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

    static constexpr qint64 kMaxBytes = 1 << 20;

    static Result<PolicyBundle> parse(const QByteArray& bytes);
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
