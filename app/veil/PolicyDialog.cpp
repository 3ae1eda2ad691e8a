#include "veil/PolicyDialog.h"

#include "policy/PolicyStore.h"
#include "redaction/RedactionEngine.h"
#include "redaction/RuleCatalogue.h"
#include "veil/PolicyRefresher.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace veil::app {

namespace {

struct StoredDetails
{
    std::optional<policy::StoredBundle> bundle;
    QString error;
};

QString when(const QDateTime& time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::LongFormat) : QString();
}

} // namespace

PolicyDialog::PolicyDialog(Setup setup, QWidget* parent)
    : QDialog(parent)
    , m_setup(std::move(setup))
    , m_refresher(m_setup.refresher)
{
    setWindowTitle(tr("Policy"));
    auto* form = new QFormLayout;
    addDetail(form, QStringLiteral("status"), tr("Status:"));
    addDetail(form, QStringLiteral("organization"), tr("Organization:"));
    addDetail(form, QStringLiteral("source"), tr("Source:"));
    addDetail(form, QStringLiteral("version"), tr("Version:"));
    addDetail(form, QStringLiteral("keyId"), tr("Signing key:"));
    addDetail(form, QStringLiteral("issued"), tr("Issued:"));
    addDetail(form, QStringLiteral("expires"), tr("Valid until:"));
    addDetail(form, QStringLiteral("fetched"), tr("Fetched:"));
    addDetail(form, QStringLiteral("checked"), tr("Last asked the server:"));
    addDetail(form, QStringLiteral("lastResult"), tr("Last check:"));
    addDetail(form, QStringLiteral("retention"), tr("Retention:"));
    addDetail(form, QStringLiteral("exports"), tr("Exports:"));

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("rulesFilter"));
    m_filter->setPlaceholderText(tr("Filter rules"));
    m_filter->setAccessibleName(tr("Filter the rules in force"));
    m_filter->setClearButtonEnabled(true);
    m_model = new QStandardItemModel(0, 4, this);
    m_model->setHorizontalHeaderLabels({tr("Rule"), tr("Category"), tr("Action"), tr("From")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_rules = new QTableView(this);
    m_rules->setObjectName(QStringLiteral("rules"));
    m_rules->setAccessibleName(tr("Redaction rules in force"));
    m_rules->setModel(m_proxy);
    m_rules->setSortingEnabled(true);
    m_rules->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules->verticalHeader()->hide();
    m_rules->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto* rulesLabel = new QLabel(tr("&Redaction rules in force:"), this);
    rulesLabel->setBuddy(m_rules);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_checkNow = buttons->addButton(tr("Check &now"), QDialogButtonBox::ActionRole);
    m_checkNow->setObjectName(QStringLiteral("checkNow"));
    m_checkNow->setAccessibleName(tr("Ask the policy server now"));
    if (!m_refresher) {
        m_checkNow->setEnabled(false);
        m_checkNow->setToolTip(tr("There is no policy server to ask on this installation."));
    } else {
        connect(m_refresher, &PolicyRefresher::statusChanged, this, [this] {
            showLastResult();
            loadStoredDetails();
        });
    }
    connect(m_checkNow, &QPushButton::clicked, this, &PolicyDialog::checkNow);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(rulesLabel);
    layout->addWidget(m_filter);
    layout->addWidget(m_rules, 1);
    layout->addWidget(buttons);
    resize(720, 640);

    showPolicy();
    showRules();
    showLastResult();
    loadStoredDetails();
}

QLabel* PolicyDialog::addDetail(QFormLayout* form, const QString& name, const QString& label)
{
    auto* value = new QLabel(this);
    value->setObjectName(name);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setFocusPolicy(Qt::TabFocus); // reachable with Tab, and read by screen readers with its label
    auto* caption = new QLabel(label, this);
    caption->setBuddy(value);
    value->setAccessibleName(QString(label).remove(QLatin1Char(':')));
    form->addRow(caption, value);
    return value;
}

QString PolicyDialog::detail(const QString& name) const
{
    const auto* label = findChild<QLabel*>(name);
    return label ? label->text() : QString();
}

void PolicyDialog::setPolicy(const policy::PolicyEnforcer& enforcer,
                             std::shared_ptr<const redaction::RedactionEngine> engine)
{
    m_setup.enforcer = enforcer;
    if (engine) {
        m_setup.engine = std::move(engine);
    }
    showPolicy();
    showRules();
    loadStoredDetails();
}

void PolicyDialog::checkNow()
{
    if (!m_refresher) {
        return;
    }
    m_refresher->pollNow();
    showLastResult();
}

void PolicyDialog::showPolicy()
{
    const policy::PolicyEnforcer& enforcer = m_setup.enforcer;
    const policy::ManagedConfig& managed = m_setup.managed;
    const auto set = [this](const QString& name, const QString& text) {
        if (auto* label = findChild<QLabel*>(name)) {
            label->setText(text);
        }
    };
    set(QStringLiteral("status"), enforcer.summary());
    set(QStringLiteral("organization"), managed.managed ? managed.orgId : tr("None: this installation is unmanaged"));
    set(QStringLiteral("source"),
        !managed.managed                  ? tr("Built-in rules only")
            : managed.policyUrl.isEmpty() ? tr("No policy server; bundles are placed by the administrator")
                                          : managed.policyUrl.toDisplayString());
    const policy::PolicyBundle* bundle = enforcer.bundle();
    set(QStringLiteral("version"), bundle ? QString::number(bundle->version) : tr("No bundle"));
    set(QStringLiteral("issued"), bundle ? when(bundle->issuedAt) : QString());
    set(QStringLiteral("expires"), bundle ? when(bundle->expiresAt) : QString());

    const policy::RetentionPolicy retention = enforcer.retention();
    QStringList kept;
    if (!retention.storeHistory) {
        kept << tr("Conversations are not stored.");
    } else if (retention.historyDays) {
        kept << tr("Conversations are deleted %n day(s) after their last change.", nullptr, *retention.historyDays);
    } else {
        kept << tr("Conversations are kept until you delete them.");
    }
    if (retention.storeOriginals) {
        kept << tr("Prompts are also kept as typed, before redaction (encrypted).");
    }
    kept << (retention.logDays ? tr("Audit entries are kept for %n day(s).", nullptr, *retention.logDays)
                               : tr("Audit entries are kept."));
    set(QStringLiteral("retention"), kept.join(QLatin1Char(' ')));

    const QStringList formats = enforcer.exportFormats();
    QString exports;
    if (enforcer.checkExport(formats, false)) {
        exports = tr("Allowed (%1), encrypted or not.").arg(formats.join(QStringLiteral(", ")));
    } else if (enforcer.checkExport(formats, true)) {
        exports = tr("Allowed (%1), encrypted only.").arg(formats.join(QStringLiteral(", ")));
    } else {
        exports = enforcer.checkExport(formats, true).error().message;
    }
    if (!enforcer.exportRecipients().isEmpty()) {
        exports += QLatin1Char(' ')
            + tr("Every export is also encrypted to %n recipient(s) the organization names.", nullptr,
                 int(enforcer.exportRecipients().size()));
    }
    set(QStringLiteral("exports"), exports);
}

void PolicyDialog::showRules()
{
    m_model->removeRows(0, m_model->rowCount());
    if (!m_setup.engine) {
        return;
    }
    for (const auto& rule : m_setup.engine->catalogue().rules()) {
        const QString origin = QString::fromStdString(rule->origin);
        const bool organization = origin.startsWith(QLatin1String("policy"));
        QList<QStandardItem*> row{
            new QStandardItem(QString::fromStdString(rule->id)),
            new QStandardItem(QString::fromUtf8(redaction::toString(rule->category).data(),
                                                qsizetype(redaction::toString(rule->category).size()))),
            new QStandardItem(QString::fromUtf8(redaction::toString(rule->action).data(),
                                                qsizetype(redaction::toString(rule->action).size()))),
            new QStandardItem(organization ? tr("Organization (%1)").arg(origin) : tr("Built-in")),
        };
        row[0]->setToolTip(QString::fromStdString(rule->description));
        m_model->appendRow(row);
    }
    m_rules->sortByColumn(0, Qt::AscendingOrder);
}

void PolicyDialog::showLastResult()
{
    auto* label = findChild<QLabel*>(QStringLiteral("lastResult"));
    if (!m_refresher) {
        label->setText(m_setup.managed.managed ? tr("Not checked: there is no policy server.")
                                               : tr("Not checked: unmanaged."));
        return;
    }
    m_checkNow->setEnabled(!m_refresher->isPolling());
    if (m_refresher->isPolling()) {
        label->setText(tr("Checking…"));
    } else if (!m_refresher->lastPollAt().isValid()) {
        label->setText(tr("Not checked yet in this session; the first check comes within a minute of start."));
    } else if (m_refresher->lastPollFailed()) {
        label->setText(tr("%1 failed: %2 The policy in force stays.")
                           .arg(when(m_refresher->lastPollAt()), m_refresher->lastError()));
    } else {
        label->setText(tr("%1: the policy in force is current.").arg(when(m_refresher->lastPollAt())));
    }
}

void PolicyDialog::loadStoredDetails()
{
    const quint64 generation = ++m_loadGeneration;
    const QString cacheDir = m_setup.cacheDir;
    const QString stateDir = m_setup.stateDir;
    const bool managed = m_setup.managed.managed;
    QtConcurrent::run([cacheDir, stateDir, managed] {
        StoredDetails details;
        if (!managed) {
            return details;
        }
        const policy::PolicyStore store
            = cacheDir.isEmpty() ? policy::PolicyStore::atDefaultLocation() : policy::PolicyStore(cacheDir, stateDir);
        auto active = store.active();
        if (!active) {
            details.error = active.error().message;
        } else {
            details.bundle = std::move(active.value());
        }
        return details;
    }).then(this, [this, generation](const StoredDetails& details) {
        if (generation != m_loadGeneration) {
            return;
        }
        const auto set = [this](const QString& name, const QString& text) {
            findChild<QLabel*>(name)->setText(text);
        };
        if (!details.error.isEmpty()) {
            set(QStringLiteral("keyId"), details.error);
            set(QStringLiteral("fetched"), QString());
            set(QStringLiteral("checked"), QString());
        } else if (!details.bundle) {
            set(QStringLiteral("keyId"), m_setup.managed.managed ? tr("No bundle has been accepted yet.") : QString());
            set(QStringLiteral("fetched"), QString());
            set(QStringLiteral("checked"), QString());
        } else {
            const policy::ActiveBundleInfo& info = details.bundle->info;
            set(QStringLiteral("keyId"), info.keyIdHex);
            set(QStringLiteral("fetched"),
                info.source.isEmpty() ? when(info.fetchedAt)
                                      : tr("%1 from %2").arg(when(info.fetchedAt), info.source.toDisplayString()));
            set(QStringLiteral("checked"), when(info.checkedAt));
        }
        Q_EMIT detailsLoaded();
    });
}

} // namespace veil::app
