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

#include <algorithm>
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
    if (!m_options.storeHistory) {
        m_unstored = m_options.unstored;
    }
    m_databasePath = m_options.databasePath.isEmpty() ? defaultDatabasePath() : m_options.databasePath;
    m_databasePath = QFileInfo(m_databasePath).absoluteFilePath();
}

ChatSession::~ChatSession()
{
    sodium_memzero(m_options.prompt.data(), m_options.prompt.size());
    sodium_memzero(m_workspaceContext.data(), m_workspaceContext.size());
    sodium_memzero(m_unstoredReply.data(), m_unstoredReply.size());
}

QString ChatSession::defaultDatabasePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/veil/history.db");
}

const Status& ChatSession::vaultStatus() const
{
    static const Status ok;
    return m_storedVault ? m_storedVault->status() : ok;
}

void ChatSession::markUserMessage(history::MessageState state)
{
    if (m_userMessageId != 0) {
        (void)m_store->setState(m_userMessageId, state);
    }
}

std::optional<int64_t> ChatSession::storedPolicyVersion() const
{
    // The audit entries write 0 for "no bundle"; the history keeps that as NULL (unmanaged or unknown).
    return m_options.policyVersion > 0 ? std::optional<int64_t>(m_options.policyVersion) : std::nullopt;
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
    if (!m_options.storeHistory && m_options.conversationId) {
        stop(Error::Code::InvalidInput,
             QStringLiteral("The organization's policy keeps no history, so conversation %1 cannot be continued.")
                 .arg(*m_options.conversationId));
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
    options.logRetentionDays = m_options.logRetentionDays;
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

    // The conversation and its vault: in the database, or (the policy keeps no history) in memory only.
    if (!m_options.storeHistory) {
        if (!m_unstored) {
            m_unstored = std::make_shared<UnstoredConversation>();
        }
        m_vault = &m_unstored->vault;
    } else {
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
        m_storedVault = std::move(vault.value());
        m_vault = m_storedVault.get();
    }

    auto redaction = m_engine->redact(m_options.prompt, *m_vault);
    qCDebug(lcChat) << "prompt redacted:" << redaction.findings.size() << "findings, blocked" << redaction.blocked;
    if (const Status& vaulted = vaultStatus(); !vaulted) {
        stop(vaulted.error().code, vaulted.error().message);
        return;
    }
    if (redaction.blocked) { // the scan above said otherwise; never send on disagreement
        m_outcome = Outcome::Blocked;
        stop(Error::Code::Denied, QStringLiteral("The prompt was not sent: it is blocked by policy."));
        return;
    }
    m_promptSentAs.clear();
    for (const redaction::RedactedFinding& found : redaction.findings) {
        const std::string_view value
            = std::string_view(m_options.prompt).substr(found.finding.start, found.finding.end - found.finding.start);
        const QString placeholder = QString::fromStdString(found.placeholder);
        if (std::none_of(m_promptSentAs.cbegin(), m_promptSentAs.cend(),
                         [&](const auto& pair) { return pair.second == placeholder; })) {
            m_promptSentAs.append({QString::fromUtf8(value.data(), qsizetype(value.size())), placeholder});
        }
    }
    Q_EMIT promptRedacted(!redaction.findings.empty());

    history::NewUserMessage message;
    message.text = redaction.redacted;
    if (m_options.storeOriginals) {
        message.original = m_options.prompt; // encrypted with the rest; exports never read it
    }
    message.provider = m_options.provider.id;
    message.model = model;
    message.policyVersion = storedPolicyVersion();
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
    std::vector<providers::ChatMessage> earlierTurns;
    if (m_unstored) {
        earlierTurns = m_unstored->turns;
    } else {
        auto earlier = m_store->messages(*m_conversationId);
        if (!earlier) {
            stop(earlier.error().code, earlier.error().message);
            return;
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
            earlierTurns.push_back(providers::ChatMessage{earlierMessage.role == history::Role::User
                                                              ? providers::ChatMessage::Role::User
                                                              : providers::ChatMessage::Role::Assistant,
                                                          QString::fromStdString(earlierMessage.text)});
        }
        if (m_store->conversation(*m_conversationId)->title.isEmpty()) {
            (void)m_store->renameConversation(
                *m_conversationId,
                QString::fromUtf8(redaction.redacted.data(), qsizetype(std::min<size_t>(redaction.redacted.size(), 60)))
                    .simplified());
        }
        auto userId = m_store->appendUserMessage(*m_conversationId, message);
        if (!userId) {
            if (message.original) {
                sodium_memzero(message.original->data(), message.original->size());
            }
            stop(userId.error().code, userId.error().message);
            return;
        }
        m_userMessageId = userId.value();
    }
    if (message.original) {
        sodium_memzero(message.original->data(), message.original->size());
    }

    m_request = providers::ChatRequest{};
    m_request.model = model;
    if (!m_workspaceContext.empty()) {
        auto context = m_engine->redact(m_workspaceContext, *m_vault);
        if (!vaultStatus() || context.blocked) {
            markUserMessage(history::MessageState::Failed);
            m_outcome = context.blocked ? Outcome::Blocked : Outcome::None;
            stop(context.blocked ? Error::Code::Denied : vaultStatus().error().code,
                 context.blocked
                     ? QStringLiteral("The prompt was not sent: the workspace context is blocked by policy.")
                     : vaultStatus().error().message);
            return;
        }
        for (const auto& found : context.findings) {
            ++m_findingsByType[found.finding.rule ? found.finding.rule->placeholderType : std::string()];
        }
        m_sentBytes += int64_t(context.redacted.size());
        m_request.system = QString::fromStdString(context.redacted);
    }
    m_request.messages = std::move(earlierTurns);
    m_request.messages.push_back(
        providers::ChatMessage{providers::ChatMessage::Role::User, QString::fromStdString(message.text)});

    if (m_unstored) {
        m_sentPrompt = message.text;
    } else {
        auto replyId
            = m_store->startAssistantMessage(*m_conversationId, m_options.provider.id, model, storedPolicyVersion());
        if (!replyId) {
            markUserMessage(history::MessageState::Failed);
            stop(replyId.error().code, replyId.error().message);
            return;
        }
        m_replyMessageId = replyId.value();
    }
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
    noteRestored(restored);
    if (!restored.text.empty()) {
        Q_EMIT restoredText(QByteArray(restored.text.data(), qsizetype(restored.text.size())));
    }
    flushReply(false);
}

void ChatSession::noteRestored(const redaction::RehydratedText& restored)
{
    for (const redaction::RestoredSpan& span : restored.restored) {
        const QString placeholder = QString::fromStdString(span.placeholder);
        if (std::none_of(m_replySentAs.cbegin(), m_replySentAs.cend(),
                         [&](const auto& pair) { return pair.second == placeholder; })) {
            m_replySentAs.append(
                {QString::fromUtf8(restored.text.data() + span.offset, qsizetype(span.length)), placeholder});
        }
    }
}

void ChatSession::flushReply(bool force)
{
    if (m_unflushed.empty() || (!force && m_sinceFlush.elapsed() < kFlushIntervalMs)) {
        return;
    }
    if (m_unstored) {
        m_unstoredReply += m_unflushed;
    } else {
        (void)m_store->appendReply(m_replyMessageId, m_unflushed);
    }
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
        noteRestored(rest);
        if (!rest.text.empty()) {
            Q_EMIT restoredText(QByteArray(rest.text.data(), qsizetype(rest.text.size())));
        }
    }
    flushReply(true);
    m_outcome = outcome;
    const auto replyState = outcome == Outcome::Answered ? history::MessageState::Complete
        : outcome == Outcome::CutOff                     ? history::MessageState::CutOff
                                                         : history::MessageState::Failed;
    const bool inspector = m_options.provider.kind == ProviderKind::Inspector;
    const bool wentOut = m_requestStarted && m_providerFailure != ChatJob::Failure::Refused;
    if (m_unstored) {
        // Kept in memory only, for the next turn of this conversation, as a stored one would be.
        if (wentOut || inspector) {
            m_unstored->turns.push_back(
                providers::ChatMessage{providers::ChatMessage::Role::User, QString::fromStdString(m_sentPrompt)});
            if (!inspector && replyState != history::MessageState::Failed && !m_unstoredReply.empty()) {
                m_unstored->turns.push_back(providers::ChatMessage{providers::ChatMessage::Role::Assistant,
                                                                   QString::fromStdString(m_unstoredReply)});
            }
        }
    } else {
        (void)m_store->setState(m_replyMessageId, replyState);
    }
    markUserMessage(wentOut || inspector ? history::MessageState::Complete : history::MessageState::Failed);
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
