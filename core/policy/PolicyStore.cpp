#include "policy/PolicyStore.h"
#include "common/Logging.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace veil::policy {
namespace {

Error ioError(const QString& what)
{
    return Error{Error::Code::Internal, what};
}

bool ensureDir(const QString& path)
{
    if (!QDir().mkpath(path)) {
        return false;
    }
    return ::chmod(QFile::encodeName(path).constData(), 0700) == 0;
}

QByteArray readAll(const QString& path, bool* ok)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *ok = false;
        return {};
    }
    *ok = true;
    return file.read(PolicyBundle::kMaxBytes + 1);
}

} // namespace

Status writeFileAtomically(const QString& path, const QByteArray& bytes)
{
    const QByteArray target = QFile::encodeName(path);
    // A name of its own, so that two processes replacing the same file never write into one temporary file.
    const QByteArray temporary = target + ".tmp-" + QByteArray::number(qint64(::getpid())) + '-'
        + QByteArray::number(quint64(QRandomGenerator::global()->generate64()), 36);
    const int fd = ::open(temporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return Status::failure(
            Error::Code::Internal,
            QStringLiteral("%1 cannot be written: %2.").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            ::unlink(temporary.constData());
            if (saved == ENOSPC || saved == EDQUOT) {
                return Status::failure(Error::Code::Capacity,
                                       QStringLiteral("The disk is full: %1 cannot be written.").arg(path));
            }
            return Status::failure(
                Error::Code::Internal,
                QStringLiteral("%1 cannot be written: %2.").arg(path, QString::fromLocal8Bit(std::strerror(saved))));
        }
        written += n;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(temporary.constData());
        return Status::failure(Error::Code::Internal, QStringLiteral("%1 cannot be flushed to disk.").arg(path));
    }
    if (::rename(temporary.constData(), target.constData()) != 0) {
        ::unlink(temporary.constData());
        return Status::failure(Error::Code::Internal, QStringLiteral("%1 cannot be replaced.").arg(path));
    }
    const QByteArray folder = QFile::encodeName(QFileInfo(path).absolutePath());
    const int dirFd = ::open(folder.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

PolicyStore::PolicyStore(QString cacheDir, QString stateDir)
    : m_cacheDir(std::move(cacheDir))
    , m_stateDir(std::move(stateDir))
{
}

PolicyStore PolicyStore::atDefaultLocation()
{
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return PolicyStore(cache + QStringLiteral("/veil/policy"), data + QStringLiteral("/veil/policy-state"));
}

HighWaterMark PolicyStore::highWaterMark() const
{
    bool ok = false;
    const QByteArray bytes = readAll(m_stateDir + QStringLiteral("/highwater.json"), &ok);
    const QJsonObject object = QJsonDocument::fromJson(bytes).object();
    HighWaterMark mark;
    mark.version = object.value(QStringLiteral("version")).toInteger(0);
    mark.digest = object.value(QStringLiteral("digest")).toString().toLatin1();
    return mark;
}

Result<std::optional<StoredBundle>> PolicyStore::active() const
{
    bool haveBundle = false;
    bool haveSignature = false;
    bool haveMeta = false;
    const QByteArray json = readAll(m_cacheDir + QStringLiteral("/policy.json"), &haveBundle);
    const QByteArray signature = readAll(m_cacheDir + QStringLiteral("/policy.json.minisig"), &haveSignature);
    const QByteArray meta = readAll(m_cacheDir + QStringLiteral("/meta.json"), &haveMeta);
    if (!haveBundle && !haveSignature && !haveMeta) {
        return std::optional<StoredBundle>();
    }
    if (!haveBundle || !haveSignature || !haveMeta) {
        return ioError(QStringLiteral("The cached policy in %1 is incomplete.").arg(m_cacheDir));
    }
    auto bundle = PolicyBundle::parse(json);
    if (!bundle) {
        return bundle.error();
    }
    const QJsonObject m = QJsonDocument::fromJson(meta).object();
    StoredBundle stored{bundle.value(), signature, {}};
    stored.info.etag = m.value(QStringLiteral("etag")).toString().toLatin1();
    stored.info.source = QUrl(m.value(QStringLiteral("source")).toString());
    stored.info.keyIdHex = m.value(QStringLiteral("key_id")).toString();
    stored.info.fetchedAt = QDateTime::fromString(m.value(QStringLiteral("fetched_at")).toString(), Qt::ISODate);
    stored.info.checkedAt = QDateTime::fromString(m.value(QStringLiteral("checked_at")).toString(), Qt::ISODate);
    return std::optional<StoredBundle>(stored);
}

Status PolicyStore::activate(const Verdict& verdict, const QByteArray& signature, const ActiveBundleInfo& info)
{
    if (!ensureDir(m_cacheDir) || !ensureDir(m_stateDir)) {
        return Status::failure(Error::Code::Internal, QStringLiteral("The policy folders cannot be created."));
    }
    qCInfo(lcPolicy) << "activating policy bundle version" << verdict.bundle.version;
    QJsonObject meta;
    meta.insert(QStringLiteral("etag"), QString::fromLatin1(info.etag));
    meta.insert(QStringLiteral("source"), info.source.toString());
    meta.insert(QStringLiteral("key_id"), info.keyIdHex);
    meta.insert(QStringLiteral("fetched_at"), info.fetchedAt.toUTC().toString(Qt::ISODate));
    meta.insert(QStringLiteral("checked_at"), info.checkedAt.toUTC().toString(Qt::ISODate));
    meta.insert(QStringLiteral("version"), verdict.bundle.version);
    // The high-water mark first: if the cache write fails half-way, the old bundle is refused from then on
    // anyway, which fails closed rather than open.
    QJsonObject mark;
    mark.insert(QStringLiteral("version"), verdict.bundle.version);
    mark.insert(QStringLiteral("digest"), QString::fromLatin1(verdict.bundle.digest));
    const std::pair<QString, QByteArray> files[] = {
        {m_stateDir + QStringLiteral("/highwater.json"), QJsonDocument(mark).toJson(QJsonDocument::Compact)},
        {m_cacheDir + QStringLiteral("/policy.json.minisig"), signature},
        {m_cacheDir + QStringLiteral("/policy.json"), verdict.bundle.bytes},
        {m_cacheDir + QStringLiteral("/meta.json"), QJsonDocument(meta).toJson(QJsonDocument::Compact)},
    };
    for (const auto& [path, bytes] : files) {
        if (Status written = writeFileAtomically(path, bytes); !written) {
            return written;
        }
    }
    return {};
}

Status PolicyStore::touch(const QDateTime& checkedAt)
{
    bool ok = false;
    const QByteArray meta = readAll(m_cacheDir + QStringLiteral("/meta.json"), &ok);
    if (!ok) {
        return Status::failure(Error::Code::NotFound, QStringLiteral("No policy is active."));
    }
    QJsonObject m = QJsonDocument::fromJson(meta).object();
    m.insert(QStringLiteral("checked_at"), checkedAt.toUTC().toString(Qt::ISODate));
    return writeFileAtomically(m_cacheDir + QStringLiteral("/meta.json"),
                               QJsonDocument(m).toJson(QJsonDocument::Compact));
}

} // namespace veil::policy
