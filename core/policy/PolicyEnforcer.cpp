#include "policy/PolicyEnforcer.h"

#include <QJsonArray>

#include <fnmatch.h>

namespace veil::policy {
namespace {

using providers::ProviderConfig;
using providers::ProviderKind;

bool isLocal(const ProviderConfig& provider)
{
    return provider.kind == ProviderKind::Inspector || providers::isLoopbackHost(provider.baseUrl.host());
}

bool sameEndpoint(const QUrl& allowed, const QUrl& configured)
{
    if (allowed.scheme() != configured.scheme() || allowed.host().compare(configured.host(), Qt::CaseInsensitive) != 0
        || allowed.port(allowed.scheme() == QLatin1String("https") ? 443 : 80)
            != configured.port(configured.scheme() == QLatin1String("https") ? 443 : 80)) {
        return false;
    }
    QString prefix = allowed.path();
    if (prefix.endsWith(QLatin1Char('/'))) {
        prefix.chop(1);
    }
    const QString path = configured.path();
    return prefix.isEmpty() || path == prefix || path.startsWith(prefix + QLatin1Char('/'));
}

bool modelAllowed(const QJsonArray& globs, const QString& model)
{
    const QByteArray name = model.toUtf8();
    for (const QJsonValue& glob : globs) {
        if (fnmatch(glob.toString().toUtf8().constData(), name.constData(), 0) == 0) {
            return true;
        }
    }
    return false;
}

Status denied(const QString& why)
{
    return Status::failure(Error::Code::Denied, why);
}

} // namespace

QString PolicyEnforcer::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Unmanaged:
        return QStringLiteral("unmanaged");
    case Mode::Active:
        return QStringLiteral("active");
    case Mode::NoPolicyYet:
        return QStringLiteral("no_policy_yet");
    case Mode::NoPolicyOpen:
        return QStringLiteral("no_policy_open");
    case Mode::Expired:
        return QStringLiteral("expired");
    case Mode::UpdateRequired:
        return QStringLiteral("update_required");
    }
    return QStringLiteral("unknown");
}

PolicyEnforcer PolicyEnforcer::evaluate(const ManagedConfig& config, const std::optional<StoredBundle>& active,
                                        const QDateTime& now, const QString& appVersion)
{
    PolicyEnforcer enforcer;
    if (!config.managed) {
        return enforcer;
    }
    enforcer.m_orgId = config.orgId;
    if (!active) {
        enforcer.m_mode = config.requirePolicy ? Mode::NoPolicyYet : Mode::NoPolicyOpen;
        return enforcer;
    }
    enforcer.m_bundle = active->bundle;
    enforcer.m_onExpiry = active->bundle.onExpiry;
    if (!active->bundle.minAppVersion.isEmpty() && compareVersions(appVersion, active->bundle.minAppVersion) < 0) {
        enforcer.m_mode = Mode::UpdateRequired;
    } else if (active->bundle.expiresAt <= now) {
        enforcer.m_mode = Mode::Expired;
    } else {
        enforcer.m_mode = Mode::Active;
    }
    return enforcer;
}

QString PolicyEnforcer::summary() const
{
    switch (m_mode) {
    case Mode::Unmanaged:
        return QStringLiteral("Unmanaged");
    case Mode::NoPolicyYet:
        return QStringLiteral("Managed by %1, no policy yet: cloud providers blocked").arg(m_orgId);
    case Mode::NoPolicyOpen:
        return QStringLiteral("Managed by %1, no policy yet").arg(m_orgId);
    case Mode::Expired:
        return QStringLiteral("Policy expired: cloud providers blocked");
    case Mode::UpdateRequired:
        return QStringLiteral("Update required: policy v%1 needs Veil %2 or newer")
            .arg(m_bundle->version)
            .arg(m_bundle->minAppVersion);
    case Mode::Active:
        return QStringLiteral("Managed by %1, policy v%2, valid until %3")
            .arg(m_orgId)
            .arg(m_bundle->version)
            .arg(m_bundle->expiresAt.date().toString(Qt::ISODate));
    }
    return {};
}

QJsonObject PolicyEnforcer::redaction() const
{
    return m_bundle ? m_bundle->json.value(QStringLiteral("redaction")).toObject() : QJsonObject();
}

Status PolicyEnforcer::checkProvider(const ProviderConfig& provider, const QString& requestedModel) const
{
    const QString model
        = requestedModel.isEmpty() && !provider.models.isEmpty() ? provider.models.first() : requestedModel;
    switch (m_mode) {
    case Mode::Unmanaged:
    case Mode::NoPolicyOpen:
        return {};
    case Mode::NoPolicyYet:
        return isLocal(provider) ? Status()
                                 : denied(QStringLiteral("No policy from %1 has been received yet, so only local "
                                                         "providers may be used.")
                                              .arg(m_orgId));
    case Mode::UpdateRequired:
        return isLocal(provider) ? Status()
                                 : denied(QStringLiteral("The organization's policy needs Veil %1 or newer; cloud "
                                                         "providers are blocked until Veil is updated.")
                                              .arg(m_bundle->minAppVersion));
    case Mode::Expired:
        if (provider.kind == ProviderKind::Inspector
            || (m_onExpiry == QLatin1String("local_only") && isLocal(provider))) {
            return {};
        }
        return denied(QStringLiteral("The organization's policy expired on %1; %2 may not be used until a new one "
                                     "arrives.")
                          .arg(m_bundle->expiresAt.toString(Qt::ISODate), provider.id));
    case Mode::Active:
        break;
    }
    if (provider.kind == ProviderKind::Inspector) {
        return {}; // nothing leaves the machine
    }
    const QJsonObject providers = m_bundle->json.value(QStringLiteral("providers")).toObject();
    for (const QJsonValue& value : providers.value(QStringLiteral("allow")).toArray()) {
        const QJsonObject allowed = value.toObject();
        const auto kind = providers::providerKindFromString(allowed.value(QStringLiteral("kind")).toString());
        const auto openAiLike = [](ProviderKind k) {
            return k == ProviderKind::OpenAi || k == ProviderKind::OpenAiCompatible;
        };
        const bool kindMatches = kind && (*kind == provider.kind || (openAiLike(*kind) && openAiLike(provider.kind)));
        if (!kindMatches
            || !sameEndpoint(QUrl(allowed.value(QStringLiteral("base_url")).toString()), provider.baseUrl)) {
            continue;
        }
        if (!modelAllowed(allowed.value(QStringLiteral("models")).toArray(), model)) {
            return denied(QStringLiteral("The organization's policy does not allow the model \"%1\" on %2.")
                              .arg(model, provider.id));
        }
        return {};
    }
    if (providers.value(QStringLiteral("allow_user_defined")).toBool(false)) {
        return {};
    }
    return denied(QStringLiteral("The organization's policy does not allow the provider %1 (%2).")
                      .arg(provider.id, provider.baseUrl.toDisplayString()));
}

QStringList PolicyEnforcer::exportRecipients() const
{
    QStringList recipients;
    if (!m_bundle) {
        return recipients;
    }
    const QJsonObject section = m_bundle->json.value(QStringLiteral("export")).toObject();
    for (const QJsonValue& value : section.value(QStringLiteral("recipients")).toArray()) {
        recipients << value.toString();
    }
    return recipients;
}

QStringList PolicyEnforcer::exportFormats() const
{
    const QStringList all{QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("html")};
    if (!m_bundle) {
        return all;
    }
    const QJsonObject section = m_bundle->json.value(QStringLiteral("export")).toObject();
    if (!section.contains(QStringLiteral("formats"))) {
        return all;
    }
    QStringList formats;
    for (const QJsonValue& value : section.value(QStringLiteral("formats")).toArray()) {
        if (all.contains(value.toString()) && !formats.contains(value.toString())) {
            formats << value.toString();
        }
    }
    return formats;
}

Status PolicyEnforcer::checkExport(const QStringList& formats, bool encrypted) const
{
    switch (m_mode) {
    case Mode::Unmanaged:
        return {};
    case Mode::NoPolicyYet:
    case Mode::NoPolicyOpen:
        return encrypted ? Status()
                         : denied(QStringLiteral("This machine is managed by %1 and has no policy yet, so exports "
                                                 "must be encrypted; name an age recipient with --recipient.")
                                      .arg(m_orgId));
    case Mode::Active:
    case Mode::Expired:
    case Mode::UpdateRequired:
        break;
    }
    const QJsonObject section = m_bundle->json.value(QStringLiteral("export")).toObject();
    if (!section.value(QStringLiteral("allow")).toBool(false)) {
        return denied(QStringLiteral("The organization's policy does not allow exports."));
    }
    if (section.contains(QStringLiteral("formats"))) {
        QStringList allowed;
        for (const QJsonValue& value : section.value(QStringLiteral("formats")).toArray()) {
            allowed << value.toString();
        }
        for (const QString& format : formats) {
            if (!allowed.contains(format)) {
                return denied(
                    QStringLiteral("The organization's policy does not allow exports in the %1 format.").arg(format));
            }
        }
    }
    if (!encrypted
        && (!exportRecipients().isEmpty() || !section.value(QStringLiteral("allow_unencrypted")).toBool(false))) {
        return denied(QStringLiteral("The organization's policy allows only encrypted exports; name an age recipient "
                                     "with --recipient."));
    }
    return {};
}

} // namespace veil::policy
