#include "providers/ModelListJob.h"
#include "providers/ProviderErrorBody.h"

#include "providers/ModelListParser.h"
#include "providers/ProviderHttp.h"
#include "providers/RequestBuilder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

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
    , m_retryWait([](int plannedMs) { return plannedMs; })
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_connectTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &ModelListJob::onConnectTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, &ModelListJob::sendAttempt);
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
    requestPage(url.value());
}

void ModelListJob::cancel()
{
    m_retryTimer.stop();
    dropReply();
    m_failure = Failure::Cancelled;
    releaseKey();
}

void ModelListJob::failWith(Failure failure, const QString& message)
{
    m_retryTimer.stop();
    dropReply();
    releaseKey();
    m_failure = failure;
    fail(Error{codeFor(failure), message});
}

void ModelListJob::requestPage(const QUrl& url)
{
    m_pageUrl = url;
    m_pageAttempts = 0;
    sendAttempt();
}

void ModelListJob::sendAttempt()
{
    if (isFinished()) {
        return;
    }
    ++m_requests;
    ++m_pageAttempts;
    m_status = 0;
    m_body.clear();
    m_connectTimedOut = false;
    m_tooLarge = false;

    QNetworkRequest request(m_pageUrl);
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
    applyProviderRequestRules(request, m_idleTimeoutMs, m_caCertificates);
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

    Failure failure = Failure::None;
    bool retryable = false;
    QString message;
    if (m_tooLarge) {
        failure = Failure::Protocol;
        message = tr("%1 sent a model list larger than %2 MB.").arg(who()).arg(kMaxBodyBytes >> 20);
    } else if (m_connectTimedOut) {
        failure = Failure::Timeout;
        retryable = true;
        message = tr("%1 at %2 could not be reached within %3 s.").arg(who(), where).arg(m_connectTimeoutMs / 1000.0);
    } else if (networkError == QNetworkReply::TimeoutError || networkError == QNetworkReply::OperationCanceledError) {
        // Qt reports its transfer (idle) timeout as OperationCanceledError; our own aborts disconnect first.
        failure = Failure::Timeout;
        retryable = true;
        message = tr("%1 did not answer within %2 s.").arg(who()).arg(m_idleTimeoutMs / 1000.0);
    } else if (m_status == 0) {
        failure = networkError == QNetworkReply::ProtocolFailure ? Failure::Protocol : Failure::Network;
        // A certificate that is not trusted stays untrusted: asking again changes nothing.
        retryable = failure == Failure::Network && networkError != QNetworkReply::SslHandshakeFailedError;
        message = failure == Failure::Protocol
            ? tr("%1 at %2 answered with something that is not a valid HTTP response.").arg(who(), where)
            : tr("%1 at %2 cannot be reached: %3.").arg(who(), where, networkErrorText);
    } else if (m_status < 200 || m_status >= 300) {
        const ProviderErrorBody body = parseErrorBody(m_body, m_apiKey);
        if (m_status >= 300 && m_status < 400) {
            failure = Failure::BadRequest;
            message = tr("%1 answered with a redirect (HTTP %2), which is not followed; check the base URL.")
                          .arg(who())
                          .arg(m_status);
        } else if (m_status == 401 || m_status == 403) {
            failure = Failure::Auth;
            message = sentence(tr("%1 did not accept the API key (HTTP %2)").arg(who()).arg(m_status), body.message);
        } else if (m_status == 404) {
            failure = Failure::NotFound;
            message = sentence(tr("%1 offers no model list at %2 (HTTP 404)").arg(who(), where), body.message);
        } else if (RetryPolicy::retryableStatus(m_status)) {
            failure = Failure::Server;
            retryable = !(m_status == 429
                          && (body.mentions(QLatin1String("quota")) || body.mentions(QLatin1String("billing"))));
            message = sentence(tr("%1 failed with HTTP %2").arg(who()).arg(m_status), body.message);
        } else {
            failure = Failure::BadRequest;
            message = sentence(tr("%1 rejected the request (HTTP %2)").arg(who()).arg(m_status), body.message);
        }
        retryable = RetryPolicy::serverSaysRetry(*reply).value_or(retryable);
    } else if (networkError != QNetworkReply::NoError) {
        // Nothing of a page is used before it is complete, so a page cut off in the middle may be asked for again.
        failure = Failure::Network;
        retryable = true;
        message = tr("The connection to %1 broke before the model list was complete: %2.")
                      .arg(m_config.id, networkErrorText);
    }
    if (failure != Failure::None) {
        const int retry = m_pageAttempts - 1;
        if (!retryable || retry >= m_maxRetries) {
            failWith(failure, message);
            return;
        }
        const int planned = RetryPolicy::plannedDelayMs(m_status != 0 ? reply : nullptr, retry, m_clock());
        m_retryDelaysMs.append(planned);
        m_retryTimer.start(std::max(0, m_retryWait(planned)));
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
        requestPage(next.value());
        return;
    }
    m_failure = Failure::None;
    releaseKey();
    succeed();
}

} // namespace veil::providers
