#include "policy/PolicyFetcher.h"
#include "common/Logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace veil::policy {

PolicyFetcher::PolicyFetcher(QNetworkAccessManager* network, QUrl bundleUrl, QObject* parent)
    : Job(parent)
    , m_network(network)
    , m_url(std::move(bundleUrl))
{
}

QNetworkReply* PolicyFetcher::get(const QUrl& url, bool conditional)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(5);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Veil policy client"));
    if (conditional && !m_etag.isEmpty()) {
        request.setRawHeader("If-None-Match", m_etag);
    }
    if (!m_caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_caCertificates);
        request.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = m_network->get(request);
    m_tooLarge = false;
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (reply->bytesAvailable() > m_limit) {
            m_tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        if (received > m_limit || total > m_limit) {
            m_tooLarge = true;
            reply->abort();
        }
    });
    return reply;
}

void PolicyFetcher::run()
{
    if (m_url.scheme() != QLatin1String("https") && m_url.scheme() != QLatin1String("http")) {
        fail(Error{Error::Code::InvalidInput, tr("The policy URL must use https.")});
        return;
    }
    m_limit = kMaxBundleBytes;
    qCDebug(lcPolicy) << "fetching the policy bundle from" << m_url.host();
    m_reply = get(m_url, true);
    connect(m_reply, &QNetworkReply::finished, this, &PolicyFetcher::onBundleFinished);
}

void PolicyFetcher::cancel()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

bool PolicyFetcher::checkReply(QNetworkReply* reply, const QUrl& url)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    qCDebug(lcPolicy) << "policy server answered HTTP status" << status << "network error" << int(reply->error());
    if (m_tooLarge) {
        fail(Error{Error::Code::Capacity,
                   tr("%1 is larger than %2 bytes and was not read.").arg(url.toDisplayString()).arg(m_limit)});
        return false;
    }
    switch (reply->error()) {
    case QNetworkReply::NoError:
        break;
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        fail(Error{Error::Code::Timeout, tr("%1 did not answer in time.").arg(url.toDisplayString())});
        return false;
    case QNetworkReply::InsecureRedirectError:
        fail(Error{Error::Code::Denied,
                   tr("%1 redirected to plain http, which is refused.").arg(url.toDisplayString())});
        return false;
    case QNetworkReply::SslHandshakeFailedError:
        fail(Error{Error::Code::Unavailable,
                   tr("The TLS certificate of %1 is not trusted: %2.").arg(url.host(), reply->errorString())});
        return false;
    default:
        if (status >= 400) {
            fail(Error{Error::Code::Unavailable, tr("%1 answered HTTP %2.").arg(url.toDisplayString()).arg(status)});
        } else {
            fail(Error{Error::Code::Unavailable,
                       tr("%1 cannot be reached: %2.").arg(url.toDisplayString(), reply->errorString())});
        }
        return false;
    }
    return true;
}

void PolicyFetcher::onBundleFinished()
{
    QNetworkReply* reply = m_reply;
    reply->deleteLater();
    if (!checkReply(reply, m_url)) {
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 304) {
        m_notModified = true;
        m_newEtag = m_etag;
        succeed();
        return;
    }
    if (status != 200) {
        fail(Error{Error::Code::Unavailable, tr("%1 answered HTTP %2.").arg(m_url.toDisplayString()).arg(status)});
        return;
    }
    m_bundle = reply->readAll();
    if (m_bundle.size() > kMaxBundleBytes) {
        fail(
            Error{Error::Code::Capacity, tr("%1 is larger than 1 MiB and was not read.").arg(m_url.toDisplayString())});
        return;
    }
    m_newEtag = reply->rawHeader("ETag");
    QUrl signatureUrl = reply->url();
    signatureUrl.setPath(signatureUrl.path() + QStringLiteral(".minisig"));
    m_limit = kMaxSignatureBytes;
    m_reply = get(signatureUrl, false);
    connect(m_reply, &QNetworkReply::finished, this, &PolicyFetcher::onSignatureFinished);
}

void PolicyFetcher::onSignatureFinished()
{
    QNetworkReply* reply = m_reply;
    reply->deleteLater();
    if (!checkReply(reply, reply->request().url())) {
        return;
    }
    m_signature = reply->readAll();
    succeed();
}

} // namespace veil::policy
