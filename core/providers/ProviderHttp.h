#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QSslCertificate>

#include <optional>

class QNetworkReply;
class QNetworkRequest;

namespace veil::providers {

/// The network rules every request to a provider follows (ChatJob, ModelListJob): redirects are not followed
/// (they would carry the key elsewhere), nothing is cached, a gap of more than `idleTimeoutMs` without a byte ends
/// the transfer, and `extraCaCertificates` are trusted beside the system's. TLS errors are never ignored and the
/// system proxy applies through the network manager, so neither needs a setting here.
void applyProviderRequestRules(QNetworkRequest& request, int idleTimeoutMs,
                               const QList<QSslCertificate>& extraCaCertificates);

/// When a request that got no reply body may be sent again, and after how long (openai-python's policy, shared by
/// ChatJob and ModelListJob). Retries happen only before the first byte of a successful body.
class RetryPolicy
{
public:
    static constexpr int kMaxRetries = 2;
    static constexpr int kMaxServerDelayMs = 120 * 1000;

    /// Whether an HTTP status is worth another try: 408, 409, 429 (not an exhausted quota: the caller decides that
    /// from the body) and 5xx.
    static bool retryableStatus(int status);

    /// The server's `x-should-retry` header: true or false when it says so, nothing when it is absent or unclear.
    /// It overrides the status.
    static std::optional<bool> serverSaysRetry(const QNetworkReply& reply);

    /// The wait the server asked for in ms (`retry-after-ms`, then `retry-after` as seconds or HTTP-date relative
    /// to `now`), if it is within (0, 120 s].
    static std::optional<int> serverDelayMs(const QByteArray& retryAfterMs, const QByteArray& retryAfter,
                                            const QDateTime& now);

    /// min(0.5 * 2^retry, 8) * (1 - 0.25 * random01) seconds, in ms; `retry` counts from 0.
    static int backoffMs(int retry, double random01);

    /// The wait before retry number `retry` (from 0): the server's, else the backoff with a random jitter.
    /// `reply` may be null when no HTTP response arrived.
    static int plannedDelayMs(const QNetworkReply* reply, int retry, const QDateTime& now);
};

} // namespace veil::providers
