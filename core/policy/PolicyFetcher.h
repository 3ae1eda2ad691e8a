#pragma once

#include "common/Job.h"

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace veil::policy {

/// One fetch of a policy bundle: `policy.json` and then `policy.json.minisig`, over QtNetwork.
///
/// - Sends If-None-Match with the ETag of the active bundle; a 304 finishes with notModified().
/// - Refuses bodies over 1 MiB (the signature over 4 KiB) while they arrive, never buffering more.
/// - Follows redirects only when they are not less safe (https never goes to http).
/// - TLS errors are never ignored; extra CA certificates (a private CA) can be added; the system proxy
///   applies through the network manager.
/// - Finishes with Error::Code::Unavailable (network, HTTP status), Capacity (too large) or Timeout.
/// Verification is not done here: see BundleVerifier.
class PolicyFetcher : public Job
{
    Q_OBJECT

public:
    PolicyFetcher(QNetworkAccessManager* network, QUrl bundleUrl, QObject* parent = nullptr);

    void setEtag(const QByteArray& etag) { m_etag = etag; }
    void setExtraCaCertificates(const QList<QSslCertificate>& certificates) { m_caCertificates = certificates; }
    /// Per request: no progress for this long ends the fetch with a Timeout error.
    void setTransferTimeoutMs(int milliseconds) { m_timeoutMs = milliseconds; }

    bool notModified() const { return m_notModified; }
    const QByteArray& bundle() const { return m_bundle; }
    const QByteArray& signature() const { return m_signature; }
    const QByteArray& etag() const { return m_newEtag; }

    static constexpr qint64 kMaxBundleBytes = 1 << 20;
    static constexpr qint64 kMaxSignatureBytes = 4096;

protected:
    void run() override;
    void cancel() override;

private:
    QNetworkReply* get(const QUrl& url, bool conditional);
    void onBundleFinished();
    void onSignatureFinished();
    bool checkReply(QNetworkReply* reply, const QUrl& url);

    QNetworkAccessManager* m_network;
    QUrl m_url;
    QByteArray m_etag;
    QList<QSslCertificate> m_caCertificates;
    int m_timeoutMs = 30000;
    QPointer<QNetworkReply> m_reply;
    qint64 m_limit = kMaxBundleBytes;
    bool m_tooLarge = false;
    bool m_notModified = false;
    QByteArray m_bundle;
    QByteArray m_signature;
    QByteArray m_newEtag;
};

} // namespace veil::policy
