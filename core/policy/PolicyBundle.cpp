#include "policy/PolicyBundle.h"

#include <sodium.h>

#include <QJsonDocument>
#include <QStringList>

#include <algorithm>

namespace veil::policy {
namespace {

constexpr int kMinPollSeconds = 5 * 60;
constexpr int kMaxPollSeconds = 24 * 60 * 60;

Error bundleError(const QString& what)
{
    return Error{Error::Code::InvalidInput, QStringLiteral("The policy bundle %1").arg(what)};
}

QDateTime parseTime(const QJsonValue& value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODate);
    return time.isValid() && time.timeSpec() != Qt::LocalTime ? time.toUTC() : QDateTime();
}

} // namespace

Result<PolicyBundle> PolicyBundle::parse(const QByteArray& bytes)
{
    if (bytes.size() > kMaxBytes) {
        return bundleError(QStringLiteral("is larger than 1 MiB."));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (!document.isObject()) {
        return bundleError(QStringLiteral("is not a JSON object (%1 at byte %2).")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    }
    PolicyBundle bundle;
    bundle.bytes = bytes;
    bundle.json = document.object();
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(bytes.constData()),
                       static_cast<unsigned long long>(bytes.size()));
    bundle.digest = QByteArray(reinterpret_cast<const char*>(hash), sizeof hash).toHex();

    const QJsonObject& j = bundle.json;
    if (j.value(QStringLiteral("schema")).toString() != QLatin1String("veil-policy")) {
        return bundleError(QStringLiteral("is not a Veil policy (\"schema\" must be \"veil-policy\")."));
    }
    if (!j.value(QStringLiteral("schema_version")).toString().startsWith(QLatin1String("1."))) {
        return bundleError(QStringLiteral("uses schema_version %1, which this version of Veil does not know.")
                               .arg(j.value(QStringLiteral("schema_version")).toVariant().toString()));
    }
    bundle.orgId = j.value(QStringLiteral("org_id")).toString();
    if (bundle.orgId.isEmpty()) {
        return bundleError(QStringLiteral("has no org_id."));
    }
    const QJsonValue version = j.value(QStringLiteral("bundle_version"));
    bundle.version = version.toInteger(-1);
    if (!version.isDouble() || bundle.version <= 0 || double(bundle.version) != version.toDouble()) {
        return bundleError(QStringLiteral("needs a positive whole bundle_version."));
    }
    bundle.issuedAt = parseTime(j.value(QStringLiteral("issued_at")));
    bundle.expiresAt = parseTime(j.value(QStringLiteral("expires_at")));
    if (!bundle.issuedAt.isValid() || !bundle.expiresAt.isValid()) {
        return bundleError(QStringLiteral("needs issued_at and expires_at as RFC 3339 times with a zone."));
    }
    bundle.minAppVersion = j.value(QStringLiteral("min_app_version")).toString();
    const QJsonObject polling = j.value(QStringLiteral("polling")).toObject();
    bundle.pollMinSeconds
        = std::clamp(polling.value(QStringLiteral("min_delay_seconds")).toInt(900), kMinPollSeconds, kMaxPollSeconds);
    bundle.pollMaxSeconds = std::clamp(polling.value(QStringLiteral("max_delay_seconds")).toInt(1800),
                                       bundle.pollMinSeconds, kMaxPollSeconds);
    const QString onExpiry = j.value(QStringLiteral("offline"))
                                 .toObject()
                                 .value(QStringLiteral("on_expiry"))
                                 .toString(QStringLiteral("fail_closed"));
    if (onExpiry != QLatin1String("fail_closed") && onExpiry != QLatin1String("local_only")) {
        return bundleError(
            QStringLiteral("has offline.on_expiry \"%1\"; it must be fail_closed or local_only.").arg(onExpiry));
    }
    bundle.onExpiry = onExpiry;
    for (const char* object : {"providers", "redaction", "retention", "export"}) {
        const QJsonValue value = j.value(QLatin1String(object));
        if (!value.isUndefined() && !value.isObject()) {
            return bundleError(QStringLiteral("field \"%1\" must be an object.").arg(QLatin1String(object)));
        }
    }
    return bundle;
}

Result<TrustedComment> TrustedComment::parse(const QByteArray& comment)
{
    TrustedComment parsed;
    bool haveOrg = false;
    bool haveVersion = false;
    bool haveExpiry = false;
    for (const QByteArray& part : comment.simplified().split(' ')) {
        const qsizetype equals = part.indexOf('=');
        if (equals <= 0) {
            continue;
        }
        const QByteArray key = part.left(equals);
        const QString value = QString::fromUtf8(part.mid(equals + 1));
        if (key == "org_id") {
            parsed.orgId = value;
            haveOrg = !value.isEmpty();
        } else if (key == "bundle_version") {
            bool ok = false;
            parsed.version = value.toLongLong(&ok);
            haveVersion = ok && parsed.version > 0;
        } else if (key == "expires_at") {
            parsed.expiresAt = parseTime(QJsonValue(value));
            haveExpiry = parsed.expiresAt.isValid();
        }
    }
    if (!haveOrg || !haveVersion || !haveExpiry) {
        return Error{
            Error::Code::InvalidInput,
            QStringLiteral("The signature's trusted comment must carry org_id, bundle_version and expires_at.")};
    }
    return parsed;
}

int compareVersions(const QString& a, const QString& b)
{
    const QStringList left = a.split(QLatin1Char('.'));
    const QStringList right = b.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(left.size(), right.size()); ++i) {
        const int x = i < left.size() ? left[i].toInt() : 0;
        const int y = i < right.size() ? right[i].toInt() : 0;
        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

} // namespace veil::policy
