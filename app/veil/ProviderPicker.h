#pragma once

#include "policy/PolicyEnforcer.h"
#include "providers/ProviderConfig.h"

#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;

namespace veil::app {

/// The provider and model picker at the top of the window, limited to what the organization's policy allows:
/// a provider is listed with the models PolicyEnforcer::checkProvider() accepts, and not at all when it accepts
/// none. Unmanaged, that is every configured provider and the built-in inspector.
class ProviderPicker : public QWidget
{
    Q_OBJECT

public:
    explicit ProviderPicker(QWidget* parent = nullptr);

    /// Lists what `enforcer` allows of `providers`; keeps the current choice when it is still allowed.
    void setProviders(const std::vector<providers::ProviderConfig>& providers, const policy::PolicyEnforcer& enforcer);

    std::optional<providers::ProviderConfig> currentProvider() const;
    QString currentModel() const;
    bool isEmpty() const;
    /// Chooses provider `id` (and `model`, when given and allowed); false when it is not listed.
    bool choose(const QString& id, const QString& model = {});

Q_SIGNALS:
    void choiceChanged();

private:
    void fillModels();

    QComboBox* m_provider = nullptr;
    QComboBox* m_model = nullptr;
    struct Allowed
    {
        providers::ProviderConfig config;
        QStringList models;
    };
    std::vector<Allowed> m_allowed;
};

} // namespace veil::app
