#pragma once

#include "common/Job.h"
#include "policy/ManagedConfig.h"
#include "policy/PolicyAuditSpool.h"
#include "policy/PolicyStore.h"

#include <QPointer>
#include <QSslCertificate>

#include <functional>

class QNetworkAccessManager;

namespace veil::policy {

class PolicyFetcher;

/// One policy cycle: fetch the bundle from the managed policy_url (conditional on the active ETag), verify it
/// (signature, trusted comment, high-water mark, expiry), check that its redaction rules compile and pass their
/// examples against the built-in catalogue, then activate it atomically. Any failure keeps the active bundle.
///
/// Outcome when ok(): activated() (a new version is in force) or unchanged (304, or the same bytes).
/// Errors: Unavailable/Timeout/Capacity (the server could not be used), Denied/InvalidInput (the bundle was
/// refused), NotFound (no policy_url: unmanaged).
///
/// With an audit spool, every activation (org, version, key id, source host) and every refusal (reason code,
/// version when a trusted key vouched for it, the sentence) is queued there for the audit log; the caller
/// flushes it into the history when that is open (PolicyAuditSpool). A spool that cannot be written does not
/// undo the outcome: auditStatus() says so.
class PolicyUpdate : public Job
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;

    PolicyUpdate(ManagedConfig config, PolicyStore store, QNetworkAccessManager* network, QObject* parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setExtraCaCertificates(const QList<QSslCertificate>& certificates) { m_ca = certificates; }
    void setTransferTimeoutMs(int milliseconds) { m_timeoutMs = milliseconds; }
    void setAuditSpool(const QString& path) { m_spoolPath = path; }

    bool activated() const { return m_activated; }
    qint64 version() const { return m_version; }
    /// True when the refusal came from verification (the server answered, the bundle was not acceptable).
    bool refused() const { return m_refused; }
    /// The refusal's reason code (see Refusal), when refused().
    const QString& refusalCode() const { return m_refusal.code; }
    /// Whether the audit event reached the spool (ok when there is no spool or nothing to record).
    const Status& auditStatus() const { return m_auditStatus; }

protected:
    void run() override;
    void cancel() override;

private:
    void onFetched();
    void refuse(const Error& error);
    void record(PolicyAuditEvent event);

    ManagedConfig m_config;
    PolicyStore m_store;
    QNetworkAccessManager* m_network;
    Clock m_clock = [] {
        return QDateTime::currentDateTimeUtc();
    };
    QList<QSslCertificate> m_ca;
    int m_timeoutMs = 30000;
    QPointer<PolicyFetcher> m_fetcher;
    bool m_activated = false;
    bool m_refused = false;
    qint64 m_version = 0;
    QString m_spoolPath;
    Refusal m_refusal;
    Status m_auditStatus;
};

/// Checks that a bundle's redaction section compiles against the built-in catalogue and that its rules pass
/// their own examples. Used before activation and by `policy lint`.
Status checkBundleRedaction(const PolicyBundle& bundle);

} // namespace veil::policy
