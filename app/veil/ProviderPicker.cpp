#include "veil/ProviderPicker.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

namespace veil::app {

ProviderPicker::ProviderPicker(QWidget* parent)
    : QWidget(parent)
{
    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("provider"));
    m_provider->setAccessibleName(tr("Provider"));
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setAccessibleName(tr("Model"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* providerLabel = new QLabel(tr("&Provider:"), this);
    providerLabel->setBuddy(m_provider);
    auto* modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_model);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(providerLabel);
    layout->addWidget(m_provider);
    layout->addWidget(modelLabel);
    layout->addWidget(m_model);
    connect(m_provider, &QComboBox::currentIndexChanged, this, [this] {
        fillModels();
        Q_EMIT choiceChanged();
    });
    connect(m_model, &QComboBox::currentIndexChanged, this, &ProviderPicker::choiceChanged);
}

void ProviderPicker::setProviders(const std::vector<providers::ProviderConfig>& providers,
                                  const policy::PolicyEnforcer& enforcer)
{
    const auto previous = currentProvider();
    const QString previousModel = currentModel();
    m_allowed.clear();
    for (const providers::ProviderConfig& config : providers) {
        Allowed allowed{config, {}};
        for (const QString& model : config.models) {
            if (enforcer.checkProvider(config, model)) {
                allowed.models << model;
            }
        }
        if (!allowed.models.isEmpty()) {
            m_allowed.push_back(std::move(allowed));
        }
    }
    {
        const QSignalBlocker blocker(m_provider);
        m_provider->clear();
        for (const Allowed& allowed : m_allowed) {
            m_provider->addItem(allowed.config.kind == providers::ProviderKind::Inspector
                                    ? tr("Inspector (shows what would leave; sends nothing)")
                                    : allowed.config.id,
                                allowed.config.id);
        }
        fillModels();
    }
    if (!previous || !choose(previous->id, previousModel)) {
        Q_EMIT choiceChanged();
    }
}

void ProviderPicker::fillModels()
{
    const QSignalBlocker blocker(m_model);
    m_model->clear();
    const int index = m_provider->currentIndex();
    if (index >= 0 && size_t(index) < m_allowed.size()) {
        m_model->addItems(m_allowed[size_t(index)].models);
    }
}

std::optional<providers::ProviderConfig> ProviderPicker::currentProvider() const
{
    const int index = m_provider->currentIndex();
    if (index < 0 || size_t(index) >= m_allowed.size()) {
        return std::nullopt;
    }
    return m_allowed[size_t(index)].config;
}

QString ProviderPicker::currentModel() const
{
    return m_model->currentText();
}

bool ProviderPicker::isEmpty() const
{
    return m_allowed.empty();
}

bool ProviderPicker::choose(const QString& id, const QString& model)
{
    const int index = m_provider->findData(id);
    if (index < 0) {
        return false;
    }
    m_provider->setCurrentIndex(index);
    if (!model.isEmpty()) {
        const int modelIndex = m_model->findText(model);
        if (modelIndex >= 0) {
            m_model->setCurrentIndex(modelIndex);
        }
    }
    Q_EMIT choiceChanged();
    return true;
}

} // namespace veil::app
