#pragma once

#include "chat/ProviderRegistry.h"
#include "policy/PolicyEnforcer.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPushButton;

namespace veil::keychain {
class SecretStore;
}

namespace veil::app {

/// Settings > Providers: the configured providers (chat::ProviderRegistry, `providers.json`) in a list; add (or
/// replace) one with id, kind, base URL and models; remove one; set its API key. The key is typed into a
/// password line edit, copied into a keychain::SecureBytes and written with SecretStore::write (kind api-key),
/// and the line edit is cleared at once: a key is never shown again. "Fetch models" asks the provider in the form
/// for the models it offers (providers::ModelListJob, with the key the keychain holds for that id, if any) and
/// fills the Models field with them. Modeless; nothing blocks.
///
/// Under an organization's policy, providers it does not allow are listed but locked, with the reason, and the
/// form refuses to add one (setPolicy()).
class ProvidersDialog : public QDialog
{
    Q_OBJECT

public:
    /// `secrets` must outlive the dialog.
    ProvidersDialog(keychain::SecretStore& secrets, QString registryPath, QWidget* parent = nullptr);

    /// Adds or replaces the provider described by the form (the Add button).
    void addFromForm();
    /// Removes the provider selected in the list (the Remove button).
    void removeSelected();
    /// Writes the typed API key for the selected provider (the Set key button); keyWritten() follows.
    void setKeyForSelected();
    /// Asks the provider described by the form for its models (the Fetch models button); modelsFetched() follows.
    void fetchModels();
    /// The policy in force: providers it does not allow are shown locked, and cannot be added.
    void setPolicy(const policy::PolicyEnforcer& enforcer);
    /// Why the policy locks provider `id` (empty: it does not).
    QString lockReason(const QString& id) const;

    QListWidget* list() const { return m_list; }
    QString statusText() const;

Q_SIGNALS:
    /// providers.json changed.
    void providersChanged();
    /// An API key was written (ok) or not, for `provider`.
    void keyWritten(const QString& provider, bool ok);
    /// A model list was fetched into the Models field (ok) or not; the status line says why.
    void modelsFetched(bool ok);

private:
    void reload();
    void showStatus(const QString& text);
    providers::ProviderConfig configFromForm() const;
    void startModelList(const providers::ProviderConfig& config, QByteArray key);

    keychain::SecretStore& m_secrets;
    chat::ProviderRegistry m_registry;
    QListWidget* m_list = nullptr;
    QLineEdit* m_id = nullptr;
    QComboBox* m_kind = nullptr;
    QLineEdit* m_baseUrl = nullptr;
    QLineEdit* m_models = nullptr;
    QLineEdit* m_key = nullptr;
    QPushButton* m_setKey = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_fetchModels = nullptr;
    QNetworkAccessManager* m_network = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_policyNote = nullptr;
    policy::PolicyEnforcer m_enforcer; ///< unmanaged until setPolicy()
};

} // namespace veil::app
