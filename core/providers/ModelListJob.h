#pragma once

#include "common/Job.h"
#include "providers/ProviderConfig.h"
#include "providers/ProviderHttp.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace veil::providers {

/// Fetches the models a provider offers, as a Job (see common/Job.h).
///
/// - OpenAI / OpenAI-compatible: `GET {base}/models`, `Authorization: Bearer <key>` when a key is given.
/// - Anthropic: `GET {base}/v1/models?limit=1000[&after_id=...]` with `x-api-key` and `anthropic-version`, following
///   has_more/last_id for at most maxPages pages (more is an error: the list would be cut short).
/// - Ollama: `GET {base}/api/tags`, no auth.
/// Bodies are parsed by ModelListParser. Same network rules as ChatJob: plain http only to loopback; redirects are
/// not followed (they would carry the key elsewhere); TLS errors are never ignored; extra CA certificates may be
/// added; the system proxy applies through the network manager; no cache. Connecting must take at most
/// connectTimeoutMs and a gap of more than idleTimeoutMs without a byte ends the job (Failure::Timeout). A body
/// larger than kMaxBodyBytes ends it (Failure::Protocol). Each page is asked for again at most maxRetries times, as
/// ChatJob does (RetryPolicy): on 408, 409, 429 (not quota), 5xx, timeouts, connection errors and a page cut off
/// in the middle (nothing of a page is used before it is complete), unless `x-should-retry: false`; never after a
/// TLS failure, a redirect or another 4xx.
///
/// The key is used only for the auth header and overwritten when the job ends; errors never quote it (the
/// provider's own message is quoted with key-looking text masked). Lives in and is used from one thread; the
/// network manager must outlive the job.
class ModelListJob : public Job
{
    Q_OBJECT

public:
    enum class Failure {
        None,
        Refused, ///< not sent: the endpoint is not allowed or the provider is the inspector (Denied/InvalidInput)
        Auth, ///< HTTP 401/403 (Denied)
        NotFound, ///< HTTP 404: the server offers no model list there (NotFound)
        BadRequest, ///< another 4xx, or a redirect (InvalidInput)
        Server, ///< 5xx, 429, 408 or 409 still after the retries (Unavailable)
        Network, ///< no connection, TLS failure, broken connection (Unavailable)
        Protocol, ///< not HTTP, malformed or oversized JSON, or too many pages (InvalidInput)
        Timeout, ///< connect or idle timeout (Timeout)
        Cancelled, ///< abort() (Cancelled)
    };

    static constexpr qsizetype kMaxBodyBytes = 8 * 1024 * 1024;
    static constexpr int kDefaultMaxPages = 20;
    static constexpr int kAnthropicPageSize = 1000;

    /// `apiKey` may be empty (local servers); it is copied for the job's lifetime and overwritten when it ends.
    ModelListJob(QNetworkAccessManager* network, ProviderConfig config, const QByteArray& apiKey,
                 QObject* parent = nullptr);
    ~ModelListJob() override;

    void setConnectTimeoutMs(int milliseconds) { m_connectTimeoutMs = milliseconds; }
    void setIdleTimeoutMs(int milliseconds) { m_idleTimeoutMs = milliseconds; }
    void setMaxPages(int pages) { m_maxPages = pages; }
    void setMaxRetries(int retries) { m_maxRetries = retries; }
    /// Maps a planned retry wait in ms to the one actually waited (tests: 0).
    void setRetryWait(std::function<int(int plannedMs)> wait) { m_retryWait = std::move(wait); }
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void setExtraCaCertificates(const QList<QSslCertificate>& certificates) { m_caCertificates = certificates; }

    /// The model ids, in the provider's order, without duplicates; valid after ok().
    const QStringList& models() const { return m_models; }
    Failure failure() const { return m_failure; }
    int httpStatus() const { return m_status; }
    /// Requests sent (pages fetched or tried, retries included).
    int requests() const { return m_requests; }
    /// The planned wait before each retry, in ms (before retryWait mapped it).
    const QList<int>& retryDelaysMs() const { return m_retryDelaysMs; }

    /// The first page's URL for `config` (after_id empty) or a following one. Fails as chatEndpoint() does.
    static Result<QUrl> endpoint(const ProviderConfig& config, const QString& afterId = {});

protected:
    void run() override;
    void cancel() override;

private:
    void requestPage(const QUrl& url);
    void sendAttempt();
    void onReadyRead();
    void onReplyFinished();
    void onConnectTimeout();
    void failWith(Failure failure, const QString& message);
    void dropReply();
    void releaseKey();
    QString who() const;

    QNetworkAccessManager* m_network;
    ProviderConfig m_config;
    QByteArray m_apiKey;
    QPointer<QNetworkReply> m_reply;
    QTimer m_connectTimer;
    QTimer m_retryTimer;
    QList<QSslCertificate> m_caCertificates;
    std::function<int(int)> m_retryWait;
    std::function<QDateTime()> m_clock;
    QUrl m_pageUrl;
    QList<int> m_retryDelaysMs;
    QByteArray m_body;
    QStringList m_models;
    int m_connectTimeoutMs = 15000;
    int m_idleTimeoutMs = 30000;
    int m_maxPages = kDefaultMaxPages;
    int m_maxRetries = RetryPolicy::kMaxRetries;
    int m_requests = 0;
    int m_pageAttempts = 0;
    int m_status = 0;
    bool m_connectTimedOut = false;
    bool m_tooLarge = false;
    Failure m_failure = Failure::None;
};

} // namespace veil::providers
