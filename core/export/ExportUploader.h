#pragma once

#include "common/Job.h"

#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QFile;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace veil::exports {

/// Uploads a finished export with one HTTP PUT (a WebDAV folder, or an S3 pre-signed URL), as a Job.
///
/// - https only; plain http only to a loopback address. TLS errors are never ignored; extra CA certificates
///   (a private CA) can be added. Redirects are not followed (a PUT body is not replayed elsewhere).
/// - The file is streamed from disk (QFile as the upload device, Content-Length from its size), never loaded
///   into memory.
/// - Retries with bounded exponential backoff (1 s, 2 s, 4 s, ... at most 30 s; setRetryWait() replaces it),
///   at most maxAttempts() in all, and only after network errors, HTTP 5xx and 429.
/// - Success is HTTP 200, 201 or 204. Failure is Error::Code::Unavailable (network, HTTP status), Denied
///   (TLS, URL refused) or InvalidInput; the local file is never touched.
/// Messages name the URL without its query and user info (a pre-signed URL's query is a credential).
class ExportUploader : public Job
{
    Q_OBJECT

public:
    ExportUploader(QNetworkAccessManager* network, QString filePath, QUrl url, QObject* parent = nullptr);
    ~ExportUploader() override;

    void setExtraCaCertificates(const QList<QSslCertificate>& certificates) { m_caCertificates = certificates; }
    void setMaxAttempts(int attempts) { m_maxAttempts = attempts; }
    int maxAttempts() const { return m_maxAttempts; }
    /// Milliseconds to wait before attempt `attempt` (2, 3, ...).
    void setRetryWait(std::function<int(int attempt)> wait) { m_retryWait = std::move(wait); }
    /// Per attempt: no progress for this long counts as a network error.
    void setTransferTimeoutMs(int milliseconds) { m_timeoutMs = milliseconds; }

    int attempts() const { return m_attempt; }
    int httpStatus() const { return m_status; }

    /// The URL for messages: no user info, no query.
    static QString displayUrl(const QUrl& url);
    /// Whether an export may be uploaded to `url`: https, or http to loopback.
    static bool isAllowedUrl(const QUrl& url);

Q_SIGNALS:
    void uploadProgress(qint64 sent, qint64 total);

protected:
    void run() override;
    void cancel() override;

private:
    void attempt();
    void onFinished();

    QNetworkAccessManager* m_network;
    QString m_path;
    QUrl m_url;
    QList<QSslCertificate> m_caCertificates;
    int m_maxAttempts = 4;
    int m_timeoutMs = 60000;
    std::function<int(int)> m_retryWait;
    int m_attempt = 0;
    int m_status = 0;
    std::unique_ptr<QFile> m_file;
    QPointer<QNetworkReply> m_reply;
    QPointer<QTimer> m_timer;
};

} // namespace veil::exports
