#pragma once

#include "policy/ManagedConfig.h"
#include "policy/PolicyEnforcer.h"
#include "providers/ProviderConfig.h"
#include "redaction/RedactionEngine.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QSslCertificate>

#include <memory>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QNetworkAccessManager;
class QStackedWidget;

namespace veil::chat {
class ChatSession;
struct UnstoredConversation;
} // namespace veil::chat

namespace veil::keychain {
class SecretStore;
}

namespace veil::history {
struct Conversation;
struct Workspace;
} // namespace veil::history

namespace veil {
class Job;
}

namespace veil::app {

class AuditLogDialog;
class Composer;
class FirstRunPage;
class ConversationList;
class ConversationView;
class HistoryClient;
class IncidentBanner;
class PassphraseDialog;
class PolicyDialog;
class PolicyRefresher;
class ProvidersDialog;
class ProviderPicker;
class RedactionPreview;
class WorkspacesDialog;
struct ViewMessage;

/// Veil's main window: the conversation list (with search) on the left, the conversation in the centre, the
/// composer with its redaction preview at the bottom, the provider and model picker with the policy badge at
/// the top, File > Export history, View > Audit log, and the organization's incident request as a banner on
/// top (IncidentBanner). A history in passphrase mode is unlocked through a modeless PassphraseDialog; until
/// then Send stays off. Retention (PolicyEnforcer::historyRetentionDays()) is applied by HistoryClient on open
/// and daily, and the list refreshed afterwards.
///
/// Managed with a policy_url, a PolicyRefresher keeps the policy current while the window is open: a newly
/// activated bundle (or an expiry) updates the provider picker, the policy badge, the redaction rules of the
/// composer and of prompts (rebuilt off the GUI thread; Send waits for them), retention and the incident banner.
/// When the last fetch failed or the bundle was refused, a warning under the toolbar says so and that the last
/// known good policy stays in force. Activations and refusals reach the audit log at once when the history is
/// open, and through the policy audit spool otherwise.
///
/// Prompts go through chat::ChatSession (the one pipeline): this window never redacts, stores or sends by
/// itself. The history is read through HistoryClient, off the GUI thread. Without a secret store (demo mode,
/// used by `--screenshot`), nothing is opened or sent and showDemo() fills the window from memory.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Setup
    {
        std::shared_ptr<const redaction::RedactionEngine> engine;
        policy::PolicyEnforcer enforcer;
        std::vector<providers::ProviderConfig> providers; ///< the inspector and the configured ones
        QString providersError; ///< why the configured providers could not be read (empty: they could)
        QString defaultProvider; ///< the provider chosen at start, when policy allows it (empty: the first)
        keychain::SecretStore* secrets = nullptr; ///< none: demo mode; must outlive the window
        QNetworkAccessManager* network = nullptr; ///< must outlive the window
        QString databasePath; ///< empty: ChatSession::defaultDatabasePath()
        QString providersPath; ///< empty: ProviderRegistry::defaultPath()
        QString incidentLedgerPath; ///< empty: IncidentLedger::defaultPath()
        QString incidentFolder; ///< where incident exports are kept; empty: $XDG_DATA_HOME/veil/incidents
        QString appVersion;
        /// The managed configuration; with a policy_url (and a secret store) the policy is refreshed live.
        policy::ManagedConfig managed;
        QString policyCacheDir; ///< the policy store's folders; empty: PolicyStore::atDefaultLocation()
        QString policyStateDir;
        QList<QSslCertificate> caCertificates; ///< a private CA for the policy server
    };

    explicit MainWindow(Setup setup, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens the history (asynchronously); the list fills once it is open.
    void openHistory();
    /// Demo mode: fills the list and the conversation from memory (no keychain, no database).
    void showDemo(const QList<history::Conversation>& conversations, const QList<ViewMessage>& messages,
                  const QString& prompt);

    RedactionPreview* preview() const;
    Composer* composer() const { return m_composer; }
    ConversationView* conversationView() const { return m_view; }
    ConversationList* conversationList() const { return m_list; }
    ProviderPicker* providerPicker() const { return m_picker; }
    HistoryClient* history() const { return m_history; }
    IncidentBanner* incidentBanner() const { return m_incident; }
    /// The history's message banner (errors, passphrase mode).
    QLabel* historyBanner() const { return m_banner; }
    /// The policy badge in the toolbar ("Managed by ...").
    QLabel* policyBadge() const { return m_policyBadge; }
    /// The warning shown while the last policy fetch failed (hidden otherwise).
    QLabel* policyWarning() const { return m_policyWarning; }
    /// Live policy refresh (none when unmanaged, without a policy_url, or in demo mode).
    PolicyRefresher* policyRefresher() const { return m_refresher; }
    /// The policy in force in this window.
    const policy::PolicyEnforcer& enforcer() const { return m_setup.enforcer; }
    /// The engine prompts are redacted with.
    const std::shared_ptr<const redaction::RedactionEngine>& engine() const { return m_setup.engine; }
    std::optional<qint64> currentConversation() const { return m_current; }
    /// The prompt in flight, if any.
    chat::ChatSession* session() const;

    /// Opens File > Export history.
    void showExportDialog();
    /// Opens View > Audit log (one at a time); returns it.
    AuditLogDialog* showAuditLog();
    /// View > Policy, or a click on the badge: what is in force, with Check now.
    PolicyDialog* showPolicyDialog();
    /// Whether the first-run page stands in for the conversation (no history yet, nothing sent).
    bool isFirstRunShown() const;
    /// Settings > Workspaces.
    WorkspacesDialog* showWorkspacesDialog();
    /// The workspace picker in the toolbar ("All conversations" first, then the workspaces by name).
    QComboBox* workspacePicker() const { return m_workspacePicker; }
    FirstRunPage* firstRunPage() const { return m_firstRun; }
    /// Opens Settings > Providers (one at a time); returns it.
    ProvidersDialog* showProviders();
    /// Asks for the history's passphrase (modeless; one at a time); returns the dialog.
    PassphraseDialog* askPassphrase();

Q_SIGNALS:
    /// A prompt's session finished (whatever its outcome).
    void sessionFinished();
    /// A new policy is fully applied (picker, badge, redaction engine).
    void policyApplied();

private:
    void buildMenus();
    void send(const QString& prompt, bool confirmWarnings);
    void onSessionFinished(chat::ChatSession* session);
    void showOutcome(chat::ChatSession* session, const QStringList& rules);
    void onHistoryState();
    void refreshList();
    void newConversation();
    void updateAvailability();
    void startPolicyRefresh();
    void applyPolicy(const policy::PolicyEnforcer& enforcer);
    void showPolicyStatus();
    void setPolicyBadge(const QString& summary);
    void showFirstRun(bool show);
    void showWorkspaces(const QList<history::Workspace>& workspaces);

    Setup m_setup;
    ProviderPicker* m_picker = nullptr;
    QLabel* m_policyBadge = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_policyWarning = nullptr;
    QLabel* m_ruleCount = nullptr;
    PolicyRefresher* m_refresher = nullptr;
    quint64 m_engineGeneration = 0; ///< the newest engine build asked for
    bool m_engineBuilding = false;
    ConversationList* m_list = nullptr;
    ConversationView* m_view = nullptr;
    FirstRunPage* m_firstRun = nullptr;
    QStackedWidget* m_conversationArea = nullptr;
    Composer* m_composer = nullptr;
    HistoryClient* m_history = nullptr;
    IncidentBanner* m_incident = nullptr;
    QPointer<AuditLogDialog> m_auditLog;
    QPointer<PolicyDialog> m_policyDialog;
    QPointer<WorkspacesDialog> m_workspacesDialog;
    QComboBox* m_workspacePicker = nullptr;
    QPointer<PassphraseDialog> m_passphraseDialog;
    QPointer<ProvidersDialog> m_providersDialog;
    QPointer<chat::ChatSession> m_session;
    std::optional<qint64> m_current;
    /// The conversation so far when the policy keeps no history (retention.store_history false): memory only.
    std::shared_ptr<chat::UnstoredConversation> m_unstored;
    QString m_lastPrompt; ///< for Retry
    bool m_lastConfirmed = false;
};

} // namespace veil::app
