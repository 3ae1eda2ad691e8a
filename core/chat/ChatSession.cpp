#include "chat/ChatSession.h"
#include "common/Logging.h"

#include "audit/AuditLog.h"
#include "chat/OpenHistoryJob.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "history/StoredVault.h"
#include "keychain/SecretStore.h"
#include "providers/RequestBuilder.h"
#include "redaction/RedactionEngine.h"
#include "redaction/Rehydrator.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTimer>

#include <sodium.h>

#include <span>

namespace veil::chat {

using keychain::SecretError;
using keychain::SecretKind;
using keychain::SecureBytes;
using providers::ChatJob;
using providers::ProviderKind;

namespace {

constexpr int kFlushIntervalMs = 250;

bool needsApiKey(ProviderKind kind)
{
    return kind == ProviderKind::OpenAi || kind == ProviderKind::Anthropic;
}

} // namespace

ChatSession::ChatSession(keychain::SecretStore& secrets, QNetworkAccessManager* network,
                         std::shared_ptr<const redaction::RedactionEngine> engine, Options options, QObject* parent)
    : Job(parent)
    , m_secrets(secrets)
    , m_network(network)
    , m_engine(std::move(engine))
    , m_options(std::move(options))
{
    m_databasePath = m_options.databasePath.isEmpty() ? defaultDatabasePath() : m_options.databasePath;
    m_databasePath = QFileInfo(m_databasePath).absoluteFilePath();
}

ChatSession::~ChatSession()
{
    sodium_memzero(m_options.prompt.data(), m_options.prompt.size());
    sodium_memzero(m_workspaceContext.data(), m_workspaceContext.size());
}

QString ChatSession::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/veil/history.db");
}

QString ChatSession::modelName() const
{
    if (!m_options.model.isEmpty()) {
        return m_options.model;
    }
    return m_options.provider.models.isEmpty() ? QString() : m_options.provider.models.first();
}

void ChatSession::run()
{
    if (modelName().isEmpty()) {
        stop(Error::Code::InvalidInput,
             QStringLiteral("Provider %1 has no model configured; name one with --model.").arg(m_options.provider.id));
        return;
    }
    openHistory();
}

void ChatSession::cancel()
{
    if (m_pendingJob) {
        m_pendingJob->disconnect(this);
        m_pendingJob->abort();
    }
    if (m_replyMessageId != 0 && m_store) {
        flushReply(true);
        (void)m_store->setState(m_replyMessageId,
                                m_anyReplyText ? history::MessageState::CutOff : history::MessageState::Failed);
    }
}

void ChatSession::stop(Error::Code code, const QString& message)
{
    fail(Error{code, message});
}

void ChatSession::openHistory()
{
    OpenHistoryJob::Options options;
    options.databasePath = m_databasePath;
    options.create = true;
    options.retentionDays = m_options.retentionDays;
    options.askPassphrase = m_options.askPassphrase;
    auto* job = new OpenHistoryJob(m_secrets, std::move(options), this);
    m_pendingJob = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (!job->ok()) {
            stop(job->error().code, job->error().message);
            return;
        }
        m_db = job->takeDatabase();
        m_store = std::make_unique<history::HistoryStore>(*m_db);
        resolveWorkspace();
    });
    job->start();
}

void ChatSession::resolveWorkspace()
{
    std::optional<int64_t> conversationWorkspace;
    if (m_options.conversationId) {
        auto conversation = m_store->conversation(*m_options.conversationId);
        if (!conversation) {
            stop(conversation.error().code, conversation.error().message);
            return;
        }
        conversationWorkspace = conversation->workspaceId;
    }
    if (m_options.workspace.isEmpty() && !conversationWorkspace) {
        preparePrompt();
        return;
    }
    auto workspaces = m_store->workspaces();
    if (!workspaces) {
        stop(workspaces.error().code, workspaces.error().message);
        return;
    }
    for (const history::Workspace& workspace : workspaces.value()) {
        if (m_options.workspace.isEmpty() ? workspace.id == *conversationWorkspace
                                          : workspace.name == m_options.workspace) {
            m_workspaceId = workspace.id;
            m_workspaceName = workspace.name;
        }
    }
    if (!m_workspaceId) {
        stop(Error::Code::NotFound,
             QStringLiteral("There is no workspace %1; create it with `veilctl workspaces add %1`.")
                 .arg(m_options.workspace));
        return;
    }
    if (m_options.conversationId && conversationWorkspace != m_workspaceId) {
        stop(Error::Code::InvalidInput,
             QStringLiteral("Conversation %1 is not in workspace %2.")
                 .arg(*m_options.conversationId)
                 .arg(m_workspaceName));
        return;
    }
    readWorkspaceContext();
}

void ChatSession::readWorkspaceContext()
{
    auto job = m_secrets.read(SecretKind::Context, m_workspaceName).release();
    job->setParent(this);
    m_pendingJob = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (!job->ok() && job->secretError() != SecretError::NotFound) {
            stop(job->error().code,
                 QStringLiteral("The context of workspace %1 cannot be read: %2")
                     .arg(m_workspaceName, job->error().message));
            return;
        }
        if (job->ok()) {
            const SecureBytes& secret = job->secret();
            if (secret.size() > kMaxWorkspaceContextBytes) {
                stop(Error::Code::InvalidInput,
                     QStringLiteral("The context of workspace %1 is larger than 64 KiB, so nothing was sent.")
                         .arg(m_workspaceName));
                return;
            }
            m_workspaceContext.assign(reinterpret_cast<const char*>(secret.data()), secret.size());
        }
        preparePrompt();
    });
    job->start();
}

bool ChatSession::stoppedByScan(const std::string& text, const QString& what, const QString& model)
{
    const auto scan = m_engine->scan(text);
    if (!scan.blocked && !(scan.needsConfirmation && !m_options.confirmWarnings)) {
        return false;
    }
    audit::AuditLog audit(*m_db);
    const auto wanted = scan.blocked ? redaction::Action::Block : redaction::Action::Warn;
    for (const auto& finding : scan.findings) {
        if (finding.action == wanted && finding.rule) {
            m_stoppingRules.push_back(finding.rule->id);
        }
    }
    if (scan.blocked) {
        m_outcome = Outcome::Blocked;
        (void)audit.promptBlocked(
            audit::PromptBlocked{m_options.provider.id, model, m_options.policyVersion, m_stoppingRules});
        const QString rule = m_stoppingRules.empty() ? QStringLiteral("(scan capacity)")
                                                     : QString::fromStdString(m_stoppingRules.front());
        if (what.isEmpty()) { // the prompt itself
            stop(Error::Code::Denied,
                 scan.capacityExceeded && m_stoppingRules.empty()
                     ? QStringLiteral("The prompt is too complex to scan completely, so it was not sent.")
                     : QStringLiteral("The prompt was not sent: it is blocked by rule %1.").arg(rule));
        } else {
            stop(Error::Code::Denied,
                 scan.capacityExceeded && m_stoppingRules.empty()
                     ? QStringLiteral("The prompt was not sent: %1 is too complex to scan completely.").arg(what)
                     : QStringLiteral("The prompt was not sent: %1 is blocked by rule %2.").arg(what, rule));
        }
    } else {
        m_outcome = Outcome::NeedsConfirmation;
        const QString rule = QString::fromStdString(m_stoppingRules.front());
        stop(Error::Code::Denied,
             what.isEmpty()
                 ? QStringLiteral("The prompt was not sent: rule %1 asks for confirmation.").arg(rule)
                 : QStringLiteral("The prompt was not sent: rule %1 in %2 asks for confirmation.").arg(rule, what));
    }
    return true;
}

void ChatSession::preparePrompt()
{
    const QString model = modelName();

    // Policy first: nothing is stored or sent for a prompt a rule stops.
    if (!m_workspaceContext.empty()
        && stoppedByScan(m_workspaceContext, QStringLiteral("the context of workspace %1").arg(m_workspaceName),
                         model)) {
        return;
    }
    if (stoppedByScan(m_options.prompt, QString(), model)) {
        return;
    }

    // The conversation and its vault.
    if (m_options.conversationId) {
        auto conversation = m_store->conversation(*m_options.conversationId);
        if (!conversation) {
            stop(conversation.error().code, conversation.error().message);
            return;
        }
        m_conversationId = conversation->id;
    } else {
        auto created = m_store->createConversation(QString(), m_workspaceId);
        if (!created) {
            stop(created.error().code, created.error().message);
            return;
        }
        m_conversationId = created.value();
    }
    auto vault = history::StoredVault::open(*m_db, *m_conversationId);
    if (!vault) {
        stop(vault.error().code, vault.error().message);
        return;
    }
    m_vault = std::move(vault.value());

    auto redaction = m_engine->redact(m_options.prompt, *m_vault);
    qCDebug(lcChat) << "prompt redacted:" << redaction.findings.size() << "findings, blocked" << redaction.blocked;
    if (!m_vault->status()) {
        stop(m_vault->status().error().code, m_vault->status().error().message);
        return;
    }
    if (redaction.blocked) { // the scan above said otherwise; never send on disagreement
        m_outcome = Outcome::Blocked;
        stop(Error::Code::Denied, QStringLiteral("The prompt was not sent: it is blocked by policy."));
        return;
    }

    history::NewUserMessage message;
    message.text = redaction.redacted;
    message.provider = m_options.provider.id;
    message.model = model;
    std::map<std::pair<std::string, std::string>, int> counts;
    for (const auto& found : redaction.findings) {
        const std::string type = found.finding.rule ? found.finding.rule->placeholderType : std::string();
        ++counts[{found.finding.rule ? found.finding.rule->id : std::string(), type}];
        ++m_findingsByType[type];
    }
    for (const auto& [key, count] : counts) {
        message.findings.push_back(history::FindingCount{key.first, key.second, count});
    }
    m_promptBytes = int64_t(m_options.prompt.size());
    m_sentBytes = int64_t(redaction.redacted.size());

    // Earlier turns first, exactly as they were sent and received (same placeholders).
    auto earlier = m_store->messages(*m_conversationId);
    if (!earlier) {
        stop(earlier.error().code, earlier.error().message);
        return;
    }
    if (m_store->conversation(*m_conversationId)->title.isEmpty()) {
        (void)m_store->renameConversation(
            *m_conversationId,
            QString::fromUtf8(redaction.redacted.data(), qsizetype(std::min<size_t>(redaction.redacted.size(), 60)))
                .simplified());
    }
    auto userId = m_store->appendUserMessage(*m_conversationId, message);
    if (!userId) {
        stop(userId.error().code, userId.error().message);
        return;
    }
    m_userMessageId = userId.value();

    m_request = providers::ChatRequest{};
    m_request.model = model;
    if (!m_workspaceContext.empty()) {
        auto context = m_engine->redact(m_workspaceContext, *m_vault);
        if (!m_vault->status() || context.blocked) {
            (void)m_store->setState(m_userMessageId, history::MessageState::Failed);
            m_outcome = context.blocked ? Outcome::Blocked : Outcome::None;
            stop(context.blocked ? Error::Code::Denied : m_vault->status().error().code,
                 context.blocked
                     ? QStringLiteral("The prompt was not sent: the workspace context is blocked by policy.")
                     : m_vault->status().error().message);
            return;
        }
        for (const auto& found : context.findings) {
            ++m_findingsByType[found.finding.rule ? found.finding.rule->placeholderType : std::string()];
        }
        m_sentBytes += int64_t(context.redacted.size());
        m_request.system = QString::fromStdString(context.redacted);
    }
    for (const auto& earlierMessage : earlier.value()) {
        if (earlierMessage.state == history::MessageState::Failed || earlierMessage.text.empty()) {
            continue;
        }
        if (earlierMessage.role == history::Role::Assistant) {
            // The inspector's answers describe requests; they were never part of a conversation with a model.
            if (earlierMessage.provider == QLatin1String("inspector")) {
                continue;
            }
            if (earlierMessage.state == history::MessageState::Sending) {
                continue;
            }
        } else if (earlierMessage.role != history::Role::User) {
            continue;
        }
        m_request.messages.push_back(providers::ChatMessage{earlierMessage.role == history::Role::User
                                                                ? providers::ChatMessage::Role::User
                                                                : providers::ChatMessage::Role::Assistant,
                                                            QString::fromStdString(earlierMessage.text)});
    }
    m_request.messages.push_back(
        providers::ChatMessage{providers::ChatMessage::Role::User, QString::fromStdString(message.text)});

    auto replyId = m_store->startAssistantMessage(*m_conversationId, m_options.provider.id, model);
    if (!replyId) {
        (void)m_store->setState(m_userMessageId, history::MessageState::Failed);
        stop(replyId.error().code, replyId.error().message);
        return;
    }
    m_replyMessageId = replyId.value();
    m_rehydrator = std::make_unique<redaction::Rehydrator>(*m_vault);
    m_sinceFlush.start();

    if (m_options.provider.kind == ProviderKind::Inspector) {
        // Answer from the event loop, like any reply.
        QTimer::singleShot(0, this, [this] { answerAsInspector(); });
        return;
    }
    readApiKey();
}

void ChatSession::readApiKey()
{
    auto job = m_secrets.read(SecretKind::ApiKey, m_options.provider.id).release();
    job->setParent(this);
    m_pendingJob = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (job->ok()) {
            send(job->takeSecret());
            return;
        }
        const bool optional = !needsApiKey(m_options.provider.kind);
        if (optional && (job->secretError() == SecretError::NotFound || job->secretError() == SecretError::NoBackend)) {
            send(SecureBytes());
            return;
        }
        QString message;
        if (job->secretError() == SecretError::NotFound) {
            message = QStringLiteral("There is no API key for provider %1; set one with `veilctl keys set %1`.")
                          .arg(m_options.provider.id);
        } else if (job->secretError() == SecretError::NoBackend) {
            message = QStringLiteral("No keychain (Secret Service) is available to read the API key of provider %1.")
                          .arg(m_options.provider.id);
        } else {
            message = QStringLiteral("The API key of provider %1 cannot be read: %2")
                          .arg(m_options.provider.id, job->error().message);
        }
        finishReply(Outcome::Failed, Error{job->error().code, message});
    });
    job->start();
}

void ChatSession::send(SecureBytes apiKey)
{
    // ChatJob copies the key for the request's lifetime and overwrites it when it ends.
    QByteArray key(reinterpret_cast<const char*>(apiKey.data()), qsizetype(apiKey.size()));
    auto* job = new ChatJob(m_network, m_options.provider, m_request, key, this);
    sodium_memzero(key.data(), size_t(key.size()));
    apiKey.clear();
    if (m_noRetryWait) {
        job->setRetryWait([](int) { return 0; });
    }
    m_pendingJob = job;
    m_requestStarted = true;
    connect(job, &ChatJob::streamEvent, this, [this](const providers::StreamEvent& event) {
        if (const auto* delta = std::get_if<providers::TextDelta>(&event); delta && delta->choice == 0) {
            deliver(delta->text);
        }
    });
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        m_providerFailure = job->failure();
        if (job->ok()) {
            finishReply(Outcome::Answered, std::nullopt);
        } else {
            finishReply(m_anyReplyText ? Outcome::CutOff : Outcome::Failed, job->error());
        }
    });
    job->start();
}

void ChatSession::answerAsInspector()
{
    const QByteArray body = providers::RequestBuilder::body(ProviderKind::Inspector, m_request);
    const std::string text(body.constData(), size_t(body.size()));
    m_anyReplyText = true;
    m_unflushed += text;
    Q_EMIT rawText(body);
    Q_EMIT restoredText(body); // shown as it would leave: never restored
    finishReply(Outcome::Answered, std::nullopt);
}

void ChatSession::deliver(const std::string& piece)
{
    if (piece.empty()) {
        return;
    }
    m_anyReplyText = true;
    m_unflushed += piece;
    Q_EMIT rawText(QByteArray(piece.data(), qsizetype(piece.size())));
    const auto restored = m_rehydrator->feed(piece);
    if (!restored.text.empty()) {
        Q_EMIT restoredText(QByteArray(restored.text.data(), qsizetype(restored.text.size())));
    }
    flushReply(false);
}

void ChatSession::flushReply(bool force)
{
    if (m_unflushed.empty() || (!force && m_sinceFlush.elapsed() < kFlushIntervalMs)) {
        return;
    }
    (void)m_store->appendReply(m_replyMessageId, m_unflushed);
    sodium_memzero(m_unflushed.data(), m_unflushed.size());
    m_unflushed.clear();
    m_sinceFlush.restart();
}

void ChatSession::finishReply(Outcome outcome, std::optional<Error> error)
{
    qCDebug(lcChat) << "reply finished: outcome" << int(outcome) << "error code" << (error ? int(error->code) : 0);
    m_pendingJob = nullptr;
    if (m_rehydrator && m_options.provider.kind != ProviderKind::Inspector) {
        const auto rest = m_rehydrator->finish();
        if (!rest.text.empty()) {
            Q_EMIT restoredText(QByteArray(rest.text.data(), qsizetype(rest.text.size())));
        }
    }
    flushReply(true);
    m_outcome = outcome;
    const auto replyState = outcome == Outcome::Answered ? history::MessageState::Complete
        : outcome == Outcome::CutOff                     ? history::MessageState::CutOff
                                                         : history::MessageState::Failed;
    (void)m_store->setState(m_replyMessageId, replyState);
    const bool inspector = m_options.provider.kind == ProviderKind::Inspector;
    const bool wentOut = m_requestStarted && m_providerFailure != ChatJob::Failure::Refused;
    (void)m_store->setState(m_userMessageId,
                            wentOut || inspector ? history::MessageState::Complete : history::MessageState::Failed);
    if (wentOut) {
        audit::AuditLog audit(*m_db);
        audit::PromptSent entry;
        entry.provider = m_options.provider.id;
        entry.model = modelName();
        entry.policyVersion = m_options.policyVersion;
        entry.findingsByType = m_findingsByType;
        entry.promptBytes = m_promptBytes;
        entry.sentBytes = m_sentBytes;
        (void)audit.promptSent(entry);
    }
    if (error) {
        fail(*error);
    } else {
        succeed();
    }
}

} // namespace veil::chat
