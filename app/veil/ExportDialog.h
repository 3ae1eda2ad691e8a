#pragma once

#include "policy/PolicyEnforcer.h"
#include "redaction/RedactionEngine.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QCheckBox;
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
}

namespace veil::app {

/// File > Export history: the incident export (core/export/Exporter) with a date range, formats, optional age
/// recipients (the policy's are always added) and the output file; a progress bar with Cancel (Job abort),
/// and where the file is when done. Whether the export may be made is PolicyEnforcer::checkExport()'s call.
///
/// The database key is read from the keychain asynchronously and the database opened off the GUI thread; the
/// dialog is opened with open() (window-modal, no nested event loop).
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
    void setRunning(bool running);
    void browse();

    Setup m_setup;
    QDateEdit* m_since = nullptr;
    QDateEdit* m_until = nullptr;
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
    bool m_preparing = false;
};

} // namespace veil::app
