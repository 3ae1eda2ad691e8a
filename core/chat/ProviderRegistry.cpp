#include "chat/ProviderRegistry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <cstdio>
#include <unistd.h>

namespace veil::chat {

using providers::ProviderConfig;
using providers::ProviderKind;

namespace {

constexpr qint64 kMaxFileBytes = 1 << 20;

QJsonObject toJson(const ProviderConfig& config)
{
    QJsonObject object;
    object.insert(QStringLiteral("id"), config.id);
    object.insert(QStringLiteral("kind"), providers::toString(config.kind));
    object.insert(QStringLiteral("base_url"), config.baseUrl.toString());
    object.insert(QStringLiteral("models"), QJsonArray::fromStringList(config.models));
    return object;
}

} // namespace

QString ProviderRegistry::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QStringLiteral("/veil/providers.json");
}

ProviderConfig ProviderRegistry::inspector()
{
    ProviderConfig config;
    config.id = QString::fromLatin1(kInspectorId);
    config.kind = ProviderKind::Inspector;
    config.models = {QStringLiteral("inspector")};
    return config;
}

ProviderRegistry::ProviderRegistry(QString path)
    : m_path(std::move(path))
{
}

Status ProviderRegistry::validate(const ProviderConfig& config)
{
    static const QRegularExpression idPattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!idPattern.match(config.id).hasMatch()) {
        return Status::failure(
            Error::Code::InvalidInput,
            QStringLiteral("A provider id is 1 to 64 letters, digits, dots, underscores or dashes."));
    }
    if (config.id == QLatin1String(kInspectorId) || config.kind == ProviderKind::Inspector) {
        return Status::failure(Error::Code::InvalidInput,
                               QStringLiteral("The inspector provider is built in and cannot be configured."));
    }
    if (!config.baseUrl.isValid() || config.baseUrl.isRelative()) {
        return Status::failure(Error::Code::InvalidInput,
                               QStringLiteral("Provider %1 needs an absolute base URL.").arg(config.id));
    }
    for (const QString& model : config.models) {
        if (model.trimmed().isEmpty()) {
            return Status::failure(Error::Code::InvalidInput, QStringLiteral("A model name cannot be empty."));
        }
    }
    const auto endpoint = providers::chatEndpoint(config);
    if (!endpoint) {
        return Status(endpoint.error());
    }
    return {};
}

Status ProviderRegistry::load()
{
    m_providers.clear();
    QFile file(m_path);
    if (!file.exists()) {
        return {};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return Status::failure(Error::Code::Unavailable,
                               QStringLiteral("%1 cannot be read: %2.").arg(m_path, file.errorString()));
    }
    if (file.size() > kMaxFileBytes) {
        return Status::failure(Error::Code::Capacity, QStringLiteral("%1 is too large.").arg(m_path));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        return Status::failure(Error::Code::InvalidInput,
                               QStringLiteral("%1 is not a JSON object (%2).").arg(m_path, parseError.errorString()));
    }
    const QJsonArray list = document.object().value(QStringLiteral("providers")).toArray();
    for (const QJsonValue& value : list) {
        const QJsonObject object = value.toObject();
        ProviderConfig config;
        config.id = object.value(QStringLiteral("id")).toString();
        const auto kind = providers::providerKindFromString(object.value(QStringLiteral("kind")).toString());
        if (!kind) {
            return Status::failure(Error::Code::InvalidInput,
                                   QStringLiteral("%1: provider %2 has an unknown kind.").arg(m_path, config.id));
        }
        config.kind = *kind;
        config.baseUrl = QUrl(object.value(QStringLiteral("base_url")).toString(), QUrl::StrictMode);
        for (const QJsonValue& model : object.value(QStringLiteral("models")).toArray()) {
            config.models << model.toString();
        }
        if (const Status valid = validate(config); !valid) {
            return Status::failure(Error::Code::InvalidInput, m_path + QStringLiteral(": ") + valid.error().message);
        }
        m_providers.push_back(std::move(config));
    }
    return {};
}

Status ProviderRegistry::add(const ProviderConfig& config)
{
    if (const Status valid = validate(config); !valid) {
        return valid;
    }
    const auto existing = std::find_if(m_providers.begin(), m_providers.end(),
                                       [&](const ProviderConfig& c) { return c.id == config.id; });
    if (existing != m_providers.end()) {
        *existing = config;
    } else {
        m_providers.push_back(config);
    }
    return save();
}

Status ProviderRegistry::remove(const QString& id)
{
    if (id == QLatin1String(kInspectorId)) {
        return Status::failure(Error::Code::Denied, QStringLiteral("The inspector provider is built in."));
    }
    const auto existing
        = std::find_if(m_providers.begin(), m_providers.end(), [&](const ProviderConfig& c) { return c.id == id; });
    if (existing == m_providers.end()) {
        return Status::failure(Error::Code::NotFound, QStringLiteral("There is no provider %1.").arg(id));
    }
    m_providers.erase(existing);
    return save();
}

std::vector<ProviderConfig> ProviderRegistry::all() const
{
    std::vector<ProviderConfig> result{inspector()};
    result.insert(result.end(), m_providers.begin(), m_providers.end());
    return result;
}

std::optional<ProviderConfig> ProviderRegistry::find(const QString& id) const
{
    if (id == QLatin1String(kInspectorId)) {
        return inspector();
    }
    for (const ProviderConfig& config : m_providers) {
        if (config.id == id) {
            return config;
        }
    }
    return std::nullopt;
}

std::optional<ProviderConfig> ProviderRegistry::defaultProvider() const
{
    if (m_providers.empty()) {
        return inspector();
    }
    if (m_providers.size() == 1) {
        return m_providers.front();
    }
    return std::nullopt;
}

Status ProviderRegistry::save() const
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Status::failure(Error::Code::Unavailable,
                               QStringLiteral("The folder %1 cannot be created.").arg(info.absolutePath()));
    }
    QJsonArray list;
    for (const ProviderConfig& config : m_providers) {
        list.append(toJson(config));
    }
    QJsonObject root;
    root.insert(QStringLiteral("providers"), list);
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);

    // QTemporaryFile creates its file with mode 0600 in the target's folder, so the rename is atomic.
    QTemporaryFile temp(info.absolutePath() + QStringLiteral("/.providers.json.XXXXXX"));
    if (!temp.open()) {
        return Status::failure(Error::Code::Unavailable,
                               QStringLiteral("A temporary file cannot be created in %1.").arg(info.absolutePath()));
    }
    temp.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (temp.write(bytes) != bytes.size() || !temp.flush() || ::fsync(temp.handle()) != 0) {
        return Status::failure(Error::Code::Unavailable, QStringLiteral("%1 cannot be written.").arg(m_path));
    }
    const QByteArray from = QFile::encodeName(temp.fileName());
    const QByteArray to = QFile::encodeName(info.absoluteFilePath());
    if (std::rename(from.constData(), to.constData()) != 0) {
        return Status::failure(Error::Code::Unavailable, QStringLiteral("%1 cannot be replaced.").arg(m_path));
    }
    temp.setAutoRemove(false);
    return {};
}

} // namespace veil::chat
