#include "veil/PolicyRefresher.h"

#include "policy/PolicyStore.h"
#include "policy/PolicyUpdate.h"

#include <QTimer>

#include <algorithm>
#include <chrono>
#include <limits>

namespace veil::app {

namespace {

policy::PolicyStore storeFor(const PolicyRefresher::Setup& setup)
{
    return setup.cacheDir.isEmpty() ? policy::PolicyStore::atDefaultLocation()
                                    : policy::PolicyStore(setup.cacheDir, setup.stateDir);
}

} // namespace

PolicyRefresher::PolicyRefresher(Setup setup, policy::PolicyEnforcer current, QObject* parent)
    : QObject(parent)
    , m_setup(std::move(setup))
    , m_enforcer(std::move(current))
    , m_schedule(m_setup.random, m_setup.clock)
    , m_timer(new QTimer(this))
{
    if (!m_setup.clock) {
        m_setup.clock = [] {
            return QDateTime::currentDateTimeUtc();
        };
    }
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::VeryCoarseTimer);
    connect(m_timer, &QTimer::timeout, this, &PolicyRefresher::pollNow);
    // The active bundle's bounds, when there is one.
    if (auto active = storeFor(m_setup).active(); active && active.value()) {
        m_schedule.setBounds(std::chrono::seconds(active.value()->bundle.pollMinSeconds),
                             std::chrono::seconds(active.value()->bundle.pollMaxSeconds));
    }
}

PolicyRefresher::~PolicyRefresher()
{
    if (m_update) {
        m_update->disconnect(this);
        m_update->abort();
    }
}

void PolicyRefresher::start()
{
    scheduleNext(m_schedule.initial());
}

int PolicyRefresher::remainingMs() const
{
    return m_timer->isActive() ? m_timer->remainingTime() : -1;
}

void PolicyRefresher::scheduleNext(policy::PollSchedule::Seconds delay)
{
    // QTimer counts in int milliseconds: 24 h fits easily, but keep the conversion checked.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(delay).count();
    m_timer->start(int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
}

void PolicyRefresher::pollNow()
{
    if (m_update) {
        return;
    }
    m_timer->stop();
    auto* update = new policy::PolicyUpdate(m_setup.config, storeFor(m_setup), m_setup.network, this);
    update->setClock(m_setup.clock);
    update->setExtraCaCertificates(m_setup.caCertificates);
    update->setAuditSpool(m_setup.auditSpoolPath);
    m_update = update;
    connect(update, &Job::finished, this, [this, update] { onFinished(update); });
    update->start();
}

void PolicyRefresher::onFinished(policy::PolicyUpdate* update)
{
    update->deleteLater();
    m_update = nullptr;
    m_lastPollAt = m_setup.clock();
    if (!m_setup.auditSpoolPath.isEmpty() && (update->activated() || update->refused())) {
        Q_EMIT auditQueued();
    }
    if (update->ok()) {
        m_lastError.clear();
        m_lastRefused = false;
        if (auto active = storeFor(m_setup).active(); active && active.value()) {
            m_schedule.setBounds(std::chrono::seconds(active.value()->bundle.pollMinSeconds),
                                 std::chrono::seconds(active.value()->bundle.pollMaxSeconds));
        }
        scheduleNext(m_schedule.succeeded());
    } else {
        m_lastError = update->error().message;
        m_lastRefused = update->refused();
        scheduleNext(m_schedule.failed());
    }
    reevaluate();
    Q_EMIT statusChanged();
}

void PolicyRefresher::reevaluate()
{
    auto active = storeFor(m_setup).active();
    if (!active) {
        // A damaged cache is never trusted, nor is it a reason to drop the policy in force in this session.
        m_lastError = active.error().message;
        return;
    }
    policy::PolicyEnforcer next
        = policy::PolicyEnforcer::evaluate(m_setup.config, active.value(), m_setup.clock(), m_setup.appVersion);
    const bool changed = next.mode() != m_enforcer.mode() || next.version() != m_enforcer.version();
    m_enforcer = std::move(next);
    if (changed) {
        Q_EMIT policyChanged(m_enforcer);
    }
}

} // namespace veil::app
