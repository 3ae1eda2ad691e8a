#include "providers/ChatJob.h"
#include "common/Logging.h"
#include "providers/ProviderErrorBody.h"

#include "providers/AnthropicStreamMapper.h"
#include "providers/OllamaStreamMapper.h"
#include "providers/OpenAiStreamMapper.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>

namespace veil::providers {

namespace detail {

/// The provider's StreamDecoder behind one interface.
class BodyDecoder
{
public:
    virtual ~BodyDecoder() = default;
    virtual std::vector<StreamEvent> feed(std::string_view bytes) = 0;
    virtual std::vector<StreamEvent> finish() = 0;
    virtual bool ended() const = 0;
};

} // namespace detail

namespace {

template <typename Decoder>
class DecoderFor final : public detail::BodyDecoder
{
public:
    std::vector<StreamEvent> feed(std::string_view bytes) override { return m_decoder.feed(bytes); }
    std::vector<StreamEvent> finish() override { return m_decoder.finish(); }
    bool ended() const override { return m_decoder.ended(); }

private:
    Decoder m_decoder;
};

std::unique_ptr<detail::BodyDecoder> makeDecoder(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic:
        return std::make_unique<DecoderFor<AnthropicStreamDecoder>>();
    case ProviderKind::Ollama:
        return std::make_unique<DecoderFor<OllamaStreamDecoder>>();
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Inspector:
        break;
    }
    return std::make_unique<DecoderFor<OpenAiStreamDecoder>>();
}

constexpr qsizetype kMaxErrorBody = 64 * 1024;

Error::Code codeFor(ChatJob::Failure failure)
{
    switch (failure) {
    case ChatJob::Failure::Refused:
    case ChatJob::Failure::Auth:
    case ChatJob::Failure::Quota:
        return Error::Code::Denied;
    case ChatJob::Failure::ModelNotFound:
        return Error::Code::NotFound;
    case ChatJob::Failure::BadRequest:
    case ChatJob::Failure::Protocol:
        return Error::Code::InvalidInput;
    case ChatJob::Failure::RateLimit:
    case ChatJob::Failure::Server:
    case ChatJob::Failure::Network:
    case ChatJob::Failure::Provider:
        return Error::Code::Unavailable;
    case ChatJob::Failure::Timeout:
        return Error::Code::Timeout;
    case ChatJob::Failure::Cancelled:
        return Error::Code::Cancelled;
    case ChatJob::Failure::None:
        break;
    }
    return Error::Code::Internal;
}

bool isTlsError(QNetworkReply::NetworkError error)
{
    return error == QNetworkReply::SslHandshakeFailedError || error == QNetworkReply::InsecureRedirectError;
}

} // namespace

ChatJob::ChatJob(QNetworkAccessManager* network, ProviderConfig config, ChatRequest request, const QByteArray& apiKey,
                 QObject* parent)
    : Job(parent)
    , m_network(network)
    , m_config(std::move(config))
    , m_request(std::move(request))
    , m_apiKey(apiKey.constData(), apiKey.size()) // a deep copy, so releaseKey() overwrites our bytes only
    , m_retryWait([](int plannedMs) { return plannedMs; })
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_connectTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &ChatJob::onConnectTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChatJob::sendAttempt);
}

ChatJob::~ChatJob()
{
    dropReply();
    releaseKey();
}

bool ChatJob::isTimeout(int networkError) const
{
    // Qt reports a transfer timeout as OperationCanceledError; our own aborts disconnect first and never get here.
    const auto error = QNetworkReply::NetworkError(networkError);
    return error == QNetworkReply::TimeoutError || error == QNetworkReply::OperationCanceledError;
}

QString ChatJob::who() const
{
    return tr("Provider “%1”").arg(m_config.id);
}

void ChatJob::releaseKey()
{
    m_prepared.reset();
    if (!m_apiKey.isEmpty() && m_apiKey.isDetached()) {
        m_apiKey.fill('\0');
    }
    m_apiKey.clear();
}

void ChatJob::dropReply()
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

void ChatJob::run()
{
    Result<PreparedRequest> prepared = RequestBuilder::build(m_config, m_request, m_apiKey);
    if (!prepared) {
        failWith(Failure::Refused, prepared.error().message);
        return;
    }
    m_prepared = std::move(prepared).value();
    qCDebug(lcProviders) << "chat request to" << m_prepared->request.url().host() << "provider kind"
                         << int(m_config.kind) << "body" << m_prepared->body.size() << "bytes";
    sendAttempt();
}

void ChatJob::cancel()
{
    m_retryTimer.stop();
    dropReply();
    m_failure = Failure::Cancelled;
    releaseKey();
}

void ChatJob::failWith(Failure failure, const QString& message)
{
    m_retryTimer.stop();
    dropReply();
    releaseKey();
    m_failure = failure;
    fail(Error{codeFor(failure), message});
}

void ChatJob::sendAttempt()
{
    if (isFinished() || !m_prepared) {
        return;
    }
    ++m_attempts;
    m_status = 0;
    m_bodyStarted = false;
    m_connectTimedOut = false;
    m_errorBody.clear();
    m_decoder = makeDecoder(m_config.kind);

    QNetworkRequest request = m_prepared->request;
    applyProviderRequestRules(request, m_idleTimeoutMs, m_caCertificates);
    QNetworkReply* reply = m_network->post(request, m_prepared->body);
    m_reply = reply;
    const auto connected = [this] {
        m_connectTimer.stop();
    };
    connect(reply, &QNetworkReply::requestSent, this, connected);
    connect(reply, &QNetworkReply::metaDataChanged, this, connected);
    connect(reply, &QNetworkReply::readyRead, this, &ChatJob::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ChatJob::onReplyFinished);
    m_connectTimer.start(m_connectTimeoutMs);
}

void ChatJob::onConnectTimeout()
{
    if (m_reply) {
        m_connectTimedOut = true;
        m_reply->abort(); // finished() follows, and onReplyFinished() sees the flag
    }
}

bool ChatJob::deliver(std::vector<StreamEvent> events)
{
    QPointer<ChatJob> alive(this);
    for (StreamEvent& item : events) {
        if (const auto* error = std::get_if<StreamError>(&item)) {
            m_streamError = *error;
        } else if (std::holds_alternative<StreamDone>(item)) {
            m_streamDone = true;
        }
        Q_EMIT streamEvent(item);
        if (!alive || isFinished()) {
            return false; // a receiver aborted (or deleted) the job
        }
    }
    return true;
}

void ChatJob::onReadyRead()
{
    QNetworkReply* reply = m_reply;
    if (!reply) {
        return;
    }
    m_connectTimer.stop();
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_status < 200 || m_status >= 300) {
        const QByteArray bytes = reply->readAll();
        m_errorBody += bytes.left(kMaxErrorBody - m_errorBody.size());
        return;
    }
    const QByteArray bytes = reply->readAll();
    if (bytes.isEmpty()) {
        return;
    }
    m_bodyStarted = true;
    if (!deliver(m_decoder->feed(std::string_view(bytes.constData(), size_t(bytes.size()))))) {
        return;
    }
    if (m_streamError) {
        finishStream(QNetworkReply::NoError, QString());
    }
}

void ChatJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply) {
        return;
    }
    m_connectTimer.stop();
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto networkError = reply->error();
    const QString networkErrorText = reply->errorString();
    const bool success = m_status >= 200 && m_status < 300;
    if (success && reply->bytesAvailable() > 0) {
        onReadyRead();
        if (isFinished() || !m_reply) {
            return;
        }
    } else if (!success && reply->bytesAvailable() > 0) {
        m_errorBody += reply->readAll().left(kMaxErrorBody - m_errorBody.size());
    }
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();
    qCDebug(lcProviders) << "chat reply finished: HTTP status" << m_status << "network error" << int(networkError)
                         << "attempt" << m_attempts;

    if (m_bodyStarted || (success && networkError == QNetworkReply::NoError)) {
        finishStream(networkError, networkErrorText);
        return;
    }

    // Nothing of the body has arrived: decide what failed and whether to try again.
    Failure failure = Failure::Network;
    bool retryable = false;
    QString message;
    const QString where = m_prepared ? m_prepared->request.url().authority() : QString();
    if (m_status == 0 || success) {
        if (m_connectTimedOut) {
            failure = Failure::Timeout;
            retryable = true;
            message
                = tr("%1 at %2 could not be reached within %3 s.").arg(who(), where).arg(m_connectTimeoutMs / 1000.0);
        } else if (isTimeout(networkError)) {
            failure = Failure::Timeout;
            retryable = true;
            message = tr("%1 did not answer within %2 s.").arg(who()).arg(m_idleTimeoutMs / 1000.0);
        } else if (isTlsError(networkError)) {
            message = tr("%1 at %2 did not present a trusted TLS certificate: %3.").arg(who(), where, networkErrorText);
        } else if (networkError == QNetworkReply::ProtocolFailure) {
            failure = Failure::Protocol;
            message = tr("%1 at %2 answered with something that is not a valid HTTP response.").arg(who(), where);
        } else {
            retryable = true;
            message = tr("%1 at %2 cannot be reached: %3.").arg(who(), where, networkErrorText);
        }
    } else {
        const ProviderErrorBody body = parseErrorBody(m_errorBody, m_apiKey);
        if (m_status >= 300 && m_status < 400) {
            failure = Failure::BadRequest;
            message = tr("%1 answered with a redirect (HTTP %2), which is not followed; check the base URL.")
                          .arg(who())
                          .arg(m_status);
        } else if (m_status == 401 || m_status == 403) {
            failure = Failure::Auth;
            message = sentence(tr("%1 did not accept the API key (HTTP %2)").arg(who()).arg(m_status), body.message);
        } else if (m_status == 429
                   && (body.mentions(QLatin1String("quota")) || body.mentions(QLatin1String("billing"))
                       || body.mentions(QLatin1String("spend_limit")))) {
            failure = Failure::Quota;
            message = sentence(
                tr("%1 refused the request because the account's quota or spending limit is used up").arg(who()),
                body.message);
        } else if (m_status == 429) {
            failure = Failure::RateLimit;
            retryable = true;
            message = sentence(tr("%1 is limiting the rate of requests (HTTP 429); try again later").arg(who()),
                               body.message);
        } else if (m_status == 404
                   && (body.mentions(QLatin1String("model")) || body.message.contains(QLatin1String("model"))
                       || body.message.contains(m_request.model))) {
            failure = Failure::ModelNotFound;
            message = sentence(tr("%1 has no model “%2” (HTTP 404)").arg(who(), m_request.model), body.message);
        } else if (RetryPolicy::retryableStatus(m_status)) {
            failure = m_status >= 500 ? Failure::Server : Failure::Network;
            retryable = true;
            message = sentence(tr("%1 failed with HTTP %2").arg(who()).arg(m_status), body.message);
        } else {
            failure = Failure::BadRequest;
            message = sentence(tr("%1 rejected the request (HTTP %2)").arg(who()).arg(m_status), body.message);
        }
    }

    if (m_status != 0) {
        retryable = RetryPolicy::serverSaysRetry(*reply).value_or(retryable);
    }
    const int retry = m_attempts - 1;
    if (!retryable || retry >= m_maxRetries) {
        failWith(failure, message);
        return;
    }
    const int planned = RetryPolicy::plannedDelayMs(m_status != 0 ? reply : nullptr, retry, m_clock());
    m_retryDelaysMs.append(planned);
    m_retryTimer.start(std::max(0, m_retryWait(planned)));
}

void ChatJob::finishStream(int networkError, const QString& networkErrorText)
{
    dropReply();
    const auto error = QNetworkReply::NetworkError(networkError);
    if (!m_decoder->ended()) {
        // A broken or timed-out connection must not look like a protocol error from the half-read frame the
        // decoder would flush at the end, so the stream ends as Truncated here; a clean end goes to the decoder.
        std::vector<StreamEvent> last;
        if (error != QNetworkReply::NoError) {
            last.push_back(StreamError{
                StreamError::Kind::Truncated, tr("The reply ended before the provider said it was done."), {}});
        } else {
            last = m_decoder->finish();
        }
        if (!deliver(std::move(last))) {
            return;
        }
    }
    if (m_streamDone) {
        m_failure = Failure::None;
        releaseKey();
        succeed();
        return;
    }
    if (m_streamError && m_streamError->kind == StreamError::Kind::Provider) {
        failWith(Failure::Provider,
                 sentence(tr("%1 ended the reply with an error").arg(who()),
                          maskSecretsIn(m_streamError->message, m_apiKey)));
    } else if (m_streamError
               && (m_streamError->kind == StreamError::Kind::Protocol
                   || m_streamError->kind == StreamError::Kind::TooLarge)) {
        failWith(Failure::Protocol,
                 sentence(tr("%1 sent a reply that does not follow its protocol").arg(who()), m_streamError->message));
    } else if (isTimeout(error)) {
        failWith(Failure::Timeout,
                 tr("%1 sent nothing for %2 s in the middle of the reply.").arg(who()).arg(m_idleTimeoutMs / 1000.0));
    } else if (error != QNetworkReply::NoError) {
        failWith(
            Failure::Network,
            tr("The connection to %1 broke before the reply was complete: %2.").arg(m_config.id, networkErrorText));
    } else {
        failWith(Failure::Network, tr("%1 closed the connection before the reply was complete.").arg(who()));
    }
}

} // namespace veil::providers
