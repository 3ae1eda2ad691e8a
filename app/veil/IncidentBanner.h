#pragma once

#include "chat/OpenHistoryJob.h"
#include "policy/PolicyEnforcer.h"
#include "redaction/RedactionEngine.h"

#include <QFrame>
#include <QPointer>

#include <memory>
#include <optional>

class QLabel;
class QNetworkAccessManager;
class QProgressBar;
class QPushButton;

namespace veil::keychain {
class SecretStore;
}

namespace veil::exports {
class IncidentResponder;
}

namespace veil::app {

/// The banner at the top of the main window for the organization's incident request (the policy's `incident`
/// section): who asks, the range and where the export goes, with "Export and upload" and "Not now". Consent
/// (or the policy's `automatic`) runs exports::IncidentResponder over the history, opened with
/// chat::OpenHistoryJob, with a progress bar; the result is one sentence (uploaded, or failed with the local
/// file kept at its path). Whether a request is pending is IncidentResponder::pending() with the IncidentLedger,
/// so an answered incident is never shown again.
///
/// Nothing here blocks the GUI thread; the responder is owned by the banner and aborted with it.
class IncidentBanner : public QFrame
{
    Q_OBJECT

public:
    struct Setup
    {
        std::shared_ptr<const redaction::RedactionEngine> engine;
        policy::PolicyEnforcer enforcer;
        keychain::SecretStore* secrets = nullptr; ///< must outlive the banner
        QNetworkAccessManager* network = nullptr; ///< must outlive the banner; none: one of its own
        QString databasePath;
        QString ledgerPath; ///< empty: IncidentLedger::defaultPath()
        QString outFolder; ///< empty: $XDG_DATA_HOME/veil/incidents
        QString appVersion;
        chat::OpenHistoryJob::PassphraseSource passphrase; ///< for a history in passphrase mode
    };

    explicit IncidentBanner(Setup setup, QWidget* parent = nullptr);
    ~IncidentBanner() override;

    void setPassphraseSource(chat::OpenHistoryJob::PassphraseSource source) { m_setup.passphrase = std::move(source); }
    /// A new policy (and the engine built from its rules) is in force; refresh() shows its request, if any.
    void setPolicy(const policy::PolicyEnforcer& enforcer, std::shared_ptr<const redaction::RedactionEngine> engine)
    {
        m_setup.enforcer = enforcer;
        m_setup.engine = std::move(engine);
    }

    /// Shows the banner when an incident is pending (and starts it at once when it is automatic), hides it
    /// otherwise. Not while a response runs or its result is shown; an automatic request starts once per session.
    void refresh();
    /// Answers the pending incident (the "Export and upload" button).
    void respond();
    /// Hides the request until the next start (the "Not now" button).
    void dismiss();

    bool isRunning() const;
    /// The pending incident's id, when one is shown.
    const std::optional<policy::IncidentRequest>& incident() const { return m_incident; }
    /// The text shown: the request, or the result sentence.
    QString text() const;

Q_SIGNALS:
    /// A response ended; `ok` when the file was exported and uploaded.
    void responseFinished(bool ok);

private:
    void showResult(const QString& sentence);

    Setup m_setup;
    std::optional<policy::IncidentRequest> m_incident;
    QLabel* m_text = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_respond = nullptr;
    QPushButton* m_notNow = nullptr;
    QPointer<chat::OpenHistoryJob> m_opening;
    QPointer<exports::IncidentResponder> m_responder;
    QNetworkAccessManager* m_ownNetwork = nullptr;
    bool m_dismissed = false;
    bool m_showingResult = false;
    bool m_autoStarted = false;
};

} // namespace veil::app
