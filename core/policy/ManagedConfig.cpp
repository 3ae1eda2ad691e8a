#include "policy/ManagedConfig.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::policy {
namespace {

constexpr auto kSystemFolder = "/etc/veil/managed.d";
constexpr qint64 kMaxFileBytes = 64 * 1024;

Error configError(const QString& file, const QString& what)
{
    return Error{Error::Code::InvalidInput, QStringLiteral("Managed configuration %1: %2").arg(file, what)};
}

} // namespace

bool isAllowedPolicyUrl(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty()) {
        return false;
    }
    if (url.scheme() == QLatin1String("https")) {
        return true;
    }
    if (url.scheme() != QLatin1String("http")) {
        return false;
    }
    if (url.host() == QLatin1String("localhost")) {
        return true;
    }
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

QString ManagedConfig::defaultFolder()
{
    const QString system = QString::fromLatin1(kSystemFolder);
    if (QDir(system).exists()) {
        return system;
    }
    return qEnvironmentVariable("VEIL_MANAGED_DIR");
}

Result<ManagedConfig> ManagedConfig::load(const QString& folder)
{
    ManagedConfig config;
    if (folder.isEmpty() || !QDir(folder).exists()) {
        return config;
    }
    const QDir dir(folder);
    QList<ManagedConfigFile> files;
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            return configError(name, QStringLiteral("cannot be read: %1.").arg(file.errorString()));
        }
        files.append({dir.filePath(name), file.read(kMaxFileBytes + 1)});
    }
    return parse(files);
}

Result<ManagedConfig> ManagedConfig::parse(const QList<ManagedConfigFile>& files)
{
    ManagedConfig config;
    QJsonObject merged;
    QHash<QString, QString> fieldSource;
    for (const ManagedConfigFile& file : files) {
        const QString name = file.path.section(QLatin1Char('/'), -1);
        if (file.bytes.size() > kMaxFileBytes) {
            return configError(name, QStringLiteral("is larger than 64 KiB."));
        }
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.bytes, &parseError);
        if (!document.isObject()) {
            return configError(name, QStringLiteral("is not a JSON object (%1).").arg(parseError.errorString()));
        }
        const QJsonObject object = document.object();
        for (auto it = object.begin(); it != object.end(); ++it) {
            static const QStringList known = {QStringLiteral("policy_url"), QStringLiteral("org_id"),
                                              QStringLiteral("trusted_keys"), QStringLiteral("require_policy")};
            if (!known.contains(it.key())) {
                return configError(name, QStringLiteral("unknown field \"%1\".").arg(it.key()));
            }
            merged.insert(it.key(), it.value());
            fieldSource.insert(it.key(), name);
        }
        config.sources.append(file.path);
    }
    if (config.sources.isEmpty()) {
        return config;
    }
    config.managed = true;

    const QJsonValue url = merged.value(QStringLiteral("policy_url"));
    if (!url.isUndefined()) {
        config.policyUrl = QUrl(url.toString(), QUrl::StrictMode);
        if (!url.isString() || !isAllowedPolicyUrl(config.policyUrl)) {
            return configError(fieldSource.value(QStringLiteral("policy_url")),
                               QStringLiteral("policy_url must be an https URL, or http to a loopback address."));
        }
    }
    const QJsonValue org = merged.value(QStringLiteral("org_id"));
    config.orgId = org.toString();
    if (!org.isUndefined() && (!org.isString() || config.orgId.trimmed().isEmpty())) {
        return configError(fieldSource.value(QStringLiteral("org_id")),
                           QStringLiteral("org_id must be a non-empty string."));
    }
    const QJsonValue keys = merged.value(QStringLiteral("trusted_keys"));
    if (!keys.isUndefined()) {
        const QJsonArray array = keys.toArray();
        if (!keys.isArray() || array.isEmpty() || array.size() > 3) {
            return configError(fieldSource.value(QStringLiteral("trusted_keys")),
                               QStringLiteral("trusted_keys must list 1 to 3 minisign public keys."));
        }
        for (const QJsonValue& key : array) {
            auto parsed = MinisignPublicKey::parse(key.toString().toUtf8());
            if (!key.isString() || !parsed) {
                return configError(fieldSource.value(QStringLiteral("trusted_keys")),
                                   QStringLiteral("a trusted key is not a minisign public key line."));
            }
            config.trustedKeys.append(parsed.value());
        }
    }
    const QJsonValue require = merged.value(QStringLiteral("require_policy"));
    if (!require.isUndefined() && !require.isBool()) {
        return configError(fieldSource.value(QStringLiteral("require_policy")),
                           QStringLiteral("require_policy must be true or false."));
    }
    config.requirePolicy = require.toBool(false);

    if (!config.policyUrl.isEmpty() && (config.orgId.isEmpty() || config.trustedKeys.isEmpty())) {
        return configError(config.sources.last().section(QLatin1Char('/'), -1),
                           QStringLiteral("a policy_url needs org_id and at least one trusted key."));
    }
    return config;
}

} // namespace veil::policy
