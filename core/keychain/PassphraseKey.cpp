#include "keychain/PassphraseKey.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QThreadPool>

#include <sodium.h>

#include <cerrno>
#include <fcntl.h>
#include <limits>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace veil::keychain {

namespace {

constexpr auto kAlgorithmName = "argon2id13";
constexpr std::size_t kMaxMemLimit = std::size_t(4) << 30;

void ensureSodium()
{
    if (sodium_init() < 0) {
        qFatal("libsodium could not be initialised");
    }
}

bool writeAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, std::size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += n;
    }
    return true;
}

} // namespace

unsigned long long PassphraseKey::defaultOpsLimit()
{
    return crypto_pwhash_OPSLIMIT_MODERATE;
}

std::size_t PassphraseKey::defaultMemLimit()
{
    return crypto_pwhash_MEMLIMIT_MODERATE;
}

PassphraseParams PassphraseKey::generate(unsigned long long opsLimit, std::size_t memLimit)
{
    ensureSodium();
    PassphraseParams params;
    params.salt.resize(crypto_pwhash_SALTBYTES);
    randombytes_buf(params.salt.data(), std::size_t(params.salt.size()));
    params.opsLimit = opsLimit;
    params.memLimit = memLimit;
    return params;
}

QString PassphraseKey::paramsPathFor(const QString& databasePath)
{
    return databasePath + QStringLiteral(".kdf");
}

Status PassphraseKey::save(const PassphraseParams& params, const QString& path)
{
    QJsonObject json;
    json.insert(QStringLiteral("version"), 1);
    json.insert(QStringLiteral("algorithm"), QLatin1String(kAlgorithmName));
    json.insert(QStringLiteral("opslimit"), QString::number(params.opsLimit));
    json.insert(QStringLiteral("memlimit"), QString::number(params.memLimit));
    json.insert(QStringLiteral("salt"), QString::fromLatin1(params.salt.toBase64()));
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);

    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp";
    const auto failed = [&path] {
        return Status::failure(Error::Code::Unavailable,
                               QObject::tr("The passphrase parameters could not be written to %1.").arg(path));
    };
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return failed();
    }
    const bool written = ::fchmod(fd, 0600) == 0 && writeAll(fd, bytes) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written || ::rename(temp.constData(), target.constData()) != 0) {
        ::unlink(temp.constData());
        return failed();
    }
    return {};
}

Result<PassphraseParams> PassphraseKey::load(const QString& path)
{
    QFile file(path);
    if (!file.exists()) {
        return Result<PassphraseParams>::failure(
            Error::Code::NotFound, QObject::tr("The passphrase parameters file %1 is missing.").arg(path));
    }
    if (!file.open(QIODevice::ReadOnly) || file.size() > 4096) {
        return Result<PassphraseParams>::failure(
            Error::Code::Unavailable, QObject::tr("The passphrase parameters file %1 cannot be read.").arg(path));
    }
    const auto invalid = [&path] {
        return Result<PassphraseParams>::failure(
            Error::Code::InvalidInput, QObject::tr("The passphrase parameters file %1 is damaged.").arg(path));
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return invalid();
    }
    const QJsonObject json = document.object();
    if (json.value(QStringLiteral("version")).toInt() != 1
        || json.value(QStringLiteral("algorithm")).toString() != QLatin1String(kAlgorithmName)) {
        return invalid();
    }
    bool opsOk = false;
    bool memOk = false;
    PassphraseParams params;
    params.opsLimit = json.value(QStringLiteral("opslimit")).toString().toULongLong(&opsOk);
    const qulonglong mem = json.value(QStringLiteral("memlimit")).toString().toULongLong(&memOk);
    params.salt = QByteArray::fromBase64(json.value(QStringLiteral("salt")).toString().toLatin1(),
                                         QByteArray::AbortOnBase64DecodingErrors);
    if (!opsOk || !memOk || params.salt.size() != qsizetype(crypto_pwhash_SALTBYTES)
        || params.opsLimit < crypto_pwhash_OPSLIMIT_MIN || params.opsLimit > crypto_pwhash_OPSLIMIT_MAX
        || mem < crypto_pwhash_MEMLIMIT_MIN || mem > kMaxMemLimit) {
        return invalid();
    }
    params.memLimit = std::size_t(mem);
    return params;
}

Result<SecureBytes> PassphraseKey::derive(const SecureBytes& passphrase, const PassphraseParams& params)
{
    ensureSodium();
    if (params.salt.size() != qsizetype(crypto_pwhash_SALTBYTES)) {
        return Result<SecureBytes>::failure(Error::Code::InvalidInput,
                                            QObject::tr("The passphrase parameters have a salt of the wrong size."));
    }
    if (passphrase.isEmpty()) {
        return Result<SecureBytes>::failure(Error::Code::InvalidInput, QObject::tr("The passphrase is empty."));
    }
    SecureBytes key(kKeyBytes);
    const int rc = crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char*>(passphrase.data()),
                                 passphrase.size(), reinterpret_cast<const unsigned char*>(params.salt.constData()),
                                 params.opsLimit, params.memLimit, crypto_pwhash_ALG_ARGON2ID13);
    if (rc != 0) {
        return Result<SecureBytes>::failure(
            Error::Code::Capacity, QObject::tr("There is not enough memory to derive the key from the passphrase."));
    }
    return key;
}

/// Shared between the job and the worker, so either may go first. `job` is cleared (under the mutex) when the
/// job is destroyed; the worker posts its result only while holding the mutex and seeing a live job, and Qt
/// drops events posted to an object that is deleted before they are delivered.
struct DeriveKeyJob::Work
{
    std::mutex mutex;
    DeriveKeyJob* job = nullptr;
    SecureBytes passphrase;
    PassphraseParams params;
};

DeriveKeyJob::DeriveKeyJob(SecureBytes passphrase, PassphraseParams params, QObject* parent)
    : Job(parent)
    , m_work(std::make_shared<Work>())
{
    m_work->job = this;
    m_work->passphrase = std::move(passphrase);
    m_work->params = std::move(params);
}

DeriveKeyJob::~DeriveKeyJob()
{
    const std::lock_guard lock(m_work->mutex);
    m_work->job = nullptr;
    m_work->passphrase.clear();
}

void DeriveKeyJob::run()
{
    std::shared_ptr<Work> work = m_work;
    QThreadPool::globalInstance()->start([work] {
        SecureBytes passphrase;
        PassphraseParams params;
        {
            const std::lock_guard lock(work->mutex);
            if (!work->job) {
                return;
            }
            passphrase = std::move(work->passphrase);
            params = work->params;
        }
        auto result = std::make_shared<Result<SecureBytes>>(PassphraseKey::derive(passphrase, params));
        passphrase.clear();
        const std::lock_guard lock(work->mutex);
        DeriveKeyJob* job = work->job;
        if (!job) {
            return; // the key is wiped with `result`
        }
        QMetaObject::invokeMethod(
            job,
            [job, result] {
                if (job->isFinished()) {
                    return; // aborted
                }
                if (!*result) {
                    job->fail(result->error());
                    return;
                }
                job->m_key = std::move(result->value());
                job->succeed();
            },
            Qt::QueuedConnection);
    });
}

} // namespace veil::keychain
