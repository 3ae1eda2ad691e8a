#pragma once

#include "common/Job.h"
#include "export/ExportUploader.h"
#include "export/Exporter.h"
#include "export/IncidentLedger.h"
#include "policy/PolicyBundle.h"

#include <QList>
#include <QSslCertificate>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace veil::policy {
class PolicyEnforcer;
}

namespace veil::exports {

/// Answers an organization's incident request (the policy's `incident` section, policy::IncidentRequest), as a
/// Job: runs the Exporter over the request's range, encrypted to its recipients, then the ExportUploader to its
/// upload URL, and records the incident id in the IncidentLedger only once the upload succeeded, so that each
/// incident is answered once and a failed attempt is offered again.
///
/// Whether to run it is the caller's question: pending() says whether there is an incident to answer; the
/// user's consent (or the policy's `automatic`) is the front end's. The audit log gets export_made (with the
/// incident id; the Exporter writes it) and then upload_done or upload_failed (host, attempts, HTTP status,
/// hash; never the URL's path or query).
///
/// The local export file is kept after the upload, and after a failed upload (summary() says where). abort()
/// cancels either stage: while exporting, no file is left; while uploading, the local file stays and the
/// upload is recorded as failed (cancelled). finished() fires once, after the audit entry and the ledger.
class IncidentResponder : public Job
{
    Q_OBJECT

public:
    enum class Stage { Exporting, Uploading };

    struct Request
    {
        policy::IncidentRequest incident;
        QString orgId;
        Exporter::Options exportOptions; ///< from prepare(), with outPath and the descriptive fields set
        QString uploadFileName; ///< appended to an upload_url that names a folder; empty: outPath's file name
    };

    /// The incident the policy requests that `ledger` has not recorded for its organization; nothing when the
    /// policy requests none or it was answered already.
    static Result<std::optional<policy::IncidentRequest>> pending(const policy::PolicyEnforcer& enforcer,
                                                                  const IncidentLedger& ledger);

    /// Export options for `incident`: its range (no `until`: up to `nowMs`), the formats the policy allows, and
    /// its recipients with the export section's. Denied when the policy does not allow this export
    /// (PolicyEnforcer::checkExport); InvalidInput when a recipient does not parse or none is named.
    static Result<Exporter::Options> prepare(const policy::PolicyEnforcer& enforcer,
                                             const policy::IncidentRequest& incident, int64_t nowMs);

    /// The upload URL for a file: `base` itself, or with `fileName` appended when `base` ends in '/'.
    static QUrl uploadUrl(const QUrl& base, const QString& fileName);
    /// "ID-DEVICE-20260115T093000Z.tar.age", with characters other than letters, digits, '.', '_' and '-'
    /// replaced by '_'.
    static QString fileName(const QString& incidentId, const QString& device, int64_t nowMs);

    IncidentResponder(std::unique_ptr<history::Database> db, std::shared_ptr<const redaction::RedactionEngine> engine,
                      Request request, IncidentLedger ledger, QNetworkAccessManager* network,
                      QObject* parent = nullptr);
    ~IncidentResponder() override;

    void setExtraCaCertificates(const QList<QSslCertificate>& certificates) { m_caCertificates = certificates; }
    /// Passed on to the uploader (ExportUploader::setRetryWait, setMaxAttempts).
    void setUploadRetryWait(std::function<int(int)> wait) { m_retryWait = std::move(wait); }
    void setUploadMaxAttempts(int attempts) { m_maxAttempts = attempts; }

    Stage stage() const { return m_stage; }
    /// Whether the export file was made (it is kept even when the upload then fails).
    bool exported() const { return m_exported; }
    /// The export; valid once exported().
    const Exporter::Summary& summary() const { return m_summary; }
    /// Where the file goes (its display form: ExportUploader::displayUrl()).
    const QUrl& target() const { return m_target; }

Q_SIGNALS:
    void exportProgress(veil::exports::Exporter::Phase phase, qint64 done, qint64 total);
    void uploadStarted();
    void uploadProgress(qint64 sent, qint64 total);

protected:
    void run() override;
    void cancel() override;

private:
    void onExported();
    void onUploaded();

    std::unique_ptr<history::Database> m_db; ///< until the exporter takes it, and after it hands it back
    std::shared_ptr<const redaction::RedactionEngine> m_engine;
    Request m_request;
    IncidentLedger m_ledger;
    QNetworkAccessManager* m_network;
    QList<QSslCertificate> m_caCertificates;
    std::function<int(int)> m_retryWait;
    int m_maxAttempts = 0;
    Stage m_stage = Stage::Exporting;
    bool m_exported = false;
    Exporter::Summary m_summary;
    QUrl m_target;
    std::unique_ptr<Exporter> m_exporter;
    std::unique_ptr<ExportUploader> m_uploader;
};

} // namespace veil::exports
