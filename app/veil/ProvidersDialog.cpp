#include "veil/ProvidersDialog.h"

#include "keychain/SecretJob.h"
#include "keychain/SecretStore.h"
#include "providers/ModelListJob.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include <sodium.h>

namespace veil::app {

using providers::ProviderConfig;
using providers::ProviderKind;

ProvidersDialog::ProvidersDialog(keychain::SecretStore& secrets, QString registryPath, QWidget* parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_registry(std::move(registryPath))
{
    setWindowTitle(tr("Providers"));
    setModal(false);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("providerList"));
    m_list->setAccessibleName(tr("Configured providers"));

    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("providerId"));
    m_id->setAccessibleName(tr("Provider id"));
    m_id->setPlaceholderText(tr("work-openai"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("providerKind"));
    m_kind->setAccessibleName(tr("Provider kind"));
    for (ProviderKind kind :
         {ProviderKind::OpenAi, ProviderKind::OpenAiCompatible, ProviderKind::Anthropic, ProviderKind::Ollama}) {
        m_kind->addItem(providers::toString(kind), providers::toString(kind));
    }
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("providerBaseUrl"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_baseUrl->setPlaceholderText(tr("https://api.openai.com/v1"));
    m_models = new QLineEdit(this);
    m_models->setObjectName(QStringLiteral("providerModels"));
    m_models->setAccessibleName(tr("Models"));
    m_models->setPlaceholderText(tr("gpt-4o-mini, gpt-4o"));
    m_fetchModels = new QPushButton(tr("&Fetch models"), this);
    m_fetchModels->setObjectName(QStringLiteral("fetchModels"));
    m_fetchModels->setToolTip(tr("Ask the provider which models it offers"));
    connect(m_fetchModels, &QPushButton::clicked, this, &ProvidersDialog::fetchModels);
    m_network = new QNetworkAccessManager(this);
    auto* add = new QPushButton(tr("&Add or replace"), this);
    add->setObjectName(QStringLiteral("addProvider"));
    connect(add, &QPushButton::clicked, this, &ProvidersDialog::addFromForm);

    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeProvider"));
    connect(m_remove, &QPushButton::clicked, this, &ProvidersDialog::removeSelected);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setAccessibleName(tr("API key"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("API key for the selected provider (stored in the keychain)"));
    m_setKey = new QPushButton(tr("Set &key"), this);
    m_setKey->setObjectName(QStringLiteral("setKey"));
    connect(m_setKey, &QPushButton::clicked, this, &ProvidersDialog::setKeyForSelected);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        m_remove->setEnabled(row >= 0);
        m_setKey->setEnabled(row >= 0);
    });

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("providersStatus"));
    m_status->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Id:"), m_id);
    form->addRow(tr("K&ind:"), m_kind);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    auto* modelsRow = new QHBoxLayout;
    modelsRow->addWidget(m_models, 1);
    modelsRow->addWidget(m_fetchModels);
    form->addRow(tr("&Models:"), modelsRow);
    form->addRow(QString(), add);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_setKey);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_policyNote = new QLabel(this);
    m_policyNote->setObjectName(QStringLiteral("policyNote"));
    m_policyNote->setWordWrap(true);
    m_policyNote->setText(tr("Your organization's policy decides which providers may be used. Those it does not "
                             "allow are shown locked, with the reason."));
    m_policyNote->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_policyNote);
    layout->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addStretch();
    listButtons->addWidget(m_remove);
    layout->addLayout(listButtons);
    layout->addLayout(keyRow);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(560, 520);
    reload();
}

QString ProvidersDialog::statusText() const
{
    return m_status->text();
}

void ProvidersDialog::showStatus(const QString& text)
{
    m_status->setText(text);
}

void ProvidersDialog::reload()
{
    m_list->clear();
    if (const Status loaded = m_registry.load(); !loaded) {
        showStatus(tr("Your providers cannot be read: %1").arg(loaded.error().message));
    }
    for (const ProviderConfig& config : m_registry.configured()) {
        auto* item
            = new QListWidgetItem(tr("%1 (%2, %3): %4")
                                      .arg(config.id, providers::toString(config.kind),
                                           config.baseUrl.toDisplayString(), config.models.join(QStringLiteral(", "))),
                                  m_list);
        item->setData(Qt::UserRole, config.id);
        if (const Status allowed = m_enforcer.checkProvider(config, QString()); !allowed) {
            item->setText(item->text() + QStringLiteral(" — ") + tr("locked by policy"));
            item->setToolTip(allowed.error().message);
            item->setData(Qt::AccessibleDescriptionRole, allowed.error().message);
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
        }
    }
    m_remove->setEnabled(m_list->currentRow() >= 0);
    m_setKey->setEnabled(m_list->currentRow() >= 0);
}

ProviderConfig ProvidersDialog::configFromForm() const
{
    ProviderConfig config;
    config.id = m_id->text().trimmed();
    config.kind = providers::providerKindFromString(m_kind->currentData().toString()).value_or(ProviderKind::OpenAi);
    config.baseUrl = QUrl(m_baseUrl->text().trimmed(), QUrl::StrictMode);
    for (const QString& model : m_models->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!model.trimmed().isEmpty()) {
            config.models << model.trimmed();
        }
    }
    return config;
}

void ProvidersDialog::setPolicy(const policy::PolicyEnforcer& enforcer)
{
    m_enforcer = enforcer;
    m_policyNote->setVisible(enforcer.mode() != policy::PolicyEnforcer::Mode::Unmanaged);
    reload();
}

QString ProvidersDialog::lockReason(const QString& id) const
{
    for (const ProviderConfig& config : m_registry.configured()) {
        if (config.id == id) {
            const Status allowed = m_enforcer.checkProvider(config, QString());
            return allowed ? QString() : allowed.error().message;
        }
    }
    return {};
}

void ProvidersDialog::addFromForm()
{
    const ProviderConfig config = configFromForm();
    if (const Status allowed = m_enforcer.checkProvider(config, QString()); !allowed) {
        showStatus(tr("Locked by your organization's policy: %1").arg(allowed.error().message));
        return;
    }
    if (const Status added = m_registry.add(config); !added) {
        showStatus(tr("The provider cannot be added: %1").arg(added.error().message));
        return;
    }
    reload();
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == config.id) {
            m_list->setCurrentRow(row);
        }
    }
    showStatus(tr("%1 was saved. Set its API key below if it needs one.").arg(config.id));
    Q_EMIT providersChanged();
}

void ProvidersDialog::removeSelected()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item) {
        return;
    }
    const QString id = item->data(Qt::UserRole).toString();
    if (const Status removed = m_registry.remove(id); !removed) {
        showStatus(tr("%1 cannot be removed: %2").arg(id, removed.error().message));
        return;
    }
    reload();
    showStatus(tr("%1 was removed; its API key stays in the keychain until you delete it there.").arg(id));
    Q_EMIT providersChanged();
}

void ProvidersDialog::setKeyForSelected()
{
    QListWidgetItem* item = m_list->currentItem();
    QByteArray utf8 = m_key->text().toUtf8();
    m_key->clear();
    keychain::SecureBytes key = keychain::SecureBytes::copyOf(utf8);
    sodium_memzero(utf8.data(), size_t(utf8.size()));
    if (!item || key.isEmpty()) {
        showStatus(tr("Choose a provider and type its API key."));
        return;
    }
    const QString id = item->data(Qt::UserRole).toString();
    auto job = m_secrets.write(keychain::SecretKind::ApiKey, id, QString(), std::move(key));
    if (!job) {
        showStatus(tr("No keychain is available to hold the API key."));
        Q_EMIT keyWritten(id, false);
        return;
    }
    auto* write = job.release();
    write->setParent(this);
    m_setKey->setEnabled(false);
    showStatus(tr("Storing the API key for %1 in the keychain…").arg(id));
    connect(write, &Job::finished, this, [this, write, id] {
        write->deleteLater();
        m_setKey->setEnabled(m_list->currentRow() >= 0);
        if (!write->ok()) {
            showStatus(tr("The API key for %1 cannot be stored: %2").arg(id, write->error().message));
            Q_EMIT keyWritten(id, false);
            return;
        }
        showStatus(tr("The API key for %1 is stored in the keychain.").arg(id));
        Q_EMIT keyWritten(id, true);
    });
    write->start();
}

void ProvidersDialog::fetchModels()
{
    const ProviderConfig config = configFromForm();
    if (Result<QUrl> endpoint = providers::ModelListJob::endpoint(config); !endpoint) {
        showStatus(tr("The models cannot be fetched: %1").arg(endpoint.error().message));
        Q_EMIT modelsFetched(false);
        return;
    }
    m_fetchModels->setEnabled(false);
    showStatus(tr("Asking %1 for its models…").arg(config.baseUrl.authority()));
    // The key the keychain holds for this id, if any, is read for this one request; local servers need none.
    std::unique_ptr<keychain::ReadSecretJob> read
        = config.id.isEmpty() ? nullptr : m_secrets.read(keychain::SecretKind::ApiKey, config.id);
    if (!read) {
        startModelList(config, QByteArray());
        return;
    }
    auto* job = read.release();
    job->setParent(this);
    connect(job, &Job::finished, this, [this, job, config] {
        job->deleteLater();
        QByteArray key;
        if (job->ok()) {
            keychain::SecureBytes secret = job->takeSecret();
            key = QByteArray(reinterpret_cast<const char*>(secret.data()), qsizetype(secret.size()));
        }
        startModelList(config, std::move(key));
    });
    job->start();
}

void ProvidersDialog::startModelList(const ProviderConfig& config, QByteArray key)
{
    auto* job = new providers::ModelListJob(m_network, config, key, this);
    if (!key.isEmpty()) {
        sodium_memzero(key.data(), size_t(key.size())); // the job holds its own copy, wiped when it ends
    }
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        m_fetchModels->setEnabled(true);
        if (!job->ok()) {
            showStatus(tr("The models cannot be fetched: %1").arg(job->error().message));
            Q_EMIT modelsFetched(false);
            return;
        }
        if (job->models().isEmpty()) {
            showStatus(tr("The provider offers no models; type the model names yourself."));
            Q_EMIT modelsFetched(false);
            return;
        }
        m_models->setText(job->models().join(QStringLiteral(", ")));
        showStatus(tr("%n model(s) found; remove the ones you do not want, then add the provider.", nullptr,
                      int(job->models().size())));
        Q_EMIT modelsFetched(true);
    });
    job->start();
}

} // namespace veil::app
