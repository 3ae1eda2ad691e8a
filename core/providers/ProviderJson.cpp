#include "providers/ProviderJson.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace veil::providers::json {
namespace {

constexpr qsizetype kMaxProviderMessage = 300;

} // namespace

std::optional<QJsonObject> parseObject(std::string_view bytes)
{
    QJsonParseError error;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size())), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return std::nullopt;
    }
    return document.object();
}

std::string utf8(const QJsonValue& value)
{
    return value.isString() ? value.toString().toStdString() : std::string();
}

std::optional<std::int64_t> count(const QJsonValue& value)
{
    if (!value.isDouble()) {
        return std::nullopt;
    }
    return value.toInteger();
}

StreamError providerError(const QJsonValue& error)
{
    QString message;
    QString code;
    if (error.isString()) {
        message = error.toString();
    } else if (error.isObject()) {
        const QJsonObject object = error.toObject();
        message = object.value(QLatin1String("message")).toString();
        code = object.value(QLatin1String("code")).toString();
        if (code.isEmpty()) {
            code = object.value(QLatin1String("type")).toString();
        }
    }
    message = message.simplified();
    if (message.size() > kMaxProviderMessage) {
        message = message.left(kMaxProviderMessage - 1) + QChar(0x2026);
    }
    if (message.isEmpty()) {
        return {StreamError::Kind::Provider, QStringLiteral("The provider reported an error without a message."), code};
    }
    const QChar last = message.back();
    if (last != QLatin1Char('.') && last != QLatin1Char('!') && last != QLatin1Char('?')) {
        message += QLatin1Char('.');
    }
    return {StreamError::Kind::Provider, QStringLiteral("The provider reported an error: %1").arg(message), code};
}

StreamError malformed(const QString& what)
{
    return {StreamError::Kind::Protocol,
            QStringLiteral("The provider sent %1 that is not a valid JSON object.").arg(what),
            {}};
}

} // namespace veil::providers::json
