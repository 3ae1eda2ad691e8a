#include "veil/WorkspacesDialog.h"

#include "chat/ChatSession.h"
#include "keychain/SecretJob.h"
#include "keychain/SecretStore.h"
#include "keychain/SecureBytes.h"
#include "veil/HistoryClient.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace veil::app {

using keychain::SecretError;
using keychain::SecretKind;
using keychain::SecureBytes;

namespace {

constexpr auto kMaxContextBytes = chat::ChatSession::kMaxWorkspaceContextBytes;

/// Starts `job` with this dialog as its parent; `then` runs when it finishes, unless the dialog went first.
template <typename J, typename Then>
void runJob(QObject* owner, std::unique_ptr<J> owned, Then then)
{
    J* job = owned.release();
    job->setParent(owner);
    QObject::connect(job, &Job::finished, owner, [job, then] {
        job->deleteLater();
        then(*job);
    });
    job->start();
}

} // namespace

WorkspacesDialog::WorkspacesDialog(HistoryClient* history, keychain::SecretStore& secrets, QWidget* parent)
    : QDialog(parent)
    , m_history(history)
    , m_secrets(secrets)
{
    setWindowTitle(tr("Workspaces"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("workspaces"));
    m_list->setAccessibleName(tr("Workspaces"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("workspaceName"));
    m_name->setPlaceholderText(tr("New workspace name"));
    m_name->setAccessibleName(tr("New workspace name"));
    m_add = new QPushButton(tr("&Add"), this);
    m_add->setObjectName(QStringLiteral("addWorkspace"));
    m_add->setAccessibleName(tr("Add the workspace"));
    m_add->setEnabled(false);
    m_remove = new QPushButton(tr("&Remove…"), this);
    m_remove->setObjectName(QStringLiteral("removeWorkspace"));
    m_remove->setAccessibleName(tr("Remove the selected workspace"));
    m_remove->setEnabled(false);

    m_context = new QPlainTextEdit(this);
    m_context->setObjectName(QStringLiteral("workspaceContext"));
    m_context->setAccessibleName(tr("Workspace context"));
    m_context->setPlaceholderText(tr("Instructions and snippets sent with every prompt in this workspace, redacted "
                                     "like the prompt."));
    m_context->setTabChangesFocus(true);
    m_context->setEnabled(false);
    m_size = new QLabel(this);
    m_size->setObjectName(QStringLiteral("contextSize"));
    m_save = new QPushButton(tr("&Save context"), this);
    m_save->setObjectName(QStringLiteral("saveContext"));
    m_save->setAccessibleName(tr("Save the workspace context to the keychain"));
    m_save->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("workspacesStatus"));
    m_status->setWordWrap(true);

    auto* listLabel = new QLabel(tr("&Workspaces:"), this);
    listLabel->setBuddy(m_list);
    auto* contextLabel = new QLabel(tr("&Context (kept in the keychain):"), this);
    contextLabel->setBuddy(m_context);
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_name, 1);
    addRow->addWidget(m_add);
    auto* left = new QVBoxLayout;
    left->addWidget(listLabel);
    left->addWidget(m_list, 1);
    left->addLayout(addRow);
    left->addWidget(m_remove);
    auto* saveRow = new QHBoxLayout;
    saveRow->addWidget(m_size, 1);
    saveRow->addWidget(m_save);
    auto* right = new QVBoxLayout;
    right->addWidget(contextLabel);
    right->addWidget(m_context, 1);
    right->addLayout(saveRow);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(760, 460);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_name, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_add->setEnabled(!text.trimmed().isEmpty()); });
    connect(m_name, &QLineEdit::returnPressed, this, &WorkspacesDialog::addWorkspace);
    connect(m_add, &QPushButton::clicked, this, &WorkspacesDialog::addWorkspace);
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelected(false); });
    connect(m_save, &QPushButton::clicked, this, &WorkspacesDialog::saveContext);
    connect(m_context, &QPlainTextEdit::textChanged, this, &WorkspacesDialog::updateSize);
    connect(m_list, &QListWidget::currentRowChanged, this, &WorkspacesDialog::loadContext);
    if (m_history) {
        connect(m_history, &HistoryClient::workspacesListed, this, &WorkspacesDialog::showWorkspaces);
        connect(m_history, &HistoryClient::workspacesChanged, m_history, &HistoryClient::listWorkspaces);
        connect(m_history, &HistoryClient::queryFailed, this,
                [this](const QString& message) { m_status->setText(message); });
        m_history->listWorkspaces();
    }
    updateSize();
}

QString WorkspacesDialog::statusText() const
{
    return m_status->text();
}

std::optional<history::Workspace> WorkspacesDialog::selected() const
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_workspaces.size()) {
        return std::nullopt;
    }
    return m_workspaces[row];
}

void WorkspacesDialog::showWorkspaces(const QList<history::Workspace>& workspaces)
{
    const auto before = selected();
    const QString select = !m_selectAfterList.isEmpty() ? m_selectAfterList : before ? before->name : QString();
    m_workspaces = workspaces;
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    int row = -1;
    for (int i = 0; i < workspaces.size(); ++i) {
        m_list->addItem(workspaces[i].name);
        if (workspaces[i].name == select) {
            row = i;
        }
    }
    if (row >= 0 && select == m_selectAfterList) {
        m_selectAfterList.clear(); // a list read before the workspace was created does not hold it yet
    }
    m_list->setCurrentRow(row);
    loadContext();
    Q_EMIT workspacesShown();
}

void WorkspacesDialog::addWorkspace()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || !m_history) {
        return;
    }
    m_selectAfterList = name;
    m_name->clear();
    m_status->setText(tr("Workspace %1 created.").arg(name));
    m_history->createWorkspace(name);
}

void WorkspacesDialog::loadContext()
{
    const quint64 generation = ++m_contextGeneration;
    const auto workspace = selected();
    m_remove->setEnabled(workspace.has_value());
    m_context->setEnabled(false);
    m_save->setEnabled(false);
    {
        const QSignalBlocker blocker(m_context);
        m_context->clear();
    }
    updateSize();
    if (!workspace) {
        return;
    }
    runJob(
        this, m_secrets.read(SecretKind::Context, workspace->name), [this, generation](keychain::ReadSecretJob& job) {
            if (generation != m_contextGeneration) {
                return; // another workspace was chosen meanwhile
            }
            if (!job.ok() && job.secretError() != SecretError::NotFound) {
                m_status->setText(tr("The context cannot be read from the keychain: %1").arg(job.error().message));
                return;
            }
            {
                const QSignalBlocker blocker(m_context);
                m_context->setPlainText(job.ok() ? QString::fromUtf8(reinterpret_cast<const char*>(job.secret().data()),
                                                                     qsizetype(job.secret().size()))
                                                 : QString());
            }
            m_context->setEnabled(true);
            m_save->setEnabled(true);
            updateSize();
            Q_EMIT contextLoaded();
        });
}

void WorkspacesDialog::updateSize()
{
    const qsizetype bytes = m_context->toPlainText().toUtf8().size();
    const QLocale locale;
    m_size->setText(tr("%1 of %2 bytes").arg(locale.toString(bytes), locale.toString(qint64(kMaxContextBytes))));
    const bool over = size_t(bytes) > kMaxContextBytes;
    m_save->setEnabled(m_context->isEnabled() && !over);
    m_save->setToolTip(over ? tr("A context holds at most 64 KiB.") : QString());
}

void WorkspacesDialog::saveContext()
{
    const auto workspace = selected();
    if (!workspace || !m_context->isEnabled()) {
        return;
    }
    QByteArray utf8 = m_context->toPlainText().toUtf8();
    if (size_t(utf8.size()) > kMaxContextBytes) {
        m_status->setText(tr("The context is larger than 64 KiB; shorten it before saving."));
        Q_EMIT contextSaved(false);
        return;
    }
    const QString name = workspace->name;
    if (utf8.trimmed().isEmpty()) {
        runJob(this, m_secrets.remove(SecretKind::Context, name), [this, name](keychain::RemoveSecretJob& job) {
            const bool ok = job.ok() || job.secretError() == SecretError::NotFound;
            m_status->setText(ok ? tr("The context of %1 was removed.").arg(name)
                                 : tr("The context cannot be removed from the keychain: %1").arg(job.error().message));
            Q_EMIT contextSaved(ok);
        });
        return;
    }
    SecureBytes secret = SecureBytes::copyOf(utf8.constData(), size_t(utf8.size()));
    utf8.fill('\0');
    runJob(this, m_secrets.write(SecretKind::Context, name, QString(), std::move(secret)),
           [this, name](keychain::WriteSecretJob& job) {
               m_status->setText(job.ok()
                                     ? tr("The context of %1 was saved to the keychain.").arg(name)
                                     : tr("The context cannot be saved to the keychain: %1").arg(job.error().message));
               Q_EMIT contextSaved(job.ok());
           });
}

void WorkspacesDialog::removeSelected(bool confirmed)
{
    const auto workspace = selected();
    if (!workspace || !m_history) {
        return;
    }
    const auto remove = [this, id = workspace->id, name = workspace->name] {
        if (!m_history) {
            return;
        }
        m_history->deleteWorkspace(id);
        runJob(this, m_secrets.remove(SecretKind::Context, name), [this, name](keychain::RemoveSecretJob& job) {
            if (!job.ok() && job.secretError() != SecretError::NotFound) {
                m_status->setText(tr("Workspace %1 was removed, but its context could not be removed from the "
                                     "keychain: %2")
                                      .arg(name, job.error().message));
                return;
            }
            m_status->setText(tr("Workspace %1 was removed with its conversations and context.").arg(name));
        });
    };
    if (confirmed) {
        remove();
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Question, tr("Remove workspace"),
                                tr("Remove workspace \"%1\" with all its conversations and its context? This "
                                   "cannot be undone.")
                                    .arg(workspace->name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [remove](int result) {
        if (result == QMessageBox::Yes) {
            remove();
        }
    });
    box->open();
}

} // namespace veil::app
