#pragma once

#include "policy/ManagedConfig.h"
#include "policy/PolicyEnforcer.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace veil::redaction {
class RedactionEngine;
}

namespace veil::app {

class PolicyRefresher;

/// Policy (the badge, or View > Policy): what is in force and where it came from. Status, organization, source,
/// bundle version, signing key id, issue and expiry times, when the bundle was fetched and the server last
/// asked, the last check's result, retention and export rights, and every redaction rule in force (built-in and
/// the organization's) in a filterable table. "Check now" asks the policy server at once (PolicyRefresher); an
/// unmanaged installation has no server to ask and says so.
///
/// The stored bundle's details (key id, fetch times) are read from the policy store on a worker thread. Modeless.
class PolicyDialog : public QDialog
{
    Q_OBJECT

public:
    struct Setup
    {
        policy::ManagedConfig managed;
        policy::PolicyEnforcer enforcer;
        std::shared_ptr<const redaction::RedactionEngine> engine; ///< the rules in force
        QString cacheDir; ///< the policy store's folders; empty: PolicyStore::atDefaultLocation()
        QString stateDir;
        PolicyRefresher* refresher = nullptr; ///< none: unmanaged, or no policy server (Check now is off)
    };

    explicit PolicyDialog(Setup setup, QWidget* parent = nullptr);

    /// Another policy (or engine) is in force: shows it and reads the stored details again.
    void setPolicy(const policy::PolicyEnforcer& enforcer, std::shared_ptr<const redaction::RedactionEngine> engine);
    /// Asks the policy server now (the Check now button); nothing without one.
    void checkNow();

    /// The text shown for one detail, by its object name: "status", "organization", "source", "version",
    /// "keyId", "issued", "expires", "fetched", "checked", "lastResult", "retention", "exports".
    QString detail(const QString& name) const;
    QTableView* rulesTable() const { return m_rules; }
    QLineEdit* rulesFilter() const { return m_filter; }
    QPushButton* checkNowButton() const { return m_checkNow; }

Q_SIGNALS:
    /// The stored bundle's details were read (again) and are shown.
    void detailsLoaded();

private:
    QLabel* addDetail(QFormLayout* form, const QString& name, const QString& label);
    void showPolicy();
    void showRules();
    void showLastResult();
    void loadStoredDetails();

    Setup m_setup;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_rules = nullptr;
    QLineEdit* m_filter = nullptr;
    QPushButton* m_checkNow = nullptr;
    QPointer<PolicyRefresher> m_refresher;
    quint64 m_loadGeneration = 0;
};

} // namespace veil::app
