#include "chat/RekeyHistoryJob.h"

#include "history/Database.h"
#include "keychain/SecretStore.h"

#include <QFile>
#include <QFileInfo>

#include <sodium.h>

#include <cerrno>
#include <span>
#include <sys/stat.h>

namespace veil::chat {

using keychain::PassphraseKey;
using keychain::PassphraseParams;
using keychain::SecretKind;
using keychain::SecureBytes;

namespace {

std::span<const unsigned char, history::Database::kKeyBytes> keySpan(const SecureBytes& key)
{
    return std::span<const unsigned char, history::Database::kKeyBytes>(key.data(), history::Database::kKeyBytes);
}

/// Creates the missing folders of `folder`, each with mode 0700 (as Database::open() does).
Status makePrivateFolder(const QString& folder)
{
    if (QFileInfo(folder).isDir()) {
        return {};
    }
    const QString parent = QFileInfo(folder).absolutePath();
    if (parent != folder) {
        if (Status made = makePrivateFolder(parent); !made) {
            return made;
        }
    }
    if (::mkdir(QFile::encodeName(folder).constData(), 0700) != 0 && errno != EEXIST) {
        return Status::failure(Error::Code::Unavailable,
                               QStringLiteral("The folder %1 cannot be created.").arg(folder));
    }
    return {};
}

} // namespace

RekeyHistoryJob::RekeyHistoryJob(keychain::SecretStore& secrets, Options options, QObject* parent)
    : Job(parent)
    , m_secrets(secrets)
    , m_options(std::move(options))
{
    m_options.databasePath = QFileInfo(m_options.databasePath).absoluteFilePath();
}

RekeyHistoryJob::~RekeyHistoryJob() = default;

void RekeyHistoryJob::cancel()
{
    // Aborting between steps is as safe as a crash there (see the header); the open database closes with us.
    if (m_pendingJob) {
        m_pendingJob->disconnect(this);
        m_pendingJob->abort();
    }
}

void RekeyHistoryJob::removeItem(const QString& name, std::function<void()> then)
{
    auto* job = m_secrets.remove(SecretKind::DbKey, name).release();
    job->setParent(this);
    m_pendingJob = job;
    connect(job, &Job::finished, this, [this, job, then] {
        job->deleteLater();
        if (!job->ok() && job->secretError() != keychain::SecretError::NotFound) {
            // Best effort failed (keychain locked or gone): the next successful open removes the item.
            QFile marker(OpenHistoryJob::staleKeysMarkerFor(m_options.databasePath));
            if (marker.open(QIODevice::WriteOnly)) {
                marker.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            }
        }
        then();
    });
    job->start();
}

void RekeyHistoryJob::run()
{
    if (m_options.target == Target::Passphrase && (!m_options.newPassphrase || m_options.newPassphrase->isEmpty())) {
        fail(Error{Error::Code::InvalidInput, QStringLiteral("No new passphrase was given.")});
        return;
    }
    OpenHistoryJob::Options open;
    open.databasePath = m_options.databasePath;
    open.askPassphrase = m_options.askPassphrase;
    auto* job = new OpenHistoryJob(m_secrets, std::move(open), this);
    m_pendingJob = job;
    connect(job, &Job::finished, this, [this, job] {
        job->deleteLater();
        if (!job->ok()) {
            if (job->noHistory() && m_options.target == Target::Passphrase) {
                toPassphrase(true);
                return;
            }
            fail(job->error());
            return;
        }
        m_previousMode = job->mode();
        m_db = job->takeDatabase();
        if (Status locked = m_db->lockExclusively(); !locked) {
            m_db.reset();
            if (locked.error().code == Error::Code::Unavailable) {
                fail(Error{Error::Code::Unavailable,
                           QStringLiteral("The history database is open in another Veil process; close it and try "
                                          "again (nothing was changed).")});
            } else {
                fail(locked.error());
            }
            return;
        }
        if (m_options.target == Target::Keychain) {
            toKeychain();
        } else {
            toPassphrase(false);
        }
    });
    job->start();
}

Status RekeyHistoryJob::rekey()
{
    const Status rekeyed = m_db->rekey(keySpan(m_newKey));
    m_newKey.clear();
    m_db.reset(); // closes the file: from here on only the key's means change
    if (!rekeyed) {
        return Status::failure(rekeyed.error().code,
                               QStringLiteral("The history database cannot be rekeyed (%1); it still uses its old key.")
                                   .arg(rekeyed.error().message));
    }
    return {};
}

void RekeyHistoryJob::toKeychain()
{
    const QString pendingName = OpenHistoryJob::pendingKeyName(m_options.databasePath);
    m_newKey = SecureBytes(history::Database::kKeyBytes);
    randombytes_buf(m_newKey.data(), m_newKey.size());
    SecureBytes mainCopy = SecureBytes::copyOf(m_newKey.view());
    auto* store
        = m_secrets.write(SecretKind::DbKey, pendingName, QString(), SecureBytes::copyOf(m_newKey.view())).release();
    store->setParent(this);
    m_pendingJob = store;
    auto mainKey = std::make_shared<SecureBytes>(std::move(mainCopy));
    connect(store, &Job::finished, this, [this, store, pendingName, mainKey] {
        store->deleteLater();
        if (!store->ok()) {
            m_newKey.clear();
            Error error = OpenHistoryJob::keychainError(*store, QStringLiteral("stored in the keychain"));
            error.message += QStringLiteral(" The database still uses its old key.");
            fail(error);
            return;
        }
        if (Status rekeyed = rekey(); !rekeyed) {
            // The pending item is stale now; remove it, then report.
            removeItem(pendingName, [this, rekeyed] { fail(rekeyed.error()); });
            return;
        }
        auto* main
            = m_secrets.write(SecretKind::DbKey, m_options.databasePath, QString(), std::move(*mainKey)).release();
        main->setParent(this);
        m_pendingJob = main;
        connect(main, &Job::finished, this, [this, main, pendingName] {
            main->deleteLater();
            if (!main->ok()) {
                Error error = OpenHistoryJob::keychainError(*main, QStringLiteral("stored in the keychain"));
                fail(Error{error.code,
                           QStringLiteral("The history database uses its new key, but it could not be stored as the "
                                          "main key (%1); it is kept as the pending key, and the next open finishes "
                                          "the switch.")
                               .arg(error.message)});
                return;
            }
            // Keychain mode from here on: the passphrase parameters go (durably) before the pending item.
            removeDurably(PassphraseKey::paramsPathFor(m_options.databasePath));
            removeDurably(OpenHistoryJob::pendingParamsPathFor(m_options.databasePath));
            removeItem(pendingName, [this] { succeed(); });
        });
        main->start();
    });
    store->start();
}

void RekeyHistoryJob::toPassphrase(bool create)
{
    const PassphraseParams params = PassphraseKey::generate(m_options.opsLimit, m_options.memLimit);
    auto* derive = new keychain::DeriveKeyJob(SecureBytes::copyOf(m_options.newPassphrase->view()), params, this);
    m_pendingJob = derive;
    connect(derive, &Job::finished, this, [this, derive, params, create] {
        derive->deleteLater();
        if (!derive->ok()) {
            fail(derive->error());
            return;
        }
        m_newKey = derive->takeKey();
        const QString paramsPath = PassphraseKey::paramsPathFor(m_options.databasePath);
        if (create) {
            // No database yet: the parameters first, then the file made with the derived key.
            if (Status made = makePrivateFolder(QFileInfo(paramsPath).absolutePath()); !made) {
                m_newKey.clear();
                fail(made.error());
                return;
            }
            if (Status saved = PassphraseKey::save(params, paramsPath); !saved) {
                m_newKey.clear();
                fail(saved.error());
                return;
            }
            auto db = history::Database::open(m_options.databasePath, keySpan(m_newKey));
            m_newKey.clear();
            if (!db) {
                fail(db.error());
                return;
            }
            m_previousMode = OpenHistoryJob::Mode::Passphrase;
            succeed();
            return;
        }
        const QString pendingPath = OpenHistoryJob::pendingParamsPathFor(m_options.databasePath);
        if (Status saved = PassphraseKey::save(params, pendingPath); !saved) {
            m_newKey.clear();
            m_db.reset();
            fail(Error{saved.error().code,
                       QStringLiteral("The new passphrase parameters cannot be written (%1); "
                                      "the database still uses its old key.")
                           .arg(saved.error().message)});
            return;
        }
        if (Status rekeyed = rekey(); !rekeyed) {
            removeDurably(pendingPath);
            fail(rekeyed.error());
            return;
        }
        if (Status renamed = renameDurably(pendingPath, paramsPath); !renamed) {
            fail(Error{renamed.error().code,
                       QStringLiteral("The history database uses the new passphrase, but its parameters could not be "
                                      "put in place (%1); the next open finishes the switch.")
                           .arg(renamed.error().message)});
            return;
        }
        if (m_previousMode != OpenHistoryJob::Mode::Keychain) {
            succeed();
            return;
        }
        // The keychain's copies open nothing any more; remove them (best effort: the keychain may be gone).
        removeItem(m_options.databasePath, [this] {
            removeItem(OpenHistoryJob::pendingKeyName(m_options.databasePath), [this] { succeed(); });
        });
    });
    derive->start();
}

} // namespace veil::chat
