#include "policy/PolicyUpdate.h"

#include "policy/PolicyFetcher.h"
#include "redaction/BuiltinRules.h"
#include "redaction/PolicyRules.h"
#include "redaction/RedactionEngine.h"

#include <QtConcurrent/QtConcurrentRun>

#include <optional>

namespace veil::policy {

Status checkBundleRedaction(const PolicyBundle& bundle)
{
    using namespace veil::redaction;
    auto catalogue = BuiltinRules::load();
    if (!catalogue) {
        return catalogue.error();
    }
    const QString origin = QStringLiteral("policy v%1").arg(bundle.version);
    const Status applied
        = PolicyRules::apply(*catalogue.value(), bundle.json.value(QStringLiteral("redaction")).toObject(), origin);
    if (!applied) {
        return applied;
    }
    auto engine = RedactionEngine::create(catalogue.value());
    if (!engine) {
        return engine.error();
    }
    const std::string policyOrigin = origin.toStdString();
    const auto failures = engine.value()->checkExamples([&](const Rule& rule) { return rule.origin == policyOrigin; });
    if (!failures.empty()) {
        return Status::failure(Error::Code::InvalidInput,
                               QStringLiteral("The bundle's rule \"%1\" fails its own examples: %2.")
                                   .arg(QString::fromStdString(failures.front().rule->id), failures.front().problem));
    }
    return {};
}

PolicyUpdate::PolicyUpdate(ManagedConfig config, PolicyStore store, QNetworkAccessManager* network, QObject* parent)
    : Job(parent)
    , m_config(std::move(config))
    , m_store(std::move(store))
    , m_network(network)
{
}

void PolicyUpdate::run()
{
    if (!m_config.managed || m_config.policyUrl.isEmpty()) {
        fail(Error{Error::Code::NotFound,
                   tr("This installation is not managed: there is no policy_url to fetch from.")});
        return;
    }
    m_fetcher = new PolicyFetcher(m_network, m_config.policyUrl, this);
    auto active = m_store.active();
    if (active && active.value() && active.value()->info.source == m_config.policyUrl) {
        m_fetcher->setEtag(active.value()->info.etag); // an ETag only means something for the URL it came from
    }
    m_fetcher->setExtraCaCertificates(m_ca);
    m_fetcher->setTransferTimeoutMs(m_timeoutMs);
    connect(m_fetcher, &Job::finished, this, &PolicyUpdate::onFetched);
    m_fetcher->start();
}

void PolicyUpdate::cancel()
{
    if (m_fetcher) {
        m_fetcher->disconnect(this);
        m_fetcher->abort();
    }
}

namespace {

/// What the worker decided about a fetched bundle.
struct Decision
{
    std::optional<Error> error; ///< refused (see refused) or the store failed
    bool refused = false;
    Refusal refusal;
    bool activated = false;
    qint64 version = 0;
    QString orgId;
    QString keyIdHex;
};

/// Verifies, checks the redaction rules (compiling the catalogue) and activates: CPU work and fsyncs, so it runs
/// on a worker thread with copies of everything it needs.
Decision decide(const ManagedConfig& config, PolicyStore store, const QByteArray& bundle, const QByteArray& signature,
                const QByteArray& etag, const QDateTime& now)
{
    Decision decision;
    auto verdict = BundleVerifier::verify(bundle, signature, config, store.highWaterMark(), now, &decision.refusal);
    if (!verdict) {
        decision.refused = true;
        decision.error = verdict.error();
        return decision;
    }
    decision.version = verdict.value().bundle.version;
    decision.orgId = verdict.value().bundle.orgId;
    decision.keyIdHex = verdict.value().keyIdHex;
    if (verdict.value().kind == Verdict::Kind::Unchanged) {
        static_cast<void>(store.touch(now)); // only the "checked at" time; the active bundle stays
        return decision;
    }
    if (Status redaction = checkBundleRedaction(verdict.value().bundle); !redaction) {
        decision.refused = true;
        decision.refusal = Refusal{QStringLiteral("redaction_rules"), decision.version};
        decision.error = redaction.error();
        return decision;
    }
    const ActiveBundleInfo info{etag, config.policyUrl, verdict.value().keyIdHex, now, now};
    if (Status stored = store.activate(verdict.value(), signature, info); !stored) {
        decision.error = stored.error();
        return decision;
    }
    decision.activated = true;
    return decision;
}

} // namespace

void PolicyUpdate::onFetched()
{
    PolicyFetcher* fetcher = m_fetcher;
    fetcher->deleteLater();
    if (!fetcher->ok()) {
        fail(fetcher->error());
        return;
    }
    const QDateTime now = m_clock();
    if (fetcher->notModified()) {
        static_cast<void>(m_store.touch(now)); // only the "checked at" time; the active bundle stays
        succeed();
        return;
    }
    // Off this thread (the GUI's, in the window): compiling the rules and flushing files to disk take a while.
    QtConcurrent::run(decide, m_config, m_store, fetcher->bundle(), fetcher->signature(), fetcher->etag(), now)
        .then(this, [this, now](const Decision& decision) {
            if (isFinished()) {
                return; // aborted meanwhile
            }
            m_version = decision.version;
            if (decision.refused) {
                m_refusal = decision.refusal;
                refuse(*decision.error);
                return;
            }
            if (decision.error) {
                fail(*decision.error);
                return;
            }
            if (decision.activated) {
                m_activated = true;
                PolicyAuditEvent event;
                event.kind = PolicyAuditEvent::Kind::Activated;
                event.at = now.toMSecsSinceEpoch();
                event.orgId = decision.orgId;
                event.bundleVersion = decision.version;
                event.keyId = decision.keyIdHex;
                event.sourceHost = m_config.policyUrl.host();
                record(std::move(event));
            }
            succeed();
        });
}

void PolicyUpdate::refuse(const Error& error)
{
    m_refused = true;
    m_version = m_refusal.version;
    PolicyAuditEvent event;
    event.kind = PolicyAuditEvent::Kind::Refused;
    event.at = m_clock().toMSecsSinceEpoch();
    event.orgId = m_config.orgId;
    event.bundleVersion = m_refusal.version;
    event.reasonCode = m_refusal.code;
    event.reason = error.message;
    record(std::move(event));
    fail(error);
}

void PolicyUpdate::record(PolicyAuditEvent event)
{
    if (m_spoolPath.isEmpty()) {
        return;
    }
    m_auditStatus = PolicyAuditSpool(m_spoolPath).append(event);
}

} // namespace veil::policy
