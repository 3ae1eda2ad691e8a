#include "providers/ProviderHttp.h"

#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace veil::providers {

void applyProviderRequestRules(QNetworkRequest& request, int idleTimeoutMs,
                               const QList<QSslCertificate>& extraCaCertificates)
{
    request.setTransferTimeout(idleTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (!extraCaCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(extraCaCertificates);
        request.setSslConfiguration(ssl);
    }
}

bool RetryPolicy::retryableStatus(int status)
{
    return status == 408 || status == 409 || status == 429 || status >= 500;
}

std::optional<bool> RetryPolicy::serverSaysRetry(const QNetworkReply& reply)
{
    const QByteArray value = reply.rawHeader("x-should-retry").trimmed().toLower();
    if (value == "true") {
        return true;
    }
    if (value == "false") {
        return false;
    }
    return std::nullopt;
}

std::optional<int> RetryPolicy::serverDelayMs(const QByteArray& retryAfterMs, const QByteArray& retryAfter,
                                              const QDateTime& now)
{
    const auto inRange = [](double ms) -> std::optional<int> {
        if (ms > 0 && ms <= kMaxServerDelayMs) {
            return int(std::lround(ms));
        }
        return std::nullopt;
    };
    bool ok = false;
    if (!retryAfterMs.trimmed().isEmpty()) {
        const double ms = retryAfterMs.trimmed().toDouble(&ok);
        if (ok && std::isfinite(ms)) {
            return inRange(ms);
        }
    }
    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty()) {
        return std::nullopt;
    }
    const double seconds = value.toDouble(&ok);
    if (ok && std::isfinite(seconds)) {
        return inRange(seconds * 1000.0);
    }
    // An HTTP-date (RFC 9110 IMF-fixdate): "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime parsed
        = QLocale::c().toDateTime(QString::fromLatin1(value), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!parsed.isValid()) {
        return std::nullopt;
    }
    const QDateTime date(parsed.date(), parsed.time(), QTimeZone::utc());
    return inRange(double(now.msecsTo(date)));
}

int RetryPolicy::backoffMs(int retry, double random01)
{
    const double seconds = std::min(0.5 * std::pow(2.0, retry), 8.0) * (1.0 - 0.25 * random01);
    return int(std::lround(seconds * 1000.0));
}

int RetryPolicy::plannedDelayMs(const QNetworkReply* reply, int retry, const QDateTime& now)
{
    std::optional<int> server;
    if (reply != nullptr) {
        server = serverDelayMs(reply->rawHeader("retry-after-ms"), reply->rawHeader("retry-after"), now);
    }
    return server.value_or(backoffMs(retry, QRandomGenerator::global()->generateDouble()));
}

} // namespace veil::providers
