#include "veil/HistoryClient.h"

#include "history/Database.h"
#include "history/StoredVault.h"
#include "keychain/SecretStore.h"
#include "redaction/Rehydrator.h"

#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <span>

namespace veil::app {

using keychain::SecretError;
using keychain::SecureBytes;

struct HistoryClient::Shared
{
    Shared() { pool.setMaxThreadCount(1); }

    QThreadPool pool; ///< one thread: queries run one at a time, in order
    std::unique_ptr<history::Database> db; ///< touched only by the pool's thread once open
    std::unique_ptr<history::HistoryStore> store;
};

namespace {

struct Opened
{
    bool ok = false;
    QString message;
};

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
    auto job = m_secrets.read(keychain::SecretKind::DbKey, m_path).release();
    job->setParent(this);
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (!job->ok()) {
            switch (job->secretError()) {
            case SecretError::NotFound:
                if (QFileInfo::exists(m_path)) {
                    setState(State::Failed,
                             tr("The history database exists, but its key is not in the keychain, so "
                                "it cannot be opened."));
                } else {
                    setState(State::Empty);
                }
                return;
            case SecretError::NoBackend:
                setState(State::Unavailable,
                         tr("No keychain (Secret Service) is available. Veil keeps history only encrypted, with its "
                            "key in the keychain, so history and sending are off until a keychain is running."));
                return;
            case SecretError::Locked:
                setState(State::Unavailable,
                         tr("The keychain is locked or refused access, so the encrypted history cannot be opened."));
                return;
            default:
                setState(State::Failed, tr("The history key cannot be read from the keychain."));
                return;
            }
        }
        if (!QFileInfo::exists(m_path)) {
            setState(State::Empty);
            return;
        }
        auto key = std::make_shared<SecureBytes>(job->takeSecret());
        Shared* shared = m_shared.get();
        QtConcurrent::run(&shared->pool, [shared, key, path = m_path] {
            Opened opened;
            if (key->size() != history::Database::kKeyBytes) {
                opened.message = HistoryClient::tr("The history key in the keychain has the wrong size.");
                return opened;
            }
            auto db = history::Database::open(path,
                                              std::span<const unsigned char, history::Database::kKeyBytes>(
                                                  key->data(), history::Database::kKeyBytes));
            key->clear();
            if (!db) {
                opened.message = db.error().message;
                return opened;
            }
            shared->db = std::move(db.value());
            shared->store = std::make_unique<history::HistoryStore>(*shared->db);
            opened.ok = true;
            return opened;
        }).then(this, [this](const Opened& opened) {
            if (opened.ok) {
                setState(State::Open);
            } else {
                setState(State::Failed, tr("The history cannot be opened: %1").arg(opened.message));
            }
        });
    });
    job->start();
}

void HistoryClient::listConversations(const QString& filter)
{
    if (m_state != State::Open) {
        return;
    }
    const quint64 generation = ++m_listGeneration;
    Shared* shared = m_shared.get();
    QtConcurrent::run(&shared->pool, [shared, filter] {
        Answer<QList<history::Conversation>> answer;
        if (filter.trimmed().isEmpty()) {
            auto all = shared->store->conversations();
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
            if (auto conversation = shared->store->conversation(id)) {
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
                } else if (vault) {
                    message.text = toDisplay(redaction::Rehydrator::rehydrate(*vault.value(), stored.text).text);
                } else {
                    message.text = toDisplay(stored.text);
                }
            } else {
                message.role = ViewMessage::Role::Assistant;
                message.source = stored.provider + QStringLiteral(" · ") + stored.model;
                message.state = viewState(stored.state);
                message.verbatim = inspector;
                message.text = vault && !inspector
                    ? toDisplay(redaction::Rehydrator::rehydrate(*vault.value(), stored.text).text)
                    : toDisplay(stored.text);
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
    QtConcurrent::run(&shared->pool, [shared, conversationId] {
        const Status deleted = shared->store->deleteConversation(conversationId);
        return deleted ? QString() : deleted.error().message;
    }).then(this, [this, conversationId](const QString& error) {
        if (!error.isEmpty()) {
            Q_EMIT queryFailed(tr("The conversation cannot be deleted: %1").arg(error));
            return;
        }
        Q_EMIT conversationDeleted(conversationId);
    });
}

} // namespace veil::app
