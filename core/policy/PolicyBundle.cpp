#include "policy/PolicyBundle.h"

#include "export/AgeEncryptor.h"

#include <sodium.h>

#include <QJsonArray>
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

/// An incident boundary: "YYYY-MM-DD" (UTC; the day's start, or with `endOfDay` the midnight after it) or an
/// RFC 3339 time with a zone.
QDateTime parseBoundary(const QJsonValue& value, bool endOfDay)
{
    const QString text = value.toString();
    if (text.size() == 10) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        return date.isValid() ? QDateTime(endOfDay ? date.addDays(1) : date, QTime(0, 0), Qt::UTC) : QDateTime();
    }
    if (text.size() < 20 || text.at(10) != QLatin1Char('T')) {
        return {};
    }
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() && time.timeSpec() != Qt::LocalTime ? time.toUTC() : QDateTime();
}

bool hasControlCharacter(const QString& text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
    });
}

/// Problems of a list of age recipients at `field`; the valid ones are appended to `out`.
QStringList recipientProblems(const QJsonValue& value, const QString& field, QStringList* out)
{
    QStringList problems;
    if (value.isUndefined()) {
        return problems;
    }
    if (!value.isArray()) {
        return {QStringLiteral("%1 must be a list of age recipients (\"age1...\").").arg(field)};
    }
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QByteArray text = list.at(i).toString().toUtf8();
        if (!list.at(i).isString() || !text.startsWith("age1") || !exports::AgeRecipient::parse(text)) {
            problems << QStringLiteral("%1[%2] is not an age recipient (\"age1...\").").arg(field).arg(i);
        } else if (out != nullptr) {
            *out << QString::fromLatin1(text.trimmed());
        }
    }
    return problems;
}

IncidentRequest readIncident(const QJsonObject& section, QStringList& problems)
{
    IncidentRequest incident;
    static const QStringList known
        = {QStringLiteral("id"),         QStringLiteral("since"),      QStringLiteral("until"),
           QStringLiteral("upload_url"), QStringLiteral("recipients"), QStringLiteral("automatic")};
    for (const QString& key : section.keys()) {
        if (!known.contains(key)) {
            problems << QStringLiteral("incident has an unknown field \"%1\" (known: %2).")
                            .arg(key.left(64), known.join(QStringLiteral(", ")));
        }
    }
    const QJsonValue id = section.value(QStringLiteral("id"));
    incident.id = id.toString();
    if (!id.isString() || incident.id.trimmed().isEmpty()) {
        problems << QStringLiteral("incident.id must be a non-empty string.");
    } else if (incident.id.size() > 128 || hasControlCharacter(incident.id)) {
        problems << QStringLiteral("incident.id must be at most 128 characters, without control characters.");
    }
    incident.since = parseBoundary(section.value(QStringLiteral("since")), false);
    if (!incident.since.isValid()) {
        problems << QStringLiteral("incident.since must be a day (YYYY-MM-DD) or an RFC 3339 time with a zone, such as "
                                   "2026-01-15T09:00:00Z.");
    }
    if (section.contains(QStringLiteral("until"))) {
        incident.until = parseBoundary(section.value(QStringLiteral("until")), true);
        if (!incident.until.isValid()) {
            problems << QStringLiteral("incident.until must be a day (YYYY-MM-DD) or an RFC 3339 time with a zone.");
        } else if (incident.since.isValid() && incident.until <= incident.since) {
            problems << QStringLiteral("incident.until must be after incident.since.");
        }
    }
    const QJsonValue url = section.value(QStringLiteral("upload_url"));
    incident.uploadUrl = QUrl(url.toString(), QUrl::StrictMode);
    if (!url.isString() || !incident.uploadUrl.isValid() || incident.uploadUrl.scheme() != QLatin1String("https")
        || incident.uploadUrl.host().isEmpty()) {
        problems << QStringLiteral("incident.upload_url must be an https URL.");
    } else if (!incident.uploadUrl.userInfo().isEmpty()) {
        problems << QStringLiteral("incident.upload_url must not carry a user name or password.");
    }
    problems << recipientProblems(section.value(QStringLiteral("recipients")), QStringLiteral("incident.recipients"),
                                  &incident.recipients);
    const QJsonValue automatic = section.value(QStringLiteral("automatic"));
    if (!automatic.isUndefined() && !automatic.isBool()) {
        problems << QStringLiteral("incident.automatic must be true or false.");
    }
    incident.automatic = automatic.toBool(false);
    return incident;
}

} // namespace

QStringList PolicyBundle::exportProblems(const QJsonObject& bundle)
{
    QStringList problems;
    const QJsonValue value = bundle.value(QStringLiteral("export"));
    if (value.isUndefined() || value.isNull()) {
        return problems;
    }
    if (!value.isObject()) {
        return {QStringLiteral("export must be an object.")};
    }
    const QJsonObject section = value.toObject();
    for (const char* flag : {"allow", "allow_unencrypted"}) {
        const QJsonValue v = section.value(QLatin1String(flag));
        if (!v.isUndefined() && !v.isBool()) {
            problems << QStringLiteral("export.%1 must be true or false.").arg(QLatin1String(flag));
        }
    }
    const QJsonValue formats = section.value(QStringLiteral("formats"));
    if (!formats.isUndefined()) {
        const QStringList known{QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("html")};
        if (!formats.isArray()) {
            problems << QStringLiteral("export.formats must be a list of jsonl, csv and html.");
        } else {
            const QJsonArray list = formats.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (!known.contains(list.at(i).toString())) {
                    problems << QStringLiteral("export.formats[%1] must be jsonl, csv or html.").arg(i);
                }
            }
        }
    }
    problems << recipientProblems(section.value(QStringLiteral("recipients")), QStringLiteral("export.recipients"),
                                  nullptr);
    return problems;
}

namespace {

/// A retention period: a whole number of days in 1..kMaxDays, or nothing for null or absent.
std::optional<int> retentionDays(const QJsonValue& value, const QString& name, QStringList& problems)
{
    if (value.isUndefined() || value.isNull()) {
        return std::nullopt;
    }
    const double days = value.toDouble(-1);
    if (!value.isDouble() || days < 1 || days > RetentionPolicy::kMaxDays || days != double(int(days))) {
        problems << QStringLiteral("retention.%1 must be a whole number of days from 1 to %2.")
                        .arg(name)
                        .arg(RetentionPolicy::kMaxDays);
        return std::nullopt;
    }
    return int(days);
}

RetentionPolicy readRetention(const QJsonObject& section, QStringList& problems)
{
    RetentionPolicy retention;
    static const QStringList known{QStringLiteral("store_history"), QStringLiteral("store_originals"),
                                   QStringLiteral("history_days"), QStringLiteral("log_days")};
    for (const QString& key : section.keys()) {
        if (!known.contains(key)) {
            problems << QStringLiteral("retention.%1 is not a known field (known: %2).")
                            .arg(key, known.join(QStringLiteral(", ")));
        }
    }
    const auto flag = [&](const char* name, bool fallback) {
        const QJsonValue v = section.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        if (!v.isBool()) {
            problems << QStringLiteral("retention.%1 must be true or false.").arg(QLatin1String(name));
            return fallback;
        }
        return v.toBool();
    };
    retention.storeHistory = flag("store_history", true);
    retention.storeOriginals = flag("store_originals", false);
    retention.historyDays
        = retentionDays(section.value(QStringLiteral("history_days")), QStringLiteral("history_days"), problems);
    retention.logDays = retentionDays(section.value(QStringLiteral("log_days")), QStringLiteral("log_days"), problems);
    return retention;
}

} // namespace

QStringList PolicyBundle::retentionProblems(const QJsonObject& bundle)
{
    const QJsonValue value = bundle.value(QStringLiteral("retention"));
    if (value.isUndefined() || value.isNull()) {
        return {};
    }
    if (!value.isObject()) {
        return {QStringLiteral("retention must be an object.")};
    }
    QStringList problems;
    (void)readRetention(value.toObject(), problems);
    return problems;
}

Result<RetentionPolicy> PolicyBundle::parseRetention(const QJsonObject& bundle)
{
    if (const QStringList problems = retentionProblems(bundle); !problems.isEmpty()) {
        return bundleError(QStringLiteral("field %1").arg(problems.first()));
    }
    QStringList ignored;
    return readRetention(bundle.value(QStringLiteral("retention")).toObject(), ignored);
}

QStringList PolicyBundle::incidentProblems(const QJsonObject& bundle)
{
    QStringList problems;
    const QJsonValue value = bundle.value(QStringLiteral("incident"));
    if (value.isUndefined() || value.isNull()) {
        return problems;
    }
    if (!value.isObject()) {
        return {QStringLiteral("incident must be an object or null.")};
    }
    readIncident(value.toObject(), problems);
    const QJsonValue exportRecipients
        = bundle.value(QStringLiteral("export")).toObject().value(QStringLiteral("recipients"));
    if (value.toObject().value(QStringLiteral("recipients")).toArray().isEmpty()
        && exportRecipients.toArray().isEmpty()) {
        problems << QStringLiteral("incident.recipients (or export.recipients) must name at least one age recipient: "
                                   "an incident export leaves the machine, so it is always encrypted.");
    }
    return problems;
}

Result<std::optional<IncidentRequest>> PolicyBundle::parseIncident(const QJsonObject& bundle)
{
    const QStringList problems = incidentProblems(bundle);
    if (!problems.isEmpty()) {
        return bundleError(QStringLiteral("field %1").arg(problems.first()));
    }
    const QJsonValue value = bundle.value(QStringLiteral("incident"));
    if (value.isUndefined() || value.isNull()) {
        return std::optional<IncidentRequest>();
    }
    QStringList ignored;
    return std::optional<IncidentRequest>(readIncident(value.toObject(), ignored));
}

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
    for (const char* object : {"providers", "redaction", "export"}) {
        const QJsonValue value = j.value(QLatin1String(object));
        if (!value.isUndefined() && !value.isObject()) {
            return bundleError(QStringLiteral("field \"%1\" must be an object.").arg(QLatin1String(object)));
        }
    }
    if (const QStringList problems = exportProblems(j); !problems.isEmpty()) {
        return bundleError(QStringLiteral("field %1").arg(problems.first()));
    }
    auto retention = parseRetention(j);
    if (!retention) {
        return retention.error();
    }
    bundle.retention = retention.value();
    auto incident = parseIncident(j);
    if (!incident) {
        return incident.error();
    }
    bundle.incident = std::move(incident.value());
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
