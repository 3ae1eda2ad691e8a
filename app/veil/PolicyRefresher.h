#pragma once

#include "policy/ManagedConfig.h"
#include "policy/PolicyEnforcer.h"
#include "policy/PolicyUpdate.h"
#include "policy/PollSchedule.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>

class QNetworkAccessManager;
class QTimer;

namespace veil::app {

/// Keeps the organization's policy current while the window is open: a policy::PolicyUpdate job (asynchronous
/// network I/O, never blocking the GUI thread) runs whenever policy::PollSchedule says so, from a single-shot
/// QTimer: soon after start, then at a jittered delay within the active bundle's polling bounds, and with
/// exponential backoff after a failure or a refused bundle. A 304 keeps the active bundle.
///
/// After every poll the policy is evaluated again (PolicyEnforcer::evaluate, also catching an expiry);
/// policyChanged() follows when the bundle version or the mode changed, statusChanged() always. Activations and
/// refusals are queued in the policy audit spool (auditQueued() follows) for the history's audit log.
/// Only for a managed installation with a policy_url. Used from the GUI thread.
class PolicyRefresher : public QObject
{
    Q_OBJECT

public:
    struct Setup
    {
        policy::ManagedConfig config;
        QString cacheDir; ///< the policy store's folders; empty: PolicyStore::atDefaultLocation()
        QString stateDir;
        QNetworkAccessManager* network = nullptr; ///< must outlive the refresher
        QList<QSslCertificate> caCertificates; ///< a private CA for the policy server
        QString auditSpoolPath; ///< PolicyAuditSpool file; empty: nothing is audited
        QString appVersion;
        policy::PollSchedule::Random random; ///< none: the system's
        policy::PollSchedule::Clock clock; ///< none: the UTC wall clock
    };

    PolicyRefresher(Setup setup, policy::PolicyEnforcer current, QObject* parent = nullptr);
    ~PolicyRefresher() override;

    /// Schedules the first poll (PollSchedule::initial()).
    void start();
    /// Polls now, unless a poll is already running; the schedule continues from its result.
    void pollNow();
    bool isPolling() const { return m_update != nullptr; }

    const policy::PolicyEnforcer& enforcer() const { return m_enforcer; }
    /// Whether the last poll failed (server unusable or bundle refused); the previous policy stays in force.
    bool lastPollFailed() const { return !m_lastError.isEmpty(); }
    /// The last poll's failure, one sentence (empty when it worked).
    const QString& lastError() const { return m_lastError; }
    /// Whether the last failure was a refused bundle (rather than an unreachable server).
    bool lastPollRefused() const { return m_lastRefused; }
    const QDateTime& lastPollAt() const { return m_lastPollAt; }
    const policy::PollSchedule& schedule() const { return m_schedule; }
    /// Milliseconds until the next poll; -1 while one runs or before start().
    int remainingMs() const;

Q_SIGNALS:
    /// Another bundle (or mode: expired, update required) is in force.
    void policyChanged(const veil::policy::PolicyEnforcer& enforcer);
    /// A poll ended (see lastPollFailed()).
    void statusChanged();
    /// An activation or refusal was queued for the audit log.
    void auditQueued();

private:
    void onFinished(policy::PolicyUpdate* update);
    void scheduleNext(policy::PollSchedule::Seconds delay);
    void reevaluate();

    Setup m_setup;
    policy::PolicyEnforcer m_enforcer;
    policy::PollSchedule m_schedule;
    QTimer* m_timer = nullptr;
    QPointer<policy::PolicyUpdate> m_update;
    QString m_lastError;
    bool m_lastRefused = false;
    QDateTime m_lastPollAt;
};

} // namespace veil::app
