#include "keychain/SecretJob.h"

namespace veil::keychain {

QString kindName(SecretKind kind)
{
    switch (kind) {
    case SecretKind::ApiKey:
        return QStringLiteral("api-key");
    case SecretKind::DbKey:
        return QStringLiteral("db-key");
    case SecretKind::Context:
        return QStringLiteral("context");
    }
    return QString();
}

QString keyAttribute(SecretKind kind)
{
    return kind == SecretKind::ApiKey ? QStringLiteral("provider") : QStringLiteral("workspace");
}

QString itemLabel(SecretKind kind, const QString& key)
{
    switch (kind) {
    case SecretKind::ApiKey:
        return SecretJob::tr("Veil API key for %1").arg(key);
    case SecretKind::DbKey:
        return key.isEmpty() ? SecretJob::tr("Veil database key") : SecretJob::tr("Veil database key for %1").arg(key);
    case SecretKind::Context:
        return SecretJob::tr("Veil context for workspace %1").arg(key);
    }
    return QString();
}

Error::Code errorCode(SecretError error)
{
    switch (error) {
    case SecretError::None:
        break;
    case SecretError::NotFound:
        return Error::Code::NotFound;
    case SecretError::Locked:
        return Error::Code::Denied;
    case SecretError::NoBackend:
        return Error::Code::Unavailable;
    case SecretError::Cancelled:
        return Error::Code::Cancelled;
    case SecretError::Other:
        return Error::Code::Internal;
    }
    return Error::Code::Internal;
}

SecretJob::SecretJob(SecretKind kind, QString key, QObject* parent)
    : Job(parent)
    , m_kind(kind)
    , m_key(std::move(key))
{
}

SecretError SecretJob::secretError() const
{
    if (isFinished() && wasAborted()) {
        return SecretError::Cancelled;
    }
    return m_secretError;
}

void SecretJob::finishWith(SecretError error, const QString& message)
{
    if (isFinished()) {
        return;
    }
    if (error == SecretError::None) {
        succeed();
        return;
    }
    m_secretError = error;
    fail(Error{errorCode(error), message});
}

WriteSecretJob::WriteSecretJob(SecretKind kind, QString key, QString label, SecureBytes secret, QObject* parent)
    : SecretJob(kind, std::move(key), parent)
    , m_label(label.isEmpty() ? itemLabel(kind, this->key()) : std::move(label))
    , m_secret(std::move(secret))
{
    connect(this, &Job::finished, this, [this] { m_secret.clear(); });
}

} // namespace veil::keychain
