#include "providers/ProviderConfig.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace veil::providers {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("veil::providers::ProviderConfig", text);
}

} // namespace

QString toString(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi:
        return QStringLiteral("openai");
    case ProviderKind::OpenAiCompatible:
        return QStringLiteral("openai_compatible");
    case ProviderKind::Anthropic:
        return QStringLiteral("anthropic");
    case ProviderKind::Ollama:
        return QStringLiteral("ollama");
    case ProviderKind::Inspector:
        break;
    }
    return QStringLiteral("inspector");
}

std::optional<ProviderKind> providerKindFromString(const QString& name)
{
    for (const ProviderKind kind : {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible, ProviderKind::Anthropic,
                                    ProviderKind::Ollama, ProviderKind::Inspector}) {
        if (toString(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        return true;
    }
    QHostAddress address;
    return address.setAddress(host) && address.isLoopback();
}

Result<QUrl> chatEndpoint(const ProviderConfig& config)
{
    if (config.kind == ProviderKind::Inspector) {
        return Error{Error::Code::InvalidInput,
                     tr("The inspector provider “%1” sends nothing over the network.").arg(config.id)};
    }
    const QUrl& base = config.baseUrl;
    const QString scheme = base.scheme().toLower();
    if (!base.isValid() || base.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        return Error{Error::Code::InvalidInput,
                     tr("The base URL of provider “%1” must be an http or https URL with a host.").arg(config.id)};
    }
    if (scheme == QLatin1String("http") && !isLoopbackHost(base.host())) {
        return Error{Error::Code::Denied,
                     tr("Provider “%1” uses plain http to %2; plain http is allowed only to this computer (localhost, "
                        "127.0.0.1, ::1), so use https.")
                         .arg(config.id, base.host())};
    }
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    switch (config.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        path += QStringLiteral("/chat/completions");
        break;
    case ProviderKind::Anthropic:
        path += QStringLiteral("/v1/messages");
        break;
    case ProviderKind::Ollama:
        path += QStringLiteral("/api/chat");
        break;
    case ProviderKind::Inspector:
        break;
    }
    QUrl url = base;
    url.setPath(path);
    url.setFragment(QString());
    url.setUserInfo(QString());
    return url;
}

} // namespace veil::providers
