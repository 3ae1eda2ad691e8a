#include "export/ExportUploader.h"

#include "providers/ProviderConfig.h"

#include <QFile>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QTimer>

#include <algorithm>

namespace veil::exports {
namespace {

bool retryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

} // namespace

ExportUploader::ExportUploader(QNetworkAccessManager* network, QString filePath, QUrl url, QObject* parent)
    : Job(parent)
    , m_network(network)
    , m_path(std::move(filePath))
    , m_url(std::move(url))
{
}

ExportUploader::~ExportUploader()
{
    cancel();
}

QString ExportUploader::displayUrl(const QUrl& url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

bool ExportUploader::isAllowedUrl(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty()) {
        return false;
    }
    if (url.scheme() == QLatin1String("https")) {
        return true;
    }
    return url.scheme() == QLatin1String("http") && providers::isLoopbackHost(url.host());
}

void ExportUploader::run()
{
    if (!isAllowedUrl(m_url)) {
        fail(Error{Error::Code::Denied,
                   tr("The upload URL must use https (plain http only to this machine): %1").arg(displayUrl(m_url))});
        return;
    }
    attempt();
}

void ExportUploader::cancel()
{
    if (m_timer) {
        m_timer->stop();
        m_timer->deleteLater();
    }
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ExportUploader::attempt()
{
    ++m_attempt;
    m_file = std::make_unique<QFile>(m_path);
    if (!m_file->open(QIODevice::ReadOnly)) {
        fail(Error{Error::Code::NotFound, tr("The export %1 cannot be read: %2.").arg(m_path, m_file->errorString())});
        return;
    }
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    request.setHeader(QNetworkRequest::ContentLengthHeader, m_file->size());
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("Veil export"));
    if (!m_caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_caCertificates);
        request.setSslConfiguration(ssl);
    }
    m_reply = m_network->put(request, m_file.get());
    connect(m_reply, &QNetworkReply::uploadProgress, this, &ExportUploader::uploadProgress);
    connect(m_reply, &QNetworkReply::finished, this, &ExportUploader::onFinished);
}

void ExportUploader::onFinished()
{
    QNetworkReply* reply = m_reply;
    reply->deleteLater();
    m_reply = nullptr;
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError error = reply->error();
    m_file.reset();

    if (error == QNetworkReply::NoError && (m_status == 200 || m_status == 201 || m_status == 204)) {
        succeed();
        return;
    }
    const bool retryable = m_status >= 500 || m_status == 429 || (m_status == 0 && retryableNetworkError(error));
    if (retryable && m_attempt < m_maxAttempts) {
        const int wait = m_retryWait ? m_retryWait(m_attempt + 1) : std::min(30000, 1000 << std::min(m_attempt - 1, 5));
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] {
            m_timer->deleteLater();
            attempt();
        });
        m_timer->start(std::max(0, wait));
        return;
    }
    const QString where = displayUrl(m_url);
    if (error == QNetworkReply::SslHandshakeFailedError) {
        fail(Error{Error::Code::Denied, tr("The TLS certificate of %1 is not trusted.").arg(m_url.host())});
    } else if (m_status != 0) {
        fail(Error{Error::Code::Unavailable,
                   tr("%1 answered HTTP %2 after %3 attempt(s).").arg(where).arg(m_status).arg(m_attempt)});
    } else {
        // Not errorString(): Qt puts the whole URL, query included, into it.
        const char* name = QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(error);
        fail(Error{Error::Code::Unavailable,
                   tr("%1 cannot be reached after %2 attempt(s) (%3).")
                       .arg(where)
                       .arg(m_attempt)
                       .arg(QLatin1String(name ? name : "network error"))});
    }
}

} // namespace veil::exports
