#include "veil/HistoryClient.h"

#include "chat/HistoryMaintenance.h"
#include "history/Database.h"
#include "history/StoredVault.h"
#include "keychain/PassphraseKey.h"
#include "keychain/SecretJob.h"
#include "keychain/SecretStore.h"
#include "policy/PolicyAuditSpool.h"
#include "redaction/Rehydrator.h"

#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>
#include <span>

namespace veil::app {

using keychain::SecureBytes;

struct HistoryClient::Shared
{
    Shared() { pool.setMaxThreadCount(1); }

    QThreadPool pool; ///< one thread: queries run one at a time, in order
    std::unique_ptr<history::Database> db; ///< touched only by the pool's thread once open
    std::unique_ptr<history::HistoryStore> store;
    QMutex mutex;
    QSet<qint64> pendingDeletes; ///< asked for and not carried out yet (guarded by mutex)
};

namespace {

template <typename T>
struct Answer
{
    T value{};
    QString error;
};

QString toDisplay(const std::string& text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/// Each restored value once, with the placeholder the provider saw in its place.
QList<QPair<QString, QString>> sentAs(const redaction::RehydratedText& restored)
{
    QList<QPair<QString, QString>> pairs;
    QSet<QString> seen;
    for (const redaction::RestoredSpan& span : restored.restored) {
        const QString placeholder = QString::fromStdString(span.placeholder);
        if (!seen.contains(placeholder)) {
            seen.insert(placeholder);
            pairs.append({toDisplay(restored.text.substr(span.offset, span.length)), placeholder});
        }
    }
    return pairs;
}

ViewMessage::State viewState(history::MessageState state)
{
    switch (state) {
    case history::MessageState::Complete:
        return ViewMessage::State::Complete;
    case history::MessageState::Failed:
        return ViewMessage::State::Failed;
    case history::MessageState::CutOff:
    case history::MessageState::Sending: // not streaming now: it stopped early
        return ViewMessage::State::CutOff;
    }
    return ViewMessage::State::Complete;
}

} // namespace

HistoryClient::HistoryClient(keychain::SecretStore& secrets, QString databasePath, QObject* parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_path(QFileInfo(databasePath).absoluteFilePath())
    , m_shared(std::make_unique<Shared>())
{
}

HistoryClient::~HistoryClient()
{
    // A query in progress uses the connection: let it end (queries are short).
    m_shared->pool.clear();
    m_shared->pool.waitForDone();
    // Deletions the user asked for are not dropped with the queue: the pool is idle, so do them here.
    if (m_shared->store) {
        for (const qint64 id : std::as_const(m_shared->pendingDeletes)) {
            static_cast<void>(m_shared->store->deleteConversation(id));
        }
    }
}

void HistoryClient::setState(State state, const QString& message)
{
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged(state);
}

void HistoryClient::open()
{
    if (m_state == State::Opening || m_state == State::Open) {
        return;
    }
    setState(State::Opening);
    chat::OpenHistoryJob::Options options;
    options.databasePath = m_path;
    options.retentionDays = m_retentionDays;
    options.logRetentionDays = m_logRetentionDays;
    options.askPassphrase = passphraseSource();
    auto* job = new chat::OpenHistoryJob(m_secrets, std::move(options), this);
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        onOpened(job);
    });
    job->start();
}

void HistoryClient::unlock(keychain::SecureBytes passphrase)
{
    m_passphrase = std::make_shared<const SecureBytes>(std::move(passphrase));
    if (m_state == State::NeedsPassphrase || m_state == State::Failed || m_state == State::Closed) {
        open();
    }
}

chat::OpenHistoryJob::PassphraseSource HistoryClient::passphraseSource() const
{
    return [self = QPointer<const HistoryClient>(this)]() -> std::shared_ptr<const SecureBytes> {
        if (!self || !self->m_passphrase) {
            return nullptr;
        }
        return std::make_shared<const SecureBytes>(SecureBytes::copyOf(self->m_passphrase->view()));
    };
}

void HistoryClient::onOpened(chat::OpenHistoryJob* job)
{
    if (!job->ok()) {
        const Error& error = job->error();
        const bool passphraseMode = QFileInfo::exists(keychain::PassphraseKey::paramsPathFor(m_path))
            || QFileInfo::exists(chat::OpenHistoryJob::pendingParamsPathFor(m_path));
        if (job->noHistory()) {
            probeKeychain();
        } else if (passphraseMode && (error.code == Error::Code::Denied || error.code == Error::Code::InvalidInput)) {
            const bool tried = m_passphrase != nullptr;
            m_passphrase.reset();
            setState(State::NeedsPassphrase,
                     tried ? tr("That passphrase does not open the history; try again.")
                           : tr("The history is in passphrase mode; unlock it with its passphrase to see it and to "
                                "send."));
        } else if (error.code == Error::Code::Unavailable) {
            setState(State::Unavailable,
                     tr("No keychain (Secret Service) is available, or it is locked: %1 History and sending are off "
                        "until it can be used.")
                         .arg(error.message));
        } else {
            setState(State::Failed, tr("The history cannot be opened: %1").arg(error.message));
        }
        return;
    }
    // No query runs before the state is Open, so the pool is idle: hand the connection over (the pool's start
    // of the next query orders these writes before its reads).
    m_shared->db = job->takeDatabase();
    m_shared->store = std::make_unique<history::HistoryStore>(*m_shared->db);
    if (!m_retentionTimer) {
        m_retentionTimer = new QTimer(this);
        m_retentionTimer->setInterval(std::chrono::hours(24));
        connect(m_retentionTimer, &QTimer::timeout, this, &HistoryClient::applyRetention);
    }
    if (m_retentionDays || m_logRetentionDays) {
        m_retentionTimer->start();
    }
    setState(State::Open);
    Q_EMIT retentionApplied(job->retentionPurged().conversations);
}

void HistoryClient::probeKeychain()
{
    // No history yet: whether the first prompt can create one depends on the keychain (or passphrase mode).
    if (QFileInfo::exists(keychain::PassphraseKey::paramsPathFor(m_path))) {
        setState(State::Empty);
        return;
    }
    auto job = m_secrets.read(keychain::SecretKind::DbKey, m_path);
    if (!job) {
        setState(State::Unavailable, tr("No keychain (Secret Service) is available."));
        return;
    }
    auto* read = job.release();
    read->setParent(this);
    connect(read, &Job::finished, this, [this, read] {
        read->deleteLater();
        if (read->ok() || read->secretError() == keychain::SecretError::NotFound) {
            setState(State::Empty);
        } else if (read->secretError() == keychain::SecretError::NoBackend) {
            setState(State::Unavailable,
                     tr("No keychain (Secret Service) is available. Veil keeps history only encrypted, with its "
                        "key in the keychain, so history and sending are off until a keychain is running."));
        } else if (read->secretError() == keychain::SecretError::Locked) {
            setState(State::Unavailable,
                     tr("The keychain is locked or refused access, so the encrypted history cannot be kept."));
        } else {
            setState(State::Empty);
        }
    });
    read->start();
}

void HistoryClient::applyRetention()
{
    if (m_state != State::Open || (!m_retentionDays && !m_logRetentionDays)) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, days = m_retentionDays, logDays = m_logRetentionDays] {
        Answer<qint64> answer;
        chat::HistoryMaintenance maintenance(*shared->db);
        if (days) {
            auto purged = maintenance.applyRetention(*days);
            if (!purged) {
                answer.error = purged.error().message;
                return answer;
            }
            answer.value = purged->conversations;
        }
        if (logDays) {
            if (auto pruned = maintenance.applyLogRetention(*logDays); !pruned) {
                answer.error = pruned.error().message;
            }
        }
        return answer;
    }).then(this, [this](const Answer<qint64>& answer) {
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("Old conversations cannot be purged: %1").arg(answer.error));
            return;
        }
        Q_EMIT retentionApplied(answer.value);
    });
}

void HistoryClient::listConversations(const QString& filter)
{
    if (m_state != State::Open) {
        return;
    }
    const quint64 generation = ++m_listGeneration;
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, filter, workspace = m_workspace] {
        Answer<QList<history::Conversation>> answer;
        if (filter.trimmed().isEmpty()) {
            auto all = workspace ? shared->store->conversationsIn(*workspace) : shared->store->conversations();
            if (!all) {
                answer.error = all.error().message;
            } else {
                answer.value = QList<history::Conversation>(all->begin(), all->end());
            }
            return answer;
        }
        auto hits = shared->store->search(filter, 500);
        if (!hits) {
            answer.error = hits.error().message;
            return answer;
        }
        std::vector<int64_t> ids;
        for (const history::SearchHit& hit : hits.value()) {
            if (std::find(ids.begin(), ids.end(), hit.conversationId) == ids.end()) {
                ids.push_back(hit.conversationId);
            }
        }
        for (int64_t id : ids) {
            if (auto conversation = shared->store->conversation(id);
                conversation && (!workspace || conversation->workspaceId == workspace)) {
                answer.value.append(conversation.value());
            }
        }
        std::stable_sort(answer.value.begin(), answer.value.end(),
                         [](const auto& a, const auto& b) { return a.updatedAt > b.updatedAt; });
        return answer;
    }).then(this, [this, generation, filter](const Answer<QList<history::Conversation>>& answer) {
        if (generation != m_listGeneration) {
            return; // a newer search superseded this one
        }
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("The conversations cannot be read: %1").arg(answer.error));
            return;
        }
        Q_EMIT conversationsListed(answer.value, filter);
    });
}

void HistoryClient::loadMessages(qint64 conversationId)
{
    if (m_state != State::Open) {
        return;
    }
    const quint64 generation = ++m_messagesGeneration;
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, conversationId] {
        Answer<QList<ViewMessage>> answer;
        auto messages = shared->store->messages(conversationId);
        if (!messages) {
            answer.error = messages.error().message;
            return answer;
        }
        auto vault = history::StoredVault::open(*shared->db, conversationId);
        for (const history::Message& stored : messages.value()) {
            ViewMessage message;
            const bool inspector = stored.provider == QLatin1String("inspector");
            if (stored.role == history::Role::User) {
                message.role = ViewMessage::Role::User;
                if (stored.original) {
                    message.text = toDisplay(*stored.original);
                    message.containsRestored = *stored.original != stored.text;
                    if (vault) {
                        message.sentAs = sentAs(redaction::Rehydrator::rehydrate(*vault.value(), stored.text));
                    }
                } else if (vault) {
                    const auto restored = redaction::Rehydrator::rehydrate(*vault.value(), stored.text);
                    message.text = toDisplay(restored.text);
                    message.containsRestored = !restored.restored.empty();
                    message.sentAs = sentAs(restored);
                } else {
                    message.text = toDisplay(stored.text);
                }
            } else {
                message.role = ViewMessage::Role::Assistant;
                message.source = stored.provider + QStringLiteral(" · ") + stored.model;
                message.state = viewState(stored.state);
                message.verbatim = inspector;
                if (vault && !inspector) {
                    const auto restored = redaction::Rehydrator::rehydrate(*vault.value(), stored.text);
                    message.text = toDisplay(restored.text);
                    message.containsRestored = !restored.restored.empty();
                    message.sentAs = sentAs(restored);
                } else {
                    message.text = toDisplay(stored.text);
                }
            }
            answer.value.append(message);
        }
        return answer;
    }).then(this, [this, generation, conversationId](const Answer<QList<ViewMessage>>& answer) {
        if (generation != m_messagesGeneration) {
            return;
        }
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("The conversation cannot be read: %1").arg(answer.error));
            return;
        }
        Q_EMIT messagesLoaded(conversationId, answer.value);
    });
}

void HistoryClient::deleteConversation(qint64 conversationId)
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    {
        QMutexLocker lock(&shared->mutex);
        shared->pendingDeletes.insert(conversationId);
    }
    QtConcurrent::run(&shared->pool, [shared, conversationId] {
        const Status deleted = shared->store->deleteConversation(conversationId);
        QMutexLocker lock(&shared->mutex);
        shared->pendingDeletes.remove(conversationId);
        return deleted ? QString() : deleted.error().message;
    }).then(this, [this, conversationId](const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT queryFailed(tr("The conversation cannot be deleted: %1").arg(error));
            return;
        }
        Q_EMIT conversationDeleted(conversationId);
    });
}

void HistoryClient::listWorkspaces()
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared] {
        Answer<QList<history::Workspace>> answer;
        auto all = shared->store->workspaces();
        if (!all) {
            answer.error = all.error().message;
        } else {
            answer.value = QList<history::Workspace>(all->begin(), all->end());
        }
        return answer;
    }).then(this, [this](const Answer<QList<history::Workspace>>& answer) {
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("The workspaces cannot be read: %1").arg(answer.error));
            return;
        }
        Q_EMIT workspacesListed(answer.value);
    });
}

void HistoryClient::createWorkspace(const QString& name)
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, name] {
        Answer<qint64> answer;
        auto created = shared->store->createWorkspace(name);
        if (!created) {
            answer.error = created.error().message;
        } else {
            answer.value = created.value();
        }
        return answer;
    }).then(this, [this](const Answer<qint64>& answer) {
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("The workspace cannot be created: %1").arg(answer.error));
            return;
        }
        Q_EMIT workspacesChanged(answer.value);
    });
}

void HistoryClient::deleteWorkspace(qint64 id)
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, id] {
        const Status deleted = shared->store->deleteWorkspace(id);
        return deleted ? QString() : deleted.error().message;
    }).then(this, [this, id](const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT queryFailed(tr("The workspace cannot be deleted: %1").arg(error));
            return;
        }
        Q_EMIT workspacesChanged(id);
    });
}

void HistoryClient::renameConversation(qint64 conversationId, const QString& title)
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, conversationId, title] {
        const Status renamed = shared->store->renameConversation(conversationId, title);
        return renamed ? QString() : renamed.error().message;
    }).then(this, [this, conversationId](const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT queryFailed(tr("The conversation cannot be renamed: %1").arg(error));
            return;
        }
        Q_EMIT conversationRenamed(conversationId);
    });
}

void HistoryClient::listAuditEntries(int limit)
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, limit] {
        Answer<QList<audit::AuditEntry>> answer;
        auto entries = audit::AuditLog(*shared->db).entries(0, limit);
        if (!entries) {
            answer.error = entries.error().message;
        } else {
            answer.value = QList<audit::AuditEntry>(entries->begin(), entries->end());
        }
        return answer;
    }).then(this, [this](const Answer<QList<audit::AuditEntry>>& answer) {
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("The audit log cannot be read: %1").arg(answer.error));
            return;
        }
        Q_EMIT auditListed(answer.value);
    });
}

void HistoryClient::verifyAudit()
{
    if (m_state != State::Open) {
        Q_EMIT auditVerified(false, tr("The history is not open, so its audit log cannot be checked."));
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared] {
        Answer<audit::Verification> answer;
        auto verified = audit::AuditLog(*shared->db).verifyWithAnchorFile();
        if (!verified) {
            answer.error = verified.error().message;
        } else {
            answer.value = verified.value();
        }
        return answer;
    }).then(this, [this](const Answer<audit::Verification>& answer) {
        if (!answer.error.isEmpty()) {
            Q_EMIT auditVerified(false, tr("The audit log cannot be checked: %1").arg(answer.error));
        } else if (answer.value.ok) {
            Q_EMIT auditVerified(
                true, tr("The audit chain is intact: %n entry(s) checked.", nullptr, int(answer.value.entries)));
        } else {
            Q_EMIT auditVerified(false,
                                 answer.value.firstBad ? tr("The audit chain is broken at entry %1: %2")
                                                             .arg(*answer.value.firstBad)
                                                             .arg(answer.value.problem)
                                                       : tr("The audit chain is broken: %1").arg(answer.value.problem));
        }
    });
}

void HistoryClient::recordKeySet(const QString& provider)
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, provider] {
        const Status written = audit::AuditLog(*shared->db).keySet(provider);
        return written ? QString() : written.error().message;
    }).then(this, [this](const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT queryFailed(tr("The audit log cannot be written: %1").arg(error));
        }
    });
}

void HistoryClient::flushPolicyAudit()
{
    if (m_state != State::Open) {
        return;
    }
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, path = policy::PolicyAuditSpool::pathFor(m_path)] {
        auto flushed = policy::PolicyAuditSpool(path).flush(*shared->db);
        return flushed ? Answer<int>{flushed.value(), QString()} : Answer<int>{0, flushed.error().message};
    }).then(this, [this](const Answer<int>& answer) {
        if (!answer.error.isEmpty()) {
            Q_EMIT queryFailed(tr("The audit log cannot be written: %1").arg(answer.error));
            return;
        }
        Q_EMIT policyAuditFlushed(answer.value);
    });
}

} // namespace veil::app
