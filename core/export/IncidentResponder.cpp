#include "export/IncidentResponder.h"

#include "audit/AuditLog.h"
#include "history/Database.h"
#include "policy/PolicyEnforcer.h"

#include <QDateTime>
#include <QFileInfo>

namespace veil::exports {
namespace {

QString uploadFailureReason(const Error& error, int httpStatus)
{
    switch (error.code) {
    case Error::Code::Cancelled:
        return QStringLiteral("cancelled");
    case Error::Code::Denied:
        return QStringLiteral("refused");
    case Error::Code::Unavailable:
    case Error::Code::Timeout:
        return httpStatus > 0 ? QStringLiteral("http") : QStringLiteral("network");
    default:
        return QStringLiteral("other");
    }
}

} // namespace

Result<std::optional<policy::IncidentRequest>> IncidentResponder::pending(const policy::PolicyEnforcer& enforcer,
                                                                          const IncidentLedger& ledger)
{
    const std::optional<policy::IncidentRequest> incident = enforcer.incident();
    if (!incident) {
        return std::optional<policy::IncidentRequest>();
    }
    auto handled = ledger.find(enforcer.orgId(), incident->id);
    if (!handled) {
        return handled.error();
    }
    return handled.value() ? std::optional<policy::IncidentRequest>() : incident;
}

Result<Exporter::Options> IncidentResponder::prepare(const policy::PolicyEnforcer& enforcer,
                                                     const policy::IncidentRequest& incident, int64_t nowMs)
{
    Exporter::Options options;
    options.since = incident.since.toMSecsSinceEpoch();
    options.until = incident.until.isValid() ? incident.until.toMSecsSinceEpoch() : nowMs + 1;
    if (options.until <= options.since) {
        return Error{
            Error::Code::InvalidInput,
            QStringLiteral("The incident %1 starts in the future; there is nothing to export yet.").arg(incident.id)};
    }
    options.formats = enforcer.exportFormats();
    if (options.formats.isEmpty()) {
        return Error{Error::Code::Denied, QStringLiteral("The organization's policy allows no export format.")};
    }
    options.recipients.clear();
    for (const QString& text : incident.recipients + enforcer.exportRecipients()) {
        auto parsed = AgeRecipient::parse(text.toUtf8());
        if (!parsed) {
            return Error{Error::Code::InvalidInput,
                         QStringLiteral("The organization's policy names an incident recipient that is not a valid "
                                        "age recipient.")};
        }
        if (!options.recipients.contains(parsed.value())) {
            options.recipients << parsed.value();
        }
    }
    if (options.recipients.isEmpty()) {
        return Error{
            Error::Code::InvalidInput,
            QStringLiteral("The incident %1 names no age recipient to encrypt the export to.").arg(incident.id)};
    }
    if (const Status allowed = enforcer.checkExport(options.formats, true); !allowed) {
        return allowed.error();
    }
    options.policyVersion = enforcer.version();
    options.incidentId = incident.id;
    return options;
}

QUrl IncidentResponder::uploadUrl(const QUrl& base, const QString& fileName)
{
    QUrl url = base;
    if (url.path().endsWith(QLatin1Char('/'))) {
        url.setPath(url.path() + fileName);
    }
    return url;
}

QString IncidentResponder::fileName(const QString& incidentId, const QString& device, int64_t nowMs)
{
    QString name = incidentId + QLatin1Char('-') + device + QLatin1Char('-')
        + QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    for (QChar& c : name) {
        const bool safe = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-');
        if (!safe) {
            c = QLatin1Char('_');
        }
    }
    if (name.startsWith(QLatin1Char('.'))) {
        name[0] = QLatin1Char('_');
    }
    return name + QStringLiteral(".tar.age");
}

IncidentResponder::IncidentResponder(std::unique_ptr<history::Database> db,
                                     std::shared_ptr<const redaction::RedactionEngine> engine, Request request,
                                     IncidentLedger ledger, QNetworkAccessManager* network, QObject* parent)
    : Job(parent)
    , m_db(std::move(db))
    , m_engine(std::move(engine))
    , m_request(std::move(request))
    , m_ledger(std::move(ledger))
    , m_network(network)
{
    m_request.exportOptions.incidentId = m_request.incident.id;
    m_target = uploadUrl(m_request.incident.uploadUrl,
                         m_request.uploadFileName.isEmpty() ? QFileInfo(m_request.exportOptions.outPath).fileName()
                                                            : m_request.uploadFileName);
}

IncidentResponder::~IncidentResponder() = default;

void IncidentResponder::run()
{
    if (m_request.exportOptions.recipients.isEmpty()) {
        fail(Error{Error::Code::InvalidInput,
                   QStringLiteral("An incident export is always encrypted; it names no "
                                  "recipient.")});
        return;
    }
    if (!ExportUploader::isAllowedUrl(m_target) || m_target.scheme() != QLatin1String("https")) {
        fail(Error{Error::Code::InvalidInput, QStringLiteral("The incident's upload URL must use https.")});
        return;
    }
    m_stage = Stage::Exporting;
    m_exporter = std::make_unique<Exporter>(std::move(m_db), m_engine, m_request.exportOptions);
    connect(m_exporter.get(), &Exporter::progress, this, &IncidentResponder::exportProgress);
    connect(m_exporter.get(), &Job::finished, this, &IncidentResponder::onExported);
    m_exporter->start();
}

void IncidentResponder::cancel()
{
    if (m_uploader && m_uploader->isRunning()) {
        m_uploader->abort();
    } else if (m_exporter && !m_exporter->isFinished()) {
        m_exporter->abort();
    }
}

void IncidentResponder::onExported()
{
    if (!m_exporter->ok()) {
        fail(m_exporter->error());
        return;
    }
    m_db = m_exporter->takeDatabase();
    m_exported = true;
    m_summary = m_exporter->summary();
    if (!m_db) {
        fail(
            Error{Error::Code::Internal, QStringLiteral("The history database was not handed back after the export.")});
        return;
    }
    if (isFinished()) {
        return;
    }
    m_stage = Stage::Uploading;
    m_uploader = std::make_unique<ExportUploader>(m_network, m_summary.path, m_target);
    m_uploader->setExtraCaCertificates(m_caCertificates);
    if (m_retryWait) {
        m_uploader->setRetryWait(m_retryWait);
    }
    if (m_maxAttempts > 0) {
        m_uploader->setMaxAttempts(m_maxAttempts);
    }
    connect(m_uploader.get(), &ExportUploader::uploadProgress, this, &IncidentResponder::uploadProgress);
    connect(m_uploader.get(), &Job::finished, this, &IncidentResponder::onUploaded);
    Q_EMIT uploadStarted();
    m_uploader->start();
}

void IncidentResponder::onUploaded()
{
    audit::ExportUpload entry;
    entry.host = m_target.host();
    entry.fileSha256 = QString::fromLatin1(m_summary.sha256);
    entry.bytes = m_summary.bytes;
    entry.attempts = m_uploader->attempts();
    entry.httpStatus = m_uploader->httpStatus();
    entry.incidentId = m_request.incident.id;
    audit::AuditLog audit(*m_db);
    if (!m_uploader->ok()) {
        entry.reason = uploadFailureReason(m_uploader->error(), m_uploader->httpStatus());
        const Status recorded = audit.uploadFailed(entry);
        fail(Error{m_uploader->error().code,
                   QStringLiteral("The upload of the incident export failed: %1 The export is kept at %2.%3")
                       .arg(m_uploader->error().message, m_summary.path,
                            recorded ? QString()
                                     : QStringLiteral(" (The failure cannot be recorded in the audit log: %1)")
                                           .arg(recorded.error().message))});
        return;
    }
    if (const Status recorded = audit.uploadDone(entry); !recorded) {
        fail(Error{recorded.error().code,
                   QStringLiteral("The incident export was uploaded, but cannot be recorded in the audit log (%1); "
                                  "it will be offered again.")
                       .arg(recorded.error().message)});
        return;
    }
    IncidentLedger::Entry handled;
    handled.orgId = m_request.orgId;
    handled.id = m_request.incident.id;
    handled.at = QDateTime::currentMSecsSinceEpoch();
    handled.host = m_target.host();
    handled.fileSha256 = entry.fileSha256;
    if (const Status recorded = m_ledger.record(handled); !recorded) {
        fail(Error{recorded.error().code,
                   QStringLiteral("The incident export was uploaded, but cannot be recorded as done (%1); it will be "
                                  "offered again.")
                       .arg(recorded.error().message)});
        return;
    }
    succeed();
}

} // namespace veil::exports
