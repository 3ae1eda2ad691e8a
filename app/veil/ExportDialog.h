#pragma once

#include "chat/OpenHistoryJob.h"
#include "policy/PolicyEnforcer.h"
#include "redaction/RedactionEngine.h"

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QStringList>

#include <memory>

class QCheckBox;
class QComboBox;
class QNetworkAccessManager;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace veil::keychain {
class SecretStore;
}

namespace veil::exports {
class Exporter;
class ExportUploader;
} // namespace veil::exports

namespace veil::app {

/// File > Export history: the incident export (core/export/Exporter) with a date range, a workspace and a
/// provider filter, formats, optional age recipients (the policy's are always added), the output file and an
/// optional upload URL (exports::ExportUploader after the export); a progress bar with Cancel (Job abort), and
/// where the file is when done. A failed upload keeps the local file and says where it is. Whether the export
/// may be made is PolicyEnforcer::checkExport()'s call.
///
/// The history is opened with chat::OpenHistoryJob (keychain or passphrase mode, rekey recovery); the dialog
/// is opened with open() (window-modal, no nested event loop).
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    struct Setup
    {
        std::shared_ptr<const redaction::RedactionEngine> engine;
        policy::PolicyEnforcer enforcer;
        keychain::SecretStore* secrets = nullptr; ///< must outlive the dialog
        QString databasePath;
        QString appVersion;
        QNetworkAccessManager* network = nullptr; ///< for the upload; none: one of its own
        chat::OpenHistoryJob::PassphraseSource passphrase; ///< for a history in passphrase mode
        QStringList providers; ///< provider ids offered in the provider filter
        QList<QSslCertificate> caCertificates; ///< extra CAs for the upload (a private CA)
    };

    explicit ExportDialog(Setup setup, QWidget* parent = nullptr);
    ~ExportDialog() override;

    /// Checks the form and starts the export (the Export button).
    void startExport();
    bool isRunning() const;
    /// The last message shown (an error, or where the file is).
    QString statusText() const;

Q_SIGNALS:
    /// The export ended: ok or not.
    void exportFinished(bool ok);

protected:
    void reject() override;

private:
    void fail(const QString& message);
    void upload(const QString& path, qint64 records, const QUrl& url);
    void setRunning(bool running);
    void browse();

    Setup m_setup;
    QDateEdit* m_since = nullptr;
    QDateEdit* m_until = nullptr;
    QLineEdit* m_workspace = nullptr;
    QComboBox* m_provider = nullptr;
    QLineEdit* m_upload = nullptr;
    QCheckBox* m_jsonl = nullptr;
    QCheckBox* m_csv = nullptr;
    QCheckBox* m_html = nullptr;
    QPlainTextEdit* m_recipients = nullptr;
    QLineEdit* m_out = nullptr;
    QPushButton* m_browse = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QPointer<exports::Exporter> m_exporter;
    QPointer<exports::ExportUploader> m_uploader;
    QNetworkAccessManager* m_ownNetwork = nullptr;
    bool m_preparing = false;
};

} // namespace veil::app
