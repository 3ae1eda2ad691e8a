#include "policy/PolicyUpdate.h"

#include "policy/PolicyFetcher.h"
#include "redaction/BuiltinRules.h"
#include "redaction/PolicyRules.h"
#include "redaction/RedactionEngine.h"

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
    auto verdict
        = BundleVerifier::verify(fetcher->bundle(), fetcher->signature(), m_config, m_store.highWaterMark(), now);
    if (!verdict) {
        m_refused = true;
        fail(verdict.error());
        return;
    }
    m_version = verdict.value().bundle.version;
    if (verdict.value().kind == Verdict::Kind::Unchanged) {
        static_cast<void>(m_store.touch(now)); // only the "checked at" time; the active bundle stays
        succeed();
        return;
    }
    if (Status redaction = checkBundleRedaction(verdict.value().bundle); !redaction) {
        m_refused = true;
        fail(redaction.error());
        return;
    }
    const ActiveBundleInfo info{fetcher->etag(), m_config.policyUrl, verdict.value().keyIdHex, now, now};
    if (Status stored = m_store.activate(verdict.value(), fetcher->signature(), info); !stored) {
        fail(stored.error());
        return;
    }
    m_activated = true;
    succeed();
}

} // namespace veil::policy
