#pragma once

#include "common/Job.h"
#include "providers/ChatRequest.h"
#include "providers/ProviderConfig.h"
#include "providers/ProviderHttp.h"
#include "providers/RequestBuilder.h"
#include "providers/StreamEvent.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace veil::providers {

namespace detail {
class BodyDecoder;
}

/// One streamed chat completion from one provider, as a Job (see common/Job.h).
///
/// POSTs the request RequestBuilder makes, feeds the reply body to the provider's StreamDecoder as it arrives and
/// emits streamEvent() for each StreamEvent, in order, directly (not queued) from the network callbacks. A stream that
/// started ends with exactly one StreamDone or StreamError event; the job then finishes (ok() after StreamDone).
///
/// - Timeouts: connecting and sending the request must take at most connectTimeoutMs; after that, a gap of more
///   than idleTimeoutMs without a byte (QNetworkRequest::setTransferTimeout) ends the job with Failure::Timeout.
/// - Retries (RetryPolicy) happen only before the first byte of the reply body, at most maxRetries times: when
///   `x-should-retry` says so, else on 408, 409, 429 (not quota), 5xx, timeouts and connection errors. The wait is
///   the server's when it asked for one within 120 s, else an exponential backoff with jitter. retryWait maps the
///   planned wait to the real one (tests: 0).
/// - The network rules of applyProviderRequestRules(): no redirects, no cache, TLS errors never ignored, the
///   system proxy.
/// - The key is used only for the auth header; errors quote the provider's message with key-looking text masked.
/// - abort() at any moment: the reply is closed, finished() comes once, with Error::Code::Cancelled.
/// Lives in and is used from one thread. The network manager must outlive the job.
class ChatJob : public Job
{
    Q_OBJECT

public:
    /// What kind of failure ended the job; Error::code() is the coarser, project-wide code.
    enum class Failure {
        None,
        Refused, ///< not sent: the endpoint is not allowed (plain http off loopback) or the request is incomplete
        Auth, ///< HTTP 401/403: the key is wrong, revoked or lacks permission (Error::Code::Denied)
        RateLimit, ///< HTTP 429 still after the retries (Unavailable)
        Quota, ///< HTTP 429 for an exhausted quota, billing or spend limit; never retried (Denied)
        ModelNotFound, ///< HTTP 404 naming the model (NotFound)
        BadRequest, ///< another 4xx, or a redirect (InvalidInput)
        Server, ///< 5xx still after the retries (Unavailable)
        Network, ///< no connection, TLS failure, or the connection broke mid-reply (Unavailable)
        Protocol, ///< the reply is not HTTP or the stream does not follow the protocol (InvalidInput)
        Provider, ///< the provider reported an error in the middle of the stream (Unavailable)
        Timeout, ///< connect or idle timeout (Timeout)
        Cancelled, ///< abort() (Cancelled)
    };

    /// Maps a planned retry wait in ms to the one actually waited.
    using RetryWait = std::function<int(int plannedMs)>;
    using Clock = std::function<QDateTime()>;

    /// `apiKey` may be empty (local servers); it is copied for the job's lifetime and overwritten when it ends.
    ChatJob(QNetworkAccessManager* network, ProviderConfig config, ChatRequest request, const QByteArray& apiKey,
            QObject* parent = nullptr);
    ~ChatJob() override;

    void setConnectTimeoutMs(int milliseconds) { m_connectTimeoutMs = milliseconds; }
    void setIdleTimeoutMs(int milliseconds) { m_idleTimeoutMs = milliseconds; }
    void setMaxRetries(int retries) { m_maxRetries = retries; }
    void setRetryWait(RetryWait wait) { m_retryWait = std::move(wait); }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setExtraCaCertificates(const QList<QSslCertificate>& certificates) { m_caCertificates = certificates; }

    Failure failure() const { return m_failure; }
    /// The HTTP status of the last attempt; 0 when none arrived.
    int httpStatus() const { return m_status; }
    /// Requests sent (1 + retries).
    int attempts() const { return m_attempts; }
    /// The planned wait before each retry, in ms (before retryWait mapped it).
    const QList<int>& retryDelaysMs() const { return m_retryDelaysMs; }

    static constexpr int kMaxRetries = RetryPolicy::kMaxRetries;

Q_SIGNALS:
    void streamEvent(const veil::providers::StreamEvent& event);

protected:
    void run() override;
    void cancel() override;

private:
    void sendAttempt();
    void onReadyRead();
    void onReplyFinished();
    void onConnectTimeout();
    bool deliver(std::vector<StreamEvent> events);
    void finishStream(int networkError, const QString& networkErrorText);
    void failWith(Failure failure, const QString& message);
    void dropReply();
    void releaseKey();
    QString who() const;
    bool isTimeout(int networkError) const;

    QNetworkAccessManager* m_network;
    ProviderConfig m_config;
    ChatRequest m_request;
    QByteArray m_apiKey;
    std::optional<PreparedRequest> m_prepared;
    std::unique_ptr<detail::BodyDecoder> m_decoder;
    QPointer<QNetworkReply> m_reply;
    QTimer m_connectTimer;
    QTimer m_retryTimer;
    QList<QSslCertificate> m_caCertificates;
    RetryWait m_retryWait;
    Clock m_clock;
    int m_connectTimeoutMs = 15000;
    int m_idleTimeoutMs = 120000;
    int m_maxRetries = kMaxRetries;
    int m_attempts = 0;
    int m_status = 0;
    bool m_bodyStarted = false;
    bool m_connectTimedOut = false;
    bool m_streamDone = false;
    std::optional<StreamError> m_streamError;
    QByteArray m_errorBody;
    QList<int> m_retryDelaysMs;
    Failure m_failure = Failure::None;
};

} // namespace veil::providers

Q_DECLARE_METATYPE(veil::providers::StreamEvent)
