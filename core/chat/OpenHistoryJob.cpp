#include "chat/OpenHistoryJob.h"

#include "audit/AuditLog.h"
#include "chat/HistoryMaintenance.h"
#include "history/Database.h"
#include "keychain/PassphraseKey.h"
#include "keychain/SecretStore.h"
#include "policy/PolicyAuditSpool.h"

#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <span>
#include <unistd.h>

namespace veil::chat {

using keychain::SecretError;
using keychain::SecretKind;
using keychain::SecureBytes;

namespace {

QString noKeychain()
{
    return QStringLiteral("No keychain (Secret Service) is available to hold the history key, and Veil never "
                          "keeps history unencrypted; use passphrase mode instead (veilctl history rekey "
                          "--to-passphrase).");
}

std::span<const unsigned char, history::Database::kKeyBytes> keySpan(const SecureBytes& key)
{
    return std::span<const unsigned char, history::Database::kKeyBytes>(key.data(), history::Database::kKeyBytes);
}

} // namespace

void removeDurably(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    if (::unlink(native.constData()) != 0) {
        return;
    }
    const int dir = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

Status renameDurably(const QString& from, const QString& to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0) {
        return Status::failure(Error::Code::Unavailable,
                               QStringLiteral("The file %1 cannot be renamed (%2).")
                                   .arg(QFileInfo(from).fileName(), QString::fromLocal8Bit(::strerror(errno))));
    }
    const int dir = ::open(QFile::encodeName(QFileInfo(to).absolutePath()).constData(), O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

OpenHistoryJob::OpenHistoryJob(keychain::SecretStore& secrets, Options options, QObject* parent)
    : Job(parent)
    , m_secrets(secrets)
    , m_options(std::move(options))
{
    m_options.databasePath = QFileInfo(m_options.databasePath).absoluteFilePath();
}

OpenHistoryJob::~OpenHistoryJob() = default;

std::unique_ptr<history::Database> OpenHistoryJob::takeDatabase()
{
    return std::move(m_db);
}

QString OpenHistoryJob::pendingKeyName(const QString& databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QStringLiteral(".rekey-pending");
}

QString OpenHistoryJob::pendingParamsPathFor(const QString& databasePath)
{
    return keychain::PassphraseKey::paramsPathFor(databasePath) + QStringLiteral(".pending");
}

Error OpenHistoryJob::keychainError(const keychain::SecretJob& job, const QString& what)
{
    switch (job.secretError()) {
    case SecretError::NoBackend:
        return Error{Error::Code::Unavailable, noKeychain()};
    case SecretError::Locked:
        return Error{
            Error::Code::Unavailable,
            QStringLiteral("The keychain is locked or refused access, so the history key cannot be %1.").arg(what)};
    default:
        return Error{job.error().code,
                     QStringLiteral("The history key cannot be %1: %2").arg(what, job.error().message)};
    }
}

template <typename J, typename Then>
void OpenHistoryJob::follow(std::unique_ptr<J> owned, Then then)
{
    J* job = owned.release();
    job->setParent(this);
    m_pendingJob = job;
    connect(job, &Job::finished, this, [this, job, then] {
        job->deleteLater();
        m_pendingJob = nullptr;
        then(*job);
    });
    job->start();
}

void OpenHistoryJob::cancel()
{
    if (m_pendingJob) {
        m_pendingJob->disconnect(this);
        m_pendingJob->abort();
    }
}

void OpenHistoryJob::run()
{
    const QString& path = m_options.databasePath;
    if (path.isEmpty()) {
        fail(Error{Error::Code::InvalidInput, QStringLiteral("No path was given for the history database.")});
        return;
    }
    const bool hasParams = QFileInfo::exists(keychain::PassphraseKey::paramsPathFor(path));
    const bool hasPendingParams = QFileInfo::exists(pendingParamsPathFor(path));
    if (!QFileInfo::exists(path)) {
        if (!m_options.create) {
            m_noHistory = true;
            fail(
                Error{Error::Code::NotFound, QStringLiteral("There is no history yet (no database at %1).").arg(path)});
            return;
        }
        if (hasParams) {
            m_plan = {Source::Derived}; // creates the file with the derived key
        } else {
            m_plan = {Source::Main}; // an existing key, else createKey()
        }
        next();
        return;
    }
    if (hasParams) {
        m_plan = {Source::Derived};
        if (hasPendingParams) {
            m_plan.push_back(Source::PendingDerived);
        }
        m_plan.push_back(Source::Main);
        m_plan.push_back(Source::Pending);
    } else {
        m_plan = {Source::Main, Source::Pending};
        if (hasPendingParams) {
            m_plan.push_back(Source::PendingDerived);
        }
    }
    next();
}

void OpenHistoryJob::next()
{
    if (m_plan.empty()) {
        failWithLastError();
        return;
    }
    const Source source = m_plan.front();
    m_plan.erase(m_plan.begin());
    attempt(source);
}

void OpenHistoryJob::failWithLastError()
{
    fail(m_lastError.value_or(
        Error{Error::Code::Internal, QStringLiteral("The history database cannot be opened with any known key.")}));
}

void OpenHistoryJob::attempt(Source source)
{
    if (source == Source::Derived || source == Source::PendingDerived) {
        derive(source);
        return;
    }
    if (!m_keychainRead) {
        // Read both items once, then come back here for the source at hand.
        m_plan.insert(m_plan.begin(), source);
        follow(m_secrets.read(SecretKind::DbKey, m_options.databasePath), [this](keychain::ReadSecretJob& job) {
            if (job.ok()) {
                m_mainKey = job.takeSecret();
            } else if (job.secretError() != SecretError::NotFound) {
                m_keychainError = keychainError(job, QStringLiteral("read from the keychain"));
                m_keychainRead = true;
                next();
                return;
            }
            follow(m_secrets.read(SecretKind::DbKey, pendingKeyName(m_options.databasePath)),
                   [this](keychain::ReadSecretJob& pending) {
                       if (pending.ok()) {
                           m_pendingKey = pending.takeSecret();
                       } else if (pending.secretError() != SecretError::NotFound) {
                           m_keychainError = keychainError(pending, QStringLiteral("read from the keychain"));
                       }
                       m_keychainRead = true;
                       next();
                   });
        });
        return;
    }
    const bool fileExists = QFileInfo::exists(m_options.databasePath);
    std::optional<SecureBytes>& key = source == Source::Main ? m_mainKey : m_pendingKey;
    if (!key) {
        if (source == Source::Main && !fileExists && !m_keychainError) {
            createKey();
            return;
        }
        if (!m_lastError) {
            if (m_keychainError) {
                m_lastError = *m_keychainError;
            } else if (source == Source::Main) {
                m_lastError = Error{Error::Code::NotFound,
                                    QStringLiteral("The history database %1 exists, but its key is not in the "
                                                   "keychain, so it cannot be opened.")
                                        .arg(m_options.databasePath)};
            }
        }
        next();
        return;
    }
    Error error;
    if (tryOpen(*key, error)) {
        opened(source);
        return;
    }
    if (error.code != Error::Code::InvalidInput) {
        fail(error); // busy, read-only, newer schema...: not a question of which key
        return;
    }
    if (!m_lastError) {
        m_lastError = error;
    }
    next();
}

void OpenHistoryJob::derive(Source source)
{
    const QString paramsPath = source == Source::Derived
        ? keychain::PassphraseKey::paramsPathFor(m_options.databasePath)
        : pendingParamsPathFor(m_options.databasePath);
    if (!m_passphraseAsked) {
        m_passphraseAsked = true;
        if (m_options.askPassphrase) {
            m_passphrase = m_options.askPassphrase();
        }
    }
    if (!m_passphrase || m_passphrase->isEmpty()) {
        if (!m_lastError) {
            m_lastError = Error{Error::Code::Denied,
                                QStringLiteral("The history is protected by a passphrase, and none was given.")};
        }
        next();
        return;
    }
    auto params = keychain::PassphraseKey::load(paramsPath);
    if (!params) {
        if (!m_lastError) {
            m_lastError = params.error();
        }
        next();
        return;
    }
    auto job = std::make_unique<keychain::DeriveKeyJob>(SecureBytes::copyOf(m_passphrase->view()), params.value());
    follow(std::move(job), [this, source](keychain::DeriveKeyJob& derived) {
        if (!derived.ok()) {
            fail(derived.error());
            return;
        }
        SecureBytes key = derived.takeKey();
        Error error;
        const bool opened = tryOpen(key, error);
        key.clear();
        if (opened) {
            this->opened(source);
            return;
        }
        if (error.code != Error::Code::InvalidInput) {
            fail(error);
            return;
        }
        if (!m_lastError) {
            m_lastError = Error{Error::Code::InvalidInput,
                                QStringLiteral("The passphrase is wrong, or the history database is damaged.")};
        }
        next();
    });
}

bool OpenHistoryJob::tryOpen(const SecureBytes& key, Error& error)
{
    if (key.size() != history::Database::kKeyBytes) {
        error = Error{Error::Code::InvalidInput, QStringLiteral("The history key in the keychain has the wrong size.")};
        return false;
    }
    auto db = history::Database::open(m_options.databasePath, keySpan(key));
    if (!db) {
        error = db.error();
        return false;
    }
    m_db = std::move(db.value());
    return true;
}

void OpenHistoryJob::createKey()
{
    // First use: a random 256-bit key, stored before the database is created with it.
    SecureBytes key(history::Database::kKeyBytes);
    randombytes_buf(key.data(), key.size());
    SecureBytes copy = SecureBytes::copyOf(key.view());
    m_mainKey = std::move(key);
    follow(m_secrets.write(SecretKind::DbKey, m_options.databasePath, QString(), std::move(copy)),
           [this](keychain::WriteSecretJob& job) {
               if (!job.ok()) {
                   m_mainKey.reset();
                   fail(keychainError(job, QStringLiteral("stored in the keychain")));
                   return;
               }
               Error error;
               if (!tryOpen(*m_mainKey, error)) {
                   fail(error);
                   return;
               }
               opened(Source::Main);
           });
}

void OpenHistoryJob::opened(Source source)
{
    m_hadPendingKey = m_pendingKey.has_value();
    if (source == Source::Pending) {
        m_promote = std::move(*m_pendingKey);
    }
    m_mainKey.reset();
    m_pendingKey.reset();
    m_mode = source == Source::Derived || source == Source::PendingDerived ? Mode::Passphrase : Mode::Keychain;
    cleanUp(source);
}

void OpenHistoryJob::removeKeychainItem(const QString& name, std::function<void(bool removed)> then)
{
    follow(m_secrets.remove(SecretKind::DbKey, name),
           [then](keychain::RemoveSecretJob& job) { then(job.ok() || job.secretError() == SecretError::NotFound); });
}

QString OpenHistoryJob::staleKeysMarkerFor(const QString& databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QStringLiteral(".stale-keys");
}

void OpenHistoryJob::removeStaleKeys(bool passphraseMode)
{
    // Only when a rekey said it left items behind: a passphrase-mode open asks no keychain otherwise.
    const QString& path = m_options.databasePath;
    const QString marker = staleKeysMarkerFor(path);
    if (!QFileInfo::exists(marker)) {
        succeed();
        return;
    }
    removeKeychainItem(pendingKeyName(path), [this, passphraseMode, marker, path](bool pendingGone) {
        const auto done = [this, marker](bool allGone) {
            if (allGone) {
                removeDurably(marker);
            }
            succeed();
        };
        if (!passphraseMode) {
            done(pendingGone); // the main item holds the key in force: it stays
            return;
        }
        removeKeychainItem(path, [done, pendingGone](bool mainGone) { done(pendingGone && mainGone); });
    });
}

void OpenHistoryJob::cleanUp(Source source)
{
    // We hold the file open now, so no rekey is running: whatever is left of one is decided here.
    const QString& path = m_options.databasePath;
    const QString params = keychain::PassphraseKey::paramsPathFor(path);
    const QString pendingParams = pendingParamsPathFor(path);
    switch (source) {
    case Source::Derived:
        removeDurably(pendingParams); // new parameters whose rekey never committed
        finishOpen();
        return;
    case Source::PendingDerived:
        // The rekey to a new passphrase committed; its parameters become the ones in force.
        m_recovered = true;
        if (Status renamed = renameDurably(pendingParams, params); !renamed) {
            fail(renamed.error());
            return;
        }
        finishOpen();
        return;
    case Source::Main: {
        const bool wasPassphrase = QFileInfo::exists(params);
        removeDurably(pendingParams);
        removeDurably(params); // a rekey from a passphrase to the keychain got past storing the main key
        m_recovered = wasPassphrase;
        if (m_hadPendingKey) {
            // Stale (the rekey never committed), or equal to the main key (it got past storing it).
            removeKeychainItem(pendingKeyName(path), [this](bool) { finishOpen(); });
            return;
        }
        finishOpen();
        return;
    }
    case Source::Pending: {
        // The rekey to a new keychain key committed: the pending key becomes the main key, then goes.
        m_recovered = true;
        removeDurably(pendingParams);
        removeDurably(params);
        SecureBytes copy = SecureBytes::copyOf(m_promote.view());
        m_promote.clear();
        follow(m_secrets.write(SecretKind::DbKey, path, QString(), std::move(copy)),
               [this, path](keychain::WriteSecretJob& job) {
                   if (!job.ok()) {
                       finishOpen(); // the pending item stays; the next open tries again
                       return;
                   }
                   removeKeychainItem(pendingKeyName(path), [this](bool) { finishOpen(); });
               });
        return;
    }
    }
}

void OpenHistoryJob::finishOpen()
{
    // The upkeep after opening (anchor adoption, the policy audit spool, retention) can take a while on a large
    // history: it runs on a worker thread. The database goes with it and comes back; should this job be
    // destroyed meanwhile, the database is closed where the work ends.
    struct Upkeep
    {
        std::unique_ptr<history::Database> db;
        history::HistoryStore::PurgeCounts purged;
        Status retentionStatus;
        Status spoolStatus;
        int64_t auditPruned = 0;
    };
    auto upkeep = std::make_shared<Upkeep>();
    upkeep->db = std::move(m_db);
    QtConcurrent::run([upkeep, path = m_options.databasePath, retentionDays = m_options.retentionDays,
                       logRetentionDays = m_options.logRetentionDays] {
        history::Database& db = *upkeep->db;
        if (db.migratedFrom()) {
            // A Veil without audit anchors wrote this file: its log's head as it is now becomes the anchor.
            (void)audit::AuditLog(db).adoptAnchor();
        }
        if (auto flushed = policy::PolicyAuditSpool(policy::PolicyAuditSpool::pathFor(path)).flush(db); !flushed) {
            upkeep->spoolStatus = flushed.error();
        }
        if (retentionDays) {
            auto purged = HistoryMaintenance(db).applyRetention(*retentionDays);
            if (purged) {
                upkeep->purged = purged.value();
            } else {
                upkeep->retentionStatus = purged.error();
            }
        }
        if (logRetentionDays && upkeep->retentionStatus) {
            auto pruned = HistoryMaintenance(db).applyLogRetention(*logRetentionDays);
            if (pruned) {
                upkeep->auditPruned = pruned.value();
            } else {
                upkeep->retentionStatus = pruned.error();
            }
        }
    }).then(this, [this, upkeep] {
        if (isFinished()) {
            return; // aborted meanwhile: the database closes with `upkeep`
        }
        m_db = std::move(upkeep->db);
        m_purged = upkeep->purged;
        m_retentionStatus = upkeep->retentionStatus;
        m_spoolStatus = upkeep->spoolStatus;
        m_auditPruned = upkeep->auditPruned;
        removeStaleKeys(m_mode == Mode::Passphrase);
    });
}

} // namespace veil::chat
