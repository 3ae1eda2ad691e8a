#include "providers/ModelListJob.h"
#include "providers/ProviderErrorBody.h"

#include "providers/ModelListParser.h"
#include "providers/RequestBuilder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QSslConfiguration>
#include <QUrlQuery>

namespace veil::providers {

namespace {

Error::Code codeFor(ModelListJob::Failure failure)
{
    switch (failure) {
    case ModelListJob::Failure::Refused:
    case ModelListJob::Failure::Auth:
        return Error::Code::Denied;
    case ModelListJob::Failure::NotFound:
        return Error::Code::NotFound;
    case ModelListJob::Failure::BadRequest:
    case ModelListJob::Failure::Protocol:
        return Error::Code::InvalidInput;
    case ModelListJob::Failure::Server:
    case ModelListJob::Failure::Network:
        return Error::Code::Unavailable;
    case ModelListJob::Failure::Timeout:
        return Error::Code::Timeout;
    case ModelListJob::Failure::Cancelled:
        return Error::Code::Cancelled;
    case ModelListJob::Failure::None:
        break;
    }
    return Error::Code::Internal;
}

} // namespace

ModelListJob::ModelListJob(QNetworkAccessManager* network, ProviderConfig config, const QByteArray& apiKey,
                           QObject* parent)
    : Job(parent)
    , m_network(network)
    , m_config(std::move(config))
    , m_apiKey(apiKey.constData(), apiKey.size()) // a deep copy, so releaseKey() overwrites our bytes only
{
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &ModelListJob::onConnectTimeout);
}

ModelListJob::~ModelListJob()
{
    dropReply();
    releaseKey();
}

Result<QUrl> ModelListJob::endpoint(const ProviderConfig& config, const QString& afterId)
{
    Result<QUrl> checked = chatEndpoint(config); // the same scheme, host and loopback rules
    if (!checked) {
        return checked.error();
    }
    QUrl url = checked.value();
    QString path = config.baseUrl.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    QUrlQuery query;
    switch (config.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        path += QStringLiteral("/models");
        break;
    case ProviderKind::Anthropic:
        path += QStringLiteral("/v1/models");
        query.addQueryItem(QStringLiteral("limit"), QString::number(kAnthropicPageSize));
        if (!afterId.isEmpty()) {
            query.addQueryItem(QStringLiteral("after_id"), afterId);
        }
        break;
    case ProviderKind::Ollama:
        path += QStringLiteral("/api/tags");
        break;
    case ProviderKind::Inspector:
        break;
    }
    url.setPath(path);
    url.setQuery(query);
    return url;
}

QString ModelListJob::who() const
{
    return tr("Provider “%1”").arg(m_config.id);
}

void ModelListJob::releaseKey()
{
    if (!m_apiKey.isEmpty() && m_apiKey.isDetached()) {
        m_apiKey.fill('\0');
    }
    m_apiKey.clear();
}

void ModelListJob::dropReply()
{
    m_connectTimer.stop();
    if (m_reply) {
        QNetworkReply* reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void ModelListJob::run()
{
    Result<QUrl> url = endpoint(m_config);
    if (!url) {
        failWith(Failure::Refused, url.error().message);
        return;
    }
    sendRequest(url.value());
}

void ModelListJob::cancel()
{
    dropReply();
    m_failure = Failure::Cancelled;
    releaseKey();
}

void ModelListJob::failWith(Failure failure, const QString& message)
{
    dropReply();
    releaseKey();
    m_failure = failure;
    fail(Error{codeFor(failure), message});
}

void ModelListJob::sendRequest(const QUrl& url)
{
    ++m_requests;
    m_status = 0;
    m_body.clear();
    m_connectTimedOut = false;
    m_tooLarge = false;

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Veil"));
    request.setRawHeader("Accept", "application/json");
    switch (m_config.kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        if (!m_apiKey.isEmpty()) {
            request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + m_apiKey);
        }
        break;
    case ProviderKind::Anthropic:
        request.setRawHeader("anthropic-version", RequestBuilder::kAnthropicVersion);
        if (!m_apiKey.isEmpty()) {
            request.setRawHeader("x-api-key", m_apiKey);
        }
        break;
    case ProviderKind::Ollama:
    case ProviderKind::Inspector:
        break;
    }
    request.setTransferTimeout(m_idleTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (!m_caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_caCertificates);
        request.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = m_network->get(request);
    m_reply = reply;
    const auto connected = [this] {
        m_connectTimer.stop();
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, connected);
    connect(reply, &QNetworkReply::readyRead, this, &ModelListJob::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ModelListJob::onReplyFinished);
    m_connectTimer.start(m_connectTimeoutMs);
}

void ModelListJob::onConnectTimeout()
{
    if (m_reply) {
        m_connectTimedOut = true;
        m_reply->abort(); // finished() follows, and onReplyFinished() sees the flag
    }
}

void ModelListJob::onReadyRead()
{
    if (!m_reply) {
        return;
    }
    m_connectTimer.stop();
    const QByteArray bytes = m_reply->readAll();
    if (m_body.size() + bytes.size() > kMaxBodyBytes) {
        m_tooLarge = true;
        m_reply->abort();
        return;
    }
    m_body += bytes;
}

void ModelListJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply) {
        return;
    }
    m_connectTimer.stop();
    if (reply->bytesAvailable() > 0 && !m_tooLarge) {
        onReadyRead();
    }
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto networkError = reply->error();
    const QString networkErrorText = reply->errorString();
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    const QString where = reply->url().authority();

    if (m_tooLarge) {
        failWith(Failure::Protocol, tr("%1 sent a model list larger than %2 MB.").arg(who()).arg(kMaxBodyBytes >> 20));
        return;
    }
    if (m_connectTimedOut) {
        failWith(Failure::Timeout,
                 tr("%1 at %2 could not be reached within %3 s.").arg(who(), where).arg(m_connectTimeoutMs / 1000.0));
        return;
    }
    // Qt reports its transfer (idle) timeout as OperationCanceledError; our own aborts disconnect first.
    if (networkError == QNetworkReply::TimeoutError || networkError == QNetworkReply::OperationCanceledError) {
        failWith(Failure::Timeout, tr("%1 did not answer within %2 s.").arg(who()).arg(m_idleTimeoutMs / 1000.0));
        return;
    }
    if (m_status == 0) {
        if (networkError == QNetworkReply::ProtocolFailure) {
            failWith(Failure::Protocol,
                     tr("%1 at %2 answered with something that is not a valid HTTP response.").arg(who(), where));
        } else {
            failWith(Failure::Network, tr("%1 at %2 cannot be reached: %3.").arg(who(), where, networkErrorText));
        }
        return;
    }
    if (m_status < 200 || m_status >= 300) {
        const QString detail = parseErrorBody(m_body, m_apiKey).message;
        if (m_status >= 300 && m_status < 400) {
            failWith(Failure::BadRequest,
                     tr("%1 answered with a redirect (HTTP %2), which is not followed; check the base URL.")
                         .arg(who())
                         .arg(m_status));
        } else if (m_status == 401 || m_status == 403) {
            failWith(Failure::Auth,
                     sentence(tr("%1 did not accept the API key (HTTP %2)").arg(who()).arg(m_status), detail));
        } else if (m_status == 404) {
            failWith(Failure::NotFound,
                     sentence(tr("%1 offers no model list at %2 (HTTP 404)").arg(who(), where), detail));
        } else if (m_status == 429 || m_status >= 500) {
            failWith(Failure::Server, sentence(tr("%1 failed with HTTP %2").arg(who()).arg(m_status), detail));
        } else {
            failWith(Failure::BadRequest,
                     sentence(tr("%1 rejected the request (HTTP %2)").arg(who()).arg(m_status), detail));
        }
        return;
    }
    if (networkError != QNetworkReply::NoError) {
        failWith(Failure::Network,
                 tr("The connection to %1 broke before the model list was complete: %2.")
                     .arg(m_config.id, networkErrorText));
        return;
    }

    Result<ModelPage> page = ModelListParser::parse(m_config.kind, m_body);
    m_body.clear();
    if (!page) {
        failWith(Failure::Protocol,
                 sentence(tr("%1 sent a model list Veil cannot read").arg(who()), page.error().message));
        return;
    }
    for (const QString& id : std::as_const(page->models)) {
        if (!m_models.contains(id) && m_models.size() < ModelListParser::kMaxModels) {
            m_models.append(id);
        }
    }
    if (page->hasMore) {
        if (m_requests >= m_maxPages) {
            failWith(Failure::Protocol,
                     tr("%1 lists more than %2 pages of models; Veil stops there.").arg(who()).arg(m_maxPages));
            return;
        }
        Result<QUrl> next = endpoint(m_config, page->lastId);
        if (!next) {
            failWith(Failure::Refused, next.error().message);
            return;
        }
        sendRequest(next.value());
        return;
    }
    m_failure = Failure::None;
    releaseKey();
    succeed();
}

} // namespace veil::providers
